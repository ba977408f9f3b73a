// Zingg's Spark Connect messages (proto/zingg/spark/connect/zingg.proto) served natively.
// A ZinggCommand packed in Command.extension runs one entity-resolution phase exactly as
// `kindred <phase>` does; packed in Relation.extension it returns the pairs waiting for a label.
// All functions are thread-safe. Phases on the same model folder (<zinggDir>/<modelId>) run one
// at a time, since they read and rewrite the same files; different models run concurrently.
#pragma once

#include <mutex>
#include <ostream>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "connect/extensions.h"
#include "er/config/config.h"

namespace zingg::spark::connect {
class Arguments;
class ZinggCommand;
}  // namespace zingg::spark::connect
class SubmitZinggJob;  // Zingg declares it without a package

namespace kindred::connect {

// The Any type URL of a ZinggCommand, as protobuf clients pack it.
inline constexpr char kZinggCommandTypeUrl[] =
    "type.googleapis.com/zingg.spark.connect.ZinggCommand";

// The Any type URL of the job message of Zingg's zingg_v2 Python client.
inline constexpr char kSubmitZinggJobTypeUrl[] = "type.googleapis.com/SubmitZinggJob";

// Registers the ZinggCommand command and relation handlers (and SubmitZinggJob's relation) in ExtensionRegistry::Global().
// Called once at server start-up; calling it again just re-registers the same handlers.
void RegisterZinggExtensions();
// The same into `registry` (not owned; must outlive its use).
void RegisterZinggExtensions(ExtensionRegistry* registry);

// Holds the model folder `model_dir` (<zinggDir>/<modelId>) for the caller: every phase, label
// update or training that reads and rewrites a folder's files takes this lock first, so one
// folder sees one writer at a time (different folders proceed concurrently).
std::unique_lock<std::mutex> LockModelFolder(const std::string& model_dir);

// The job configuration of `args`, with the defaults and checks of a Zingg JSON config (zero
// values mean "default": threshold 0.5, blockSize 100, ...). InvalidArgument naming the field
// ("ZinggCommand.args: fieldDefinition[1].matchType: unknown match type 'fuzy' ...").
Result<er::Config> ZinggConfigFromArguments(const ::zingg::spark::connect::Arguments& args);

// Runs cmd.phase (case-insensitive) with the command's configuration. The phase's log goes to
// `log` and it never waits for console input. InvalidArgument for a missing or unknown phase or
// bad arguments; otherwise the phase's own status.
Status RunZinggCommand(const ::zingg::spark::connect::ZinggCommand& cmd, std::ostream* log);

// SubmitZinggJob (zingg_v2's ZinggJob plan): runs the phase named by `--phase` in job.args with
// job.options, Zingg's Arguments as JSON (nulls ignored), as RunZinggCommand does; answers one
// row (status "SUCCESS", newArgs = job.options). InvalidArgument for a missing or unknown phase,
// bad JSON or a bad config; otherwise the phase's own status.
Result<TablePtr> RunSubmitZinggJob(const ::SubmitZinggJob& job, std::ostream* log);

// The pairs of <model>/trainingData/unmarked.csv as rows: z_cluster, z_zid, z_prediction,
// z_score, z_isMatch, the data columns, z_zsource; two consecutive rows (sharing z_cluster) per
// pair. Runs findTrainingData first (logging to `log`) when no pair is pending. Errors from
// reading the configuration, the files or that phase.
Result<TablePtr> ZinggPendingPairs(const ::zingg::spark::connect::ZinggCommand& cmd,
                                   std::ostream* log);

}  // namespace kindred::connect
