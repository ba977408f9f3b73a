// Kindred's entity-resolution extensions to Spark Connect (proto/kindred/er/er.proto):
//   MatchRelation (Relation.extension): clusters any DataFrame of the session with a trained
//     model and returns it with z_cluster, z_minScore and z_maxScore added.
//   LabelPairs (Command.extension): records labels for pending training pairs, moving them from
//     trainingData/unmarked.csv to marked.csv, so a notebook can label without a terminal.
// All functions are thread-safe. Label updates of one model folder run one at a time.
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
class LabelPairs;
}  // namespace kindred::er

namespace kindred::connect {

inline constexpr char kMatchRelationTypeUrl[] = "type.googleapis.com/kindred.er.MatchRelation";
inline constexpr char kLabelPairsTypeUrl[] = "type.googleapis.com/kindred.er.LabelPairs";

// Registers the MatchRelation and LabelPairs handlers in ExtensionRegistry::Global(); calling it
// again re-registers the same handlers.
void RegisterErExtensions();
// The same into `registry` (not owned; must outlive its use).
void RegisterErExtensions(ExtensionRegistry* registry);

// `input` with z_cluster, z_minScore, z_maxScore added, matched with the model in
// config.ModelDir(). NotFound naming the model folder when no model was trained there;
// InvalidArgument when the input lacks a column the model uses; otherwise matching's errors.
// Statistics are logged to `log` (may be null).
Result<TablePtr> MatchWithTrainedModel(const er::Config& config, TablePtr input, std::ostream* log);

// Translates and executes msg.input with `ctx` (its exec context when set, else one without
// temporary views), then matches the rows as MatchWithTrainedModel does. InvalidArgument
// ("MatchRelation.input: missing", "MatchRelation.args: ...") for an incomplete message.
Result<TablePtr> RunMatchRelation(const ::kindred::er::MatchRelation& msg, TranslateContext* ctx,
                                  std::ostream* log);

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
