#include "connect/service.h"

#include <zlib.h>

#include <functional>

#include "connect/errors.h"
#include "connect/execute.h"
#include "connect/extensions.h"
#include "connect/translate/translate.h"
#include "connect/translate/types.h"

namespace kindred::connect {

namespace pb = spark::connect;
using Clock = std::chrono::steady_clock;

namespace {

constexpr char kSparkVersion[] = "4.0.0";
constexpr char kSqlException[] = "org.apache.spark.sql.SparkSQLException";

// A persist / unpersist / storage level request names a relation.
Status CheckPersistTarget(const pb::Relation& rel) {
  if (rel.rel_type_case() == pb::Relation::REL_TYPE_NOT_SET) {
    return InvalidArgument("persist request has no relation");
  }
  return OkStatus();
}

// Writes one response; its Arrow bytes go to gRPC in place (see proto_traits.h).
bool WriteResponse(grpc::ServerWriter<pb::ExecutePlanResponse>* writer,
                   const std::shared_ptr<const pb::ExecutePlanResponse>& response) {
  ZeroCopyResponseScope scope(response);
  return writer->Write(*response);
}

Status HandleError(const std::string& sub_class, const std::string& handle, std::string text) {
  return SparkError(StatusCode::kInvalidArgument, "INVALID_HANDLE." + sub_class, "HY000",
                    {{"handle", handle}}, std::move(text), {kSqlException});
}

Status CursorError(const std::string& sub_class, std::string text) {
  return SparkError(StatusCode::kInvalidArgument, "INVALID_CURSOR." + sub_class, "HY109", {},
                    std::move(text), {kSqlException});
}

// The session a request names, created on first use (`create`) or only looked up. Every
// Spark Connect request carries the same user / session / observed-server-id fields.
template <typename Request>
Result<std::shared_ptr<Session>> SessionFor(SessionManager& sessions, const Request& r,
                                            bool create) {
  std::string observed = r.has_client_observed_server_side_session_id()
                             ? r.client_observed_server_side_session_id()
                             : std::string();
  return create ? sessions.GetOrCreate(r.user_context().user_id(), r.session_id(), observed)
                : sessions.Get(r.user_context().user_id(), r.session_id(), observed);
}

// Every response names the session it answers for.
template <typename Response>
void StampSession(const Session& session, Response* response) {
  response->set_session_id(session.session_id());
  response->set_server_side_session_id(session.server_side_session_id());
}

// Every Read.DataSource path in a message tree, for AnalyzePlan.input_files.
void CollectInputFiles(const google::protobuf::Message& m, std::vector<std::string>* out) {
  if (const auto* ds = dynamic_cast<const pb::Read::DataSource*>(&m)) {
    for (const auto& p : ds->paths()) out->push_back(p);
    return;
  }
  const auto* refl = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  refl->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < refl->FieldSize(m, f); ++i) {
        CollectInputFiles(refl->GetRepeatedMessage(m, f, i), out);
      }
    } else {
      CollectInputFiles(refl->GetMessage(m, f), out);
    }
  }
}

bool ContainsStreamingRead(const google::protobuf::Message& m) {
  if (const auto* r = dynamic_cast<const pb::Read*>(&m)) return r->is_streaming();
  const auto* refl = m.GetReflection();
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  refl->ListFields(m, &fields);
  for (const auto* f : fields) {
    if (f->cpp_type() != google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) continue;
    if (f->is_repeated()) {
      for (int i = 0; i < refl->FieldSize(m, f); ++i) {
        if (ContainsStreamingRead(refl->GetRepeatedMessage(m, f, i))) return true;
      }
    } else if (ContainsStreamingRead(refl->GetMessage(m, f))) {
      return true;
    }
  }
  return false;
}

Result<const pb::Relation*> RootOf(const pb::Plan& plan) {
  if (!plan.has_root()) return InvalidArgument("AnalyzePlan needs a plan with a root relation");
  return &plan.root();
}

}  // namespace

SparkConnectServiceImpl::SparkConnectServiceImpl(SessionManagerOptions options,
                                                 const ExtensionRegistry* extensions)
    : sessions_(options), extensions_(extensions) {}

grpc::Status SparkConnectServiceImpl::Fail(const Status& status, Session* session) {
  std::string error_id;
  if (session != nullptr &&
      session->config().GetBool("spark.sql.connect.enrichError.enabled", true)) {
    error_id = session->StoreError(status);
  }
  return ToGrpcStatus(status, error_id);
}

void SparkConnectServiceImpl::MaybeSweep() {
  int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                    Clock::now().time_since_epoch()).count();
  int64_t last = last_sweep_ms_.load();
  if (now - last < 10000 || !last_sweep_ms_.compare_exchange_strong(last, now)) return;
  sessions_.Sweep();
}

grpc::Status SparkConnectServiceImpl::StreamFrom(
    grpc::ServerContext* context, Session* session, Operation* op, uint64_t token, int64_t pos,
    grpc::ServerWriter<pb::ExecutePlanResponse>* writer) {
  while (true) {
    std::shared_ptr<const pb::ExecutePlanResponse> r;
    Status final_status;
    auto res = op->Next(token, pos, Clock::now() + std::chrono::milliseconds(500), &r,
                        &final_status);
    switch (res) {
      case Operation::NextResult::kResponse:
        if (!WriteResponse(writer, r)) return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
        ++pos;
        break;
      case Operation::NextResult::kTimeout:
        if (context->IsCancelled()) return grpc::Status(grpc::StatusCode::CANCELLED, "cancelled");
        break;
      case Operation::NextResult::kEnd:
        return final_status.ok() ? grpc::Status::OK : Fail(final_status, session);
      case Operation::NextResult::kDetached:
        return Fail(CursorError("DISCONNECTED",
                                StrCat("The cursor is invalid. The cursor has been disconnected "
                                       "by the server (operation ", op->id(),
                                       " was reattached elsewhere).")),
                    session);
      case Operation::NextResult::kReleased:
        return Fail(HandleError("OPERATION_ABANDONED", op->id(),
                                StrCat("The handle ", op->id(), " is invalid. Operation was "
                                       "considered abandoned because of inactivity and removed.")),
                    session);
    }
  }
}

grpc::Status SparkConnectServiceImpl::ExecutePlan(grpc::ServerContext* context,
                                                  const pb::ExecutePlanRequest* request,
                                                  grpc::ServerWriter<pb::ExecutePlanResponse>* writer) {
  MaybeSweep();
  auto session_or = SessionFor(sessions_, *request, /*create=*/true);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  std::shared_ptr<Session> session = *session_or;

  std::string op_id = request->has_operation_id() ? request->operation_id() : NewUuid();
  bool reattachable = false;
  for (const auto& opt : request->request_options()) {
    if (opt.has_reattach_options() && opt.reattach_options().reattachable()) reattachable = true;
  }
  std::vector<std::string> tags;
  for (const auto& t : request->tags()) {
    if (t.empty() || t.find(',') != std::string::npos) {
      return Fail(InvalidArgument("operation tag '", t, "' must be non-empty and contain no ','"),
                  session.get());
    }
    tags.push_back(t);
  }
  auto op_or = session->CreateOperation(op_id, std::move(tags), reattachable);
  if (!op_or.ok()) return Fail(op_or.status(), session.get());
  std::shared_ptr<Operation> op = *op_or;

  // The execution runs on this thread; after each response it hands over, whatever is
  // buffered is written to the client while this stream is still the attached reader.
  uint64_t token = op->Attach();
  int64_t pos = 0;
  bool writing = true;
  auto drain = [&]() {
    // A client that hung up on a non-reattachable execution will never read its results.
    if (!reattachable && context->IsCancelled()) {
      writing = false;
      op->Interrupt();
    }
    while (writing) {
      std::shared_ptr<const pb::ExecutePlanResponse> r;
      Status unused;
      auto res = op->Next(token, pos, Clock::now(), &r, &unused);
      if (res != Operation::NextResult::kResponse) break;
      if (!WriteResponse(writer, r)) {
        writing = false;
        // Nobody can pick up a non-reattachable execution: stop it.
        if (!reattachable) op->Interrupt();
        break;
      }
      ++pos;
      if (!reattachable) op->ReleaseBefore(pos);
    }
  };
  RunExecution(request->plan(), session.get(), op.get(), extensions_, drain);

  std::shared_ptr<const pb::ExecutePlanResponse> unused_response;
  Status final_status;
  auto res = op->Next(token, pos, Clock::now(), &unused_response, &final_status);
  grpc::Status out = grpc::Status::OK;
  if (res == Operation::NextResult::kEnd && !final_status.ok()) {
    out = Fail(final_status, session.get());
  }
  if (!reattachable) session->RemoveOperation(op_id);
  return out;
}

grpc::Status SparkConnectServiceImpl::ReattachExecute(
    grpc::ServerContext* context, const pb::ReattachExecuteRequest* request,
    grpc::ServerWriter<pb::ExecutePlanResponse>* writer) {
  MaybeSweep();
  auto session_or = SessionFor(sessions_, *request, /*create=*/false);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  std::shared_ptr<Operation> op = session->FindOperation(request->operation_id());
  if (op == nullptr) {
    return Fail(HandleError("OPERATION_NOT_FOUND", request->operation_id(),
                            StrCat("The handle ", request->operation_id(),
                                   " is invalid. Operation not found.")),
                session);
  }
  if (!op->reattachable()) {
    return Fail(HandleError("OPERATION_NOT_REATTACHABLE", request->operation_id(),
                            StrCat("The handle ", request->operation_id(),
                                   " is invalid. Operation is not reattachable.")),
                session);
  }
  int64_t pos = 0;
  if (request->has_last_response_id()) {
    auto p = op->PositionAfter(request->last_response_id());
    if (!p.ok()) {
      return Fail(CursorError("POSITION_NOT_AVAILABLE",
                              StrCat("The cursor is invalid. The cursor position id ",
                                     request->last_response_id(),
                                     " is no longer available, because the position at index 0 "
                                     "was released.")),
                  session);
    }
    pos = *p;
  } else if (op->first_position() > 0) {
    return Fail(CursorError("POSITION_NOT_AVAILABLE",
                            "The cursor is invalid. The first responses were already released."),
                session);
  }
  uint64_t token = op->Attach();
  return StreamFrom(context, session, op.get(), token, pos, writer);
}

grpc::Status SparkConnectServiceImpl::AnalyzePlan(grpc::ServerContext* context,
                                                  const pb::AnalyzePlanRequest* request,
                                                  pb::AnalyzePlanResponse* response) {
  MaybeSweep();
  auto session_or = SessionFor(sessions_, *request, /*create=*/true);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);

  std::atomic<bool> cancelled{false};
  sql::ExecContext exec = MakeExecContext(session, &cancelled);
  TranslateContext tctx;
  tctx.session = session;
  tctx.extensions = extensions_;
  tctx.exec = &exec;
  auto plan_of = [&](const pb::Plan& plan) -> Result<sql::PlanPtr> {
    ASSIGN_OR_RETURN(const pb::Relation* root, RootOf(plan));
    return TranslateRelation(*root, &tctx);
  };

  using A = pb::AnalyzePlanRequest;
  Status st = [&]() -> Status {
    switch (request->analyze_case()) {
      case A::kSchema: {
        ASSIGN_OR_RETURN(sql::PlanPtr plan, plan_of(request->schema().plan()));
        ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(plan, exec));
        *response->mutable_schema()->mutable_schema() = SchemaToProto(schema);
        return OkStatus();
      }
      case A::kExplain: {
        ASSIGN_OR_RETURN(sql::PlanPtr plan, plan_of(request->explain().plan()));
        std::string mode = "simple";
        switch (request->explain().explain_mode()) {
          case A::Explain::EXPLAIN_MODE_EXTENDED: mode = "extended"; break;
          case A::Explain::EXPLAIN_MODE_CODEGEN: mode = "codegen"; break;
          case A::Explain::EXPLAIN_MODE_COST: mode = "cost"; break;
          case A::Explain::EXPLAIN_MODE_FORMATTED: mode = "formatted"; break;
          default: break;
        }
        response->mutable_explain()->set_explain_string(sql::ExplainString(plan, exec, mode));
        return OkStatus();
      }
      case A::kTreeString: {
        ASSIGN_OR_RETURN(sql::PlanPtr plan, plan_of(request->tree_string().plan()));
        ASSIGN_OR_RETURN(Schema schema, sql::AnalyzeSchema(plan, exec));
        response->mutable_tree_string()->set_tree_string(sql::TreeString(schema));
        return OkStatus();
      }
      case A::kIsLocal: {
        ASSIGN_OR_RETURN(const pb::Relation* root, RootOf(request->is_local().plan()));
        response->mutable_is_local()->set_is_local(root->has_local_relation() ||
                                                   root->has_cached_local_relation());
        return OkStatus();
      }
      case A::kIsStreaming:
        response->mutable_is_streaming()->set_is_streaming(
            ContainsStreamingRead(request->is_streaming().plan()));
        return OkStatus();
      case A::kInputFiles: {
        std::vector<std::string> files;
        CollectInputFiles(request->input_files().plan(), &files);
        for (const auto& f : files) response->mutable_input_files()->add_files(f);
        return OkStatus();
      }
      case A::kSparkVersion:
        response->mutable_spark_version()->set_version(kSparkVersion);
        return OkStatus();
      case A::kDdlParse: {
        const std::string& ddl = request->ddl_parse().ddl_string();
        auto schema = ParseSchemaText(ddl);
        auto single = ParseTypeName(ddl);
        // A bare type ("int") parses to that type; a field list to a struct.
        if (single.ok()) {
          *response->mutable_ddl_parse()->mutable_parsed() = ToProtoType(*single);
        } else if (schema.ok()) {
          *response->mutable_ddl_parse()->mutable_parsed() = SchemaToProto(*schema);
        } else {
          return SparkError(StatusCode::kInvalidArgument, "PARSE_SYNTAX_ERROR", "42601",
                            {{"error", ddl}, {"hint", ""}},
                            StrCat("Syntax error in the DDL string '", ddl,
                                   "': ", schema.status().message()),
                            {"org.apache.spark.sql.catalyst.parser.ParseException",
                             kAnalysisExceptionClass});
        }
        return OkStatus();
      }
      case A::kSameSemantics: {
        ASSIGN_OR_RETURN(sql::PlanPtr a, plan_of(request->same_semantics().target_plan()));
        ASSIGN_OR_RETURN(sql::PlanPtr b, plan_of(request->same_semantics().other_plan()));
        response->mutable_same_semantics()->set_result(a->DebugString() == b->DebugString());
        return OkStatus();
      }
      case A::kSemanticHash: {
        ASSIGN_OR_RETURN(sql::PlanPtr plan, plan_of(request->semantic_hash().plan()));
        response->mutable_semantic_hash()->set_result(
            static_cast<int32_t>(std::hash<std::string>{}(plan->DebugString())));
        return OkStatus();
      }
      case A::kPersist: {
        // Like Spark, lazily: the first query that runs the relation computes and keeps it.
        const pb::Relation& rel = request->persist().relation();
        RETURN_IF_ERROR(CheckPersistTarget(rel));
        pb::StorageLevel level;
        if (request->persist().has_storage_level()) {
          level = request->persist().storage_level();
        } else {  // Dataset.persist()'s default, MEMORY_AND_DISK
          level.set_use_disk(true);
          level.set_use_memory(true);
          level.set_deserialized(true);
          level.set_replication(1);
        }
        session->Persist(rel, level);
        response->mutable_persist();
        return OkStatus();
      }
      case A::kUnpersist: {
        const pb::Relation& rel = request->unpersist().relation();
        RETURN_IF_ERROR(CheckPersistTarget(rel));
        session->Unpersist(rel);
        response->mutable_unpersist();
        return OkStatus();
      }
      case A::kGetStorageLevel: {
        const pb::Relation& rel = request->get_storage_level().relation();
        RETURN_IF_ERROR(CheckPersistTarget(rel));
        auto* level = response->mutable_get_storage_level()->mutable_storage_level();
        if (auto persisted = session->PersistedLevel(rel)) {
          *level = *persisted;
        } else {  // StorageLevel.NONE
          level->set_replication(1);
        }
        return OkStatus();
      }
      case A::kJsonToDdl: return UnsupportedFeature("AnalyzePlan json_to_ddl");
      case A::ANALYZE_NOT_SET: break;
    }
    return InvalidArgument("AnalyzePlan request has no analysis set");
  }();
  (void)context;
  if (!st.ok()) return Fail(st, session);
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::StreamedAnalyzePlan(
    grpc::ServerContext* context,
    grpc::ServerUnaryStreamer<pb::AnalyzePlanRequest, pb::AnalyzePlanResponse>* stream) {
  pb::AnalyzePlanRequest request;
  if (!stream->Read(&request)) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        "cannot parse the AnalyzePlan request (malformed or nested too deeply)");
  }
  pb::AnalyzePlanResponse response;
  grpc::Status st = AnalyzePlan(context, &request, &response);
  if (st.ok() && !stream->Write(response)) {
    return grpc::Status(grpc::StatusCode::CANCELLED, "client went away");
  }
  return st;
}

grpc::Status SparkConnectServiceImpl::Config(grpc::ServerContext* context,
                                             const pb::ConfigRequest* request,
                                             pb::ConfigResponse* response) {
  auto session_or = SessionFor(sessions_, *request, /*create=*/true);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);
  Status st = ApplyConfigOperation(request->operation(), &session->config(), response);
  (void)context;
  if (!st.ok()) return Fail(st, session);
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::AddArtifacts(
    grpc::ServerContext* context, grpc::ServerReader<pb::AddArtifactsRequest>* reader,
    pb::AddArtifactsResponse* response) {
  pb::AddArtifactsRequest req;
  std::shared_ptr<Session> session;
  // A chunked artifact in progress.
  std::string chunk_name, chunk_data;
  int64_t chunks_left = 0;
  bool chunk_crc_ok = true;
  auto crc_ok = [](const pb::AddArtifactsRequest::ArtifactChunk& c) {
    uLong crc = crc32(0L, reinterpret_cast<const Bytef*>(c.data().data()),
                      static_cast<uInt>(c.data().size()));
    return static_cast<int64_t>(crc) == c.crc();
  };
  auto finish = [&](const std::string& name, std::string data, bool ok) {
    if (ok) session->PutArtifact(name, std::move(data));
    auto* summary = response->add_artifacts();
    summary->set_name(name);
    summary->set_is_crc_successful(ok);
  };
  while (reader->Read(&req)) {
    if (!session) {
      auto session_or = SessionFor(sessions_, req, /*create=*/true);
      if (!session_or.ok()) return Fail(session_or.status(), nullptr);
      session = *session_or;
    }
    switch (req.payload_case()) {
      case pb::AddArtifactsRequest::kBatch:
        for (const auto& a : req.batch().artifacts()) {
          finish(a.name(), a.data().data(), crc_ok(a.data()));
        }
        break;
      case pb::AddArtifactsRequest::kBeginChunk: {
        const auto& b = req.begin_chunk();
        chunk_name = b.name();
        chunk_data = b.initial_chunk().data();
        chunk_crc_ok = crc_ok(b.initial_chunk());
        chunks_left = b.num_chunks() - 1;
        if (chunks_left <= 0) finish(chunk_name, std::move(chunk_data), chunk_crc_ok);
        break;
      }
      case pb::AddArtifactsRequest::kChunk:
        if (chunks_left <= 0) {
          return Fail(InvalidArgument("artifact chunk received without a chunked artifact"),
                      session.get());
        }
        chunk_data += req.chunk().data();
        chunk_crc_ok = chunk_crc_ok && crc_ok(req.chunk());
        if (--chunks_left == 0) finish(chunk_name, std::move(chunk_data), chunk_crc_ok);
        break;
      case pb::AddArtifactsRequest::PAYLOAD_NOT_SET:
        break;
    }
  }
  (void)context;
  if (session) StampSession(*session, response);
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::ArtifactStatus(grpc::ServerContext* context,
                                                     const pb::ArtifactStatusesRequest* request,
                                                     pb::ArtifactStatusesResponse* response) {
  auto session_or = SessionFor(sessions_, *request, /*create=*/true);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);
  for (const auto& name : request->names()) {
    (*response->mutable_statuses())[name].set_exists(session->HasArtifact(name));
  }
  (void)context;
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::Interrupt(grpc::ServerContext* context,
                                                const pb::InterruptRequest* request,
                                                pb::InterruptResponse* response) {
  auto session_or = SessionFor(sessions_, *request, /*create=*/true);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);
  std::vector<std::string> ids;
  switch (request->interrupt_type()) {
    case pb::InterruptRequest::INTERRUPT_TYPE_ALL: ids = session->InterruptAll(); break;
    case pb::InterruptRequest::INTERRUPT_TYPE_TAG:
      if (!request->has_operation_tag()) {
        return Fail(InvalidArgument("INTERRUPT_TYPE_TAG needs operation_tag"), session);
      }
      ids = session->InterruptTag(request->operation_tag());
      break;
    case pb::InterruptRequest::INTERRUPT_TYPE_OPERATION_ID:
      if (!request->has_operation_id()) {
        return Fail(InvalidArgument("INTERRUPT_TYPE_OPERATION_ID needs operation_id"), session);
      }
      ids = session->InterruptOperation(request->operation_id());
      break;
    default:
      return Fail(InvalidArgument("unknown interrupt type ",
                                  static_cast<int>(request->interrupt_type())),
                  session);
  }
  for (const auto& id : ids) response->add_interrupted_ids(id);
  (void)context;
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::ReleaseExecute(grpc::ServerContext* context,
                                                     const pb::ReleaseExecuteRequest* request,
                                                     pb::ReleaseExecuteResponse* response) {
  auto session_or = SessionFor(sessions_, *request, /*create=*/false);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);
  std::shared_ptr<Operation> op = session->FindOperation(request->operation_id());
  if (op == nullptr) return grpc::Status::OK;  // already released: a no-op, as in Spark
  switch (request->release_case()) {
    case pb::ReleaseExecuteRequest::kReleaseAll:
      session->RemoveOperation(request->operation_id());
      break;
    case pb::ReleaseExecuteRequest::kReleaseUntil:
      op->ReleaseUntil(request->release_until().response_id());
      break;
    default:
      return Fail(InvalidArgument("ReleaseExecute needs release_all or release_until"), session);
  }
  response->set_operation_id(request->operation_id());
  (void)context;
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::ReleaseSession(grpc::ServerContext* context,
                                                     const pb::ReleaseSessionRequest* request,
                                                     pb::ReleaseSessionResponse* response) {
  if (!IsUuid(request->session_id())) {
    return Fail(HandleError("FORMAT", request->session_id(),
                            StrCat("The handle ", request->session_id(),
                                   " is invalid. Handle must be an UUID string.")),
                nullptr);
  }
  auto released = sessions_.Release(request->user_context().user_id(), request->session_id());
  response->set_session_id(request->session_id());
  if (released) response->set_server_side_session_id(*released);
  (void)context;
  return grpc::Status::OK;
}

grpc::Status SparkConnectServiceImpl::FetchErrorDetails(
    grpc::ServerContext* context, const pb::FetchErrorDetailsRequest* request,
    pb::FetchErrorDetailsResponse* response) {
  auto session_or = SessionFor(sessions_, *request, /*create=*/false);
  if (!session_or.ok()) return Fail(session_or.status(), nullptr);
  Session* session = session_or->get();
  StampSession(*session, response);
  if (auto st = session->FindError(request->error_id())) FillFetchErrorDetails(*st, response);
  (void)context;
  return grpc::Status::OK;
}

}  // namespace kindred::connect
