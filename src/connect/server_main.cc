// kindred_connect_server: the Spark Connect server on its own (same as `kindred serve`).
#include "cli/serve.h"

int main(int argc, char** argv) { return kindred::RunServe(argc, argv); }
