#include "format/arrow_ipc/writer.h"

#include <cstring>

#include "format/arrow_ipc/flatbuffer.h"
#include "format/arrow_ipc/metadata.h"

namespace kindred {
namespace {

using namespace arrow_ipc;  // NOLINT: the format's vocabulary, local to this file
using Ref = fb::Builder::Ref;

constexpr int64_t kBodyAlignment = 8;

int64_t PadTo8(int64_t n) { return (n + 7) & ~int64_t{7}; }

Ref BuildField(fb::Builder& b, const std::string& name, const DataType& type, bool nullable,
               const ArrowIpcWriteOptions& opt) {
  std::vector<Ref> children;
  if (type.id == TypeId::kList) {
    // Spark and Arrow C++ name a list's child "element".
    DataType element = type.element ? *type.element : DataType::Null();
    children.push_back(BuildField(b, "element", element, true, opt));
  }
  Ref children_ref = b.CreateOffsetVector(children);
  Ref name_ref = b.CreateString(name);
  Ref tz_ref = 0;
  if (type.id == TypeId::kTimestamp && !opt.timezone.empty()) tz_ref = b.CreateString(opt.timezone);

  uint8_t type_type = kTypeNull;
  b.StartTable();
  switch (type.id) {
    case TypeId::kNull:
      type_type = kTypeNull;
      break;
    case TypeId::kBool:
      type_type = kTypeBool;
      break;
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      type_type = kTypeInt;
      b.AddScalar<int32_t>(int_type::kBitWidth, type.byte_width() * 8);
      b.AddBool(int_type::kIsSigned, true);
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      type_type = kTypeFloatingPoint;
      b.AddScalar<int16_t>(floating_point::kPrecision,
                           type.id == TypeId::kFloat32 ? kPrecisionSingle : kPrecisionDouble);
      break;
    case TypeId::kString:
      type_type = opt.large_var_types ? kTypeLargeUtf8 : kTypeUtf8;
      break;
    case TypeId::kBinary:
      type_type = opt.large_var_types ? kTypeLargeBinary : kTypeBinary;
      break;
    case TypeId::kDate32:
      type_type = kTypeDate;
      b.AddScalar<int16_t>(date::kUnit, kDateDay);
      break;
    case TypeId::kTimestamp:
      type_type = kTypeTimestamp;
      b.AddScalar<int16_t>(timestamp::kUnit, kTimeMicrosecond);
      if (tz_ref) b.AddOffset(timestamp::kTimezone, tz_ref);
      break;
    case TypeId::kDecimal128:
      type_type = kTypeDecimal;
      b.AddScalar<int32_t>(decimal::kPrecision, type.precision);
      b.AddScalar<int32_t>(decimal::kScale, type.scale);
      b.AddScalar<int32_t>(decimal::kBitWidth, 128);
      break;
    case TypeId::kList:
      type_type = opt.large_var_types ? kTypeLargeList : kTypeList;
      break;
  }
  Ref type_ref = b.EndTable();

  b.StartTable();
  b.AddOffset(field::kName, name_ref);
  b.AddBool(field::kNullable, nullable);
  b.AddScalar<uint8_t>(field::kTypeType, type_type);
  b.AddOffset(field::kType, type_ref);
  b.AddOffset(field::kChildren, children_ref);
  return b.EndTable();
}

std::string FinishMessage(fb::Builder& b, uint8_t header_type, Ref header, int64_t body_length) {
  b.StartTable();
  b.AddScalar<int64_t>(message::kBodyLength, body_length);
  b.AddOffset(message::kHeader, header);
  b.AddScalar<int16_t>(message::kVersion, kMetadataV5);
  b.AddScalar<uint8_t>(message::kHeaderType, header_type);
  return b.Finish(b.EndTable());
}

// Appends the 8-byte encapsulation prefix; `meta` is already a multiple of 8 bytes long, so the
// body that follows starts 8-aligned.
void AppendPrefix(std::string* out, size_t meta_size) {
  uint32_t words[2] = {kContinuation, static_cast<uint32_t>(meta_size)};
  out->append(reinterpret_cast<const char*>(words), 8);
}

// One body buffer, described before any byte is copied so the metadata can be written first.
struct Piece {
  enum Kind : uint8_t { kCopy, kPackBits, kRebaseOffsets32, kWidenOffsets64 };
  Kind kind;
  const uint8_t* src;
  int64_t n;        // kCopy: bytes available; kPackBits: values; offsets kinds: entries
  int64_t out_len;  // bytes this buffer occupies (before padding)
  int32_t base;     // offsets kinds: subtracted from every offset
};

class BatchPlanner {
 public:
  explicit BatchPlanner(const ArrowIpcWriteOptions& opt) : opt_(opt) {}

  // Adds rows [off, off + len) of `col` (the whole column when off == 0 and len == length).
  // Buffers are referenced in place; only a validity bitmap starting mid-byte is sliced.
  Status AddColumn(const Column& col, const std::string& name, int64_t off, int64_t len) {
    const DataType& t = col.type();
    if (t.id == TypeId::kNull) {
      // The Null layout has no buffers; every slot is null.
      nodes_.push_back({len, len});
      return OkStatus();
    }
    if (col.null_count() > 0 && off % 8 != 0) {
      // Arrow bitmaps start at bit 0: shift by slicing this column first.
      keep_alive_.push_back(SliceColumn(col, off, len));
      return AddColumn(*keep_alive_.back(), name, 0, len);
    }
    int64_t nulls = col.null_count();
    if (nulls > 0 && len != col.length()) {
      nulls = 0;
      const uint8_t* bits = col.validity_buffer().data();
      for (int64_t i = off; i < off + len; ++i) nulls += !GetBit(bits, i);
    }
    nodes_.push_back({len, nulls});
    if (nulls > 0) {
      const Buffer& v = col.validity_buffer();
      int64_t start = off / 8;
      AddPiece({Piece::kCopy, v.data() + start, static_cast<int64_t>(v.size()) - start,
                (len + 7) / 8, 0});
    } else {
      AddPiece({Piece::kCopy, nullptr, 0, 0, 0});
    }
    switch (t.id) {
      case TypeId::kBool:
        RETURN_IF_ERROR(CheckValues(col, name, off + len));
        AddPiece({Piece::kPackBits, col.values_buffer().data() + off, len, (len + 7) / 8, 0});
        return OkStatus();
      case TypeId::kString:
      case TypeId::kBinary:
      case TypeId::kList: {
        if (static_cast<int64_t>(col.offsets_buffer().size()) < (off + len + 1) * 4)
          return InvalidArgument("column '", name, "' has too few offsets for ", off + len, " rows");
        const int32_t* o = col.offsets() + off;
        int32_t base = o[0], end = o[len];
        AddOffsets(col.offsets_buffer().data() + off * 4, len + 1, base);
        if (t.id != TypeId::kList) {
          if (static_cast<int64_t>(col.values_buffer().size()) < end)
            return InvalidArgument("column '", name, "' offsets point past its bytes");
          AddPiece({Piece::kCopy, col.values_buffer().data() + base, end - base, end - base, 0});
          return OkStatus();
        }
        if (!col.child()) return InvalidArgument("list column '", name, "' has no child");
        const Column* child = col.child().get();
        if (base != 0 || end != child->length()) {
          // Arrow wants the child to hold exactly the referenced slots.
          keep_alive_.push_back(SliceColumn(*child, base, end - base));
          child = keep_alive_.back().get();
        }
        return AddColumn(*child, name + ".element", 0, child->length());
      }
      default: {
        int64_t w = t.byte_width();
        RETURN_IF_ERROR(CheckValues(col, name, (off + len) * w));
        AddPiece({Piece::kCopy, col.values_buffer().data() + off * w, len * w, len * w, 0});
        return OkStatus();
      }
    }
  }

  // Encodes the RecordBatch metadata for `num_rows` rows; call before EncodedSize/AppendTo.
  void BuildMetadata(int64_t num_rows) {
    fb::Builder b;
    Ref nodes = b.CreateStructVector(nodes_.data(), sizeof(FieldNode), nodes_.size(), 8);
    Ref buffers = b.CreateStructVector(specs_.data(), sizeof(BufferSpec), specs_.size(), 8);
    b.StartTable();
    b.AddScalar<int64_t>(record_batch::kLength, num_rows);
    b.AddOffset(record_batch::kNodes, nodes);
    b.AddOffset(record_batch::kBuffers, buffers);
    Ref rb = b.EndTable();
    meta_ = FinishMessage(b, kHeaderRecordBatch, rb, body_size_);
  }

  size_t EncodedSize() const { return 8 + meta_.size() + body_size_; }

  // Appends the encapsulated message: prefix, metadata, then every buffer, each padded to 8.
  void AppendTo(std::string* out) const {
    AppendPrefix(out, meta_.size());
    out->append(meta_);
    for (const Piece& p : pieces_) {
      size_t start = out->size();
      Emit(p, out);
      out->append(PadTo8(p.out_len) - (out->size() - start), '\0');
    }
  }

 private:
  Status CheckValues(const Column& col, const std::string& name, int64_t bytes) {
    if (static_cast<int64_t>(col.values_buffer().size()) < bytes)
      return InvalidArgument("column '", name, "' holds ", col.values_buffer().size(),
                             " value bytes, expected ", bytes);
    return OkStatus();
  }

  void AddOffsets(const uint8_t* src, int64_t entries, int32_t base) {
    if (opt_.large_var_types) {
      AddPiece({Piece::kWidenOffsets64, src, entries, entries * 8, base});
    } else if (base != 0) {
      AddPiece({Piece::kRebaseOffsets32, src, entries, entries * 4, base});
    } else {
      AddPiece({Piece::kCopy, src, entries * 4, entries * 4, 0});
    }
  }

  void AddPiece(const Piece& p) {
    specs_.push_back({body_size_, p.out_len});
    body_size_ += PadTo8(p.out_len);
    pieces_.push_back(p);
  }

  // Copies one buffer. Converting kinds go through a small stack chunk so that appending never
  // zero-fills memory first.
  static void Emit(const Piece& p, std::string* out) {
    switch (p.kind) {
      case Piece::kCopy: {
        int64_t n = p.n < p.out_len ? p.n : p.out_len;
        if (n > 0) out->append(reinterpret_cast<const char*>(p.src), n);
        if (p.out_len > n) out->append(p.out_len - n, '\0');
        return;
      }
      case Piece::kPackBits: {
        uint8_t chunk[4096];
        int64_t full = p.n / 8;
        int64_t fill = 0;
        for (int64_t g = 0; g < full; ++g) {
          uint64_t x;
          std::memcpy(&x, p.src + g * 8, 8);
          // Any non-zero byte counts as true: set each byte's top bit iff the byte is non-zero.
          x = (((x & 0x7F7F7F7F7F7F7F7Full) + 0x7F7F7F7F7F7F7F7Full) | x) & 0x8080808080808080ull;
          // Gather the eight top bits into one byte, byte i landing on bit i.
          chunk[fill++] = static_cast<uint8_t>(((x >> 7) * 0x0102040810204080ull) >> 56);
          if (fill == sizeof(chunk)) {
            out->append(reinterpret_cast<const char*>(chunk), fill);
            fill = 0;
          }
        }
        if (p.n % 8) {
          uint8_t last = 0;
          for (int64_t i = full * 8; i < p.n; ++i)
            if (p.src[i]) last |= uint8_t(1u << (i & 7));
          chunk[fill++] = last;
        }
        out->append(reinterpret_cast<const char*>(chunk), fill);
        return;
      }
      case Piece::kRebaseOffsets32:
      case Piece::kWidenOffsets64: {
        int64_t chunk[512];
        const bool wide = p.kind == Piece::kWidenOffsets64;
        auto* narrow = reinterpret_cast<int32_t*>(chunk);
        const int64_t per_chunk = wide ? 512 : 1024;
        for (int64_t i = 0; i < p.n; i += per_chunk) {
          int64_t m = p.n - i < per_chunk ? p.n - i : per_chunk;
          for (int64_t k = 0; k < m; ++k) {
            int32_t o;
            std::memcpy(&o, p.src + (i + k) * 4, 4);
            if (wide) {
              chunk[k] = int64_t{o} - p.base;
            } else {
              narrow[k] = o - p.base;
            }
          }
          out->append(reinterpret_cast<const char*>(chunk), m * (wide ? 8 : 4));
        }
        return;
      }
    }
  }

  const ArrowIpcWriteOptions& opt_;
  std::vector<FieldNode> nodes_;
  std::vector<BufferSpec> specs_;
  std::vector<Piece> pieces_;
  std::vector<ColumnPtr> keep_alive_;
  int64_t body_size_ = 0;
  std::string meta_;
};

Status PlanBatch(const Schema& schema, const Table& batch, int64_t offset, int64_t length,
                 BatchPlanner* planner) {
  if (offset < 0 || length < 0 || offset + length > batch.num_rows())
    return InvalidArgument("Arrow IPC batch rows [", offset, ", ", offset + length,
                           ") are outside the batch's ", batch.num_rows(), " rows");
  if (batch.num_columns() != schema.num_fields())
    return InvalidArgument("Arrow IPC batch has ", batch.num_columns(), " columns, schema has ",
                           schema.num_fields());
  for (int i = 0; i < batch.num_columns(); ++i) {
    const Field& f = schema.field(i);
    const Column& col = *batch.column(i);
    if (col.type() != f.type)
      return InvalidArgument("Arrow IPC batch column '", f.name, "' is ", col.type().ToString(),
                             ", schema says ", f.type.ToString());
    if (col.length() != batch.num_rows())
      return InvalidArgument("Arrow IPC batch column '", f.name, "' has ", col.length(),
                             " rows, batch has ", batch.num_rows());
    RETURN_IF_ERROR(planner->AddColumn(col, f.name, offset, length));
  }
  planner->BuildMetadata(length);
  return OkStatus();
}

}  // namespace

ArrowIpcStreamWriter::ArrowIpcStreamWriter(Schema schema, ArrowIpcWriteOptions options)
    : schema_(std::move(schema)), options_(std::move(options)) {}

std::string ArrowIpcStreamWriter::Begin() {
  fb::Builder b;
  std::vector<Ref> fields;
  for (const Field& f : schema_.fields())
    fields.push_back(BuildField(b, f.name, f.type, f.nullable, options_));
  Ref fields_ref = b.CreateOffsetVector(fields);
  b.StartTable();
  b.AddScalar<int16_t>(schema::kEndianness, 0);  // Little
  b.AddOffset(schema::kFields, fields_ref);
  Ref schema_ref = b.EndTable();
  std::string meta = FinishMessage(b, kHeaderSchema, schema_ref, 0);
  std::string out;
  out.reserve(8 + meta.size());
  AppendPrefix(&out, meta.size());
  out.append(meta);
  return out;
}

Result<std::string> ArrowIpcStreamWriter::AppendBatch(const Table& batch) {
  std::string out;
  RETURN_IF_ERROR(AppendBatchTo(batch, 0, batch.num_rows(), &out));
  return out;
}

Status ArrowIpcStreamWriter::AppendBatchTo(const Table& batch, int64_t offset, int64_t length,
                                           std::string* out, size_t extra_capacity) {
  BatchPlanner planner(options_);
  RETURN_IF_ERROR(PlanBatch(schema_, batch, offset, length, &planner));
  out->reserve(out->size() + planner.EncodedSize() + extra_capacity);
  planner.AppendTo(out);
  return OkStatus();
}

std::string ArrowIpcStreamWriter::End() {
  uint32_t words[2] = {kContinuation, 0};
  return std::string(reinterpret_cast<const char*>(words), 8);
}

Result<std::string> WriteArrowIpcStream(const Schema& schema, const std::vector<TablePtr>& batches,
                                        const ArrowIpcWriteOptions& options) {
  // Plan every batch first so the whole stream is written into one allocation, once.
  ArrowIpcStreamWriter writer(schema, options);
  std::string head = writer.Begin();
  std::vector<BatchPlanner> planners;
  planners.reserve(batches.size());
  size_t total = head.size() + 8;
  for (size_t i = 0; i < batches.size(); ++i) {
    planners.emplace_back(options);
    Status st = PlanBatch(schema, *batches[i], 0, batches[i]->num_rows(), &planners.back());
    if (!st.ok()) return st.WithContext(StrCat("batch ", i));
    total += planners.back().EncodedSize();
  }
  std::string out;
  out.reserve(total);
  out.append(head);
  for (const BatchPlanner& p : planners) p.AppendTo(&out);
  out.append(writer.End());
  return out;
}

}  // namespace kindred
