// Files: whole-file reads and atomic writes (temp file in the same folder + rename), so a
// crash never leaves a half-written model, label file or output behind.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "common/status.h"

namespace kindred {

// Reads the whole file. NotFound names the path when it does not exist.
Result<std::string> ReadFileToString(const std::string& path);
// Writes `content` to `path` atomically; creates missing parent folders.
Status WriteFileAtomic(const std::string& path, std::string_view content);
bool FileExists(const std::string& path);
bool IsDirectory(const std::string& path);
Status MakeDirectories(const std::string& path);

// Streams a file to a temp name and renames it over `path` on Commit(). If the writer is
// destroyed without Commit() (an error path), the temp file is removed and `path` is untouched.
class AtomicFileWriter {
 public:
  AtomicFileWriter() = default;
  ~AtomicFileWriter();
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;

  Status Open(const std::string& path);
  Status Write(std::string_view data);
  Status Commit();

 private:
  std::string path_;
  std::string temp_path_;
  std::FILE* file_ = nullptr;
};

}  // namespace kindred
