#include <filesystem>

#include "common/file_util.h"
#include "common/progress.h"
#include "common/thread_pool.h"
#include "er/phases/phases.h"

namespace kindred::er {

std::string ModelPath(const Config& c) { return c.ModelDir() + "/model/model.json"; }

nlohmann::json ModelToJson(const Config& c, const std::vector<PreparedField>& fields,
                           const TrainedModel& m) {
  nlohmann::json fields_json = nlohmann::json::array();
  for (const auto& f : fields) {
    std::vector<std::string> types;
    for (auto t : f.def->match_types) types.push_back(MatchTypeName(t));
    fields_json.push_back({{"fieldName", f.def->field_name},
                           {"fields", f.def->fields},
                           {"dataType", f.def->data_type},
                           {"matchType", StrJoin(types, ",")}});
  }
  nlohmann::json j = {{"format", "kindred-er-model"},
                      {"version", 1},
                      {"modelId", c.model_id},
                      {"fields", fields_json},
                      {"blocking", m.blocking.ToJson(fields)},
                      {"features", m.features.ToJson(fields)},
                      {"classifier", m.classifier.ToJson()},
                      {"threshold", m.threshold},
                      {"stats", m.stats}};
  return j;
}

Status SaveModel(const Config& c, const std::vector<PreparedField>& fields, const TrainedModel& m) {
  return WriteFileAtomic(ModelPath(c), ModelToJson(c, fields, m).dump(2) + "\n");
}

Result<TrainedModel> ModelFromJson(const Config& c, const nlohmann::json& j,
                                   const std::vector<PreparedField>& fields,
                                   const std::string& what) {
  if (!j.is_object() || j.value("format", "") != "kindred-er-model")
    return InvalidArgument(what, " is not a Kindred model");
  TrainedModel m;
  auto check = [&](Status s) { return s.WithContext(what); };
  auto blocking = BlockingScheme::FromJson(j.value("blocking", nlohmann::json()), fields);
  if (!blocking.ok()) return check(blocking.status());
  m.blocking = *blocking;
  m.blocking.block_cap = c.block_size;
  auto features = FeatureSet::FromJson(j.value("features", nlohmann::json()), fields);
  if (!features.ok()) return check(features.status());
  m.features = *features;
  auto classifier = LogisticRegression::FromJson(j.value("classifier", nlohmann::json()));
  if (!classifier.ok()) return check(classifier.status());
  m.classifier = std::move(*classifier);
  m.threshold = c.threshold;
  m.stats = j.value("stats", nlohmann::json::object());
  return m;
}

Result<TrainedModel> LoadModel(const Config& c, const std::vector<PreparedField>& fields) {
  std::string path = ModelPath(c);
  if (!IsDirectory(c.ModelDir()))
    return NotFound("model folder '", c.ModelDir(), "' does not exist: run train first");
  if (!FileExists(path))
    return NotFound("no trained model in '", c.ModelDir(), "' (", path,
                    " is missing): run train first");
  ASSIGN_OR_RETURN(std::string text, ReadFileToString(path));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const std::exception& e) {
    return InvalidArgument("model file '", path, "' is not valid JSON: ", e.what());
  }
  if (!j.is_object() || j.value("format", "") != "kindred-er-model")
    return InvalidArgument("'", path, "' is not a Kindred model file");
  return ModelFromJson(c, j, fields, StrCat("model file '", path, "'"));
}

std::vector<float> ScorePairs(const TrainedModel& m, const PreparedData& left,
                              const PreparedData& right, const int64_t* li, const int64_t* ri,
                              int64_t n) {
  std::vector<float> out(n);
  // Chunks bound the feature matrix's memory; kernels inside run on all cores.
  const int64_t chunk = 1 << 18;
  Progress progress("scoring pairs", n);
  for (int64_t b = 0; b < n; b += chunk) {
    int64_t e = std::min(n, b + chunk);
    FeatureMatrix x = ComputeFeatures(m.features, left, right, li + b, ri + b, e - b);
    std::vector<float> p = m.classifier.Predict(x);
    std::copy(p.begin(), p.end(), out.begin() + b);
    progress.Add(e - b);
  }
  progress.Finish();
  return out;
}

}  // namespace kindred::er
