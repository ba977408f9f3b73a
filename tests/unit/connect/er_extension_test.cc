// MatchRelation and LabelPairs (proto/kindred/er/er.proto) on Zingg's febrl example: a model
// trained by the er phases clusters a filtered csv read; labels move pending pairs.
#include "connect/er_extension/er_extension.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

#include "connect/translate/translate.h"
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

std::string SharedData() {
  if (const char* d = std::getenv("KINDRED_SHARED_DATA")) return d;
  return std::string(KINDRED_SOURCE_DIR) + "/../shared/data";
}

std::string TempDir(const std::string& name) {
  std::string dir =
      (fs::temp_directory_path() / ("kindred_er_ext_" + name + "_" + std::to_string(::getpid())))
          .string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

constexpr char kFebrlSchema[] =
    "id string, fname string, lname string, stNo string, add1 string, add2 string, city string, "
    "areacode string, state string, dob string, ssn string";

void SetPipe(zpb::Pipe* p, const std::string& name, const std::string& path,
             const std::string& schema, const std::string& bad_records = "") {
  p->set_name(name);
  p->set_format("csv");
  (*p->mutable_props())["path"] = path;
  (*p->mutable_props())["delimiter"] = ",";
  (*p->mutable_props())["header"] = "false";
  // training.csv starts with a header line that its schema does not parse.
  if (!bad_records.empty()) (*p->mutable_props())["badRecordsPath"] = bad_records;
  p->set_schema(schema);
}

zpb::Arguments FebrlArguments(const std::string& dir, bool with_samples) {
  zpb::Arguments a;
  for (const char* name : {"id", "fname", "lname", "stNo", "add1", "add2", "city", "areacode",
                           "state", "dob", "ssn"}) {
    zpb::FieldDefinition* f = a.add_field_definition();
    f->set_field_name(name);
    f->set_fields(name);
    f->set_data_type("string");
    f->add_match_type()->set_name(std::string(name) == "id" ? "DONT_USE" : "FUZZY");
  }
  const std::string data = SharedData() + "/zingg_febrl";
  SetPipe(a.add_data(), "test", data + "/test.csv", kFebrlSchema);
  if (with_samples) {
    SetPipe(a.add_training_samples(), "trainingPos", data + "/training.csv",
            "z_cluster string, z_isMatch integer, fname string, lname string, stNo string, "
            "add1 string, add2 string, city string, areacode string, state string, dob string, "
            "ssn string",
            dir + "/bad");
  }
  zpb::Pipe* out = a.add_output();
  out->set_name("output");
  out->set_format("csv");
  (*out->mutable_props())["path"] = dir + "/output.csv";
  a.set_zingg_dir(dir + "/models");
  a.set_model_id("7");
  a.set_label_data_sample_size(0.5f);
  return a;
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

}  // namespace
}  // namespace kindred::connect
