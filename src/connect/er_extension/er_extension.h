// Kindred's entity-resolution extensions to Spark Connect (proto/kindred/er/er.proto), on any
// relation of the session:
//   MatchRelation / LinkRelation (Relation.extension): cluster (link) DataFrames with a model
//     from a model folder or trained in the session; z_cluster and scores added.
//   TrainingPairsRelation (Relation.extension): pairs of a DataFrame to label next.
//   TrainCommand (Command.extension): trains on a DataFrame and labelled pairs, keeping the model
//     in the session or writing it to the model folder.
//   StoredPairsRelation (Relation.extension): the labelled or pending pairs of a model folder.
//   LabelPairs (Command.extension): records labels for pending training pairs, moving them from
//     trainingData/unmarked.csv to marked.csv, so a notebook can label without a terminal.
// All functions are thread-safe. Updates of one model folder run one at a time.
#pragma once

#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "columnar/table.h"
#include "common/status.h"
#include "connect/extensions.h"
#include "er/config/config.h"

namespace kindred::er {
class MatchRelation;
class LinkRelation;
class TrainingPairsRelation;
class TrainCommand;
class StoredPairsRelation;
class LabelPairs;
}  // namespace kindred::er

namespace spark::connect {
class Relation;
}  // namespace spark::connect

namespace kindred::connect {

inline constexpr char kMatchRelationTypeUrl[] = "type.googleapis.com/kindred.er.MatchRelation";
inline constexpr char kLabelPairsTypeUrl[] = "type.googleapis.com/kindred.er.LabelPairs";
inline constexpr char kLinkRelationTypeUrl[] = "type.googleapis.com/kindred.er.LinkRelation";
inline constexpr char kTrainingPairsRelationTypeUrl[] =
    "type.googleapis.com/kindred.er.TrainingPairsRelation";
inline constexpr char kTrainCommandTypeUrl[] = "type.googleapis.com/kindred.er.TrainCommand";
inline constexpr char kStoredPairsRelationTypeUrl[] =
    "type.googleapis.com/kindred.er.StoredPairsRelation";

// Registers the MatchRelation and LabelPairs handlers in ExtensionRegistry::Global(); calling it
// again re-registers the same handlers.
void RegisterErExtensions();
// The same into `registry` (not owned; must outlive its use).
void RegisterErExtensions(ExtensionRegistry* registry);

// Translates and executes a relation nested in an extension message with `ctx` (its exec
// context when set, else one without temporary views; ctx may be null). Errors carry `what`.
Result<TablePtr> ExecuteNestedRelation(const spark::connect::Relation& rel, TranslateContext* ctx,
                                       const std::string& what);

// Executes msg.input (ExecuteNestedRelation) and matches its rows with the model folder's model,
// or with the session's model msg.session_model when set (NotFound listing the session's models
// when there is no such model; FailedPrecondition without a session). InvalidArgument
// ("MatchRelation.input: missing", "MatchRelation.args: ...") for an incomplete message.
Result<TablePtr> RunMatchRelation(const ::kindred::er::MatchRelation& msg, TranslateContext* ctx,
                                  std::ostream* log);

// Links msg.left to msg.right (their columns matched by name; InvalidArgument naming a column
// missing on the right or typed differently): z_cluster, z_score, z_zsource ("left" / "right"),
// then the columns. Models as in RunMatchRelation.
Result<TablePtr> RunLinkRelation(const ::kindred::er::LinkRelation& msg, TranslateContext* ctx,
                                 std::ostream* log);

// The next pairs of msg.input to label (er::FindTrainingPairs) in the training-pair layout
// (er::TrainingSetToTable); msg.labelled, when set, steers the choice and is skipped.
Result<TablePtr> RunTrainingPairsRelation(const ::kindred::er::TrainingPairsRelation& msg,
                                          TranslateContext* ctx, std::ostream* log);

// What TrainCommand did.
struct TrainResult {
  int64_t matches = 0, non_matches = 0;  // labelled pairs used (incl. trainingSamples)
  std::string model;                      // "session model '<name>'" or the model file's path
};

// Trains on msg.input's records and msg.labelled's pairs (plus the args' trainingSamples) and
// keeps the model in the session under msg.session_model, or writes it to the model folder when
// that is empty. FailedPrecondition saying how many more labels are needed when too few.
Result<TrainResult> RunTrainCommand(const ::kindred::er::TrainCommand& msg, TranslateContext* ctx,
                                  std::ostream* log);

// The labelled (or, with msg.pending, the pending) pairs of the model folder as rows in the
// training-pair layout; no rows when there are none.
Result<TablePtr> RunStoredPairsRelation(const ::kindred::er::StoredPairsRelation& msg);

// What LabelPairs did.
struct LabelResult {
  int64_t labelled = 0;  // pairs moved to marked.csv
  int64_t pending = 0;   // pairs still in unmarked.csv
  int64_t marked = 0;    // pairs in marked.csv afterwards
};

// Moves the pairs named by (z_cluster, label) from <model>/trainingData/unmarked.csv to
// marked.csv with their labels (0 no match, 1 match, 2 unsure). All labels are checked before
// anything is written: InvalidArgument for a bad label or a pair named twice, NotFound for a pair
// not pending. Each file is replaced atomically, marked.csv first, so a crash between the two
// writes can only leave a pair in both files, never lose it.
Result<LabelResult> LabelPendingPairs(const er::Config& config,
                                      const std::vector<std::pair<std::string, int>>& labels);

// LabelPairs as a message: the configuration of msg.args, then LabelPendingPairs.
Result<LabelResult> RunLabelPairs(const ::kindred::er::LabelPairs& msg);

}  // namespace kindred::connect
