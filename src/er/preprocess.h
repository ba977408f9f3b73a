// Turns input columns into the normalised text each field is compared on: lower case, trimmed,
// inner whitespace collapsed, stop words removed. An empty value becomes null, so "missing" is
// explicit all the way into the features (Zingg scores a null as a perfect match; Kindred does not).
#pragma once

#include <string>
#include <unordered_set>
#include <vector>

#include "columnar/table.h"
#include "er/bigram_sets.h"
#include "er/config/config.h"

namespace kindred::er {

struct PreparedField {
  const FieldDefinition* def = nullptr;
  int input_column = -1;   // index in the input table
  ColumnPtr text;          // normalised string column; null = missing
  ColumnPtr number;        // float64 column for NUMERIC types (null when not a number), else null
  // Derived text, computed once here (not per batch of pairs) for the match types that use it;
  // null where the derived value is empty.
  ColumnPtr email_local;   // EMAIL: the part before '@'
  ColumnPtr alphabets;     // ONLY_ALPHABETS_*: letters only
  ColumnPtr pincode;       // PINCODE: the first 5 digits
  std::shared_ptr<const BigramSets> bigrams;  // FUZZY fields: q-gram sets of `text`
};

struct PreparedData {
  TablePtr table;          // the input as read
  std::vector<PreparedField> fields;  // one per used field, config order
  // All used fields' text joined by spaces: compared as a whole, it sees values that moved to
  // another field (given name and surname swapped, address lines shifted).
  ColumnPtr record_text;
  std::shared_ptr<const BigramSets> record_bigrams;
  int64_t num_rows() const { return table ? table->num_rows() : 0; }
};

// Normalises one value: lower-case ASCII, trim, collapse runs of whitespace, drop stop words.
std::string NormalizeText(std::string_view s, const std::unordered_set<std::string>* stop_words);

// Prepares every used field of `config` on `table`. InvalidArgument when a configured column is
// missing from the data: names the field, the column and the available columns.
Result<PreparedData> PrepareData(const Config& config, TablePtr table);

// Loads a stop-word file (one word per line; a CSV's first column).
Result<std::unordered_set<std::string>> LoadStopWords(const std::string& path);

}  // namespace kindred::er
