#include "format/arrow_ipc/reader.h"

#include <climits>
#include <cstring>

#include "format/arrow_ipc/flatbuffer.h"
#include "format/arrow_ipc/metadata.h"

namespace kindred {
namespace {

using namespace arrow_ipc;  // NOLINT: the format's vocabulary, local to this file

// A schema field with what decoding needs beyond the Kindred type.
struct FieldInfo {
  Field field;
  uint8_t arrow_type = kTypeNull;
  int16_t unit = 0;    // Date / Timestamp unit, converted to days / microseconds on read
  bool large = false;  // int64 offsets
  std::vector<FieldInfo> children;
};

struct StreamSchema {
  Schema schema;
  std::vector<FieldInfo> fields;
};

Status Unsupported(const char* type, const std::string& name) {
  return InvalidArgument("unsupported Arrow type ", type, " for field '", name, "'");
}

Result<FieldInfo> ParseField(const fb::Table& f, int depth) {
  if (depth > 64) return InvalidArgument("Arrow schema nests types too deeply");
  FieldInfo info;
  ASSIGN_OR_RETURN(std::string_view name, f.String(field::kName));
  info.field.name = std::string(name);
  ASSIGN_OR_RETURN(uint8_t nullable, f.Scalar<uint8_t>(field::kNullable, 0));
  info.field.nullable = nullable != 0;
  ASSIGN_OR_RETURN(fb::Table dict, f.SubTable(field::kDictionary));
  if (dict.valid())
    return Unimplemented("dictionary-encoded Arrow field '", info.field.name,
                         "' is not supported; send plain (non-dictionary) columns");
  ASSIGN_OR_RETURN(uint8_t type_type, f.Scalar<uint8_t>(field::kTypeType, kTypeNone));
  ASSIGN_OR_RETURN(fb::Table type, f.SubTable(field::kType));
  ASSIGN_OR_RETURN(fb::Table::Vector children, f.VectorField(field::kChildren, 4));
  info.arrow_type = type_type;
  const std::string& n = info.field.name;
  DataType& dt = info.field.type;
  switch (type_type) {
    case kTypeNull:
      dt = DataType::Null();
      break;
    case kTypeBool:
      dt = DataType::Bool();
      break;
    case kTypeInt: {
      ASSIGN_OR_RETURN(int32_t bits, type.Scalar<int32_t>(int_type::kBitWidth, 0));
      ASSIGN_OR_RETURN(uint8_t is_signed, type.Scalar<uint8_t>(int_type::kIsSigned, 0));
      if (!is_signed) return Unsupported(StrCat("UInt", bits).c_str(), n);
      switch (bits) {
        case 8:
          dt = DataType::Int8();
          break;
        case 16:
          dt = DataType::Int16();
          break;
        case 32:
          dt = DataType::Int32();
          break;
        case 64:
          dt = DataType::Int64();
          break;
        default:
          return Unsupported(StrCat("Int", bits).c_str(), n);
      }
      break;
    }
    case kTypeFloatingPoint: {
      ASSIGN_OR_RETURN(int16_t precision,
                       type.Scalar<int16_t>(floating_point::kPrecision, kPrecisionHalf));
      if (precision == kPrecisionSingle) {
        dt = DataType::Float32();
      } else if (precision == kPrecisionDouble) {
        dt = DataType::Float64();
      } else {
        return Unsupported("Float16", n);
      }
      break;
    }
    case kTypeUtf8:
    case kTypeLargeUtf8:
      dt = DataType::String();
      info.large = type_type == kTypeLargeUtf8;
      break;
    case kTypeBinary:
    case kTypeLargeBinary:
      dt = DataType::Binary();
      info.large = type_type == kTypeLargeBinary;
      break;
    case kTypeDecimal: {
      ASSIGN_OR_RETURN(int32_t precision, type.Scalar<int32_t>(decimal::kPrecision, 0));
      ASSIGN_OR_RETURN(int32_t scale, type.Scalar<int32_t>(decimal::kScale, 0));
      ASSIGN_OR_RETURN(int32_t bits, type.Scalar<int32_t>(decimal::kBitWidth, 128));
      if (bits != 128) return Unsupported(StrCat("Decimal", bits).c_str(), n);
      if (precision < 1 || precision > 38 || scale < 0 || scale > precision)
        return InvalidArgument("Arrow field '", n, "' has decimal(", precision, ",", scale,
                               "); precision must be 1..38 and scale 0..precision");
      dt = DataType::Decimal(precision, scale);
      break;
    }
    case kTypeDate: {
      ASSIGN_OR_RETURN(info.unit, type.Scalar<int16_t>(date::kUnit, kDateMillisecond));
      if (info.unit != kDateDay && info.unit != kDateMillisecond)
        return InvalidArgument("Arrow field '", n, "' has unknown date unit ", info.unit);
      dt = DataType::Date32();
      break;
    }
    case kTypeTimestamp: {
      ASSIGN_OR_RETURN(info.unit, type.Scalar<int16_t>(timestamp::kUnit, kTimeSecond));
      if (info.unit < kTimeSecond || info.unit > kTimeNanosecond)
        return InvalidArgument("Arrow field '", n, "' has unknown time unit ", info.unit);
      dt = DataType::Timestamp();
      break;
    }
    case kTypeList:
    case kTypeLargeList: {
      if (children.count != 1)
        return InvalidArgument("Arrow list field '", n, "' has ", children.count,
                               " children, expected 1");
      ASSIGN_OR_RETURN(fb::Table child, f.TableAt(children, 0));
      ASSIGN_OR_RETURN(FieldInfo c, ParseField(child, depth + 1));
      dt = DataType::List(c.field.type);
      info.large = type_type == kTypeLargeList;
      info.children.push_back(std::move(c));
      break;
    }
    default:
      return Unsupported(ArrowTypeName(type_type), n);
  }
  return info;
}

Result<StreamSchema> ParseSchema(const fb::Table& s) {
  ASSIGN_OR_RETURN(int16_t endianness, s.Scalar<int16_t>(schema::kEndianness, 0));
  if (endianness != 0) return Unimplemented("big-endian Arrow data is not supported");
  ASSIGN_OR_RETURN(fb::Table::Vector fields, s.VectorField(schema::kFields, 4));
  StreamSchema out;
  for (uint32_t i = 0; i < fields.count; ++i) {
    ASSIGN_OR_RETURN(fb::Table f, s.TableAt(fields, i));
    ASSIGN_OR_RETURN(FieldInfo info, ParseField(f, 0));
    out.schema.AddField(info.field);
    out.fields.push_back(std::move(info));
  }
  return out;
}

// One encapsulated message.
struct Message {
  uint8_t header_type = kHeaderNone;
  fb::Table header;
  std::string_view body;
};

// Walks the messages of a stream.
class MessageReader {
 public:
  explicit MessageReader(std::string_view bytes) : bytes_(bytes) {}

  // Reads the next message into `m`; false at the end (EOS marker or no bytes left).
  Result<bool> Next(Message* m) {
    if (pos_ == bytes_.size()) return false;
    ++index_;
    if (bytes_.size() - pos_ < 4) return Bad("truncated message prefix");
    uint32_t word = Load32(pos_);
    int64_t meta_len;
    if (word == kContinuation) {
      if (bytes_.size() - pos_ < 8) return Bad("truncated message prefix");
      meta_len = static_cast<int32_t>(Load32(pos_ + 4));
      pos_ += 8;
    } else {
      // Before Arrow 0.15 the length came first, without the continuation word.
      meta_len = static_cast<int32_t>(word);
      pos_ += 4;
    }
    if (meta_len == 0) return false;
    if (meta_len < 0 || static_cast<uint64_t>(meta_len) > bytes_.size() - pos_)
      return Bad("truncated message metadata");
    std::string_view meta = bytes_.substr(pos_, meta_len);
    pos_ += meta_len;
    ASSIGN_OR_RETURN(fb::Table msg, fb::Table::Root(meta, "message"));
    ASSIGN_OR_RETURN(int16_t version, msg.Scalar<int16_t>(message::kVersion, 0));
    if (version < kMetadataV4)
      return Unimplemented("Arrow metadata version V", version + 1,
                           " is not supported (V4 or later is)");
    ASSIGN_OR_RETURN(m->header_type, msg.Scalar<uint8_t>(message::kHeaderType, kHeaderNone));
    ASSIGN_OR_RETURN(m->header, msg.SubTable(message::kHeader));
    if (!m->header.valid()) return Bad("message without header");
    ASSIGN_OR_RETURN(int64_t body_len, msg.Scalar<int64_t>(message::kBodyLength, 0));
    if (body_len < 0 || static_cast<uint64_t>(body_len) > bytes_.size() - pos_)
      return Bad(m->header_type == kHeaderRecordBatch ? "truncated record batch body"
                                                      : "truncated message body");
    m->body = bytes_.substr(pos_, body_len);
    pos_ += body_len;
    return true;
  }

  int index() const { return index_; }

 private:
  uint32_t Load32(size_t at) const {
    uint32_t v;
    std::memcpy(&v, bytes_.data() + at, 4);
    return v;
  }
  Status Bad(const char* problem) const {
    return InvalidArgument(problem, " (Arrow IPC message ", index_, " at byte ", pos_, ")");
  }

  std::string_view bytes_;
  size_t pos_ = 0;
  int index_ = 0;
};

// 8 unpacked bool bytes for each possible bitmap byte.
struct BitUnpackTable {
  uint64_t entries[256];
  BitUnpackTable() {
    for (int b = 0; b < 256; ++b) {
      uint64_t v = 0;
      for (int i = 0; i < 8; ++i)
        if (b & (1 << i)) v |= uint64_t{1} << (8 * i);
      entries[b] = v;
    }
  }
};

// Decodes the columns of one RecordBatch body, consuming field nodes and buffers in the
// pre-order the format lays them out in.
class BatchDecoder {
 public:
  BatchDecoder(const fb::Table& rb, std::string_view body) : rb_(rb), body_(body) {}

  Status Init() {
    ASSIGN_OR_RETURN(nodes_, rb_.VectorField(record_batch::kNodes, sizeof(FieldNode)));
    ASSIGN_OR_RETURN(buffers_, rb_.VectorField(record_batch::kBuffers, sizeof(BufferSpec)));
    return OkStatus();
  }

  Result<ColumnPtr> ReadColumn(const FieldInfo& f) {
    const std::string& name = f.field.name;
    if (next_node_ >= nodes_.count)
      return InvalidArgument("Arrow record batch has too few field nodes (field '", name, "')");
    auto node = rb_.Load<FieldNode>(nodes_.start + sizeof(FieldNode) * next_node_++);
    int64_t len = node.length;
    // Kindred's offsets are int32, which bounds every column's length.
    if (len < 0 || len > INT32_MAX)
      return InvalidArgument("Arrow field '", name, "' has invalid length ", len);
    const DataType& t = f.field.type;
    if (t.id == TypeId::kNull) {
      // The Null layout has no buffers; every slot is null.
      Buffer validity((len + 7) / 8, 0);
      return Column::FromBuffers(t, len, std::move(validity), {});
    }
    ASSIGN_OR_RETURN(std::string_view validity_bytes, NextBuffer(name));
    Buffer validity;
    if (node.null_count != 0) {
      if (static_cast<int64_t>(validity_bytes.size()) < (len + 7) / 8)
        return InvalidArgument("Arrow field '", name, "' has a validity bitmap of ",
                               validity_bytes.size(), " bytes for ", len, " rows");
      validity = Copy(validity_bytes.substr(0, (len + 7) / 8));
    }
    ASSIGN_OR_RETURN(std::string_view values, NextBuffer(name));
    switch (t.id) {
      case TypeId::kBool: {
        if (static_cast<int64_t>(values.size()) < (len + 7) / 8)
          return TooShort(name, "bool values", values.size(), (len + 7) / 8);
        static const BitUnpackTable kTable;
        Buffer out(((len + 7) / 8) * 8);
        const auto* bits = reinterpret_cast<const uint8_t*>(values.data());
        for (int64_t b = 0; b < (len + 7) / 8; ++b)
          std::memcpy(out.data() + 8 * b, &kTable.entries[bits[b]], 8);
        out.resize(len);
        return Column::FromBuffers(t, len, std::move(validity), std::move(out));
      }
      case TypeId::kString:
      case TypeId::kBinary:
      case TypeId::kList: {
        int64_t first = 0, last = 0;
        ASSIGN_OR_RETURN(Buffer offsets, ReadOffsets(f, values, len, &first, &last));
        if (t.id == TypeId::kList) {
          ASSIGN_OR_RETURN(ColumnPtr child, ReadColumn(f.children[0]));
          if (child->length() < last)
            return InvalidArgument("Arrow list field '", name, "' offsets reach ", last,
                                   " but its child has ", child->length(), " values");
          if (first != 0 || last != child->length())
            child = SliceColumn(*child, first, last - first);
          return Column::FromBuffers(t, len, std::move(validity), {}, std::move(offsets),
                                     std::move(child));
        }
        ASSIGN_OR_RETURN(std::string_view data, NextBuffer(name));
        if (static_cast<int64_t>(data.size()) < last)
          return InvalidArgument("Arrow field '", name, "' offsets reach ", last,
                                 " but its data has ", data.size(), " bytes");
        return Column::FromBuffers(t, len, std::move(validity),
                                   Copy(data.substr(first, last - first)), std::move(offsets));
      }
      case TypeId::kDate32:
        if (f.unit == kDateMillisecond)
          return Convert64(f, values, len, std::move(validity),
                           [](int64_t ms) { return int64_t{FloorDiv(ms, 86400000)}; });
        break;
      case TypeId::kTimestamp:
        switch (f.unit) {
          case kTimeSecond:
            return Convert64(f, values, len, std::move(validity),
                             [](int64_t s) { return int64_t(uint64_t(s) * 1000000u); });
          case kTimeMillisecond:
            return Convert64(f, values, len, std::move(validity),
                             [](int64_t ms) { return int64_t(uint64_t(ms) * 1000u); });
          case kTimeNanosecond:
            return Convert64(f, values, len, std::move(validity),
                             [](int64_t ns) { return FloorDiv(ns, 1000); });
          default:
            break;
        }
        break;
      default:
        break;
    }
    int64_t bytes = len * t.byte_width();
    if (static_cast<int64_t>(values.size()) < bytes)
      return TooShort(name, "values", values.size(), bytes);
    return Column::FromBuffers(t, len, std::move(validity), Copy(values.substr(0, bytes)));
  }

 private:
  static int64_t FloorDiv(int64_t a, int64_t b) {
    int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
  }

  static Buffer Copy(std::string_view s) {
    Buffer b(s.size());
    if (!s.empty()) std::memcpy(b.data(), s.data(), s.size());
    return b;
  }

  static Status TooShort(const std::string& name, const char* what, size_t have, int64_t need) {
    return InvalidArgument("Arrow field '", name, "' has ", have, " bytes of ", what, ", needs ",
                           need);
  }

  // Reads 64-bit values and converts each to the Kindred unit (days or microseconds).
  template <typename Fn>
  Result<ColumnPtr> Convert64(const FieldInfo& f, std::string_view values, int64_t len,
                              Buffer validity, Fn convert) {
    if (static_cast<int64_t>(values.size()) < len * 8)
      return TooShort(f.field.name, "values", values.size(), len * 8);
    int w = f.field.type.byte_width();
    Buffer out(len * w);
    for (int64_t i = 0; i < len; ++i) {
      int64_t v;
      std::memcpy(&v, values.data() + 8 * i, 8);
      int64_t c = convert(v);
      if (w == 4) {
        int32_t c32 = static_cast<int32_t>(c);
        std::memcpy(out.data() + 4 * i, &c32, 4);
      } else {
        std::memcpy(out.data() + 8 * i, &c, 8);
      }
    }
    return Column::FromBuffers(f.field.type, len, std::move(validity), std::move(out));
  }

  // Validates the int32/int64 offsets of a string/binary/list field and returns them as int32
  // offsets starting at zero; `first`/`last` receive the original first and last offsets.
  Result<Buffer> ReadOffsets(const FieldInfo& f, std::string_view src, int64_t len, int64_t* first,
                             int64_t* last) {
    const std::string& name = f.field.name;
    Buffer out((len + 1) * 4, 0);
    *first = *last = 0;
    if (len == 0) return out;  // writers may omit the single zero offset of an empty array
    int width = f.large ? 8 : 4;
    if (static_cast<int64_t>(src.size()) < (len + 1) * width)
      return TooShort(name, "offsets", src.size(), (len + 1) * width);
    auto at = [&](int64_t i) -> int64_t {
      if (width == 4) {
        int32_t v;
        std::memcpy(&v, src.data() + 4 * i, 4);
        return v;
      }
      int64_t v;
      std::memcpy(&v, src.data() + 8 * i, 8);
      return v;
    };
    *first = at(0);
    *last = at(len);
    if (*first < 0 || *last < *first)
      return InvalidArgument("Arrow field '", name, "' has invalid offsets");
    if (*last - *first > INT32_MAX)
      return InvalidArgument("Arrow field '", name, "' holds more than 2 GiB in one batch");
    auto* o = reinterpret_cast<int32_t*>(out.data());
    int64_t prev = *first;
    for (int64_t i = 0; i <= len; ++i) {
      int64_t v = at(i);
      if (v < prev || v > *last)
        return InvalidArgument("Arrow field '", name, "' has decreasing offsets at row ", i);
      o[i] = static_cast<int32_t>(v - *first);
      prev = v;
    }
    return out;
  }

  Result<std::string_view> NextBuffer(const std::string& name) {
    if (next_buffer_ >= buffers_.count)
      return InvalidArgument("Arrow record batch has too few buffers (field '", name, "')");
    uint32_t i = next_buffer_++;
    auto spec = rb_.Load<BufferSpec>(buffers_.start + sizeof(BufferSpec) * i);
    if (spec.offset < 0 || spec.length < 0 || static_cast<uint64_t>(spec.offset) > body_.size() ||
        static_cast<uint64_t>(spec.length) > body_.size() - spec.offset)
      return InvalidArgument("truncated record batch body: buffer ", i, " (field '", name,
                             "') spans bytes ", spec.offset, "..", spec.offset + spec.length,
                             " of a ", body_.size(), "-byte body");
    return body_.substr(spec.offset, spec.length);
  }

  const fb::Table& rb_;
  std::string_view body_;
  fb::Table::Vector nodes_;
  fb::Table::Vector buffers_;
  uint32_t next_node_ = 0;
  uint32_t next_buffer_ = 0;
};

Result<TablePtr> DecodeRecordBatch(const StreamSchema& s, const Message& m) {
  const fb::Table& rb = m.header;
  ASSIGN_OR_RETURN(fb::Table compression, rb.SubTable(record_batch::kCompression));
  if (compression.valid()) {
    ASSIGN_OR_RETURN(int8_t codec, compression.Scalar<int8_t>(body_compression::kCodec, 0));
    return Unimplemented("Arrow IPC body compression ",
                         codec == kCompressionLz4Frame ? "LZ4_FRAME"
                         : codec == kCompressionZstd   ? "ZSTD"
                                                       : "(unknown codec)",
                         " is not supported; send uncompressed record batches");
  }
  ASSIGN_OR_RETURN(int64_t num_rows, rb.Scalar<int64_t>(record_batch::kLength, 0));
  BatchDecoder decoder(rb, m.body);
  RETURN_IF_ERROR(decoder.Init());
  std::vector<ColumnPtr> cols;
  cols.reserve(s.fields.size());
  for (const FieldInfo& f : s.fields) {
    ASSIGN_OR_RETURN(ColumnPtr c, decoder.ReadColumn(f));
    if (c->length() != num_rows)
      return InvalidArgument("Arrow field '", f.field.name, "' has ", c->length(),
                             " rows in a record batch of ", num_rows);
    cols.push_back(std::move(c));
  }
  return Table::MakeChecked(s.schema, std::move(cols));
}

struct DecodedStream {
  StreamSchema schema;
  std::vector<TablePtr> batches;
};

Result<StreamSchema> ReadSchemaMessage(MessageReader& reader) {
  Message m;
  ASSIGN_OR_RETURN(bool any, reader.Next(&m));
  if (!any) return InvalidArgument("Arrow IPC stream is empty (no schema message)");
  if (m.header_type != kHeaderSchema)
    return InvalidArgument("Arrow IPC stream does not start with a schema message");
  return ParseSchema(m.header);
}

Result<DecodedStream> DecodeStream(std::string_view bytes) {
  MessageReader reader(bytes);
  DecodedStream out;
  ASSIGN_OR_RETURN(out.schema, ReadSchemaMessage(reader));
  Message m;
  while (true) {
    ASSIGN_OR_RETURN(bool any, reader.Next(&m));
    if (!any) break;
    switch (m.header_type) {
      case kHeaderRecordBatch: {
        Result<TablePtr> batch = DecodeRecordBatch(out.schema, m);
        if (!batch.ok())
          return batch.status().WithContext(StrCat("Arrow IPC message ", reader.index()));
        out.batches.push_back(std::move(batch).value());
        break;
      }
      case kHeaderDictionaryBatch:
        return Unimplemented("Arrow dictionary batches are not supported");
      case kHeaderSchema:
        return InvalidArgument("Arrow IPC stream has a second schema message");
      default:
        return InvalidArgument("unexpected Arrow IPC message type ", int{m.header_type});
    }
  }
  return out;
}

// Appends `n` bits of `src` (null = all valid) at bit `pos` of `dst` (zero-initialised).
void AppendBits(uint8_t* dst, int64_t pos, const uint8_t* src, int64_t n) {
  if (src == nullptr) {
    for (int64_t i = 0; i < n; ++i) SetBit(dst, pos + i);
  } else if ((pos & 7) == 0) {
    std::memcpy(dst + pos / 8, src, (n + 7) / 8);
    if (n & 7) dst[(pos + n) / 8] &= uint8_t((1u << (n & 7)) - 1);
  } else {
    for (int64_t i = 0; i < n; ++i)
      if (GetBit(src, i)) SetBit(dst, pos + i);
  }
}

// Concatenates same-typed columns buffer by buffer (no per-value dispatch).
ColumnPtr ConcatBuffers(const std::vector<ColumnPtr>& cols) {
  if (cols.size() == 1) return cols[0];
  const DataType& t = cols[0]->type();
  int64_t total = 0;
  bool nulls = t.id == TypeId::kNull;
  for (const ColumnPtr& c : cols) {
    total += c->length();
    nulls = nulls || c->has_nulls();
  }
  Buffer validity;
  if (nulls) {
    validity.assign((total + 7) / 8 + 1, 0);
    int64_t pos = 0;
    for (const ColumnPtr& c : cols) {
      bool all_null = t.id == TypeId::kNull;
      if (!all_null)
        AppendBits(validity.data(), pos, c->has_nulls() ? c->validity_buffer().data() : nullptr,
                   c->length());
      pos += c->length();
    }
    validity.resize((total + 7) / 8);
  }
  if (t.id == TypeId::kNull) return Column::FromBuffers(t, total, std::move(validity), {});
  if (t.is_string_like() || t.id == TypeId::kList) {
    Buffer offsets((total + 1) * 4);
    auto* o = reinterpret_cast<int32_t*>(offsets.data());
    o[0] = 0;
    int64_t row = 0;
    int32_t base = 0;
    Buffer data;
    if (t.id != TypeId::kList) {
      size_t bytes = 0;
      for (const ColumnPtr& c : cols) bytes += c->offsets()[c->length()];
      data.reserve(bytes);
    }
    std::vector<ColumnPtr> children;
    for (const ColumnPtr& c : cols) {
      const int32_t* co = c->offsets();
      for (int64_t i = 0; i < c->length(); ++i) o[row + i + 1] = base + co[i + 1];
      row += c->length();
      base += co[c->length()];
      if (t.id == TypeId::kList) {
        children.push_back(c->child());
      } else {
        const Buffer& v = c->values_buffer();
        data.insert(data.end(), v.begin(), v.begin() + co[c->length()]);
      }
    }
    ColumnPtr child = t.id == TypeId::kList ? ConcatBuffers(children) : nullptr;
    return Column::FromBuffers(t, total, std::move(validity), std::move(data), std::move(offsets),
                               std::move(child));
  }
  int w = t.byte_width();
  Buffer values(total * w);
  int64_t pos = 0;
  for (const ColumnPtr& c : cols) {
    if (c->length() > 0)
      std::memcpy(values.data() + pos, c->values_buffer().data(), c->length() * w);
    pos += c->length() * w;
  }
  return Column::FromBuffers(t, total, std::move(validity), std::move(values));
}

}  // namespace

Result<std::vector<TablePtr>> ReadArrowIpcBatches(std::string_view bytes) {
  ASSIGN_OR_RETURN(DecodedStream s, DecodeStream(bytes));
  return std::move(s.batches);
}

Result<TablePtr> ReadArrowIpcStream(std::string_view bytes) {
  ASSIGN_OR_RETURN(DecodedStream s, DecodeStream(bytes));
  if (s.batches.empty()) return Table::Empty(s.schema.schema);
  if (s.batches.size() == 1) return s.batches[0];
  std::vector<ColumnPtr> cols;
  for (int i = 0; i < s.schema.schema.num_fields(); ++i) {
    std::vector<ColumnPtr> pieces;
    pieces.reserve(s.batches.size());
    for (const TablePtr& b : s.batches) pieces.push_back(b->column(i));
    cols.push_back(ConcatBuffers(pieces));
  }
  return Table::MakeChecked(s.schema.schema, std::move(cols));
}

Result<Schema> ReadArrowIpcSchema(std::string_view bytes) {
  MessageReader reader(bytes);
  ASSIGN_OR_RETURN(StreamSchema s, ReadSchemaMessage(reader));
  return std::move(s.schema);
}

}  // namespace kindred
