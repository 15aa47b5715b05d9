#include "files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

namespace tb::cli {

std::optional<std::string> read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

namespace {
bool write_all(int fd, const std::string& data) {
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

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

bool write_file_atomic(const std::string& path, const std::string& data, unsigned mode, std::string* error) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) {
    *error = tmp + ": " + std::strerror(errno);
    return false;
  }
  const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    *error = path + ": write failed: " + std::strerror(saved);
    return false;
  }
  // Fault injection for tests: die after the new data is durable but before it replaces the old.
  if (const char* f = std::getenv("TB_FAULT"); f && !std::strcmp(f, "before-rename")) std::abort();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    *error = path + ": " + std::strerror(errno);
    ::unlink(tmp.c_str());
    return false;
  }
  fsync_dir_of(path);
  return true;
}

bool write_new_file(const std::string& path, const std::string& data, unsigned mode, std::string* error) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) {
    *error = path + ": " + (errno == EEXIST ? std::string("already exists (not overwritten)") : std::strerror(errno));
    return false;
  }
  ::fchmod(fd, mode);  // exact mode regardless of umask
  const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    *error = path + ": write failed";
    return false;
  }
  fsync_dir_of(path);
  return true;
}

std::optional<crypto::ParsedKey> load_key(const std::string& path, std::string* error) {
  auto text = read_file(path, error);
  if (!text) return std::nullopt;
  std::string why;
  auto key = crypto::parse_key_file(*text, &why);
  if (!key) *error = path + ": " + why;
  return key;
}

std::optional<crypto::TrustStore> load_trust(const std::vector<std::string>& paths, std::string* error) {
  crypto::TrustStore trust;
  for (const auto& p : paths) {
    auto key = load_key(p, error);
    if (!key) return std::nullopt;
    trust.add({key->pub, 0, 0, {}});
  }
  return trust;
}

crypto::Seed random_seed() {
  if (sodium_init() < 0) std::abort();
  crypto::Seed s;
  randombytes_buf(s.data(), s.size());
  return s;
}

std::string random_bytes(std::size_t n) {
  if (sodium_init() < 0) std::abort();
  std::string out(n, '\0');
  randombytes_buf(out.data(), n);
  return out;
}

int local_today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  return (local.tm_year + 1900) * 10000 + (local.tm_mon + 1) * 100 + local.tm_mday;
}

std::int64_t unix_now() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string default_guide_trust_path() { return std::string(TB_SOURCE_DIR) + "/assets/demo-keys/guide-issuer.pub"; }

}  // namespace tb::cli
