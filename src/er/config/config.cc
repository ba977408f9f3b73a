#include "er/config/config.h"

#include <cstdio>
#include <cstdlib>
#include <set>

#include <nlohmann/json.hpp>

#include "common/file_util.h"

namespace kindred::er {

namespace {

struct MatchTypeEntry {
  MatchType type;
  const char* name;
};
constexpr MatchTypeEntry kMatchTypes[] = {
    {MatchType::kFuzzy, "FUZZY"},
    {MatchType::kExact, "EXACT"},
    {MatchType::kDontUse, "DONT_USE"},
    {MatchType::kEmail, "EMAIL"},
    {MatchType::kPincode, "PINCODE"},
    {MatchType::kNullOrBlank, "NULL_OR_BLANK"},
    {MatchType::kText, "TEXT"},
    {MatchType::kNumeric, "NUMERIC"},
    {MatchType::kNumericWithUnits, "NUMERIC_WITH_UNITS"},
    {MatchType::kOnlyAlphabetsExact, "ONLY_ALPHABETS_EXACT"},
    {MatchType::kOnlyAlphabetsFuzzy, "ONLY_ALPHABETS_FUZZY"},
};

using nlohmann::json;

std::string Stringify(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) return StrCat(v.get<double>());
  return v.dump();
}

Status TypeError(const std::string& key, const char* want, const json& got) {
  return InvalidArgument(key, ": expected ", want, ", found ", got.type_name(), " ", got.dump());
}

Result<std::string> GetString(const json& obj, const std::string& key, const std::string& where,
                              bool required, std::string fallback = "") {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) {
    if (required) return InvalidArgument(where, key, ": required key is missing");
    return fallback;
  }
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number() || it->is_boolean()) return Stringify(*it);
  return TypeError(where + key, "a string", *it);
}

Result<double> GetNumber(const json& obj, const std::string& key, double fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (it->is_number()) return it->get<double>();
  if (it->is_string()) {
    double d;
    if (ParseDouble(it->get<std::string>(), &d)) return d;
  }
  return TypeError(key, "a number", *it);
}

Result<bool> GetBool(const json& obj, const std::string& key, bool fallback) {
  auto it = obj.find(key);
  if (it == obj.end() || it->is_null()) return fallback;
  if (it->is_boolean()) return it->get<bool>();
  if (it->is_string()) {
    std::string s = ToLower(it->get<std::string>());
    if (s == "true") return true;
    if (s == "false") return false;
  }
  return TypeError(key, "true or false", *it);
}

void WarnUnknownKeys(const json& obj, const std::set<std::string>& known, const std::string& where,
                     const std::string& source) {
  for (auto it = obj.begin(); it != obj.end(); ++it) {
    if (!known.count(it.key()))
      std::fprintf(stderr, "warning: %s: unknown key '%s%s' is ignored\n", source.c_str(),
                   where.c_str(), it.key().c_str());
  }
}

Result<std::vector<Pipe>> ParsePipes(const json& root, const std::string& key,
                                     const std::string& source) {
  std::vector<Pipe> pipes;
  auto it = root.find(key);
  if (it == root.end() || it->is_null()) return pipes;
  json arr = *it;
  if (arr.is_object()) arr = json::array({arr});
  if (!arr.is_array()) return TypeError(key, "a list of pipes", arr);
  for (size_t i = 0; i < arr.size(); ++i) {
    const json& p = arr[i];
    std::string where = StrCat(key, "[", i, "].");
    if (!p.is_object()) return TypeError(where, "an object", p);
    WarnUnknownKeys(p, {"name", "format", "props", "schema", "mode", "preprocessors", "id"}, where,
                    source);
    Pipe pipe;
    ASSIGN_OR_RETURN(pipe.name, GetString(p, "name", where, false, key));
    ASSIGN_OR_RETURN(pipe.format, GetString(p, "format", where, false, "csv"));
    pipe.format = ToLower(pipe.format);
    ASSIGN_OR_RETURN(pipe.schema, GetString(p, "schema", where, false));
    ASSIGN_OR_RETURN(pipe.mode, GetString(p, "mode", where, false));
    auto props = p.find("props");
    if (props != p.end() && !props->is_null()) {
      if (!props->is_object()) return TypeError(where + "props", "an object", *props);
      for (auto pi = props->begin(); pi != props->end(); ++pi)
        pipe.props[pi.key()] = Stringify(pi.value());
    }
    // Zingg's Python pipes name the file "location"; its JSON configs and Spark say "path".
    if (pipe.props.count("path") == 0) {
      auto location = pipe.props.find("location");
      if (location != pipe.props.end()) {
        pipe.props["path"] = location->second;
        pipe.props.erase("location");
      }
    }
    if (pipe.format != "csv" && pipe.format != "json")
      return InvalidArgument(where, "format: '", pipe.format,
                             "' is not supported (supported: csv, json)");
    if (pipe.path().empty())
      return InvalidArgument(where, "props.path (or props.location): required key is missing");
    if (!pipe.schema.empty()) {
      auto s = ParseDdlSchema(pipe.schema);
      if (!s.ok()) return InvalidArgument(where, "schema: ", s.status().message());
    }
    pipes.push_back(std::move(pipe));
  }
  return pipes;
}

}  // namespace

const char* MatchTypeName(MatchType t) {
  for (const auto& e : kMatchTypes)
    if (e.type == t) return e.name;
  return "?";
}

Result<MatchType> ParseMatchType(std::string_view name) {
  std::string upper = ToUpper(Trim(name));
  for (const auto& e : kMatchTypes)
    if (upper == e.name) return e.type;
  std::vector<std::string> names;
  for (const auto& e : kMatchTypes) names.push_back(e.name);
  return InvalidArgument("unknown match type '", Trim(name), "' (known: ", StrJoin(names, ", "),
                         ")");
}

bool FieldDefinition::has(MatchType t) const {
  for (auto m : match_types)
    if (m == t) return true;
  return false;
}

bool FieldDefinition::used() const { return !match_types.empty() && !has(MatchType::kDontUse); }

std::string Pipe::path() const {
  auto it = props.find("path");
  return it == props.end() ? "" : it->second;
}

std::string Config::ModelDir() const { return zingg_dir + "/" + model_id; }

std::vector<const FieldDefinition*> Config::UsedFields() const {
  std::vector<const FieldDefinition*> out;
  for (const auto& f : field_definitions)
    if (f.used()) out.push_back(&f);
  return out;
}

Result<std::string> SubstituteEnvironment(std::string_view text) {
  std::string out;
  size_t i = 0;
  while (i < text.size()) {
    size_t a = text.find('$', i);
    if (a == std::string_view::npos) break;
    size_t b = text.find('$', a + 1);
    if (b == std::string_view::npos) break;
    std::string_view name = text.substr(a + 1, b - a - 1);
    bool is_name = !name.empty();
    for (char c : name)
      if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) is_name = false;
    if (!is_name) {
      out.append(text.substr(i, a + 1 - i));
      i = a + 1;
      continue;
    }
    const char* value = std::getenv(std::string(name).c_str());
    if (!value)
      return InvalidArgument("$", name, "$ is used in the config but environment variable ", name,
                             " is not set");
    out.append(text.substr(i, a - i));
    out.append(value);
    i = b + 1;
  }
  out.append(text.substr(i));
  return out;
}

Result<Config> ParseConfig(std::string_view text, const std::string& source) {
  json root;
  try {
    root = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    return InvalidArgument(source, ": not valid JSON: ", e.what());
  }
  if (!root.is_object()) return InvalidArgument(source, ": the config must be a JSON object");
  WarnUnknownKeys(root,
                  {"fieldDefinition", "data", "output", "trainingSamples", "zinggDir", "modelId",
                   "labelDataSampleSize", "numPartitions", "blockSize", "showConcise", "threshold",
                   "stopWordsCutoff", "collectMetrics", "jobId", "column"},
                  "", source);
  Config c;
  c.config_path = source;
  auto fd = root.find("fieldDefinition");
  if (fd == root.end() || !fd->is_array() || fd->empty())
    return InvalidArgument("fieldDefinition: required key is missing or not a non-empty list");
  std::set<std::string> seen;
  for (size_t i = 0; i < fd->size(); ++i) {
    const json& f = (*fd)[i];
    std::string where = StrCat("fieldDefinition[", i, "].");
    if (!f.is_object()) return TypeError(where, "an object", f);
    WarnUnknownKeys(f, {"fieldName", "fields", "dataType", "matchType", "stopWords",
                        "abbreviations", "showConcise"},
                    where, source);
    FieldDefinition d;
    ASSIGN_OR_RETURN(d.field_name, GetString(f, "fieldName", where, true));
    ASSIGN_OR_RETURN(d.fields, GetString(f, "fields", where, false, d.field_name));
    ASSIGN_OR_RETURN(d.data_type, GetString(f, "dataType", where, false, "string"));
    d.data_type = ToLower(Trim(d.data_type));
    // Zingg accepts Spark type names; "\"string\"" with quotes appears in old configs.
    if (d.data_type.size() > 2 && d.data_type.front() == '"') d.data_type = d.data_type.substr(1, d.data_type.size() - 2);
    static const std::set<std::string> kTypes = {"string", "integer", "int", "long", "bigint",
                                                 "double", "float", "date", "boolean"};
    if (!kTypes.count(d.data_type))
      return InvalidArgument(where, "dataType: unknown data type '", d.data_type,
                             "' (known: string, integer, long, double, date, boolean)");
    if (!seen.insert(d.field_name).second)
      return InvalidArgument(where, "fieldName: '", d.field_name, "' is defined twice");
    auto mt = f.find("matchType");
    if (mt == f.end() || mt->is_null())
      return InvalidArgument(where, "matchType: required key is missing");
    std::vector<std::string> names;
    if (mt->is_string()) {
      names = StrSplit(mt->get<std::string>(), ',');
    } else if (mt->is_array()) {
      for (const auto& m : *mt) {
        if (m.is_string()) names.push_back(m.get<std::string>());
        else if (m.is_object() && m.contains("name")) names.push_back(Stringify(m["name"]));
        else return TypeError(where + "matchType", "match type names", m);
      }
    } else {
      return TypeError(where + "matchType", "a comma-separated string", *mt);
    }
    for (const auto& n : names) {
      if (Trim(n).empty()) continue;
      auto t = ParseMatchType(n);
      if (!t.ok()) return InvalidArgument(where, "matchType: ", t.status().message());
      d.match_types.push_back(*t);
    }
    if (d.match_types.empty()) return InvalidArgument(where, "matchType: is empty");
    ASSIGN_OR_RETURN(d.stop_words, GetString(f, "stopWords", where, false));
    ASSIGN_OR_RETURN(d.abbreviations, GetString(f, "abbreviations", where, false));
    c.field_definitions.push_back(std::move(d));
  }
  if (c.UsedFields().empty())
    return InvalidArgument("fieldDefinition: every field is DONT_USE; at least one must be matched");
  ASSIGN_OR_RETURN(c.data, ParsePipes(root, "data", source));
  ASSIGN_OR_RETURN(c.output, ParsePipes(root, "output", source));
  ASSIGN_OR_RETURN(c.training_samples, ParsePipes(root, "trainingSamples", source));
  ASSIGN_OR_RETURN(c.zingg_dir, GetString(root, "zinggDir", "", false, "/tmp/zingg"));
  ASSIGN_OR_RETURN(c.model_id, GetString(root, "modelId", "", false, "1"));
  if (c.model_id.empty() || c.model_id.find('/') != std::string::npos || c.model_id == ".." )
    return InvalidArgument("modelId: '", c.model_id, "' is not a valid model id");
  double num;
  ASSIGN_OR_RETURN(c.label_data_sample_size, GetNumber(root, "labelDataSampleSize", 0.01));
  if (!(c.label_data_sample_size > 0 && c.label_data_sample_size <= 1))
    return InvalidArgument("labelDataSampleSize: must be in (0, 1], found ",
                           c.label_data_sample_size);
  ASSIGN_OR_RETURN(num, GetNumber(root, "numPartitions", 0));
  c.num_partitions = static_cast<int>(num);
  ASSIGN_OR_RETURN(num, GetNumber(root, "blockSize", 100));
  if (num < 2) return InvalidArgument("blockSize: must be at least 2, found ", num);
  c.block_size = static_cast<int64_t>(num);
  ASSIGN_OR_RETURN(c.show_concise, GetBool(root, "showConcise", false));
  ASSIGN_OR_RETURN(c.collect_metrics, GetBool(root, "collectMetrics", true));
  ASSIGN_OR_RETURN(c.threshold, GetNumber(root, "threshold", 0.5));
  if (!(c.threshold > 0 && c.threshold < 1))
    return InvalidArgument("threshold: must be between 0 and 1, found ", c.threshold);
  ASSIGN_OR_RETURN(c.stop_words_cutoff, GetNumber(root, "stopWordsCutoff", 0.1));
  return c;
}

Result<Config> LoadConfig(const std::string& path) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return text.status().WithContext("config");
  ASSIGN_OR_RETURN(std::string substituted, SubstituteEnvironment(*text));
  auto c = ParseConfig(substituted, path);
  if (!c.ok()) return c.status().WithContext(path);
  return c;
}

}  // namespace kindred::er
