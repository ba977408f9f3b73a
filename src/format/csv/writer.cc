#include "format/csv/writer.h"

#include <algorithm>
#include <vector>

#include "common/file_util.h"
#include "common/thread_pool.h"

namespace kindred {
namespace {

constexpr int64_t kRowsPerBlock = 16384;

void AppendField(std::string_view v, const CsvWriteOptions& o, std::string* out) {
  bool needs_quote = o.quote_all || v.empty() || (!o.null_value.empty() && v == o.null_value);
  if (!needs_quote) {
    for (char c : v) {
      if (c == o.delimiter || c == o.quote || c == '\n' || c == '\r') {
        needs_quote = true;
        break;
      }
    }
  }
  if (!needs_quote || o.quote == '\0') {
    out->append(v);
    return;
  }
  out->push_back(o.quote);
  size_t start = 0;
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i] == o.quote) {
      out->append(v.substr(start, i + 1 - start));
      out->push_back(o.quote);  // RFC 4180: a quote inside a quoted field is doubled
      start = i + 1;
    }
  }
  out->append(v.substr(start));
  out->push_back(o.quote);
}

void AppendHeader(const Table& table, const CsvWriteOptions& o, std::string* out) {
  for (int c = 0; c < table.num_columns(); ++c) {
    if (c) out->push_back(o.delimiter);
    AppendField(table.schema().field(c).name, o, out);
  }
  out->push_back('\n');
}

void AppendRows(const Table& table, int64_t begin, int64_t end, const CsvWriteOptions& o,
                std::string* out) {
  int ncols = table.num_columns();
  std::string scratch;
  for (int64_t r = begin; r < end; ++r) {
    for (int c = 0; c < ncols; ++c) {
      if (c) out->push_back(o.delimiter);
      const Column& col = *table.column(c);
      if (col.IsNull(r)) {
        out->append(o.null_value);
      } else if (col.type().is_string_like()) {
        AppendField(col.GetString(r), o, out);
      } else {
        scratch = col.FormatValue(r);
        AppendField(scratch, o, out);
      }
    }
    out->push_back('\n');
  }
}

// Formats rows block by block on the pool and hands each group of blocks, in order, to `sink`.
template <typename Sink>
Status FormatBlocks(const Table& table, const CsvWriteOptions& o, Sink&& sink) {
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
        AppendRows(table, first, std::min(rows, first + kRowsPerBlock), o, &texts[i]);
      }
    });
    for (auto& t : texts) RETURN_IF_ERROR(sink(t));
  }
  return OkStatus();
}

}  // namespace

std::string WriteCsvString(const Table& table, const CsvWriteOptions& opts) {
  std::string out;
  if (opts.header) AppendHeader(table, opts, &out);
  Status st = FormatBlocks(table, opts, [&](const std::string& t) {
    out += t;
    return OkStatus();
  });
  (void)st;  // appending to a string cannot fail
  return out;
}

Status WriteCsvFile(const Table& table, const std::string& path, const CsvWriteOptions& opts) {
  AtomicFileWriter w;
  RETURN_IF_ERROR(w.Open(path));
  if (opts.header) {
    std::string h;
    AppendHeader(table, opts, &h);
    RETURN_IF_ERROR(w.Write(h));
  }
  RETURN_IF_ERROR(FormatBlocks(table, opts, [&](const std::string& t) { return w.Write(t); }));
  return w.Commit();
}

}  // namespace kindred
