// Regular-expression functions on RE2: rlike/regexp_like, like, ilike, regexp_replace,
// regexp_extract, split. A literal pattern is compiled once at analysis; a per-row pattern is
// recompiled only when it changes.
#include <re2/re2.h>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

// Translates a SQL LIKE pattern to an anchored RE2 pattern ('_' = one char, '%' = any).
std::string LikeToRegex(std::string_view p, char escape) {
  std::string out = "(?s)^";
  for (size_t i = 0; i < p.size(); ++i) {
    char c = p[i];
    if (c == escape && i + 1 < p.size()) {
      out += RE2::QuoteMeta(std::string(1, p[++i]));
    } else if (c == '%') {
      out += ".*";
    } else if (c == '_') {
      out += ".";
    } else {
      out += RE2::QuoteMeta(std::string(1, c));
    }
  }
  return out + "$";
}

enum class Mode { kRegex, kLike, kILike };

std::string PatternFor(Mode m, std::string_view p) {
  switch (m) {
    case Mode::kRegex: return std::string(p);
    case Mode::kLike: return LikeToRegex(p, '\\');
    case Mode::kILike: return "(?i)" + LikeToRegex(p, '\\');
  }
  return std::string(p);
}

// Compiles patterns, caching the last one (patterns usually repeat row to row).
class PatternCache {
 public:
  PatternCache(Mode mode, std::shared_ptr<const RE2> fixed) : mode_(mode), fixed_(std::move(fixed)) {}
  Result<const RE2*> Get(std::string_view pattern) {
    if (fixed_) return fixed_.get();
    if (!cur_ || pattern != last_) {
      last_ = std::string(pattern);
      RE2::Options opt;
      opt.set_log_errors(false);
      cur_ = std::make_unique<RE2>(PatternFor(mode_, pattern), opt);
      if (!cur_->ok()) return InvalidArgument("invalid regular expression '", last_, "': ", cur_->error());
    }
    return cur_.get();
  }

 private:
  Mode mode_;
  std::shared_ptr<const RE2> fixed_;
  std::unique_ptr<RE2> cur_;
  std::string last_;
};

Result<std::shared_ptr<const RE2>> CompileIfLiteral(const BoundPtr& pattern, Mode mode) {
  if (pattern->kind != BoundKind::kLiteral || pattern->value.is_null()) return std::shared_ptr<const RE2>();
  RE2::Options opt;
  opt.set_log_errors(false);
  auto re = std::make_shared<RE2>(PatternFor(mode, pattern->value.as_string()), opt);
  if (!re->ok()) {
    return AnalysisError("INVALID_PARAMETER_VALUE.PATTERN", "22023",
                         {{"parameter", "`regexp`"}, {"functionName", "`rlike`"},
                          {"value", "'" + pattern->value.as_string() + "'"}},
                         "The value of parameter(s) `regexp` in `rlike` is invalid: '" +
                             pattern->value.as_string() + "'.");
  }
  return std::shared_ptr<const RE2>(re);
}

Result<BoundPtr> ResolveMatch(Mode mode, const std::string& name, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(name, args, 2, 3));
  std::string sql;
  if (mode == Mode::kLike) sql = args[0]->sql + " LIKE " + args[1]->sql;
  else if (mode == Mode::kILike) sql = "ilike(" + args[0]->sql + ", " + args[1]->sql + ")";
  else if (name == "rlike") sql = "RLIKE(" + args[0]->sql + ", " + args[1]->sql + ")";
  else sql = CallSql(name, args);
  ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[0], DataType::String(), 0, sql));
  ASSIGN_OR_RETURN(BoundPtr p, ImplicitCast(args[1], DataType::String(), 1, sql));
  ASSIGN_OR_RETURN(auto fixed, CompileIfLiteral(p, mode));
  return BoundCall(name, sql, DataType::Bool(), s->nullable || p->nullable, {s, p},
                   [mode, fixed](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                                 const EvalContext&) -> Result<ColumnPtr> {
                     PatternCache cache(mode, fixed);
                     Buffer validity = MergeValidity({a[0].get(), a[1].get()}, n);
                     Buffer values = MakeValues<uint8_t>(n);
                     for (int64_t i = 0; i < n; ++i) {
                       if (!validity.empty() && !GetBit(validity.data(), i)) { values[i] = 0; continue; }
                       ASSIGN_OR_RETURN(const RE2* re, cache.Get(a[1]->GetString(i)));
                       std::string_view s = a[0]->GetString(i);
                       values[i] = mode == Mode::kRegex
                                       ? RE2::PartialMatch(re2::StringPiece(s.data(), s.size()), *re)
                                       : RE2::FullMatch(re2::StringPiece(s.data(), s.size()), *re);
                     }
                     return Column::FromBuffers(DataType::Bool(), n, std::move(validity), std::move(values));
                   });
}

// Java replacement syntax ($1, \$) → RE2 rewrite syntax (\1, $).
std::string JavaReplacementToRe2(std::string_view r) {
  std::string out;
  for (size_t i = 0; i < r.size(); ++i) {
    char c = r[i];
    if (c == '\\' && i + 1 < r.size()) {
      char n = r[++i];
      if (n == '\\') out += "\\\\";
      else out += n;
    } else if (c == '$' && i + 1 < r.size() && isdigit(static_cast<unsigned char>(r[i + 1]))) {
      out += '\\';
      out += r[++i];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

void RegisterRegexFunctions(FunctionRegistry& r) {
  for (const char* name : {"rlike", "regexp_like", "regexp"})
    r.Add(name, [](const std::string& n, std::vector<BoundPtr> a) { return ResolveMatch(Mode::kRegex, n, std::move(a)); });
  r.Add("like", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveMatch(Mode::kLike, n, std::move(a)); });
  r.Add("ilike", [](const std::string& n, std::vector<BoundPtr> a) { return ResolveMatch(Mode::kILike, n, std::move(a)); });

  r.Add("regexp_replace", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 3, 4));
    // Spark names the call with its position argument: regexp_replace(a, x, y, 1).
    if (args.size() == 3) args.push_back(BoundLiteral(Value::Int32(1)));
    std::string sql = CallSql(name, args);
    std::vector<BoundPtr> cast;
    for (int i = 0; i < 3; ++i) {
      ASSIGN_OR_RETURN(BoundPtr c, ImplicitCast(args[i], DataType::String(), i, sql));
      cast.push_back(c);
    }
    ASSIGN_OR_RETURN(BoundPtr pos, ImplicitCast(args[3], DataType::Int32(), 3, sql));
    cast.push_back(pos);
    ASSIGN_OR_RETURN(auto fixed, CompileIfLiteral(cast[1], Mode::kRegex));
    return BoundCall("regexp_replace", sql, DataType::String(), AnyNullable(cast), cast,
                     [fixed](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                             const EvalContext&) -> Result<ColumnPtr> {
                       PatternCache cache(Mode::kRegex, fixed);
                       ColumnBuilder b(DataType::String(), n);
                       std::string rewrite, last_rep, s;
                       bool have_rep = false;
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i) || a[1]->IsNull(i) || a[2]->IsNull(i) || a[3]->IsNull(i)) {
                           b.AppendNull();
                           continue;
                         }
                         ASSIGN_OR_RETURN(const RE2* re, cache.Get(a[1]->GetString(i)));
                         std::string_view rep = a[2]->GetString(i);
                         if (!have_rep || rep != last_rep) {
                           last_rep = std::string(rep);
                           rewrite = JavaReplacementToRe2(rep);
                           have_rep = true;
                         }
                         std::string_view src = a[0]->GetString(i);
                         int64_t pos = std::max<int64_t>(1, a[3]->GetInt64(i)) - 1;
                         size_t cut = std::min<size_t>(static_cast<size_t>(pos), src.size());
                         s.assign(src.substr(cut));
                         RE2::GlobalReplace(&s, *re, rewrite);
                         std::string out(src.substr(0, cut));
                         out += s;
                         b.AppendString(out);
                       }
                       return b.Finish();
                     });
  });

  r.Add("regexp_extract", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 2, 3));
    if (args.size() == 2) args.push_back(BoundLiteral(Value::Int32(1)));
    std::string sql = CallSql(name, args);
    ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[0], DataType::String(), 0, sql));
    ASSIGN_OR_RETURN(BoundPtr p, ImplicitCast(args[1], DataType::String(), 1, sql));
    ASSIGN_OR_RETURN(BoundPtr g, ImplicitCast(args[2], DataType::Int32(), 2, sql));
    ASSIGN_OR_RETURN(auto fixed, CompileIfLiteral(p, Mode::kRegex));
    return BoundCall("regexp_extract", sql, DataType::String(), AnyNullable({s, p, g}), {s, p, g},
                     [fixed](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                             const EvalContext&) -> Result<ColumnPtr> {
                       PatternCache cache(Mode::kRegex, fixed);
                       ColumnBuilder b(DataType::String(), n);
                       std::vector<re2::StringPiece> groups;
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i) || a[1]->IsNull(i) || a[2]->IsNull(i)) {
                           b.AppendNull();
                           continue;
                         }
                         ASSIGN_OR_RETURN(const RE2* re, cache.Get(a[1]->GetString(i)));
                         int64_t idx = a[2]->GetInt64(i);
                         if (idx < 0 || idx > re->NumberOfCapturingGroups()) {
                           return AnalysisError("INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX", "22023",
                                                {{"parameter", "`idx`"}, {"functionName", "`regexp_extract`"}},
                                                StrCat("The value of parameter(s) `idx` in `regexp_extract` is invalid: Expects group index between 0 and ",
                                                       re->NumberOfCapturingGroups(), ", but got ", idx, "."));
                         }
                         std::string_view s = a[0]->GetString(i);
                         groups.assign(static_cast<size_t>(idx) + 1, re2::StringPiece());
                         re2::StringPiece text(s.data(), s.size());
                         if (re->Match(text, 0, text.size(), RE2::UNANCHORED, groups.data(),
                                       static_cast<int>(groups.size()))) {
                           b.AppendString(std::string_view(groups[idx].data() ? groups[idx].data() : "",
                                                           groups[idx].size()));
                         } else {
                           b.AppendString("");
                         }
                       }
                       return b.Finish();
                     });
  });

  r.Add("split", [](const std::string& name, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(name, args, 2, 3));
    if (args.size() == 2) args.push_back(BoundLiteral(Value::Int32(-1)));
    std::string sql = CallSql(name, args);
    ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[0], DataType::String(), 0, sql));
    ASSIGN_OR_RETURN(BoundPtr p, ImplicitCast(args[1], DataType::String(), 1, sql));
    ASSIGN_OR_RETURN(BoundPtr l, ImplicitCast(args[2], DataType::Int32(), 2, sql));
    ASSIGN_OR_RETURN(auto fixed, CompileIfLiteral(p, Mode::kRegex));
    DataType t = DataType::List(DataType::String());
    return BoundCall("split", sql, t, AnyNullable({s, p, l}), {s, p, l},
                     [fixed](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                             const EvalContext&) -> Result<ColumnPtr> {
                       PatternCache cache(Mode::kRegex, fixed);
                       ColumnBuilder b(call.type, n);
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i) || a[1]->IsNull(i) || a[2]->IsNull(i)) {
                           b.AppendNull();
                           continue;
                         }
                         std::string_view s = a[0]->GetString(i);
                         std::string_view pat = a[1]->GetString(i);
                         int64_t limit = a[2]->GetInt64(i);
                         ColumnBuilder& child = b.child_builder();
                         if (pat.empty()) {
                           // Java splits an empty pattern between every character.
                           int64_t count = 0;
                           for (size_t k = 0; k < s.size();) {
                             unsigned char c = s[k];
                             size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
                             if (limit > 0 && count == limit - 1) {
                               child.AppendString(s.substr(k));
                               break;
                             }
                             child.AppendString(s.substr(k, len));
                             ++count;
                             k += len;
                           }
                           if (s.empty()) child.AppendString("");
                           b.AppendListEnd();
                           continue;
                         }
                         ASSIGN_OR_RETURN(const RE2* re, cache.Get(pat));
                         re2::StringPiece text(s.data(), s.size());
                         size_t start = 0, search = 0;
                         int64_t parts = 0;
                         re2::StringPiece m;
                         while (search <= s.size() && (limit <= 0 || parts < limit - 1) &&
                                re->Match(text, search, text.size(), RE2::UNANCHORED, &m, 1)) {
                           size_t ms = m.data() - s.data();
                           size_t me = ms + m.size();
                           if (m.size() == 0) {
                             // Zero-width match: Java never yields a leading empty piece for it.
                             if (ms >= s.size()) break;
                             if (ms == 0) { search = 1; continue; }
                           }
                           child.AppendString(s.substr(start, ms - start));
                           ++parts;
                           start = me;
                           search = m.size() == 0 ? me + 1 : me;
                         }
                         child.AppendString(s.substr(start));
                         b.AppendListEnd();
                       }
                       return b.Finish();
                     });
  });
}

}  // namespace kindred::sql
