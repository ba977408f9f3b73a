// The Spark Connect gRPC service: every RPC of spark.connect.SparkConnectService.
// One instance serves all clients; its methods are called concurrently by gRPC threads.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>

#include "connect/proto_traits.h"  // must precede the generated service header
#include "connect/session.h"
#include "spark/connect/base.grpc.pb.h"

namespace kindred::connect {

class ExtensionRegistry;

// AnalyzePlan is served as a "streamed unary" method: gRPC then parses its request with the
// concrete message type, so the raised nesting limit of proto_traits.h applies (the plain unary
// path parses through MessageLite with protobuf's default limit).
class SparkConnectServiceImpl final
    : public spark::connect::SparkConnectService::WithStreamedUnaryMethod_AnalyzePlan<
          spark::connect::SparkConnectService::Service> {
 public:
  // `extensions` null = the global registry.
  explicit SparkConnectServiceImpl(SessionManagerOptions options = {},
                                   const ExtensionRegistry* extensions = nullptr);

  SessionManager& sessions() { return sessions_; }

  grpc::Status ExecutePlan(grpc::ServerContext* context,
                           const spark::connect::ExecutePlanRequest* request,
                           grpc::ServerWriter<spark::connect::ExecutePlanResponse>* writer) override;
  grpc::Status AnalyzePlan(grpc::ServerContext* context,
                           const spark::connect::AnalyzePlanRequest* request,
                           spark::connect::AnalyzePlanResponse* response) override;
  grpc::Status StreamedAnalyzePlan(
      grpc::ServerContext* context,
      grpc::ServerUnaryStreamer<spark::connect::AnalyzePlanRequest,
                                spark::connect::AnalyzePlanResponse>* stream) override;
  grpc::Status Config(grpc::ServerContext* context, const spark::connect::ConfigRequest* request,
                      spark::connect::ConfigResponse* response) override;
  grpc::Status AddArtifacts(grpc::ServerContext* context,
                            grpc::ServerReader<spark::connect::AddArtifactsRequest>* reader,
                            spark::connect::AddArtifactsResponse* response) override;
  grpc::Status ArtifactStatus(grpc::ServerContext* context,
                              const spark::connect::ArtifactStatusesRequest* request,
                              spark::connect::ArtifactStatusesResponse* response) override;
  grpc::Status Interrupt(grpc::ServerContext* context,
                         const spark::connect::InterruptRequest* request,
                         spark::connect::InterruptResponse* response) override;
  grpc::Status ReattachExecute(
      grpc::ServerContext* context, const spark::connect::ReattachExecuteRequest* request,
      grpc::ServerWriter<spark::connect::ExecutePlanResponse>* writer) override;
  grpc::Status ReleaseExecute(grpc::ServerContext* context,
                              const spark::connect::ReleaseExecuteRequest* request,
                              spark::connect::ReleaseExecuteResponse* response) override;
  grpc::Status ReleaseSession(grpc::ServerContext* context,
                              const spark::connect::ReleaseSessionRequest* request,
                              spark::connect::ReleaseSessionResponse* response) override;
  grpc::Status FetchErrorDetails(grpc::ServerContext* context,
                                 const spark::connect::FetchErrorDetailsRequest* request,
                                 spark::connect::FetchErrorDetailsResponse* response) override;

 private:
  // Converts a failed Status to the gRPC error, remembering it for FetchErrorDetails.
  grpc::Status Fail(const Status& status, Session* session);
  void MaybeSweep();
  // Streams `op`'s responses from `pos` to `writer` until the end, a detach or a cancel.
  grpc::Status StreamFrom(grpc::ServerContext* context, Session* session, Operation* op,
                          uint64_t token, int64_t pos,
                          grpc::ServerWriter<spark::connect::ExecutePlanResponse>* writer);

  SessionManager sessions_;
  const ExtensionRegistry* extensions_;
  std::atomic<int64_t> last_sweep_ms_{0};
};

}  // namespace kindred::connect
