// Arrow IPC writer/reader: round trips through Kindred's own reader, byte-level layout checks,
// and malformed input. Cross-checks against a real Arrow implementation live in
// arrow_ipc_node_test.cc.
#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "columnar/table.h"
#include "format/arrow_ipc/flatbuffer.h"
#include "format/arrow_ipc/metadata.h"
#include "format/arrow_ipc/reader.h"
#include "format/arrow_ipc/writer.h"

namespace kindred {
namespace {

using arrow_ipc::kContinuation;
using Ref = fb::Builder::Ref;

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
                 {"dec", DataType::Decimal(12, 3), true},
                 {"ls", DataType::List(DataType::String()), true},
                 {"lli", DataType::List(DataType::List(DataType::Int32())), true},
                 {"nul", DataType::Null(), true}});
}

// `n` rows starting at `seed`, with nulls, empty strings and empty lists mixed in.
TablePtr AllTypesBatch(int64_t n, int64_t seed) {
  Schema schema = AllTypesSchema();
  std::vector<ColumnBuilder> b;
  for (const Field& f : schema.fields()) b.emplace_back(f.type);
  for (int64_t r = seed; r < seed + n; ++r) {
    bool null = r % 7 == 3;
    auto maybe = [&](ColumnBuilder& cb, auto fn) { null ? cb.AppendNull() : fn(cb); };
    maybe(b[0], [&](ColumnBuilder& c) { c.AppendBool(r % 3 == 0); });
    maybe(b[1], [&](ColumnBuilder& c) { c.AppendInt(static_cast<int8_t>(r * 37)); });
    b[2].AppendInt(static_cast<int16_t>(r * 1001));
    maybe(b[3], [&](ColumnBuilder& c) { c.AppendInt(static_cast<int32_t>(r * 100003 - 7)); });
    maybe(b[4], [&](ColumnBuilder& c) { c.AppendInt(r * 1234567890123LL - 5); });
    maybe(b[5], [&](ColumnBuilder& c) { c.AppendDouble(static_cast<float>(r) / 4.0f); });
    maybe(b[6], [&](ColumnBuilder& c) { c.AppendDouble(r * 0.1 - 3); });
    maybe(b[7], [&](ColumnBuilder& c) {
      c.AppendString(r % 5 == 0 ? std::string() : "s" + std::to_string(r) + "\xc3\xa9");
    });
    maybe(b[8], [&](ColumnBuilder& c) {
      std::string bytes = {char(r), '\0', char(0xff)};
      c.AppendString(r % 4 == 0 ? std::string() : bytes);
    });
    maybe(b[9], [&](ColumnBuilder& c) { c.AppendInt(r * 17 - 400); });
    maybe(b[10], [&](ColumnBuilder& c) { c.AppendInt(r * 86400000123LL - 1000000); });
    maybe(b[11], [&](ColumnBuilder& c) {
      __int128 v = static_cast<__int128>(r) * 1000000007 * (r % 2 ? -1 : 1);
      c.AppendDecimal(v);
    });
    maybe(b[12], [&](ColumnBuilder& c) {
      for (int64_t k = 0; k < r % 4; ++k) {
        if (k == 1) {
          c.child_builder().AppendNull();
        } else {
          c.child_builder().AppendString(k == 2 ? "" : "e" + std::to_string(k));
        }
      }
      c.AppendListEnd();
    });
    maybe(b[13], [&](ColumnBuilder& c) {
      for (int64_t k = 0; k < r % 3; ++k) {
        ColumnBuilder& inner = c.child_builder();
        if (k == 1) {
          inner.AppendNull();
          continue;
        }
        for (int64_t j = 0; j <= k; ++j) inner.child_builder().AppendInt(r + j);
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

// Every value of both tables, as text with "null" markers, must agree; so must the schemas.
void ExpectSameTable(const Table& expected, const Table& actual) {
  ASSERT_EQ(expected.num_columns(), actual.num_columns());
  ASSERT_EQ(expected.num_rows(), actual.num_rows());
  for (int c = 0; c < expected.num_columns(); ++c) {
    const Field& ef = expected.schema().field(c);
    const Field& af = actual.schema().field(c);
    EXPECT_EQ(ef.name, af.name);
    EXPECT_EQ(ef.nullable, af.nullable) << ef.name;
    ASSERT_EQ(ef.type, af.type) << ef.name << ": " << af.type.ToString();
    const Column& e = *expected.column(c);
    const Column& a = *actual.column(c);
    EXPECT_EQ(e.null_count(), a.null_count()) << ef.name;
    for (int64_t r = 0; r < expected.num_rows(); ++r) {
      ASSERT_EQ(e.IsNull(r), a.IsNull(r)) << ef.name << " row " << r;
      if (e.IsNull(r)) continue;
      ASSERT_EQ(e.FormatValue(r), a.FormatValue(r)) << ef.name << " row " << r;
      if (ef.type.is_string_like()) {
        ASSERT_EQ(e.GetString(r), a.GetString(r));
      }
    }
  }
}

TablePtr Concat(const std::vector<TablePtr>& batches) {
  Result<TablePtr> t = Table::Concat(batches);
  EXPECT_TRUE(t.ok()) << t.status();
  return *t;
}

class ArrowIpcRoundTrip : public ::testing::TestWithParam<bool> {};

TEST_P(ArrowIpcRoundTrip, AllTypesWithNullsAndEmptyBatch) {
  ArrowIpcWriteOptions opt;
  opt.large_var_types = GetParam();
  std::vector<TablePtr> batches = {AllTypesBatch(20, 0), AllTypesBatch(0, 0),
                                   AllTypesBatch(33, 20)};
  Result<std::string> bytes = WriteArrowIpcStream(AllTypesSchema(), batches, opt);
  ASSERT_TRUE(bytes.ok()) << bytes.status();

  Result<std::vector<TablePtr>> read = ReadArrowIpcBatches(*bytes);
  ASSERT_TRUE(read.ok()) << read.status();
  ASSERT_EQ(read->size(), 3u);
  for (size_t i = 0; i < 3; ++i) ExpectSameTable(*batches[i], *(*read)[i]);

  Result<TablePtr> all = ReadArrowIpcStream(*bytes);
  ASSERT_TRUE(all.ok()) << all.status();
  ExpectSameTable(*Concat(batches), **all);

  Result<Schema> schema = ReadArrowIpcSchema(*bytes);
  ASSERT_TRUE(schema.ok()) << schema.status();
  EXPECT_EQ(schema->ToDdl(), AllTypesSchema().ToDdl());
}

INSTANTIATE_TEST_SUITE_P(SmallAndLargeOffsets, ArrowIpcRoundTrip, ::testing::Bool());

TEST(ArrowIpcWriter, IncrementalWriterMatchesWholeStream) {
  std::vector<TablePtr> batches = {AllTypesBatch(9, 1), AllTypesBatch(4, 50)};
  ArrowIpcStreamWriter w(AllTypesSchema());
  std::string pieces = w.Begin();
  for (const TablePtr& b : batches) {
    Result<std::string> m = w.AppendBatch(*b);
    ASSERT_TRUE(m.ok()) << m.status();
    pieces += *m;
  }
  pieces += w.End();
  Result<std::string> whole = WriteArrowIpcStream(AllTypesSchema(), batches);
  ASSERT_TRUE(whole.ok());
  EXPECT_EQ(pieces, *whole);
}

// Walks the encapsulated messages, checking the framing the spec demands.
TEST(ArrowIpcWriter, MessagesAreFramedAndAligned) {
  Result<std::string> bytes =
      WriteArrowIpcStream(AllTypesSchema(), {AllTypesBatch(13, 0), AllTypesBatch(3, 2)});
  ASSERT_TRUE(bytes.ok());
  const std::string& s = *bytes;
  ASSERT_EQ(s.size() % 8, 0u);
  size_t pos = 0;
  int messages = 0;
  while (true) {
    ASSERT_LE(pos + 8, s.size());
    uint32_t cont, len;
    std::memcpy(&cont, s.data() + pos, 4);
    std::memcpy(&len, s.data() + pos + 4, 4);
    ASSERT_EQ(cont, kContinuation);
    if (len == 0) break;
    ASSERT_EQ((8 + len) % 8, 0u) << "metadata must pad the body to 8 bytes";
    Result<fb::Table> msg = fb::Table::Root(std::string_view(s).substr(pos + 8, len), "test");
    ASSERT_TRUE(msg.ok()) << msg.status();
    EXPECT_EQ(*msg->Scalar<int16_t>(arrow_ipc::message::kVersion, 0), arrow_ipc::kMetadataV5);
    int64_t body = *msg->Scalar<int64_t>(arrow_ipc::message::kBodyLength, -1);
    ASSERT_EQ(body % 8, 0);
    pos += 8 + len + body;
    ++messages;
  }
  EXPECT_EQ(pos + 8, s.size());
  EXPECT_EQ(messages, 3);
}

TEST(ArrowIpcWriter, BoolsArePackedLsbFirst) {
  ColumnBuilder b(DataType::Bool());
  const int pattern[] = {1, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1};
  for (int v : pattern) b.AppendBool(v);
  Schema schema({{"b", DataType::Bool(), false}});
  TablePtr t = Table::Make(schema, {b.Finish()});
  ArrowIpcStreamWriter w(schema);
  Result<std::string> msg = w.AppendBatch(*t);
  ASSERT_TRUE(msg.ok());
  // Body: a zero-length validity buffer, then the packed bits padded to 8 bytes.
  std::string tail = msg->substr(msg->size() - 8);
  EXPECT_EQ(static_cast<uint8_t>(tail[0]), 0b10001101);
  EXPECT_EQ(static_cast<uint8_t>(tail[1]), 0b101);
  for (int i = 2; i < 8; ++i) EXPECT_EQ(tail[i], 0);
}

TEST(ArrowIpcRoundTrip, ManyBoolsAndNullsAcrossBatches) {
  std::mt19937 rng(7);
  Schema schema({{"b", DataType::Bool(), true}, {"s", DataType::String(), true}});
  std::vector<TablePtr> batches;
  for (int n : {1, 8, 9, 63, 64, 65, 1000, 0, 3}) {
    ColumnBuilder b(DataType::Bool()), s(DataType::String());
    for (int i = 0; i < n; ++i) {
      int r = rng() % 10;
      r == 0 ? b.AppendNull() : b.AppendBool(r % 2);
      r == 1 ? s.AppendNull() : s.AppendString(std::string(r, 'x'));
    }
    batches.push_back(Table::Make(schema, {b.Finish(), s.Finish()}));
  }
  Result<std::string> bytes = WriteArrowIpcStream(schema, batches);
  ASSERT_TRUE(bytes.ok());
  Result<TablePtr> t = ReadArrowIpcStream(*bytes);
  ASSERT_TRUE(t.ok()) << t.status();
  ExpectSameTable(*Concat(batches), **t);
}

TEST(ArrowIpcRoundTrip, OffsetsNotStartingAtZero) {
  // A string column whose offsets start at 3 and a list whose child has unreferenced slots.
  Buffer offsets(3 * 4), bytes;
  int32_t o[] = {3, 5, 9};
  std::memcpy(offsets.data(), o, sizeof(o));
  for (char c : std::string("xxxabcdefghijk")) bytes.push_back(c);
  ColumnPtr s = Column::FromBuffers(DataType::String(), 2, {}, bytes, offsets);
  ColumnBuilder ints(DataType::Int32());
  for (int i = 0; i < 10; ++i) ints.AppendInt(i);
  Buffer loff(3 * 4);
  int32_t lo[] = {2, 4, 7};
  std::memcpy(loff.data(), lo, sizeof(lo));
  ColumnPtr l =
      Column::FromBuffers(DataType::List(DataType::Int32()), 2, {}, {}, loff, ints.Finish());
  Schema schema({{"s", DataType::String(), true}, {"l", DataType::List(DataType::Int32()), true}});
  TablePtr t = Table::Make(schema, {s, l});
  for (bool large : {false, true}) {
    ArrowIpcWriteOptions opt;
    opt.large_var_types = large;
    Result<std::string> out = WriteArrowIpcStream(schema, {t}, opt);
    ASSERT_TRUE(out.ok());
    Result<TablePtr> back = ReadArrowIpcStream(*out);
    ASSERT_TRUE(back.ok()) << back.status();
    EXPECT_EQ((*back)->column(0)->GetString(0), "ab");
    EXPECT_EQ((*back)->column(0)->GetString(1), "cdef");
    EXPECT_EQ((*back)->column(1)->FormatValue(0), "[2, 3]");
    EXPECT_EQ((*back)->column(1)->FormatValue(1), "[4, 5, 6]");
    EXPECT_EQ((*back)->column(1)->child()->length(), 5);
  }
}

TEST(ArrowIpcRoundTrip, StreamWithoutBatchesKeepsSchema) {
  Result<std::string> bytes = WriteArrowIpcStream(AllTypesSchema(), {});
  ASSERT_TRUE(bytes.ok());
  Result<TablePtr> t = ReadArrowIpcStream(*bytes);
  ASSERT_TRUE(t.ok()) << t.status();
  EXPECT_EQ((*t)->num_rows(), 0);
  EXPECT_EQ((*t)->schema().ToDdl(), AllTypesSchema().ToDdl());
  // The EOS marker is optional for readers.
  Result<TablePtr> no_eos =
      ReadArrowIpcStream(std::string_view(*bytes).substr(0, bytes->size() - 8));
  ASSERT_TRUE(no_eos.ok()) << no_eos.status();
}

TEST(ArrowIpcRoundTrip, LegacyFramingWithoutContinuationWord) {
  std::vector<TablePtr> batches = {AllTypesBatch(5, 3)};
  Result<std::string> bytes = WriteArrowIpcStream(AllTypesSchema(), batches);
  ASSERT_TRUE(bytes.ok());
  // Rewrite as pre-0.15 framing: drop each continuation word, keeping the length. The
  // metadata is then 4 bytes off 8-byte alignment, which the reader must not care about.
  std::string legacy;
  size_t pos = 0;
  const std::string& s = *bytes;
  while (pos < s.size()) {
    uint32_t len;
    std::memcpy(&len, s.data() + pos + 4, 4);
    legacy.append(s, pos + 4, 4);
    if (len == 0) break;
    Result<fb::Table> msg = fb::Table::Root(std::string_view(s).substr(pos + 8, len), "test");
    ASSERT_TRUE(msg.ok());
    int64_t body = *msg->Scalar<int64_t>(arrow_ipc::message::kBodyLength, 0);
    legacy.append(s, pos + 8, len + body);
    pos += 8 + len + body;
  }
  Result<TablePtr> t = ReadArrowIpcStream(legacy);
  ASSERT_TRUE(t.ok()) << t.status();
  ExpectSameTable(*batches[0], **t);
}

TEST(ArrowIpcWriter, RejectsBatchThatDoesNotFitSchema) {
  Schema schema({{"a", DataType::Int64(), true}});
  ColumnBuilder b(DataType::String());
  b.AppendString("x");
  TablePtr t = Table::Make(Schema({{"a", DataType::String(), true}}), {b.Finish()});
  Result<std::string> out = WriteArrowIpcStream(schema, {t});
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("'a'"), std::string::npos) << out.status();
  EXPECT_NE(out.status().message().find("batch 0"), std::string::npos) << out.status();
}

TEST(ArrowIpcReader, EveryTruncationFailsCleanly) {
  Result<std::string> bytes = WriteArrowIpcStream(AllTypesSchema(), {AllTypesBatch(6, 0)});
  ASSERT_TRUE(bytes.ok());
  Result<std::string> schema_only = WriteArrowIpcStream(AllTypesSchema(), {});
  size_t schema_len = schema_only->size() - 8;
  const size_t full = bytes->size() - 8;  // without EOS
  for (size_t cut = 0; cut < full; ++cut) {
    Result<TablePtr> t = ReadArrowIpcStream(std::string_view(*bytes).substr(0, cut));
    if (cut == schema_len) {
      EXPECT_TRUE(t.ok()) << "a stream cut between messages is a shorter stream";
      continue;
    }
    ASSERT_FALSE(t.ok()) << "cut at " << cut;
    EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument) << t.status();
  }
  Result<TablePtr> cut_body = ReadArrowIpcStream(std::string_view(*bytes).substr(0, full - 8));
  ASSERT_FALSE(cut_body.ok());
  EXPECT_NE(cut_body.status().message().find("truncated record batch body"), std::string::npos)
      << cut_body.status();
}

TEST(ArrowIpcReader, CorruptedBytesNeverCrash) {
  Result<std::string> bytes =
      WriteArrowIpcStream(AllTypesSchema(), {AllTypesBatch(10, 0), AllTypesBatch(4, 9)});
  ASSERT_TRUE(bytes.ok());
  // Byte ranges of the metadata (prefix + flatbuffer) of each message, where damage matters most.
  std::vector<std::pair<size_t, size_t>> meta;
  for (size_t pos = 0; pos + 8 <= bytes->size();) {
    uint32_t len;
    std::memcpy(&len, bytes->data() + pos + 4, 4);
    if (len == 0) break;
    Result<fb::Table> msg = fb::Table::Root(std::string_view(*bytes).substr(pos + 8, len), "t");
    ASSERT_TRUE(msg.ok());
    meta.push_back({pos, 8 + len});
    pos += 8 + len + *msg->Scalar<int64_t>(arrow_ipc::message::kBodyLength, 0);
  }
  ASSERT_EQ(meta.size(), 3u);
  std::mt19937 rng(42);
  int failures = 0;
  for (int iter = 0; iter < 6000; ++iter) {
    std::string s = *bytes;
    int flips = 1 + rng() % 4;
    for (int k = 0; k < flips; ++k) {
      size_t at = rng() % s.size();
      if (iter % 2) {
        const auto& [start, len] = meta[rng() % meta.size()];
        at = start + rng() % len;
      }
      s[at] = static_cast<char>(rng() % 3 == 0 ? 0xff : rng());
    }
    Result<TablePtr> t = ReadArrowIpcStream(s);
    if (!t.ok()) {
      ++failures;
    } else {
      // Whatever decodes must be internally consistent.
      for (const ColumnPtr& c : (*t)->columns()) ASSERT_EQ(c->length(), (*t)->num_rows());
    }
  }
  EXPECT_GT(failures, 0);
}

// A schema message with one field of `type_type`, optionally dictionary-encoded: inputs the
// writer never produces.
std::string HandMadeSchema(uint8_t type_type, bool dictionary) {
  fb::Builder b;
  Ref name = b.CreateString("x");
  b.StartTable();  // an empty type table (Interval's unit defaults to YEAR_MONTH)
  Ref type = b.EndTable();
  Ref dict = 0;
  if (dictionary) {
    b.StartTable();
    b.AddScalar<int64_t>(0, 0);
    dict = b.EndTable();
  }
  Ref children = b.CreateOffsetVector({});
  b.StartTable();
  b.AddOffset(arrow_ipc::field::kName, name);
  b.AddBool(arrow_ipc::field::kNullable, true);
  b.AddScalar<uint8_t>(arrow_ipc::field::kTypeType, type_type);
  b.AddOffset(arrow_ipc::field::kType, type);
  if (dictionary) b.AddOffset(arrow_ipc::field::kDictionary, dict);
  b.AddOffset(arrow_ipc::field::kChildren, children);
  Ref field = b.EndTable();
  Ref fields = b.CreateOffsetVector({field});
  b.StartTable();
  b.AddOffset(arrow_ipc::schema::kFields, fields);
  Ref schema = b.EndTable();
  b.StartTable();
  b.AddScalar<int16_t>(arrow_ipc::message::kVersion, arrow_ipc::kMetadataV5);
  b.AddScalar<uint8_t>(arrow_ipc::message::kHeaderType, arrow_ipc::kHeaderSchema);
  b.AddOffset(arrow_ipc::message::kHeader, schema);
  std::string meta = b.Finish(b.EndTable());
  uint32_t prefix[2] = {kContinuation, static_cast<uint32_t>(meta.size())};
  return std::string(reinterpret_cast<const char*>(prefix), 8) + meta;
}

TEST(ArrowIpcReader, UnsupportedTypeIsNamed) {
  Result<Schema> s = ReadArrowIpcSchema(HandMadeSchema(arrow_ipc::kTypeInterval, false));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.status().message().find("unsupported Arrow type Interval"), std::string::npos)
      << s.status();
  Result<Schema> view = ReadArrowIpcSchema(HandMadeSchema(arrow_ipc::kTypeUtf8View, false));
  ASSERT_FALSE(view.ok());
  EXPECT_NE(view.status().message().find("Utf8View"), std::string::npos) << view.status();
}

TEST(ArrowIpcReader, DictionaryFieldIsRejected) {
  Result<Schema> s = ReadArrowIpcSchema(HandMadeSchema(arrow_ipc::kTypeUtf8, true));
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(s.status().message().find("dictionary"), std::string::npos) << s.status();
}

TEST(ArrowIpcReader, CompressedBodyIsUnimplemented) {
  Schema schema({{"a", DataType::Int32(), true}});
  std::string stream = ArrowIpcStreamWriter(schema).Begin();
  for (int8_t codec : {arrow_ipc::kCompressionLz4Frame, arrow_ipc::kCompressionZstd}) {
    fb::Builder b;
    arrow_ipc::FieldNode node{0, 0};
    arrow_ipc::BufferSpec bufs[2] = {{0, 0}, {0, 0}};
    Ref nodes = b.CreateStructVector(&node, 16, 1, 8);
    Ref buffers = b.CreateStructVector(bufs, 16, 2, 8);
    b.StartTable();
    b.AddScalar<int8_t>(arrow_ipc::body_compression::kCodec, codec);
    Ref comp = b.EndTable();
    b.StartTable();
    b.AddScalar<int64_t>(arrow_ipc::record_batch::kLength, 0);
    b.AddOffset(arrow_ipc::record_batch::kNodes, nodes);
    b.AddOffset(arrow_ipc::record_batch::kBuffers, buffers);
    b.AddOffset(arrow_ipc::record_batch::kCompression, comp);
    Ref rb = b.EndTable();
    b.StartTable();
    b.AddScalar<int16_t>(arrow_ipc::message::kVersion, arrow_ipc::kMetadataV5);
    b.AddScalar<uint8_t>(arrow_ipc::message::kHeaderType, arrow_ipc::kHeaderRecordBatch);
    b.AddOffset(arrow_ipc::message::kHeader, rb);
    std::string meta = b.Finish(b.EndTable());
    uint32_t prefix[2] = {kContinuation, static_cast<uint32_t>(meta.size())};
    std::string s = stream + std::string(reinterpret_cast<const char*>(prefix), 8) + meta;
    Result<TablePtr> t = ReadArrowIpcStream(s);
    ASSERT_FALSE(t.ok());
    EXPECT_EQ(t.status().code(), StatusCode::kUnimplemented);
    EXPECT_NE(t.status().message().find(codec == 0 ? "LZ4_FRAME" : "ZSTD"), std::string::npos)
        << t.status();
  }
}

TEST(ArrowIpcReader, GarbageAndEmptyInput) {
  EXPECT_FALSE(ReadArrowIpcStream("").ok());
  EXPECT_FALSE(ReadArrowIpcStream("not an arrow stream at all").ok());
  EXPECT_FALSE(ReadArrowIpcSchema(std::string(16, '\xff')).ok());
}

}  // namespace
}  // namespace kindred
