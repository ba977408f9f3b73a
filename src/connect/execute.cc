#include "connect/execute.h"

#include <chrono>
#include <filesystem>
#include <mutex>

#include "connect/errors.h"
#include "connect/extensions.h"
#include "connect/results.h"
#include "connect/sql_statements.h"
#include "connect/translate/translate.h"
#include "common/file_util.h"
#include "common/thread_pool.h"
#include "format/csv/writer.h"
#include "format/json/writer.h"
#include "sql/exec/operators.h"
#include "sql/plan/bound_plan.h"

namespace kindred::connect {

namespace pb = spark::connect;

void StampResponse(const Session& session, const Operation& op, pb::ExecutePlanResponse* r) {
  r->set_session_id(session.session_id());
  r->set_server_side_session_id(session.server_side_session_id());
  r->set_operation_id(op.id());
  r->set_response_id(NewUuid());
}

sql::ExecContext MakeExecContext(Session* session, std::atomic<bool>* cancelled) {
  sql::ExecContext ctx;
  ctx.catalog = &session->catalog();
  ctx.cancelled = cancelled;
  ctx.session_time_zone = session->config().Get("spark.sql.session.timeZone").value_or("UTC");
  return ctx;
}

namespace {

Status CancelledError() {
  return SparkError(StatusCode::kCancelled, "OPERATION_CANCELED", "HY008", {},
                    "Operation has been canceled.", {"org.apache.spark.SparkException"});
}

// Rows computed per step when a result streams in steps (see RowWiseRange): several morsels,
// so the pool's threads share each step, and small enough that the client drains the socket
// while the server computes the next step.
constexpr int64_t kStreamStepRows = 4 * sql::kBatchRows;

// The range() at the bottom of `p` when `p` is only deterministic projections and filters over
// it: such a query can run on consecutive slices of the range, each slice's rows independent
// of the others. Null for anything else (aggregates, sorts, limits, subqueries, row-position
// functions such as monotonically_increasing_id or rand).
const sql::BoundPlan* RowWiseRange(const sql::BoundPlan& p) {
  const sql::BoundPlan* node = &p;
  while (true) {
    if (!node->subqueries.empty()) return nullptr;
    switch (node->kind) {
      case sql::BoundPlanKind::kRange:
        return node;
      case sql::BoundPlanKind::kProject:
        for (const auto& e : node->exprs)
          if (!e->deterministic) return nullptr;
        break;
      case sql::BoundPlanKind::kFilter:
        if (!node->condition || !node->condition->deterministic) return nullptr;
        break;
      default:
        return nullptr;
    }
    if (node->children.size() != 1) return nullptr;
    node = node->children[0].get();
  }
}

// Whether the logical plan is a chain of row-wise steps over a range() of more than one step's
// rows: the cheap test made before analysing the plan a second time (analysis reads data
// sources, so other plans go straight to the general path).
bool LooksLikeLongRowWiseRange(const sql::LogicalPlan& p) {
  const sql::LogicalPlan* node = &p;
  while (true) {
    switch (node->kind) {
      case sql::PlanKind::kRange: {
        __int128 span = static_cast<__int128>(node->end) - node->start;
        return node->step != 0 && span / node->step > kStreamStepRows;
      }
      case sql::PlanKind::kProject:
      case sql::PlanKind::kFilter:
      case sql::PlanKind::kWithColumns:
      case sql::PlanKind::kWithColumnsRenamed:
      case sql::PlanKind::kDrop:
      case sql::PlanKind::kToDF:
      case sql::PlanKind::kSubqueryAlias:
      case sql::PlanKind::kRepartition:
      case sql::PlanKind::kHint:
        break;
      default:
        return false;
    }
    if (node->children.size() != 1) return false;
    node = node->children[0].get();
  }
}

// Values in the range (Spark's semantics, as the range operator counts them).
int64_t RangeCount(const sql::BoundPlan& r) {
  __int128 span = static_cast<__int128>(r.end) - r.start;
  if (!((r.step > 0 && span > 0) || (r.step < 0 && span < 0))) return 0;
  __int128 s = r.step;
  return static_cast<int64_t>((span + (r.step > 0 ? s - 1 : s + 1)) / s);
}

// `p` with its range restricted to the values [first, first + count) of its sequence.
sql::BoundPlanPtr WithRangeSlice(const sql::BoundPlan& p, int64_t first, int64_t count) {
  auto copy = std::make_shared<sql::BoundPlan>(p);
  if (p.kind == sql::BoundPlanKind::kRange) {
    // Wrapping arithmetic, as the range operator computes its values.
    uint64_t step = static_cast<uint64_t>(p.step);
    copy->start = static_cast<int64_t>(static_cast<uint64_t>(p.start) +
                                       static_cast<uint64_t>(first) * step);
    // The last slice keeps the original end; earlier ones end inside the range (no overflow).
    if (first + count < RangeCount(p)) {
      copy->end = static_cast<int64_t>(static_cast<uint64_t>(copy->start) +
                                       static_cast<uint64_t>(count) * step);
    }
  } else {
    copy->children[0] = WithRangeSlice(*p.children[0], first, count);
  }
  return copy;
}

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

class Execution {
 public:
  Execution(Session* session, Operation* op, const ExtensionRegistry* extensions,
            const std::function<void()>& after_append)
      : session_(session),
        op_(op),
        after_append_(after_append),
        exec_(MakeExecContext(session, op->cancelled_flag())) {
    tctx_.session = session;
    tctx_.extensions = extensions;
    tctx_.exec = &exec_;
    tctx_.compute_persisted = true;
  }

  void Emit(pb::ExecutePlanResponse r) {
    StampResponse(*session_, *op_, &r);
    op_->Append(std::move(r));
    if (after_append_) after_append_();
  }

  ResultOptions MakeResultOptions() {
    ResultOptions opts;
    int64_t rows = 0;
    auto v = session_->config().Get("spark.sql.execution.arrow.maxRecordsPerBatch");
    if (v && ParseInt64(*v, &rows) && rows > 0) opts.max_rows_per_batch = rows;
    int64_t bytes = 0;
    auto b = session_->config().Get("spark.connect.grpc.arrow.maxBatchSize");
    if (b && ParseByteSize(*b, &bytes) && bytes > 0) opts.max_bytes_per_batch = bytes;
    opts.arrow.timezone = exec_.session_time_zone;
    opts.arrow.large_var_types =
        session_->config().GetBool("spark.sql.execution.arrow.useLargeVarTypes", false);
    return opts;
  }

  // Row-wise queries over range() are computed and sent step by step instead of computing
  // every row before the first response: sending overlaps computing, and memory stays small.
  // Returns nullopt when the query is not of that shape.
  std::optional<Status> StreamRowWiseRange(const sql::PlanPtr& plan, ResultWriter* writer) {
    if (!LooksLikeLongRowWiseRange(*plan)) return std::nullopt;
    auto bound = sql::BindPlan(plan, exec_);
    if (!bound.ok()) return std::nullopt;  // the general path reports the error
    const sql::BoundPlan* range = RowWiseRange(**bound);
    if (range == nullptr) return std::nullopt;
    int64_t n = RangeCount(*range);
    if (n <= kStreamStepRows) return std::nullopt;
    sql::ExecState st;
    st.ctx = &exec_;
    st.now_micros = NowMicros();  // one clock for every step, as for a single execution
    // Each step is computed, then sent, by this thread; sending (and, on a small machine, the
    // client reading) needs a core, so a step's computation leaves one: on 2 cores the steps
    // run on this thread alone, which measured ~10% faster streams than using both.
    st.parallelism = std::max(1, ThreadPool::Default().size() - 1);
    writer->Begin((*bound)->schema());
    auto compute = [&](int64_t first) -> Result<sql::Chunked> {
      return sql::ExecuteBound(*WithRangeSlice(**bound, first, std::min(kStreamStepRows, n - first)),
                               st);
    };
    auto send = [&](const sql::Chunked& part) -> Status {
      for (const TablePtr& b : part.batches) {
        if (b->num_rows() > 0) RETURN_IF_ERROR(writer->AddBatch(b));
      }
      return OkStatus();
    };
    // Steps run one after another: on a small machine the client needs the other core, and
    // computing the next step while writing measured slower than this.
    for (int64_t first = 0; first < n; first += kStreamStepRows) {
      auto part = compute(first);
      if (!part.ok()) return part.status();
      Status sent = send(*part);
      if (!sent.ok()) return sent;
    }
    return writer->Finish();
  }

  Status StreamQuery(const sql::PlanPtr& plan) {
    ResultWriter writer(MakeResultOptions(), [this](pb::ExecutePlanResponse r) { Emit(std::move(r)); });
    if (auto done = StreamRowWiseRange(plan, &writer)) return *done;
    const Schema* schema = nullptr;
    bool begun = false;
    Status st = sql::ExecutePlanStreaming(plan, exec_, &schema, [&](const TablePtr& batch) {
      if (!begun) {
        writer.Begin(schema ? *schema : batch->schema());
        begun = true;
      }
      return writer.AddBatch(batch);
    });
    RETURN_IF_ERROR(st);
    if (!begun) {
      ASSIGN_OR_RETURN(Schema s, sql::AnalyzeSchema(plan, exec_));
      writer.Begin(s);
    }
    return writer.Finish();
  }

  Status StreamTable(const TablePtr& table) {
    ResultWriter writer(MakeResultOptions(), [this](pb::ExecutePlanResponse r) { Emit(std::move(r)); });
    writer.Begin(table->schema());
    RETURN_IF_ERROR(writer.AddBatch(table));
    return writer.Finish();
  }

  Status RunWrite(const pb::WriteOperation& w) {
    std::string source = w.has_source() ? ToLower(w.source()) : "";
    if (source.empty()) {
      source = ToLower(session_->config().Get("spark.sql.sources.default").value_or(""));
    }
    if (source != "csv" && source != "json")
      return UnsupportedFeature(StrCat("writing data source '", source, "'"));
    if (w.save_type_case() != pb::WriteOperation::kPath) {
      return UnsupportedFeature("saving to a table (saveAsTable / insertInto)");
    }
    if (w.partitioning_columns_size() > 0 || w.has_bucket_by()) {
      return UnsupportedFeature("partitioned or bucketed writes");
    }
    ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(w.input(), &tctx_));
    namespace fs = std::filesystem;
    fs::path dir(w.path());
    std::error_code ec;
    bool exists = fs::exists(dir, ec);
    switch (w.mode()) {
      case pb::WriteOperation::SAVE_MODE_IGNORE:
        if (exists) return OkStatus();
        break;
      case pb::WriteOperation::SAVE_MODE_OVERWRITE:
      case pb::WriteOperation::SAVE_MODE_APPEND:
        break;
      default:
        if (exists) {
          return SparkError(StatusCode::kAlreadyExists, "PATH_ALREADY_EXISTS", "42K04",
                            {{"outputPath", dir.string()}},
                            StrCat("Path ", dir.string(), " already exists. Set mode as "
                                   "\"overwrite\" to overwrite the existing path."),
                            {kAnalysisExceptionClass});
        }
    }
    // The query runs before anything on disk changes, so a failing query loses no old output.
    ASSIGN_OR_RETURN(TablePtr table, sql::ExecutePlan(plan, exec_));
    std::string content;
    if (source == "json") {
      content = WriteJsonString(*table);
    } else {
      CsvWriteOptions opts;
      opts.header = false;  // Spark's CSV writer default
      for (const auto& [k, v] : w.options()) {
        std::string key = ToLower(k);
        if (key == "header") opts.header = ToLower(v) == "true";
        if ((key == "sep" || key == "delimiter") && !v.empty()) opts.delimiter = v[0];
        if (key == "nullvalue") opts.null_value = v;
        if (key == "quoteall") opts.quote_all = ToLower(v) == "true";
      }
      content = WriteCsvString(*table, opts);
    }
    std::string part = StrCat("part-", NewUuid(), ".", source);
    if (exists && w.mode() == pb::WriteOperation::SAVE_MODE_APPEND) {
      RETURN_IF_ERROR(WriteFileAtomic((dir / part).string(), content));
      return WriteFileAtomic((dir / "_SUCCESS").string(), "");
    }
    // A new folder is built beside the target and swapped in: readers see the old output or
    // the new one, never a half-written mix. Spark marks a finished write with _SUCCESS.
    fs::path staging = dir.string() + ".kindred-staging-" + NewUuid();
    RETURN_IF_ERROR(WriteFileAtomic((staging / part).string(), content));
    RETURN_IF_ERROR(WriteFileAtomic((staging / "_SUCCESS").string(), ""));
    fs::path old = dir.string() + ".kindred-old-" + NewUuid();
    if (exists) {
      fs::rename(dir, old, ec);
      if (ec) {
        fs::remove_all(staging, ec);
        return IoError("cannot replace ", dir.string(), ": ", ec.message());
      }
    }
    fs::rename(staging, dir, ec);
    if (ec) {
      std::error_code ignored;
      if (exists) fs::rename(old, dir, ignored);
      fs::remove_all(staging, ignored);
      return IoError("cannot move the output into ", dir.string(), ": ", ec.message());
    }
    if (exists) fs::remove_all(old, ec);
    return OkStatus();
  }

  Status RunCommand(const pb::Command& cmd) {
    using C = pb::Command;
    switch (cmd.command_type_case()) {
      case C::kCreateDataframeView: {
        const auto& v = cmd.create_dataframe_view();
        ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(v.input(), &tctx_));
        return CreateTempView(session_, v.name(), plan, v.replace(), exec_);
      }
      case C::kSqlCommand: {
        // spark.sql(): the query comes back as a SQL relation the client builds on; it is
        // analyzed now so mistakes surface at the spark.sql call, as in Spark.
        const auto& sc = cmd.sql_command();
        pb::Relation sql_rel;
        if (sc.has_input()) {
          sql_rel = sc.input();
        } else {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
          auto* q = sql_rel.mutable_sql();
          q->set_query(sc.sql());
          q->mutable_args()->insert(sc.args().begin(), sc.args().end());
          *q->mutable_pos_args() = sc.pos_args();
          q->mutable_named_arguments()->insert(sc.named_arguments().begin(),
                                               sc.named_arguments().end());
          *q->mutable_pos_arguments() = sc.pos_arguments();
#pragma GCC diagnostic pop
        }
        // A statement (CREATE VIEW, SHOW TABLES, SET, ...) runs now; the client reads its
        // output rows from the local relation answered (parameterized text stays a relation).
        const pb::SQL& q = sql_rel.sql();
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        bool plain = sql_rel.has_sql() && q.args_size() == 0 && q.pos_args_size() == 0 &&
                     q.named_arguments_size() == 0 && q.pos_arguments_size() == 0;
#pragma GCC diagnostic pop
        if (plain) {
          ASSIGN_OR_RETURN(std::optional<pb::Relation> out,
                           RunSqlCommandStatement(q.query(), session_, exec_,
                                                  MakeResultOptions().arrow));
          if (out) {
            pb::ExecutePlanResponse r;
            *r.mutable_sql_command_result()->mutable_relation() = std::move(*out);
            Emit(std::move(r));
            return OkStatus();
          }
        }
        ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(sql_rel, &tctx_));
        RETURN_IF_ERROR(sql::AnalyzeSchema(plan, exec_).status());
        pb::ExecutePlanResponse r;
        *r.mutable_sql_command_result()->mutable_relation() = sql_rel;
        Emit(std::move(r));
        return OkStatus();
      }
      case C::kWriteOperation: return RunWrite(cmd.write_operation());
      case C::kCheckpointCommand: {
        const auto& c = cmd.checkpoint_command();
        ASSIGN_OR_RETURN(sql::PlanPtr plan, TranslateRelation(c.relation(), &tctx_));
        ASSIGN_OR_RETURN(TablePtr table, sql::ExecutePlan(plan, exec_));
        std::string id = NewUuid();
        session_->CacheRelation(id, sql::LocalTable(table));
        pb::ExecutePlanResponse r;
        r.mutable_checkpoint_command_result()->mutable_relation()->set_relation_id(id);
        Emit(std::move(r));
        return OkStatus();
      }
      case C::kRemoveCachedRemoteRelationCommand:
        session_->RemoveCachedRelation(
            cmd.remove_cached_remote_relation_command().relation().relation_id());
        return OkStatus();
      case C::kGetResourcesCommand: {
        pb::ExecutePlanResponse r;
        r.mutable_get_resources_command_result();
        Emit(std::move(r));
        return OkStatus();
      }
      case C::kExtension: {
        const ExtensionRegistry& reg =
            tctx_.extensions ? *tctx_.extensions : ExtensionRegistry::Global();
        ASSIGN_OR_RETURN(TablePtr table, reg.RunCommand(cmd.extension(), &tctx_));
        if (table) return StreamTable(table);
        return OkStatus();
      }
      case C::COMMAND_TYPE_NOT_SET:
        return InvalidArgument("command has no type set");
      default: {
        const auto* field = cmd.GetDescriptor()->FindFieldByNumber(cmd.command_type_case());
        return UnsupportedFeature(
            StrCat("command type ", field ? std::string(field->name()) : "(unknown)"));
      }
    }
  }

  Status Run(const pb::Plan& plan) {
    if (op_->cancelled_flag()->load()) return CancelledError();
    switch (plan.op_type_case()) {
      case pb::Plan::kRoot: {
        ASSIGN_OR_RETURN(sql::PlanPtr p, TranslateRelation(plan.root(), &tctx_));
        return StreamQuery(p);
      }
      case pb::Plan::kCommand: return RunCommand(plan.command());
      case pb::Plan::OP_TYPE_NOT_SET: break;
    }
    return InvalidArgument("plan has neither a root relation nor a command");
  }

 private:
  Session* session_;
  Operation* op_;
  const std::function<void()>& after_append_;
  sql::ExecContext exec_;
  TranslateContext tctx_;
};

}  // namespace

void RunExecution(const pb::Plan& plan, Session* session, Operation* op,
                  const ExtensionRegistry* extensions, const std::function<void()>& after_append) {
  Execution exec(session, op, extensions, after_append);
  Status st;
  // Layers below report errors as Status; anything thrown (allocation failure, a bug) must
  // still end this one operation only, with an error the client can read.
  try {
    st = exec.Run(plan);
  } catch (const std::bad_alloc&) {
    st = ResourceExhausted("out of memory while executing the plan");
  } catch (const std::exception& e) {
    st = Internal("unexpected failure while executing the plan: ", e.what());
  }
  // An interrupted run reports Spark's OPERATION_CANCELED whatever the engine said.
  if (!st.ok() && op->cancelled_flag()->load()) st = CancelledError();
  if (st.ok() && op->reattachable()) {
    pb::ExecutePlanResponse done;
    done.mutable_result_complete();
    exec.Emit(std::move(done));
  }
  op->Finish(st);
  if (after_append) after_append();
}

}  // namespace kindred::connect
