#include "er/generate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <string>
#include <unordered_set>

#include "common/strings.h"
#include "common/thread_pool.h"
#include "er/evaluate.h"

namespace kindred::er {
namespace {

TablePtr Generate(int64_t rows, uint64_t seed, ThreadPool* pool = nullptr,
                  double dup_fraction = 0.4) {
  GenerateOptions o;
  o.rows = rows;
  o.seed = seed;
  o.pool = pool;
  o.duplicate_fraction = dup_fraction;
  auto r = GeneratePersonRecords(o);
  EXPECT_TRUE(r.ok()) << r.status();
  return r.ok() ? *r : nullptr;
}

bool SameTable(const Table& a, const Table& b) {
  if (a.num_rows() != b.num_rows() || a.num_columns() != b.num_columns()) return false;
  for (int c = 0; c < a.num_columns(); ++c) {
    const Column& x = *a.column(c);
    const Column& y = *b.column(c);
    if (x.values_buffer() != y.values_buffer() || x.offsets_buffer() != y.offsets_buffer())
      return false;
  }
  return true;
}

std::string RowKey(const Table& t, int64_t row, int from_col, int to_col) {
  std::string key;
  for (int c = from_col; c < to_col; ++c) {
    key.append(t.column(c)->GetString(row));
    key.push_back('\x1f');
  }
  return key;
}

TEST(GeneratePersonRecords, SchemaAndRecIds) {
  TablePtr t = Generate(2000, 5);
  ASSERT_NE(t, nullptr);
  EXPECT_EQ(t->schema().ToDdl(),
            "rec_id string, given_name string, surname string, street_number string, "
            "address_1 string, address_2 string, suburb string, postcode string, state string, "
            "date_of_birth string, soc_sec_id string, phone string, email string, "
            "entity_id string");
  ASSERT_EQ(t->num_rows(), 2000);
  const Column& rec = *t->column(0);
  const Column& ent = *t->column(t->num_columns() - 1);
  std::set<std::string> ids;
  for (int64_t i = 0; i < t->num_rows(); ++i) {
    ASSERT_EQ(FebrlEntityId(rec.GetString(i)), ent.GetString(i)) << rec.GetString(i);
    ASSERT_TRUE(ids.insert(std::string(rec.GetString(i))).second) << "duplicate rec_id";
    for (int c = 1; c < t->num_columns(); ++c) {
      for (char ch : t->column(c)->GetString(i)) {
        ASSERT_FALSE(ch >= 'A' && ch <= 'Z') << "upper case in " << t->column(c)->GetString(i);
      }
    }
    const std::string_view dob = t->column(9)->GetString(i);
    ASSERT_TRUE(dob.empty() || dob.size() == 8) << dob;
  }
}

TEST(GeneratePersonRecords, DeterministicAcrossSeedsAndThreads) {
  ThreadPool one(1), two(2), four(4);
  TablePtr a = Generate(50000, 17, &one);
  TablePtr b = Generate(50000, 17, &two);
  TablePtr c = Generate(50000, 17, &four);
  TablePtr d = Generate(50000, 17);  // the default pool (KINDRED_THREADS)
  TablePtr e = Generate(50000, 18, &two);
  ASSERT_TRUE(a && b && c && d && e);
  EXPECT_TRUE(SameTable(*a, *b));
  EXPECT_TRUE(SameTable(*a, *c));
  EXPECT_TRUE(SameTable(*a, *d));
  EXPECT_FALSE(SameTable(*a, *e));
  // A different seed changes the records themselves, not only their order.
  int64_t same_surname = 0;
  for (int64_t i = 0; i < a->num_rows(); ++i)
    same_surname += a->column(0)->GetString(i) == e->column(0)->GetString(i) &&
                    a->column(2)->GetString(i) == e->column(2)->GetString(i);
  EXPECT_LT(same_surname, a->num_rows() / 10);
}

TEST(GeneratePersonRecords, DuplicateFractionHonoured) {
  for (double f : {0.0, 0.2, 0.4, 0.7}) {
    TablePtr t = Generate(20000, 3, nullptr, f);
    ASSERT_NE(t, nullptr);
    int64_t dups = 0;
    std::map<std::string, int> per_entity;
    for (int64_t i = 0; i < t->num_rows(); ++i) {
      dups += t->column(0)->GetString(i).find("-dup-") != std::string_view::npos;
      per_entity[std::string(t->column(13)->GetString(i))]++;
    }
    EXPECT_NEAR(static_cast<double>(dups) / t->num_rows(), f, 0.01) << "fraction " << f;
    for (const auto& [e, n] : per_entity) ASSERT_LE(n, 5) << "entity " << e;
  }
}

TEST(GeneratePersonRecords, DuplicatesAreCorruptedAndNamesShared) {
  TablePtr t = Generate(20000, 9);
  ASSERT_NE(t, nullptr);
  const int64_t n = t->num_rows();
  // Exact duplicates of an original (all fields but ids equal) must be rare: none, by design.
  std::map<std::string, std::string> originals;  // entity -> field values
  for (int64_t i = 0; i < n; ++i)
    if (t->column(0)->GetString(i).ends_with("-org"))
      originals[std::string(t->column(13)->GetString(i))] = RowKey(*t, i, 1, 13);
  // Per field (given_name .. email), how many duplicates differ from their original.
  std::vector<int64_t> changed(12, 0);
  int64_t dups = 0, exact = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (t->column(0)->GetString(i).ends_with("-org")) continue;
    ++dups;
    const std::string key = RowKey(*t, i, 1, 13);
    const std::string& orig = originals[std::string(t->column(13)->GetString(i))];
    exact += key == orig;
    const std::vector<std::string> orig_fields = StrSplit(orig, '\x1f');
    for (int c = 1; c < 13; ++c) changed[c - 1] += t->column(c)->GetString(i) != orig_fields[c - 1];
  }
  ASSERT_GT(dups, 0);
  EXPECT_EQ(exact, 0);
  // Every field is corrupted sometimes, none in most duplicates.
  for (int c = 0; c < 12; ++c) {
    EXPECT_GT(changed[c], dups / 50) << t->schema().field(c + 1).name;
    EXPECT_LT(changed[c], dups / 2) << t->schema().field(c + 1).name;
  }
  EXPECT_GT(changed[0], dups / 5);  // given names: typos, nicknames, gaps

  // Not trivially separable: many distinct entities share a given name, a surname, a suburb.
  std::map<std::string, std::set<std::string>> by_given, by_surname, by_suburb;
  for (int64_t i = 0; i < n; ++i) {
    const std::string e(t->column(13)->GetString(i));
    by_given[std::string(t->column(1)->GetString(i))].insert(e);
    by_surname[std::string(t->column(2)->GetString(i))].insert(e);
    by_suburb[std::string(t->column(6)->GetString(i))].insert(e);
  }
  auto max_share = [](const auto& m) {
    size_t best = 0;
    for (const auto& [k, v] : m)
      if (!k.empty()) best = std::max(best, v.size());
    return best;
  };
  EXPECT_GT(max_share(by_given), 100u);
  EXPECT_GT(max_share(by_surname), 50u);
  EXPECT_GT(max_share(by_suburb), 50u);
  EXPECT_GT(by_surname.size(), 800u);  // and a long tail
  EXPECT_GT(by_given.size(), 300u);
}

TEST(GeneratePersonRecords, SomeDistinctPeopleShareAHome) {
  TablePtr t = Generate(20000, 12);
  ASSERT_NE(t, nullptr);
  std::map<std::string, std::set<std::string>> by_home;  // full address -> entities
  int64_t originals = 0;
  for (int64_t i = 0; i < t->num_rows(); ++i) {
    if (!t->column(0)->GetString(i).ends_with("-org")) continue;
    ++originals;
    if (t->column(3)->GetString(i).empty() || t->column(4)->GetString(i).empty()) continue;
    by_home[RowKey(*t, i, 3, 7)].insert(std::string(t->column(13)->GetString(i)));
  }
  int64_t shared = 0;
  for (const auto& [home, people] : by_home) shared += people.size() > 1 ? people.size() : 0;
  EXPECT_GT(shared, originals / 20);
  EXPECT_LT(shared, originals / 2);
}

TEST(GeneratePersonRecords, OriginalsAreSometimesIncomplete) {
  TablePtr t = Generate(20000, 4);
  ASSERT_NE(t, nullptr);
  int64_t orig = 0, missing_given = 0, missing_address2 = 0;
  for (int64_t i = 0; i < t->num_rows(); ++i) {
    if (!t->column(0)->GetString(i).ends_with("-org")) continue;
    ++orig;
    missing_given += t->column(1)->GetString(i).empty();
    missing_address2 += t->column(5)->GetString(i).empty();
  }
  EXPECT_GT(missing_given, 0);
  EXPECT_LT(missing_given, orig / 10);
  EXPECT_GT(missing_address2, orig / 10);
}

TEST(GeneratePersonRecords, RejectsBadOptions) {
  GenerateOptions o;
  o.rows = -1;
  EXPECT_EQ(GeneratePersonRecords(o).status().code(), StatusCode::kInvalidArgument);
  o.rows = 10;
  o.duplicate_fraction = 1.0;
  EXPECT_EQ(GeneratePersonRecords(o).status().code(), StatusCode::kInvalidArgument);
  o.duplicate_fraction = 0.5;
  o.max_duplicates_per_entity = -2;
  EXPECT_EQ(GeneratePersonRecords(o).status().code(), StatusCode::kInvalidArgument);
}

TEST(GeneratePersonRecords, EdgeSizes) {
  TablePtr empty = Generate(0, 1);
  ASSERT_NE(empty, nullptr);
  EXPECT_EQ(empty->num_rows(), 0);
  EXPECT_EQ(empty->num_columns(), 14);
  TablePtr one = Generate(1, 1);
  ASSERT_NE(one, nullptr);
  EXPECT_EQ(one->column(0)->GetString(0), "rec-0-org");
  // No duplicates allowed: every row an original.
  GenerateOptions o;
  o.rows = 100;
  o.max_duplicates_per_entity = 0;
  auto r = GeneratePersonRecords(o);
  ASSERT_TRUE(r.ok());
  for (int64_t i = 0; i < 100; ++i) ASSERT_TRUE((*r)->column(0)->GetString(i).ends_with("-org"));
}

TEST(GeneratePersonRecords, MillionRowsTiming) {
  if (std::getenv("KINDRED_SKIP_SLOW")) GTEST_SKIP();
  GenerateOptions o;
  o.rows = 1000000;
  auto t0 = std::chrono::steady_clock::now();
  auto r = GeneratePersonRecords(o);
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ((*r)->num_rows(), 1000000);
  std::printf("GeneratePersonRecords 1M rows: %.2f s on %d threads\n", s,
              ThreadPool::Default().size() + 1);
}

}  // namespace
}  // namespace kindred::er
