#include "er/preprocess.h"

#include <cmath>

#include "common/file_util.h"
#include "common/thread_pool.h"
#include "er/similarity/phonetic.h"
#include "er/similarity/numeric.h"

namespace kindred::er {

std::string NormalizeText(std::string_view s, const std::unordered_set<std::string>* stop_words) {
  std::string out;
  out.reserve(s.size());
  bool pending_space = false;
  for (char c : s) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c);
  }
  if (stop_words && !stop_words->empty() && !out.empty()) {
    std::string kept;
    size_t start = 0;
    while (start <= out.size()) {
      size_t sp = out.find(' ', start);
      if (sp == std::string::npos) sp = out.size();
      std::string word = out.substr(start, sp - start);
      if (!word.empty() && !stop_words->count(word)) {
        if (!kept.empty()) kept.push_back(' ');
        kept += word;
      }
      start = sp + 1;
    }
    out = std::move(kept);
  }
  return out;
}

Result<std::unordered_set<std::string>> LoadStopWords(const std::string& path) {
  auto text = ReadFileToString(path);
  if (!text.ok()) return text.status().WithContext("stopWords");
  std::unordered_set<std::string> words;
  for (const auto& line : StrSplit(*text, '\n')) {
    std::string_view w = Trim(line);
    size_t comma = w.find(',');
    if (comma != std::string_view::npos) w = Trim(w.substr(0, comma));
    if (!w.empty()) words.insert(ToLower(w));
  }
  return words;
}

namespace {

ColumnPtr NormalizeColumn(const Column& col, const std::unordered_set<std::string>* stop_words) {
  const int64_t n = col.length();
  const int64_t morsel = 1 << 15;
  const int64_t chunks = (n + morsel - 1) / morsel;
  std::vector<ColumnPtr> parts(std::max<int64_t>(chunks, 1));
  if (n == 0) return ColumnBuilder(DataType::String()).Finish();
  ThreadPool::Default().ParallelFor(n, morsel, [&](int64_t b, int64_t e) {
    ColumnBuilder out(DataType::String(), e - b);
    std::string value;
    for (int64_t i = b; i < e; ++i) {
      if (col.IsNull(i)) {
        out.AppendNull();
        continue;
      }
      if (col.type().is_string_like()) {
        value = NormalizeText(col.GetString(i), stop_words);
      } else {
        value = NormalizeText(col.FormatValue(i), stop_words);
      }
      if (value.empty()) out.AppendNull();
      else out.AppendString(value);
    }
    parts[b / morsel] = out.Finish();
  });
  return ConcatColumns(parts);
}

ColumnPtr NumberColumn(const Column& col, const Column& text) {
  ColumnBuilder out(DataType::Float64(), col.length());
  for (int64_t i = 0; i < col.length(); ++i) {
    if (col.IsNull(i)) {
      out.AppendNull();
    } else if (col.type().is_numeric() || col.type().id == TypeId::kBool ||
               col.type().id == TypeId::kDate32) {
      out.AppendDouble(col.GetDouble(i));
    } else {
      double d;
      if (!text.IsNull(i) && ParseDouble(text.GetString(i), &d) && std::isfinite(d)) out.AppendDouble(d);
      else out.AppendNull();
    }
  }
  return out.Finish();
}

template <typename Derive>
ColumnPtr DeriveColumn(const Column& text, const Derive& derive) {
  ColumnBuilder out(DataType::String(), text.length());
  std::string v;
  for (int64_t i = 0; i < text.length(); ++i) {
    if (text.IsNull(i)) {
      out.AppendNull();
      continue;
    }
    v = derive(text.GetString(i));
    if (v.empty()) out.AppendNull();
    else out.AppendString(v);
  }
  return out.Finish();
}

}  // namespace

Result<PreparedData> PrepareData(const Config& config, TablePtr table) {
  PreparedData data;
  data.table = table;
  for (const auto& def : config.field_definitions) {
    if (!def.used()) continue;
    int idx = table->schema().FindField(def.fields);
    if (idx < 0) {
      return InvalidArgument("field '", def.field_name, "' reads column '", def.fields,
                             "', which is not in the data; available columns: ",
                             StrJoin(table->schema().names(), ", "));
    }
    std::unordered_set<std::string> stop_words;
    if (!def.stop_words.empty()) {
      ASSIGN_OR_RETURN(stop_words, LoadStopWords(def.stop_words));
    }
    PreparedField f;
    f.def = &def;
    f.input_column = idx;
    f.text = NormalizeColumn(*table->column(idx), stop_words.empty() ? nullptr : &stop_words);
    if (def.has(MatchType::kNumeric) || def.data_type == "integer" || def.data_type == "int" ||
        def.data_type == "long" || def.data_type == "bigint" || def.data_type == "double" ||
        def.data_type == "float") {
      f.number = NumberColumn(*table->column(idx), *f.text);
    }
    if (def.has(MatchType::kFuzzy)) f.bigrams = std::make_shared<const BigramSets>(*f.text);
    if (def.has(MatchType::kEmail))
      f.email_local = DeriveColumn(*f.text, [](std::string_view v) {
        return std::string(v.substr(0, v.find('@')));
      });
    if (def.has(MatchType::kOnlyAlphabetsExact) || def.has(MatchType::kOnlyAlphabetsFuzzy))
      f.alphabets = DeriveColumn(*f.text, [](std::string_view v) { return OnlyAlphabets(v); });
    if (def.has(MatchType::kPincode))
      f.pincode = DeriveColumn(*f.text, [](std::string_view v) { return DigitsOnly(v).substr(0, 5); });
    data.fields.push_back(std::move(f));
  }
  const int64_t n = table->num_rows();
  ColumnBuilder all(DataType::String(), n);
  std::string joined;
  for (int64_t i = 0; i < n; ++i) {
    joined.clear();
    for (const auto& f : data.fields) {
      if (f.text->IsNull(i)) continue;
      if (!joined.empty()) joined.push_back(' ');
      joined.append(f.text->GetString(i));
    }
    if (joined.empty()) all.AppendNull();
    else all.AppendString(joined);
  }
  data.record_text = all.Finish();
  data.record_bigrams = std::make_shared<const BigramSets>(*data.record_text);
  return data;
}

}  // namespace kindred::er
