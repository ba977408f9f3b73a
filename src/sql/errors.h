// Spark-style analysis errors: a Status carrying ErrorDetails with Spark's error class, SQL state
// and message parameters, and Spark's message text "[CLASS] text".
#pragma once

#include <map>
#include <string>
#include <vector>

#include "common/status.h"

namespace kindred::sql {

// `text` is the message without the "[CLASS] " prefix. Status code kInvalidArgument.
Status AnalysisError(const std::string& error_class, const std::string& sql_state,
                     std::map<std::string, std::string> params, const std::string& text,
                     StatusCode code = StatusCode::kInvalidArgument);

// Backquotes an identifier as Spark's toSQLId does: a.b → `a`.`b`.
std::string QuoteId(const std::string& name);
std::string QuoteIdParts(const std::vector<std::string>& parts);

// UNRESOLVED_COLUMN.WITH_SUGGESTION (or .WITHOUT_SUGGESTION when `candidates` is empty), with
// `candidates` are plain column names, quoted and ordered by similarity to the missing name as Spark does.
Status UnresolvedColumnError(const std::vector<std::string>& name_parts,
                             const std::vector<std::string>& candidates);
Status UnresolvedRoutineError(const std::string& name);
// DATATYPE_MISMATCH.<sub_class> for expression `sql_expr`.
Status DataTypeMismatchError(const std::string& sub_class, const std::string& sql_expr,
                             std::map<std::string, std::string> params, const std::string& detail);

}  // namespace kindred::sql
