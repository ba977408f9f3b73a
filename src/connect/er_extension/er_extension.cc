#include "connect/er_extension/er_extension.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "common/strings.h"
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

// One mutex per model folder: label updates read and rewrite the same two files.
std::unique_lock<std::mutex> LockModelFolder(const std::string& model_dir) {
  static std::mutex map_mu;
  static auto* locks = new std::map<std::string, std::unique_ptr<std::mutex>>();
  std::mutex* mu;
  {
    std::lock_guard<std::mutex> guard(map_mu);
    auto& slot = (*locks)[model_dir];
    if (!slot) slot = std::make_unique<std::mutex>();
    mu = slot.get();
  }
  return std::unique_lock<std::mutex>(*mu);
}

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

Result<TablePtr> MatchWithTrainedModel(const er::Config& config, TablePtr input,
                                       std::ostream* log) {
  if (input == nullptr) return InvalidArgument("MatchRelation: no input rows");
  const std::string model_path = er::ModelPath(config);
  std::error_code ec;
  if (!std::filesystem::exists(model_path, ec)) {
    return NotFound("MatchRelation: no trained model in ", config.ModelDir(), " (", model_path,
                    " is missing): run train for zinggDir '", config.zingg_dir, "', modelId '",
                    config.model_id, "' first");
  }
  // The model checks its fields against the prepared columns of the input.
  ASSIGN_OR_RETURN(er::PreparedData probe,
                   er::PrepareData(config, input->Slice(0, input->num_rows() > 0 ? 1 : 0)));
  ASSIGN_OR_RETURN(er::TrainedModel model, er::LoadModel(config, probe.fields));
  er::MatchStats stats;
  ASSIGN_OR_RETURN(TablePtr out, er::MatchTable(config, model, input, "", &stats));
  if (log != nullptr) {
    *log << "MatchRelation: " << stats.records << " records, " << stats.candidate_pairs
         << " candidate pairs, " << stats.matched_pairs << " matched pairs, " << stats.clusters
         << " clusters (model " << config.ModelDir() << ")\n";
    log->flush();
  }
  return out;
}

Result<TablePtr> RunMatchRelation(const epb::MatchRelation& msg, TranslateContext* ctx,
                                  std::ostream* log) {
  if (!msg.has_input()) return InvalidArgument("MatchRelation.input: missing");
  if (!msg.has_args()) return InvalidArgument("MatchRelation.args: missing");
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(msg.args(), "MatchRelation.args"));
  TranslateContext local_ctx;
  if (ctx == nullptr) ctx = &local_ctx;
  ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(msg.input(), ctx));
  sql::ExecContext no_views;
  const sql::ExecContext& exec = ctx->exec != nullptr ? *ctx->exec : no_views;
  auto input = sql::ExecutePlan(plan, exec);
  if (!input.ok()) return input.status().WithContext("MatchRelation.input");
  return MatchWithTrainedModel(config, *input, log);
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

void RegisterErExtensions(ExtensionRegistry* registry) {
  // Matching statistics belong in the server's log (stderr), not in the client's rows.
  registry->RegisterRelation(
      kMatchRelationTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext* ctx) -> Result<sql::PlanPtr> {
        ASSIGN_OR_RETURN(epb::MatchRelation msg, Unpack<epb::MatchRelation>(any, "MatchRelation"));
        ASSIGN_OR_RETURN(TablePtr out, RunMatchRelation(msg, ctx, &std::cerr));
        return sql::LocalTable(out);
      });
  registry->RegisterCommand(
      kLabelPairsTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext*) -> Result<TablePtr> {
        ASSIGN_OR_RETURN(epb::LabelPairs msg, Unpack<epb::LabelPairs>(any, "LabelPairs"));
        ASSIGN_OR_RETURN(LabelResult r, RunLabelPairs(msg));
        // One row so that a notebook sees what happened.
        ColumnBuilder labelled(DataType::Int64(), 1), pending(DataType::Int64(), 1),
            marked(DataType::Int64(), 1);
        labelled.AppendInt(r.labelled);
        pending.AppendInt(r.pending);
        marked.AppendInt(r.marked);
        Schema schema({Field{"labelled", DataType::Int64(), false},
                       Field{"pending", DataType::Int64(), false},
                       Field{"marked", DataType::Int64(), false}});
        return Table::MakeChecked(schema, {labelled.Finish(), pending.Finish(), marked.Finish()});
      });
}

void RegisterErExtensions() { RegisterErExtensions(&ExtensionRegistry::Global()); }

}  // namespace kindred::connect
