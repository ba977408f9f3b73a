// Spark SQL configuration of one session and the Config RPC's operations on it.
// SessionConfig is safe for concurrent use from multiple threads.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"
#include "spark/connect/base.pb.h"

namespace kindred::connect {

class SessionConfig {
 public:
  // Starts with Kindred's defaults (those PySpark reads when it starts a session).
  SessionConfig();

  // The value of `key`: set by the client, else the default; nullopt when neither.
  std::optional<std::string> Get(const std::string& key) const;
  // Sets `key`. FailedPrecondition (Spark's CANNOT_MODIFY_CONFIG) for static settings.
  Status Set(const std::string& key, const std::string& value);
  // Back to the default (or absent).
  void Unset(const std::string& key);
  // Every key (set or default) starting with `prefix`, sorted by key.
  std::vector<std::pair<std::string, std::string>> GetAll(const std::string& prefix) const;
  // False for static (server-wide) settings such as spark.sql.warehouse.dir.
  bool IsModifiable(const std::string& key) const;
  // "true"/"false" (case-insensitive) as a bool; `fallback` when absent or not boolean.
  bool GetBool(const std::string& key, bool fallback) const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> values_;
  std::map<std::string, std::string> defaults_;
};

// Performs one Config RPC operation on `config`, adding result pairs and warnings to
// `response`. Errors: Get of an unknown key (SQL_CONF_NOT_FOUND), Set of a static key,
// or an operation with nothing set (InvalidArgument).
Status ApplyConfigOperation(const spark::connect::ConfigRequest::Operation& op,
                            SessionConfig* config, spark::connect::ConfigResponse* response);

}  // namespace kindred::connect
