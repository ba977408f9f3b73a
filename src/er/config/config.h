// Zingg's JSON configuration, read as Zingg users write it (fieldDefinition, data, output,
// trainingSamples, zinggDir, modelId, ...), with $VAR$ substitution from the environment.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "columnar/types.h"
#include "common/status.h"

namespace kindred::er {

// Zingg's match types. Their meanings are documented in docs/er-guide.md.
enum class MatchType {
  kFuzzy,
  kExact,
  kDontUse,
  kEmail,
  kPincode,
  kNullOrBlank,
  kText,
  kNumeric,
  kNumericWithUnits,
  kOnlyAlphabetsExact,
  kOnlyAlphabetsFuzzy,
};

const char* MatchTypeName(MatchType t);  // Zingg's upper-case name
// Case-insensitive; InvalidArgument lists the known names.
Result<MatchType> ParseMatchType(std::string_view name);

struct FieldDefinition {
  std::string field_name;  // name used in output and features
  std::string fields;      // input column read for this field
  std::string data_type = "string";  // string, integer, long, double, date, boolean
  std::vector<MatchType> match_types;
  std::string stop_words;  // path to a one-word-per-line file (first column of a CSV)
  std::string abbreviations;

  bool used() const;       // false when DONT_USE is among the match types
  bool has(MatchType t) const;
};

// A Zingg pipe: where data comes from or goes to.
struct Pipe {
  std::string name;
  std::string format = "csv";  // csv, json (Kindred); others give a clear error
  std::map<std::string, std::string> props;  // values stringified ("header": true -> "true")
  std::string schema;          // Spark DDL, may be empty
  std::string mode;            // save mode for outputs: overwrite (default), append, error, ignore
  std::string path() const;    // props["path"] or ""
};

struct Config {
  std::vector<FieldDefinition> field_definitions;
  std::vector<Pipe> data;
  std::vector<Pipe> output;
  std::vector<Pipe> training_samples;
  std::string zingg_dir = "/tmp/zingg";
  std::string model_id = "1";
  double label_data_sample_size = 0.01;
  int num_partitions = 0;
  int64_t block_size = 100;
  bool show_concise = false;
  double threshold = 0.5;
  double stop_words_cutoff = 0.1;
  bool collect_metrics = true;
  std::string config_path;  // where it was read from, for messages

  // <zinggDir>/<modelId>
  std::string ModelDir() const;
  // Used fields (not DONT_USE), in config order.
  std::vector<const FieldDefinition*> UsedFields() const;
};

// Parses config JSON text. `source` names the file in messages. Errors are InvalidArgument
// naming the key and the problem ("fieldDefinition[2].matchType: unknown match type 'fuzy'").
Result<Config> ParseConfig(std::string_view json_text, const std::string& source = "config");
// Reads and parses a config file, substituting $VAR$ from the environment first.
Result<Config> LoadConfig(const std::string& path);
// Replaces every $NAME$ with the environment variable NAME; an unset one is an error naming it.
Result<std::string> SubstituteEnvironment(std::string_view text);

}  // namespace kindred::er
