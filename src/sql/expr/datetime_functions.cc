// Date and time functions (session time zone UTC). Patterns follow Java's DateTimeFormatter
// letters that Spark documents: y M d D H h m s S a E, with 'quoted' literals.
#include <chrono>
#include <cmath>

#include "columnar/format_value.h"
#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerDay = 86400 * kMicrosPerSecond;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

struct Civil {
  int64_t year;
  unsigned month, day;
  int hour, minute, second;
  int micros;
  int64_t days;  // since epoch
};

Civil ToCivil(int64_t micros) {
  Civil c;
  c.days = FloorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - c.days * kMicrosPerDay;
  CivilFromDays(c.days, &c.year, &c.month, &c.day);
  c.hour = static_cast<int>(rem / (3600 * kMicrosPerSecond));
  c.minute = static_cast<int>(rem / (60 * kMicrosPerSecond) % 60);
  c.second = static_cast<int>(rem / kMicrosPerSecond % 60);
  c.micros = static_cast<int>(rem % kMicrosPerSecond);
  return c;
}

int DayOfWeekIso(int64_t days) {  // 1 = Monday ... 7 = Sunday
  int64_t w = (days + 3) % 7;  // 1970-01-01 was a Thursday
  if (w < 0) w += 7;
  return static_cast<int>(w) + 1;
}

int DayOfYear(const Civil& c) {
  return static_cast<int>(c.days - DaysFromCivil(c.year, 1, 1)) + 1;
}

int IsoWeek(int64_t days) {
  int dow = DayOfWeekIso(days);
  int64_t thursday = days - dow + 4;
  int64_t y;
  unsigned m, d;
  CivilFromDays(thursday, &y, &m, &d);
  return static_cast<int>((thursday - DaysFromCivil(y, 1, 1)) / 7) + 1;
}

const char* kMonths[] = {"January", "February", "March",     "April",   "May",      "June",
                         "July",    "August",   "September", "October", "November", "December"};
const char* kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

void AppendNum(int64_t v, int width, std::string* out) {
  std::string s = std::to_string(v < 0 ? -v : v);
  if (v < 0) out->push_back('-');
  for (int i = static_cast<int>(s.size()); i < width; ++i) out->push_back('0');
  out->append(s);
}

std::string FormatWithPattern(int64_t micros, std::string_view p) {
  Civil c = ToCivil(micros);
  std::string out;
  for (size_t i = 0; i < p.size();) {
    char ch = p[i];
    if (ch == '\'') {
      size_t j = p.find('\'', i + 1);
      if (j == i + 1) {
        out += '\'';
        i += 2;
        continue;
      }
      if (j == std::string_view::npos) j = p.size();
      out.append(p.substr(i + 1, j - i - 1));
      i = j + 1;
      continue;
    }
    if (!isalpha(static_cast<unsigned char>(ch))) {
      out += ch;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < p.size() && p[j] == ch) ++j;
    int n = static_cast<int>(j - i);
    i = j;
    switch (ch) {
      case 'y':
      case 'u':
        if (n == 2) AppendNum(((c.year % 100) + 100) % 100, 2, &out);
        else AppendNum(c.year, n, &out);
        break;
      case 'M':
      case 'L':
        if (n >= 4) out += kMonths[c.month - 1];
        else if (n == 3) out += std::string(kMonths[c.month - 1]).substr(0, 3);
        else AppendNum(c.month, n, &out);
        break;
      case 'd': AppendNum(c.day, n, &out); break;
      case 'D': AppendNum(DayOfYear(c), n, &out); break;
      case 'H': AppendNum(c.hour, n, &out); break;
      case 'k': AppendNum(c.hour == 0 ? 24 : c.hour, n, &out); break;
      case 'h': AppendNum(c.hour % 12 == 0 ? 12 : c.hour % 12, n, &out); break;
      case 'K': AppendNum(c.hour % 12, n, &out); break;
      case 'm': AppendNum(c.minute, n, &out); break;
      case 's': AppendNum(c.second, n, &out); break;
      case 'S': {
        std::string frac;
        AppendNum(c.micros, 6, &frac);
        while (static_cast<int>(frac.size()) < n) frac += '0';
        out += frac.substr(0, n);
        break;
      }
      case 'a': out += c.hour < 12 ? "AM" : "PM"; break;
      case 'E': {
        std::string d = kDays[DayOfWeekIso(c.days) - 1];
        out += n >= 4 ? d : d.substr(0, 3);
        break;
      }
      case 'Q':
      case 'q': AppendNum((c.month - 1) / 3 + 1, n, &out); break;
      case 'w': AppendNum(IsoWeek(c.days), n, &out); break;
      case 'X':
      case 'x':
      case 'Z': out += n >= 3 || ch == 'Z' ? "+0000" : "Z"; break;
      case 'V':
      case 'z': out += "UTC"; break;
      default: out.append(static_cast<size_t>(n), ch);
    }
  }
  return out;
}

// Parses `s` with pattern `p`; false when it does not match.
bool ParseWithPattern(std::string_view s, std::string_view p, int64_t* micros) {
  int64_t year = 1970;
  int month = 1, day = 1, hour = 0, minute = 0, second = 0, frac = 0;
  bool pm = false, has_ampm = false;
  size_t si = 0;
  auto read_num = [&](int min_digits, int max_digits, int64_t* out) {
    size_t st = si;
    bool neg = false;
    if (si < s.size() && (s[si] == '-' || s[si] == '+') && max_digits > 4) neg = s[si++] == '-';
    int64_t v = 0;
    while (si < s.size() && isdigit(static_cast<unsigned char>(s[si])) &&
           static_cast<int>(si - st) < max_digits)
      v = v * 10 + (s[si++] - '0');
    if (static_cast<int>(si - st) < min_digits) return false;
    *out = neg ? -v : v;
    return true;
  };
  for (size_t i = 0; i < p.size();) {
    char ch = p[i];
    if (ch == '\'') {
      size_t j = p.find('\'', i + 1);
      if (j == std::string_view::npos) j = p.size();
      std::string_view lit = j == i + 1 ? std::string_view("'") : p.substr(i + 1, j - i - 1);
      if (s.substr(si, lit.size()) != lit) return false;
      si += lit.size();
      i = j + 1;
      continue;
    }
    if (!isalpha(static_cast<unsigned char>(ch))) {
      if (si >= s.size() || s[si] != ch) return false;
      ++si;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < p.size() && p[j] == ch) ++j;
    int n = static_cast<int>(j - i);
    i = j;
    // A field followed directly by another letter field uses its exact width.
    bool adjacent = i < p.size() && isalpha(static_cast<unsigned char>(p[i]));
    int maxw = adjacent ? n : 9;
    int64_t v = 0;
    switch (ch) {
      case 'y':
      case 'u':
        if (!read_num(n == 2 ? 2 : 1, n == 2 ? 2 : (adjacent ? n : 9), &v)) return false;
        year = n == 2 ? 2000 + v : v;
        break;
      case 'M':
      case 'L':
        if (n >= 3) {
          bool found = false;
          for (int k = 0; k < 12 && !found; ++k) {
            std::string name = n == 3 ? std::string(kMonths[k]).substr(0, 3) : kMonths[k];
            if (EqualsIgnoreCase(s.substr(si, name.size()), name)) {
              month = k + 1;
              si += name.size();
              found = true;
            }
          }
          if (!found) return false;
        } else {
          if (!read_num(n, std::max(2, adjacent ? n : 2), &v)) return false;
          month = static_cast<int>(v);
        }
        break;
      case 'd':
        if (!read_num(n, std::max(2, adjacent ? n : 2), &v)) return false;
        day = static_cast<int>(v);
        break;
      case 'H':
      case 'h':
      case 'k':
      case 'K':
        if (!read_num(n, std::max(2, adjacent ? n : 2), &v)) return false;
        hour = static_cast<int>(v);
        break;
      case 'm':
        if (!read_num(n, std::max(2, adjacent ? n : 2), &v)) return false;
        minute = static_cast<int>(v);
        break;
      case 's':
        if (!read_num(n, std::max(2, adjacent ? n : 2), &v)) return false;
        second = static_cast<int>(v);
        break;
      case 'S': {
        size_t st = si;
        if (!read_num(1, std::min(maxw, 9), &v)) return false;
        int digits = static_cast<int>(si - st);
        while (digits < 6) { v *= 10; ++digits; }
        while (digits > 6) { v /= 10; --digits; }
        frac = static_cast<int>(v);
        break;
      }
      case 'a':
        if (EqualsIgnoreCase(s.substr(si, 2), "PM")) pm = true;
        else if (!EqualsIgnoreCase(s.substr(si, 2), "AM")) return false;
        has_ampm = true;
        si += 2;
        break;
      case 'E': {
        bool found = false;
        for (int k = 0; k < 7 && !found; ++k) {
          std::string name = n >= 4 ? kDays[k] : std::string(kDays[k]).substr(0, 3);
          if (EqualsIgnoreCase(s.substr(si, name.size()), name)) {
            si += name.size();
            found = true;
          }
        }
        if (!found) return false;
        break;
      }
      case 'X':
      case 'x':
      case 'Z':
      case 'z':
      case 'V':
        // Only UTC offsets are understood; skip "Z", "+00:00", "UTC".
        if (si < s.size() && (s[si] == 'Z')) ++si;
        else if (s.substr(si, 3) == "UTC") si += 3;
        else if (si < s.size() && (s[si] == '+' || s[si] == '-')) {
          while (si < s.size() && (isdigit(static_cast<unsigned char>(s[si])) || s[si] == ':' || s[si] == '+' || s[si] == '-')) ++si;
        }
        break;
      default: return false;
    }
  }
  if (si != s.size()) return false;
  if (has_ampm) {
    if (hour == 12) hour = 0;
    if (pm) hour += 12;
  }
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return false;
  static const int kMonthDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (day > kMonthDays[month - 1] || (month == 2 && day == 29 && !leap)) return false;
  int64_t days = DaysFromCivil(year, month, day);
  *micros = days * kMicrosPerDay + (hour * 3600LL + minute * 60LL + second) * kMicrosPerSecond + frac;
  return true;
}

int64_t NowMicros(const EvalContext& ctx) {
  if (ctx.now_micros) return ctx.now_micros;
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// A date/timestamp argument: strings and dates become timestamps.
Result<BoundPtr> AsTimestamp(const BoundPtr& a, int idx, const std::string& sql) {
  return ImplicitCast(a, DataType::Timestamp(), idx, sql);
}
Result<BoundPtr> AsDate(const BoundPtr& a, int idx, const std::string& sql) {
  return ImplicitCast(a, DataType::Date32(), idx, sql);
}

template <typename Out, typename F>
KernelFn TsField(F f) {
  return [f](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
             const EvalContext&) -> Result<ColumnPtr> {
    return UnaryFixedKernel<int64_t, Out>(call.type, *a[0], n,
                                          [f](int64_t us, bool*) { return static_cast<Out>(f(us)); });
  };
}

template <typename F>
KernelFn DateField(F f) {
  return [f](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
             const EvalContext&) -> Result<ColumnPtr> {
    return UnaryFixedKernel<int32_t, int32_t>(call.type, *a[0], n, [f](int32_t d, bool*) {
      return static_cast<int32_t>(f(ToCivil(int64_t{d} * kMicrosPerDay)));
    });
  };
}

void DefDatePart(FunctionRegistry& r, const std::string& name, int (*f)(const Civil&)) {
  r.Add(name, [f](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, AsDate(args[0], 0, sql));
    return BoundCall(called, sql, DataType::Int32(), a->nullable, {a}, DateField(f));
  });
}

void DefTimePart(FunctionRegistry& r, const std::string& name, int (*f)(const Civil&)) {
  r.Add(name, [f](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr a, AsTimestamp(args[0], 0, sql));
    return BoundCall(called, sql, DataType::Int32(), a->nullable, {a},
                     TsField<int32_t>([f](int64_t us) { return f(ToCivil(us)); }));
  });
}

// Parses strings with an optional pattern (args[1]) into timestamps (micros).
ColumnPtr ParseColumn(const std::vector<ColumnPtr>& a, int64_t n, const DataType& out_type,
                      bool to_date) {
  ColumnBuilder b(out_type, n);
  for (int64_t i = 0; i < n; ++i) {
    if (a[0]->IsNull(i) || (a.size() > 1 && a[1]->IsNull(i))) {
      b.AppendNull();
      continue;
    }
    int64_t us = 0;
    bool ok;
    if (a[0]->type().id == TypeId::kTimestamp) {
      us = a[0]->values<int64_t>()[i];
      ok = true;
    } else if (a[0]->type().id == TypeId::kDate32) {
      us = int64_t{a[0]->values<int32_t>()[i]} * kMicrosPerDay;
      ok = true;
    } else if (a.size() > 1) {
      ok = ParseWithPattern(Trim(a[0]->GetString(i)), a[1]->GetString(i), &us);
    } else {
      std::string_view s = Trim(a[0]->GetString(i));
      int32_t d;
      ok = ParseTimestamp(s, &us);
      if (!ok && ParseDate(s, &d)) {
        us = int64_t{d} * kMicrosPerDay;
        ok = true;
      }
    }
    if (!ok) b.AppendNull();
    else if (to_date) b.AppendInt(FloorDiv(us, kMicrosPerDay));
    else b.AppendInt(us);
  }
  return b.Finish();
}

Result<BoundPtr> ResolveParse(bool to_date, const std::string& called, std::vector<BoundPtr> args) {
  RETURN_IF_ERROR(CheckArity(called, args, 1, 2));
  std::string sql = CallSql(called, args);
  std::vector<BoundPtr> cast;
  if (args[0]->type.id == TypeId::kDate32 || args[0]->type.id == TypeId::kTimestamp) {
    cast.push_back(args[0]);
  } else {
    ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[0], DataType::String(), 0, sql));
    cast.push_back(s);
  }
  if (args.size() > 1) {
    ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[1], DataType::String(), 1, sql));
    cast.push_back(f);
  }
  DataType t = to_date ? DataType::Date32() : DataType::Timestamp();
  return BoundCall(called, sql, t, true, cast,
                   [to_date](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                             const EvalContext&) -> Result<ColumnPtr> {
                     return ParseColumn(a, n, call.type, to_date);
                   });
}

int MonthsOf(int64_t y, unsigned m) { return static_cast<int>(y * 12 + m - 1); }

int32_t AddMonths(int32_t days, int64_t months) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  int64_t total = y * 12 + (m - 1) + months;
  int64_t ny = FloorDiv(total, 12);
  unsigned nm = static_cast<unsigned>(total - ny * 12) + 1;
  static const unsigned kMonthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (ny % 4 == 0 && ny % 100 != 0) || ny % 400 == 0;
  unsigned last = kMonthDays[nm - 1] + (nm == 2 && leap ? 1 : 0);
  return static_cast<int32_t>(DaysFromCivil(ny, nm, std::min(d, last)));
}

}  // namespace

void RegisterDatetimeFunctions(FunctionRegistry& r) {
  for (const char* name : {"current_date", "curdate"}) {
    r.Add(name, [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 0, 0));
      return BoundCall(called, called + "()", DataType::Date32(), false, {},
                       [](const BoundExpr& call, const std::vector<ColumnPtr>&, int64_t n,
                          const EvalContext& ctx) -> Result<ColumnPtr> {
                         return ConstantColumn(Value::Date(static_cast<int32_t>(FloorDiv(NowMicros(ctx), kMicrosPerDay))), n);
                       });
    });
  }
  for (const char* name : {"current_timestamp", "now", "localtimestamp"}) {
    r.Add(name, [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 0, 0));
      return BoundCall(called, called + "()", DataType::Timestamp(), false, {},
                       [](const BoundExpr& call, const std::vector<ColumnPtr>&, int64_t n,
                          const EvalContext& ctx) -> Result<ColumnPtr> {
                         return ConstantColumn(Value::Timestamp(NowMicros(ctx)), n);
                       });
    });
  }
  r.Add("to_date", [](const std::string& c, std::vector<BoundPtr> a) { return ResolveParse(true, c, std::move(a)); });
  r.Add("to_timestamp", [](const std::string& c, std::vector<BoundPtr> a) { return ResolveParse(false, c, std::move(a)); });

  for (bool add : {true, false}) {
    r.Add(add ? "date_add" : "date_sub", [add](const std::string& called,
                                                std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
      std::string sql = CallSql(called, args);
      ASSIGN_OR_RETURN(BoundPtr d, AsDate(args[0], 0, sql));
      ASSIGN_OR_RETURN(BoundPtr k, ImplicitCast(args[1], DataType::Int32(), 1, sql));
      return BoundCall(called, sql, DataType::Date32(), d->nullable || k->nullable, {d, k},
                       [add](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                             const EvalContext&) -> Result<ColumnPtr> {
                         return BinaryFixedKernel<int32_t, int32_t>(call.type, *a[0], *a[1], n,
                                                                    [add](int32_t x, int32_t y, bool*) {
                                                                      return add ? x + y : x - y;
                                                                    });
                       });
    });
  }
  r.Add("datediff", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr x, AsDate(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr y, AsDate(args[1], 1, sql));
    return BoundCall(called, sql, DataType::Int32(), x->nullable || y->nullable, {x, y},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<int32_t, int32_t>(call.type, *a[0], *a[1], n,
                                                                  [](int32_t p, int32_t q, bool*) { return p - q; });
                     });
  });
  r.Add("add_months", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr x, AsDate(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr k, ImplicitCast(args[1], DataType::Int32(), 1, sql));
    return BoundCall(called, sql, DataType::Date32(), x->nullable || k->nullable, {x, k},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<int32_t, int32_t>(call.type, *a[0], *a[1], n,
                                                                  [](int32_t d, int32_t m, bool*) { return AddMonths(d, m); });
                     });
  });
  r.Add("last_day", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr x, AsDate(args[0], 0, sql));
    return BoundCall(called, sql, DataType::Date32(), x->nullable, {x},
                     [](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return UnaryFixedKernel<int32_t, int32_t>(call.type, *a[0], n, [](int32_t d, bool*) {
                         int64_t y;
                         unsigned m, dd;
                         CivilFromDays(d, &y, &m, &dd);
                         return AddMonths(static_cast<int32_t>(DaysFromCivil(y, m, 1)), 1) - 1;
                       });
                     });
  });
  r.Add("months_between", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 3));
    if (args.size() == 2) args.push_back(BoundLiteral(Value::Bool(true)));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr x, AsTimestamp(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr y, AsTimestamp(args[1], 1, sql));
    bool round_off = args[2]->kind != BoundKind::kLiteral || args[2]->value.is_null() || args[2]->value.as_bool();
    return BoundCall(called, sql, DataType::Float64(), x->nullable || y->nullable, {x, y},
                     [round_off](const BoundExpr& call, const std::vector<ColumnPtr>& a, int64_t n,
                                 const EvalContext&) -> Result<ColumnPtr> {
                       return BinaryFixedKernel<int64_t, double>(call.type, *a[0], *a[1], n, [round_off](int64_t p, int64_t q, bool*) {
                         Civil c1 = ToCivil(p), c2 = ToCivil(q);
                         auto last_day = [](const Civil& c) {
                           return AddMonths(static_cast<int32_t>(DaysFromCivil(c.year, c.month, 1)), 1) - 1 ==
                                  static_cast<int32_t>(c.days);
                         };
                         double months = MonthsOf(c1.year, c1.month) - MonthsOf(c2.year, c2.month);
                         if (c1.day == c2.day || (last_day(c1) && last_day(c2))) return months;
                         int64_t t1 = p - (c1.days - c1.day + 1) * kMicrosPerDay;
                         int64_t t2 = q - (c2.days - c2.day + 1) * kMicrosPerDay;
                         double diff = months + static_cast<double>(t1 - t2) / (31.0 * kMicrosPerDay);
                         return round_off ? std::round(diff * 1e8) / 1e8 : diff;
                       });
                     });
  });

  DefDatePart(r, "year", [](const Civil& c) { return static_cast<int>(c.year); });
  DefDatePart(r, "month", [](const Civil& c) { return static_cast<int>(c.month); });
  DefDatePart(r, "quarter", [](const Civil& c) { return static_cast<int>((c.month - 1) / 3 + 1); });
  DefDatePart(r, "dayofmonth", [](const Civil& c) { return static_cast<int>(c.day); });
  DefDatePart(r, "day", [](const Civil& c) { return static_cast<int>(c.day); });
  DefDatePart(r, "dayofyear", [](const Civil& c) { return DayOfYear(c); });
  DefDatePart(r, "dayofweek", [](const Civil& c) { return DayOfWeekIso(c.days) % 7 + 1; });
  DefDatePart(r, "weekday", [](const Civil& c) { return DayOfWeekIso(c.days) - 1; });
  DefDatePart(r, "weekofyear", [](const Civil& c) { return IsoWeek(c.days); });
  DefTimePart(r, "hour", [](const Civil& c) { return c.hour; });
  DefTimePart(r, "minute", [](const Civil& c) { return c.minute; });
  DefTimePart(r, "second", [](const Civil& c) { return c.second; });

  r.Add("date_format", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr t, AsTimestamp(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[1], DataType::String(), 1, sql));
    return BoundCall(called, sql, DataType::String(), t->nullable || f->nullable, {t, f},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return StringRowKernel(DataType::String(), a, n, [&](int64_t i, ColumnBuilder& b) {
                         b.AppendString(FormatWithPattern(a[0]->values<int64_t>()[i], a[1]->GetString(i)));
                       });
                     });
  });
  r.Add("from_unixtime", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 2));
    if (args.size() == 1) args.push_back(BoundLiteral(Value::String("yyyy-MM-dd HH:mm:ss")));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr t, ImplicitCast(args[0], DataType::Int64(), 0, sql));
    ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[1], DataType::String(), 1, sql));
    return BoundCall(called, sql, DataType::String(), t->nullable || f->nullable, {t, f},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return StringRowKernel(DataType::String(), a, n, [&](int64_t i, ColumnBuilder& b) {
                         b.AppendString(FormatWithPattern(a[0]->values<int64_t>()[i] * kMicrosPerSecond, a[1]->GetString(i)));
                       });
                     });
  });
  for (const char* name : {"unix_timestamp", "to_unix_timestamp"}) {
    r.Add(name, [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
      RETURN_IF_ERROR(CheckArity(called, args, 0, 2));
      if (args.empty()) {
        return BoundCall(called, "unix_timestamp(current_timestamp(), yyyy-MM-dd HH:mm:ss)",
                         DataType::Int64(), false, {},
                         [](const BoundExpr&, const std::vector<ColumnPtr>&, int64_t n,
                            const EvalContext& ctx) -> Result<ColumnPtr> {
                           return ConstantColumn(Value::Int64(FloorDiv(NowMicros(ctx), kMicrosPerSecond)), n);
                         });
      }
      if (args.size() == 1) args.push_back(BoundLiteral(Value::String("yyyy-MM-dd HH:mm:ss")));
      std::string sql = CallSql(called, args);
      std::vector<BoundPtr> cast;
      if (args[0]->type.id == TypeId::kDate32 || args[0]->type.id == TypeId::kTimestamp) {
        cast.push_back(args[0]);
      } else {
        ASSIGN_OR_RETURN(BoundPtr s, ImplicitCast(args[0], DataType::String(), 0, sql));
        cast.push_back(s);
      }
      ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[1], DataType::String(), 1, sql));
      cast.push_back(f);
      return BoundCall(called, sql, DataType::Int64(), true, cast,
                       [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                          const EvalContext&) -> Result<ColumnPtr> {
                         ColumnPtr ts = ParseColumn(a, n, DataType::Timestamp(), false);
                         return UnaryFixedKernel<int64_t, int64_t>(DataType::Int64(), *ts, n, [](int64_t us, bool*) {
                           return FloorDiv(us, kMicrosPerSecond);
                         });
                       });
    });
  }
  r.Add("date_trunc", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[0], DataType::String(), 0, sql));
    ASSIGN_OR_RETURN(BoundPtr t, AsTimestamp(args[1], 1, sql));
    return BoundCall(called, sql, DataType::Timestamp(), true, {f, t},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(DataType::Timestamp(), n);
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i) || a[1]->IsNull(i)) { b.AppendNull(); continue; }
                         std::string unit = ToLower(a[0]->GetString(i));
                         int64_t us = a[1]->values<int64_t>()[i];
                         Civil c = ToCivil(us);
                         int64_t day = c.days * kMicrosPerDay;
                         if (unit == "year" || unit == "yyyy" || unit == "yy") b.AppendInt(DaysFromCivil(c.year, 1, 1) * kMicrosPerDay);
                         else if (unit == "quarter") b.AppendInt(DaysFromCivil(c.year, (c.month - 1) / 3 * 3 + 1, 1) * kMicrosPerDay);
                         else if (unit == "month" || unit == "mon" || unit == "mm") b.AppendInt(DaysFromCivil(c.year, c.month, 1) * kMicrosPerDay);
                         else if (unit == "week") b.AppendInt((c.days - (DayOfWeekIso(c.days) - 1)) * kMicrosPerDay);
                         else if (unit == "day" || unit == "dd") b.AppendInt(day);
                         else if (unit == "hour") b.AppendInt(day + c.hour * 3600 * kMicrosPerSecond);
                         else if (unit == "minute") b.AppendInt(day + (c.hour * 60 + c.minute) * 60 * kMicrosPerSecond);
                         else if (unit == "second") b.AppendInt(FloorDiv(us, kMicrosPerSecond) * kMicrosPerSecond);
                         else if (unit == "millisecond") b.AppendInt(FloorDiv(us, 1000) * 1000);
                         else if (unit == "microsecond") b.AppendInt(us);
                         else b.AppendNull();
                       }
                       return b.Finish();
                     });
  });
  r.Add("trunc", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    ASSIGN_OR_RETURN(BoundPtr d, AsDate(args[0], 0, sql));
    ASSIGN_OR_RETURN(BoundPtr f, ImplicitCast(args[1], DataType::String(), 1, sql));
    return BoundCall(called, sql, DataType::Date32(), true, {d, f},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       ColumnBuilder b(DataType::Date32(), n);
                       for (int64_t i = 0; i < n; ++i) {
                         if (a[0]->IsNull(i) || a[1]->IsNull(i)) { b.AppendNull(); continue; }
                         std::string unit = ToLower(a[1]->GetString(i));
                         int32_t days = a[0]->values<int32_t>()[i];
                         int64_t y;
                         unsigned m, dd;
                         CivilFromDays(days, &y, &m, &dd);
                         if (unit == "year" || unit == "yyyy" || unit == "yy") b.AppendInt(DaysFromCivil(y, 1, 1));
                         else if (unit == "month" || unit == "mon" || unit == "mm") b.AppendInt(DaysFromCivil(y, m, 1));
                         else if (unit == "quarter") b.AppendInt(DaysFromCivil(y, (m - 1) / 3 * 3 + 1, 1));
                         else if (unit == "week") b.AppendInt(days - (DayOfWeekIso(days) - 1));
                         else b.AppendNull();
                       }
                       return b.Finish();
                     });
  });
}

}  // namespace kindred::sql
