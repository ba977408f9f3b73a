#include "connect/config.h"

#include <gtest/gtest.h>

namespace kindred::connect {
namespace {

namespace pb = spark::connect;

pb::ConfigRequest::Operation GetOp(std::vector<std::string> keys) {
  pb::ConfigRequest::Operation op;
  for (auto& k : keys) op.mutable_get()->add_keys(k);
  return op;
}

TEST(SessionConfigTest, DefaultsPySparkNeeds) {
  SessionConfig c;
  EXPECT_EQ(c.Get("spark.sql.session.timeZone").value_or(""), "Etc/UTC");
  EXPECT_EQ(c.Get("spark.sql.execution.arrow.useLargeVarTypes").value_or(""), "false");
  EXPECT_EQ(c.Get("spark.sql.timestampType").value_or(""), "TIMESTAMP_LTZ");
  EXPECT_EQ(c.Get("spark.sql.ansi.enabled").value_or(""), "false");
  EXPECT_TRUE(c.Get("spark.sql.session.localRelationCacheThreshold").has_value());
  EXPECT_FALSE(c.Get("spark.nothing.here").has_value());
}

TEST(SessionConfigTest, SetGetUnset) {
  SessionConfig c;
  ASSERT_TRUE(c.Set("spark.sql.ansi.enabled", "true").ok());
  EXPECT_EQ(*c.Get("spark.sql.ansi.enabled"), "true");
  EXPECT_TRUE(c.GetBool("spark.sql.ansi.enabled", false));
  c.Unset("spark.sql.ansi.enabled");
  EXPECT_EQ(*c.Get("spark.sql.ansi.enabled"), "false");
  ASSERT_TRUE(c.Set("my.key", "v").ok());
  c.Unset("my.key");
  EXPECT_FALSE(c.Get("my.key").has_value());
}

TEST(SessionConfigTest, StaticKeysAreNotModifiable) {
  SessionConfig c;
  EXPECT_FALSE(c.IsModifiable("spark.sql.warehouse.dir"));
  EXPECT_TRUE(c.IsModifiable("spark.sql.ansi.enabled"));
  Status st = c.Set("spark.sql.warehouse.dir", "/tmp/x");
  ASSERT_FALSE(st.ok());
  ASSERT_NE(st.details(), nullptr);
  EXPECT_EQ(st.details()->error_class, "CANNOT_MODIFY_CONFIG");
}

TEST(ConfigRpcTest, SetThenGet) {
  SessionConfig c;
  pb::ConfigResponse resp;
  pb::ConfigRequest::Operation set;
  auto* kv = set.mutable_set()->add_pairs();
  kv->set_key("spark.sql.shuffle.partitions");
  kv->set_value("7");
  ASSERT_TRUE(ApplyConfigOperation(set, &c, &resp).ok());
  EXPECT_EQ(resp.pairs_size(), 0);
  ASSERT_TRUE(ApplyConfigOperation(GetOp({"spark.sql.shuffle.partitions"}), &c, &resp).ok());
  ASSERT_EQ(resp.pairs_size(), 1);
  EXPECT_EQ(resp.pairs(0).key(), "spark.sql.shuffle.partitions");
  EXPECT_EQ(resp.pairs(0).value(), "7");
}

TEST(ConfigRpcTest, GetUnknownKeyFailsLikeSpark) {
  SessionConfig c;
  pb::ConfigResponse resp;
  Status st = ApplyConfigOperation(GetOp({"spark.no.such"}), &c, &resp);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.details()->error_class, "SQL_CONF_NOT_FOUND");
  EXPECT_EQ(st.details()->exception_classes.front(),
            "org.apache.spark.SparkNoSuchElementException");
}

TEST(ConfigRpcTest, GetWithDefaultGetOptionGetAllIsModifiable) {
  SessionConfig c;
  pb::ConfigResponse resp;
  pb::ConfigRequest::Operation op;
  auto* p1 = op.mutable_get_with_default()->add_pairs();
  p1->set_key("spark.x");
  p1->set_value("dflt");
  auto* p2 = op.mutable_get_with_default()->add_pairs();
  p2->set_key("spark.sql.ansi.enabled");
  p2->set_value("true");
  ASSERT_TRUE(ApplyConfigOperation(op, &c, &resp).ok());
  ASSERT_EQ(resp.pairs_size(), 2);
  EXPECT_EQ(resp.pairs(0).value(), "dflt");
  EXPECT_EQ(resp.pairs(1).value(), "false");  // set default wins over the client's default

  resp.Clear();
  pb::ConfigRequest::Operation opt;
  opt.mutable_get_option()->add_keys("spark.x");
  opt.mutable_get_option()->add_keys("spark.sql.session.timeZone");
  ASSERT_TRUE(ApplyConfigOperation(opt, &c, &resp).ok());
  ASSERT_EQ(resp.pairs_size(), 2);
  EXPECT_FALSE(resp.pairs(0).has_value());
  EXPECT_EQ(resp.pairs(1).value(), "Etc/UTC");

  resp.Clear();
  pb::ConfigRequest::Operation all;
  all.mutable_get_all()->set_prefix("spark.sql.repl.");
  ASSERT_TRUE(ApplyConfigOperation(all, &c, &resp).ok());
  ASSERT_GE(resp.pairs_size(), 1);
  for (const auto& kv : resp.pairs()) EXPECT_EQ(kv.key().rfind("spark.sql.repl.", 0), 0u);

  resp.Clear();
  pb::ConfigRequest::Operation mod;
  mod.mutable_is_modifiable()->add_keys("spark.sql.warehouse.dir");
  mod.mutable_is_modifiable()->add_keys("spark.sql.ansi.enabled");
  ASSERT_TRUE(ApplyConfigOperation(mod, &c, &resp).ok());
  ASSERT_EQ(resp.pairs_size(), 2);
  EXPECT_EQ(resp.pairs(0).value(), "false");
  EXPECT_EQ(resp.pairs(1).value(), "true");
}

TEST(ConfigRpcTest, SilentSetIgnoresFailures) {
  SessionConfig c;
  pb::ConfigResponse resp;
  pb::ConfigRequest::Operation set;
  auto* kv = set.mutable_set()->add_pairs();
  kv->set_key("spark.sql.warehouse.dir");
  kv->set_value("x");
  EXPECT_FALSE(ApplyConfigOperation(set, &c, &resp).ok());
  set.mutable_set()->set_silent(true);
  EXPECT_TRUE(ApplyConfigOperation(set, &c, &resp).ok());
  EXPECT_FALSE(ApplyConfigOperation(pb::ConfigRequest::Operation(), &c, &resp).ok());
}

}  // namespace
}  // namespace kindred::connect
