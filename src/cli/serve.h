// `kindred serve`: runs the Spark Connect server.
#pragma once

namespace kindred {

// argv is the process's command line; a leading "serve" word (argv[1]) is skipped. Options: --host H (default 127.0.0.1),
// --port P (default 15002; 0 picks a free port), --help. Returns the process exit code:
// 0 after a graceful shutdown, 1 when the server cannot start, 2 on bad arguments.
int RunServe(int argc, char** argv);

}  // namespace kindred
