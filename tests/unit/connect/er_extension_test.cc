// MatchRelation and LabelPairs (proto/kindred/er/er.proto) on Zingg's febrl example: a model
// trained by the er phases clusters a filtered csv read; labels move pending pairs.
#include "connect/er_extension/er_extension.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "connect/session.h"
#include "connect/translate/translate.h"
#include "febrl_test_util.h"
#include "connect/zingg/zingg_extension.h"
#include "er/label/training_data.h"
#include "er/phases/phases.h"
#include "kindred/er/er.pb.h"
#include "sql/engine.h"
#include "zingg/spark/connect/zingg.pb.h"

namespace kindred::connect {
namespace {

namespace fs = std::filesystem;
namespace zpb = ::zingg::spark::connect;
namespace epb = ::kindred::er;

using testing::kFebrlSchema;
using testing::SharedData;

std::string TempDir(const std::string& name) { return testing::TempDir("kindred_er_ext", name); }

zpb::Arguments FebrlArguments(const std::string& dir, bool with_samples) {
  return testing::FebrlArguments(dir, "7", with_samples);
}

// A csv read of febrl's test.csv keeping the ids that start with `prefix`.
spark::connect::Relation FilteredRead(const std::string& prefix) {
  spark::connect::Relation rel;
  spark::connect::Filter* filter = rel.mutable_filter();
  spark::connect::Read::DataSource* src =
      filter->mutable_input()->mutable_read()->mutable_data_source();
  src->set_format("csv");
  src->set_schema(kFebrlSchema);
  (*src->mutable_options())["header"] = "false";
  src->add_paths(SharedData() + "/zingg_febrl/test.csv");
  filter->mutable_condition()->mutable_expression_string()->set_expression(
      "id LIKE '" + prefix + "%'");
  return rel;
}

int ColumnIndex(const Table& t, const std::string& name) {
  std::vector<std::string> names = t.schema().names();
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == name) return static_cast<int>(i);
  return -1;
}

void Train(const std::string& dir) {
  auto config = ZinggConfigFromArguments(FebrlArguments(dir, true));
  ASSERT_TRUE(config.ok()) << config.status();
  std::ostringstream log;
  std::istringstream no_input;
  er::PhaseOptions opts;
  opts.out = &log;
  opts.in = &no_input;
  Status s = er::RunPhase("train", *config, opts);
  ASSERT_TRUE(s.ok()) << s << "\n" << log.str();
}

TEST(MatchRelation, ClustersAFilteredReadWithTheTrainedModel) {
  const std::string dir = TempDir("match");
  ASSERT_NO_FATAL_FAILURE(Train(dir));

  epb::MatchRelation msg;
  *msg.mutable_input() = FilteredRead("rec-102");
  *msg.mutable_args() = FebrlArguments(dir, false);
  ExtensionRegistry registry;
  RegisterErExtensions(&registry);
  google::protobuf::Any any;
  any.PackFrom(msg);
  EXPECT_EQ(any.type_url(), kMatchRelationTypeUrl);
  sql::ExecContext exec;
  TranslateContext ctx;
  ctx.exec = &exec;
  auto plan = registry.TranslateRelation(any, &ctx);
  ASSERT_TRUE(plan.ok()) << plan.status();
  auto out = sql::ExecutePlan(*plan, exec);
  ASSERT_TRUE(out.ok()) << out.status();
  const Table& t = **out;

  // rec-1020 .. rec-1029: 24 records of 10 people.
  ASSERT_EQ(t.num_rows(), 24);
  const int id = ColumnIndex(t, "id"), cluster = ColumnIndex(t, "z_cluster");
  ASSERT_GE(id, 0);
  ASSERT_GE(cluster, 0);
  EXPECT_GE(ColumnIndex(t, "z_minScore"), 0);
  EXPECT_GE(ColumnIndex(t, "z_maxScore"), 0);
  EXPECT_GE(ColumnIndex(t, "fname"), 0);
  std::map<std::string, std::string> cluster_of;  // id -> z_cluster text
  std::set<std::string> clusters;
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    std::string rid(t.column(id)->GetString(r));
    EXPECT_EQ(rid.rfind("rec-102", 0), 0u) << rid;
    ASSERT_FALSE(t.column(cluster)->IsNull(r)) << rid;
    std::string c = std::to_string(t.column(cluster)->GetInt64(r));
    cluster_of[rid] = c;
    clusters.insert(c);
  }
  // Duplicates are found: fewer clusters than records, and rec-1029's six records mostly agree.
  EXPECT_LT(clusters.size(), 24u);
  EXPECT_GT(clusters.size(), 1u);
  EXPECT_EQ(cluster_of["rec-1029-org"], cluster_of["rec-1029-dup-0"]);
  fs::remove_all(dir);
}

TEST(MatchRelation, MissingModelNamesTheFolder) {
  const std::string dir = TempDir("no_model");
  epb::MatchRelation msg;
  *msg.mutable_input() = FilteredRead("rec-102");
  *msg.mutable_args() = FebrlArguments(dir, false);
  std::ostringstream log;
  auto out = RunMatchRelation(msg, nullptr, &log);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound);
  EXPECT_NE(out.status().message().find(dir + "/models/7"), std::string::npos) << out.status();

  msg.clear_input();
  out = RunMatchRelation(msg, nullptr, &log);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("MatchRelation.input"), std::string::npos);
  fs::remove_all(dir);
}

TEST(LabelPairs, MovesTheNamedPairsWithTheirLabels) {
  const std::string dir = TempDir("label");
  zpb::ZinggCommand find;
  find.set_phase("findTrainingData");
  *find.mutable_args() = FebrlArguments(dir, false);
  std::ostringstream log;
  Status s = RunZinggCommand(find, &log);
  ASSERT_TRUE(s.ok()) << s << "\n" << log.str();
  auto config = ZinggConfigFromArguments(find.args());
  ASSERT_TRUE(config.ok());
  auto before = er::LoadTrainingSet(er::UnmarkedPath(*config));
  ASSERT_TRUE(before.ok()) << before.status();
  ASSERT_GE(before->pairs.size(), 3u);
  const std::string a = before->pairs[0].id, b = before->pairs[2].id;

  // A bad request changes nothing.
  epb::LabelPairs bad;
  *bad.mutable_args() = find.args();
  auto* l = bad.add_labels();
  l->set_z_cluster(a);
  l->set_z_is_match(1);
  l = bad.add_labels();
  l->set_z_cluster("no-such-pair");
  l->set_z_is_match(0);
  auto r = RunLabelPairs(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_NE(r.status().message().find("no-such-pair"), std::string::npos) << r.status();
  bad.mutable_labels(1)->set_z_cluster(b);
  bad.mutable_labels(1)->set_z_is_match(5);
  r = RunLabelPairs(bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(fs::exists(er::MarkedPath(*config)));

  epb::LabelPairs msg;
  *msg.mutable_args() = find.args();
  l = msg.add_labels();
  l->set_z_cluster(a);
  l->set_z_is_match(1);
  l = msg.add_labels();
  l->set_z_cluster(b);
  l->set_z_is_match(0);
  ExtensionRegistry registry;
  RegisterErExtensions(&registry);
  google::protobuf::Any any;
  any.PackFrom(msg);
  EXPECT_EQ(any.type_url(), kLabelPairsTypeUrl);
  auto t = registry.RunCommand(any, nullptr);
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_NE(*t, nullptr);
  ASSERT_EQ((*t)->num_rows(), 1);
  EXPECT_EQ((*t)->column(0)->GetInt64(0), 2);
  EXPECT_EQ((*t)->column(1)->GetInt64(0), static_cast<int64_t>(before->pairs.size()) - 2);
  EXPECT_EQ((*t)->column(2)->GetInt64(0), 2);

  auto pending = er::LoadTrainingSet(er::UnmarkedPath(*config));
  auto marked = er::LoadTrainingSet(er::MarkedPath(*config));
  ASSERT_TRUE(pending.ok() && marked.ok());
  EXPECT_EQ(pending->pairs.size(), before->pairs.size() - 2);
  for (const auto& p : pending->pairs) {
    EXPECT_NE(p.id, a);
    EXPECT_NE(p.id, b);
  }
  ASSERT_EQ(marked->pairs.size(), 2u);
  EXPECT_EQ(marked->pairs[0].id, a);
  EXPECT_EQ(marked->pairs[0].label, 1);
  EXPECT_EQ(marked->pairs[1].id, b);
  EXPECT_EQ(marked->pairs[1].label, 0);
  EXPECT_EQ(marked->pairs[0].left, before->pairs[0].left);

  // Labelling a pair again: it is no longer pending.
  r = RunLabelPairs(msg);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  fs::remove_all(dir);
}

// A session whose relations run with its catalog, as the server's do.
struct TestSession {
  Session session{"user", "8a4c9a53-5a0e-4d8b-9f0e-6d0f1c3b2a11"};
  sql::ExecContext exec;
  TranslateContext ctx;
  TestSession() {
    exec.catalog = &session.catalog();
    ctx.session = &session;
    ctx.exec = &exec;
  }
};

spark::connect::Relation NamedTable(const std::string& name) {
  spark::connect::Relation rel;
  rel.mutable_read()->mutable_named_table()->set_unparsed_identifier(name);
  return rel;
}

// "rec-1029-dup-0" -> "rec-1029".
std::string Entity(std::string_view id) {
  size_t second = id.find('-', id.find('-') + 1);
  return std::string(id.substr(0, second));
}

// Labels every pair of `pairs` (training-pair rows) by the entity of its id column: the
// simulated labeller, applied to rows.
TablePtr LabelByEntity(const Table& pairs) {
  const int id = ColumnIndex(pairs, "id"), label = ColumnIndex(pairs, "z_isMatch");
  std::vector<ColumnPtr> cols = pairs.columns();
  ColumnBuilder b(DataType::Int32(), pairs.num_rows());
  for (int64_t r = 0; r + 1 < pairs.num_rows(); r += 2) {
    bool same = Entity(pairs.column(id)->GetString(r)) == Entity(pairs.column(id)->GetString(r + 1));
    b.AppendInt(same ? 1 : 0);
    b.AppendInt(same ? 1 : 0);
  }
  cols[label] = b.Finish();
  return Table::Make(pairs.schema(), cols);
}

TEST(SessionModel, FindsPairsTrainsAndMatchesWithoutFiles) {
  const std::string dir = TempDir("session");
  TestSession ts;
  zpb::Arguments args = FebrlArguments(dir, false);
  spark::connect::Relation input = FilteredRead("rec-1");
  TablePtr labelled;
  std::ostringstream log;
  for (int round = 0; round < 4; ++round) {
    epb::TrainingPairsRelation find;
    *find.mutable_input() = input;
    *find.mutable_args() = args;
    find.set_num_pairs(15);
    if (labelled != nullptr) {
      ts.session.catalog().CreateOrReplaceTempView("labelled", sql::LocalTable(labelled));
      *find.mutable_labelled() = NamedTable("labelled");
    }
    auto pairs = RunTrainingPairsRelation(find, &ts.ctx, &log);
    ASSERT_TRUE(pairs.ok()) << pairs.status();
    ASSERT_GT((*pairs)->num_rows(), 0);
    ASSERT_EQ((*pairs)->num_rows() % 2, 0);
    EXPECT_EQ((*pairs)->schema().field(0).name, "z_cluster");
    TablePtr answered = LabelByEntity(**pairs);
    if (labelled != nullptr) {
      // Already labelled pairs are never proposed again.
      std::set<std::string> seen;
      for (int64_t r = 0; r < labelled->num_rows(); ++r)
        seen.insert(std::string(labelled->column(0)->GetString(r)));
      for (int64_t r = 0; r < answered->num_rows(); ++r)
        EXPECT_FALSE(seen.count(std::string(answered->column(0)->GetString(r))));
      auto both = Table::Concat({labelled, answered});
      ASSERT_TRUE(both.ok()) << both.status();
      labelled = *both;
    } else {
      labelled = answered;
    }
  }
  ts.session.catalog().CreateOrReplaceTempView("labelled", sql::LocalTable(labelled));

  epb::TrainCommand train;
  *train.mutable_input() = input;
  *train.mutable_labelled() = NamedTable("labelled");
  *train.mutable_args() = args;
  train.set_session_model("febrl");
  auto trained = RunTrainCommand(train, &ts.ctx, &log);
  ASSERT_TRUE(trained.ok()) << trained.status() << "\n" << log.str();
  EXPECT_GE(trained->matches, 4);
  EXPECT_GE(trained->non_matches, 4);
  EXPECT_EQ(trained->model, "session model 'febrl'");
  EXPECT_FALSE(fs::exists(dir + "/models/7")) << "a session model writes no files";

  epb::MatchRelation match;
  *match.mutable_input() = FilteredRead("rec-10");
  *match.mutable_args() = args;
  match.set_session_model("febrl");
  auto out = RunMatchRelation(match, &ts.ctx, &log);
  ASSERT_TRUE(out.ok()) << out.status();
  const Table& t = **out;
  const int id = ColumnIndex(t, "id"), cluster = ColumnIndex(t, "z_cluster");
  // Pairwise precision and recall against the ids' entities.
  std::map<int64_t, std::vector<std::string>> members;
  for (int64_t r = 0; r < t.num_rows(); ++r)
    members[t.column(cluster)->GetInt64(r)].push_back(Entity(t.column(id)->GetString(r)));
  std::map<std::string, int64_t> entity_size;
  for (int64_t r = 0; r < t.num_rows(); ++r) ++entity_size[Entity(t.column(id)->GetString(r))];
  int64_t predicted = 0, correct = 0, actual = 0;
  for (const auto& [c, ents] : members)
    for (size_t a = 0; a < ents.size(); ++a)
      for (size_t b = a + 1; b < ents.size(); ++b) {
        ++predicted;
        correct += ents[a] == ents[b];
      }
  for (const auto& [e, n] : entity_size) actual += n * (n - 1) / 2;
  ASSERT_GT(predicted, 0);
  const double precision = double(correct) / predicted, recall = double(correct) / actual;
  EXPECT_GT(precision, 0.9) << correct << "/" << predicted;
  EXPECT_GT(recall, 0.9) << correct << "/" << actual;

  // Another name, or no session at all, is a clear error.
  match.set_session_model("other");
  out = RunMatchRelation(match, &ts.ctx, &log);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kNotFound);
  EXPECT_NE(out.status().message().find("'febrl'"), std::string::npos) << out.status();
  match.set_session_model("febrl");
  out = RunMatchRelation(match, nullptr, &log);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kFailedPrecondition) << out.status();
  fs::remove_all(dir);
}

TEST(TrainCommand, TooFewLabelsSayHowManyMore) {
  const std::string dir = TempDir("few");
  TestSession ts;
  std::ostringstream log;
  epb::TrainingPairsRelation find;
  *find.mutable_input() = FilteredRead("rec-10");
  *find.mutable_args() = FebrlArguments(dir, false);
  find.set_num_pairs(3);
  auto pairs = RunTrainingPairsRelation(find, &ts.ctx, &log);
  ASSERT_TRUE(pairs.ok()) << pairs.status();
  ts.session.catalog().CreateOrReplaceTempView("labelled", sql::LocalTable(LabelByEntity(**pairs)));
  epb::TrainCommand train;
  *train.mutable_input() = find.input();
  *train.mutable_labelled() = NamedTable("labelled");
  *train.mutable_args() = find.args();
  train.set_session_model("m");
  auto trained = RunTrainCommand(train, &ts.ctx, &log);
  ASSERT_FALSE(trained.ok());
  EXPECT_EQ(trained.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(trained.status().message().find("more"), std::string::npos) << trained.status();

  // Labels that are not labels name the row.
  spark::connect::Relation bad;
  bad.mutable_sql()->set_query("SELECT 'p1' AS z_cluster, 7 AS z_isMatch, 'x' AS fname");
  *train.mutable_labelled() = bad;
  trained = RunTrainCommand(train, &ts.ctx, &log);
  ASSERT_FALSE(trained.ok());
  EXPECT_EQ(trained.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(trained.status().message().find("z_isMatch '7'"), std::string::npos) << trained.status();
  fs::remove_all(dir);
}

TEST(LinkRelation, LinksDuplicatesToTheirOriginals) {
  const std::string dir = TempDir("link");
  ASSERT_NO_FATAL_FAILURE(Train(dir));
  TestSession ts;
  std::ostringstream log;
  epb::LinkRelation link;
  spark::connect::Relation left = FilteredRead("rec-10"), right = FilteredRead("rec-10");
  left.mutable_filter()->mutable_condition()->mutable_expression_string()->set_expression(
      "id LIKE 'rec-10%' AND id LIKE '%-org'");
  right.mutable_filter()->mutable_condition()->mutable_expression_string()->set_expression(
      "id LIKE 'rec-10%' AND id LIKE '%-dup-%'");
  *link.mutable_left() = left;
  *link.mutable_right() = right;
  *link.mutable_args() = FebrlArguments(dir, false);
  auto out = RunLinkRelation(link, &ts.ctx, &log);
  ASSERT_TRUE(out.ok()) << out.status();
  const Table& t = **out;
  EXPECT_EQ(t.schema().field(0).name, "z_cluster");
  EXPECT_EQ(t.schema().field(2).name, "z_zsource");
  const int id = ColumnIndex(t, "id"), cluster = ColumnIndex(t, "z_cluster");
  std::map<std::string, int64_t> org_cluster;
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    std::string rid(t.column(id)->GetString(r));
    EXPECT_EQ(t.column(2)->GetString(r), rid.ends_with("-org") ? "left" : "right") << rid;
    if (rid.ends_with("-org")) org_cluster[Entity(rid)] = t.column(cluster)->GetInt64(r);
  }
  int dups = 0, linked = 0;
  for (int64_t r = 0; r < t.num_rows(); ++r) {
    std::string rid(t.column(id)->GetString(r));
    if (rid.ends_with("-org")) continue;
    ++dups;
    auto it = org_cluster.find(Entity(rid));
    linked += it != org_cluster.end() && it->second == t.column(cluster)->GetInt64(r);
  }
  ASSERT_GT(dups, 20);
  EXPECT_GT(double(linked) / dups, 0.9) << linked << "/" << dups;

  // Sides that do not line up name the column.
  right.mutable_filter()->mutable_input()->mutable_read()->mutable_data_source()->set_schema(
      "id string, fname string");
  *link.mutable_right() = right;
  out = RunLinkRelation(link, &ts.ctx, &log);
  ASSERT_FALSE(out.ok());
  EXPECT_NE(out.status().message().find("'lname'"), std::string::npos) << out.status();
  fs::remove_all(dir);
}

TEST(StoredPairsRelation, ReturnsTheLabelledAndPendingPairs) {
  const std::string dir = TempDir("stored");
  zpb::ZinggCommand find;
  find.set_phase("findTrainingData");
  *find.mutable_args() = FebrlArguments(dir, false);
  std::ostringstream log;
  Status s = RunZinggCommand(find, &log);
  ASSERT_TRUE(s.ok()) << s << "\n" << log.str();
  epb::StoredPairsRelation stored;
  *stored.mutable_args() = find.args();
  auto marked = RunStoredPairsRelation(stored);
  ASSERT_TRUE(marked.ok()) << marked.status();
  EXPECT_EQ((*marked)->num_rows(), 0);
  stored.set_pending(true);
  auto pending = RunStoredPairsRelation(stored);
  ASSERT_TRUE(pending.ok()) << pending.status();
  ASSERT_GE((*pending)->num_rows(), 4);
  const std::string first((*pending)->column(0)->GetString(0));

  epb::LabelPairs label;
  *label.mutable_args() = find.args();
  auto* l = label.add_labels();
  l->set_z_cluster(first);
  l->set_z_is_match(1);
  ASSERT_TRUE(RunLabelPairs(label).ok());
  stored.set_pending(false);
  marked = RunStoredPairsRelation(stored);
  ASSERT_TRUE(marked.ok()) << marked.status();
  ASSERT_EQ((*marked)->num_rows(), 2);
  EXPECT_EQ((*marked)->column(0)->GetString(0), first);
  EXPECT_EQ((*marked)->column(ColumnIndex(**marked, "z_isMatch"))->Value<int32_t>(1), 1);
  EXPECT_EQ((*marked)->column(ColumnIndex(**marked, "fname"))->GetString(0),
            (*pending)->column(ColumnIndex(**pending, "fname"))->GetString(0));
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kindred::connect
