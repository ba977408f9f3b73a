// ZinggCommand (Zingg's Spark Connect message) to Config, phases run through it, the label-path
// relation and the registry wiring, on the febrl example.
#include "connect/zingg/zingg_extension.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "common/file_util.h"
#include "common/strings.h"
#include "febrl_test_util.h"
#include "zingg/spark/connect/zingg.pb.h"

namespace kindred::connect {
namespace {

namespace fs = std::filesystem;
namespace zpb = ::zingg::spark::connect;

std::string TempDir(const std::string& name) {
  return testing::TempDir("kindred_zingg_connect", name);
}

// Zingg's febrl example with training samples, as its Python client would send it.
zpb::ZinggCommand FebrlCommand(const std::string& phase, const std::string& dir,
                               bool with_samples = true) {
  zpb::ZinggCommand cmd;
  cmd.set_phase(phase);
  *cmd.mutable_args() = testing::FebrlArguments(dir, "100", with_samples);
  return cmd;
}

TEST(ZinggConfig, ConvertsArgumentsWithDefaults) {
  zpb::ZinggCommand cmd = FebrlCommand("train", "/tmp/x");
  auto c = ZinggConfigFromArguments(cmd.args());
  ASSERT_TRUE(c.ok()) << c.status();
  ASSERT_EQ(c->field_definitions.size(), 11u);
  EXPECT_EQ(c->field_definitions[0].field_name, "id");
  EXPECT_FALSE(c->field_definitions[0].used());
  EXPECT_TRUE(c->field_definitions[1].has(er::MatchType::kFuzzy));
  EXPECT_EQ(c->UsedFields().size(), 10u);
  ASSERT_EQ(c->data.size(), 1u);
  EXPECT_EQ(c->data[0].name, "test");
  EXPECT_EQ(c->data[0].props.at("header"), "false");
  EXPECT_EQ(c->data[0].schema, testing::kFebrlSchema);
  ASSERT_EQ(c->training_samples.size(), 1u);
  ASSERT_EQ(c->output.size(), 1u);
  EXPECT_EQ(c->output[0].path(), "/tmp/x/output.csv");
  EXPECT_EQ(c->zingg_dir, "/tmp/x/models");
  EXPECT_EQ(c->model_id, "100");
  EXPECT_EQ(c->ModelDir(), "/tmp/x/models/100");
  EXPECT_DOUBLE_EQ(c->label_data_sample_size, 0.5);
  EXPECT_EQ(c->num_partitions, 4);
  // Unset (zero) numbers keep Zingg's defaults.
  EXPECT_DOUBLE_EQ(c->threshold, 0.5);
  EXPECT_EQ(c->block_size, 100);
  EXPECT_DOUBLE_EQ(c->stop_words_cutoff, 0.1);
  EXPECT_FALSE(c->show_concise);
}

TEST(ZinggConfig, ExplicitValuesAndFloatWidening) {
  zpb::ZinggCommand cmd = FebrlCommand("train", "/tmp/x");
  zpb::Arguments* a = cmd.mutable_args();
  a->set_threshold(0.7);
  a->set_block_size(50);
  a->set_stop_words_cutoff(0.1f);
  a->set_show_concise(true);
  a->mutable_field_definition(1)->add_match_type()->set_name("exact");
  a->mutable_output(0)->set_mode("append");
  auto c = ZinggConfigFromArguments(*a);
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_DOUBLE_EQ(c->threshold, 0.7);
  EXPECT_EQ(c->block_size, 50);
  EXPECT_DOUBLE_EQ(c->stop_words_cutoff, 0.1);  // not 0.10000000149
  EXPECT_TRUE(c->show_concise);
  EXPECT_TRUE(c->field_definitions[1].has(er::MatchType::kExact));
  EXPECT_TRUE(c->field_definitions[1].has(er::MatchType::kFuzzy));
  EXPECT_EQ(c->output[0].mode, "append");
}

TEST(ZinggConfig, BadArgumentsNameTheField) {
  zpb::ZinggCommand cmd = FebrlCommand("train", "/tmp/x");
  cmd.mutable_args()->mutable_field_definition(2)->mutable_match_type(0)->set_name("fuzy");
  auto c = ZinggConfigFromArguments(cmd.args());
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("fieldDefinition[2]"), std::string::npos) << c.status();
  EXPECT_NE(c.status().message().find("fuzy"), std::string::npos) << c.status();

  cmd = FebrlCommand("train", "/tmp/x");
  cmd.mutable_args()->mutable_data(0)->mutable_props()->erase("path");
  c = ZinggConfigFromArguments(cmd.args());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("data[0].props.path"), std::string::npos) << c.status();

  cmd = FebrlCommand("train", "/tmp/x");
  cmd.mutable_args()->set_threshold(1.5);
  c = ZinggConfigFromArguments(cmd.args());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("threshold"), std::string::npos) << c.status();

  cmd = FebrlCommand("train", "/tmp/x");
  cmd.mutable_args()->clear_field_definition();
  c = ZinggConfigFromArguments(cmd.args());
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("fieldDefinition"), std::string::npos) << c.status();
}

TEST(ZinggCommand, BadPhaseOrMissingArgs) {
  std::ostringstream log;
  zpb::ZinggCommand cmd = FebrlCommand("", "/tmp/x");
  Status s = RunZinggCommand(cmd, &log);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("phase"), std::string::npos) << s;

  cmd.set_phase("trian");
  s = RunZinggCommand(cmd, &log);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("trian"), std::string::npos) << s;
  EXPECT_NE(s.message().find("findTrainingData"), std::string::npos) << s;

  cmd.set_phase("train");
  cmd.clear_args();
  s = RunZinggCommand(cmd, &log);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("args"), std::string::npos) << s;
}

TEST(ZinggCommand, TrainThenMatchWritesClusters) {
  const std::string dir = TempDir("train_match");
  std::ostringstream log;
  // Phase names are case-insensitive, as on Zingg's command line.
  Status s = RunZinggCommand(FebrlCommand("TRAIN", dir), &log);
  ASSERT_TRUE(s.ok()) << s << "\n" << log.str();
  EXPECT_TRUE(fs::exists(dir + "/models/100/model/model.json"));
  s = RunZinggCommand(FebrlCommand("match", dir), &log);
  ASSERT_TRUE(s.ok()) << s << "\n" << log.str();
  auto text = ReadFileToString(dir + "/output.csv");
  ASSERT_TRUE(text.ok()) << text.status();
  std::string header = text->substr(0, text->find('\n'));
  EXPECT_NE(header.find("z_cluster"), std::string::npos) << header;
  EXPECT_NE(header.find("fname"), std::string::npos) << header;
  // 65 febrl records, one line each after the header.
  int64_t lines = 0;
  for (char ch : *text) lines += ch == '\n';
  EXPECT_GE(lines, 66) << *text;
  // The phase's log went to the stream given, not anywhere the client sees.
  EXPECT_FALSE(log.str().empty());
  fs::remove_all(dir);
}

TEST(ZinggCommand, MatchWithoutModelFails) {
  const std::string dir = TempDir("no_model");
  std::ostringstream log;
  Status s = RunZinggCommand(FebrlCommand("match", dir), &log);
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("train"), std::string::npos) << s;
  fs::remove_all(dir);
}

TEST(ZinggPendingPairs, FindsPairsWhenNonePendingAndReturnsTwoRowsEach) {
  const std::string dir = TempDir("pairs");
  std::ostringstream log;
  auto t = ZinggPendingPairs(FebrlCommand("label", dir, /*with_samples=*/false), &log);
  ASSERT_TRUE(t.ok()) << t.status() << "\n" << log.str();
  const Table& table = **t;
  std::vector<std::string> names = table.schema().names();
  ASSERT_GE(names.size(), 7u);
  EXPECT_EQ(names[0], "z_cluster");
  EXPECT_EQ(names[1], "z_zid");
  EXPECT_EQ(names[2], "z_prediction");
  EXPECT_EQ(names[3], "z_score");
  EXPECT_EQ(names[4], "z_isMatch");
  EXPECT_EQ(names[5], "id");
  EXPECT_EQ(names.back(), "z_zsource");
  ASSERT_GT(table.num_rows(), 0);
  ASSERT_EQ(table.num_rows() % 2, 0);
  const Column& cluster = *table.column(0);
  const Column& zid = *table.column(1);
  const Column& is_match = *table.column(4);
  const Column& source = *table.column(table.num_columns() - 1);
  for (int64_t r = 0; r < table.num_rows(); r += 2) {
    EXPECT_EQ(cluster.GetString(r), cluster.GetString(r + 1)) << "row " << r;
    EXPECT_NE(zid.GetInt64(r), zid.GetInt64(r + 1)) << "row " << r;
    EXPECT_EQ(is_match.GetInt64(r), -1);
    EXPECT_EQ(source.GetString(r), "test");
  }
  if (table.num_rows() >= 4) {
    EXPECT_NE(cluster.GetString(0), cluster.GetString(2));
  }
  // A second request returns the same pending pairs rather than finding new ones.
  auto again = ZinggPendingPairs(FebrlCommand("label", dir, false), &log);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ((*again)->num_rows(), table.num_rows());
  EXPECT_EQ((*again)->column(0)->GetString(0), cluster.GetString(0));
  fs::remove_all(dir);
}

TEST(ZinggRegistry, CommandAndRelationByTypeUrl) {
  ExtensionRegistry registry;
  RegisterZinggExtensions(&registry);
  std::vector<std::string> urls = registry.RegisteredTypeUrls();
  ASSERT_EQ(urls.size(), 2u);  // sorted
  EXPECT_EQ(urls[0], "type.googleapis.com/SubmitZinggJob");
  EXPECT_EQ(urls[1], "type.googleapis.com/zingg.spark.connect.ZinggCommand");

  const std::string dir = TempDir("registry");
  google::protobuf::Any any;
  any.PackFrom(FebrlCommand("train", dir));
  EXPECT_EQ(any.type_url(), kZinggCommandTypeUrl);
  auto r = registry.RunCommand(any, nullptr);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(*r, nullptr);  // success and no rows, like Zingg's server
  EXPECT_TRUE(fs::exists(dir + "/models/100/model/model.json"));

  any.PackFrom(FebrlCommand("label", dir));
  auto plan = registry.TranslateRelation(any, nullptr);
  ASSERT_TRUE(plan.ok()) << plan.status();

  // A wrong payload under the right URL is a clear error, not a crash.
  google::protobuf::Any junk;
  junk.set_type_url(kZinggCommandTypeUrl);
  junk.set_value("\xff\xff\xff");
  r = registry.RunCommand(junk, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);

  google::protobuf::Any unknown;
  unknown.set_type_url("type.googleapis.com/zingg.spark.connect.Nothing");
  r = registry.RunCommand(unknown, nullptr);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("zingg.spark.connect.Nothing"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace kindred::connect
