// Row keys and the group table: one fixed-width key column hashes exactly (no key compare),
// other keys compare bytes; both must group and find the same keys.
#include "sql/exec/row_key.h"

#include <gtest/gtest.h>

#include <vector>

namespace kindred::sql {
namespace {

ColumnPtr Int64s(const std::vector<int64_t>& v, const std::vector<bool>& null = {}) {
  ColumnBuilder b(DataType::Int64(), static_cast<int64_t>(v.size()));
  for (size_t i = 0; i < v.size(); ++i) {
    if (i < null.size() && null[i]) b.AppendNull();
    else b.AppendInt(v[i]);
  }
  return b.Finish();
}

ColumnPtr Int32s(const std::vector<int32_t>& v) {
  ColumnBuilder b(DataType::Int32(), static_cast<int64_t>(v.size()));
  for (int32_t x : v) b.AppendInt(x);
  return b.Finish();
}

TEST(RowKeys, OneFixedWidthColumnHashesExactly) {
  EncodedKeys keys;
  EncodeKeys({Int64s({5, 7, 5, 0, 0}, {false, false, false, true, false})}, 5, &keys);
  EXPECT_TRUE(keys.exact_hash);
  EXPECT_EQ(keys.hashes[0], keys.hashes[2]);
  EXPECT_NE(keys.hashes[0], keys.hashes[1]);
  EXPECT_EQ(keys.has_null[3], 1);

  GroupTable table;
  table.set_exact_hash(true);
  std::vector<uint32_t> ids(5);
  table.FindOrInsert(keys, ids.data());
  // 5, 7, 5 again, null, 0: the null key and the value 0 are different groups.
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 0, 2, 3}));
  EXPECT_EQ(table.num_groups(), 4);

  // Probes of the same type find their groups; an int32 key of equal value does not match an
  // int64 one (its key is shorter), as with byte comparison.
  EncodedKeys probe;
  EncodeKeys({Int64s({7, 9, 0})}, 3, &probe);
  std::vector<int64_t> found(3);
  table.FindAll(probe, found.data());
  EXPECT_EQ(found, (std::vector<int64_t>{1, -1, 3}));
  EncodedKeys narrow;
  EncodeKeys({Int32s({7})}, 1, &narrow);
  EXPECT_TRUE(narrow.exact_hash);
  EXPECT_EQ(table.Find(narrow.key(0), narrow.hashes[0]), -1);
}

TEST(RowKeys, MultiColumnKeysCompareBytes) {
  EncodedKeys keys;
  EncodeKeys({Int64s({1, 1, 2}), Int32s({3, 3, 3})}, 3, &keys);
  EXPECT_FALSE(keys.exact_hash);
  GroupTable table;
  table.Reserve(100000);
  std::vector<uint32_t> ids(3);
  table.FindOrInsert(keys, ids.data());
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 0, 1}));
}

TEST(RowKeys, ManyKeysSurviveGrowth) {
  const int64_t n = 200000;
  std::vector<int64_t> v(n);
  for (int64_t i = 0; i < n; ++i) v[i] = (i * 7919) % n - n / 2;
  EncodedKeys keys;
  EncodeKeys({Int64s(v)}, n, &keys);
  GroupTable table;
  table.set_exact_hash(true);
  std::vector<uint32_t> ids(n);
  table.FindOrInsert(keys, ids.data());
  EXPECT_EQ(table.num_groups(), n);
  std::vector<int64_t> found(n);
  table.FindAll(keys, found.data());
  for (int64_t i = 0; i < n; ++i) ASSERT_EQ(found[i], static_cast<int64_t>(ids[i])) << i;
}

}  // namespace
}  // namespace kindred::sql
