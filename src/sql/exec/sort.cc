// Sort: keys are normalized into byte strings whose memcmp order is the requested order
// (direction and null placement folded in), so comparisons do no type dispatch. Runs are
// sorted in parallel and merged pairwise in parallel rounds. Stable: ties keep input order.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "common/thread_pool.h"
#include "sql/exec/operators.h"

namespace kindred::sql {

namespace {

void PutBigEndian(uint64_t v, int bytes, uint8_t* out) {
  for (int i = 0; i < bytes; ++i) out[i] = static_cast<uint8_t>(v >> (8 * (bytes - 1 - i)));
}

// Fixed-width normalized value of row i (without the null byte).
int FixedKeyWidth(const DataType& t) {
  switch (t.id) {
    case TypeId::kBool:
    case TypeId::kInt8: return 1;
    case TypeId::kInt16: return 2;
    case TypeId::kInt32:
    case TypeId::kDate32:
    case TypeId::kFloat32: return 4;
    case TypeId::kInt64:
    case TypeId::kTimestamp:
    case TypeId::kFloat64: return 8;
    case TypeId::kDecimal128: return 16;
    default: return -1;  // variable
  }
}

void EncodeFixed(const Column& c, int64_t i, uint8_t* out) {
  switch (c.type().id) {
    case TypeId::kBool: out[0] = c.values<uint8_t>()[i]; break;
    case TypeId::kInt8: out[0] = static_cast<uint8_t>(c.values<int8_t>()[i]) ^ 0x80; break;
    case TypeId::kInt16: PutBigEndian(static_cast<uint16_t>(c.values<int16_t>()[i]) ^ 0x8000u, 2, out); break;
    case TypeId::kInt32:
    case TypeId::kDate32: PutBigEndian(static_cast<uint32_t>(c.values<int32_t>()[i]) ^ 0x80000000u, 4, out); break;
    case TypeId::kInt64:
    case TypeId::kTimestamp: PutBigEndian(static_cast<uint64_t>(c.values<int64_t>()[i]) ^ (1ULL << 63), 8, out); break;
    case TypeId::kFloat32: {
      float f = c.values<float>()[i];
      if (f == 0.0f) f = 0.0f;
      if (std::isnan(f)) f = std::nanf("");
      uint32_t b;
      std::memcpy(&b, &f, 4);
      b = (b & 0x80000000u) ? ~b : (b | 0x80000000u);
      PutBigEndian(b, 4, out);
      break;
    }
    case TypeId::kFloat64: {
      double f = c.values<double>()[i];
      if (f == 0.0) f = 0.0;  // -0.0 sorts with 0.0
      if (std::isnan(f)) f = std::nan("");  // NaN sorts above +inf, as in Spark
      uint64_t b;
      std::memcpy(&b, &f, 8);
      b = (b & (1ULL << 63)) ? ~b : (b | (1ULL << 63));
      PutBigEndian(b, 8, out);
      break;
    }
    case TypeId::kDecimal128: {
      unsigned __int128 v = static_cast<unsigned __int128>(c.values<__int128>()[i]) ^ (static_cast<unsigned __int128>(1) << 127);
      PutBigEndian(static_cast<uint64_t>(v >> 64), 8, out);
      PutBigEndian(static_cast<uint64_t>(v), 8, out + 8);
      break;
    }
    default: break;
  }
}

// Writes the normalized fixed-width values of `c` just before each row's cursor (the cursor
// already advanced past them); the type switch is outside the row loop.
void EncodeFixedColumn(const Column& c, int w, bool desc, uint8_t* d, const std::vector<uint64_t>& cursor) {
  int64_t n = c.length();
  auto run = [&](auto encode) {
    for (int64_t i = 0; i < n; ++i) {
      if (c.IsNull(i)) continue;
      uint8_t* p = d + cursor[i] - w;
      encode(i, p);
      if (desc)
        for (int j = 0; j < w; ++j) p[j] = ~p[j];
    }
  };
  switch (c.type().id) {
    case TypeId::kInt64:
    case TypeId::kTimestamp: {
      const int64_t* v = c.values<int64_t>();
      run([v](int64_t i, uint8_t* p) {
        uint64_t x = __builtin_bswap64(static_cast<uint64_t>(v[i]) ^ (1ULL << 63));
        std::memcpy(p, &x, 8);
      });
      break;
    }
    case TypeId::kInt32:
    case TypeId::kDate32: {
      const int32_t* v = c.values<int32_t>();
      run([v](int64_t i, uint8_t* p) {
        uint32_t x = __builtin_bswap32(static_cast<uint32_t>(v[i]) ^ 0x80000000u);
        std::memcpy(p, &x, 4);
      });
      break;
    }
    default: run([&c](int64_t i, uint8_t* p) { EncodeFixed(c, i, p); }); break;
  }
}

struct SortKeys {
  // Fixed layout: every key is `width` bytes at data + i*width. Variable: offsets.
  std::vector<uint8_t> data;
  std::vector<uint64_t> offsets;
  int width = -1;
  std::string_view Key(int64_t i) const {
    if (width >= 0) return std::string_view(reinterpret_cast<const char*>(data.data()) + i * width, width);
    return std::string_view(reinterpret_cast<const char*>(data.data()) + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

void BuildKeys(const std::vector<ColumnPtr>& cols, const std::vector<bool>& asc,
               const std::vector<bool>& nulls_first, int64_t n, SortKeys* keys) {
  bool fixed = true;
  int width = 0;
  for (const auto& c : cols) {
    int w = FixedKeyWidth(c->type());
    if (w < 0) fixed = false;
    // Columns without nulls need no null byte.
    width += w + (c->has_nulls() ? 1 : 0);
  }
  std::vector<uint64_t> cursor(static_cast<size_t>(n), 0);
  if (fixed) {
    keys->width = width;
    keys->data.assign(static_cast<size_t>(n) * width, 0);
    for (int64_t i = 0; i < n; ++i) cursor[i] = static_cast<uint64_t>(i) * width;
  } else {
    keys->offsets.assign(static_cast<size_t>(n) + 1, 0);
    for (const auto& c : cols) {
      int w = FixedKeyWidth(c->type());
      int nb = c->has_nulls() ? 1 : 0;
      if (w >= 0) {
        for (int64_t i = 0; i < n; ++i) keys->offsets[i + 1] += w + nb;
      } else {
        for (int64_t i = 0; i < n; ++i) {
          uint64_t len = 0;
          if (c->IsValid(i)) {
            std::string_view s = c->type().is_string_like() ? c->GetString(i) : std::string_view();
            std::string text;
            if (!c->type().is_string_like()) {
              text = c->FormatValue(i);
              s = text;
            }
            len = s.size() + std::count(s.begin(), s.end(), '\0') + 2;
          }
          keys->offsets[i + 1] += nb + len;
        }
      }
    }
    for (int64_t i = 0; i < n; ++i) keys->offsets[i + 1] += keys->offsets[i];
    keys->data.assign(keys->offsets[n], 0);
    for (int64_t i = 0; i < n; ++i) cursor[i] = keys->offsets[i];
  }
  uint8_t* d = keys->data.data();
  for (size_t k = 0; k < cols.size(); ++k) {
    const Column& c = *cols[k];
    int w = FixedKeyWidth(c.type());
    bool nb = c.has_nulls();
    bool desc = !asc[k];
    uint8_t null_byte = nulls_first[k] ? 0 : 2;
    for (int64_t i = 0; i < n; ++i) {
      uint8_t* p = d + cursor[i];
      bool valid = !nb || c.IsValid(i);
      if (nb) {
        *p++ = valid ? 1 : null_byte;
        cursor[i] += 1;
      }
      uint64_t written = 0;
      if (w >= 0) {
        written = w;  // fixed-width values are encoded column-at-a-time below
      } else if (valid) {
        std::string text;
        std::string_view s;
        if (c.type().is_string_like()) {
          s = c.GetString(i);
        } else {
          text = c.FormatValue(i);
          s = text;
        }
        // 0x00 → 0x00 0xFF, terminated by 0x00 0x00: memcmp order = byte order of the string.
        for (char ch : s) {
          p[written++] = static_cast<uint8_t>(ch);
          if (ch == '\0') p[written++] = 0xFF;
        }
        p[written++] = 0;
        p[written++] = 0;
      }
      if (desc && valid && w < 0)
        for (uint64_t j = 0; j < written; ++j) p[j] = ~p[j];
      cursor[i] += written;
    }
    if (w >= 0) EncodeFixedColumn(c, w, desc, d, cursor);
  }
}

}  // namespace

Result<std::vector<int64_t>> SortedOrder(const std::vector<ColumnPtr>& key_cols,
                                         const std::vector<bool>& ascending,
                                         const std::vector<bool>& nulls_first, int64_t n,
                                         const ExecState& st, int64_t first, int64_t count) {
  const int64_t lo = std::clamp<int64_t>(first, 0, n);
  const int64_t hi = count < 0 ? n : std::clamp<int64_t>(lo + std::min(count, n), lo, n);
  SortKeys keys;
  BuildKeys(key_cols, ascending, nulls_first, n, &keys);

  // Each entry carries the first 8 key bytes as an integer (the whole key when it fits), so
  // most comparisons touch only the contiguous entry array; ties on the prefix fall back to
  // the full key, then to the row index (which makes the sort stable).
  struct Entry {
    uint64_t prefix;
    int64_t row;
  };
  std::vector<Entry> entries(static_cast<size_t>(n));
  bool prefix_is_key = keys.width >= 0 && keys.width <= 8;
  RETURN_IF_ERROR(st.ParallelFor((n + kBatchRows - 1) / kBatchRows, [&](int64_t m) -> Status {
    int64_t b = m * kBatchRows, e = std::min(n, b + kBatchRows);
    for (int64_t i = b; i < e; ++i) {
      std::string_view k = keys.Key(i);
      uint64_t v = 0;
      size_t take = std::min<size_t>(8, k.size());
      for (size_t j = 0; j < take; ++j) v = (v << 8) | static_cast<uint8_t>(k[j]);
      v <<= 8 * (8 - take);
      entries[i] = Entry{v, i};
    }
    return OkStatus();
  }));
  auto less = [&](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    if (!prefix_is_key) {
      int c = keys.Key(a.row).compare(keys.Key(b.row));
      if (c != 0) return c < 0;
    }
    return a.row < b.row;
  };
  // A small window of the order (ORDER BY ... LIMIT): select it in linear time, sort only it.
  // The comparison is a strict total order (rows break ties), so the result equals the
  // window of the full sort.
  if (hi - lo <= n / 4) {
    if (lo > 0) std::nth_element(entries.begin(), entries.begin() + lo, entries.end(), less);
    if (hi < n) std::nth_element(entries.begin() + lo, entries.begin() + hi, entries.end(), less);
    std::sort(entries.begin() + lo, entries.begin() + hi, less);
    std::vector<int64_t> idx(static_cast<size_t>(hi - lo));
    for (int64_t i = lo; i < hi; ++i) idx[i - lo] = entries[i].row;
    return idx;
  }

  int runs = std::max(1, std::min<int>(ThreadPool::Default().size() + 1, static_cast<int>(n / 4096)));
  std::vector<int64_t> bounds(static_cast<size_t>(runs) + 1);
  for (int r = 0; r <= runs; ++r) bounds[r] = n * r / runs;
  RETURN_IF_ERROR(st.ParallelFor(runs, [&](int64_t r) -> Status {
    std::sort(entries.begin() + bounds[r], entries.begin() + bounds[r + 1], less);
    return OkStatus();
  }));
  // Pairwise merge rounds; each round merges neighbouring runs in parallel.
  std::vector<Entry> tmp(static_cast<size_t>(n));
  while (bounds.size() > 2) {
    size_t nruns = bounds.size() - 1;
    std::vector<int64_t> nb;
    for (size_t r = 0; r + 2 <= nruns; r += 2) nb.push_back(bounds[r]);
    if (nruns % 2 == 1) nb.push_back(bounds[nruns - 1]);
    nb.push_back(bounds.back());
    RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>((nruns + 1) / 2), [&](int64_t q) -> Status {
      size_t r = static_cast<size_t>(q) * 2;
      if (r + 1 == nruns) {  // odd run out: copied as is
        std::copy(entries.begin() + bounds[r], entries.begin() + bounds[r + 1], tmp.begin() + bounds[r]);
        return OkStatus();
      }
      std::merge(entries.begin() + bounds[r], entries.begin() + bounds[r + 1], entries.begin() + bounds[r + 1],
                 entries.begin() + bounds[r + 2], tmp.begin() + bounds[r], less);
      return OkStatus();
    }));
    entries.swap(tmp);
    bounds = nb;
  }
  std::vector<int64_t> idx(static_cast<size_t>(hi - lo));
  for (int64_t i = lo; i < hi; ++i) idx[i - lo] = entries[i].row;
  return idx;
}

Result<Chunked> ExecSort(const BoundPlan& p, Chunked in, const ExecState& st, int64_t first,
                         int64_t count) {
  Chunked out;
  out.schema = p.schema();
  ASSIGN_OR_RETURN(TablePtr t, in.Concat());
  int64_t n = t->num_rows();
  if (n <= 1) {
    const int64_t lo = std::clamp<int64_t>(first, 0, n);
    out.batches.push_back(count < 0 ? t->Slice(lo, n - lo)
                                    : t->Slice(lo, std::min(count, n - lo)));
    return out;
  }
  // Sort keys are evaluated per input batch (parallel), then concatenated.
  std::vector<int64_t> offsets = in.RowOffsets();
  std::vector<std::vector<ColumnPtr>> parts(in.batches.size());
  RETURN_IF_ERROR(st.ParallelFor(static_cast<int64_t>(in.batches.size()), [&](int64_t b) -> Status {
    ASSIGN_OR_RETURN(parts[b], EvaluateAll(p.exprs, *in.batches[b], st.Eval(offsets[b])));
    return OkStatus();
  }));
  std::vector<ColumnPtr> key_cols;
  for (size_t k = 0; k < p.exprs.size(); ++k) {
    std::vector<ColumnPtr> pieces;
    for (auto& part : parts) pieces.push_back(part[k]);
    key_cols.push_back(ConcatFast(pieces));
  }
  ASSIGN_OR_RETURN(std::vector<int64_t> idx,
                   SortedOrder(key_cols, p.ascending, p.nulls_first, n, st, first, count));
  // Gather every column in parallel.
  std::vector<ColumnPtr> cols(static_cast<size_t>(t->num_columns()));
  RETURN_IF_ERROR(st.ParallelFor(t->num_columns(), [&](int64_t c) -> Status {
    cols[c] = TakeColumn(*t->column(static_cast<int>(c)), idx);
    return OkStatus();
  }));
  out.batches.push_back(
      std::make_shared<Table>(out.schema, std::move(cols), static_cast<int64_t>(idx.size())));
  return out;
}

}  // namespace kindred::sql
