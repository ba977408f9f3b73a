#include "cli/serve.h"

#include <cstdio>
#include <string>

#include "common/strings.h"
#include "connect/server.h"

namespace kindred {
namespace {

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: kindred serve [--host HOST] [--port PORT]\n"
               "  Runs the Spark Connect server (default 127.0.0.1:15002).\n"
               "  Stop it with Ctrl-C or SIGTERM.\n");
}

}  // namespace

int RunServe(int argc, char** argv) {
  connect::ServerOptions options;
  // Called with the whole command line ("kindred serve ...") or from a stand-alone binary.
  int first = (argc > 1 && std::string(argv[1]) == "serve") ? 2 : 1;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kindred serve: %s needs a value\n", name);
        return nullptr;
      }
      return argv[++i];
    };
    if (arg == "--help" || arg == "-h") {
      Usage(stdout);
      return 0;
    } else if (arg == "--host") {
      const char* v = value("--host");
      if (v == nullptr) return 2;
      options.host = v;
    } else if (arg == "--port") {
      const char* v = value("--port");
      int64_t port = 0;
      if (v == nullptr || !ParseInt64(v, &port) || port < 0 || port > 65535) {
        std::fprintf(stderr, "kindred serve: --port needs a number in 0..65535\n");
        return 2;
      }
      options.port = static_cast<int>(port);
    } else {
      std::fprintf(stderr, "kindred serve: unknown argument '%s'\n", arg.c_str());
      Usage(stderr);
      return 2;
    }
  }
  Status st = connect::RunConnectServer(options);
  if (!st.ok()) {
    std::fprintf(stderr, "kindred serve: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace kindred
