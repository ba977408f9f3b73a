#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>

#include "er/cluster/linked_clusters.h"
#include "er/cluster/union_find.h"
#include "er/phases/phases.h"
#include "er/pipe_io.h"

namespace kindred::er {

namespace {
double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}
}  // namespace

Result<TablePtr> MatchTable(const Config& config, const TrainedModel& model, TablePtr input,
                            const std::string& source_column, MatchStats* stats) {
  MatchStats local;
  MatchStats& st = stats ? *stats : local;
  auto t = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(PreparedData data, PrepareData(config, input));
  st.records = data.num_rows();
  st.seconds_prepare = Since(t);

  t = std::chrono::steady_clock::now();
  std::vector<int32_t> source;
  if (!source_column.empty()) {
    ASSIGN_OR_RETURN(ColumnPtr src, input->GetColumn(source_column));
    std::unordered_map<std::string, int32_t> ids;
    source.resize(input->num_rows());
    for (int64_t i = 0; i < input->num_rows(); ++i) {
      std::string v = src->IsNull(i) ? "" : src->FormatValue(i);
      auto it = ids.emplace(v, static_cast<int32_t>(ids.size())).first;
      source[i] = it->second;
    }
  }
  CandidatePairs pairs =
      GenerateCandidates(model.blocking, data, source_column.empty() ? nullptr : &source);
  st.candidate_pairs = pairs.size();
  st.oversized_blocks = pairs.oversized_blocks;
  st.seconds_blocking = Since(t);

  t = std::chrono::steady_clock::now();
  std::vector<float> scores =
      ScorePairs(model, data, data, pairs.left.data(), pairs.right.data(), pairs.size());
  st.seconds_scoring = Since(t);
  if (const char* dump = std::getenv("KINDRED_DUMP_PAIRS")) {
    // Diagnostics: every candidate pair with its score, for tuning blocking and the model.
    std::FILE* f = std::fopen(dump, "w");
    if (f) {
      for (int64_t k = 0; k < pairs.size(); ++k)
        std::fprintf(f, "%lld,%lld,%.6f\n", static_cast<long long>(pairs.left[k]),
                     static_cast<long long>(pairs.right[k]), scores[k]);
      std::fclose(f);
    }
  }

  t = std::chrono::steady_clock::now();
  const int64_t n = data.num_rows();
  std::vector<int64_t> cluster = LinkedClusters(n, pairs.left.data(), pairs.right.data(),
                                                scores.data(), pairs.size(),
                                                static_cast<float>(model.threshold));
  // z_minScore / z_maxScore: over the matched pairs that ended inside the record's cluster.
  std::vector<int64_t> ea, eb;
  std::vector<float> es;
  for (int64_t k = 0; k < pairs.size(); ++k) {
    if (scores[k] >= model.threshold && cluster[pairs.left[k]] == cluster[pairs.right[k]]) {
      ea.push_back(pairs.left[k]);
      eb.push_back(pairs.right[k]);
      es.push_back(scores[k]);
    }
  }
  st.matched_pairs = static_cast<int64_t>(ea.size());
  std::vector<float> min_score, max_score;
  IncidentScoreRange(n, ea.data(), eb.data(), es.data(), static_cast<int64_t>(ea.size()),
                     &min_score, &max_score);
  int64_t clusters = 0;
  for (int64_t i = 0; i < n; ++i) clusters += cluster[i] == i;
  st.clusters = clusters;
  ColumnBuilder cb(DataType::Int64(), n), minb(DataType::Float64(), n), maxb(DataType::Float64(), n);
  for (int64_t i = 0; i < n; ++i) {
    cb.AppendInt(cluster[i]);
    minb.AppendDouble(min_score[i]);
    maxb.AppendDouble(max_score[i]);
  }
  TablePtr out;
  if (source_column.empty()) {
    out = input->AddColumns({{"z_cluster", DataType::Int64(), false},
                             {"z_minScore", DataType::Float64(), false},
                             {"z_maxScore", DataType::Float64(), false}},
                            {cb.Finish(), minb.Finish(), maxb.Finish()});
  } else {
    // Link output: z_cluster, z_score (the best link of the record), z_zsource, then the data.
    ASSIGN_OR_RETURN(int src_idx, input->ColumnIndex(source_column));
    std::vector<int> rest;
    for (int c = 0; c < input->num_columns(); ++c)
      if (c != src_idx) rest.push_back(c);
    TablePtr data_cols = input->SelectColumns(rest);
    Schema s({{"z_cluster", DataType::Int64(), false},
              {"z_score", DataType::Float64(), false},
              {"z_zsource", DataType::String(), false}});
    std::vector<ColumnPtr> cols = {cb.Finish(), maxb.Finish(), input->column(src_idx)};
    for (int c = 0; c < data_cols->num_columns(); ++c) {
      s.AddField(data_cols->schema().field(c));
      cols.push_back(data_cols->column(c));
    }
    out = Table::Make(s, cols);
  }
  st.seconds_clustering = Since(t);

  // Blocking recall on the labelled matches tells whether blocking lost pairs the model would find.
  auto labelled = LoadTrainingSet(MarkedPath(config));
  if (labelled.ok() && labelled->Count(kLabelMatch) > 0) {
    auto p = PreparePairs(config, *labelled, {kLabelMatch});
    if (p.ok()) st.blocking_recall = BlockingRecall(model.blocking, p->left, p->right, p->labels);
  }
  return out;
}

namespace {

void PrintStats(std::ostream& out, const char* phase, const MatchStats& st) {
  double total = st.seconds_prepare + st.seconds_blocking + st.seconds_scoring + st.seconds_clustering;
  out << phase << ": " << st.records << " records, " << st.candidate_pairs << " candidate pairs ("
      << st.oversized_blocks << " oversized blocks split), " << st.matched_pairs
      << " matched pairs, " << st.clusters << " clusters\n";
  if (st.blocking_recall >= 0)
    out << phase << ": blocking recall on labelled matches " << st.blocking_recall << "\n";
  char buf[256];
  std::snprintf(buf, sizeof(buf),
                "%s: time prepare %.2fs, blocking %.2fs, scoring %.2fs (%.0f pairs/s), "
                "clustering %.2fs, total %.2fs\n",
                phase, st.seconds_prepare, st.seconds_blocking, st.seconds_scoring,
                st.seconds_scoring > 0 ? st.candidate_pairs / st.seconds_scoring : 0.0,
                st.seconds_clustering, total);
  out << buf;
}

Status WriteOutputs(const Config& config, const Table& out, std::ostream& log, const char* phase) {
  if (config.output.empty())
    return InvalidArgument("output: no output pipe is configured for ", phase);
  for (const auto& pipe : config.output) {
    RETURN_IF_ERROR(WritePipe(pipe, out));
    log << phase << ": wrote " << out.num_rows() << " rows to " << pipe.path() << "\n";
  }
  return OkStatus();
}

}  // namespace

Status RunMatch(const Config& config, const PhaseOptions& opts) {
  if (config.output.empty()) return InvalidArgument("output: no output pipe is configured for match");
  auto t = std::chrono::steady_clock::now();
  ASSIGN_OR_RETURN(TablePtr input, ReadPipes(config.data));
  double read_secs = Since(t);
  ASSIGN_OR_RETURN(PreparedData probe, PrepareData(config, input->Slice(0, 1)));
  ASSIGN_OR_RETURN(TrainedModel model, LoadModel(config, probe.fields));
  MatchStats st;
  ASSIGN_OR_RETURN(TablePtr out, MatchTable(config, model, input, "", &st));
  *opts.out << "match: read " << input->num_rows() << " records in " << read_secs << "s\n";
  PrintStats(*opts.out, "match", st);
  return WriteOutputs(config, *out, *opts.out, "match");
}

Status RunLink(const Config& config, const PhaseOptions& opts) {
  if (config.data.size() < 2)
    return InvalidArgument("data: link needs two or more input pipes, found ", config.data.size());
  if (config.output.empty()) return InvalidArgument("output: no output pipe is configured for link");
  ASSIGN_OR_RETURN(TablePtr input, ReadPipes(config.data, "z_zsource"));
  ASSIGN_OR_RETURN(PreparedData probe, PrepareData(config, input->Slice(0, 1)));
  ASSIGN_OR_RETURN(TrainedModel model, LoadModel(config, probe.fields));
  MatchStats st;
  ASSIGN_OR_RETURN(TablePtr out, MatchTable(config, model, input, "z_zsource", &st));
  PrintStats(*opts.out, "link", st);
  return WriteOutputs(config, *out, *opts.out, "link");
}

}  // namespace kindred::er
