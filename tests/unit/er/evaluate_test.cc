#include "er/evaluate.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>

namespace kindred::er {
namespace {

ColumnPtr Ints(const std::vector<int64_t>& v) {
  ColumnBuilder b(DataType::Int64());
  for (int64_t x : v) b.AppendInt(x);
  return b.Finish();
}

ColumnPtr Strings(const std::vector<std::string>& v) {
  ColumnBuilder b(DataType::String());
  for (const auto& x : v) b.AppendString(x);
  return b.Finish();
}

TEST(EvaluateClusters, HandMadeExample) {
  // Predicted {0,1,2} {3,4} {5}; truth {0,1} {2,3,4,5}.
  auto pred = Ints({1, 1, 1, 2, 2, 3});
  auto truth = Strings({"a", "a", "b", "b", "b", "b"});
  auto r = EvaluateClusters(*pred, *truth);
  ASSERT_TRUE(r.ok()) << r.status();
  const ClusterMetrics& m = *r;
  EXPECT_EQ(m.records, 6);
  EXPECT_EQ(m.predicted_clusters, 3);
  EXPECT_EQ(m.true_clusters, 2);
  EXPECT_EQ(m.predicted_pairs, 4);      // 3 + 1
  EXPECT_EQ(m.true_pairs, 7);           // 1 + 6
  EXPECT_EQ(m.true_positive_pairs, 2);  // (0,1) and (3,4)
  EXPECT_DOUBLE_EQ(m.precision, 0.5);
  EXPECT_DOUBLE_EQ(m.recall, 2.0 / 7);
  EXPECT_DOUBLE_EQ(m.f1, 2 * 0.5 * (2.0 / 7) / (0.5 + 2.0 / 7));
  // B-cubed precision per record: 2/3 2/3 1/3 1 1 1; recall: 1 1 1/4 2/4 2/4 1/4.
  EXPECT_NEAR(m.bcubed_precision, (2.0 / 3 + 2.0 / 3 + 1.0 / 3 + 3) / 6, 1e-12);
  EXPECT_NEAR(m.bcubed_recall, (2 + 0.25 + 0.5 + 0.5 + 0.25) / 6, 1e-12);
  const std::string text = FormatMetrics(m);
  EXPECT_NE(text.find("precision 0.5000"), std::string::npos) << text;
}

TEST(EvaluateClusters, PerfectAndAllSingletons) {
  auto truth = Ints({5, 5, 7, 7, 7, 9});
  auto same = Strings({"x", "x", "y", "y", "y", "z"});
  auto r = EvaluateClusters(*same, *truth);
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ(r->f1, 1.0);
  EXPECT_DOUBLE_EQ(r->bcubed_f1, 1.0);

  auto singles = Ints({0, 1, 2, 3, 4, 5});
  r = EvaluateClusters(*singles, *truth);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->predicted_pairs, 0);
  EXPECT_DOUBLE_EQ(r->precision, 1.0);  // convention: nothing claimed, nothing wrong
  EXPECT_DOUBLE_EQ(r->recall, 0.0);
  EXPECT_DOUBLE_EQ(r->f1, 0.0);
  EXPECT_DOUBLE_EQ(r->bcubed_precision, 1.0);
}

TEST(EvaluateClusters, NullsAreSingletons) {
  ColumnBuilder pb(DataType::Int32());
  pb.AppendNull();
  pb.AppendNull();
  pb.AppendInt(3);
  pb.AppendInt(3);
  auto pred = pb.Finish();
  ColumnBuilder tb(DataType::String());
  tb.AppendString("e");
  tb.AppendString("e");
  tb.AppendNull();
  tb.AppendNull();
  auto truth = tb.Finish();
  auto r = EvaluateClusters(*pred, *truth);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->predicted_clusters, 3);
  EXPECT_EQ(r->true_clusters, 3);
  EXPECT_EQ(r->predicted_pairs, 1);
  EXPECT_EQ(r->true_pairs, 1);
  EXPECT_EQ(r->true_positive_pairs, 0);
}

TEST(EvaluateClusters, LengthMismatchIsAnError) {
  auto r = EvaluateClusters(*Ints({1, 2}), *Ints({1}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
}

TEST(EvaluateClusters, EmptyInput) {
  auto r = EvaluateClusters(*Ints({}), *Strings({}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->records, 0);
  EXPECT_DOUBLE_EQ(r->f1, 1.0);
}

// Brute force: enumerate all pairs and all records.
ClusterMetrics BruteForce(const std::vector<int64_t>& p, const std::vector<int64_t>& t) {
  ClusterMetrics m;
  const size_t n = p.size();
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n; ++j) {
      m.predicted_pairs += p[i] == p[j];
      m.true_pairs += t[i] == t[j];
      m.true_positive_pairs += p[i] == p[j] && t[i] == t[j];
    }
  double bp = 0, br = 0;
  for (size_t i = 0; i < n; ++i) {
    double ps = 0, ts = 0, both = 0;
    for (size_t j = 0; j < n; ++j) {
      ps += p[i] == p[j];
      ts += t[i] == t[j];
      both += p[i] == p[j] && t[i] == t[j];
    }
    bp += both / ps;
    br += both / ts;
  }
  m.bcubed_precision = bp / n;
  m.bcubed_recall = br / n;
  return m;
}

TEST(EvaluateClusters, MatchesBruteForceOnRandomLabelings) {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 100; ++trial) {
    const int n = 1 + rng() % 120;
    const int kp = 1 + rng() % 40, kt = 1 + rng() % 40;
    std::vector<int64_t> p(n), t(n);
    std::vector<std::string> ts(n);
    for (int i = 0; i < n; ++i) {
      p[i] = rng() % kp;
      t[i] = rng() % kt;
      ts[i] = "rec-" + std::to_string(t[i]) + (rng() % 2 ? "-org" : "-dup-1");
      ts[i] = FebrlEntityId(ts[i]);
    }
    auto r = EvaluateClusters(*Ints(p), *Strings(ts));
    ASSERT_TRUE(r.ok());
    ClusterMetrics want = BruteForce(p, t);
    ASSERT_EQ(r->predicted_pairs, want.predicted_pairs);
    ASSERT_EQ(r->true_pairs, want.true_pairs);
    ASSERT_EQ(r->true_positive_pairs, want.true_positive_pairs);
    ASSERT_NEAR(r->bcubed_precision, want.bcubed_precision, 1e-9);
    ASSERT_NEAR(r->bcubed_recall, want.bcubed_recall, 1e-9);
    const double prec =
        want.predicted_pairs ? double(want.true_positive_pairs) / want.predicted_pairs : 1.0;
    ASSERT_NEAR(r->precision, prec, 1e-12);
  }
}

TEST(EvaluateClusters, StringAndIntLabelsAgree) {
  std::mt19937_64 rng(3);
  std::vector<int64_t> p(500), t(500);
  std::vector<std::string> ps(500);
  for (int i = 0; i < 500; ++i) {
    p[i] = rng() % 50;
    t[i] = rng() % 60;
    ps[i] = "cluster_" + std::to_string(p[i] * 1000003);  // long enough to hash in chunks
  }
  auto a = EvaluateClusters(*Ints(p), *Ints(t));
  auto b = EvaluateClusters(*Strings(ps), *Ints(t));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->true_positive_pairs, b->true_positive_pairs);
  EXPECT_EQ(a->predicted_clusters, b->predicted_clusters);
  EXPECT_DOUBLE_EQ(a->bcubed_f1, b->bcubed_f1);
}

// Large inputs take the partitioned path; compare with an independent std::map contingency.
TEST(EvaluateClusters, LargeInputWithNullsMatchesMapReference) {
  const int64_t n = 100000;
  std::mt19937_64 rng(5);
  ColumnBuilder pb(DataType::String(), n), tb(DataType::Int32(), n);
  std::vector<int64_t> p(n), t(n);  // -1 = null
  for (int64_t i = 0; i < n; ++i) {
    p[i] = rng() % 50 == 0 ? -1 : static_cast<int64_t>(rng() % 30000);
    t[i] = rng() % 70 == 0 ? -1 : static_cast<int64_t>(rng() % 40000);
    if (p[i] < 0)
      pb.AppendNull();
    else
      pb.AppendString("label-" + std::to_string(p[i]));
    if (t[i] < 0)
      tb.AppendNull();
    else
      tb.AppendInt(t[i]);
  }
  auto r = EvaluateClusters(*pb.Finish(), *tb.Finish());
  ASSERT_TRUE(r.ok());
  std::map<int64_t, int64_t> ps, ts;
  std::map<std::pair<int64_t, int64_t>, int64_t> cells;
  int64_t single = 0;  // nulls: fresh ids, never equal to another record's
  for (int64_t i = 0; i < n; ++i) {
    const int64_t a = p[i] < 0 ? -(++single) : p[i];
    const int64_t b = t[i] < 0 ? -(++single) : t[i];
    ps[a]++;
    ts[b]++;
    cells[{a, b}]++;
  }
  auto pairs = [](int64_t k) { return k * (k - 1) / 2; };
  int64_t pp = 0, tp = 0, both = 0;
  double bp = 0, br = 0;
  for (auto& [k, v] : ps) pp += pairs(v);
  for (auto& [k, v] : ts) tp += pairs(v);
  for (auto& [k, v] : cells) {
    both += pairs(v);
    bp += double(v) * v / ps[k.first];
    br += double(v) * v / ts[k.second];
  }
  EXPECT_EQ(r->predicted_clusters, static_cast<int64_t>(ps.size()));
  EXPECT_EQ(r->true_clusters, static_cast<int64_t>(ts.size()));
  EXPECT_EQ(r->predicted_pairs, pp);
  EXPECT_EQ(r->true_pairs, tp);
  EXPECT_EQ(r->true_positive_pairs, both);
  EXPECT_NEAR(r->bcubed_precision, bp / n, 1e-9);
  EXPECT_NEAR(r->bcubed_recall, br / n, 1e-9);
}

TEST(FebrlEntityId, ExtractsEntity) {
  EXPECT_EQ(FebrlEntityId("rec-123-dup-0"), "123");
  EXPECT_EQ(FebrlEntityId("rec-123-org"), "123");
  EXPECT_EQ(FebrlEntityId("rec-7-dup-12"), "7");
  EXPECT_EQ(FebrlEntityId("rec--org"), "rec--org");
  EXPECT_EQ(FebrlEntityId("rec-123"), "rec-123");
  EXPECT_EQ(FebrlEntityId("rec-1-dup-x"), "rec-1-dup-x");
  EXPECT_EQ(FebrlEntityId("abc"), "abc");
  EXPECT_EQ(FebrlEntityId(""), "");
}

TEST(EvaluateClusters, MillionRecordsTiming) {
  const int64_t n = 1000000;
  std::mt19937_64 rng(11);
  ColumnBuilder pb(DataType::Int64(), n), tb(DataType::String(), n);
  for (int64_t i = 0; i < n; ++i) {
    const int64_t e = rng() % (n / 2);
    pb.AppendInt(rng() % 10 == 0 ? i : e);
    tb.AppendString("rec-" + std::to_string(e));
  }
  auto pred = pb.Finish(), truth = tb.Finish();
  auto t0 = std::chrono::steady_clock::now();
  auto r = EvaluateClusters(*pred, *truth);
  auto ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_TRUE(r.ok());
  std::printf("EvaluateClusters 1M records: %.1f ms, f1 %.4f\n", ms, r->f1);
  EXPECT_GT(r->recall, 0.5);
}

}  // namespace
}  // namespace kindred::er
