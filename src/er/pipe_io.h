// Reads and writes Zingg pipes (csv, json) through Kindred's format readers.
#pragma once

#include <string>
#include <vector>

#include "columnar/table.h"
#include "er/config/config.h"

namespace kindred::er {

struct PipeReadReport {
  int64_t rows = 0;
  int64_t bad_records = 0;
};

// Reads one pipe. The path may be a file or a folder of part files. Malformed rows go to the
// pipe's badRecordsPath (when set) and are counted in `report`; they are logged, never dropped
// silently. Errors name the pipe and the file.
Result<TablePtr> ReadPipe(const Pipe& pipe, PipeReadReport* report = nullptr);

// Reads every pipe and stacks them. When `source_column` is non-empty a string column of that
// name holding each row's pipe name is appended (z_zsource for link). Pipes must share columns.
Result<TablePtr> ReadPipes(const std::vector<Pipe>& pipes, const std::string& source_column = "");

// Writes `table` to the pipe: a path ending in .csv/.json is one file; otherwise a folder holding
// part-00000.<fmt> (like Spark). Save mode from pipe.mode: overwrite (default), append,
// error/errorifexists, ignore. Atomic: readers see the old output or the new, never a mix.
Status WritePipe(const Pipe& pipe, const Table& table);

}  // namespace kindred::er
