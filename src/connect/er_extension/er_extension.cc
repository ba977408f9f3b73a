#include "connect/er_extension/er_extension.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <variant>

#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "connect/session.h"
#include "connect/translate/translate.h"
#include "connect/zingg/zingg_extension.h"
#include "er/label/training_data.h"
#include "er/phases/phases.h"
#include "er/preprocess.h"
#include "kindred/er/er.pb.h"
#include "sql/engine.h"
#include "sql/plan/logical_plan.h"

namespace kindred::connect {
namespace {

namespace epb = ::kindred::er;

template <typename Message>
Result<Message> Unpack(const google::protobuf::Any& any, const char* name) {
  Message msg;
  if (!any.UnpackTo(&msg))
    return InvalidArgument("extension ", any.type_url(), ": the payload is not a valid ", name);
  return msg;
}

Result<er::Config> ConfigOf(const ::zingg::spark::connect::Arguments& args, const char* owner) {
  auto config = ZinggConfigFromArguments(args);
  if (!config.ok()) return config.status().WithContext(owner);
  return config;
}

}  // namespace

namespace {

// Models trained in one session, by name, as model JSON documents: they are read back against
// the fields of whatever configuration a later call brings, exactly like a model file.
struct SessionModels {
  std::mutex mu;
  std::map<std::string, nlohmann::json> models;
};
constexpr char kSessionModelsKey[] = "kindred.er.session_models";

Result<std::shared_ptr<SessionModels>> ModelsOf(TranslateContext* ctx, const char* owner) {
  if (ctx == nullptr || ctx->session == nullptr)
    return FailedPrecondition(owner, ".session_model: session models need a Spark Connect session");
  static std::mutex create_mu;
  std::lock_guard<std::mutex> guard(create_mu);
  auto state = std::static_pointer_cast<SessionModels>(
      ctx->session->GetExtensionState(kSessionModelsKey));
  if (state == nullptr) {
    state = std::make_shared<SessionModels>();
    ctx->session->PutExtensionState(kSessionModelsKey, state);
  }
  return state;
}

// The model for `input`: the session's model `session_model` when set, else the model folder.
Result<er::TrainedModel> ModelFor(const er::Config& config, const std::string& session_model,
                                  const TablePtr& input, TranslateContext* ctx,
                                  const char* owner) {
  // The model checks its fields against the prepared columns of the input.
  ASSIGN_OR_RETURN(er::PreparedData probe,
                   er::PrepareData(config, input->Slice(0, input->num_rows() > 0 ? 1 : 0)));
  if (session_model.empty()) {
    const std::string model_path = er::ModelPath(config);
    std::error_code ec;
    if (!std::filesystem::exists(model_path, ec)) {
      return NotFound(owner, ": no trained model in ", config.ModelDir(), " (", model_path,
                      " is missing): run train for zinggDir '", config.zingg_dir, "', modelId '",
                      config.model_id, "' first, or name a session_model");
    }
    return er::LoadModel(config, probe.fields);
  }
  ASSIGN_OR_RETURN(auto models, ModelsOf(ctx, owner));
  std::lock_guard<std::mutex> lock(models->mu);
  auto it = models->models.find(session_model);
  if (it == models->models.end()) {
    std::vector<std::string> names;
    for (const auto& [name, doc] : models->models) names.push_back("'" + name + "'");
    return NotFound(owner, ": no model '", session_model, "' was trained in this session",
                    names.empty() ? std::string(" (none yet: send TrainCommand first)")
                                  : StrCat(" (trained: ", StrJoin(names, ", "), ")"));
  }
  return er::ModelFromJson(config, it->second, probe.fields,
                           StrCat("session model '", session_model, "'"));
}

void LogMatch(std::ostream* log, const char* what, const er::MatchStats& stats,
              const std::string& model) {
  if (log == nullptr) return;
  *log << what << ": " << stats.records << " records, " << stats.candidate_pairs
       << " candidate pairs, " << stats.matched_pairs << " matched pairs, " << stats.clusters
       << " clusters (model " << model << ")\n";
  log->flush();
}

std::string ModelName(const er::Config& config, const std::string& session_model) {
  return session_model.empty() ? config.ModelDir() : "session model '" + session_model + "'";
}

}  // namespace

Result<TablePtr> ExecuteNestedRelation(const spark::connect::Relation& rel, TranslateContext* ctx,
                                       const std::string& what) {
  TranslateContext local_ctx;
  if (ctx == nullptr) ctx = &local_ctx;
  auto plan = TranslateRelation(rel, ctx);
  if (!plan.ok()) return plan.status().WithContext(what);
  sql::ExecContext no_views;
  const sql::ExecContext& exec = ctx->exec != nullptr ? *ctx->exec : no_views;
  auto table = sql::ExecutePlan(*plan, exec);
  if (!table.ok()) return table.status().WithContext(what);
  return table;
}

Result<TablePtr> RunMatchRelation(const epb::MatchRelation& msg, TranslateContext* ctx,
                                  std::ostream* log) {
  if (!msg.has_input()) return InvalidArgument("MatchRelation.input: missing");
  if (!msg.has_args()) return InvalidArgument("MatchRelation.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "MatchRelation.args"));
  ASSIGN_OR_RETURN(TablePtr input, ExecuteNestedRelation(msg.input(), ctx, "MatchRelation.input"));
  ASSIGN_OR_RETURN(er::TrainedModel model,
                   ModelFor(config, msg.session_model(), input, ctx, "MatchRelation"));
  er::MatchStats stats;
  ASSIGN_OR_RETURN(TablePtr out, er::MatchTable(config, model, input, "", &stats));
  LogMatch(log, "MatchRelation", stats, ModelName(config, msg.session_model()));
  return out;
}

Result<TablePtr> RunLinkRelation(const epb::LinkRelation& msg, TranslateContext* ctx,
                                 std::ostream* log) {
  if (!msg.has_left()) return InvalidArgument("LinkRelation.left: missing");
  if (!msg.has_right()) return InvalidArgument("LinkRelation.right: missing");
  if (!msg.has_args()) return InvalidArgument("LinkRelation.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "LinkRelation.args"));
  ASSIGN_OR_RETURN(TablePtr left, ExecuteNestedRelation(msg.left(), ctx, "LinkRelation.left"));
  ASSIGN_OR_RETURN(TablePtr right, ExecuteNestedRelation(msg.right(), ctx, "LinkRelation.right"));
  // Both sides stack under the left side's columns, matched by name.
  std::vector<int> order;
  for (const Field& f : left->schema().fields()) {
    int i = right->schema().FindField(f.name);
    if (i < 0)
      return InvalidArgument("LinkRelation.right: no column '", f.name, "', which left has (right has ",
                             StrJoin(right->schema().names(), ", "), ")");
    if (!(right->schema().field(i).type == f.type))
      return InvalidArgument("LinkRelation: column '", f.name, "' is ", f.type.ToString(),
                             " in left but ", right->schema().field(i).type.ToString(),
                             " in right; cast one side");
    order.push_back(i);
  }
  right = right->SelectColumns(order);
  auto with_source = [](const TablePtr& t, const char* side) {
    ColumnBuilder b(DataType::String(), t->num_rows());
    for (int64_t i = 0; i < t->num_rows(); ++i) b.AppendString(side);
    return t->AddColumns({Field{"z_zsource", DataType::String(), false}}, {b.Finish()});
  };
  ASSIGN_OR_RETURN(TablePtr both,
                   Table::Concat({with_source(left, "left"), with_source(right, "right")}));
  ASSIGN_OR_RETURN(er::TrainedModel model,
                   ModelFor(config, msg.session_model(), both, ctx, "LinkRelation"));
  er::MatchStats stats;
  ASSIGN_OR_RETURN(TablePtr out, er::MatchTable(config, model, both, "z_zsource", &stats));
  LogMatch(log, "LinkRelation", stats, ModelName(config, msg.session_model()));
  return out;
}

Result<TablePtr> RunTrainingPairsRelation(const epb::TrainingPairsRelation& msg,
                                          TranslateContext* ctx, std::ostream* log) {
  if (!msg.has_input()) return InvalidArgument("TrainingPairsRelation.input: missing");
  if (!msg.has_args()) return InvalidArgument("TrainingPairsRelation.args: missing");
  if (msg.num_pairs() < 0)
    return InvalidArgument("TrainingPairsRelation.num_pairs: ", msg.num_pairs(), " is negative");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "TrainingPairsRelation.args"));
  ASSIGN_OR_RETURN(TablePtr input,
                   ExecuteNestedRelation(msg.input(), ctx, "TrainingPairsRelation.input"));
  er::TrainingSet labelled;
  if (msg.has_labelled()) {
    ASSIGN_OR_RETURN(TablePtr rows, ExecuteNestedRelation(msg.labelled(), ctx,
                                                          "TrainingPairsRelation.labelled"));
    ASSIGN_OR_RETURN(labelled,
                     er::TrainingSetFromTable(*rows, "TrainingPairsRelation.labelled", ""));
  }
  std::string summary;
  ASSIGN_OR_RETURN(er::TrainingSet pending,
                   er::FindTrainingPairs(config, input, labelled, labelled,
                                         msg.num_pairs() > 0 ? msg.num_pairs() : 20,
                                         msg.seed() != 0 ? static_cast<uint64_t>(msg.seed()) : 7,
                                         &summary));
  if (log != nullptr) {
    *log << "TrainingPairsRelation: " << summary << "\n";
    log->flush();
  }
  return er::TrainingSetToTable(pending, config.threshold);
}

Result<TrainResult> RunTrainCommand(const epb::TrainCommand& msg, TranslateContext* ctx,
                                  std::ostream* log) {
  if (!msg.has_input()) return InvalidArgument("TrainCommand.input: missing");
  if (!msg.has_labelled()) return InvalidArgument("TrainCommand.labelled: missing");
  if (!msg.has_args()) return InvalidArgument("TrainCommand.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "TrainCommand.args"));
  ASSIGN_OR_RETURN(TablePtr rows, ExecuteNestedRelation(msg.labelled(), ctx, "TrainCommand.labelled"));
  ASSIGN_OR_RETURN(er::TrainingSet labelled,
                   er::TrainingSetFromTable(*rows, "TrainCommand.labelled", ""));
  for (const auto& pipe : config.training_samples) {
    ASSIGN_OR_RETURN(er::TrainingSet samples, er::LoadTrainingSamples(pipe));
    er::MergeTrainingSets(&labelled, samples);
  }
  std::shared_ptr<SessionModels> models;
  if (!msg.session_model().empty()) {
    ASSIGN_OR_RETURN(models, ModelsOf(ctx, "TrainCommand"));
  }
  ASSIGN_OR_RETURN(TablePtr input, ExecuteNestedRelation(msg.input(), ctx, "TrainCommand.input"));
  std::vector<er::PreparedField> fields;
  std::string summary;
  auto model = er::TrainModel(config, input, labelled, &fields, &summary);
  if (!model.ok()) return model.status().WithContext("TrainCommand");
  TrainResult result;
  result.matches = labelled.Count(er::kLabelMatch);
  result.non_matches = labelled.Count(er::kLabelNoMatch);
  if (models != nullptr) {
    std::lock_guard<std::mutex> lock(models->mu);
    models->models[msg.session_model()] = er::ModelToJson(config, fields, *model);
    result.model = "session model '" + msg.session_model() + "'";
  } else {
    auto lock = LockModelFolder(config.ModelDir());
    RETURN_IF_ERROR(er::SaveModel(config, fields, *model));
    result.model = er::ModelPath(config);
  }
  if (log != nullptr) {
    *log << summary << "TrainCommand: model kept as " << result.model << "\n";
    log->flush();
  }
  return result;
}

Result<TablePtr> RunStoredPairsRelation(const epb::StoredPairsRelation& msg) {
  if (!msg.has_args()) return InvalidArgument("StoredPairsRelation.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "StoredPairsRelation.args"));
  er::TrainingSet set;
  {
    auto lock = LockModelFolder(config.ModelDir());
    ASSIGN_OR_RETURN(set, er::LoadTrainingSet(msg.pending() ? er::UnmarkedPath(config)
                                                            : er::MarkedPath(config)));
  }
  return er::TrainingSetToTable(set, config.threshold);
}

Result<LabelResult> LabelPendingPairs(const er::Config& config,
                                      const std::vector<std::pair<std::string, int>>& labels) {
  std::map<std::string, int> wanted;
  for (const auto& [id, label] : labels) {
    if (label != er::kLabelNoMatch && label != er::kLabelMatch && label != er::kLabelUnsure) {
      return InvalidArgument("LabelPairs: pair '", id, "': z_is_match ", label,
                             " is not a label (0 no match, 1 match, 2 unsure)");
    }
    if (!wanted.emplace(id, label).second)
      return InvalidArgument("LabelPairs: pair '", id, "' is labelled more than once");
  }
  auto lock = LockModelFolder(config.ModelDir());
  const std::string unmarked_path = er::UnmarkedPath(config);
  const std::string marked_path = er::MarkedPath(config);
  ASSIGN_OR_RETURN(er::TrainingSet pending, er::LoadTrainingSet(unmarked_path));
  ASSIGN_OR_RETURN(er::TrainingSet marked, er::LoadTrainingSet(marked_path));

  er::TrainingSet moved;
  moved.columns = pending.columns;
  er::TrainingSet kept;
  kept.columns = pending.columns;
  for (er::TrainingPair& p : pending.pairs) {
    auto it = wanted.find(p.id);
    if (it == wanted.end()) {
      kept.pairs.push_back(std::move(p));
      continue;
    }
    p.label = it->second;
    moved.pairs.push_back(std::move(p));
    wanted.erase(it);
  }
  if (!wanted.empty()) {
    std::vector<std::string> missing;
    for (const auto& [id, label] : wanted) missing.push_back("'" + id + "'");
    return NotFound("LabelPairs: pair(s) ", StrJoin(missing, ", "), " not pending in ",
                    unmarked_path);
  }
  LabelResult result;
  result.labelled = static_cast<int64_t>(moved.pairs.size());
  if (!moved.pairs.empty()) {
    er::MergeTrainingSets(&marked, moved);
    RETURN_IF_ERROR(er::SaveTrainingSet(marked_path, marked));
    RETURN_IF_ERROR(er::SaveTrainingSet(unmarked_path, kept));
  }
  result.pending = static_cast<int64_t>(kept.pairs.size());
  result.marked = static_cast<int64_t>(marked.pairs.size());
  return result;
}

Result<LabelResult> RunLabelPairs(const epb::LabelPairs& msg) {
  if (!msg.has_args()) return InvalidArgument("LabelPairs.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "LabelPairs.args"));
  std::vector<std::pair<std::string, int>> labels;
  labels.reserve(msg.labels_size());
  for (const epb::PairLabel& l : msg.labels()) labels.emplace_back(l.z_cluster(), l.z_is_match());
  return LabelPendingPairs(config, labels);
}

namespace {

// A relation handler: unpacks the message, runs it (rows as a table) and serves the rows.
template <typename Message, typename Run>
RelationExtension RowsRelation(const char* name, Run run) {
  return [name, run](const google::protobuf::Any& any,
                     TranslateContext* ctx) -> Result<sql::PlanPtr> {
    ASSIGN_OR_RETURN(Message msg, Unpack<Message>(any, name));
    ASSIGN_OR_RETURN(TablePtr out, run(msg, ctx));
    return sql::LocalTable(out);
  };
}

// One row of int64 and string counters, so that a notebook sees what a command did.
TablePtr OneRow(const std::vector<std::pair<std::string, std::variant<int64_t, std::string>>>& cells) {
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  for (const auto& [name, value] : cells) {
    if (const int64_t* n = std::get_if<int64_t>(&value)) {
      ColumnBuilder b(DataType::Int64(), 1);
      b.AppendInt(*n);
      fields.push_back(Field{name, DataType::Int64(), false});
      columns.push_back(b.Finish());
    } else {
      ColumnBuilder b(DataType::String(), 1);
      b.AppendString(std::get<std::string>(value));
      fields.push_back(Field{name, DataType::String(), false});
      columns.push_back(b.Finish());
    }
  }
  return Table::Make(Schema(std::move(fields)), std::move(columns));
}

}  // namespace

void RegisterErExtensions(ExtensionRegistry* registry) {
  // Matching statistics belong in the server's log (stderr), not in the client's rows.
  // Matching, linking and finding pairs are costly and deterministic, so a DataFrame's schema
  // and its actions share one computation (per client plan id); stored pairs change with every
  // label, so they are read anew.
  registry->RegisterRelation(
      kMatchRelationTypeUrl,
      RowsRelation<epb::MatchRelation>("MatchRelation",
                                       [](const epb::MatchRelation& m, TranslateContext* ctx) {
                                         return RunMatchRelation(m, ctx, &std::cerr);
                                       }),
      ExtensionRegistry::Reuse::kPerPlanId);
  registry->RegisterRelation(
      kLinkRelationTypeUrl,
      RowsRelation<epb::LinkRelation>("LinkRelation",
                                      [](const epb::LinkRelation& m, TranslateContext* ctx) {
                                        return RunLinkRelation(m, ctx, &std::cerr);
                                      }),
      ExtensionRegistry::Reuse::kPerPlanId);
  registry->RegisterRelation(
      kTrainingPairsRelationTypeUrl,
      RowsRelation<epb::TrainingPairsRelation>(
          "TrainingPairsRelation",
          [](const epb::TrainingPairsRelation& m, TranslateContext* ctx) {
            return RunTrainingPairsRelation(m, ctx, &std::cerr);
          }),
      ExtensionRegistry::Reuse::kPerPlanId);
  registry->RegisterRelation(
      kStoredPairsRelationTypeUrl,
      RowsRelation<epb::StoredPairsRelation>(
          "StoredPairsRelation",
          [](const epb::StoredPairsRelation& m, TranslateContext*) {
            return RunStoredPairsRelation(m);
          }));
  registry->RegisterCommand(
      kTrainCommandTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext* ctx) -> Result<TablePtr> {
        ASSIGN_OR_RETURN(epb::TrainCommand msg, Unpack<epb::TrainCommand>(any, "TrainCommand"));
        ASSIGN_OR_RETURN(TrainResult r, RunTrainCommand(msg, ctx, &std::cerr));
        return OneRow({{"matches", r.matches}, {"non_matches", r.non_matches}, {"model", r.model}});
      });
  registry->RegisterCommand(
      kLabelPairsTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext*) -> Result<TablePtr> {
        ASSIGN_OR_RETURN(epb::LabelPairs msg, Unpack<epb::LabelPairs>(any, "LabelPairs"));
        ASSIGN_OR_RETURN(LabelResult r, RunLabelPairs(msg));
        return OneRow({{"labelled", r.labelled}, {"pending", r.pending}, {"marked", r.marked}});
      });
}

void RegisterErExtensions() { RegisterErExtensions(&ExtensionRegistry::Global()); }

}  // namespace kindred::connect
