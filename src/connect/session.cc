#include "connect/session.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <random>

#include "connect/errors.h"

namespace kindred::connect {
namespace {

constexpr size_t kMaxStoredErrors = 64;
constexpr size_t kMaxCachedPlans = 256;
constexpr char kSqlException[] = "org.apache.spark.sql.SparkSQLException";

Status InvalidHandle(const std::string& sub_class, std::map<std::string, std::string> params,
                     std::string message) {
  return SparkError(StatusCode::kInvalidArgument, "INVALID_HANDLE." + sub_class, "HY000",
                    std::move(params), std::move(message), {kSqlException});
}

std::string Key(const std::string& user_id, const std::string& session_id) {
  return user_id + '\0' + session_id;
}

}  // namespace

std::string NewUuid() {
  thread_local std::mt19937_64 rng(std::random_device{}() ^
                                   (static_cast<uint64_t>(std::random_device{}()) << 32));
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  char buf[37];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx",
                static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
  return buf;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  return true;
}

// ---- Session ----

Session::Session(std::string user_id, std::string session_id)
    : user_id_(std::move(user_id)),
      session_id_(std::move(session_id)),
      server_side_session_id_(NewUuid()),
      last_access_(std::chrono::steady_clock::now()) {}

void Session::CacheRelation(const std::string& relation_id, sql::PlanPtr plan) {
  std::lock_guard<std::mutex> lock(mu_);
  cached_relations_[relation_id] = std::move(plan);
}

Result<sql::PlanPtr> Session::LookupCachedRelation(const std::string& relation_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = cached_relations_.find(relation_id);
  if (it == cached_relations_.end()) {
    return NotFound("cached remote relation ", relation_id, " does not exist in this session");
  }
  return it->second;
}

void Session::RemoveCachedRelation(const std::string& relation_id) {
  std::lock_guard<std::mutex> lock(mu_);
  cached_relations_.erase(relation_id);
}

namespace {
// The key of a persisted relation: its bytes, with map fields in a fixed order.
std::string PersistKey(const spark::connect::Relation& rel) {
  std::string key;
  google::protobuf::io::StringOutputStream out(&key);
  google::protobuf::io::CodedOutputStream coded(&out);
  coded.SetSerializationDeterministic(true);
  rel.SerializeToCodedStream(&coded);
  coded.Trim();
  return key;
}

int64_t PersistPlanId(const spark::connect::Relation& rel) {
  return rel.common().has_plan_id() ? rel.common().plan_id() : -1;
}
}  // namespace

void Session::Persist(const spark::connect::Relation& rel,
                      const spark::connect::StorageLevel& level) {
  std::string key = PersistKey(rel);
  std::lock_guard<std::mutex> lock(mu_);
  auto& entry = persisted_[key];
  if (!entry) {
    entry = std::make_shared<PersistedRelation>();
    persisted_plan_ids_.insert(PersistPlanId(rel));
  }
  entry->level = level;
  plans_.clear();
}

bool Session::Unpersist(const spark::connect::Relation& rel) {
  std::string key = PersistKey(rel);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = persisted_.find(key);
  if (it == persisted_.end()) return false;
  persisted_.erase(it);
  persisted_plan_ids_.erase(persisted_plan_ids_.find(PersistPlanId(rel)));
  plans_.clear();
  return true;
}

void Session::UnpersistAll() {
  std::lock_guard<std::mutex> lock(mu_);
  persisted_.clear();
  persisted_plan_ids_.clear();
  plans_.clear();
}

std::shared_ptr<Session::PersistedRelation> Session::FindPersisted(
    const spark::connect::Relation& rel) const {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (persisted_plan_ids_.count(PersistPlanId(rel)) == 0) return nullptr;
  }
  std::string key = PersistKey(rel);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = persisted_.find(key);
  return it == persisted_.end() ? nullptr : it->second;
}

std::optional<spark::connect::StorageLevel> Session::PersistedLevel(
    const spark::connect::Relation& rel) const {
  std::string key = PersistKey(rel);
  std::lock_guard<std::mutex> lock(mu_);
  auto it = persisted_.find(key);
  if (it == persisted_.end()) return std::nullopt;
  return it->second->level;
}

void Session::ForgetPlans() {
  std::lock_guard<std::mutex> lock(mu_);
  plans_.clear();
}

sql::PlanPtr Session::LookupPlan(int64_t plan_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = plans_.find(plan_id);
  return it == plans_.end() ? nullptr : it->second;
}

void Session::RememberPlan(int64_t plan_id, sql::PlanPtr plan) {
  std::lock_guard<std::mutex> lock(mu_);
  if (plans_.size() >= kMaxCachedPlans) plans_.clear();
  plans_[plan_id] = std::move(plan);
}

void Session::PutArtifact(const std::string& name, std::string data) {
  std::lock_guard<std::mutex> lock(mu_);
  artifacts_[name] = std::move(data);
}

std::optional<std::string> Session::GetArtifact(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = artifacts_.find(name);
  if (it == artifacts_.end()) return std::nullopt;
  return it->second;
}

std::shared_ptr<void> Session::GetExtensionState(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = extension_state_.find(key);
  return it == extension_state_.end() ? nullptr : it->second;
}

void Session::PutExtensionState(const std::string& key, std::shared_ptr<void> state) {
  std::lock_guard<std::mutex> lock(mu_);
  extension_state_[key] = std::move(state);
}

bool Session::HasArtifact(const std::string& name) const {
  std::lock_guard<std::mutex> lock(mu_);
  return artifacts_.count(name) > 0;
}

Result<std::shared_ptr<Operation>> Session::CreateOperation(const std::string& operation_id,
                                                            std::vector<std::string> tags,
                                                            bool reattachable) {
  if (!IsUuid(operation_id)) {
    return InvalidHandle("FORMAT", {{"handle", operation_id}},
                         StrCat("The handle ", operation_id,
                                " is invalid. Handle must be an UUID string of the format "
                                "'00112233-4455-6677-8899-aabbccddeeff'"));
  }
  std::lock_guard<std::mutex> lock(mu_);
  if (operations_.count(operation_id)) {
    return SparkError(StatusCode::kAlreadyExists, "INVALID_HANDLE.OPERATION_ALREADY_EXISTS",
                      "HY000", {{"handle", operation_id}},
                      StrCat("The handle ", operation_id,
                             " is invalid. Operation already exists."),
                      {kSqlException});
  }
  auto op = std::make_shared<Operation>(operation_id, std::move(tags), reattachable);
  operations_[operation_id] = op;
  last_access_ = std::chrono::steady_clock::now();
  return op;
}

std::shared_ptr<Operation> Session::FindOperation(const std::string& operation_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = operations_.find(operation_id);
  return it == operations_.end() ? nullptr : it->second;
}

void Session::RemoveOperation(const std::string& operation_id) {
  std::shared_ptr<Operation> op;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = operations_.find(operation_id);
    if (it == operations_.end()) return;
    op = it->second;
    operations_.erase(it);
  }
  op->ReleaseAll();
}

std::vector<std::string> Session::InterruptAll() {
  std::vector<std::shared_ptr<Operation>> ops;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, op] : operations_) ops.push_back(op);
  }
  std::vector<std::string> ids;
  for (const auto& op : ops) {
    if (op->Interrupt()) ids.push_back(op->id());
  }
  return ids;
}

std::vector<std::string> Session::InterruptTag(const std::string& tag) {
  std::vector<std::shared_ptr<Operation>> ops;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, op] : operations_) {
      if (op->HasTag(tag)) ops.push_back(op);
    }
  }
  std::vector<std::string> ids;
  for (const auto& op : ops) {
    if (op->Interrupt()) ids.push_back(op->id());
  }
  return ids;
}

std::vector<std::string> Session::InterruptOperation(const std::string& operation_id) {
  auto op = FindOperation(operation_id);
  if (op && op->Interrupt()) return {operation_id};
  return {};
}

void Session::ExpireOperations(std::chrono::steady_clock::duration timeout) {
  auto now = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<Operation>> expired;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = operations_.begin(); it != operations_.end();) {
      // A running execution is never abandoned: a long query may go quiet for a long time.
      if (it->second->finished() && now - it->second->last_access() > timeout) {
        expired.push_back(it->second);
        it = operations_.erase(it);
      } else {
        ++it;
      }
    }
  }
  for (const auto& op : expired) op->ReleaseAll();
}

size_t Session::num_operations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return operations_.size();
}

std::string Session::StoreError(const Status& status) {
  std::string id = NewUuid();
  std::lock_guard<std::mutex> lock(mu_);
  errors_[id] = status;
  error_order_.push_back(id);
  if (error_order_.size() > kMaxStoredErrors) {
    errors_.erase(error_order_.front());
    error_order_.erase(error_order_.begin());
  }
  return id;
}

std::optional<Status> Session::FindError(const std::string& error_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = errors_.find(error_id);
  if (it == errors_.end()) return std::nullopt;
  return it->second;
}

void Session::Close() {
  std::map<std::string, std::shared_ptr<Operation>> ops;
  {
    std::lock_guard<std::mutex> lock(mu_);
    ops.swap(operations_);
    cached_relations_.clear();
    artifacts_.clear();
    plans_.clear();
    persisted_.clear();
    persisted_plan_ids_.clear();
    errors_.clear();
    error_order_.clear();
    extension_state_.clear();
  }
  for (auto& [id, op] : ops) op->ReleaseAll();
  for (const auto& name : catalog_.ListTempViews()) catalog_.DropTempView(name);
}

std::chrono::steady_clock::time_point Session::last_access() const {
  std::lock_guard<std::mutex> lock(mu_);
  return last_access_;
}

void Session::Touch() {
  std::lock_guard<std::mutex> lock(mu_);
  last_access_ = std::chrono::steady_clock::now();
}

// ---- SessionManager ----

SessionManager::SessionManager(SessionManagerOptions options) : options_(options) {}

Status SessionManager::CheckId(const std::string& session_id) const {
  if (!IsUuid(session_id)) {
    return InvalidHandle("FORMAT", {{"handle", session_id}},
                         StrCat("The handle ", session_id,
                                " is invalid. Handle must be an UUID string of the format "
                                "'00112233-4455-6677-8899-aabbccddeeff'"));
  }
  return OkStatus();
}

Result<std::shared_ptr<Session>> SessionManager::GetOrCreate(
    const std::string& user_id, const std::string& session_id,
    const std::string& observed_server_side_id) {
  RETURN_IF_ERROR(CheckId(session_id));
  std::shared_ptr<Session> session;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = Key(user_id, session_id);
    if (closed_.count(key)) {
      return InvalidHandle("SESSION_CLOSED", {{"handle", session_id}},
                           StrCat("The handle ", session_id, " is invalid. Session was closed."));
    }
    auto it = sessions_.find(key);
    if (it == sessions_.end()) {
      if (!observed_server_side_id.empty()) {
        // The client talked to a session this server does not have (e.g. before a restart).
        return InvalidHandle("SESSION_CHANGED", {{"handle", session_id}},
                             StrCat("The handle ", session_id,
                                    " is invalid. The existing Spark server driver instance "
                                    "has restarted. Please reconnect."));
      }
      session = std::make_shared<Session>(user_id, session_id);
      sessions_[key] = session;
    } else {
      session = it->second;
    }
  }
  if (!observed_server_side_id.empty() &&
      observed_server_side_id != session->server_side_session_id()) {
    return InvalidHandle("SESSION_CHANGED", {{"handle", session_id}},
                         StrCat("The handle ", session_id,
                                " is invalid. The existing Spark server driver instance has "
                                "restarted. Please reconnect."));
  }
  session->Touch();
  return session;
}

Result<std::shared_ptr<Session>> SessionManager::Get(const std::string& user_id,
                                                     const std::string& session_id,
                                                     const std::string& observed_server_side_id) {
  RETURN_IF_ERROR(CheckId(session_id));
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = Key(user_id, session_id);
    if (closed_.count(key)) {
      return InvalidHandle("SESSION_CLOSED", {{"handle", session_id}},
                           StrCat("The handle ", session_id, " is invalid. Session was closed."));
    }
    if (!sessions_.count(key)) {
      return InvalidHandle("SESSION_NOT_FOUND", {{"handle", session_id}},
                           StrCat("The handle ", session_id,
                                  " is invalid. Session not found."));
    }
  }
  return GetOrCreate(user_id, session_id, observed_server_side_id);
}

std::optional<std::string> SessionManager::Release(const std::string& user_id,
                                                   const std::string& session_id) {
  std::shared_ptr<Session> session;
  {
    std::lock_guard<std::mutex> lock(mu_);
    std::string key = Key(user_id, session_id);
    auto it = sessions_.find(key);
    if (it == sessions_.end()) return std::nullopt;
    session = it->second;
    sessions_.erase(it);
    closed_.insert(key);
  }
  session->Close();
  return session->server_side_session_id();
}

void SessionManager::Sweep() {
  auto now = std::chrono::steady_clock::now();
  std::vector<std::shared_ptr<Session>> idle, live;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = sessions_.begin(); it != sessions_.end();) {
      if (now - it->second->last_access() > options_.session_timeout &&
          it->second->num_operations() == 0) {
        idle.push_back(it->second);
        it = sessions_.erase(it);
      } else {
        live.push_back(it->second);
        ++it;
      }
    }
  }
  for (auto& s : idle) s->Close();
  for (auto& s : live) s->ExpireOperations(options_.operation_timeout);
}

void SessionManager::InterruptEverything() {
  std::vector<std::shared_ptr<Session>> all;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, s] : sessions_) all.push_back(s);
  }
  for (auto& s : all) s->InterruptAll();
}

size_t SessionManager::num_sessions() const {
  std::lock_guard<std::mutex> lock(mu_);
  return sessions_.size();
}

}  // namespace kindred::connect
