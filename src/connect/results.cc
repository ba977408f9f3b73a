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

Status ResultWriter::AppendRows(const Table& batch, int64_t offset, int64_t length,
                                int64_t row_bytes) {
  if (!pending_) {
    pending_.emplace();
    pending_rows_ = 0;
    pending_->mutable_arrow_batch()->mutable_data()->append(ipc_head_);
  }
  std::string* data = pending_->mutable_arrow_batch()->mutable_data();
  // A response that starts with a large batch gets room for all of it up front, so that later
  // record batches append without copying; a small result reserves only what it needs.
  const bool large = length * row_bytes >= options_.max_bytes_per_batch / 16;
  const size_t room = data->size() == ipc_head_.size() && large
                          ? static_cast<size_t>(options_.max_bytes_per_batch) + ipc_end_.size()
                          : ipc_end_.size();
  RETURN_IF_ERROR(ipc_->AppendBatchTo(batch, offset, length, data, room));
  pending_rows_ += length;
  // Spark's rule: a response ends once it holds both maxRecordsPerBatch rows and
  // maxBatchSize bytes.
  if (pending_rows_ >= options_.max_rows_per_batch &&
      static_cast<int64_t>(data->size()) >= options_.max_bytes_per_batch) {
    FlushPending();
  }
  return OkStatus();
}

void ResultWriter::FlushPending() {
  if (!pending_) return;
  auto* ab = pending_->mutable_arrow_batch();
  ab->mutable_data()->append(ipc_end_);
  ab->set_row_count(pending_rows_);
  ab->set_start_offset(rows_sent_);
  rows_sent_ += pending_rows_;
  ++batches_sent_;
  spark::connect::ExecutePlanResponse r = std::move(*pending_);
  pending_.reset();
  pending_rows_ = 0;
  emit_(std::move(r));
}

Status ResultWriter::AddBatch(const TablePtr& batch) {
  if (!ipc_) return FailedPrecondition("ResultWriter::AddBatch before Begin");
  const int64_t n = batch->num_rows();
  if (n == 0) return OkStatus();
  const int64_t row_bytes = ApproxRowBytes(*batch);
  for (int64_t off = 0; off < n;) {
    // The rows that complete the response being filled (both limits reached), as one record
    // batch, but never past the hard cap.
    const int64_t have_rows = pending_ ? pending_rows_ : 0;
    const int64_t have_bytes =
        pending_ ? static_cast<int64_t>(pending_->arrow_batch().data().size())
                 : static_cast<int64_t>(ipc_head_.size());
    int64_t want = std::max<int64_t>(
        {1, options_.max_rows_per_batch - have_rows,
         (options_.max_bytes_per_batch - have_bytes + row_bytes - 1) / row_bytes});
    int64_t room = (kMaxBatchBytes - have_bytes) / row_bytes;
    if (room < 1 && pending_) {
      FlushPending();
      continue;
    }
    const int64_t length = std::min({want, std::max<int64_t>(1, room), n - off});
    RETURN_IF_ERROR(AppendRows(*batch, off, length, row_bytes));
    off += length;
  }
  return OkStatus();
}

Status ResultWriter::Finish() {
  if (!ipc_) return FailedPrecondition("ResultWriter::Finish before Begin");
  FlushPending();
  if (batches_sent_ == 0) {
    RETURN_IF_ERROR(AppendRows(*Table::Empty(schema_), 0, 0, 1));
    FlushPending();
  }
  spark::connect::ExecutePlanResponse r;
  r.mutable_metrics();
  emit_(std::move(r));
  return OkStatus();
}

Result<std::string> EncodeArrowBatch(const Table& table, const ArrowIpcWriteOptions& options) {
  auto copy = std::make_shared<Table>(table);
  return WriteArrowIpcStream(table.schema(), {copy}, options);
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


}  // namespace kindred::connect
