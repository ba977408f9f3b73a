#include "er/label/training_data.h"

#include <map>

#include "common/file_util.h"
#include "er/pipe_io.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"

namespace kindred::er {

namespace {
const char* kMeta[] = {"z_cluster", "z_isMatch", "z_score", "z_zid"};
constexpr int kMetaCount = 4;

std::string CellText(const Column& c, int64_t i) { return c.IsNull(i) ? "" : c.FormatValue(i); }
}  // namespace

int TrainingSet::Count(int label) const {
  int n = 0;
  for (const auto& p : pairs) n += p.label == label;
  return n;
}

std::string MarkedPath(const Config& c) { return c.ModelDir() + "/trainingData/marked.csv"; }
std::string UnmarkedPath(const Config& c) { return c.ModelDir() + "/trainingData/unmarked.csv"; }

Result<TrainingSet> LoadTrainingSet(const std::string& path) {
  TrainingSet set;
  if (!FileExists(path)) return set;
  CsvReadOptions opts;
  opts.header = true;
  opts.mode = CsvParseMode::kFailFast;
  auto t = ReadCsvFile(path, opts);
  if (!t.ok()) return t.status().WithContext("training data");
  const Table& table = **t;
  for (int i = 0; i < kMetaCount; ++i)
    if (table.schema().FindField(kMeta[i]) < 0)
      return InvalidArgument("training data '", path, "' has no column ", kMeta[i]);
  if (table.num_rows() % 2 != 0)
    return InvalidArgument("training data '", path, "' has an odd number of rows (",
                           table.num_rows(), "); each pair is two rows");
  for (int c = kMetaCount; c < table.num_columns(); ++c)
    set.columns.push_back(table.schema().field(c).name);
  const Column& id = *table.column(0);
  const Column& label = *table.column(1);
  const Column& score = *table.column(2);
  const Column& zid = *table.column(3);
  for (int64_t r = 0; r + 1 < table.num_rows(); r += 2) {
    TrainingPair p;
    p.id = CellText(id, r);
    int64_t v = kLabelPending;
    ParseInt64(CellText(label, r), &v);
    p.label = static_cast<int>(v);
    double s = -1;
    ParseDouble(CellText(score, r), &s);
    p.score = static_cast<float>(s);
    ParseInt64(CellText(zid, r), &p.left_zid);
    ParseInt64(CellText(zid, r + 1), &p.right_zid);
    for (int c = kMetaCount; c < table.num_columns(); ++c) {
      p.left.push_back(CellText(*table.column(c), r));
      p.right.push_back(CellText(*table.column(c), r + 1));
    }
    set.pairs.push_back(std::move(p));
  }
  return set;
}

Status SaveTrainingSet(const std::string& path, const TrainingSet& set) {
  Schema schema;
  for (int i = 0; i < kMetaCount; ++i) schema.AddField({kMeta[i], DataType::String()});
  for (const auto& c : set.columns) schema.AddField({c, DataType::String()});
  std::vector<ColumnBuilder> b;
  for (int i = 0; i < schema.num_fields(); ++i) b.emplace_back(DataType::String());
  for (const auto& p : set.pairs) {
    for (int side = 0; side < 2; ++side) {
      b[0].AppendString(p.id);
      b[1].AppendString(std::to_string(p.label));
      b[2].AppendString(p.score < 0 ? "" : StrCat(p.score));
      b[3].AppendString(std::to_string(side == 0 ? p.left_zid : p.right_zid));
      const auto& values = side == 0 ? p.left : p.right;
      for (size_t c = 0; c < set.columns.size(); ++c) {
        const std::string& v = c < values.size() ? values[c] : std::string();
        if (v.empty()) b[kMetaCount + c].AppendNull();
        else b[kMetaCount + c].AppendString(v);
      }
    }
  }
  std::vector<ColumnPtr> cols;
  for (auto& x : b) cols.push_back(x.Finish());
  auto table = Table::Make(schema, cols);
  CsvWriteOptions w;
  w.header = true;
  return WriteFileAtomic(path, WriteCsvString(*table, w));
}

Result<TrainingSet> TrainingSetFromTable(const Table& t, const std::string& what,
                                         const std::string& id_prefix) {
  const Schema& schema = t.schema();
  int cluster = schema.FindField("z_cluster");
  int match = schema.FindField("z_isMatch");
  if (cluster < 0 || match < 0)
    return InvalidArgument(what, " needs columns z_cluster and z_isMatch; it has ",
                           StrJoin(schema.names(), ", "));
  const int zid = schema.FindField("z_zid");
  const int score = schema.FindField("z_score");
  TrainingSet set;
  std::vector<int> data_cols;
  for (int c = 0; c < t.num_columns(); ++c) {
    const std::string& name = schema.field(c).name;
    if (name.starts_with("z_")) continue;
    set.columns.push_back(name);
    data_cols.push_back(c);
  }
  std::map<std::string, std::vector<int64_t>> groups;
  std::vector<std::string> order;
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    if (t.column(cluster)->IsNull(r) || t.column(match)->IsNull(r)) continue;
    std::string key = std::string(Trim(t.column(cluster)->FormatValue(r)));
    auto [it, added] = groups.try_emplace(key);
    if (added) order.push_back(key);
    it->second.push_back(r);
  }
  for (const auto& key : order) {
    const auto& rows = groups[key];
    int64_t label = kLabelPending;
    double label_value = 0;
    if (!ParseDouble(Trim(t.column(match)->FormatValue(rows[0])), &label_value) ||
        label_value != static_cast<int64_t>(label_value) ||
        (static_cast<int64_t>(label_value) < kLabelPending ||
         static_cast<int64_t>(label_value) > kLabelUnsure)) {
      return InvalidArgument(what, ", row ", rows[0] + 1, " (z_cluster '", key, "'): z_isMatch '",
                             t.column(match)->FormatValue(rows[0]),
                             "' is not a label (1 match, 0 no match, 2 unsure, -1 pending)");
    }
    label = static_cast<int64_t>(label_value);
    for (size_t a = 0; a < rows.size(); ++a) {
      for (size_t b = a + 1; b < rows.size(); ++b) {
        TrainingPair p;
        // A two-row group is one pair and keeps its cluster id, so labels can name it.
        p.id = rows.size() == 2 ? StrCat(id_prefix, key) : StrCat(id_prefix, key, "-", a, "-", b);
        p.label = static_cast<int>(label);
        if (zid >= 0) {
          ParseInt64(CellText(*t.column(zid), rows[a]), &p.left_zid);
          ParseInt64(CellText(*t.column(zid), rows[b]), &p.right_zid);
        }
        if (score >= 0) {
          double s = -1;
          if (ParseDouble(CellText(*t.column(score), rows[a]), &s)) p.score = static_cast<float>(s);
        }
        for (int c : data_cols) {
          p.left.push_back(std::string(Trim(CellText(*t.column(c), rows[a]))));
          p.right.push_back(std::string(Trim(CellText(*t.column(c), rows[b]))));
        }
        set.pairs.push_back(std::move(p));
      }
    }
  }
  return set;
}

Result<TrainingSet> LoadTrainingSamples(const Pipe& pipe) {
  ASSIGN_OR_RETURN(TablePtr t, ReadPipe(pipe));
  return TrainingSetFromTable(*t, StrCat("trainingSamples pipe '", pipe.name, "'"), "sample-");
}

TablePtr TrainingSetToTable(const TrainingSet& set, double threshold) {
  const int64_t rows = static_cast<int64_t>(set.pairs.size()) * 2;
  ColumnBuilder cluster(DataType::String(), rows), zid(DataType::Int64(), rows),
      prediction(DataType::Float64(), rows), score(DataType::Float64(), rows),
      is_match(DataType::Int32(), rows);
  std::vector<ColumnBuilder> data;
  data.reserve(set.columns.size());
  for (size_t i = 0; i < set.columns.size(); ++i) data.emplace_back(DataType::String(), rows);
  auto add_row = [&](const TrainingPair& p, int64_t row_zid, const std::vector<std::string>& values) {
    cluster.AppendString(p.id);
    zid.AppendInt(row_zid);
    // The model's guess when the pair was picked: 1 match, 0 not, -1 when no model guessed.
    prediction.AppendDouble(p.score < 0 ? -1.0 : (p.score >= threshold ? 1.0 : 0.0));
    score.AppendDouble(p.score);
    is_match.AppendInt(p.label);
    for (size_t c = 0; c < data.size(); ++c) {
      if (c < values.size() && !values[c].empty()) data[c].AppendString(values[c]);
      else data[c].AppendNull();
    }
  };
  for (const TrainingPair& p : set.pairs) {
    add_row(p, p.left_zid, p.left);
    add_row(p, p.right_zid, p.right);
  }
  std::vector<Field> fields = {{"z_cluster", DataType::String()},
                               {"z_zid", DataType::Int64()},
                               {"z_prediction", DataType::Float64()},
                               {"z_score", DataType::Float64()},
                               {"z_isMatch", DataType::Int32()}};
  std::vector<ColumnPtr> columns = {cluster.Finish(), zid.Finish(), prediction.Finish(),
                                    score.Finish(), is_match.Finish()};
  for (size_t c = 0; c < data.size(); ++c) {
    fields.push_back({set.columns[c], DataType::String()});
    columns.push_back(data[c].Finish());
  }
  return Table::Make(Schema(std::move(fields)), std::move(columns));
}

void MergeTrainingSets(TrainingSet* set, const TrainingSet& other) {
  if (set->columns.empty() && set->pairs.empty()) {
    *set = other;
    return;
  }
  std::vector<int> map;
  for (const auto& c : set->columns) {
    int found = -1;
    for (size_t i = 0; i < other.columns.size(); ++i)
      if (EqualsIgnoreCase(other.columns[i], c)) found = static_cast<int>(i);
    map.push_back(found);
  }
  for (const auto& p : other.pairs) {
    TrainingPair q = p;
    q.left.clear();
    q.right.clear();
    for (int m : map) {
      q.left.push_back(m >= 0 && m < static_cast<int>(p.left.size()) ? p.left[m] : "");
      q.right.push_back(m >= 0 && m < static_cast<int>(p.right.size()) ? p.right[m] : "");
    }
    set->pairs.push_back(std::move(q));
  }
}

Result<PairTables> PreparePairs(const Config& config, const TrainingSet& set,
                                const std::vector<int>& labels_to_keep) {
  Schema schema;
  for (const auto& c : set.columns) schema.AddField({c, DataType::String()});
  std::vector<ColumnBuilder> lb, rb;
  for (size_t c = 0; c < set.columns.size(); ++c) {
    lb.emplace_back(DataType::String());
    rb.emplace_back(DataType::String());
  }
  PairTables out;
  for (const auto& p : set.pairs) {
    bool keep = false;
    for (int l : labels_to_keep) keep = keep || p.label == l;
    if (!keep) continue;
    for (size_t c = 0; c < set.columns.size(); ++c) {
      const std::string& a = c < p.left.size() ? p.left[c] : std::string();
      const std::string& b = c < p.right.size() ? p.right[c] : std::string();
      if (a.empty()) lb[c].AppendNull(); else lb[c].AppendString(a);
      if (b.empty()) rb[c].AppendNull(); else rb[c].AppendString(b);
    }
    out.labels.push_back(p.label);
  }
  std::vector<ColumnPtr> lc, rc;
  for (auto& x : lb) lc.push_back(x.Finish());
  for (auto& x : rb) rc.push_back(x.Finish());
  auto lt = Table::Make(schema, lc);
  auto rt = Table::Make(schema, rc);
  auto l = PrepareData(config, lt);
  if (!l.ok()) return l.status().WithContext("training data");
  ASSIGN_OR_RETURN(out.right, PrepareData(config, rt));
  out.left = std::move(*l);
  return out;
}

TrainingSet PairsFromRows(const Table& table, const std::vector<int64_t>& li,
                          const std::vector<int64_t>& ri, const std::vector<float>& scores,
                          const std::string& id_prefix) {
  TrainingSet set;
  set.columns = table.schema().names();
  for (size_t k = 0; k < li.size(); ++k) {
    TrainingPair p;
    p.id = StrCat(id_prefix, li[k], "-", ri[k]);
    p.score = k < scores.size() ? scores[k] : -1;
    p.left_zid = li[k];
    p.right_zid = ri[k];
    for (int c = 0; c < table.num_columns(); ++c) {
      p.left.push_back(CellText(*table.column(c), li[k]));
      p.right.push_back(CellText(*table.column(c), ri[k]));
    }
    set.pairs.push_back(std::move(p));
  }
  return set;
}

}  // namespace kindred::er
