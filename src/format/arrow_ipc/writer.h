// Arrow IPC *stream* writer (the format Spark Connect uses for results and LocalRelation data):
// a Schema message, one RecordBatch message per Table, then the end-of-stream marker.
// Metadata version V5, little-endian, no body compression, body buffers 8-byte aligned.
// Type mapping: bool -> Bool (bits), int8..64 -> Int(signed), float/double -> FloatingPoint,
// string -> Utf8 (LargeUtf8), binary -> Binary (LargeBinary), date -> Date(DAY),
// timestamp -> Timestamp(MICROSECOND, timezone), decimal -> Decimal(p, s, 128),
// array<T> -> List (LargeList) with child field "element", void -> Null.
// The functions are thread-safe; an ArrowIpcStreamWriter is not (use one per stream).
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "columnar/types.h"
#include "common/status.h"

namespace kindred {

struct ArrowIpcWriteOptions {
  // Timestamp fields carry this zone, as Spark sends its session time zone. Empty writes a
  // zone-less (naive) timestamp.
  std::string timezone = "UTC";
  // LargeUtf8 / LargeBinary / LargeList with int64 offsets instead of the int32 forms.
  bool large_var_types = false;
};

// Serialises a whole stream: the schema message, one record batch message per table (each must
// match `schema` in column count and types; names may differ), and the EOS marker.
// Returns InvalidArgument naming the batch and column when a batch does not fit the schema.
Result<std::string> WriteArrowIpcStream(const Schema& schema, const std::vector<TablePtr>& batches,
                                        const ArrowIpcWriteOptions& options = {});

// Incremental form of WriteArrowIpcStream, for sending a stream in pieces: the concatenation
// Begin() + AppendBatch(b1) + ... + End() is a complete stream.
class ArrowIpcStreamWriter {
 public:
  explicit ArrowIpcStreamWriter(Schema schema, ArrowIpcWriteOptions options = {});

  // The encapsulated Schema message.
  std::string Begin();
  // One encapsulated RecordBatch message holding all rows of `batch`. InvalidArgument when the
  // batch's columns do not match the schema's count or types.
  Result<std::string> AppendBatch(const Table& batch);
  // Appends to `*out` one encapsulated RecordBatch message holding rows [offset, offset +
  // length) of `batch`, read in place (no copy of the batch first). Reserves room for
  // `extra_capacity` more bytes so a caller's trailer needs no reallocation. InvalidArgument
  // when the range is outside the batch or the columns do not match the schema; `*out` is
  // then unchanged.
  Status AppendBatchTo(const Table& batch, int64_t offset, int64_t length, std::string* out,
                       size_t extra_capacity = 0);
  // The end-of-stream marker (continuation word followed by a zero length).
  std::string End();

 private:
  Schema schema_;
  ArrowIpcWriteOptions options_;
};

}  // namespace kindred
