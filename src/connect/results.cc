#include "connect/results.h"

#include <algorithm>

#include "connect/translate/types.h"

namespace kindred::connect {

namespace {

// Bytes a column adds to an Arrow batch (values and offsets; validity is noise).
int64_t ColumnBytes(const Column& c) {
  int64_t n = c.length();
  switch (c.type().id) {
    case TypeId::kString:
    case TypeId::kBinary:
      return n == 0 ? 0 : 4 * n + (c.offsets()[n] - c.offsets()[0]);
    case TypeId::kList:
      return 4 * n + (c.child() ? ColumnBytes(*c.child()) : 0);
    default:
      return n * std::max(1, c.type().byte_width());
  }
}

// Average encoded bytes per row, so batches stay far below the gRPC message limit even for
// wide string rows.
int64_t ApproxRowBytes(const Table& t) {
  if (t.num_rows() == 0) return 1;
  int64_t bytes = 0;
  for (const auto& c : t.columns()) bytes += ColumnBytes(*c);
  return std::max<int64_t>(1, bytes / t.num_rows());
}

}  // namespace

ResultWriter::ResultWriter(ResultOptions options, Emit emit)
    : options_(std::move(options)), emit_(std::move(emit)) {}

void ResultWriter::Begin(const Schema& schema) {
  schema_ = schema;
  spark::connect::ExecutePlanResponse r;
  *r.mutable_schema() = SchemaToProto(schema);
  emit_(std::move(r));
}

Status ResultWriter::EmitSlice(const TablePtr& batch) {
  ASSIGN_OR_RETURN(std::string data, WriteArrowIpcStream(schema_, {batch}, options_.arrow));
  spark::connect::ExecutePlanResponse r;
  auto* ab = r.mutable_arrow_batch();
  ab->set_row_count(batch->num_rows());
  ab->set_data(std::move(data));
  ab->set_start_offset(rows_sent_);
  rows_sent_ += batch->num_rows();
  ++batches_sent_;
  emit_(std::move(r));
  return OkStatus();
}

Status ResultWriter::AddBatch(const TablePtr& batch) {
  if (batch->num_rows() == 0) return OkStatus();
  int64_t rows = std::max<int64_t>(1, options_.max_rows_per_batch);
  int64_t by_bytes = std::max<int64_t>(1, options_.max_bytes_per_batch / ApproxRowBytes(*batch));
  rows = std::min(rows, by_bytes);
  if (batch->num_rows() <= rows) return EmitSlice(batch);
  for (int64_t off = 0; off < batch->num_rows(); off += rows) {
    RETURN_IF_ERROR(EmitSlice(batch->Slice(off, rows)));
  }
  return OkStatus();
}

Status ResultWriter::Finish() {
  if (batches_sent_ == 0) RETURN_IF_ERROR(EmitSlice(Table::Empty(schema_)));
  spark::connect::ExecutePlanResponse r;
  r.mutable_metrics();
  emit_(std::move(r));
  return OkStatus();
}

Result<std::string> EncodeArrowBatch(const Table& table, const ArrowIpcWriteOptions& options) {
  auto copy = std::make_shared<Table>(table);
  return WriteArrowIpcStream(table.schema(), {copy}, options);
}

}  // namespace kindred::connect
