// Arrow helper for the Spark Connect end-to-end tests, built on apache-arrow (tests/node).
//
//   node arrow_tool.mjs decode FILE...   prints one JSON object per file:
//       {"fields": [{"name", "type", "nullable"}], "rows": [[...], ...], "batches": N}
//       (int64 values and timestamps as decimal strings, binary as hex)
//   node arrow_tool.mjs encode SPEC OUT  writes an Arrow IPC stream built from SPEC, a JSON file
//       {"columns": [{"name", "type": "int64"|"int32"|"float64"|"utf8"|"bool", "values": [...]}]}
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(path.join(here, '../../node/package.json'));
const arrow = require('apache-arrow');

function normal(v) {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex');
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  if (v && typeof v.toArray === 'function') return Array.from(v.toArray(), normal);
  return v;
}

function decode(file) {
  const bytes = readFileSync(file);
  const table = arrow.tableFromIPC(bytes);
  const batches = table.batches;
  const schema = table.schema;
  const fields = schema.fields.map((f) => ({ name: f.name, type: String(f.type), nullable: f.nullable }));
  const rows = [];
  for (const b of batches) {
    for (let i = 0; i < b.numRows; i++) {
      rows.push(schema.fields.map((_, c) => normal(b.getChildAt(c).get(i))));
    }
  }
  return { fields, rows, batches: batches.length };
}

function encode(specFile, out) {
  const spec = JSON.parse(readFileSync(specFile, 'utf8'));
  const types = {
    int64: () => new arrow.Int64(),
    int32: () => new arrow.Int32(),
    float64: () => new arrow.Float64(),
    utf8: () => new arrow.Utf8(),
    bool: () => new arrow.Bool(),
  };
  const vectors = {};
  for (const c of spec.columns) {
    const type = types[c.type]();
    const values = c.type === 'int64' ? c.values.map((v) => (v === null ? null : BigInt(v))) : c.values;
    vectors[c.name] = arrow.vectorFromArray(values, type);
  }
  const table = new arrow.Table(vectors);
  writeFileSync(out, arrow.tableToIPC(table, 'stream'));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'decode') {
  for (const f of args) process.stdout.write(JSON.stringify(decode(f)) + '\n');
} else if (mode === 'encode') {
  encode(args[0], args[1]);
} else {
  process.stderr.write('usage: arrow_tool.mjs decode FILE... | encode SPEC OUT\n');
  process.exit(2);
}
