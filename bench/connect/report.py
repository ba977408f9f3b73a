"""Turns the JSON lines of bench.py / node_bench.mjs into bench/results/connect.md.

Usage: report.py RESULTS.jsonl OUT.md COMMAND SERVER_BINARY
"""
import json
import platform
import sys

src, out, command, binary = sys.argv[1:5]
m = {}
for line in open(src):
    line = line.strip()
    if line.startswith("{"):
        r = json.loads(line)
        m[(r["measure"], r.get("engine"))] = r

rows = []
for key, label, client in [("range10_raw", "raw ExecutePlan (Python grpc stubs)", "raw"),
                           ("range10_client", "kindred.connect `spark.range(10).collect()`", "client")]:
    r = m.get((key, None))
    if r:
        rows.append((f"range(10) round trip, {label}, {r['iters']} iters",
                     f"p50 {r['p50_ms']:.3f} / p90 {r['p90_ms']:.3f} / p99 {r['p99_ms']:.3f} ms",
                     "p50 < 1 ms"))
for key, label in [("stream_python", "Python grpc, computed per query"),
                   ("stream_python_persisted", "Python grpc, persisted DataFrame"),
                   ("stream_node", "Node @grpc/grpc-js, computed per query")]:
    r = m.get((key, None))
    if r:
        cpu = m.get(("server_cpu_" + key, None))
        cpu_note = f"; server CPU ≈{cpu['cpu_seconds'] / r['reps']:.2f} s per run" if cpu else ""
        if "first_seconds" in r:
            cpu_note = (f"; server CPU ≈{cpu['cpu_seconds'] / r['reps']:.2f} s per run, the computing "
                        "stream's share included" if cpu else "")
            cpu_note += f"; the first, computing stream took {r['first_seconds']:.2f} s"
        rows.append((f"stream 10M rows (int64, double, string), {label}",
                     f"{r['rows_per_s'] / 1e6:.1f} M rows/s, {r['gb_per_s']:.3f} GB/s "
                     f"({r['arrow_bytes'] / 1e6:.0f} MB Arrow in {r['batches']} batches, {r['seconds']:.2f} s{cpu_note})",
                     "> 1 GB/s"))
checks = []


def num(v):
    """Compares values across engines by number where possible (DECIMAL text vs double)."""
    try:
        return float(v)
    except (TypeError, ValueError):
        return str(v)


for q in ("groupby", "join", "sort"):
    k, d = m.get((q, "kindred")), m.get((q, "duckdb"))
    if k and d:
        rows.append((f"{q} over 10M rows: Kindred via Connect vs DuckDB in-process",
                     f"{k['seconds']:.3f} s vs {d['seconds']:.3f} s (Kindred/DuckDB = {k['seconds'] / d['seconds']:.2f}x)",
                     "report"))
        same = [[num(v) for v in r] for r in k["head"]][:3] == [[num(v) for v in r] for r in d["head"]][:3]
        checks.append(f"{q}: first rows {'identical' if same else 'differ (formatting or values)'}"
                      f" ({k['head'][:1]} vs {d['head'][:1]})")

with open(out, "w") as f:
    f.write("# Spark Connect benchmarks\n\n")
    f.write(f"Command: `{command}` (server binary: `{binary}`; {platform.machine()}, "
            f"all traffic on 127.0.0.1).\n\n")
    f.write("| measure | value | target |\n|---|---|---|\n")
    for a, b, c in rows:
        f.write(f"| {a} | {b} | {c} |\n")
    f.write("\nNotes:\n\n")
    f.write("- Latency: 100 warm-up calls, then 1000 timed; each call is one ExecutePlan stream "
            "(schema, Arrow batch, metrics). \"raw\" drains the stream without decoding Arrow; "
            "\"client\" also decodes rows in Python.\n")
    f.write("- Streaming: `range(10000000)` + withColumns(`d = id * 0.5` (double), "
            "`s = concat('r', cast(id % 100000 as string))`); the client only sums "
            "`arrow_batch.row_count` and `len(arrow_batch.data)`. Best of 3. \"computed per "
            "query\" runs the projection for every stream; \"persisted\" persists that DataFrame "
            "first (AnalyzePlan persist, as `df.cache()`): its first stream computes and keeps the "
            "rows, the timed ones stream them from the server's memory.\n")
    f.write("- Queries (bench/connect/queries.json): Kindred time is the wall time of "
            "`spark.sql(q).collect()` in the Python client, so it INCLUDES gRPC, Arrow encoding "
            "and Python decoding of the result (1000, 1 and 10 rows); DuckDB runs in-process in Node "
            "(@duckdb/node-api, threads=2) with `range(N)` rewritten to `(SELECT range AS id FROM range(N))`. "
            "Best of 3 after a small warm-up. Same 2-core machine for both, shared with other work.\n")
    f.write("- Server CPU is the server process's utime+stime across a streaming client's runs "
            "(3 timed + 1 small warm-up) divided by 3: close to the wall time means the single-stream "
            "server path, not only the client, limits throughput on this 2-core machine.\n")
    raw = m.get(("range10_raw", None))
    if raw and raw["p90_ms"] > 2 * raw["p50_ms"]:
        f.write(f"- Latency is bimodal: p50 {raw['p50_ms']:.2f} ms but p90 {raw['p90_ms']:.2f} ms, "
                "so a share of round trips takes a ~4 ms path (cause not yet investigated).\n")
    for c in checks:
        f.write(f"- Result check, {c}.\n")
