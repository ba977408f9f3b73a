#include "cli/serve.h"

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include "common/strings.h"
#include "connect/server.h"

namespace kindred {
namespace {

void Usage(FILE* out) {
  std::fprintf(out,
               "usage: kindred serve [--host HOST] [--port PORT] [--memory-limit GB]\n"
               "  Runs the Spark Connect server (default 127.0.0.1:15002).\n"
               "  --memory-limit: the most memory the server may take (default 3/4 of the\n"
               "  machine's RAM; 0 = no limit). A plan that needs more fails with an error\n"
               "  instead of taking the machine down.\n"
               "  Stop it with Ctrl-C or SIGTERM.\n");
}

// Caps the process's address space, so that a plan asking for too much memory meets a failed
// allocation (reported to its client as an error) rather than the kernel's OOM killer.
bool LimitMemory(double gigabytes) {
  if (gigabytes <= 0) return true;
  rlimit limit;
  limit.rlim_cur = limit.rlim_max = static_cast<rlim_t>(gigabytes * (1ULL << 30));
  rlimit current;
  if (getrlimit(RLIMIT_AS, &current) == 0 && current.rlim_max != RLIM_INFINITY &&
      current.rlim_max < limit.rlim_max) {
    return true;  // already stricter
  }
  return setrlimit(RLIMIT_AS, &limit) == 0;
}

double DefaultMemoryLimitGb() {
  const double bytes = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * sysconf(_SC_PAGESIZE);
  return bytes > 0 ? 0.75 * bytes / (1ULL << 30) : 0;
}

}  // namespace

int RunServe(int argc, char** argv) {
  connect::ServerOptions options;
  double memory_limit_gb = DefaultMemoryLimitGb();
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
    } else if (arg == "--memory-limit") {
      const char* v = value("--memory-limit");
      double gb = 0;
      if (v == nullptr || !ParseDouble(v, &gb) || gb < 0) {
        std::fprintf(stderr, "kindred serve: --memory-limit needs a number of gigabytes >= 0\n");
        return 2;
      }
      memory_limit_gb = gb;
    } else {
      std::fprintf(stderr, "kindred serve: unknown argument '%s'\n", arg.c_str());
      Usage(stderr);
      return 2;
    }
  }
  if (!LimitMemory(memory_limit_gb)) {
    std::fprintf(stderr, "kindred serve: cannot limit memory to %.1f GB\n", memory_limit_gb);
    return 1;
  }
  Status st = connect::RunConnectServer(options);
  if (!st.ok()) {
    std::fprintf(stderr, "kindred serve: %s\n", st.ToString().c_str());
    return 1;
  }
  return 0;
}

}  // namespace kindred
