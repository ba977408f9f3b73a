// Node side of the Spark Connect benchmarks.
//   node node_bench.mjs stream HOST:PORT REPO_ROOT   10M rows over ExecutePlan with @grpc/grpc-js,
//                                                    counting Arrow bytes and row_count only
//   node node_bench.mjs duckdb REPO_ROOT             the queries of queries.json in DuckDB
//                                                    in-process (threads=2)
// Prints one JSON object per measurement on stdout.
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';

const [mode, ...args] = process.argv.slice(2);
const emit = (o) => console.log(JSON.stringify(o));

async function stream(target, root) {
  const grpc = await import('@grpc/grpc-js');
  const loader = await import('@grpc/proto-loader');
  const def = loader.loadSync('spark/connect/base.proto', {
    includeDirs: [`${root}/proto`], keepCase: true, longs: String, enums: String, defaults: false,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def);
  const client = new pkg.spark.connect.SparkConnectService(target, grpc.credentials.createInsecure(), {
    'grpc.max_receive_message_length': 256 << 20,
  });
  const session = randomUUID();
  const col = (name) => ({ unresolved_attribute: { unparsed_identifier: name } });
  const fn = (name, ...a) => ({ unresolved_function: { function_name: name, arguments: a } });
  const rel = (n) => ({
    with_columns: {
      input: { range: { start: 0, end: n, step: 1 } },
      aliases: [
        { expr: fn('*', col('id'), { literal: { double: 0.5 } }), name: ['d'] },
        { expr: fn('concat', { literal: { string: 'r' } },
            { cast: { expr: fn('%', col('id'), { literal: { long: 100000 } }), type_str: 'string' } }),
          name: ['s'] },
      ],
    },
  });
  const consume = (n) => new Promise((resolve, reject) => {
    let rows = 0, bytes = 0, batches = 0;
    const call = client.ExecutePlan({
      session_id: session, user_context: { user_id: 'bench', user_name: 'bench' },
      operation_id: randomUUID(), plan: { root: rel(n) },
    });
    call.on('data', (r) => {
      if (r.arrow_batch) { rows += Number(r.arrow_batch.row_count); bytes += r.arrow_batch.data.length; batches++; }
    });
    call.on('error', reject);
    call.on('end', () => resolve({ rows, bytes, batches }));
  });
  const n = 10_000_000, reps = 3;
  await consume(100_000);
  let best = null;
  for (let i = 0; i < reps; i++) {
    const t = performance.now();
    const r = await consume(n);
    const s = (performance.now() - t) / 1e3;
    if (r.rows !== n) throw new Error(`expected ${n} rows, got ${r.rows}`);
    if (!best || s < best.s) best = { s, ...r };
  }
  emit({ measure: 'stream_node', rows: n, seconds: best.s, rows_per_s: n / best.s, arrow_bytes: best.bytes,
    gb_per_s: best.bytes / best.s / 1e9, batches: best.batches, reps });
  client.close();
}

async function duckdb(root) {
  const { DuckDBInstance } = await import('@duckdb/node-api');
  const db = await DuckDBInstance.create(':memory:', { threads: '2' });
  const con = await db.connect();
  const queries = JSON.parse(readFileSync(`${root}/bench/connect/queries.json`, 'utf8'));
  const reps = 3;
  for (const [name, text] of Object.entries(queries)) {
    // DuckDB's range() names its column "range"; Spark's names it "id".
    const sql = text.replace(/range\((\d+)\)/g, '(SELECT range AS id FROM range($1))');
    await con.runAndReadAll(sql.replaceAll('10000000', '100000'));
    let best = null, rows = null;
    for (let i = 0; i < reps; i++) {
      const t = performance.now();
      const reader = await con.runAndReadAll(sql);
      rows = reader.getRowsJson();
      const s = (performance.now() - t) / 1e3;
      best = best === null ? s : Math.min(best, s);
    }
    emit({ measure: name, engine: 'duckdb', seconds: best, reps, rows: rows.length, head: rows.slice(0, 3) });
  }
}

if (mode === 'stream') await stream(args[0], args[1]);
else if (mode === 'duckdb') await duckdb(args[0]);
else { console.error('usage: node_bench.mjs stream HOST:PORT ROOT | duckdb ROOT'); process.exit(2); }
