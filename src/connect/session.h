// Spark Connect sessions: one per client session id, holding its configuration, temporary
// views, cached relations, artifacts, running operations and recent errors.
// Session and SessionManager are safe for concurrent use from multiple threads.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common/status.h"
#include "connect/config.h"
#include "connect/operation.h"
#include "sql/engine.h"
#include "sql/plan/logical_plan.h"

namespace kindred::connect {

// A random (version 4) UUID in the canonical 8-4-4-4-12 lower-case form.
std::string NewUuid();
// True for a canonical UUID string (hex digits, dashes at 8/13/18/23), any case.
bool IsUuid(std::string_view s);

class Session {
 public:
  Session(std::string user_id, std::string session_id);

  const std::string& user_id() const { return user_id_; }
  const std::string& session_id() const { return session_id_; }
  // A fresh UUID made when the session was created; clients notice a restarted server by it.
  const std::string& server_side_session_id() const { return server_side_session_id_; }

  SessionConfig& config() { return config_; }
  sql::Catalog& catalog() { return catalog_; }

  // Relations the server keeps for the client (DataFrame.checkpoint / CachedRemoteRelation).
  void CacheRelation(const std::string& relation_id, sql::PlanPtr plan);
  // NotFound when `relation_id` was never cached or was removed.
  Result<sql::PlanPtr> LookupCachedRelation(const std::string& relation_id) const;
  void RemoveCachedRelation(const std::string& relation_id);

  // Persisted DataFrames (DataFrame.persist / cache), by their exact relation message: the
  // result is computed by the first query that runs the relation, then read from memory by
  // every query that contains it, until unpersisted.
  struct PersistedRelation {
    spark::connect::StorageLevel level;  // guarded by the session's lock (PersistedLevel)
    std::mutex compute_mu;  // held while the result is computed: one computation at a time
    sql::PlanPtr result;    // the computed result (sql::MaterializePlan); null until then
  };
  // Persisting again keeps a computed result and takes the new level.
  void Persist(const spark::connect::Relation& rel, const spark::connect::StorageLevel& level);
  // The level `rel` was persisted with; nullopt when it is not persisted.
  std::optional<spark::connect::StorageLevel> PersistedLevel(
      const spark::connect::Relation& rel) const;
  // True when `rel` was persisted; its result is dropped.
  bool Unpersist(const spark::connect::Relation& rel);
  void UnpersistAll();
  // Null when `rel` is not persisted. Cheap when nothing with rel's plan id is persisted.
  std::shared_ptr<PersistedRelation> FindPersisted(const spark::connect::Relation& rel) const;
  // Forgets the translated plans (they may embed, or miss, persisted results).
  void ForgetPlans();

  // Translated plans by the client's plan_id (a client never reuses a plan id for another
  // relation), so DataFrames built on earlier ones are not translated, and their local data
  // not decoded, again. Null when absent. Bounded: the cache is emptied when it grows large.
  sql::PlanPtr LookupPlan(int64_t plan_id) const;
  void RememberPlan(int64_t plan_id, sql::PlanPtr plan);

  // Uploaded artifacts by name ("cache/<sha256>" for cached local relations).
  void PutArtifact(const std::string& name, std::string data);
  std::optional<std::string> GetArtifact(const std::string& name) const;
  bool HasArtifact(const std::string& name) const;

  // Registers a new operation. AlreadyExists (INVALID_HANDLE.OPERATION_ALREADY_EXISTS) when
  // the id is taken; InvalidArgument when it is not a UUID.
  Result<std::shared_ptr<Operation>> CreateOperation(const std::string& operation_id,
                                                     std::vector<std::string> tags,
                                                     bool reattachable);
  // Null when there is no such operation.
  std::shared_ptr<Operation> FindOperation(const std::string& operation_id) const;
  // Forgets the operation (after interrupting it).
  void RemoveOperation(const std::string& operation_id);
  // Interrupt RPC: ids of the operations that were still running and are now told to stop.
  std::vector<std::string> InterruptAll();
  std::vector<std::string> InterruptTag(const std::string& tag);
  std::vector<std::string> InterruptOperation(const std::string& operation_id);
  // Removes finished operations nobody read or released for longer than `timeout`.
  void ExpireOperations(std::chrono::steady_clock::duration timeout);
  size_t num_operations() const;

  // State an extension keeps for this session (entity-resolution models trained in it), by
  // key; dropped with the session. Null when absent. The object is shared: an extension that
  // mutates it must lock it itself.
  std::shared_ptr<void> GetExtensionState(const std::string& key) const;
  void PutExtensionState(const std::string& key, std::shared_ptr<void> state);

  // Remembers `status` for FetchErrorDetails; returns its new error id. Keeps the most recent
  // errors only.
  std::string StoreError(const Status& status);
  std::optional<Status> FindError(const std::string& error_id) const;

  // Interrupts every operation and drops all state; the session is unusable afterwards.
  void Close();

  std::chrono::steady_clock::time_point last_access() const;
  void Touch();

 private:
  const std::string user_id_;
  const std::string session_id_;
  const std::string server_side_session_id_;
  SessionConfig config_;
  sql::Catalog catalog_;

  mutable std::mutex mu_;
  std::map<std::string, sql::PlanPtr> cached_relations_;
  std::map<std::string, std::string> artifacts_;
  std::map<int64_t, sql::PlanPtr> plans_;
  std::map<std::string, std::shared_ptr<PersistedRelation>> persisted_;  // by serialized relation
  std::multiset<int64_t> persisted_plan_ids_;  // plan ids of persisted_ (-1 for none)
  std::map<std::string, std::shared_ptr<Operation>> operations_;
  std::map<std::string, std::shared_ptr<void>> extension_state_;
  std::map<std::string, Status> errors_;
  std::vector<std::string> error_order_;
  std::chrono::steady_clock::time_point last_access_;
};

struct SessionManagerOptions {
  // An operation nobody reads or releases for this long is dropped (Spark: 5 minutes).
  std::chrono::steady_clock::duration operation_timeout = std::chrono::minutes(5);
  // A session without requests for this long is closed (Spark: 60 minutes).
  std::chrono::steady_clock::duration session_timeout = std::chrono::minutes(60);
};

class SessionManager {
 public:
  explicit SessionManager(SessionManagerOptions options = {});

  // The session `session_id` of `user_id`, created on first use. Errors (with Spark's error
  // classes): session_id not a UUID (INVALID_HANDLE.FORMAT), released session
  // (INVALID_HANDLE.SESSION_CLOSED), `observed_server_side_id` (when non-empty) not matching
  // (INVALID_HANDLE.SESSION_CHANGED).
  Result<std::shared_ptr<Session>> GetOrCreate(const std::string& user_id,
                                               const std::string& session_id,
                                               const std::string& observed_server_side_id = "");
  // Like GetOrCreate but never creates: INVALID_HANDLE.SESSION_NOT_FOUND when absent.
  Result<std::shared_ptr<Session>> Get(const std::string& user_id, const std::string& session_id,
                                       const std::string& observed_server_side_id = "");
  // Closes and forgets the session; later requests with its id fail. Returns the released
  // session's server-side id, or nullopt when there was none.
  std::optional<std::string> Release(const std::string& user_id, const std::string& session_id);
  // Drops idle sessions and abandoned operations.
  void Sweep();
  // Interrupts every running operation of every session (server shutdown); sessions stay.
  void InterruptEverything();
  size_t num_sessions() const;

 private:
  Status CheckId(const std::string& session_id) const;

  SessionManagerOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Session>> sessions_;  // key: user_id + '\0' + session_id
  std::set<std::string> closed_;
};

}  // namespace kindred::connect
