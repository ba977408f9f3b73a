#include "connect/server.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "connect/er_extension/er_extension.h"
#include "connect/service.h"
#include "connect/zingg/zingg_extension.h"

namespace kindred::connect {
namespace {

volatile std::sig_atomic_t g_signalled = 0;

void OnSignal(int) { g_signalled = 1; }

}  // namespace

Status RunConnectServer(const ServerOptions& options, std::atomic<bool>* stop) {
  RegisterZinggExtensions();
  RegisterErExtensions();
  SparkConnectServiceImpl service;
  grpc::ServerBuilder builder;
  std::string address = StrCat(options.host, ":", options.port);
  int bound_port = 0;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &bound_port);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return IoError("cannot listen on ", address, " (address in use or not available)");
  }
  if (options.announce) {
    std::printf("Kindred Spark Connect server listening on %s:%d\n", options.host.c_str(),
                bound_port);
    std::fflush(stdout);
  }
  g_signalled = 0;
  auto old_int = std::signal(SIGINT, OnSignal);
  auto old_term = std::signal(SIGTERM, OnSignal);
  // The main thread only watches for the stop signal; gRPC's own threads serve requests.
  while (!g_signalled && !(stop != nullptr && stop->load())) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  if (options.announce) {
    std::printf("Kindred Spark Connect server shutting down\n");
    std::fflush(stdout);
  }
  // Stop running executions so shutdown does not wait on long queries.
  service.sessions().InterruptEverything();
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
  server->Wait();
  std::signal(SIGINT, old_int);
  std::signal(SIGTERM, old_term);
  return OkStatus();
}

}  // namespace kindred::connect
