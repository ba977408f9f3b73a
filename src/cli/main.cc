// kindred: the command line. `kindred <phase> --conf config.json` runs a Zingg phase natively;
// `kindred --phase <phase> --conf config.json` is the same in Zingg's spelling.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "common/progress.h"
#include "er/config/config.h"
#include "er/evaluate.h"
#include "er/generate.h"
#include "er/phases/phases.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"
#ifdef KINDRED_WITH_CONNECT
#include "cli/serve.h"
#endif

namespace kindred {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitFailure = 1;
constexpr int kExitBadInput = 2;

const char* kUsage = R"(kindred — native entity resolution (Zingg's configs and phases) and a Spark Connect server

usage:
  kindred <phase> --conf config.json [options]      (also: kindred --phase <phase> --conf ...)
      phases: findTrainingData, label, train, match, link, trainMatch, findAndLabel,
              updateLabel, recommend, generateDocs
      --truth-column COL   label/findAndLabel/updateLabel: label pending pairs from COL
                           (same value = match): the simulated labeller
      --truth-regex RE     entity = first group of RE applied to the truth value ('rec-(\d+)')
      --rounds N           findAndLabel: rounds of find + label (default 1)
      --pairs N            findTrainingData: pairs proposed per round (default 20)
      --column COL         recommend: column to suggest stop words for
  kindred generate --rows N --seed S --out FILE     synthetic person records with a truth column
  kindred evaluate --input FILE --truth-column COL [--cluster-column z_cluster] [--truth-regex RE]
                   [--header false]  (then columns are _c0, _c1, ... as Spark names them)
  kindred serve [--host 127.0.0.1] [--port 15002]   Spark Connect server
)";

int ExitCodeFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument:
    case StatusCode::kNotFound:
    case StatusCode::kFailedPrecondition:
    case StatusCode::kAlreadyExists: return kExitBadInput;
    default: return kExitFailure;
  }
}

int Fail(const Status& s) {
  std::fprintf(stderr, "kindred: error: %s\n", s.message().c_str());
  return ExitCodeFor(s);
}

// Parses "--key value" pairs; flags listed in `known` only.
Result<std::map<std::string, std::string>> ParseOptions(int argc, char** argv, int start,
                                                        const std::vector<std::string>& known) {
  std::map<std::string, std::string> out;
  for (int i = start; i < argc; ++i) {
    std::string a = argv[i];
    if (!a.starts_with("--")) return InvalidArgument("unexpected argument '", a, "'");
    std::string key = a.substr(2), value;
    size_t eq = key.find('=');
    if (eq != std::string::npos) {
      value = key.substr(eq + 1);
      key = key.substr(0, eq);
    } else {
      if (i + 1 >= argc) return InvalidArgument("option --", key, " needs a value");
      value = argv[++i];
    }
    bool ok = false;
    for (const auto& k : known) ok = ok || k == key;
    if (!ok) return InvalidArgument("unknown option --", key, " (see kindred --help)");
    out[key] = value;
  }
  return out;
}

Result<int64_t> IntOption(const std::map<std::string, std::string>& o, const std::string& key,
                          int64_t fallback) {
  auto it = o.find(key);
  if (it == o.end()) return fallback;
  int64_t v;
  if (!ParseInt64(it->second, &v)) return InvalidArgument("--", key, ": '", it->second, "' is not a number");
  return v;
}

int RunPhaseCommand(const std::string& phase, int argc, char** argv, int start) {
  auto o = ParseOptions(argc, argv, start,
                        {"conf", "phase", "truth-column", "truth-regex", "rounds", "pairs", "column",
                         "seed", "zinggDir", "modelId"});
  if (!o.ok()) return Fail(o.status());
  if (!o->count("conf")) return Fail(InvalidArgument("--conf config.json is required"));
  auto config = er::LoadConfig((*o)["conf"]);
  if (!config.ok()) return Fail(config.status());
  if (o->count("zinggDir")) config->zingg_dir = (*o)["zinggDir"];
  if (o->count("modelId")) config->model_id = (*o)["modelId"];
  er::PhaseOptions opts;
  opts.truth_column = o->count("truth-column") ? (*o)["truth-column"] : "";
  opts.truth_regex = o->count("truth-regex") ? (*o)["truth-regex"] : "";
  opts.column = o->count("column") ? (*o)["column"] : "";
  auto rounds = IntOption(*o, "rounds", 1);
  auto pairs = IntOption(*o, "pairs", 20);
  auto seed = IntOption(*o, "seed", 7);
  if (!rounds.ok()) return Fail(rounds.status());
  if (!pairs.ok()) return Fail(pairs.status());
  if (!seed.ok()) return Fail(seed.status());
  opts.rounds = static_cast<int>(*rounds);
  opts.pairs_per_round = static_cast<int>(*pairs);
  opts.seed = static_cast<uint64_t>(*seed);
  Status s = er::RunPhase(phase, *config, opts);
  if (!s.ok()) return Fail(s);
  return kExitOk;
}

int RunGenerate(int argc, char** argv) {
  auto o = ParseOptions(argc, argv, 2, {"rows", "seed", "out", "duplicates"});
  if (!o.ok()) return Fail(o.status());
  if (!o->count("out")) return Fail(InvalidArgument("--out FILE is required"));
  er::GenerateOptions g;
  auto rows = IntOption(*o, "rows", 10000);
  auto seed = IntOption(*o, "seed", 1);
  if (!rows.ok()) return Fail(rows.status());
  if (!seed.ok()) return Fail(seed.status());
  if (*rows < 1) return Fail(InvalidArgument("--rows must be at least 1"));
  g.rows = *rows;
  g.seed = static_cast<uint64_t>(*seed);
  if (o->count("duplicates")) {
    double d;
    if (!ParseDouble((*o)["duplicates"], &d) || d < 0 || d >= 1)
      return Fail(InvalidArgument("--duplicates must be a fraction in [0, 1)"));
    g.duplicate_fraction = d;
  }
  auto start = std::chrono::steady_clock::now();
  auto table = er::GeneratePersonRecords(g);
  if (!table.ok()) return Fail(table.status());
  Status s = WriteCsvFile(**table, (*o)["out"], CsvWriteOptions{});
  if (!s.ok()) return Fail(s);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("generate: wrote %lld records to %s in %.2fs\n",
              static_cast<long long>((*table)->num_rows()), (*o)["out"].c_str(), secs);
  return kExitOk;
}

int RunEvaluate(int argc, char** argv) {
  auto o = ParseOptions(argc, argv, 2,
                        {"input", "truth-column", "cluster-column", "truth-regex", "delimiter", "header"});
  if (!o.ok()) return Fail(o.status());
  if (!o->count("input") || !o->count("truth-column"))
    return Fail(InvalidArgument("--input FILE and --truth-column COL are required"));
  CsvReadOptions ro;
  if (o->count("delimiter") && !(*o)["delimiter"].empty()) ro.delimiter = (*o)["delimiter"][0];
  if (o->count("header")) ro.header = ToLower((*o)["header"]) != "false";
  CsvReadStats stats;
  auto t = ReadCsvFiles({(*o)["input"]}, ro, &stats);
  if (!t.ok()) return Fail(t.status());
  std::string cluster_col = o->count("cluster-column") ? (*o)["cluster-column"] : "z_cluster";
  auto pred = (*t)->GetColumn(cluster_col);
  if (!pred.ok()) return Fail(pred.status().WithContext("--cluster-column"));
  auto truth = (*t)->GetColumn((*o)["truth-column"]);
  if (!truth.ok()) return Fail(truth.status().WithContext("--truth-column"));
  ColumnPtr truth_col = *truth;
  if (o->count("truth-regex")) {
    RE2 re((*o)["truth-regex"]);
    if (!re.ok() || re.NumberOfCapturingGroups() < 1)
      return Fail(InvalidArgument("--truth-regex: needs a valid regex with one capturing group"));
    ColumnBuilder b(DataType::String(), truth_col->length());
    for (int64_t i = 0; i < truth_col->length(); ++i) {
      if (truth_col->IsNull(i)) {
        b.AppendNull();
        continue;
      }
      std::string v(Trim(truth_col->FormatValue(i))), g;
      b.AppendString(RE2::PartialMatch(v, re, &g) ? g : v);
    }
    truth_col = b.Finish();
  }
  auto m = er::EvaluateClusters(**pred, *truth_col);
  if (!m.ok()) return Fail(m.status());
  std::printf("%s\n", er::FormatMetrics(*m).c_str());
  return kExitOk;
}

}  // namespace
}  // namespace kindred

int main(int argc, char** argv) {
  using namespace kindred;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") ||
      !std::strcmp(argv[1], "help")) {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? kExitBadInput : kExitOk;
  }
  std::string cmd = argv[1];
  if (cmd == "generate") return RunGenerate(argc, argv);
  if (cmd == "evaluate") return RunEvaluate(argc, argv);
  if (cmd == "serve") {
#ifdef KINDRED_WITH_CONNECT
    return RunServe(argc, argv);
#else
    std::fprintf(stderr, "kindred: error: this build has no Spark Connect server\n");
    return kExitFailure;
#endif
  }
  if (cmd == "--phase" || cmd.starts_with("--phase=")) {
    std::string phase;
    int start;
    if (cmd == "--phase") {
      if (argc < 3) return Fail(InvalidArgument("--phase needs a phase name"));
      phase = argv[2];
      start = 3;
    } else {
      phase = cmd.substr(8);
      start = 2;
    }
    return RunPhaseCommand(phase, argc, argv, start);
  }
  if (cmd.starts_with("--")) {
    // Zingg order: options first, --phase somewhere among them.
    for (int i = 1; i + 1 < argc; ++i) {
      if (std::string(argv[i]) == "--phase") {
        std::vector<char*> rest = {argv[0]};
        for (int j = 1; j < argc; ++j)
          if (j != i && j != i + 1) rest.push_back(argv[j]);
        return RunPhaseCommand(argv[i + 1], static_cast<int>(rest.size()), rest.data(), 1);
      }
    }
    return Fail(InvalidArgument("unknown option ", cmd, " (see kindred --help)"));
  }
  for (const auto& p : er::PhaseNames())
    if (EqualsIgnoreCase(p, cmd)) return RunPhaseCommand(p, argc, argv, 2);
  return Fail(InvalidArgument("unknown command '", cmd, "' (see kindred --help)"));
}
