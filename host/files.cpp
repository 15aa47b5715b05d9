#include "host/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace tb::host {
namespace {

constexpr std::string_view kTempMark = ".tmp-";

bool write_all(int fd, std::string_view data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

// A rename or a new name is durable only once the folder holding it is.
void fsync_dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  const std::string dir = slash == std::string::npos ? "." : (slash == 0 ? "/" : path.substr(0, slash));
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

const char* reason_key(FileError e) {
  switch (e) {
    case FileError::None: return "ok";
    case FileError::Io: return "io-error";
    case FileError::Exists: return "exists";
  }
  return "";
}

const char* reason_text(FileError e) {
  switch (e) {
    case FileError::None: return "";
    case FileError::Io: return "无法读写文件";
    case FileError::Exists: return "文件已存在";
  }
  return "";
}

Status<FileError> write_file_atomic(const std::string& path, std::string_view data, unsigned mode, Sync sync) {
  const std::string tmp = path + std::string(kTempMark) + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) return {FileError::Io, tmp + ": " + std::strerror(errno)};
  const bool ok = write_all(fd, data) && (sync == Sync::None || ::fsync(fd) == 0);
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    return {FileError::Io, path + ": write failed: " + std::strerror(saved)};
  }
  if (const char* f = std::getenv("TB_FAULT"); f && !std::strcmp(f, "before-rename")) std::abort();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const Status<FileError> failed{FileError::Io, path + ": " + std::strerror(errno)};
    ::unlink(tmp.c_str());
    return failed;
  }
  if (sync == Sync::ToDisk) fsync_dir_of(path);
  return {};
}

Status<FileError> write_new_file(const std::string& path, std::string_view data, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) {
    if (errno == EEXIST) return {FileError::Exists, path + ": already exists (not overwritten)"};
    return {FileError::Io, path + ": " + std::strerror(errno)};
  }
  ::fchmod(fd, mode);  // exact mode regardless of umask
  const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    return {FileError::Io, path + ": write failed"};
  }
  fsync_dir_of(path);
  return {};
}

bool remove_file(const std::string& path) {
  if (::unlink(path.c_str()) != 0) return false;
  fsync_dir_of(path);
  return true;
}

bool is_temp_file(std::string_view name) {
  const auto at = name.rfind(kTempMark);
  if (at == std::string_view::npos || at + kTempMark.size() == name.size()) return false;
  for (char c : name.substr(at + kTempMark.size()))
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace tb::host
