#include "files.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fstream>
#include <sstream>

#include "report.h"

namespace tb::cli {

std::optional<std::string> try_read_file(const std::string& path, std::string* error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    *error = path + ": " + std::strerror(errno);
    return std::nullopt;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string read_file(const std::string& path, const std::string& what) {
  std::string error;
  auto data = try_read_file(path, &error);
  if (!data) fail_io(what.empty() ? error : what + " " + error);
  return std::move(*data);
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

void write_file_atomic(const std::string& path, const std::string& data, unsigned mode) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, mode);
  if (fd < 0) fail_io(tmp + ": " + std::strerror(errno));
  const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  if (!ok) {
    ::unlink(tmp.c_str());
    fail_io(path + ": write failed: " + std::strerror(saved));
  }
  // Fault injection for tests: die after the new data is durable but before it replaces the old.
  if (const char* f = std::getenv("TB_FAULT"); f && !std::strcmp(f, "before-rename")) std::abort();
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    fail_io(path + ": " + why);
  }
  fsync_dir_of(path);
}

void write_new_file(const std::string& path, const std::string& data, unsigned mode) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL, mode);
  if (fd < 0) fail_io(path + ": " + (errno == EEXIST ? std::string("already exists (not overwritten)") : std::strerror(errno)));
  ::fchmod(fd, mode);  // exact mode regardless of umask
  const bool ok = write_all(fd, data) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    ::unlink(path.c_str());
    fail_io(path + ": write failed");
  }
  fsync_dir_of(path);
}

namespace {
// "a secret signing key (ed25519-sign or ed25519-device)"
std::string describe(const KeyNeed& need) {
  std::string kinds;
  bool sealing = false;
  for (std::size_t i = 0; i < need.kinds.size(); ++i) {
    kinds += (i ? " or " : "") + std::string(crypto::key_kind_name(need.kinds[i]));
    sealing = sealing || need.kinds[i] == crypto::KeyKind::Seal;
  }
  return std::string(need.secret ? "a secret " : "a ") + (sealing ? "sealing" : "signing") + " key (" + kinds + ")";
}
}  // namespace

crypto::ParsedKey load_key(const std::string& option, const std::string& path, const KeyNeed& need) {
  const std::string text = read_file(path, option);
  const std::string where = option.empty() ? path : option + " " + path;
  std::string why;
  auto key = crypto::parse_key_file(text, &why);
  if (!key) fail_io(where + ": " + why);
  const bool kind_ok = need.kinds.empty() || std::find(need.kinds.begin(), need.kinds.end(), key->pub.kind) != need.kinds.end();
  if (!kind_ok || (need.secret && !key->pair))
    fail_usage(where + ": needs " + describe(need) + ", this is " + crypto::key_kind_name(key->pub.kind) +
               (kind_ok ? " without its secret" : ""));
  return std::move(*key);
}

crypto::TrustStore load_trust(const std::string& option, const std::vector<std::string>& paths) {
  crypto::TrustStore trust;
  for (const auto& p : paths) trust.add({load_key(option, p, {}).pub, 0, 0, {}});
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
