#!/usr/bin/env python3
"""Golden entity-resolution cases: each file in cases/ names a data set from ../shared/data,
its fields and match types, the truth column and the F1 it must reach with at most
rounds * pairsPerRound labels from the simulated labeller. The runner writes a Zingg config,
runs findAndLabel, train and match through the CLI, evaluates, and asserts the F1.

usage: run.py [case-name ...]     (env: KINDRED_BIN, KINDRED_SHARED_DATA)
"""
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
BIN = os.environ.get("KINDRED_BIN", os.path.join(ROOT, "build", "kindred"))
SHARED = os.environ.get("KINDRED_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))


def run(args, log):
    start = time.time()
    proc = subprocess.run([BIN] + args, capture_output=True, text=True)
    log.write(f"$ kindred {' '.join(args)}\n{proc.stdout}{proc.stderr}")
    if proc.returncode != 0:
        raise RuntimeError(f"kindred {args[0]} failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return proc.stdout, time.time() - start


def run_case(path):
    case = json.load(open(path))
    name = os.path.splitext(os.path.basename(path))[0]
    with tempfile.TemporaryDirectory(prefix=f"kindred-{name}-") as tmp:
        out_csv = os.path.join(tmp, "out.csv")
        config = {
            "fieldDefinition": [
                {"fieldName": f, "fields": f, "dataType": "string", "matchType": m}
                for f, m in case["fields"].items()
            ],
            "data": [{"name": name, "format": "csv",
                      "props": dict(case["props"], path=os.path.join(SHARED, case["data"]))}],
            "output": [{"name": "out", "format": "csv",
                        "props": {"path": out_csv, "header": True, "delimiter": ","}}],
            "zinggDir": os.path.join(tmp, "models"),
            "modelId": "1",
            "labelDataSampleSize": 0.5,
            "numPartitions": 2,
        }
        conf = os.path.join(tmp, "config.json")
        json.dump(config, open(conf, "w"), indent=1)
        log = open(os.path.join(tmp, "log.txt"), "w")
        truth = ["--truth-column", case["truthColumn"]]
        if case.get("truthRegex"):
            truth += ["--truth-regex", case["truthRegex"]]
        times = {}
        seed = os.environ.get("KINDRED_GOLDEN_SEED", "7")
        _, times["findAndLabel"] = run(["findAndLabel", "--conf", conf, "--rounds", str(case["rounds"]),
                                        "--pairs", str(case["pairsPerRound"]), "--seed", seed] + truth, log)
        train_out, times["train"] = run(["train", "--conf", conf], log)
        match_out, times["match"] = run(["match", "--conf", conf], log)
        eval_args = ["evaluate", "--input", out_csv, "--truth-column", case["truthColumn"]]
        if case.get("truthRegex"):
            eval_args += ["--truth-regex", case["truthRegex"]]
        metrics, _ = run(eval_args, log)
        log.close()
        f1 = float(re.search(r"pairwise.*?f1\s+([0-9.]+)", metrics, re.S | re.I).group(1))
        with open(os.path.join(tmp, "models", "1", "trainingData", "marked.csv"), newline="") as f:
            labels = (sum(1 for _ in csv.reader(f)) - 1) // 2
        ok = f1 >= case["minF1"] and labels <= case["rounds"] * case["pairsPerRound"]
        timing = ", ".join(f"{k} {v:.2f}s" for k, v in times.items())
        print(f"{'PASS' if ok else 'FAIL'} {name}: F1 {f1:.4f} (min {case['minF1']}), {labels} labels; {timing}")
        if not ok or os.environ.get("VERBOSE"):
            print(open(os.path.join(tmp, "log.txt")).read())
        return ok


def main():
    names = sys.argv[1:]
    cases = sorted(os.path.join(HERE, "cases", f) for f in os.listdir(os.path.join(HERE, "cases"))
                   if f.endswith(".json") and (not names or f[:-5] in names))
    passed = failed = 0
    for c in cases:
        try:
            ok = run_case(c)
        except Exception as e:  # a failing command is a failing case, reported with its output
            print(f"FAIL {os.path.basename(c)}: {e}")
            ok = False
        passed += ok
        failed += not ok
    print(f"golden er: {passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())
