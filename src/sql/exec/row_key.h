// Row keys for hashing operators (aggregate, join, distinct, set operations): the values of
// several columns of one row encoded as bytes so that keys equal under SQL grouping semantics
// (null = null, NaN = NaN, -0.0 = 0.0) have equal bytes. Encoding is column-at-a-time into one
// arena per batch; no allocation per row.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "columnar/table.h"

namespace kindred::sql {

// The encoded keys of one batch: key i is bytes[offsets[i], offsets[i+1]).
struct EncodedKeys {
  std::vector<char> bytes;
  std::vector<uint32_t> offsets;
  std::vector<uint64_t> hashes;
  // True when some key column of row i is null (joins never match such rows).
  std::vector<uint8_t> has_null;
  // Set for one fixed-width key column of at most 8 bytes: the hash is then a bijection of the
  // value, so two keys of one table are equal exactly when their hashes and lengths are (a null
  // key is 1 byte long, a value 1 + width), and lookups need not compare key bytes.
  bool exact_hash = false;

  int64_t size() const { return static_cast<int64_t>(hashes.size()); }
  std::string_view key(int64_t i) const {
    return std::string_view(bytes.data() + offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// Encodes rows [0, n) of `cols` (all of length n).
void EncodeKeys(const std::vector<ColumnPtr>& cols, int64_t n, EncodedKeys* out);

// Decodes keys produced by EncodeKeys back into columns of `types`.
std::vector<ColumnPtr> DecodeKeys(const std::vector<std::string_view>& keys,
                                  const std::vector<DataType>& types);

uint64_t HashBytes(const char* data, size_t n);

// Open-addressing map from key bytes to dense group ids (0, 1, 2, ...). Keys are copied into
// an arena owned by the table. Not thread-safe; one per thread.
class GroupTable {
 public:
  GroupTable();
  // Declares that every key of this table comes from EncodeKeys with exact_hash set (the same
  // key types throughout): lookups then compare hashes and lengths only, which spares the two
  // cache misses of reading the stored key. Call before the first insert.
  void set_exact_hash(bool exact) { exact_hash_ = exact; }
  // Starts loading the slot where a key of hash `h` would be, ahead of its lookup.
  void Prefetch(uint64_t h) const { __builtin_prefetch(&slots_[h & mask_]); }
  // Sizes the table for `groups` keys up front, so that filling it never regrows it.
  void Reserve(int64_t groups);
  // group_ids[i] = id of key i of `keys`, inserting new keys.
  void FindOrInsert(const EncodedKeys& keys, uint32_t* group_ids);
  // Id of `key` (hash `h`), inserting it when absent.
  uint32_t FindOrInsertOne(std::string_view key, uint64_t h);
  // Id of `key`, or -1 when absent.
  int64_t Find(std::string_view key, uint64_t h) const;
  // out[i] = Find(key i) for every key of `keys`; probes are prefetched a few keys ahead so
  // the cache misses of a large table overlap.
  void FindAll(const EncodedKeys& keys, int64_t* out) const;
  int64_t num_groups() const { return static_cast<int64_t>(key_offsets_.size()) - 1; }
  std::string_view key(int64_t g) const {
    return std::string_view(arena_.data() + key_offsets_[g], key_offsets_[g + 1] - key_offsets_[g]);
  }
  uint64_t hash(int64_t g) const { return group_hashes_[g]; }
  std::vector<std::string_view> AllKeys() const;

 private:
  void Grow();
  // One probe touches one 16-byte slot: the full hash, group id + 1 (0 = empty), key length.
  struct Slot {
    uint64_t hash;
    uint32_t group;
    uint32_t length;
  };
  // Whether slot `s` holds `key` (hash `h`); `exact`: compare hashes and lengths only.
  bool Matches(const Slot& s, std::string_view key, uint64_t h, bool exact) const;
  int64_t FindImpl(std::string_view key, uint64_t h, bool exact) const;
  std::vector<Slot> slots_;
  std::vector<char> arena_;
  std::vector<uint64_t> key_offsets_;
  std::vector<uint64_t> group_hashes_;
  uint64_t mask_ = 0;
  bool exact_hash_ = false;
};

}  // namespace kindred::sql
