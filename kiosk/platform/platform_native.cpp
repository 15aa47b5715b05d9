// Kiosk platform for Linux (native SDL2 build): files from the assets folder, POSIX clocks; the
// random source, file writes and today's date are the native shells' shared ones (host/).
#include "platform/platform.h"

#include <dirent.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <algorithm>
#include <filesystem>
#include <cstring>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <time.h>

#include <unistd.h>

#include <SDL.h>
#include <httplib.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <mutex>

#include "host/entropy.h"
#include "host/files.h"
#include "host/local_date.h"
#include "platform/job_thread_native.h"

namespace tb::kiosk::platform {
namespace {
std::string g_assets_dir;  // set from the options (default: where the binary's assets are)
std::string g_keys_dir;
std::string g_data_dir;
std::string g_secrets_dir;

std::optional<Bytes> read_whole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return Bytes((std::istreambuf_iterator<char>(in)), {});
}

std::int64_t monotonic_ns() {
  timespec ts{};
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return std::int64_t(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// Process start in CLOCK_MONOTONIC terms: /proc/self/stat field 22 is the start time in clock
// ticks since boot, which is what CLOCK_BOOTTIME counts (monotonic plus suspend; a kiosk that
// just started has not been suspended since).
double process_start_ms() {
  std::ifstream stat("/proc/self/stat");
  std::string content((std::istreambuf_iterator<char>(stat)), {});
  const auto close = content.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream rest(content.substr(close + 2));
  std::string field;
  unsigned long long start_ticks = 0;
  for (int i = 3; i <= 22 && rest >> field; ++i)
    if (i == 22) start_ticks = std::stoull(field);
  timespec boot{};
  clock_gettime(CLOCK_BOOTTIME, &boot);
  const double boot_ms = boot.tv_sec * 1000.0 + boot.tv_nsec / 1e6;
  const double start_ms = start_ticks * 1000.0 / sysconf(_SC_CLK_TCK);
  return monotonic_ns() / 1e6 - (boot_ms - start_ms);
}
const double g_start_ms = process_start_ms();
}  // namespace

std::int64_t now_ms() { return monotonic_ns() / 1'000'000; }

int today_yyyymmdd() { return host::today_yyyymmdd(); }

crypto::Entropy& entropy() {
  static host::SystemEntropy system;  // stateless: nothing in it is ever written
  return system;
}

double ms_since_start() { return monotonic_ns() / 1e6 - g_start_ms; }

void set_assets_dir(const std::string& dir) { g_assets_dir = dir; }

Result<Bytes, PlatformError> read_asset(const std::string& name) {
  const std::string path = g_assets_dir + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) return {PlatformError::NotFound, path + ": cannot open (use --assets DIR to say where the kiosk's assets are)"};
  return Bytes((std::istreambuf_iterator<char>(in)), {});
}

void set_keys_dir(const std::string& dir) { g_keys_dir = dir; }

namespace {
// A file of a folder the kiosk only reads, or NotFound with where it looked and `hint`.
Result<Bytes, PlatformError> read_from(const std::string& dir, const std::string& name, const char* hint) {
  const std::string path = dir + "/" + name;
  auto bytes = read_whole(path);
  if (!bytes) return {PlatformError::NotFound, path + ": cannot open (" + hint + ")"};
  return std::move(*bytes);
}
}  // namespace

Result<Bytes, PlatformError> read_trust(const std::string& name) {
  return read_from(g_keys_dir, name, "the city's keys: --keys DIR or `keys = DIR` in kiosk.conf; --demo for the demo keys");
}

bool has_data_dir() { return !g_data_dir.empty(); }

void set_secrets_dir(const std::string& dir) { g_secrets_dir = dir; }
bool has_secrets_dir() { return !g_secrets_dir.empty(); }

Result<Bytes, PlatformError> read_secret(const std::string& name) {
  return read_from(g_secrets_dir, name, "the kiosk's secrets are made by tongban-kiosk-keys.service; docs/DEPLOYING.md");
}

std::vector<std::string> list_data(const std::string& prefix) {
  std::vector<std::string> out;
  if (g_data_dir.empty()) return out;
  if (DIR* d = ::opendir(g_data_dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.rfind(prefix, 0) == 0 && !host::is_temp_file(name)) out.push_back(name);
    }
    ::closedir(d);
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool remove_data(const std::string& name) {
  if (g_data_dir.empty()) return false;
  return host::remove_file(g_data_dir + "/" + name);
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t local_seconds(std::int64_t unix_seconds) { return host::local_seconds(unix_seconds); }

void crash_point(const char* point) {
  const char* at = std::getenv("TB_KIOSK_CRASH_AT");
  if (at && std::strcmp(at, point) == 0) {
    std::fprintf(stderr, "tongban-kiosk: TB_KIOSK_CRASH_AT=%s: killing myself\n", point);
    ::raise(SIGKILL);
  }
}

namespace {
struct HttpJob {
  std::string url, method, path, body, type;
  HttpHeaders headers;
};
std::mutex g_intake_mu;
std::string g_intake_url = "http://127.0.0.1:8080";

HttpResult http_do(std::uint64_t ticket, HttpJob& job) {
  HttpResult r;
  r.ticket = ticket;
  httplib::Client client(job.url);
  client.set_connection_timeout(5);
  client.set_read_timeout(30);
  client.set_write_timeout(30);
  const httplib::Headers headers(job.headers.begin(), job.headers.end());
  httplib::Result res = job.method == "GET" ? client.Get(job.path, headers)
                                            : client.Post(job.path, headers, job.body, job.type);
  if (res) {
    r.status = res->status;
    r.body = std::move(res->body);
  }
  return r;
}

JobThread<HttpJob, HttpResult>& http_thread() {
  static auto& t = JobThread<HttpJob, HttpResult>::start(http_do);
  return t;
}
}  // namespace

void set_intake_url(const std::string& base_url) {
  std::lock_guard<std::mutex> lock(g_intake_mu);
  g_intake_url = base_url;
}

std::uint64_t http_request(const std::string& method, const std::string& path, const std::string& body,
                           const std::string& content_type, const HttpHeaders& headers) {
  std::string url;
  {
    std::lock_guard<std::mutex> lock(g_intake_mu);
    url = g_intake_url;
  }
  return http_thread().push({url, method, path, body, content_type, headers});
}

std::vector<HttpResult> http_results() { return http_thread().take(); }

namespace {
struct FetchJob {
  std::string url;
  std::size_t max_bytes = 0;
};

FetchResult fetch_do(std::uint64_t ticket, FetchJob& job) {
  FetchResult r;
  r.ticket = ticket;
  // scheme://host[:port] is the client; the rest is the path (at least "/").
  const auto scheme = job.url.find("://");
  const auto slash = scheme == std::string::npos ? std::string::npos : job.url.find('/', scheme + 3);
  if (scheme == std::string::npos) {
    r.failure = "not an absolute URL";
    return r;
  }
  httplib::Client client(job.url.substr(0, slash));
  client.set_connection_timeout(10);
  client.set_read_timeout(60);
  client.set_follow_location(false);  // an update comes from where it was configured, nowhere else
  bool too_large = false;
  httplib::Result res = client.Get(slash == std::string::npos ? "/" : job.url.substr(slash), httplib::Headers{},
                                   [&](const char* data, std::size_t n) {
                                     if (r.body.size() + n > job.max_bytes) return !(too_large = true);
                                     r.body.append(data, n);
                                     return true;
                                   });
  if (too_large) {
    r.body.clear();
    r.failure = "the answer is larger than " + std::to_string(job.max_bytes) + " bytes";
  } else if (!res) {
    r.failure = httplib::to_string(res.error());
  } else {
    r.status = res->status;
  }
  return r;
}

JobThread<FetchJob, FetchResult>& fetch_thread() {
  static auto& t = JobThread<FetchJob, FetchResult>::start(fetch_do);
  return t;
}
}  // namespace

std::uint64_t fetch_url(const std::string& url, std::size_t max_bytes) { return fetch_thread().push({url, max_bytes}); }
std::vector<FetchResult> fetch_results() { return fetch_thread().take(); }

std::optional<std::uint64_t> free_disk_bytes() {
  struct statvfs s{};
  if (g_data_dir.empty() || ::statvfs(g_data_dir.c_str(), &s) != 0) return std::nullopt;
  return static_cast<std::uint64_t>(s.f_bavail) * s.f_frsize;
}

void set_data_dir(const std::string& dir) {
  g_data_dir = dir;
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  ::chmod(dir.c_str(), 0700);
  ::mkdir((dir + "/incoming").c_str(), 0700);
}

std::optional<Bytes> read_data(const std::string& name) {
  if (g_data_dir.empty()) return std::nullopt;
  return read_whole(g_data_dir + "/" + name);
}

bool write_data_atomic(const std::string& name, const Bytes& bytes) {
  if (g_data_dir.empty()) return false;
  return bool(host::write_file_atomic(g_data_dir + "/" + name,
                                      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), 0600));
}

std::vector<std::string> incoming_files() {
  std::vector<std::pair<long, std::string>> found;
  if (g_data_dir.empty()) return {};
  const std::string dir = g_data_dir + "/incoming";
  if (DIR* d = ::opendir(dir.c_str())) {
    while (dirent* e = ::readdir(d)) {
      const std::string name = e->d_name;
      if (name.size() < 5 || (name.compare(name.size() - 4, 4, ".tbd") && name.compare(name.size() - 4, 4, ".tbg"))) continue;
      struct stat st{};
      if (::stat((dir + "/" + name).c_str(), &st) == 0) found.emplace_back(st.st_mtime, name);
    }
    ::closedir(d);
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  for (auto& f : found) out.push_back(f.second);
  return out;
}

std::optional<Bytes> read_incoming(const std::string& name) { return read_whole(g_data_dir + "/incoming/" + name); }

void remove_incoming(const std::string& name) { ::unlink((g_data_dir + "/incoming/" + name).c_str()); }

bool write_file_atomic(const std::string& path, const std::string& contents) {
  return bool(host::write_file_atomic(path, contents, 0644, host::Sync::None));
}

}  // namespace tb::kiosk::platform
