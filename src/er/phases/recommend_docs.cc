#include <algorithm>
#include <map>
#include <unordered_map>

#include "common/file_util.h"
#include "er/phases/phases.h"
#include "er/pipe_io.h"

namespace kindred::er {

namespace {
std::string Html(std::string_view s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      case '&': o += "&amp;"; break;
      case '"': o += "&quot;"; break;
      default: o += c;
    }
  }
  return o;
}
}  // namespace

// Stop words: the words frequent enough to carry little identity. A word is recommended when it
// appears in more than stopWordsCutoff of the records that have a value in the column.
Status RunRecommend(const Config& config, const PhaseOptions& opts) {
  if (opts.column.empty()) return InvalidArgument("recommend: --column COLUMN is required");
  ASSIGN_OR_RETURN(TablePtr input, ReadPipes(config.data));
  ASSIGN_OR_RETURN(ColumnPtr col, input->GetColumn(opts.column));
  std::unordered_map<std::string, int64_t> docs;
  int64_t with_value = 0;
  for (int64_t i = 0; i < col->length(); ++i) {
    if (col->IsNull(i)) continue;
    std::string text = NormalizeText(col->FormatValue(i), nullptr);
    if (text.empty()) continue;
    ++with_value;
    std::vector<std::string> words = StrSplit(text, ' ');
    std::sort(words.begin(), words.end());
    words.erase(std::unique(words.begin(), words.end()), words.end());
    for (const auto& w : words) docs[w]++;
  }
  std::vector<std::pair<std::string, int64_t>> stop;
  for (const auto& [w, c] : docs)
    if (with_value > 0 && double(c) / with_value > config.stop_words_cutoff) stop.emplace_back(w, c);
  std::sort(stop.begin(), stop.end(), [](auto& a, auto& b) { return a.second > b.second; });
  std::string csv = "word,count\n";
  for (const auto& [w, c] : stop) csv += StrCat(w, ",", c, "\n");
  std::string path = StrCat(config.ModelDir(), "/stopWords/", opts.column, ".csv");
  RETURN_IF_ERROR(WriteFileAtomic(path, csv));
  *opts.out << "recommend: " << stop.size() << " stop word(s) for column '" << opts.column
            << "' (in more than " << config.stop_words_cutoff * 100 << "% of " << with_value
            << " values) written to " << path << "\n";
  for (size_t i = 0; i < stop.size() && i < 20; ++i)
    *opts.out << "  " << stop[i].first << " (" << stop[i].second << ")\n";
  return OkStatus();
}

Status RunGenerateDocs(const Config& config, const PhaseOptions& opts) {
  ASSIGN_OR_RETURN(TrainingSet marked, LoadTrainingSet(MarkedPath(config)));
  std::string html =
      "<!doctype html><html><head><meta charset=\"utf-8\"><title>Kindred model " +
      Html(config.model_id) +
      "</title><style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
      "td,th{border:1px solid #ccc;padding:2px 6px}.m{background:#e6ffe6}.n{background:#ffe6e6}"
      "</style></head><body>";
  html += "<h1>Model " + Html(config.model_id) + "</h1><h2>Fields</h2><table><tr><th>field</th>"
          "<th>column</th><th>type</th><th>match types</th></tr>";
  for (const auto& f : config.field_definitions) {
    std::vector<std::string> t;
    for (auto m : f.match_types) t.push_back(MatchTypeName(m));
    html += "<tr><td>" + Html(f.field_name) + "</td><td>" + Html(f.fields) + "</td><td>" +
            Html(f.data_type) + "</td><td>" + Html(StrJoin(t, ", ")) + "</td></tr>";
  }
  html += "</table>";
  auto text = ReadFileToString(ModelPath(config));
  if (text.ok()) {
    auto j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_discarded()) {
      html += "<h2>Blocking functions</h2><ul>";
      for (const auto& r : j["blocking"]["rules"]) {
        std::vector<std::string> keys;
        for (const auto& k : r["keys"]) {
          std::string fn = k.value("function", "");
          int p = k.value("param", 0);
          keys.push_back(fn + (p ? std::to_string(p) : "") + "(" + k.value("field", "") + ")");
        }
        html += "<li>" + Html(StrJoin(keys, " AND ")) + "</li>";
      }
      html += "</ul><h2>Features and model weights</h2><table><tr><th>feature</th><th>weight</th></tr>";
      const auto& cls = j["classifier"];
      if (cls.contains("features") && cls["features"].is_array()) {
        for (const auto& f : cls["features"])
          html += "<tr><td>" + Html(f.value("name", "")) + "</td><td>" +
                  StrCat(f.value("weight", 0.0)) + "</td></tr>";
      } else if (cls.contains("weights")) {
        auto names = j["features"].value("baseNames", nlohmann::json::array());
        size_t i = 0;
        for (const auto& w : cls["weights"]) {
          std::string name = i < names.size() ? names[i].get<std::string>() : StrCat("feature ", i);
          html += "<tr><td>" + Html(name) + "</td><td>" + w.dump() + "</td></tr>";
          ++i;
        }
      }
      html += "</table><h2>Training statistics</h2><pre>" + Html(j["stats"].dump(2)) + "</pre>";
    }
  } else {
    html += "<p>No trained model yet.</p>";
  }
  html += "<h2>Labelled pairs (" + std::to_string(marked.pairs.size()) + ")</h2><table><tr><th>label</th>";
  for (const auto& c : marked.columns) html += "<th>" + Html(c) + "</th>";
  html += "</tr>";
  for (const auto& p : marked.pairs) {
    const char* cls = p.label == kLabelMatch ? "m" : (p.label == kLabelNoMatch ? "n" : "");
    std::string label = p.label == kLabelMatch ? "match" : p.label == kLabelNoMatch ? "no match" : "not sure";
    for (int side = 0; side < 2; ++side) {
      html += StrCat("<tr class=\"", cls, "\"><td>", side == 0 ? label : "", "</td>");
      for (const auto& v : side == 0 ? p.left : p.right) html += "<td>" + Html(v) + "</td>";
      html += "</tr>";
    }
  }
  html += "</table></body></html>\n";
  std::string path = config.ModelDir() + "/docs/model.html";
  RETURN_IF_ERROR(WriteFileAtomic(path, html));
  *opts.out << "generateDocs: wrote " << path << "\n";
  return OkStatus();
}

const std::vector<std::string>& PhaseNames() {
  static const std::vector<std::string> names = {
      "findTrainingData", "label",        "train",     "match",     "link",
      "trainMatch",       "findAndLabel", "updateLabel", "recommend", "generateDocs"};
  return names;
}

Status RunPhase(const std::string& phase, const Config& config, const PhaseOptions& opts) {
  std::string p = ToLower(phase);
  if (p == "findtrainingdata") return RunFindTrainingData(config, opts);
  if (p == "label") return RunLabel(config, opts);
  if (p == "train") return RunTrain(config, opts);
  if (p == "match") return RunMatch(config, opts);
  if (p == "link") return RunLink(config, opts);
  if (p == "trainmatch") {
    RETURN_IF_ERROR(RunTrain(config, opts));
    return RunMatch(config, opts);
  }
  if (p == "findandlabel") {
    for (int r = 0; r < std::max(1, opts.rounds); ++r) {
      RETURN_IF_ERROR(RunFindTrainingData(config, opts));
      RETURN_IF_ERROR(RunLabel(config, opts));
    }
    return OkStatus();
  }
  if (p == "updatelabel") return RunUpdateLabel(config, opts);
  if (p == "recommend") return RunRecommend(config, opts);
  if (p == "generatedocs") return RunGenerateDocs(config, opts);
  return InvalidArgument("unknown phase '", phase, "' (phases: ", StrJoin(PhaseNames(), ", "), ")");
}

}  // namespace kindred::er
