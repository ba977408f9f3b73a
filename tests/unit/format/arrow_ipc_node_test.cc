// Cross-checks the Arrow IPC writer and reader against Apache Arrow's JavaScript implementation
// (npm package apache-arrow, installed in tests/node by scripts/install-deps):
//  - Kindred writes streams of every supported type; tests/node/check_arrow.mjs decodes them and
//    reports types and values, which must equal what Kindred wrote;
//  - the same script writes streams with apache-arrow, which Kindred's reader must parse to the
//    values apache-arrow reports.
// Values are compared in a JSON normal form described at the top of check_arrow.mjs.
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "columnar/table.h"
#include "format/arrow_ipc/reader.h"
#include "format/arrow_ipc/writer.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kNodeDir = fs::path(KINDRED_SOURCE_DIR) / "tests" / "node";

std::string Int128ToString(__int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u =
      neg ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string s;
  while (u > 0) {
    s.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (neg) s.push_back('-');
  return std::string(s.rbegin(), s.rend());
}

json Number(double x) {
  if (std::isnan(x)) return "NaN";
  if (std::isinf(x)) return x > 0 ? "Infinity" : "-Infinity";
  return x;
}

// Value `i` of `c` in the normal form check_arrow.mjs uses.
json ValueJson(const Column& c, int64_t i) {
  if (c.IsNull(i)) return nullptr;
  switch (c.type().id) {
    case TypeId::kNull:
      return nullptr;
    case TypeId::kBool:
      return c.Value<uint8_t>(i) != 0;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kDate32:
      return c.GetInt64(i);
    case TypeId::kInt64:
    case TypeId::kTimestamp:
      return std::to_string(c.Value<int64_t>(i));
    case TypeId::kFloat32:
      return Number(c.Value<float>(i));
    case TypeId::kFloat64:
      return Number(c.Value<double>(i));
    case TypeId::kString:
      return std::string(c.GetString(i));
    case TypeId::kBinary: {
      static const char* kHex = "0123456789abcdef";
      std::string out;
      for (unsigned char ch : c.GetString(i)) {
        out.push_back(kHex[ch >> 4]);
        out.push_back(kHex[ch & 15]);
      }
      return out;
    }
    case TypeId::kDecimal128:
      return Int128ToString(c.Value<__int128>(i));
    case TypeId::kList: {
      json arr = json::array();
      const int32_t* o = c.offsets();
      for (int32_t k = o[i]; k < o[i + 1]; ++k) arr.push_back(ValueJson(*c.child(), k));
      return arr;
    }
  }
  return "?";
}

// The Arrow type string check_arrow.mjs prints for what the writer emits for `t`.
std::string ArrowTypeString(const DataType& t, const ArrowIpcWriteOptions& opt) {
  std::string large = opt.large_var_types ? "large_" : "";
  switch (t.id) {
    case TypeId::kNull:
      return "null";
    case TypeId::kBool:
      return "bool";
    case TypeId::kInt8:
      return "int8";
    case TypeId::kInt16:
      return "int16";
    case TypeId::kInt32:
      return "int32";
    case TypeId::kInt64:
      return "int64";
    case TypeId::kFloat32:
      return "float32";
    case TypeId::kFloat64:
      return "float64";
    case TypeId::kString:
      return large + "utf8";
    case TypeId::kBinary:
      return large + "binary";
    case TypeId::kDate32:
      return "date32[day]";
    case TypeId::kTimestamp:
      return opt.timezone.empty() ? "timestamp[us]" : "timestamp[us, " + opt.timezone + "]";
    case TypeId::kDecimal128:
      return StrCat("decimal128(", t.precision, ",", t.scale, ")");
    case TypeId::kList:
      return large + "list<element: " + ArrowTypeString(*t.element, opt) + ">";
  }
  return "?";
}

// Compares `table` with a description written by check_arrow.mjs (types compared separately).
void ExpectValues(const Table& table, const json& d, const std::string& what) {
  ASSERT_EQ(d["num_rows"].get<int64_t>(), table.num_rows()) << what;
  ASSERT_EQ(d["schema"].size(), static_cast<size_t>(table.num_columns())) << what;
  for (int c = 0; c < table.num_columns(); ++c) {
    const Field& f = table.schema().field(c);
    const json& jf = d["schema"][c];
    EXPECT_EQ(jf["name"].get<std::string>(), f.name) << what;
    EXPECT_EQ(jf["nullable"].get<bool>(), f.nullable) << what << " " << f.name;
    const json& col = d["columns"][c];
    ASSERT_EQ(col.size(), static_cast<size_t>(table.num_rows())) << what << " " << f.name;
    for (int64_t r = 0; r < table.num_rows(); ++r) {
      json mine = ValueJson(*table.column(c), r);
      ASSERT_EQ(col[r], mine) << what << " column " << f.name << " row " << r << ": apache-arrow "
                              << col[r].dump() << ", Kindred " << mine.dump();
    }
  }
}

Schema AllTypesSchema() {
  return Schema({{"b", DataType::Bool(), true},
                 {"i8", DataType::Int8(), true},
                 {"i16", DataType::Int16(), false},
                 {"i32", DataType::Int32(), true},
                 {"i64", DataType::Int64(), true},
                 {"f32", DataType::Float32(), true},
                 {"f64", DataType::Float64(), true},
                 {"s", DataType::String(), true},
                 {"bin", DataType::Binary(), true},
                 {"d", DataType::Date32(), true},
                 {"ts", DataType::Timestamp(), true},
                 {"dec", DataType::Decimal(20, 4), true},
                 {"ls", DataType::List(DataType::String()), true},
                 {"lli", DataType::List(DataType::List(DataType::Int32())), true},
                 {"nul", DataType::Null(), true}});
}

TablePtr AllTypesBatch(int64_t n, int64_t seed) {
  Schema schema = AllTypesSchema();
  std::vector<ColumnBuilder> b;
  for (const Field& f : schema.fields()) b.emplace_back(f.type);
  for (int64_t r = seed; r < seed + n; ++r) {
    bool null = r % 5 == 2;
    auto maybe = [&](ColumnBuilder& cb, auto fn) { null ? cb.AppendNull() : fn(cb); };
    maybe(b[0], [&](ColumnBuilder& c) { c.AppendBool(r % 3 != 1); });
    maybe(b[1], [&](ColumnBuilder& c) { c.AppendInt(static_cast<int8_t>(r * 53)); });
    b[2].AppendInt(static_cast<int16_t>(r * 977 - 20000));
    maybe(b[3], [&](ColumnBuilder& c) { c.AppendInt(r % 4 == 0 ? INT32_MIN : r * 65537); });
    maybe(b[4], [&](ColumnBuilder& c) {
      c.AppendInt(r % 6 == 0 ? INT64_MIN : r * 9007199254740993LL / 7);
    });
    maybe(b[5], [&](ColumnBuilder& c) { c.AppendDouble(r % 9 == 1 ? NAN : r * 0.3f); });
    maybe(b[6], [&](ColumnBuilder& c) { c.AppendDouble(r % 8 == 1 ? -INFINITY : (r - 10) / 3.0); });
    maybe(b[7], [&](ColumnBuilder& c) {
      c.AppendString(r % 4 == 0 ? "" : "row " + std::to_string(r) + " \xe2\x82\xac");
    });
    maybe(b[8], [&](ColumnBuilder& c) {
      c.AppendString(r % 3 == 0 ? std::string() : std::string(r % 7 + 1, char(r * 31)));
    });
    maybe(b[9], [&](ColumnBuilder& c) { c.AppendInt(r * 101 - 3000); });
    maybe(b[10], [&](ColumnBuilder& c) { c.AppendInt(r * 3600000000123LL - 86400000000LL); });
    maybe(b[11], [&](ColumnBuilder& c) {
      __int128 v = static_cast<__int128>(r + 1) * 99999999999LL * 1000003;
      c.AppendDecimal(r % 2 ? -v : v);
    });
    maybe(b[12], [&](ColumnBuilder& c) {
      for (int64_t k = 0; k < r % 4; ++k) {
        if (k == 2) {
          c.child_builder().AppendNull();
        } else {
          c.child_builder().AppendString(k == 1 ? "" : "el" + std::to_string(r));
        }
      }
      c.AppendListEnd();
    });
    maybe(b[13], [&](ColumnBuilder& c) {
      for (int64_t k = 0; k < r % 3; ++k) {
        ColumnBuilder& inner = c.child_builder();
        if (k == 1 && r % 2) {
          inner.AppendNull();
          continue;
        }
        for (int64_t j = 0; j < k + 1; ++j) inner.child_builder().AppendInt(r * 10 + j);
        inner.AppendListEnd();
      }
      c.AppendListEnd();
    });
    b[14].AppendNull();
  }
  std::vector<ColumnPtr> cols;
  for (ColumnBuilder& cb : b) cols.push_back(cb.Finish());
  return Table::Make(schema, std::move(cols));
}

Schema BigSchema() {
  return Schema({{"id", DataType::Int64(), false},
                 {"x", DataType::Float64(), true},
                 {"name", DataType::String(), true},
                 {"flag", DataType::Bool(), true}});
}

TablePtr BigBatch(int64_t n, int64_t seed) {
  ColumnBuilder id(DataType::Int64(), n), x(DataType::Float64(), n), name(DataType::String(), n),
      flag(DataType::Bool(), n);
  for (int64_t r = seed; r < seed + n; ++r) {
    id.AppendInt(r * 7919);
    r % 13 == 0 ? x.AppendNull() : x.AppendDouble(r / 16.0);
    r % 10 == 9 ? name.AppendNull() : name.AppendString("person-" + std::to_string(r % 977));
    r % 11 == 1 ? flag.AppendNull() : flag.AppendBool(r % 2);
  }
  return Table::Make(BigSchema(), {id.Finish(), x.Finish(), name.Finish(), flag.Finish()});
}

struct KindredStream {
  std::string name;
  Schema schema;
  std::vector<TablePtr> batches;
  ArrowIpcWriteOptions options;
};

std::vector<KindredStream> KindredStreams() {
  ArrowIpcWriteOptions large;
  large.large_var_types = true;
  large.timezone = "Europe/Paris";
  ArrowIpcWriteOptions naive;
  naive.timezone = "";
  return {
      {"kindred_all",
       AllTypesSchema(),
       {AllTypesBatch(23, 0), AllTypesBatch(0, 0), AllTypesBatch(41, 23)},
       {}},
      {"kindred_all_large", AllTypesSchema(), {AllTypesBatch(30, 5), AllTypesBatch(1, 99)}, large},
      {"kindred_naive_ts",
       Schema({{"ts", DataType::Timestamp(), true}}),
       {Table::Make(Schema({{"ts", DataType::Timestamp(), true}}),
                    {AllTypesBatch(6, 0)->column(10)})},
       naive},
      {"kindred_no_batches", AllTypesSchema(), {}, {}},
      {"kindred_zero_rows", AllTypesSchema(), {AllTypesBatch(0, 0)}, {}},
      {"kindred_big", BigSchema(), {BigBatch(60000, 0), BigBatch(40000, 60000)}, {}},
  };
}

json ReadJson(const fs::path& p) {
  std::ifstream in(p);
  EXPECT_TRUE(in.good()) << "missing " << p;
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::string ReadBytes(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class ArrowIpcNode : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (std::system("node --version >/dev/null 2>&1") != 0) {
      skip_reason_ = "node is not installed (scripts/install-deps installs it)";
      return;
    }
    if (!fs::exists(kNodeDir / "node_modules" / "apache-arrow" / "package.json")) {
      skip_reason_ = "tests/node/node_modules/apache-arrow is missing (run scripts/install-deps)";
      return;
    }
    char tmpl[] = "/tmp/kindred_arrow_ipc_XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    for (const KindredStream& s : KindredStreams()) {
      Result<std::string> bytes = WriteArrowIpcStream(s.schema, s.batches, s.options);
      ASSERT_TRUE(bytes.ok()) << bytes.status();
      std::ofstream(dir_ / (s.name + ".arrows"), std::ios::binary) << *bytes;
    }
    std::string cmd = "node '" + (kNodeDir / "check_arrow.mjs").string() + "' '" + dir_.string() +
                      "' > '" + (dir_ / "node.log").string() + "' 2>&1";
    node_rc_ = std::system(cmd.c_str());
  }
  static void TearDownTestSuite() {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  void SetUp() override {
    if (!skip_reason_.empty()) GTEST_SKIP() << skip_reason_;
    ASSERT_EQ(node_rc_, 0) << ReadBytes(dir_ / "node.log");
  }

  static inline std::string skip_reason_;
  static inline fs::path dir_;
  static inline int node_rc_ = -1;
};

TEST_F(ArrowIpcNode, ApacheArrowDecodesKindredStreams) {
  for (const KindredStream& s : KindredStreams()) {
    SCOPED_TRACE(s.name);
    json d = ReadJson(dir_ / (s.name + ".decoded.json"));
    ASSERT_EQ(d["schema"].size(), static_cast<size_t>(s.schema.num_fields()));
    for (int c = 0; c < s.schema.num_fields(); ++c) {
      EXPECT_EQ(d["schema"][c]["type"].get<std::string>(),
                ArrowTypeString(s.schema.field(c).type, s.options))
          << s.schema.field(c).name;
    }
    std::vector<int64_t> rows;
    for (const TablePtr& b : s.batches) rows.push_back(b->num_rows());
    EXPECT_EQ(d["batch_rows"].get<std::vector<int64_t>>(), rows);
    TablePtr all = s.batches.empty() ? Table::Empty(s.schema) : *Table::Concat(s.batches);
    ExpectValues(*all, d, s.name);
  }
}

TEST_F(ArrowIpcNode, KindredReadsApacheArrowStreams) {
  struct Case {
    std::string name;
    Schema expected;
  };
  std::vector<Case> cases = {
      {"node_basic", Schema({{"i8", DataType::Int8()},
                             {"i16", DataType::Int16()},
                             {"i32", DataType::Int32()},
                             {"i64", DataType::Int64()},
                             {"f32", DataType::Float32()},
                             {"f64", DataType::Float64()},
                             {"s", DataType::String()},
                             {"bin", DataType::Binary()},
                             {"b", DataType::Bool()},
                             {"d", DataType::Date32()},
                             {"ts", DataType::Timestamp()},
                             {"dec", DataType::Decimal(10, 2)},
                             {"l", DataType::List(DataType::Int32())},
                             {"nul", DataType::Null()}})},
      {"node_units", Schema({{"dms", DataType::Date32()},
                             {"ts_s", DataType::Timestamp()},
                             {"ts_ms", DataType::Timestamp()},
                             {"ts_ns", DataType::Timestamp()},
                             {"ls", DataType::String()},
                             {"lb", DataType::Binary()},
                             {"ll", DataType::List(DataType::String())}})},
      {"node_big", Schema({{"id", DataType::Int64()},
                           {"x", DataType::Float64()},
                           {"s", DataType::String()},
                           {"b", DataType::Bool()}})},
  };
  cases.push_back({"node_batches", cases[0].expected});
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    std::string bytes = ReadBytes(dir_ / (c.name + ".arrows"));
    json d = ReadJson(dir_ / (c.name + ".expected.json"));
    Result<TablePtr> t = ReadArrowIpcStream(bytes);
    ASSERT_TRUE(t.ok()) << t.status();
    EXPECT_EQ((*t)->schema().ToDdl(), c.expected.ToDdl());
    ExpectValues(**t, d, c.name);
    Result<std::vector<TablePtr>> batches = ReadArrowIpcBatches(bytes);
    ASSERT_TRUE(batches.ok()) << batches.status();
    std::vector<int64_t> rows;
    for (const TablePtr& b : *batches) rows.push_back(b->num_rows());
    EXPECT_EQ(d["batch_rows"].get<std::vector<int64_t>>(), rows);
  }
}

TEST_F(ArrowIpcNode, KindredRoundTripsApacheArrowStreams) {
  // Read what apache-arrow wrote, write it again, and read that back: nothing may change.
  for (const char* name : {"node_basic", "node_units", "node_batches"}) {
    SCOPED_TRACE(name);
    Result<TablePtr> t = ReadArrowIpcStream(ReadBytes(dir_ / (std::string(name) + ".arrows")));
    ASSERT_TRUE(t.ok()) << t.status();
    Result<std::string> again = WriteArrowIpcStream((*t)->schema(), {*t});
    ASSERT_TRUE(again.ok()) << again.status();
    Result<TablePtr> back = ReadArrowIpcStream(*again);
    ASSERT_TRUE(back.ok()) << back.status();
    ExpectValues(**back, ReadJson(dir_ / (std::string(name) + ".expected.json")), name);
  }
}

TEST_F(ArrowIpcNode, UnsupportedApacheArrowStreamsAreNamed) {
  struct Case {
    const char* name;
    StatusCode code;
    const char* message;
  };
  for (const Case& c :
       {Case{"node_uint", StatusCode::kInvalidArgument,
             "unsupported Arrow type UInt32 for field 'u'"},
        Case{"node_struct", StatusCode::kInvalidArgument,
             "unsupported Arrow type Struct for field 'st'"},
        Case{"node_dict", StatusCode::kUnimplemented, "dictionary-encoded Arrow field 'd'"}}) {
    Result<TablePtr> t = ReadArrowIpcStream(ReadBytes(dir_ / (std::string(c.name) + ".arrows")));
    ASSERT_FALSE(t.ok()) << c.name;
    EXPECT_EQ(t.status().code(), c.code) << t.status();
    EXPECT_NE(t.status().message().find(c.message), std::string::npos) << t.status();
  }
}

}  // namespace
}  // namespace kindred
