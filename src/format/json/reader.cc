#include "format/json/reader.h"

#include <algorithm>
#include <limits>
#include <nlohmann/json.hpp>

#include "columnar/column.h"
#include "columnar/format_value.h"
#include "common/file_util.h"
#include "common/strings.h"
#include "format/csv/bad_records.h"

namespace kindred {
namespace {

using format_internal::BadRecord;
// ordered_json keeps keys in their written order, so a nested object stored as text reads
// back as it was written.
using Json = nlohmann::ordered_json;

// One input record: its parsed object (discarded when malformed) and where it came from.
struct JsonRecord {
  Json value;
  bool malformed = false;
  std::string reason;
  std::string source;
  int64_t line = 0;
  std::string raw;
};

// Parses `data` into records: one per line, or (multi_line) from one document.
void SplitRecords(std::string_view data, const std::string& source, bool multi_line,
                  std::vector<JsonRecord>* out) {
  auto add_value = [&](Json v, int64_t line, std::string_view raw) {
    auto add_one = [&](Json obj) {
      JsonRecord r;
      r.source = source;
      r.line = line;
      if (!obj.is_object()) {
        r.malformed = true;
        r.reason = StrCat("expected a JSON object, found ", obj.type_name());
        r.raw = std::string(raw);
      } else {
        r.value = std::move(obj);
      }
      out->push_back(std::move(r));
    };
    if (v.is_array()) {
      // Spark reads a top-level array as one row per element.
      for (auto& e : v) add_one(std::move(e));
    } else {
      add_one(std::move(v));
    }
  };
  auto add_bad = [&](int64_t line, std::string_view raw) {
    JsonRecord r;
    r.malformed = true;
    r.source = source;
    r.line = line;
    r.raw = std::string(raw);
    r.reason =
        format_internal::IsValidUtf8(raw.data(), raw.size()) ? "invalid JSON" : "invalid UTF-8";
    out->push_back(std::move(r));
  };
  if (data.size() >= 3 && data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  if (multi_line) {
    if (Trim(data).empty()) return;
    Json v = Json::parse(data.begin(), data.end(), nullptr, false);
    if (v.is_discarded()) {
      add_bad(1, data);
    } else {
      add_value(std::move(v), 1, data);
    }
    return;
  }
  int64_t line = 0;
  size_t pos = 0;
  while (pos < data.size()) {
    size_t nl = data.find('\n', pos);
    if (nl == std::string_view::npos) nl = data.size();
    std::string_view text = data.substr(pos, nl - pos);
    pos = nl + 1;
    ++line;
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    if (Trim(text).empty()) continue;
    Json v = Json::parse(text.begin(), text.end(), nullptr, false);
    if (v.is_discarded()) {
      add_bad(line, text);
    } else {
      add_value(std::move(v), line, text);
    }
  }
}

// --- Schema inference -------------------------------------------------------------------

DataType MergeTypes(const DataType& a, const DataType& b) {
  if (a.id == TypeId::kNull) return b;
  if (b.id == TypeId::kNull) return a;
  if (a.id == TypeId::kList && b.id == TypeId::kList)
    return DataType::List(MergeTypes(*a.element, *b.element));
  if (a == b) return a;
  if ((a.id == TypeId::kInt64 && b.id == TypeId::kFloat64) ||
      (a.id == TypeId::kFloat64 && b.id == TypeId::kInt64))
    return DataType::Float64();
  return DataType::String();
}

DataType InferType(const Json& v) {
  switch (v.type()) {
    case Json::value_t::null:
      return DataType::Null();
    case Json::value_t::boolean:
      return DataType::Bool();
    case Json::value_t::number_integer:
      return DataType::Int64();
    case Json::value_t::number_unsigned:
      return v.get<uint64_t>() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())
                 ? DataType::Int64()
                 : DataType::Float64();
    case Json::value_t::number_float:
      return DataType::Float64();
    case Json::value_t::array: {
      DataType e = DataType::Null();
      for (const Json& x : v) e = MergeTypes(e, InferType(x));
      return DataType::List(e);
    }
    default:
      return DataType::String();  // strings, and objects kept as JSON text
  }
}

// A key that is only ever null (or an empty array's element) becomes string, as in Spark.
DataType Finalize(const DataType& t) {
  if (t.id == TypeId::kNull) return DataType::String();
  if (t.id == TypeId::kList) return DataType::List(Finalize(*t.element));
  return t;
}

Schema InferSchema(const std::vector<JsonRecord>& records) {
  std::map<std::string, DataType> fields;  // sorted by name, as Spark orders inferred fields
  for (const JsonRecord& r : records) {
    if (r.malformed) continue;
    for (auto it = r.value.begin(); it != r.value.end(); ++it) {
      auto [slot, inserted] = fields.emplace(it.key(), DataType::Null());
      slot->second = MergeTypes(slot->second, InferType(it.value()));
    }
  }
  Schema schema;
  for (auto& [name, type] : fields) schema.AddField(Field{name, Finalize(type), true});
  return schema;
}

// --- Conversion -------------------------------------------------------------------------

bool DecodeBase64(std::string_view s, std::string* out) {
  auto digit = [](char c) -> int {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
  };
  while (!s.empty() && s.back() == '=') s.remove_suffix(1);
  uint32_t acc = 0;
  int bits = 0;
  for (char c : s) {
    int d = digit(c);
    if (d < 0) return false;
    acc = (acc << 6) | static_cast<uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return true;
}

// Converts `v` to type `t` and appends it to `b`; with b == nullptr only checks. Returns false
// when the value does not fit the type (a null is then appended).
bool AppendValue(const Json& v, const DataType& t, ColumnBuilder* b) {
  if (v.is_null() || t.id == TypeId::kNull) {
    if (b) b->AppendNull();
    return true;
  }
  auto fail = [&] {
    if (b) b->AppendNull();
    return false;
  };
  switch (t.id) {
    case TypeId::kBinary: {
      // Spark writes binary as base64 text.
      std::string bytes;
      if (!v.is_string() || !DecodeBase64(v.get_ref<const std::string&>(), &bytes)) return fail();
      if (b) b->AppendString(bytes);
      return true;
    }
    case TypeId::kString:
      if (b) {
        if (v.is_string()) {
          b->AppendString(v.get_ref<const std::string&>());
        } else {
          b->AppendString(v.dump(-1, ' ', false, Json::error_handler_t::replace));
        }
      }
      return true;
    case TypeId::kBool:
      if (!v.is_boolean()) return fail();
      if (b) b->AppendBool(v.get<bool>());
      return true;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: {
      if (!v.is_number_integer()) return fail();
      int64_t x;
      if (v.is_number_unsigned()) {
        uint64_t u = v.get<uint64_t>();
        if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return fail();
        x = static_cast<int64_t>(u);
      } else {
        x = v.get<int64_t>();
      }
      int64_t lo = std::numeric_limits<int64_t>::min(), hi = std::numeric_limits<int64_t>::max();
      if (t.id == TypeId::kInt8) lo = -128, hi = 127;
      if (t.id == TypeId::kInt16) lo = -32768, hi = 32767;
      if (t.id == TypeId::kInt32) {
        lo = std::numeric_limits<int32_t>::min();
        hi = std::numeric_limits<int32_t>::max();
      }
      if (x < lo || x > hi) return fail();
      if (b) b->AppendInt(x);
      return true;
    }
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d;
      if (v.is_number()) {
        d = v.get<double>();
      } else if (v.is_string()) {
        // Spark's allowNonNumericNumbers: "NaN", "Infinity", "-Infinity" as strings.
        const std::string& s = v.get_ref<const std::string&>();
        if (s != "NaN" && s != "Infinity" && s != "-Infinity" && s != "+Infinity") return fail();
        ParseDouble(s, &d);
      } else {
        return fail();
      }
      if (b) b->AppendDouble(d);
      return true;
    }
    case TypeId::kDecimal128: {
      std::string text = v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : "";
      __int128 x;
      if (text.empty() || !format_internal::ParseDecimalForType(text, t.precision, t.scale, &x))
        return fail();
      if (b) b->AppendDecimal(x);
      return true;
    }
    case TypeId::kDate32: {
      int32_t days;
      if (!v.is_string() || !ParseDate(v.get_ref<const std::string&>(), &days)) return fail();
      if (b) b->AppendInt(days);
      return true;
    }
    case TypeId::kTimestamp: {
      int64_t micros;
      if (v.is_number_integer()) {
        micros = v.get<int64_t>() * 1000000;  // Spark reads a number as epoch seconds
      } else if (!v.is_string() || !ParseTimestamp(v.get_ref<const std::string&>(), &micros)) {
        return fail();
      }
      if (b) b->AppendInt(micros);
      return true;
    }
    case TypeId::kList: {
      if (!v.is_array()) return fail();
      bool ok = true;
      for (const Json& e : v) ok &= AppendValue(e, *t.element, b ? &b->child_builder() : nullptr);
      if (b) b->AppendListEnd();
      return ok;
    }
    default:
      return fail();
  }
}

// Reads records from one or more sources into one table.
class JsonReadJob {
 public:
  explicit JsonReadJob(const JsonReadOptions& o) : opts_(o) {}

  void AddSource(std::string_view data, const std::string& source) {
    SplitRecords(data, source, opts_.multi_line, &records_);
  }

  Result<TablePtr> Finish(int64_t* bad_count) {
    Schema schema = opts_.schema ? *opts_.schema : InferSchema(records_);
    int n = schema.num_fields();
    std::vector<ColumnBuilder> builders;
    builders.reserve(n);
    for (const Field& f : schema.fields()) builders.emplace_back(f.type, records_.size());
    std::vector<BadRecord> bad;
    std::vector<const Json*> values(n);
    static const Json kNull;
    for (JsonRecord& r : records_) {
      std::string reason = r.reason;
      bool malformed = r.malformed;
      for (int c = 0; c < n; ++c) values[c] = &kNull;
      if (!malformed) {
        for (int c = 0; c < n; ++c) {
          auto it = r.value.find(schema.field(c).name);
          if (it == r.value.end()) continue;
          values[c] = &*it;
          if (!AppendValue(*it, schema.field(c).type, nullptr)) {
            reason = StrCat("field '", schema.field(c).name, "': cannot read ",
                            it->dump(-1, ' ', false, Json::error_handler_t::replace), " as ",
                            schema.field(c).type.ToString());
            malformed = true;
            break;
          }
        }
      }
      if (malformed) {
        // Valid JSON is not kept as text (that would double memory); its compact form stands in.
        std::string raw =
            r.raw.empty() ? r.value.dump(-1, ' ', false, Json::error_handler_t::replace) : r.raw;
        bad.push_back(BadRecord{r.source, r.line, reason, std::move(raw)});
        if (opts_.mode == CsvParseMode::kFailFast) {
          RETURN_IF_ERROR(WriteBad(bad));
          return InvalidArgument(format_internal::DescribeBadRecord(bad.back()));
        }
        if (opts_.mode == CsvParseMode::kDropMalformed) continue;
      }
      for (int c = 0; c < n; ++c) AppendValue(*values[c], schema.field(c).type, &builders[c]);
    }
    records_.clear();
    RETURN_IF_ERROR(WriteBad(bad));
    if (bad_count) *bad_count = static_cast<int64_t>(bad.size());
    std::vector<ColumnPtr> columns;
    for (auto& b : builders) columns.push_back(b.Finish());
    return Table::MakeChecked(std::move(schema), std::move(columns));
  }

 private:
  Status WriteBad(const std::vector<BadRecord>& bad) {
    if (opts_.bad_records_path.empty()) return OkStatus();
    return format_internal::WriteBadRecords(opts_.bad_records_path, bad);
  }

  JsonReadOptions opts_;
  std::vector<JsonRecord> records_;
};

Status CheckSchema(const JsonReadOptions& opts) {
  if (!opts.schema) return OkStatus();
  for (const Field& f : opts.schema->fields()) {
    for (const DataType* t = &f.type; t; t = t->element.get()) {
      if (t->id == TypeId::kList && !t->element)
        return InvalidArgument("JSON schema: column '", f.name,
                               "' has an array type without "
                               "an element type");
    }
  }
  return OkStatus();
}

}  // namespace

Result<TablePtr> ReadJsonFiles(const std::vector<std::string>& paths, const JsonReadOptions& opts,
                               int64_t* bad_records) {
  RETURN_IF_ERROR(CheckSchema(opts));
  ASSIGN_OR_RETURN(std::vector<std::string> files,
                   format_internal::ExpandPartFiles(paths, ".json"));
  JsonReadJob job(opts);
  for (const std::string& f : files) {
    ASSIGN_OR_RETURN(std::string data, ReadFileToString(f));
    job.AddSource(data, f);
  }
  return job.Finish(bad_records);
}

Result<TablePtr> ReadJsonFile(const std::string& path, const JsonReadOptions& opts,
                              int64_t* bad_records) {
  return ReadJsonFiles({path}, opts, bad_records);
}

Result<TablePtr> ReadJsonString(std::string_view data, const JsonReadOptions& opts,
                                int64_t* bad_records, const std::string& source_name) {
  RETURN_IF_ERROR(CheckSchema(opts));
  JsonReadJob job(opts);
  job.AddSource(data, source_name);
  return job.Finish(bad_records);
}

Result<JsonReadOptions> JsonOptionsFromMap(const std::map<std::string, std::string>& props) {
  JsonReadOptions o;
  for (const auto& [key, value] : props) {
    std::string k = ToLower(key);
    if (k == "mode") {
      ASSIGN_OR_RETURN(o.mode, ParseCsvParseMode(value));
    } else if (k == "badrecordspath") {
      o.bad_records_path = value;
    } else if (k == "multiline") {
      std::string_view v = Trim(value);
      if (EqualsIgnoreCase(v, "true")) {
        o.multi_line = true;
      } else if (EqualsIgnoreCase(v, "false")) {
        o.multi_line = false;
      } else {
        return InvalidArgument("option '", key, "' must be true or false, got '", value, "'");
      }
    } else if (k == "schema") {
      Result<Schema> s = ParseDdlSchema(value);
      if (!s.ok()) return s.status().WithContext("JSON option 'schema'");
      o.schema = std::move(*s);
    }
  }
  return o;
}

}  // namespace kindred
