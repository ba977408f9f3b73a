// Cross-checks Kindred's Arrow IPC streams against Apache Arrow's JavaScript implementation.
//
//   node tests/node/check_arrow.mjs <dir>
//
// 1. Decodes every kindred_*.arrows stream in <dir> with apache-arrow and writes what it saw to
//    <name>.decoded.json (schema as Arrow type strings, batch sizes, values in a normal form).
// 2. Writes node_*.arrows streams built with apache-arrow (tableToIPC(..., 'stream') or a
//    RecordBatchStreamWriter), each with <name>.expected.json holding its values in the same
//    normal form, for Kindred's reader to parse and compare.
// Normal form of a value: null; booleans; int8..int32 and floats as JSON numbers (NaN/Infinity
// as strings); int64 as a decimal string; strings as is; binary as lowercase hex; dates as days
// since the epoch; timestamps as microseconds since the epoch (string); decimals as the unscaled
// integer (string); lists as arrays.
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as arrow from 'apache-arrow';

const { DataType } = arrow;

function unitName(unit) {
  return ['s', 'ms', 'us', 'ns'][unit];
}

export function typeName(t) {
  if (DataType.isDictionary(t)) return `dictionary<${typeName(t.dictionary)}>`;
  if (DataType.isNull(t)) return 'null';
  if (DataType.isBool(t)) return 'bool';
  if (DataType.isInt(t)) return `${t.isSigned ? 'int' : 'uint'}${t.bitWidth}`;
  if (DataType.isFloat(t)) return ['float16', 'float32', 'float64'][t.precision];
  if (DataType.isUtf8(t)) return 'utf8';
  if (DataType.isLargeUtf8(t)) return 'large_utf8';
  if (DataType.isBinary(t)) return 'binary';
  if (DataType.isLargeBinary(t)) return 'large_binary';
  if (DataType.isDate(t)) return t.unit === arrow.DateUnit.DAY ? 'date32[day]' : 'date64[ms]';
  if (DataType.isTimestamp(t)) {
    return t.timezone ? `timestamp[${unitName(t.unit)}, ${t.timezone}]` : `timestamp[${unitName(t.unit)}]`;
  }
  if (DataType.isDecimal(t)) return `decimal${t.bitWidth}(${t.precision},${t.scale})`;
  if (DataType.isList(t)) return `list<${t.children[0].name}: ${typeName(t.children[0].type)}>`;
  if (DataType.isLargeList(t)) return `large_list<${t.children[0].name}: ${typeName(t.children[0].type)}>`;
  return `other:${t}`;
}

// The chunk of `vec` holding row `i`, and the row's index inside that chunk's buffers.
function locate(vec, i) {
  for (const d of vec.data) {
    if (i < d.length) return [d, d.offset + i];
    i -= d.length;
  }
  throw new Error('row out of range');
}

function floorDiv(a, b) {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

function int64At(values, k) {
  if (values instanceof BigInt64Array) return values[k];
  // Older layouts keep 64-bit values as pairs of 32-bit words.
  return (BigInt(values[2 * k + 1]) << 32n) | BigInt(values[2 * k] >>> 0);
}

function number(x) {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  return x;
}

function hex(bytes) {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

export function jsonValue(t, vec, i) {
  if (!vec.isValid(i)) return null;
  if (DataType.isNull(t)) return null;
  if (DataType.isTimestamp(t)) {
    const [d, k] = locate(vec, i);
    const raw = int64At(d.values, k);
    const micros = [raw * 1000000n, raw * 1000n, raw, floorDiv(raw, 1000n)][t.unit];
    return micros.toString();
  }
  if (DataType.isDate(t)) {
    const [d, k] = locate(vec, i);
    if (t.unit === arrow.DateUnit.DAY) return d.values[k];
    return Number(floorDiv(int64At(d.values, k), 86400000n));
  }
  if (DataType.isDecimal(t)) {
    const [d, k] = locate(vec, i);
    const words = t.bitWidth / 32;
    let v = 0n;
    for (let w = words - 1; w >= 0; --w) v = (v << 32n) | BigInt(d.values[k * words + w] >>> 0);
    if (v >= 1n << BigInt(t.bitWidth - 1)) v -= 1n << BigInt(t.bitWidth);
    return v.toString();
  }
  const v = vec.get(i);
  if (DataType.isList(t) || DataType.isLargeList(t)) {
    const ct = t.children[0].type;
    return Array.from({ length: v.length }, (_, j) => jsonValue(ct, v, j));
  }
  if (DataType.isInt(t) && t.bitWidth === 64) return BigInt(v).toString();
  if (DataType.isFloat(t)) return number(v);
  if (DataType.isBinary(t) || DataType.isLargeBinary(t)) return hex(v);
  return v;
}

export function describe(table) {
  return {
    schema: table.schema.fields.map((f) => ({ name: f.name, type: typeName(f.type), nullable: f.nullable })),
    num_rows: table.numRows,
    batch_rows: table.batches.map((b) => b.numRows),
    columns: table.schema.fields.map((f, c) => {
      const vec = table.getChildAt(c);
      return Array.from({ length: table.numRows }, (_, i) => jsonValue(f.type, vec, i));
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Streams written by apache-arrow for Kindred's reader.

function vec(values, type) {
  return arrow.vectorFromArray(values, type);
}

// A vector from raw typed-array values plus a list of null row indexes.
function rawVec(type, values, length, nullRows = []) {
  let nullBitmap;
  if (nullRows.length) {
    nullBitmap = new Uint8Array(Math.ceil(length / 8)).fill(0xff);
    for (const r of nullRows) nullBitmap[r >> 3] &= ~(1 << (r & 7));
  }
  return arrow.makeVector(arrow.makeData({ type, length, nullCount: nullRows.length, nullBitmap, data: values }));
}

function decimal128(values) {
  const out = new Uint32Array(values.length * 4);
  values.forEach((v, i) => {
    let x = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; ++w) {
      out[i * 4 + w] = Number(x & 0xffffffffn);
      x >>= 32n;
    }
  });
  return out;
}

function basicTable() {
  const n = 9;
  return new arrow.Table({
    i8: vec([1, -2, null, 127, -128, 0, 5, 6, 7], new arrow.Int8()),
    i16: vec([300, null, -300, 0, 1, 2, 3, 4, 32767], new arrow.Int16()),
    i32: vec([null, 2147483647, -2147483648, 0, 1, 2, 3, 4, 5], new arrow.Int32()),
    i64: vec([9007199254740993n, -1n, null, 0n, 1n, 2n, 3n, 4n, -9223372036854775808n], new arrow.Int64()),
    f32: vec([0.1, null, -1.5, 3.25, 0, 1e30, -0, 7, 8], new arrow.Float32()),
    f64: vec([0.1, -2.5e-300, null, 1 / 3, 0, 1e300, NaN, Infinity, -Infinity], new arrow.Float64()),
    s: vec(['a', '', null, 'héllo', 'x'.repeat(100), '', 'z', null, '日本'], new arrow.Utf8()),
    bin: vec([new Uint8Array([0, 255]), new Uint8Array([]), null, new Uint8Array([1]), null,
      new Uint8Array([2, 3]), new Uint8Array([]), new Uint8Array([4]), new Uint8Array([5])], new arrow.Binary()),
    b: vec([true, false, null, true, true, false, false, true, true], new arrow.Bool()),
    d: rawVec(new arrow.DateDay(), new Int32Array([0, -1, 18000, 0, 19000, 1, 2, 3, -719162]), n, [3]),
    ts: rawVec(new arrow.TimestampMicrosecond('UTC'),
      new BigInt64Array([0n, 1700000000123456n, -1n, 0n, 5n, 6n, 7n, 8n, 9n]), n, [3, 4]),
    dec: rawVec(new arrow.Decimal(2, 10, 128), decimal128([12345n, -1n, 0n, 99999999n, -12345n, 0n, 1n, 2n, 3n]), n, [5]),
    l: vec([[1, 2], [], null, [null, 4], [5], [], [6, 7, 8], [9], []], new arrow.List(new arrow.Field('item', new arrow.Int32(), true))),
    nul: rawVec(new arrow.Null(), undefined, n, []),
  });
}

function unitsTable() {
  const n = 5;
  return new arrow.Table({
    dms: rawVec(new arrow.DateMillisecond(), new BigInt64Array([0n, 86400000n, -86400000n, 1555000000000n, -1n]), n, [2]),
    ts_s: rawVec(new arrow.TimestampSecond(), new BigInt64Array([0n, 1n, -1n, 1700000000n, 3n]), n),
    ts_ms: rawVec(new arrow.TimestampMillisecond('America/New_York'), new BigInt64Array([0n, 1n, -1n, 1700000000123n, 3n]), n, [4]),
    ts_ns: rawVec(new arrow.TimestampNanosecond(), new BigInt64Array([0n, 1999n, -1n, 1700000000123456789n, -1001n]), n),
    ls: vec(['a', null, '', 'long '.repeat(20), 'b'], new arrow.LargeUtf8()),
    lb: vec([new Uint8Array([1, 2]), null, new Uint8Array([]), new Uint8Array([255]), new Uint8Array([0])], new arrow.LargeBinary()),
    ll: vec([['x'], null, [], ['y', null, 'z'], ['']], new arrow.LargeList(new arrow.Field('item', new arrow.Utf8(), true))),
  });
}

function bigTable(n, seed) {
  const ids = new Array(n), xs = new Array(n), ss = new Array(n), bs = new Array(n);
  for (let i = 0; i < n; ++i) {
    const r = i + seed;
    ids[i] = r % 11 === 5 ? null : BigInt(r) * 1000003n - 7n;
    xs[i] = r % 13 === 2 ? null : r / 8;
    ss[i] = r % 17 === 3 ? null : `name-${r % 1000}`;
    bs[i] = r % 19 === 4 ? null : r % 3 === 0;
  }
  return new arrow.Table({
    id: vec(ids, new arrow.Int64()),
    x: vec(xs, new arrow.Float64()),
    s: vec(ss, new arrow.Utf8()),
    b: vec(bs, new arrow.Bool()),
  });
}

function writeStream(dir, name, batches) {
  // Several record batches in one stream, through the incremental writer.
  const writer = new arrow.RecordBatchStreamWriter();
  for (const t of batches) for (const b of t.batches) writer.write(b);
  writer.finish();
  const bytes = writer.toUint8Array(true);
  writeFileSync(path.join(dir, `${name}.arrows`), bytes);
  writeFileSync(path.join(dir, `${name}.expected.json`), JSON.stringify(describe(arrow.tableFromIPC(bytes))));
}

function writeTable(dir, name, table) {
  const bytes = arrow.tableToIPC(table, 'stream');
  writeFileSync(path.join(dir, `${name}.arrows`), bytes);
  writeFileSync(path.join(dir, `${name}.expected.json`), JSON.stringify(describe(table)));
}

function main() {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node check_arrow.mjs <dir>');
    process.exit(2);
  }
  let decoded = 0;
  for (const f of readdirSync(dir).sort()) {
    if (!f.startsWith('kindred_') || !f.endsWith('.arrows')) continue;
    const bytes = readFileSync(path.join(dir, f));
    const desc = describe(arrow.tableFromIPC(bytes));
    // apache-arrow hands out a placeholder batch for a batch-less stream; count only the
    // record batches actually sent.
    desc.batch_rows = [...arrow.RecordBatchReader.from(bytes)]
      .filter((b) => b.constructor.name !== '_InternalEmptyPlaceholderRecordBatch')
      .map((b) => b.numRows);
    writeFileSync(path.join(dir, f.replace(/\.arrows$/, '.decoded.json')), JSON.stringify(desc));
    ++decoded;
  }
  writeTable(dir, 'node_basic', basicTable());
  writeTable(dir, 'node_units', unitsTable());
  writeStream(dir, 'node_batches', [basicTable(), basicTable().slice(0, 0), basicTable().slice(2, 7)]);
  writeTable(dir, 'node_big', bigTable(100000, 0));
  writeTable(dir, 'node_uint', new arrow.Table({ u: vec([1, 2, null], new arrow.Uint32()) }));
  writeTable(dir, 'node_dict', new arrow.Table({ d: vec(['a', 'b', 'a'], new arrow.Dictionary(new arrow.Utf8(), new arrow.Int32())) }));
  writeTable(dir, 'node_struct', new arrow.Table({
    st: vec([{ a: 1 }, { a: 2 }], new arrow.Struct([new arrow.Field('a', new arrow.Int32(), true)])),
  }));
  console.log(`decoded ${decoded} Kindred streams; wrote node streams to ${dir}`);
}

main();
