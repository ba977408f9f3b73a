#include "connect/session.h"

#include <gtest/gtest.h>

#include <set>

#include "connect/errors.h"

namespace kindred::connect {
namespace {

constexpr char kSession[] = "00112233-4455-6677-8899-aabbccddeeff";

TEST(UuidTest, NewUuidIsCanonicalAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    std::string id = NewUuid();
    EXPECT_TRUE(IsUuid(id)) << id;
    EXPECT_EQ(id[14], '4');  // version 4
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
  EXPECT_FALSE(IsUuid("not-a-uuid"));
  EXPECT_FALSE(IsUuid("00112233-4455-6677-8899-aabbccddeefg"));
  EXPECT_FALSE(IsUuid("001122334455-6677-8899-aabbccddeeff0"));
}

TEST(SessionManagerTest, RejectsNonUuidSessionIds) {
  SessionManager m;
  auto s = m.GetOrCreate("user", "session-1");
  ASSERT_FALSE(s.ok());
  ASSERT_NE(s.status().details(), nullptr);
  EXPECT_EQ(s.status().details()->error_class, "INVALID_HANDLE.FORMAT");
}

TEST(SessionManagerTest, SameIdGivesSameSessionWithStableServerSideId) {
  SessionManager m;
  auto a = m.GetOrCreate("user", kSession);
  auto b = m.GetOrCreate("user", kSession);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->get(), b->get());
  EXPECT_TRUE(IsUuid((*a)->server_side_session_id()));
  // Another user with the same session id is another session.
  auto c = m.GetOrCreate("other", kSession);
  ASSERT_TRUE(c.ok());
  EXPECT_NE(c->get(), a->get());
  EXPECT_NE((*c)->server_side_session_id(), (*a)->server_side_session_id());
  EXPECT_EQ(m.num_sessions(), 2u);
}

TEST(SessionManagerTest, ObservedServerSideIdMustMatch) {
  SessionManager m;
  auto a = m.GetOrCreate("u", kSession);
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(m.GetOrCreate("u", kSession, (*a)->server_side_session_id()).ok());
  auto bad = m.GetOrCreate("u", kSession, NewUuid());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().details()->error_class, "INVALID_HANDLE.SESSION_CHANGED");
}

TEST(SessionManagerTest, ReleaseFreesEverythingAndTombstones) {
  SessionManager m;
  auto s = m.GetOrCreate("u", kSession);
  ASSERT_TRUE(s.ok());
  std::shared_ptr<Session> session = *s;
  ASSERT_TRUE(session->config().Set("spark.sql.ansi.enabled", "true").ok());
  session->PutArtifact("cache/abc", "data");
  auto op = session->CreateOperation(NewUuid(), {}, true);
  ASSERT_TRUE(op.ok());
  std::string server_id = session->server_side_session_id();

  auto released = m.Release("u", kSession);
  ASSERT_TRUE(released.has_value());
  EXPECT_EQ(*released, server_id);
  EXPECT_TRUE((*op)->cancelled_flag()->load());
  EXPECT_TRUE((*op)->released());
  EXPECT_EQ(session->num_operations(), 0u);
  EXPECT_FALSE(session->HasArtifact("cache/abc"));
  EXPECT_EQ(m.num_sessions(), 0u);

  auto again = m.GetOrCreate("u", kSession);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().details()->error_class, "INVALID_HANDLE.SESSION_CLOSED");
  // Releasing an unknown session is a no-op.
  EXPECT_FALSE(m.Release("u", NewUuid()).has_value());
}

TEST(SessionManagerTest, GetDoesNotCreate) {
  SessionManager m;
  auto s = m.Get("u", kSession);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().details()->error_class, "INVALID_HANDLE.SESSION_NOT_FOUND");
}

TEST(SessionTest, OperationsAreUniqueAndInterruptible) {
  Session s("u", kSession);
  std::string id1 = NewUuid(), id2 = NewUuid(), id3 = NewUuid();
  auto a = s.CreateOperation(id1, {"etl"}, false);
  auto b = s.CreateOperation(id2, {"etl", "nightly"}, true);
  auto c = s.CreateOperation(id3, {}, true);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  auto dup = s.CreateOperation(id1, {}, false);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.status().details()->error_class, "INVALID_HANDLE.OPERATION_ALREADY_EXISTS");
  EXPECT_FALSE(s.CreateOperation("nope", {}, false).ok());

  auto nightly = s.InterruptTag("nightly");
  EXPECT_EQ(nightly, std::vector<std::string>{id2});
  EXPECT_TRUE((*b)->cancelled_flag()->load());
  EXPECT_FALSE((*a)->cancelled_flag()->load());

  (*c)->Finish(OkStatus());
  auto by_id = s.InterruptOperation(id3);
  EXPECT_TRUE(by_id.empty()) << "a finished operation is not reported as interrupted";

  auto all = s.InterruptAll();
  EXPECT_EQ(all.size(), 2u);  // id1 and id2 are still running; id3 finished
  EXPECT_TRUE((*a)->cancelled_flag()->load());
}

TEST(SessionTest, ExpiresAbandonedOperations) {
  Session s("u", kSession);
  auto op = s.CreateOperation(NewUuid(), {}, true);
  ASSERT_TRUE(op.ok());
  s.ExpireOperations(std::chrono::hours(1));
  EXPECT_EQ(s.num_operations(), 1u);
  s.ExpireOperations(std::chrono::nanoseconds(0));
  EXPECT_EQ(s.num_operations(), 1u) << "a running operation is not abandoned";
  (*op)->Finish(OkStatus());
  s.ExpireOperations(std::chrono::nanoseconds(0));
  EXPECT_EQ(s.num_operations(), 0u);
  EXPECT_TRUE((*op)->released());
}

TEST(SessionTest, StoresErrorsForFetchErrorDetails) {
  Session s("u", kSession);
  std::string id = s.StoreError(InvalidArgument("bad column"));
  EXPECT_TRUE(IsUuid(id));
  auto st = s.FindError(id);
  ASSERT_TRUE(st.has_value());
  EXPECT_EQ(st->message(), "bad column");
  EXPECT_FALSE(s.FindError(NewUuid()).has_value());
  // Only the most recent errors are kept.
  for (int i = 0; i < 200; ++i) s.StoreError(Internal("e", i));
  EXPECT_FALSE(s.FindError(id).has_value());
}

TEST(SessionTest, CachedRelations) {
  Session s("u", kSession);
  EXPECT_FALSE(s.LookupCachedRelation("r1").ok());
  s.CacheRelation("r1", sql::Range(0, 3));
  ASSERT_TRUE(s.LookupCachedRelation("r1").ok());
  s.RemoveCachedRelation("r1");
  EXPECT_FALSE(s.LookupCachedRelation("r1").ok());
}

// A read of `path` with options given in `order` (map order must not matter).
spark::connect::Relation CsvRead(const std::string& path, int64_t plan_id,
                                 const std::vector<std::pair<std::string, std::string>>& order) {
  spark::connect::Relation rel;
  rel.mutable_common()->set_plan_id(plan_id);
  auto* ds = rel.mutable_read()->mutable_data_source();
  ds->set_format("csv");
  ds->add_paths(path);
  for (const auto& [k, v] : order) (*ds->mutable_options())[k] = v;
  return rel;
}

TEST(SessionTest, PersistedRelationsByTheirExactMessage) {
  Session s("u", kSession);
  auto rel = CsvRead("/data/a.csv", 7, {{"header", "true"}, {"sep", ";"}, {"quote", "'"}});
  EXPECT_EQ(s.FindPersisted(rel), nullptr);
  spark::connect::StorageLevel level;
  level.set_use_memory(true);
  level.set_replication(1);
  s.Persist(rel, level);
  auto entry = s.FindPersisted(CsvRead("/data/a.csv", 7, {{"quote", "'"}, {"sep", ";"}, {"header", "true"}}));
  ASSERT_NE(entry, nullptr);
  EXPECT_TRUE(s.PersistedLevel(rel)->use_memory());
  EXPECT_EQ(entry->result, nullptr);  // computed by the first query, not by persist
  // Another plan id or other options are other relations.
  EXPECT_EQ(s.FindPersisted(CsvRead("/data/a.csv", 8, {{"header", "true"}, {"sep", ";"}, {"quote", "'"}})), nullptr);
  EXPECT_EQ(s.FindPersisted(CsvRead("/data/a.csv", 7, {{"header", "false"}, {"sep", ";"}, {"quote", "'"}})), nullptr);
  // Persisting again changes the level and keeps the entry (and a computed result).
  entry->result = sql::Range(0, 3);
  level.set_use_disk(true);
  s.Persist(rel, level);
  EXPECT_EQ(s.FindPersisted(rel), entry);
  EXPECT_TRUE(s.PersistedLevel(rel)->use_disk());
  EXPECT_TRUE(s.Unpersist(rel));
  EXPECT_FALSE(s.Unpersist(rel));
  EXPECT_EQ(s.FindPersisted(rel), nullptr);
  s.Persist(rel, level);
  s.Persist(CsvRead("/data/b.csv", 9, {}), level);
  s.UnpersistAll();
  EXPECT_EQ(s.FindPersisted(rel), nullptr);
  EXPECT_EQ(s.FindPersisted(CsvRead("/data/b.csv", 9, {})), nullptr);
}

}  // namespace
}  // namespace kindred::connect

namespace kindred::connect {
namespace {

TEST(SessionManagerTest, InterruptEverythingStopsAllSessions) {
  SessionManager m;
  auto a = m.GetOrCreate("u", NewUuid());
  auto b = m.GetOrCreate("v", NewUuid());
  ASSERT_TRUE(a.ok() && b.ok());
  auto op1 = (*a)->CreateOperation(NewUuid(), {}, false);
  auto op2 = (*b)->CreateOperation(NewUuid(), {}, true);
  ASSERT_TRUE(op1.ok() && op2.ok());
  m.InterruptEverything();
  EXPECT_TRUE((*op1)->cancelled_flag()->load());
  EXPECT_TRUE((*op2)->cancelled_flag()->load());
  EXPECT_EQ(m.num_sessions(), 2u);
}

}  // namespace
}  // namespace kindred::connect
