#include "connect/zingg/zingg_extension.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "common/strings.h"
#include "er/label/training_data.h"
#include "er/phases/phases.h"
#include "er/pipe_io.h"
#include "sql/plan/logical_plan.h"
#include "zingg/spark/connect/submit_job.pb.h"
#include "zingg/spark/connect/zingg.pb.h"

namespace kindred::connect {
namespace {

namespace zpb = ::zingg::spark::connect;
using json = nlohmann::json;

// Protobuf floats carry 24 bits; 0.1f widened exactly would be 0.10000000149. Printing with
// float precision first gives the value the client meant.
double WidenFloat(float f) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.7g", static_cast<double>(f));
  return std::strtod(buf, nullptr);
}

json PipesToJson(const google::protobuf::RepeatedPtrField<zpb::Pipe>& pipes) {
  json arr = json::array();
  for (const zpb::Pipe& p : pipes) {
    json o = json::object();
    if (!p.name().empty()) o["name"] = p.name();
    if (!p.format().empty()) o["format"] = p.format();
    if (!p.schema().empty()) o["schema"] = p.schema();
    if (!p.mode().empty()) o["mode"] = p.mode();
    json props = json::object();
    for (const auto& [k, v] : p.props()) props[k] = v;
    o["props"] = std::move(props);
    arr.push_back(std::move(o));
  }
  return arr;
}

// The Arguments as the JSON config a Zingg user would write, so that the one config parser
// applies its defaults and checks (and names fields as users know them).
json ArgumentsToJson(const zpb::Arguments& a) {
  json root = json::object();
  json fields = json::array();
  for (const zpb::FieldDefinition& f : a.field_definition()) {
    json o = json::object();
    o["fieldName"] = f.field_name();
    if (!f.fields().empty()) o["fields"] = f.fields();
    if (!f.data_type().empty()) o["dataType"] = f.data_type();
    json types = json::array();
    for (const zpb::MatchType& m : f.match_type()) types.push_back(m.name());
    o["matchType"] = std::move(types);
    if (!f.stop_words().empty()) o["stopWords"] = f.stop_words();
    if (!f.abbreviations().empty()) o["abbreviations"] = f.abbreviations();
    fields.push_back(std::move(o));
  }
  root["fieldDefinition"] = std::move(fields);
  root["data"] = PipesToJson(a.data());
  root["output"] = PipesToJson(a.output());
  root["trainingSamples"] = PipesToJson(a.training_samples());
  if (!a.zingg_dir().empty()) root["zinggDir"] = a.zingg_dir();
  if (!a.model_id().empty()) root["modelId"] = a.model_id();
  // proto3 cannot tell an unset number from zero: zero keeps the default.
  if (a.num_partitions() != 0) root["numPartitions"] = a.num_partitions();
  if (a.label_data_sample_size() != 0)
    root["labelDataSampleSize"] = WidenFloat(a.label_data_sample_size());
  if (a.threshold() != 0) root["threshold"] = a.threshold();
  if (a.block_size() != 0) root["blockSize"] = a.block_size();
  if (a.stop_words_cutoff() != 0) root["stopWordsCutoff"] = WidenFloat(a.stop_words_cutoff());
  root["showConcise"] = a.show_concise();
  // Metrics are on by default in Zingg; an unset (false) flag keeps that default.
  if (a.collect_metrics()) root["collectMetrics"] = true;
  if (a.job_id() != 0) root["jobId"] = a.job_id();
  if (!a.column().empty()) root["column"] = a.column();
  return root;
}

// Zingg's name for the phase, matched case-insensitively; InvalidArgument lists the phases.
Result<std::string> ResolvePhase(const std::string& phase) {
  const auto& names = er::PhaseNames();
  if (Trim(phase).empty())
    return InvalidArgument("ZinggCommand.phase: missing (known: ", StrJoin(names, ", "), ")");
  for (const auto& n : names)
    if (EqualsIgnoreCase(n, Trim(phase))) return n;
  return InvalidArgument("ZinggCommand.phase: unknown phase '", phase, "' (known: ",
                         StrJoin(names, ", "), ")");
}

Result<er::Config> ConfigOf(const zpb::ZinggCommand& cmd) {
  if (!cmd.has_args()) return InvalidArgument("ZinggCommand.args: missing");
  return ZinggConfigFromArguments(cmd.args());
}

er::PhaseOptions OptionsOf(const zpb::ZinggCommand& cmd, std::ostream* log, std::istream* in) {
  er::PhaseOptions opts;
  opts.out = log;
  // A server has no console: a labelling phase sees end of input and saves what it has.
  opts.in = in;
  opts.column = !cmd.options().column().empty() ? cmd.options().column() : cmd.args().column();
  return opts;
}

std::unique_lock<std::mutex> LockModel(const er::Config& config) {
  return LockModelFolder(config.ModelDir());
}

Result<zpb::ZinggCommand> Unpack(const google::protobuf::Any& any) {
  zpb::ZinggCommand cmd;
  if (!any.UnpackTo(&cmd))
    return InvalidArgument("extension ", any.type_url(), ": the payload is not a valid ZinggCommand");
  return cmd;
}

// The data pipe each z_zid came from: the pipes are read in order and stacked.
Result<std::vector<std::pair<int64_t, std::string>>> SourceRanges(const er::Config& config) {
  std::vector<std::pair<int64_t, std::string>> ends;  // (exclusive end row, pipe name)
  if (config.data.size() == 1) {
    ends.emplace_back(INT64_MAX, config.data[0].name);
    return ends;
  }
  int64_t end = 0;
  for (const er::Pipe& p : config.data) {
    ASSIGN_OR_RETURN(TablePtr t, er::ReadPipe(p));
    end += t->num_rows();
    ends.emplace_back(end, p.name);
  }
  return ends;
}

}  // namespace

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

Result<er::Config> ZinggConfigFromArguments(const zpb::Arguments& args) {
  auto config = er::ParseConfig(ArgumentsToJson(args).dump(), "ZinggCommand.args");
  if (!config.ok()) return config.status().WithContext("ZinggCommand.args");
  return config;
}

namespace {

// Runs `phase` (already resolved) with `config`, one phase per model folder at a time.
Status RunPhaseOnModel(const std::string& phase, const er::Config& config, er::PhaseOptions opts,
                       std::ostream* log) {
  auto lock = LockModel(config);
  *log << "zingg: " << phase << " for model " << config.ModelDir() << "\n";
  Status s = er::RunPhase(phase, config, opts);
  log->flush();
  return s;
}

// Drops JSON nulls (a pydantic model writes its unset optional fields as null), so that the
// config parser sees only keys that were given.
void DropNulls(json* j) {
  if (j->is_object()) {
    for (auto it = j->begin(); it != j->end();) {
      if (it->is_null()) {
        it = j->erase(it);
      } else {
        DropNulls(&*it);
        ++it;
      }
    }
  } else if (j->is_array()) {
    for (auto& v : *j) DropNulls(&v);
  }
}

// The value after `--name` in a client-options command line ("--phase match --conf c.json").
std::string OptionValue(const std::string& command_line, const std::string& name) {
  std::istringstream words(command_line);
  std::string word;
  while (words >> word) {
    if (word == "--" + name) {
      std::string value;
      if (words >> value) return value;
    }
  }
  return "";
}

}  // namespace

Status RunZinggCommand(const zpb::ZinggCommand& cmd, std::ostream* log) {
  ASSIGN_OR_RETURN(std::string phase, ResolvePhase(cmd.phase()));
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(cmd));
  std::istringstream no_input;
  return RunPhaseOnModel(phase, config, OptionsOf(cmd, log, &no_input), log);
}

Result<TablePtr> RunSubmitZinggJob(const ::SubmitZinggJob& job, std::ostream* log) {
  const std::string phase_name = OptionValue(job.args(), "phase");
  if (phase_name.empty())
    return InvalidArgument("SubmitZinggJob.args: no --phase in '", job.args(), "'");
  auto phase = ResolvePhase(phase_name);
  if (!phase.ok()) return phase.status().WithContext("SubmitZinggJob.args");
  json arguments;
  try {
    arguments = json::parse(job.options());
  } catch (const std::exception& e) {
    return InvalidArgument("SubmitZinggJob.options: not valid JSON: ", e.what());
  }
  DropNulls(&arguments);
  ASSIGN_OR_RETURN(er::Config config,
                   er::ParseConfig(arguments.dump(), "SubmitZinggJob.options"));
  std::istringstream no_input;
  er::PhaseOptions opts;
  opts.out = log;
  opts.in = &no_input;
  opts.column = OptionValue(job.args(), "column");
  if (opts.column.empty() && arguments.contains("column") && arguments["column"].is_string())
    opts.column = arguments["column"].get<std::string>();
  RETURN_IF_ERROR(RunPhaseOnModel(*phase, config, opts, log));
  // Zingg's plugin answers one row: the outcome and the arguments the job ran with.
  ColumnBuilder status(DataType::String(), 1), new_args(DataType::String(), 1);
  status.AppendString("SUCCESS");
  new_args.AppendString(job.options());
  return Table::MakeChecked(Schema({Field{"status", DataType::String(), false},
                                    Field{"newArgs", DataType::String(), false}}),
                            {status.Finish(), new_args.Finish()});
}

Result<TablePtr> ZinggPendingPairs(const zpb::ZinggCommand& cmd, std::ostream* log) {
  ASSIGN_OR_RETURN(er::Config config, ConfigOf(cmd));
  std::istringstream no_input;
  er::PhaseOptions opts = OptionsOf(cmd, log, &no_input);
  auto lock = LockModel(config);
  ASSIGN_OR_RETURN(er::TrainingSet set, er::LoadTrainingSet(er::UnmarkedPath(config)));
  if (set.pairs.empty()) {
    *log << "zingg: no pairs pending for model " << config.ModelDir()
         << "; running findTrainingData\n";
    RETURN_IF_ERROR(er::RunPhase("findTrainingData", config, opts));
    log->flush();
    ASSIGN_OR_RETURN(set, er::LoadTrainingSet(er::UnmarkedPath(config)));
  }

  // Input columns come back as strings, like the pair files hold them; "" is a missing value.
  TablePtr rows = er::TrainingSetToTable(set, config.threshold);
  // z_zsource names the data pipe of each row and goes last; linked data already carries it.
  std::vector<Field> fields;
  std::vector<ColumnPtr> columns;
  ColumnPtr zsource;
  for (int c = 0; c < rows->num_columns(); ++c) {
    if (rows->schema().field(c).name == "z_zsource") {
      zsource = rows->column(c);
      continue;
    }
    fields.push_back(rows->schema().field(c));
    columns.push_back(rows->column(c));
  }
  if (zsource == nullptr) {
    ASSIGN_OR_RETURN(auto sources, SourceRanges(config));
    const Column& zid = *rows->column(rows->schema().FindField("z_zid"));
    ColumnBuilder b(DataType::String(), rows->num_rows());
    for (int64_t r = 0; r < rows->num_rows(); ++r) {
      const int64_t row_zid = zid.Value<int64_t>(r);
      std::string name = sources.empty() ? std::string() : sources.back().second;
      for (const auto& [end, pipe] : sources) {
        if (row_zid < end) {
          name = pipe;
          break;
        }
      }
      b.AppendString(name);
    }
    zsource = b.Finish();
  }
  fields.push_back({"z_zsource", DataType::String()});
  columns.push_back(zsource);
  return Table::MakeChecked(Schema(std::move(fields)), std::move(columns));
}

void RegisterZinggExtensions(ExtensionRegistry* registry) {
  // Phases log progress as `kindred <phase>` does; on a server that belongs in its log (stderr),
  // not in the client's result.
  registry->RegisterCommand(
      kZinggCommandTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext*) -> Result<TablePtr> {
        ASSIGN_OR_RETURN(zpb::ZinggCommand cmd, Unpack(any));
        RETURN_IF_ERROR(RunZinggCommand(cmd, &std::cerr));
        // Like Zingg's server: success and no rows (a null table streams no result).
        return TablePtr();
      });
  registry->RegisterRelation(
      kSubmitZinggJobTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext*) -> Result<sql::PlanPtr> {
        ::SubmitZinggJob job;
        if (!any.UnpackTo(&job))
          return InvalidArgument("extension ", any.type_url(),
                                 ": the payload is not a valid SubmitZinggJob");
        ASSIGN_OR_RETURN(TablePtr row, RunSubmitZinggJob(job, &std::cerr));
        return sql::LocalTable(row);
      });
  registry->RegisterRelation(
      kZinggCommandTypeUrl,
      [](const google::protobuf::Any& any, TranslateContext*) -> Result<sql::PlanPtr> {
        ASSIGN_OR_RETURN(zpb::ZinggCommand cmd, Unpack(any));
        ASSIGN_OR_RETURN(TablePtr pairs, ZinggPendingPairs(cmd, &std::cerr));
        return sql::LocalTable(pairs);
      });
}

void RegisterZinggExtensions() { RegisterZinggExtensions(&ExtensionRegistry::Global()); }

}  // namespace kindred::connect
