#include "sql/exec/row_key.h"

#include <cmath>
#include <cstring>

#include "columnar/format_value.h"

namespace kindred::sql {

namespace {

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Bytes a fixed-width value occupies in a key (bool → 1).
int KeyWidth(const DataType& t) { return t.byte_width(); }

}  // namespace

uint64_t HashBytes(const char* data, size_t n) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ (n * 0x100000001B3ULL);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, data + i, 8);
    h = Mix(h ^ w) + 0x9E3779B97F4A7C15ULL;
  }
  if (i < n) {
    uint64_t w = 0;
    std::memcpy(&w, data + i, n - i);
    h = Mix(h ^ w ^ (uint64_t{n - i} << 56));
  }
  return Mix(h);
}

namespace {

// One fixed-width column of at most 8 bytes (after normalising floats): the key's hash is a
// bijective mix of the value bits, computed straight from the column.
bool ExactHashable(const std::vector<ColumnPtr>& cols) {
  if (cols.size() != 1) return false;
  const DataType& t = cols[0]->type();
  return !t.is_string_like() && t.id != TypeId::kList && t.byte_width() >= 1 &&
         t.byte_width() <= 8;
}

}  // namespace

void EncodeKeys(const std::vector<ColumnPtr>& cols, int64_t n, EncodedKeys* out) {
  out->exact_hash = ExactHashable(cols);
  // Pass 1: per-row lengths (1 null byte per column + value bytes).
  std::vector<uint32_t>& off = out->offsets;
  off.assign(static_cast<size_t>(n) + 1, 0);
  out->has_null.assign(static_cast<size_t>(n), 0);
  std::vector<std::string> list_text;  // lists are keyed by their text form
  for (const auto& c : cols) {
    const DataType& t = c->type();
    if (t.is_string_like()) {
      const int32_t* o = c->offsets();
      for (int64_t i = 0; i < n; ++i) off[i + 1] += 1 + (c->IsValid(i) ? 4 + (o[i + 1] - o[i]) : 0);
    } else if (t.id == TypeId::kList) {
      for (int64_t i = 0; i < n; ++i)
        off[i + 1] += 1 + (c->IsValid(i) ? 4 + static_cast<uint32_t>(c->FormatValue(i).size()) : 0);
    } else {
      uint32_t w = static_cast<uint32_t>(KeyWidth(t));
      for (int64_t i = 0; i < n; ++i) off[i + 1] += 1 + (c->IsValid(i) ? w : 0);
    }
  }
  for (int64_t i = 0; i < n; ++i) off[i + 1] += off[i];
  out->bytes.resize(off[n]);
  std::vector<uint32_t> cursor(off.begin(), off.end() - 1);
  char* b = out->bytes.data();
  // Pass 2: column-at-a-time writes.
  for (const auto& c : cols) {
    const DataType& t = c->type();
    bool nulls = c->has_nulls();
    if (t.is_string_like()) {
      const int32_t* o = c->offsets();
      const char* data = reinterpret_cast<const char*>(c->values_buffer().data());
      for (int64_t i = 0; i < n; ++i) {
        char* p = b + cursor[i];
        if (nulls && c->IsNull(i)) {
          *p = 0;
          out->has_null[i] = 1;
          cursor[i] += 1;
          continue;
        }
        *p = 1;
        uint32_t len = static_cast<uint32_t>(o[i + 1] - o[i]);
        std::memcpy(p + 1, &len, 4);
        std::memcpy(p + 5, data + o[i], len);
        cursor[i] += 5 + len;
      }
    } else if (t.id == TypeId::kList) {
      for (int64_t i = 0; i < n; ++i) {
        char* p = b + cursor[i];
        if (c->IsNull(i)) {
          *p = 0;
          out->has_null[i] = 1;
          cursor[i] += 1;
          continue;
        }
        std::string s = c->FormatValue(i);
        *p = 1;
        uint32_t len = static_cast<uint32_t>(s.size());
        std::memcpy(p + 1, &len, 4);
        std::memcpy(p + 5, s.data(), len);
        cursor[i] += 5 + len;
      }
    } else {
      int w = KeyWidth(t);
      const uint8_t* data = c->values_buffer().data();
      bool is_double = t.id == TypeId::kFloat64, is_float = t.id == TypeId::kFloat32;
      for (int64_t i = 0; i < n; ++i) {
        char* p = b + cursor[i];
        if (nulls && c->IsNull(i)) {
          *p = 0;
          out->has_null[i] = 1;
          cursor[i] += 1;
          continue;
        }
        *p = 1;
        if (is_double) {
          double v;
          std::memcpy(&v, data + i * 8, 8);
          if (v == 0.0) v = 0.0;            // -0.0 groups with 0.0
          if (std::isnan(v)) v = std::nan("");  // one NaN
          std::memcpy(p + 1, &v, 8);
        } else if (is_float) {
          float v;
          std::memcpy(&v, data + i * 4, 4);
          if (v == 0.0f) v = 0.0f;
          if (std::isnan(v)) v = std::nanf("");
          std::memcpy(p + 1, &v, 4);
        } else {
          std::memcpy(p + 1, data + i * w, w);
        }
        cursor[i] += 1 + w;
      }
    }
  }
  out->hashes.resize(static_cast<size_t>(n));
  if (out->exact_hash) {
    // Mix is a bijection of 64-bit words, so distinct values get distinct hashes; a null key
    // differs from every value by its length.
    const uint64_t null_hash = HashBytes("", 1);
    const uint32_t w = static_cast<uint32_t>(KeyWidth(cols[0]->type()));
    for (int64_t i = 0; i < n; ++i) {
      if (off[i + 1] - off[i] == 1) {
        out->hashes[i] = null_hash;
        continue;
      }
      uint64_t v = 0;
      std::memcpy(&v, b + off[i] + 1, w);
      out->hashes[i] = Mix(v ^ 0x9E3779B97F4A7C15ULL);
    }
    return;
  }
  for (int64_t i = 0; i < n; ++i) out->hashes[i] = HashBytes(b + off[i], off[i + 1] - off[i]);
}

std::vector<ColumnPtr> DecodeKeys(const std::vector<std::string_view>& keys,
                                  const std::vector<DataType>& types) {
  std::vector<ColumnBuilder> builders;
  for (const auto& t : types) builders.emplace_back(t.id == TypeId::kList ? DataType::String() : t, keys.size());
  for (std::string_view k : keys) {
    size_t p = 0;
    for (size_t c = 0; c < types.size(); ++c) {
      const DataType& t = types[c];
      ColumnBuilder& b = builders[c];
      if (k[p++] == 0) {
        b.AppendNull();
        continue;
      }
      if (t.is_string_like() || t.id == TypeId::kList) {
        uint32_t len;
        std::memcpy(&len, k.data() + p, 4);
        b.AppendString(k.substr(p + 4, len));
        p += 4 + len;
        continue;
      }
      const char* d = k.data() + p;
      switch (t.id) {
        case TypeId::kBool: b.AppendBool(*d != 0); break;
        case TypeId::kInt8: b.AppendInt(static_cast<int8_t>(*d)); break;
        case TypeId::kInt16: { int16_t v; std::memcpy(&v, d, 2); b.AppendInt(v); break; }
        case TypeId::kInt32:
        case TypeId::kDate32: { int32_t v; std::memcpy(&v, d, 4); b.AppendInt(v); break; }
        case TypeId::kInt64:
        case TypeId::kTimestamp: { int64_t v; std::memcpy(&v, d, 8); b.AppendInt(v); break; }
        case TypeId::kFloat32: { float v; std::memcpy(&v, d, 4); b.AppendDouble(v); break; }
        case TypeId::kFloat64: { double v; std::memcpy(&v, d, 8); b.AppendDouble(v); break; }
        case TypeId::kDecimal128: { __int128 v; std::memcpy(&v, d, 16); b.AppendDecimal(v); break; }
        default: b.AppendNull(); break;
      }
      p += t.byte_width();
    }
  }
  std::vector<ColumnPtr> out;
  for (auto& b : builders) out.push_back(b.Finish());
  return out;
}

GroupTable::GroupTable() {
  slots_.assign(1024, Slot{0, 0, 0});
  mask_ = 1023;
  key_offsets_.push_back(0);
}

void GroupTable::Reserve(int64_t groups) {
  size_t cap = slots_.size();
  while (cap < static_cast<size_t>(groups) * 2 + 2) cap *= 2;
  if (cap == slots_.size()) return;
  if (num_groups() == 0) {
    slots_.assign(cap, Slot{0, 0, 0});
    mask_ = cap - 1;
    return;
  }
  while (slots_.size() < cap) Grow();
}

void GroupTable::Grow() {
  size_t cap = slots_.size() * 2;
  std::vector<Slot> slots(cap, Slot{0, 0, 0});
  uint64_t mask = cap - 1;
  for (const Slot& s : slots_) {
    if (!s.group) continue;
    size_t pos = s.hash & mask;
    while (slots[pos].group) pos = (pos + 1) & mask;
    slots[pos] = s;
  }
  slots_.swap(slots);
  mask_ = mask;
}

inline bool GroupTable::Matches(const Slot& s, std::string_view key, uint64_t h,
                                bool exact) const {
  if (s.hash != h || s.length != key.size()) return false;
  return exact || this->key(s.group - 1) == key;
}

uint32_t GroupTable::FindOrInsertOne(std::string_view key, uint64_t h) {
  size_t pos = h & mask_;
  while (true) {
    const Slot& s = slots_[pos];
    if (!s.group) break;
    if (Matches(s, key, h, exact_hash_)) return s.group - 1;
    pos = (pos + 1) & mask_;
  }
  int64_t g = num_groups();
  arena_.insert(arena_.end(), key.begin(), key.end());
  key_offsets_.push_back(arena_.size());
  group_hashes_.push_back(h);
  slots_[pos] = Slot{h, static_cast<uint32_t>(g + 1), static_cast<uint32_t>(key.size())};
  // Keep the load factor under 1/2 for short probe sequences.
  if (static_cast<size_t>(num_groups()) * 2 > slots_.size()) Grow();
  return static_cast<uint32_t>(g);
}

int64_t GroupTable::Find(std::string_view key, uint64_t h) const {
  return FindImpl(key, h, exact_hash_);
}

inline int64_t GroupTable::FindImpl(std::string_view key, uint64_t h, bool exact) const {
  size_t pos = h & mask_;
  while (true) {
    const Slot& s = slots_[pos];
    if (!s.group) return -1;
    if (Matches(s, key, h, exact)) return s.group - 1;
    pos = (pos + 1) & mask_;
  }
}

void GroupTable::FindOrInsert(const EncodedKeys& keys, uint32_t* group_ids) {
  int64_t n = keys.size();
  constexpr int64_t kAhead = 8;
  for (int64_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[keys.hashes[i + kAhead] & mask_]);
    group_ids[i] = FindOrInsertOne(keys.key(i), keys.hashes[i]);
  }
}

void GroupTable::FindAll(const EncodedKeys& keys, int64_t* out) const {
  int64_t n = keys.size();
  // Probe keys hashed another way (other key types) are compared byte by byte.
  const bool exact = exact_hash_ && keys.exact_hash;
  constexpr int64_t kAhead = 8;
  for (int64_t i = 0; i < n; ++i) {
    if (i + kAhead < n) __builtin_prefetch(&slots_[keys.hashes[i + kAhead] & mask_]);
    out[i] = keys.has_null[i] ? -1 : FindImpl(keys.key(i), keys.hashes[i], exact);
  }
}

std::vector<std::string_view> GroupTable::AllKeys() const {
  std::vector<std::string_view> out;
  out.reserve(static_cast<size_t>(num_groups()));
  for (int64_t g = 0; g < num_groups(); ++g) out.push_back(key(g));
  return out;
}

}  // namespace kindred::sql
