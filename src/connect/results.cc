#include "connect/results.h"

#include <algorithm>

#include "common/strings.h"
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
  ipc_.emplace(schema_, options_.arrow);
  // Every batch response is a whole IPC stream; its schema message and end marker are the
  // same each time.
  ipc_head_ = ipc_->Begin();
  ipc_end_ = ipc_->End();
  spark::connect::ExecutePlanResponse r;
  *r.mutable_schema() = SchemaToProto(schema);
  emit_(std::move(r));
}

Status ResultWriter::EmitRows(const Table& batch, int64_t offset, int64_t length) {
  spark::connect::ExecutePlanResponse r;
  auto* ab = r.mutable_arrow_batch();
  // The IPC stream is written straight into the response's bytes field: one copy of the rows.
  std::string* data = ab->mutable_data();
  data->append(ipc_head_);
  RETURN_IF_ERROR(ipc_->AppendBatchTo(batch, offset, length, data, ipc_end_.size()));
  data->append(ipc_end_);
  ab->set_row_count(length);
  ab->set_start_offset(rows_sent_);
  rows_sent_ += length;
  ++batches_sent_;
  emit_(std::move(r));
  return OkStatus();
}

Status ResultWriter::AddBatch(const TablePtr& batch) {
  if (!ipc_) return FailedPrecondition("ResultWriter::AddBatch before Begin");
  if (batch->num_rows() == 0) return OkStatus();
  const int64_t row_bytes = ApproxRowBytes(*batch);
  int64_t rows = std::max<int64_t>({1, options_.max_rows_per_batch,
                                    options_.max_bytes_per_batch / row_bytes});
  rows = std::min(rows, std::max<int64_t>(1, kMaxBatchBytes / row_bytes));
  for (int64_t off = 0; off < batch->num_rows(); off += rows) {
    RETURN_IF_ERROR(EmitRows(*batch, off, std::min(rows, batch->num_rows() - off)));
  }
  return OkStatus();
}

Status ResultWriter::Finish() {
  if (!ipc_) return FailedPrecondition("ResultWriter::Finish before Begin");
  if (batches_sent_ == 0) RETURN_IF_ERROR(EmitRows(*Table::Empty(schema_), 0, 0));
  spark::connect::ExecutePlanResponse r;
  r.mutable_metrics();
  emit_(std::move(r));
  return OkStatus();
}

bool ParseByteSize(std::string_view text, int64_t* bytes) {
  std::string t = ToLower(Trim(text));
  if (!t.empty() && t.back() == 'b') t.pop_back();
  int64_t unit = 1;
  if (!t.empty() && (t.back() == 'k' || t.back() == 'm' || t.back() == 'g')) {
    unit = t.back() == 'k' ? (1 << 10) : t.back() == 'm' ? (1 << 20) : (1 << 30);
    t.pop_back();
  }
  int64_t n = 0;
  if (!ParseInt64(t, &n) || n < 0 || n > INT64_MAX / unit) return false;
  *bytes = n * unit;
  return true;
}

Result<std::string> EncodeArrowBatch(const Table& table, const ArrowIpcWriteOptions& options) {
  auto copy = std::make_shared<Table>(table);
  return WriteArrowIpcStream(table.schema(), {copy}, options);
}

}  // namespace kindred::connect
