// Turns a query result into ExecutePlan responses in Spark's order: one response carrying the
// schema, then Arrow batches (each an Arrow IPC stream of schema + one record batch, with exact
// row_count and start_offset; at least one, even for an empty result), then metrics.
// ResultComplete is the executor's business (reattachable executions only). Response ids and
// session/operation ids are filled in by the `emit` callback's owner.
// A ResultWriter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "columnar/table.h"
#include "common/status.h"
#include "format/arrow_ipc/writer.h"
#include "spark/connect/base.pb.h"

namespace kindred::connect {

// As in Spark's server, an Arrow batch ends once it holds both max_rows_per_batch rows and
// about max_bytes_per_batch bytes (so small rows travel in batches of about 4 MiB), but never
// exceeds kMaxBatchBytes, half the gRPC message limit.
struct ResultOptions {
  // spark.sql.execution.arrow.maxRecordsPerBatch.
  int64_t max_rows_per_batch = 10000;
  // spark.connect.grpc.arrow.maxBatchSize.
  int64_t max_bytes_per_batch = 4 << 20;
  ArrowIpcWriteOptions arrow;
};
inline constexpr int64_t kMaxBatchBytes = 64 << 20;

// "4m", "512k", "1g", "1048576" (optionally with a trailing "b") as bytes; false otherwise.
bool ParseByteSize(std::string_view text, int64_t* bytes);

class ResultWriter {
 public:
  using Emit = std::function<void(spark::connect::ExecutePlanResponse)>;
  ResultWriter(ResultOptions options, Emit emit);

  // Emits the schema response. Must come first.
  void Begin(const Schema& schema);
  // Adds `batch`'s rows to the arrow_batch responses, encoded from the batch in place. Rows of
  // consecutive batches share a response (one IPC stream holding several record batches)
  // until it holds both limits' worth; full responses are emitted as they fill.
  // InvalidArgument when the batch does not match the schema given to Begin;
  // FailedPrecondition before Begin.
  Status AddBatch(const TablePtr& batch);
  // Emits the response being filled (or an empty batch if none was sent), then the metrics.
  Status Finish();

  int64_t rows_sent() const { return rows_sent_; }

 private:
  // Appends rows [offset, offset + length) of `batch` (about `row_bytes` each) to the response
  // being filled.
  Status AppendRows(const Table& batch, int64_t offset, int64_t length, int64_t row_bytes);
  // Ends the response being filled and emits it (nothing when there is none).
  void FlushPending();

  ResultOptions options_;
  Emit emit_;
  Schema schema_;
  std::optional<ArrowIpcStreamWriter> ipc_;
  std::string ipc_head_;  // the encapsulated schema message every batch's stream starts with
  std::string ipc_end_;   // the end-of-stream marker
  int64_t rows_sent_ = 0;
  int64_t batches_sent_ = 0;
  // The response being filled: its IPC stream so far and its rows.
  std::optional<spark::connect::ExecutePlanResponse> pending_;
  int64_t pending_rows_ = 0;
};

// Encodes `table` as a one-batch Arrow IPC stream (used for LocalRelation round trips and tests).
Result<std::string> EncodeArrowBatch(const Table& table, const ArrowIpcWriteOptions& options = {});

}  // namespace kindred::connect
