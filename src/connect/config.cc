#include "connect/config.h"

#include "connect/errors.h"

namespace kindred::connect {
namespace {

// Settings fixed when a Spark application starts; Spark refuses to change them per session.
bool IsStaticKey(const std::string& key) {
  return key == "spark.sql.warehouse.dir" || key == "spark.sql.catalogImplementation" ||
         key == "spark.sql.globalTempDatabase" || key.rfind("spark.driver.", 0) == 0 ||
         key.rfind("spark.executor.", 0) == 0 || key == "spark.master" ||
         key == "spark.app.name";
}

}  // namespace

SessionConfig::SessionConfig() {
  // What PySpark's Connect client asks for while creating DataFrames and collecting results.
  defaults_ = {
      {"spark.sql.session.timeZone", "Etc/UTC"},
      {"spark.sql.session.localRelationCacheThreshold", "67108864"},
      {"spark.sql.session.localRelationChunkSizeRows", "10000"},
      {"spark.sql.session.localRelationChunkSizeBytes", "16777216"},
      {"spark.sql.session.localRelationBatchOfChunksSizeBytes", "134217728"},
      {"spark.sql.execution.arrow.useLargeVarTypes", "false"},
      {"spark.sql.execution.arrow.maxRecordsPerBatch", "10000"},
      {"spark.sql.execution.arrow.pyspark.enabled", "true"},
      {"spark.sql.execution.arrow.pyspark.fallback.enabled", "true"},
      {"spark.sql.execution.pandas.convertToArrowArraySafely", "false"},
      {"spark.sql.execution.pandas.inferPandasDictAsMap", "false"},
      {"spark.sql.execution.pandas.structHandlingMode", "legacy"},
      {"spark.sql.timestampType", "TIMESTAMP_LTZ"},
      {"spark.sql.ansi.enabled", "false"},
      {"spark.sql.caseSensitive", "false"},
      {"spark.sql.pyspark.inferNestedDictAsStruct.enabled", "false"},
      {"spark.sql.pyspark.legacy.inferArrayTypeFromFirstElement.enabled", "false"},
      {"spark.sql.pyspark.legacy.inferMapTypeFromFirstPair.enabled", "false"},
      {"spark.sql.repl.eagerEval.enabled", "false"},
      {"spark.sql.repl.eagerEval.maxNumRows", "20"},
      {"spark.sql.repl.eagerEval.truncate", "20"},
      {"spark.sql.shuffle.partitions", "200"},
      {"spark.sql.sources.default", "parquet"},
      {"spark.sql.connect.enrichError.enabled", "true"},
      {"spark.sql.pyspark.jvmStacktrace.enabled", "false"},
      {"spark.sql.warehouse.dir", "spark-warehouse"},
      {"spark.sql.catalogImplementation", "in-memory"},
  };
}

std::optional<std::string> SessionConfig::Get(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mu_);
  if (auto it = values_.find(key); it != values_.end()) return it->second;
  if (auto it = defaults_.find(key); it != defaults_.end()) return it->second;
  return std::nullopt;
}

Status SessionConfig::Set(const std::string& key, const std::string& value) {
  if (IsStaticKey(key)) {
    return SparkError(StatusCode::kFailedPrecondition, "CANNOT_MODIFY_CONFIG", "46110",
                      {{"key", StrCat("\"", key, "\"")}, {"docroot", "https://spark.apache.org/docs/latest"}},
                      StrCat("Cannot modify the value of the static Spark config: \"", key, "\"."),
                      {kAnalysisExceptionClass});
  }
  std::lock_guard<std::mutex> lock(mu_);
  values_[key] = value;
  return OkStatus();
}

void SessionConfig::Unset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  values_.erase(key);
}

std::vector<std::pair<std::string, std::string>> SessionConfig::GetAll(
    const std::string& prefix) const {
  std::lock_guard<std::mutex> lock(mu_);
  std::map<std::string, std::string> merged = defaults_;
  for (const auto& [k, v] : values_) merged[k] = v;
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [k, v] : merged) {
    if (k.rfind(prefix, 0) == 0) out.emplace_back(k, v);
  }
  return out;
}

bool SessionConfig::IsModifiable(const std::string& key) const { return !IsStaticKey(key); }

bool SessionConfig::GetBool(const std::string& key, bool fallback) const {
  auto v = Get(key);
  if (!v) return fallback;
  std::string lower = ToLower(Trim(*v));
  if (lower == "true") return true;
  if (lower == "false") return false;
  return fallback;
}

Status ApplyConfigOperation(const spark::connect::ConfigRequest::Operation& op,
                            SessionConfig* config, spark::connect::ConfigResponse* response) {
  using Op = spark::connect::ConfigRequest::Operation;
  auto add = [&](const std::string& key, const std::optional<std::string>& value) {
    auto* kv = response->add_pairs();
    kv->set_key(key);
    if (value) kv->set_value(*value);
  };
  switch (op.op_type_case()) {
    case Op::kSet: {
      for (const auto& kv : op.set().pairs()) {
        Status st = kv.has_value() ? config->Set(kv.key(), kv.value())
                                   : (config->Unset(kv.key()), OkStatus());
        if (!st.ok()) {
          if (op.set().silent()) continue;
          return st;
        }
      }
      return OkStatus();
    }
    case Op::kGet: {
      for (const auto& key : op.get().keys()) {
        auto v = config->Get(key);
        if (!v) {
          return SparkError(StatusCode::kNotFound, "SQL_CONF_NOT_FOUND", "42K0I",
                            {{"sqlConf", StrCat("\"", key, "\"")}},
                            StrCat("The SQL config \"", key, "\" cannot be found. Please verify "
                                   "that the config exists."),
                            {"org.apache.spark.SparkNoSuchElementException",
                             "java.util.NoSuchElementException"});
        }
        add(key, v);
      }
      return OkStatus();
    }
    case Op::kGetWithDefault: {
      for (const auto& kv : op.get_with_default().pairs()) {
        auto v = config->Get(kv.key());
        if (v) {
          add(kv.key(), v);
        } else {
          add(kv.key(), kv.has_value() ? std::optional<std::string>(kv.value()) : std::nullopt);
        }
      }
      return OkStatus();
    }
    case Op::kGetOption: {
      for (const auto& key : op.get_option().keys()) add(key, config->Get(key));
      return OkStatus();
    }
    case Op::kGetAll: {
      std::string prefix = op.get_all().has_prefix() ? op.get_all().prefix() : "";
      for (const auto& [k, v] : config->GetAll(prefix)) add(k, v);
      return OkStatus();
    }
    case Op::kUnset: {
      for (const auto& key : op.unset().keys()) config->Unset(key);
      return OkStatus();
    }
    case Op::kIsModifiable: {
      for (const auto& key : op.is_modifiable().keys()) {
        add(key, std::string(config->IsModifiable(key) ? "true" : "false"));
      }
      return OkStatus();
    }
    case Op::OP_TYPE_NOT_SET:
      break;
  }
  return InvalidArgument("Config request has no operation set");
}

}  // namespace kindred::connect
