#include "common/file_util.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kindred {

namespace fs = std::filesystem;

Result<std::string> ReadFileToString(const std::string& path) {
  std::error_code ec;
  if (!fs::exists(path, ec)) return NotFound("file '", path, "' does not exist");
  if (fs::is_directory(path, ec)) return InvalidArgument("'", path, "' is a folder, not a file");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return IoError("cannot open '", path, "': ", std::strerror(errno));
  std::string out;
  char buf[1 << 16];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof(buf), f)) > 0) out.append(buf, n);
  bool err = std::ferror(f);
  std::fclose(f);
  if (err) return IoError("error reading '", path, "'");
  return out;
}

bool FileExists(const std::string& path) {
  std::error_code ec;
  return fs::exists(path, ec);
}

bool IsDirectory(const std::string& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

Status MakeDirectories(const std::string& path) {
  if (path.empty()) return OkStatus();
  std::error_code ec;
  fs::create_directories(path, ec);
  if (ec) return IoError("cannot create folder '", path, "': ", ec.message());
  return OkStatus();
}

Status WriteFileAtomic(const std::string& path, std::string_view content) {
  AtomicFileWriter w;
  RETURN_IF_ERROR(w.Open(path));
  RETURN_IF_ERROR(w.Write(content));
  return w.Commit();
}

AtomicFileWriter::~AtomicFileWriter() {
  if (file_) {
    std::fclose(file_);
    std::remove(temp_path_.c_str());
  }
}

Status AtomicFileWriter::Open(const std::string& path) {
  path_ = path;
  fs::path p(path);
  if (p.has_parent_path()) RETURN_IF_ERROR(MakeDirectories(p.parent_path().string()));
  temp_path_ = StrCat(path, ".tmp-", ::getpid(), "-", reinterpret_cast<uintptr_t>(this));
  file_ = std::fopen(temp_path_.c_str(), "wb");
  if (!file_) return IoError("cannot write '", temp_path_, "': ", std::strerror(errno));
  return OkStatus();
}

Status AtomicFileWriter::Write(std::string_view data) {
  if (!file_) return Internal("AtomicFileWriter::Write before Open");
  if (!data.empty() && std::fwrite(data.data(), 1, data.size(), file_) != data.size())
    return IoError("error writing '", path_, "': ", std::strerror(errno));
  return OkStatus();
}

Status AtomicFileWriter::Commit() {
  if (!file_) return Internal("AtomicFileWriter::Commit before Open");
  bool ok = std::fflush(file_) == 0 && ::fsync(fileno(file_)) == 0;
  ok = std::fclose(file_) == 0 && ok;
  file_ = nullptr;
  if (!ok) {
    std::remove(temp_path_.c_str());
    return IoError("error writing '", path_, "': ", std::strerror(errno));
  }
  if (std::rename(temp_path_.c_str(), path_.c_str()) != 0) {
    std::remove(temp_path_.c_str());
    return IoError("cannot rename into '", path_, "': ", std::strerror(errno));
  }
  return OkStatus();
}

}  // namespace kindred
