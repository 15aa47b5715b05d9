#include "http/static_site.h"

#include <sys/stat.h>

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
    // The shell's entry points must be revalidated so a new build is picked up; the service worker
    // handles offline use.
    if (req.path == "/" || req.path == "/sw.js" || ends_with(req.path, ".html")) r.headers.emplace_back("Cache-Control", "no-cache");
    const std::string br = path + ".br";
    if (req.header("accept-encoding").find("br") != std::string::npos && fresh_twin(path, br)) {
      r.file = br;
      r.headers.emplace_back("Content-Encoding", "br");
      r.headers.emplace_back("Vary", "Accept-Encoding");
      return r;
    }
    struct stat f{};
    if (!is_file(path, &f)) return Response::text(404, "not found");
    r.file = path;
    return r;
  });
  return true;
}

}  // namespace tb::http
