// The fast paths of the projection kernels (cast of integers to string, concat with inline
// copies and literal arguments, arithmetic with literal operands and integer operands widened
// on the fly) against straightforward reference results, on the shapes that break such code:
// nulls in any argument, strings of lengths around the copy widths, a last row that ends
// exactly at its buffer's end, offsets that do not start at 0, extreme integers.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sql/engine.h"
#include "sql/expr/bound_expr.h"
#include "sql/expr/function_registry.h"

namespace kindred::sql {
namespace {

using OptString = std::optional<std::string>;

// A string column from values (nullopt = null). With `base` > 0 the offsets start at `base`
// (bytes before it are filler), as in a column that shares a larger buffer. The values buffer
// ends exactly at the last row's end, so any read past it is a read past the allocation.
ColumnPtr StringColumn(const std::vector<OptString>& rows, int32_t base = 0) {
  const int64_t n = static_cast<int64_t>(rows.size());
  std::string bytes(static_cast<size_t>(base), '#');
  Buffer offsets((n + 1) * sizeof(int32_t));
  int32_t* o = reinterpret_cast<int32_t*>(offsets.data());
  Buffer validity;
  bool any_null = false;
  for (const auto& r : rows) any_null |= !r.has_value();
  if (any_null) validity.assign((n + 7) / 8, 0xFF);
  o[0] = base;
  for (int64_t i = 0; i < n; ++i) {
    if (rows[i]) bytes += *rows[i];
    else ClearBit(validity.data(), i);
    o[i + 1] = static_cast<int32_t>(bytes.size());
  }
  Buffer values(bytes.begin(), bytes.end());
  return Column::FromBuffers(DataType::String(), n, std::move(validity), std::move(values),
                             std::move(offsets));
}

template <typename T>
ColumnPtr FixedColumn(const DataType& type, const std::vector<std::optional<T>>& rows) {
  const int64_t n = static_cast<int64_t>(rows.size());
  Buffer values(n * sizeof(T));
  Buffer validity;
  bool any_null = false;
  for (const auto& r : rows) any_null |= !r.has_value();
  if (any_null) validity.assign((n + 7) / 8, 0xFF);
  T* v = reinterpret_cast<T*>(values.data());
  for (int64_t i = 0; i < n; ++i) {
    // Null rows hold arbitrary values, as kernels may leave them.
    v[i] = rows[i] ? *rows[i] : static_cast<T>(0x5A5A5A5A5A5A5A5AULL);
    if (!rows[i]) ClearBit(validity.data(), i);
  }
  return Column::FromBuffers(type, n, std::move(validity), std::move(values));
}

std::vector<OptString> Strings(const Column& c) {
  std::vector<OptString> out;
  for (int64_t i = 0; i < c.length(); ++i) {
    if (c.IsNull(i)) out.push_back(std::nullopt);
    else out.push_back(std::string(c.GetString(i)));
  }
  return out;
}

// Checks the Arrow layout of a kernel's string output: offsets from 0, non-decreasing, the
// values buffer exactly as long as the last offset.
void ExpectWellFormed(const Column& c) {
  const int32_t* o = c.offsets();
  ASSERT_EQ(o[0], 0);
  for (int64_t i = 0; i < c.length(); ++i) ASSERT_LE(o[i], o[i + 1]);
  EXPECT_EQ(static_cast<size_t>(o[c.length()]), c.values_buffer().size());
}

// Evaluates `fn(args)` over `batch`, where args refer to its columns or are literals.
ColumnPtr EvalCall(const std::string& fn, std::vector<BoundPtr> args, const TablePtr& batch) {
  auto bound = ResolveScalarFunction(fn, std::move(args));
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  if (!bound.ok()) return nullptr;
  EvalContext ctx;
  auto col = Evaluate(**bound, *batch, ctx);
  EXPECT_TRUE(col.ok()) << col.status().ToString();
  return col.ok() ? *col : nullptr;
}

TablePtr Batch(std::vector<ColumnPtr> cols) {
  std::vector<Field> fields;
  for (size_t i = 0; i < cols.size(); ++i)
    fields.push_back({"c" + std::to_string(i), cols[i]->type(), true});
  return Table::Make(Schema(fields), std::move(cols));
}

BoundPtr ColumnArg(const TablePtr& t, int i) {
  return BoundColumn(i, t->column(i)->type(), true, "c" + std::to_string(i));
}

// ---- cast(integer as string) ----

template <typename T>
void CheckIntegerCast(const DataType& type, const std::vector<std::optional<T>>& rows) {
  ColumnPtr in = FixedColumn<T>(type, rows);
  auto out = CastColumn(in, DataType::String());
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectWellFormed(**out);
  std::vector<OptString> expected;
  for (const auto& r : rows) {
    if (r) expected.push_back(std::to_string(static_cast<int64_t>(*r)));
    else expected.push_back(std::nullopt);
  }
  EXPECT_EQ(Strings(**out), expected);
}

TEST(KernelsFastPathTest, CastInt64ToStringEveryLengthAndSign) {
  std::vector<std::optional<int64_t>> rows = {0, 1, -1, 9, 10, -10, 99, 100};
  // Every power of ten and its neighbours, both signs: every text length from 1 to 20.
  for (int64_t p = 10; p <= std::numeric_limits<int64_t>::max() / 10; p *= 10) {
    for (int64_t v : {p - 1, p, p + 1}) {
      rows.push_back(v);
      rows.push_back(-v);
    }
  }
  rows.push_back(1000000000000000000LL);
  rows.push_back(std::numeric_limits<int64_t>::max());
  rows.push_back(std::numeric_limits<int64_t>::min());
  rows.push_back(std::numeric_limits<int64_t>::min() + 1);
  rows.push_back(12345678);
  rows.push_back(123456789012345678LL);
  CheckIntegerCast<int64_t>(DataType::Int64(), rows);
}

TEST(KernelsFastPathTest, CastInt64ToStringWithNulls) {
  CheckIntegerCast<int64_t>(DataType::Int64(), {std::nullopt, 5, std::nullopt, -42, 0, std::nullopt});
  CheckIntegerCast<int64_t>(DataType::Int64(), {std::nullopt});
  CheckIntegerCast<int64_t>(DataType::Int64(), {});
  // The last row is the longest text: it ends exactly at the buffer's end.
  CheckIntegerCast<int64_t>(DataType::Int64(), {1, std::numeric_limits<int64_t>::min()});
  CheckIntegerCast<int64_t>(DataType::Int64(), {7});
}

TEST(KernelsFastPathTest, CastNarrowIntegersToString) {
  CheckIntegerCast<int32_t>(DataType::Int32(), {0, -1, std::numeric_limits<int32_t>::min(),
                                                std::numeric_limits<int32_t>::max(), std::nullopt,
                                                99999999, 100000000, -100000000});
  CheckIntegerCast<int16_t>(DataType::Int16(), {0, -32768, 32767, std::nullopt, 10});
  CheckIntegerCast<int8_t>(DataType::Int8(), {0, -128, 127, std::nullopt, -9});
}

TEST(KernelsFastPathTest, CastEveryValueBelowOneHundredThousand) {
  // The digit-splitting arithmetic on a whole range (the benchmark's id % 100000).
  std::vector<std::optional<int64_t>> rows;
  for (int64_t v = -100000; v <= 100000; ++v) rows.push_back(v);
  CheckIntegerCast<int64_t>(DataType::Int64(), rows);
}

TEST(KernelsFastPathTest, CastPseudoRandomIntegers) {
  std::vector<std::optional<int64_t>> rows;
  uint64_t x = 0x9E3779B97F4A7C15ULL;
  for (int i = 0; i < 20000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    // Vary the magnitude so every length appears.
    rows.push_back(static_cast<int64_t>(x >> (i % 64)));
  }
  CheckIntegerCast<int64_t>(DataType::Int64(), rows);
}

// ---- concat ----

// Strings of every length around the copy widths (0, 1, 7, 8, 9, 15, 16, 17 and long).
std::vector<OptString> Lengths() {
  std::vector<OptString> out;
  for (int len : {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 100}) {
    std::string s;
    for (int k = 0; k < len; ++k) s += static_cast<char>('a' + (len + k) % 26);
    out.push_back(s);
  }
  return out;
}

// The reference: Spark's concat, null when any argument is null.
std::vector<OptString> ConcatReference(const std::vector<std::vector<OptString>>& args,
                                       size_t rows) {
  std::vector<OptString> out;
  for (size_t i = 0; i < rows; ++i) {
    std::string s;
    bool null = false;
    for (const auto& a : args) {
      if (!a[i]) null = true;
      else s += *a[i];
    }
    out.push_back(null ? OptString() : OptString(s));
  }
  return out;
}

TEST(KernelsFastPathTest, ConcatColumnsOfEveryLength) {
  // Every pair of lengths, so each piece ends at every position relative to 16-byte moves;
  // the right column's last value is the long one and ends exactly at its buffer's end.
  std::vector<OptString> left, right;
  for (const auto& a : Lengths())
    for (const auto& b : Lengths()) {
      left.push_back(a);
      right.push_back(b);
    }
  for (int32_t base : {0, 3, 17}) {
    TablePtr t = Batch({StringColumn(left, base), StringColumn(right)});
    ColumnPtr out = EvalCall("concat", {ColumnArg(t, 0), ColumnArg(t, 1)}, t);
    ASSERT_NE(out, nullptr);
    ExpectWellFormed(*out);
    EXPECT_EQ(Strings(*out), ConcatReference({left, right}, left.size())) << "base " << base;
  }
}

TEST(KernelsFastPathTest, ConcatLiteralsOfEveryLength) {
  std::vector<OptString> col = Lengths();
  col.push_back(std::nullopt);
  col.push_back("x");
  TablePtr t = Batch({StringColumn(col, 5)});
  for (const auto& lit : Lengths()) {
    std::vector<OptString> lits(col.size(), lit);
    ColumnPtr out = EvalCall(
        "concat", {BoundLiteral(Value::String(*lit)), ColumnArg(t, 0), BoundLiteral(Value::String(*lit))}, t);
    ASSERT_NE(out, nullptr);
    ExpectWellFormed(*out);
    EXPECT_EQ(Strings(*out), ConcatReference({lits, col, lits}, col.size())) << "literal " << *lit;
  }
}

TEST(KernelsFastPathTest, ConcatOneValueAfterALiteralWithoutNulls) {
  // The single-piece loop: an optional literal prefix of any length (longer than 16 bytes
  // takes the general loop), then one string, bigint or int column without nulls.
  std::vector<OptString> strs;
  for (const auto& s : Lengths())
    if (s) strs.push_back(s);
  std::vector<std::optional<int64_t>> longs = {0, -1, 9, 10, -99999999, 100000000,
                                               std::numeric_limits<int64_t>::min(),
                                               std::numeric_limits<int64_t>::max()};
  std::vector<std::optional<int32_t>> ints = {0, -7, 99999999, std::numeric_limits<int32_t>::min(),
                                              std::numeric_limits<int32_t>::max()};
  auto as_text = [](const auto& rows) {
    std::vector<OptString> out;
    for (const auto& r : rows) out.push_back(std::to_string(*r));
    return out;
  };
  for (const std::string prefix : {"", "r", "id_", "0123456789abcdef", "0123456789abcdefg"}) {
    for (int kind = 0; kind < 3; ++kind) {
      TablePtr t = kind == 0   ? Batch({StringColumn(strs, 3)})
                   : kind == 1 ? Batch({FixedColumn<int64_t>(DataType::Int64(), longs)})
                               : Batch({FixedColumn<int32_t>(DataType::Int32(), ints)});
      std::vector<OptString> values = kind == 0 ? strs : kind == 1 ? as_text(longs) : as_text(ints);
      BoundPtr arg = ColumnArg(t, 0);
      if (kind > 0) arg = CastTo(arg, DataType::String(), false);
      std::vector<BoundPtr> args;
      if (!prefix.empty()) args.push_back(BoundLiteral(Value::String(prefix)));
      args.push_back(arg);
      auto bound = ResolveScalarFunction("concat", args);
      ASSERT_TRUE(bound.ok()) << bound.status().ToString();
      EvalContext ctx;
      auto out = Evaluate(**bound, *t, ctx);
      ASSERT_TRUE(out.ok()) << out.status().ToString();
      ExpectWellFormed(**out);
      std::vector<OptString> lits(values.size(), prefix);
      EXPECT_EQ(Strings(**out), ConcatReference({lits, values}, values.size()))
          << "prefix '" << prefix << "', kind " << kind;
    }
  }
}

TEST(KernelsFastPathTest, ConcatNullsInEveryArgument) {
  std::vector<OptString> a = {"a", std::nullopt, "ccc", "", std::nullopt, "ffffffffffffffffff"};
  std::vector<OptString> b = {std::nullopt, "b", "", "dd", std::nullopt, "g"};
  std::vector<OptString> c = {"1", "2", std::nullopt, "4", "5", "6666666666666666"};
  TablePtr t = Batch({StringColumn(a), StringColumn(b, 2), StringColumn(c)});
  ColumnPtr out = EvalCall("concat", {ColumnArg(t, 0), BoundLiteral(Value::String("-")),
                                      ColumnArg(t, 1), ColumnArg(t, 2)}, t);
  ASSERT_NE(out, nullptr);
  ExpectWellFormed(*out);
  std::vector<OptString> dash(a.size(), "-");
  EXPECT_EQ(Strings(*out), ConcatReference({a, dash, b, c}, a.size()));
  // A null literal makes every row null.
  out = EvalCall("concat", {ColumnArg(t, 2), BoundLiteral(Value::Null(DataType::String()))}, t);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->null_count(), out->length());
}

TEST(KernelsFastPathTest, ConcatOnlyLiteralsAndEmptyBatch) {
  TablePtr t = Batch({StringColumn({"x", std::nullopt, "y"})});
  ColumnPtr out = EvalCall("concat", {BoundLiteral(Value::String("ab")), BoundLiteral(Value::String(""))}, t);
  ASSERT_NE(out, nullptr);
  ExpectWellFormed(*out);
  EXPECT_EQ(Strings(*out), (std::vector<OptString>{"ab", "ab", "ab"}));
  TablePtr empty = Batch({StringColumn({})});
  out = EvalCall("concat", {BoundLiteral(Value::String("r")), ColumnArg(empty, 0)}, empty);
  ASSERT_NE(out, nullptr);
  EXPECT_EQ(out->length(), 0);
}

TEST(KernelsFastPathTest, ConcatFormatsIntegerCastsInPlace) {
  // concat('r', cast(v as string)) with v bigint or int: the cast is folded into the call.
  std::vector<std::optional<int64_t>> longs = {0, -1, 7, std::nullopt, 12345678, 123456789,
                                               std::numeric_limits<int64_t>::min(),
                                               std::numeric_limits<int64_t>::max()};
  std::vector<std::optional<int32_t>> ints = {std::numeric_limits<int32_t>::min(), 1, std::nullopt,
                                              -99999999, 100000000, 0, 42,
                                              std::numeric_limits<int32_t>::max()};
  std::vector<OptString> strs = {"", "s", "t", "u", std::nullopt, "0123456789abcdefg", "w", "xyz"};
  TablePtr t = Batch({FixedColumn<int64_t>(DataType::Int64(), longs),
                      FixedColumn<int32_t>(DataType::Int32(), ints), StringColumn(strs, 1)});
  auto as_text = [](const auto& rows) {
    std::vector<OptString> out;
    for (const auto& r : rows) out.push_back(r ? OptString(std::to_string(*r)) : OptString());
    return out;
  };
  auto bound = ResolveScalarFunction(
      "concat", {BoundLiteral(Value::String("r")), CastTo(ColumnArg(t, 0), DataType::String(), false),
                 ColumnArg(t, 2), CastTo(ColumnArg(t, 1), DataType::String(), false), ColumnArg(t, 0)});
  ASSERT_TRUE(bound.ok()) << bound.status().ToString();
  EXPECT_EQ((*bound)->sql, "concat(r, CAST(c0 AS STRING), c2, CAST(c1 AS STRING), c0)");
  for (const auto& a : (*bound)->args) EXPECT_NE(a->fn, "cast");
  EvalContext ctx;
  auto out = Evaluate(**bound, *t, ctx);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  ExpectWellFormed(**out);
  std::vector<OptString> r(longs.size(), "r");
  EXPECT_EQ(Strings(**out), ConcatReference({r, as_text(longs), strs, as_text(ints), as_text(longs)},
                                            longs.size()));
}

TEST(KernelsFastPathTest, ConcatOfRangeMatchesSeparateCast) {
  // The streaming benchmark's column through the whole engine, several batches long.
  PlanPtr p = Project(Range(-70000, 140000, 3),
                      {Alias(Call("concat", {Lit("r"), Cast(Call("%", {Col("id"), Lit(int64_t{100000})}),
                                                           DataType::String())}),
                             "s")});
  ExecContext ctx;
  auto t = ExecutePlan(p, ctx);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  const Column& s = *(*t)->column(0);
  ASSERT_EQ(s.length(), 70000);
  for (int64_t i = 0; i < s.length(); ++i) {
    const int64_t id = -70000 + 3 * i;
    ASSERT_EQ(s.GetString(i), "r" + std::to_string(id % 100000)) << i;
  }
}

// ---- arithmetic with literal operands and widened integer columns ----

BoundPtr Call2(const std::string& fn, BoundPtr a, BoundPtr b) {
  auto bound = ResolveScalarFunction(fn, {std::move(a), std::move(b)});
  EXPECT_TRUE(bound.ok()) << bound.status().ToString();
  return bound.ok() ? *bound : nullptr;
}

ColumnPtr EvalBound(const BoundPtr& e, const TablePtr& batch) {
  EvalContext ctx;
  auto col = Evaluate(*e, *batch, ctx);
  EXPECT_TRUE(col.ok()) << col.status().ToString();
  return col.ok() ? *col : nullptr;
}

const std::vector<std::optional<int64_t>>& Longs() {
  static const std::vector<std::optional<int64_t>> v = {
      0, 1, -1, 7, -7, 99999, 100000, 100001, -100000, -100001, 123456789012345LL, std::nullopt,
      (int64_t{1} << 53) + 1, -(int64_t{1} << 53) - 1, std::numeric_limits<int64_t>::max(),
      std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::min() + 1};
  return v;
}

TEST(KernelsFastPathTest, BigintTimesDoubleLiteralWidensInTheKernel) {
  TablePtr t = Batch({FixedColumn<int64_t>(DataType::Int64(), Longs())});
  for (bool literal_left : {false, true}) {
    BoundPtr lit = BoundLiteral(Value::Float64(0.5));
    BoundPtr e = literal_left ? Call2("*", lit, ColumnArg(t, 0)) : Call2("*", ColumnArg(t, 0), lit);
    ASSERT_NE(e, nullptr);
    EXPECT_EQ(e->type, DataType::Float64());
    EXPECT_EQ(e->sql, literal_left ? "(0.5 * c0)" : "(c0 * 0.5)");
    // The bigint operand is read by the kernel itself, not through a cast to double.
    EXPECT_EQ(e->args[literal_left ? 1 : 0]->type, DataType::Int64());
    ColumnPtr out = EvalBound(e, t);
    ASSERT_NE(out, nullptr);
    for (size_t i = 0; i < Longs().size(); ++i) {
      const auto& v = Longs()[i];
      ASSERT_EQ(out->IsNull(i), !v.has_value()) << i;
      if (v) {
        EXPECT_EQ(out->values<double>()[i], static_cast<double>(*v) * 0.5) << *v;
      }
    }
  }
}

TEST(KernelsFastPathTest, IntColumnWithDoubleLiteralEveryOperator) {
  std::vector<std::optional<int32_t>> ints = {0, 3, -3, std::nullopt, std::numeric_limits<int32_t>::min(),
                                              std::numeric_limits<int32_t>::max()};
  TablePtr t = Batch({FixedColumn<int32_t>(DataType::Int32(), ints)});
  for (const char* fn : {"+", "-", "*", "/", "%", "pmod"}) {
    for (double c : {2.5, -2.0, 0.0}) {
      BoundPtr e = Call2(fn, ColumnArg(t, 0), BoundLiteral(Value::Float64(c)));
      ASSERT_NE(e, nullptr);
      ColumnPtr fast = EvalBound(e, t);
      // The reference: the same operation on an explicitly cast double column.
      TablePtr d = Batch({*CastColumn(t->column(0), DataType::Float64()),
                          ConstantColumn(Value::Float64(c), t->num_rows())});
      ColumnPtr ref = EvalBound(Call2(fn, ColumnArg(d, 0), ColumnArg(d, 1)), d);
      ASSERT_NE(fast, nullptr);
      ASSERT_NE(ref, nullptr);
      for (int64_t i = 0; i < fast->length(); ++i) {
        ASSERT_EQ(fast->IsNull(i), ref->IsNull(i)) << fn << " " << c << " row " << i;
        if (fast->IsValid(i)) {
          double f = fast->values<double>()[i], r = ref->values<double>()[i];
          EXPECT_TRUE(f == r || (std::isnan(f) && std::isnan(r))) << fn << " " << c << " row " << i;
        }
      }
    }
  }
}

TEST(KernelsFastPathTest, BigintModuloLiteral) {
  TablePtr t = Batch({FixedColumn<int64_t>(DataType::Int64(), Longs())});
  for (int64_t d : {int64_t{100000}, int64_t{1}, int64_t{7}, int64_t{-7}, int64_t{-1}, int64_t{0},
                    std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min()}) {
    for (const char* fn : {"%", "pmod"}) {
      for (bool literal : {true, false}) {
        // The divisor as a literal, and as a column (the shared-divisor scan).
        TablePtr in = Batch({t->column(0), ConstantColumn(Value::Int64(d), t->num_rows())});
        BoundPtr e = Call2(fn, ColumnArg(in, 0),
                           literal ? BoundLiteral(Value::Int64(d)) : ColumnArg(in, 1));
        ASSERT_NE(e, nullptr);
        ColumnPtr out = EvalBound(e, in);
        ASSERT_NE(out, nullptr);
        for (size_t i = 0; i < Longs().size(); ++i) {
          const auto& v = Longs()[i];
          ASSERT_EQ(out->IsNull(i), !v.has_value() || d == 0) << fn << " " << d << " row " << i;
          if (!v || d == 0) continue;
          int64_t r = (d == -1) ? 0 : *v % d;
          if (std::string(fn) == "pmod" && r < 0) r = (d == -1) ? 0 : (r + d) % d;
          EXPECT_EQ(out->values<int64_t>()[i], r) << *v << " " << fn << " " << d;
        }
      }
    }
  }
}

TEST(KernelsFastPathTest, ModuloByInvariantDivisorOnManyValues) {
  // The reciprocal division against the hardware's, on values near multiples of the divisor.
  std::vector<std::optional<int64_t>> rows;
  uint64_t x = 88172645463325252ULL;
  for (int i = 0; i < 4000; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    rows.push_back(static_cast<int64_t>(x >> (i % 64)));
  }
  for (int64_t k = -3; k <= 3; ++k) rows.push_back(int64_t{100000} * 123457 + k);
  TablePtr t = Batch({FixedColumn<int64_t>(DataType::Int64(), rows)});
  for (int64_t d : {int64_t{3}, int64_t{100000}, int64_t{1000000007}, (int64_t{1} << 40) + 1}) {
    for (const char* fn : {"%", "pmod", "div"}) {
      BoundPtr e = Call2(fn, ColumnArg(t, 0), BoundLiteral(Value::Int64(d)));
      ASSERT_NE(e, nullptr);
      ColumnPtr out = EvalBound(e, t);
      ASSERT_NE(out, nullptr);
      for (size_t i = 0; i < rows.size(); ++i) {
        const int64_t v = *rows[i];
        int64_t expected = std::string(fn) == "div" ? v / d : v % d;
        if (std::string(fn) == "pmod" && expected < 0) expected += d;
        ASSERT_EQ(out->values<int64_t>()[i], expected) << fn << " " << v << " " << d;
      }
    }
  }
}

TEST(KernelsFastPathTest, BigintLiteralOperandsOnEitherSide) {
  // Integer operations with a literal read as one value: wrapping overflow, nulls kept.
  TablePtr t = Batch({FixedColumn<int64_t>(DataType::Int64(), Longs())});
  const int64_t c = 3;
  for (const char* fn : {"+", "-", "*"}) {
    for (bool literal_left : {false, true}) {
      BoundPtr lit = BoundLiteral(Value::Int64(c));
      BoundPtr e = literal_left ? Call2(fn, lit, ColumnArg(t, 0)) : Call2(fn, ColumnArg(t, 0), lit);
      ASSERT_NE(e, nullptr);
      ColumnPtr out = EvalBound(e, t);
      ASSERT_NE(out, nullptr);
      for (size_t i = 0; i < Longs().size(); ++i) {
        const auto& v = Longs()[i];
        ASSERT_EQ(out->IsNull(i), !v.has_value());
        if (!v) continue;
        const uint64_t x = static_cast<uint64_t>(literal_left ? c : *v);
        const uint64_t y = static_cast<uint64_t>(literal_left ? *v : c);
        const std::string f = fn;
        const uint64_t expected = f == "+" ? x + y : f == "-" ? x - y : x * y;
        EXPECT_EQ(out->values<int64_t>()[i], static_cast<int64_t>(expected)) << fn << " " << *v;
      }
    }
  }
}

}  // namespace
}  // namespace kindred::sql
