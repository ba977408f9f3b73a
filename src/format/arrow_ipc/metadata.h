// Numbers from Arrow's Schema.fbs and Message.fbs shared by the IPC reader and writer: union
// member ids, enum values and table field ids (a field id is its position in the .fbs table).
#pragma once

#include <cstdint>

namespace kindred::arrow_ipc {

// 0xFFFFFFFF starts every encapsulated message since Arrow 0.15; a zero length after it is EOS.
inline constexpr uint32_t kContinuation = 0xFFFFFFFFu;

// MetadataVersion (short): V1=0 ... V4=3, V5=4.
inline constexpr int16_t kMetadataV4 = 3;
inline constexpr int16_t kMetadataV5 = 4;

// union MessageHeader.
enum MessageHeader : uint8_t {
  kHeaderNone = 0,
  kHeaderSchema = 1,
  kHeaderDictionaryBatch = 2,
  kHeaderRecordBatch = 3,
  kHeaderTensor = 4,
  kHeaderSparseTensor = 5,
};

// union Type, in Schema.fbs order.
enum ArrowType : uint8_t {
  kTypeNone = 0,
  kTypeNull = 1,
  kTypeInt = 2,
  kTypeFloatingPoint = 3,
  kTypeBinary = 4,
  kTypeUtf8 = 5,
  kTypeBool = 6,
  kTypeDecimal = 7,
  kTypeDate = 8,
  kTypeTime = 9,
  kTypeTimestamp = 10,
  kTypeInterval = 11,
  kTypeList = 12,
  kTypeStruct = 13,
  kTypeUnion = 14,
  kTypeFixedSizeBinary = 15,
  kTypeFixedSizeList = 16,
  kTypeMap = 17,
  kTypeDuration = 18,
  kTypeLargeBinary = 19,
  kTypeLargeUtf8 = 20,
  kTypeLargeList = 21,
  kTypeRunEndEncoded = 22,
  kTypeBinaryView = 23,
  kTypeUtf8View = 24,
  kTypeListView = 25,
  kTypeLargeListView = 26,
};

// Name of a Type union member as Schema.fbs spells it ("Interval"), for error messages.
inline const char* ArrowTypeName(uint8_t t) {
  static const char* const kNames[] = {
      "NONE",          "Null",      "Int",           "FloatingPoint",
      "Binary",        "Utf8",      "Bool",          "Decimal",
      "Date",          "Time",      "Timestamp",     "Interval",
      "List",          "Struct",    "Union",         "FixedSizeBinary",
      "FixedSizeList", "Map",       "Duration",      "LargeBinary",
      "LargeUtf8",     "LargeList", "RunEndEncoded", "BinaryView",
      "Utf8View",      "ListView",  "LargeListView"};
  return t < sizeof(kNames) / sizeof(kNames[0]) ? kNames[t] : "unknown";
}

// enum Precision: HALF, SINGLE, DOUBLE.
inline constexpr int16_t kPrecisionHalf = 0;
inline constexpr int16_t kPrecisionSingle = 1;
inline constexpr int16_t kPrecisionDouble = 2;
// enum DateUnit: DAY, MILLISECOND (the default).
inline constexpr int16_t kDateDay = 0;
inline constexpr int16_t kDateMillisecond = 1;
// enum TimeUnit: SECOND, MILLISECOND, MICROSECOND, NANOSECOND.
inline constexpr int16_t kTimeSecond = 0;
inline constexpr int16_t kTimeMillisecond = 1;
inline constexpr int16_t kTimeMicrosecond = 2;
inline constexpr int16_t kTimeNanosecond = 3;
// enum CompressionType: LZ4_FRAME, ZSTD.
inline constexpr int8_t kCompressionLz4Frame = 0;
inline constexpr int8_t kCompressionZstd = 1;

// Table field ids.
namespace message {  // table Message
inline constexpr int kVersion = 0, kHeaderType = 1, kHeader = 2, kBodyLength = 3;
}
namespace schema {  // table Schema
inline constexpr int kEndianness = 0, kFields = 1, kCustomMetadata = 2, kFeatures = 3;
}
namespace field {  // table Field (a union takes two ids: its type byte, then its value)
inline constexpr int kName = 0, kNullable = 1, kTypeType = 2, kType = 3, kDictionary = 4,
                     kChildren = 5, kCustomMetadata = 6;
}
namespace record_batch {  // table RecordBatch
inline constexpr int kLength = 0, kNodes = 1, kBuffers = 2, kCompression = 3,
                     kVariadicBufferCounts = 4;
}
namespace body_compression {  // table BodyCompression
inline constexpr int kCodec = 0, kMethod = 1;
}
namespace int_type {  // table Int
inline constexpr int kBitWidth = 0, kIsSigned = 1;
}
namespace floating_point {  // table FloatingPoint
inline constexpr int kPrecision = 0;
}
namespace decimal {  // table Decimal (bitWidth defaults to 128)
inline constexpr int kPrecision = 0, kScale = 1, kBitWidth = 2;
}
namespace date {  // table Date
inline constexpr int kUnit = 0;
}
namespace timestamp {  // table Timestamp
inline constexpr int kUnit = 0, kTimezone = 1;
}

// struct FieldNode { length: long; null_count: long; } and struct Buffer { offset; length; }.
struct FieldNode {
  int64_t length;
  int64_t null_count;
};
struct BufferSpec {
  int64_t offset;
  int64_t length;
};
static_assert(sizeof(FieldNode) == 16 && sizeof(BufferSpec) == 16);

}  // namespace kindred::arrow_ipc
