#include <cstring>
#include <mutex>
#include <optional>

#include "common/thread_pool.h"
#include "sql/exec/operators.h"
#include "sql/exec/subquery.h"

namespace kindred::sql {

int64_t Chunked::num_rows() const {
  int64_t n = 0;
  for (const auto& b : batches) n += b->num_rows();
  return n;
}

std::vector<int64_t> Chunked::RowOffsets() const {
  std::vector<int64_t> off(batches.size() + 1, 0);
  for (size_t i = 0; i < batches.size(); ++i) off[i + 1] = off[i] + batches[i]->num_rows();
  return off;
}

ColumnPtr ConcatFast(const std::vector<ColumnPtr>& parts) {
  if (parts.size() == 1) return parts[0];
  if (parts.empty()) return nullptr;
  const DataType& t = parts[0]->type();
  int w = t.byte_width();
  bool strings = t.is_string_like();
  if (w == 0 && !strings) return ConcatColumns(parts);  // lists: the generic path
  int64_t total = 0, bytes = 0;
  bool nulls = false;
  for (const auto& c : parts) {
    total += c->length();
    nulls = nulls || c->has_nulls();
    if (strings) bytes += c->offsets()[c->length()];
  }
  Buffer validity;
  if (nulls) {
    validity.assign(static_cast<size_t>((total + 7) / 8), 0);
    int64_t at = 0;
    for (const auto& c : parts) {
      for (int64_t i = 0; i < c->length(); ++i)
        if (c->IsValid(i)) SetBit(validity.data(), at + i);
      at += c->length();
    }
  }
  if (!strings) {
    Buffer values(static_cast<size_t>(total) * w);
    size_t at = 0;
    for (const auto& c : parts) {
      size_t len = static_cast<size_t>(c->length()) * w;
      if (len) std::memcpy(values.data() + at, c->values_buffer().data(), len);
      at += len;
    }
    return Column::FromBuffers(t, total, std::move(validity), std::move(values));
  }
  Buffer values(static_cast<size_t>(bytes));
  Buffer offsets(static_cast<size_t>(total + 1) * 4);
  int32_t* o = reinterpret_cast<int32_t*>(offsets.data());
  int64_t row = 0, at = 0;
  o[0] = 0;
  for (const auto& c : parts) {
    const int32_t* co = c->offsets();
    int64_t len = co[c->length()] - co[0];
    if (len) std::memcpy(values.data() + at, c->values_buffer().data() + co[0], static_cast<size_t>(len));
    for (int64_t i = 0; i < c->length(); ++i) o[row + i + 1] = static_cast<int32_t>(at + co[i + 1] - co[0]);
    row += c->length();
    at += len;
  }
  return Column::FromBuffers(t, total, std::move(validity), std::move(values), std::move(offsets));
}

Result<TablePtr> Chunked::Concat() const {
  if (batches.empty()) return Table::Empty(schema);
  if (batches.size() == 1) return Relabel(batches[0], schema);
  std::vector<ColumnPtr> cols;
  for (int c = 0; c < schema.num_fields(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const auto& b : batches) parts.push_back(b->column(c));
    cols.push_back(ConcatFast(parts));
  }
  return Table::Make(schema, std::move(cols));
}

Status ExecState::CheckCancelled() const {
  if (cancelled()) return Cancelled("query cancelled");
  return OkStatus();
}

Status ExecState::ParallelFor(int64_t n, const std::function<Status(int64_t)>& fn) const {
  if (n == 0) return CheckCancelled();
  std::mutex mu;
  Status first;
  std::atomic<bool> failed{false};
  auto run = [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      if (failed.load(std::memory_order_relaxed)) return;
      Status s = cancelled() ? Cancelled("query cancelled") : fn(i);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first.ok()) first = s;
        failed = true;
        return;
      }
    }
  };
  if (n == 1 || parallelism == 1) {
    run(0, n);
  } else if (parallelism > 1 && parallelism < n) {
    // Morsels of several indices: at most `parallelism` of them.
    ThreadPool::Default().ParallelFor(n, (n + parallelism - 1) / parallelism, run);
  } else {
    ThreadPool::Default().ParallelFor(n, 1, run);
  }
  return first;
}

TablePtr Relabel(const TablePtr& t, const Schema& schema) {
  bool same = t->schema().num_fields() == schema.num_fields();
  for (int i = 0; same && i < schema.num_fields(); ++i) {
    const Field& a = t->schema().field(i);
    const Field& b = schema.field(i);
    same = a.name == b.name && a.nullable == b.nullable && a.type == b.type;
  }
  if (same) return t;
  return std::make_shared<Table>(schema, t->columns(), t->num_rows());
}

Result<std::vector<ColumnPtr>> EvaluateAll(const std::vector<BoundPtr>& exprs, const Table& batch,
                                           const EvalContext& ec) {
  std::vector<ColumnPtr> out;
  out.reserve(exprs.size());
  for (const auto& e : exprs) {
    ASSIGN_OR_RETURN(ColumnPtr c, Evaluate(*e, batch, ec));
    out.push_back(std::move(c));
  }
  return out;
}

namespace {

// Rows of a kTable node, in one table or in batches.
int64_t TableRows(const BoundPlan& p) {
  if (p.batches.empty()) return p.table->num_rows();
  int64_t n = 0;
  for (const auto& b : p.batches) n += b->num_rows();
  return n;
}

// A plan producing only the first `n` rows of `p`, where that can be done by shrinking the
// input (range bounds, table slices) through row-preserving operators; otherwise `p`. Keeps
// spark.range(10**9).show() from generating a billion rows.
BoundPlanPtr PushLimit(const BoundPlanPtr& p, int64_t n) {
  switch (p->kind) {
    case BoundPlanKind::kRange: {
      __int128 span = static_cast<__int128>(p->end) - p->start;
      __int128 count = 0;
      if ((p->step > 0 && span > 0) || (p->step < 0 && span < 0))
        count = (span + (p->step > 0 ? p->step - 1 : p->step + 1)) / p->step;
      if (count <= n) return p;
      auto c = std::make_shared<BoundPlan>(*p);
      c->end = static_cast<int64_t>(static_cast<__int128>(p->start) + static_cast<__int128>(n) * p->step);
      return c;
    }
    case BoundPlanKind::kTable: {
      if (TableRows(*p) <= n) return p;
      auto c = std::make_shared<BoundPlan>(*p);
      if (p->batches.empty()) {
        c->table = p->table->Slice(0, n);
        return c;
      }
      c->batches.clear();
      for (int64_t left = n; left > 0;) {
        const TablePtr& b = p->batches[c->batches.size()];
        c->batches.push_back(b->num_rows() <= left ? b : b->Slice(0, left));
        left -= c->batches.back()->num_rows();
      }
      return c;
    }
    case BoundPlanKind::kProject:
    case BoundPlanKind::kUnion: {
      auto c = std::make_shared<BoundPlan>(*p);
      for (auto& ch : c->children) ch = PushLimit(ch, n);
      return c;
    }
    case BoundPlanKind::kLimit: {
      auto c = std::make_shared<BoundPlan>(*p);
      c->n = std::min(n, p->n);
      c->children[0] = PushLimit(p->children[0], c->n);
      return c;
    }
    default: return p;
  }
}

// For a chain of row-wise operators (project, filter, generate, sample) over a range or a
// table: the same chain reading only the source's first `k` rows. Null when the chain holds
// anything else. `*source_rows` receives the source's full row count.
BoundPlanPtr RestrictSource(const BoundPlanPtr& p, int64_t k, int64_t* source_rows) {
  switch (p->kind) {
    case BoundPlanKind::kRange: {
      __int128 span = static_cast<__int128>(p->end) - p->start;
      __int128 count = 0;
      if ((p->step > 0 && span > 0) || (p->step < 0 && span < 0))
        count = (span + (p->step > 0 ? p->step - 1 : p->step + 1)) / p->step;
      *source_rows = count > INT64_MAX / 2 ? INT64_MAX / 2 : static_cast<int64_t>(count);
      return PushLimit(p, k);
    }
    case BoundPlanKind::kTable:
      *source_rows = TableRows(*p);
      return PushLimit(p, k);
    case BoundPlanKind::kProject:
    case BoundPlanKind::kFilter:
    case BoundPlanKind::kGenerate:
    case BoundPlanKind::kSample: {
      BoundPlanPtr c = RestrictSource(p->children[0], k, source_rows);
      if (!c) return nullptr;
      auto copy = std::make_shared<BoundPlan>(*p);
      copy->children[0] = c;
      return copy;
    }
    default: return nullptr;
  }
}

// LIMIT [OFFSET] over a sort, possibly through row-wise projections: the sort produces only the
// rows the limit keeps. Null when `limit` is not such a chain.
Result<std::optional<Chunked>> ExecLimitOfSort(const BoundPlan& limit, const ExecState& st) {
  int64_t first = 0;
  const BoundPlan* node = limit.children[0].get();
  if (node->kind == BoundPlanKind::kOffset) {
    first = node->n;
    node = node->children[0].get();
  }
  std::vector<const BoundPlan*> projects;
  while (node->kind == BoundPlanKind::kProject) {
    projects.push_back(node);
    node = node->children[0].get();
  }
  if (node->kind != BoundPlanKind::kSort || first < 0 || limit.n < 0) return std::nullopt;
  ASSIGN_OR_RETURN(Chunked in, ExecuteBound(*node->children[0], st));
  ASSIGN_OR_RETURN(Chunked out, ExecSort(*node, std::move(in), st, first, limit.n));
  for (auto it = projects.rbegin(); it != projects.rend(); ++it) {
    ASSIGN_OR_RETURN(out, ExecProject(**it, std::move(out), st));
  }
  return std::optional<Chunked>(std::move(out));
}

}  // namespace

Result<Chunked> ExecuteBound(const BoundPlan& p, const ExecState& st) {
  RETURN_IF_ERROR(st.CheckCancelled());
  for (const auto& s : p.subqueries) RETURN_IF_ERROR(RunSubquery(s.get(), st));
  auto child = [&](size_t i) { return ExecuteBound(*p.children[i], st); };
  Result<Chunked> out = Status(StatusCode::kInternal, "unset");
  switch (p.kind) {
    case BoundPlanKind::kRange: out = ExecRange(p, st); break;
    case BoundPlanKind::kTable: out = ExecTableScan(p, st); break;
    case BoundPlanKind::kProject: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecProject(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kFilter: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecFilter(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kAggregate: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecHashAggregate(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kSort: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecSort(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kLimit: {
      ASSIGN_OR_RETURN(std::optional<Chunked> top, ExecLimitOfSort(p, st));
      if (top) {
        out = std::move(*top);
        break;
      }
      BoundPlanPtr c = PushLimit(p.children[0], p.n);
      int64_t source_rows = 0;
      if (c->kind != BoundPlanKind::kRange && c->kind != BoundPlanKind::kTable &&
          RestrictSource(c, 1, &source_rows) && source_rows > 4 * kBatchRows) {
        // A filter under the limit: read growing prefixes of the source until enough rows pass.
        for (int64_t k = std::max<int64_t>(kBatchRows, 2 * p.n);; k *= 8) {
          ASSIGN_OR_RETURN(Chunked in, ExecuteBound(*RestrictSource(c, k, &source_rows), st));
          if (in.num_rows() >= p.n || k >= source_rows) {
            out = ExecLimit(p, std::move(in), st);
            break;
          }
        }
        break;
      }
      ASSIGN_OR_RETURN(Chunked in, ExecuteBound(*c, st));
      out = ExecLimit(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kOffset:
    case BoundPlanKind::kTail: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecLimit(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kJoin: {
      ASSIGN_OR_RETURN(Chunked l, child(0));
      ASSIGN_OR_RETURN(Chunked r, child(1));
      out = ExecHashJoin(p, std::move(l), std::move(r), st);
      break;
    }
    case BoundPlanKind::kUnion: {
      std::vector<Chunked> ins;
      for (size_t i = 0; i < p.children.size(); ++i) {
        ASSIGN_OR_RETURN(Chunked c, child(i));
        ins.push_back(std::move(c));
      }
      out = ExecUnion(p, std::move(ins), st);
      break;
    }
    case BoundPlanKind::kIntersect:
    case BoundPlanKind::kExcept: {
      ASSIGN_OR_RETURN(Chunked l, child(0));
      ASSIGN_OR_RETURN(Chunked r, child(1));
      out = ExecIntersectExcept(p, std::move(l), std::move(r), st);
      break;
    }
    case BoundPlanKind::kDistinct: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecDistinct(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kSample: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecSample(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kWindow: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecWindow(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kGenerate: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecGenerate(p, std::move(in), st);
      break;
    }
    case BoundPlanKind::kDescribe: {
      ASSIGN_OR_RETURN(Chunked in, child(0));
      out = ExecDescribe(p, std::move(in), st);
      break;
    }
  }
  if (!out.ok()) return out.status();
  RETURN_IF_ERROR(st.CheckCancelled());
  // Every batch carries this node's output names and nullability.
  Chunked c = std::move(out).value();
  c.schema = p.schema();
  for (auto& b : c.batches) b = Relabel(b, c.schema);
  return c;
}

}  // namespace kindred::sql
