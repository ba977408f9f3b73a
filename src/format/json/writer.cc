#include "format/json/writer.h"

#include <cmath>
#include <cstdio>

#include "columnar/format_value.h"
#include "common/file_util.h"
#include "common/thread_pool.h"

namespace kindred {
namespace {

constexpr int64_t kRowsPerBlock = 8192;

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"':
        out->append("\\\"");
        break;
      case '\\':
        out->append("\\\\");
        break;
      case '\n':
        out->append("\\n");
        break;
      case '\r':
        out->append("\\r");
        break;
      case '\t':
        out->append("\\t");
        break;
      case '\b':
        out->append("\\b");
        break;
      case '\f':
        out->append("\\f");
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          out->append(buf);
        } else {
          out->push_back(ch);
        }
    }
  }
  out->push_back('"');
}

std::string Base64(std::string_view s) {
  static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    for (int k = 3; k >= 0; --k) out.push_back(kAlphabet[(v >> (6 * k)) & 63]);
  }
  if (i < s.size()) {
    uint32_t v = uint8_t(s[i]) << 16;
    if (i + 1 < s.size()) v |= uint8_t(s[i + 1]) << 8;
    out.push_back(kAlphabet[(v >> 18) & 63]);
    out.push_back(kAlphabet[(v >> 12) & 63]);
    out.push_back(i + 1 < s.size() ? kAlphabet[(v >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

// Spark's default JSON timestampFormat, yyyy-MM-dd'T'HH:mm:ss.SSSXXX, in UTC.
std::string JsonTimestamp(int64_t micros) {
  int64_t secs = micros >= 0 ? micros / 1000000 : -((-micros + 999999) / 1000000);
  int64_t frac = micros - secs * 1000000;
  int64_t days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
  int64_t rem = secs - days * 86400;
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ",
                static_cast<long long>(y), m, d, static_cast<long long>(rem / 3600),
                static_cast<long long>(rem / 60 % 60), static_cast<long long>(rem % 60),
                static_cast<long long>(frac / 1000));
  return buf;
}

void AppendValue(const Column& col, int64_t i, std::string* out) {
  if (col.IsNull(i)) {
    out->append("null");
    return;
  }
  switch (col.type().id) {
    case TypeId::kString:
      AppendJsonString(col.GetString(i), out);
      break;
    case TypeId::kBinary:
      AppendJsonString(Base64(col.GetString(i)), out);
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64: {
      double d = col.GetDouble(i);
      if (std::isfinite(d)) {
        out->append(col.FormatValue(i));
      } else {
        AppendJsonString(col.FormatValue(i), out);  // "NaN", "Infinity", "-Infinity"
      }
      break;
    }
    case TypeId::kDate32:
      AppendJsonString(col.FormatValue(i), out);
      break;
    case TypeId::kTimestamp:
      AppendJsonString(JsonTimestamp(col.Value<int64_t>(i)), out);
      break;
    case TypeId::kList: {
      out->push_back('[');
      const int32_t* o = col.offsets();
      for (int32_t k = o[i]; k < o[i + 1]; ++k) {
        if (k > o[i]) out->push_back(',');
        AppendValue(*col.child(), k, out);
      }
      out->push_back(']');
      break;
    }
    case TypeId::kNull:
      out->append("null");
      break;
    default:
      out->append(col.FormatValue(i));
      break;  // booleans, integers, decimals
  }
}

void AppendRows(const Table& table, int64_t begin, int64_t end,
                const std::vector<std::string>& keys, std::string* out) {
  for (int64_t r = begin; r < end; ++r) {
    out->push_back('{');
    bool first = true;
    for (int c = 0; c < table.num_columns(); ++c) {
      const Column& col = *table.column(c);
      if (col.IsNull(r)) continue;  // Spark omits null fields
      if (!first) out->push_back(',');
      first = false;
      out->append(keys[c]);
      AppendValue(col, r, out);
    }
    out->append("}\n");
  }
}

template <typename Sink>
Status FormatBlocks(const Table& table, Sink&& sink) {
  std::vector<std::string> keys;
  for (const Field& f : table.schema().fields()) {
    std::string k;
    AppendJsonString(f.name, &k);
    keys.push_back(k + ":");
  }
  ThreadPool& pool = ThreadPool::Default();
  int64_t rows = table.num_rows();
  int64_t nblocks = (rows + kRowsPerBlock - 1) / kRowsPerBlock;
  int64_t group = (pool.size() + 1) * 4;  // size() counts workers; the caller works too
  std::vector<std::string> texts;
  for (int64_t g = 0; g < nblocks; g += group) {
    int64_t count = std::min(group, nblocks - g);
    texts.assign(count, std::string());
    pool.ParallelFor(count, 1, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i) {
        int64_t first = (g + i) * kRowsPerBlock;
        AppendRows(table, first, std::min(rows, first + kRowsPerBlock), keys, &texts[i]);
      }
    });
    for (auto& t : texts) RETURN_IF_ERROR(sink(t));
  }
  return OkStatus();
}

}  // namespace

std::string WriteJsonString(const Table& table) {
  std::string out;
  Status st = FormatBlocks(table, [&](const std::string& t) {
    out += t;
    return OkStatus();
  });
  (void)st;  // appending to a string cannot fail
  return out;
}

Status WriteJsonFile(const Table& table, const std::string& path) {
  AtomicFileWriter w;
  RETURN_IF_ERROR(w.Open(path));
  RETURN_IF_ERROR(FormatBlocks(table, [&](const std::string& t) { return w.Write(t); }));
  return w.Commit();
}

}  // namespace kindred
