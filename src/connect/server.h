// Runs the Spark Connect gRPC server until SIGINT/SIGTERM (or a stop request), then shuts down
// gracefully: new RPCs are refused and running ones get a few seconds to finish.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "common/status.h"

namespace kindred::connect {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 15002;
  // Largest request/response message (Spark's default is 128 MiB).
  int max_message_bytes = 128 << 20;
  // Printed once the server listens ("listening on host:port"); empty = silent.
  bool announce = true;
};

// Serves until a signal or `*stop` (may be null) turns true. Returns IoError when the
// address cannot be bound, OK after a graceful shutdown.
Status RunConnectServer(const ServerOptions& options, std::atomic<bool>* stop = nullptr);

}  // namespace kindred::connect
