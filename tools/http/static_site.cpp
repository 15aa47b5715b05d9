#include "http/static_site.h"

#include <sys/stat.h>

#include <sodium.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>

#include "crypto/keys.h"  // to_hex

namespace tb::http {
namespace {

bool ends_with(const std::string& s, const char* suffix) {
  const std::string e = suffix;
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

const char* mime_for(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".wasm", "application/wasm"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ttf", "font/ttf"},
      {".txt", "text/plain; charset=utf-8"},
      {".pub", "text/plain; charset=utf-8"},
  };
  for (const auto& [ext, type] : kTypes)
    if (ends_with(path, ext)) return type;
  return "application/octet-stream";
}

bool is_file(const std::string& p, struct stat* st) { return ::stat(p.c_str(), st) == 0 && S_ISREG(st->st_mode); }

// X.br is used only while it is at least as new as X: a file replaced after the site was
// assembled (a published update) must never be shadowed by its stale compressed twin.
bool fresh_twin(const std::string& plain, const std::string& br) {
  struct stat a{}, b{};
  if (!is_file(br, &b)) return false;
  if (::stat(plain.c_str(), &a) != 0) return true;
  return b.st_mtim.tv_sec > a.st_mtim.tv_sec ||
         (b.st_mtim.tv_sec == a.st_mtim.tv_sec && b.st_mtim.tv_nsec >= a.st_mtim.tv_nsec);
}

// A path that stays inside the folder: absolute, no "." or ".." segment, no NUL or backslash.
bool safe_path(const std::string& p) {
  if (p.empty() || p[0] != '/' || p.find('\0') != std::string::npos || p.find('\\') != std::string::npos) return false;
  std::size_t at = 1;
  while (at <= p.size()) {
    const auto slash = p.find('/', at);
    const std::string seg = p.substr(at, slash == std::string::npos ? std::string::npos : slash - at);
    if (seg == "." || seg == "..") return false;
    if (slash == std::string::npos) break;
    at = slash + 1;
  }
  return true;
}

// A strong validator from the file's bytes (the start of their SHA-256): a reinstalled package or
// a copied site that leaves a file's bytes alone keeps its ETag, so a phone revalidates it with a
// 304 instead of downloading it again. Hashed once per version of a file (its size and
// modification time) and remembered; at most the site's own files are ever remembered. A file that
// cannot be read gets a weak validator from its size and time instead.
std::string etag_of(const std::string& path, const struct stat& st) {
  char stamp[64];
  std::snprintf(stamp, sizeof stamp, "%llx-%llx.%lx", static_cast<unsigned long long>(st.st_size),
                static_cast<unsigned long long>(st.st_mtim.tv_sec), static_cast<unsigned long>(st.st_mtim.tv_nsec));
  static std::mutex mu;
  static std::map<std::string, std::pair<std::string, std::string>> known;  // path -> (stamp, tag)
  {
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = known.find(path); it != known.end() && it->second.first == stamp) return it->second.second;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::string("W/\"") + stamp + "\"";
  crypto_hash_sha256_state h;
  crypto_hash_sha256_init(&h);
  char buf[1 << 16];
  while (in.read(buf, sizeof buf) || in.gcount() > 0)
    crypto_hash_sha256_update(&h, reinterpret_cast<const unsigned char*>(buf), static_cast<unsigned long long>(in.gcount()));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&h, digest);
  const std::string tag = "\"" + crypto::to_hex(digest, 12) + "\"";
  std::lock_guard<std::mutex> lock(mu);
  known[path] = {stamp, tag};
  return tag;
}

// The file, or 304 when the client already holds this version of it (If-None-Match).
Response file_response(Response r, const Request& req, const std::string& path, const struct stat& st) {
  const std::string tag = etag_of(path, st);
  const std::string held = req.header("if-none-match");
  r.headers.emplace_back("ETag", tag);
  if (!held.empty() && (held == "*" || held.find(tag) != std::string::npos)) {
    r.status = 304;
    return r;  // no body: the client's copy is current
  }
  r.file = path;
  return r;
}

}  // namespace

bool serve_folder(Server& server, const std::string& folder) {
  struct stat st{};
  if (::stat(folder.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  server.fallback([folder](Request& req) {
    if (!safe_path(req.path)) return Response::text(404, "not found");
    std::string path = folder + req.path;
    if (path.back() == '/') path += "index.html";
    Response r;
    r.content_type = mime_for(path);
    // File names carry no version, so every file is revalidated (no-cache) against its ETag: an
    // unchanged file costs a 304 without a body, a changed one is sent. The service worker handles
    // offline use.
    r.headers.emplace_back("Cache-Control", "no-cache");
    const std::string br = path + ".br";
    struct stat f{};
    if (req.header("accept-encoding").find("br") != std::string::npos && fresh_twin(path, br) && is_file(br, &f)) {
      r.headers.emplace_back("Content-Encoding", "br");
      r.headers.emplace_back("Vary", "Accept-Encoding");
      return file_response(std::move(r), req, br, f);
    }
    if (!is_file(path, &f)) return Response::text(404, "not found");
    return file_response(std::move(r), req, path, f);
  });
  return true;
}

}  // namespace tb::http
