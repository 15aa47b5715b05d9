// `tongban serve`: the product's local server on embedded defaults. Serves the mobile shell and
// the web kiosk from a site folder (with .br files sent pre-compressed to browsers that accept
// them); later capabilities mount the intake API on the same server.
#include <httplib.h>
#include <sys/stat.h>

#include <csignal>
#include <cstdio>
#include <string>

#include "args.h"
#include "commands.h"

namespace tb::cli {
namespace {

httplib::Server* g_server = nullptr;
void stop_server(int) {
  if (g_server) g_server->stop();
}

bool is_file(const std::string& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// X.br is used only while it is at least as new as X: a file replaced after the site was
// assembled (a published update) must never be shadowed by its stale compressed twin.
bool fresh_twin(const std::string& plain, const std::string& br) {
  struct stat a{}, b{};
  if (::stat(br.c_str(), &b) != 0 || !S_ISREG(b.st_mode)) return false;
  if (::stat(plain.c_str(), &a) != 0) return true;
  return b.st_mtim.tv_sec > a.st_mtim.tv_sec ||
         (b.st_mtim.tv_sec == a.st_mtim.tv_sec && b.st_mtim.tv_nsec >= a.st_mtim.tv_nsec);
}

const char* mime_for(const std::string& path) {
  auto ends = [&](const char* ext) {
    const std::string e = ext;
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".wasm")) return "application/wasm";
  if (ends(".js") || ends(".mjs")) return "text/javascript; charset=utf-8";
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json") || ends(".webmanifest")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ttf")) return "font/ttf";
  return "application/octet-stream";
}

}  // namespace

int cmd_serve(const Argv& argv) {
  Args args(argv, {"--site", "--port", "--bind"}, {"--help"});
  if (!args.ok() || args.flag("--help")) {
    if (!args.ok()) std::fprintf(stderr, "tongban serve: %s\n", args.error().c_str());
    std::fputs("usage: tongban serve --site DIR [--port 8080] [--bind 127.0.0.1]\n"
               "  serves the mobile shell (/) and the web kiosk (/kiosk/) from DIR\n",
               args.ok() ? stdout : stderr);
    return args.ok() ? 0 : 2;
  }
  const std::string site = args.get("--site").value_or("");
  const std::string bind = args.get("--bind").value_or("127.0.0.1");
  const int port = std::atoi(args.get("--port").value_or("8080").c_str());
  if (site.empty() || !is_file(site + "/index.html")) {
    std::fprintf(stderr, "tongban serve: --site '%s' has no index.html (build the site first: tools/run.sh)\n",
                 site.c_str());
    return 2;
  }
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "tongban serve: --port must be 1..65535\n");
    return 2;
  }

  httplib::Server server;
  // Pre-compressed assets: answer with X.br when the browser accepts brotli and X.br exists.
  server.set_pre_routing_handler([&](const httplib::Request& req, httplib::Response& res) {
    if (req.method != "GET" || req.path.find("..") != std::string::npos) return httplib::Server::HandlerResponse::Unhandled;
    std::string path = site + req.path;
    if (!req.path.empty() && req.path.back() == '/') path += "index.html";
    const std::string br = path + ".br";
    if (req.get_header_value("Accept-Encoding").find("br") == std::string::npos || !fresh_twin(path, br))
      return httplib::Server::HandlerResponse::Unhandled;
    std::FILE* f = std::fopen(br.c_str(), "rb");
    if (!f) return httplib::Server::HandlerResponse::Unhandled;
    std::string body;
    char buf[65536];
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) body.append(buf, n);
    std::fclose(f);
    res.set_header("Content-Encoding", "br");
    res.set_header("Vary", "Accept-Encoding");
    res.set_content(body, mime_for(path));
    return httplib::Server::HandlerResponse::Handled;
  });
  server.set_file_extension_and_mimetype_mapping("wasm", "application/wasm");
  server.set_file_extension_and_mimetype_mapping("webmanifest", "application/manifest+json");
  if (!server.set_mount_point("/", site)) {
    std::fprintf(stderr, "tongban serve: cannot serve '%s'\n", site.c_str());
    return 3;
  }
  // The shell's entry points must be revalidated so a new build is picked up; the service worker
  // handles offline use.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/" || req.path == "/sw.js" ||
        (req.path.size() > 5 && req.path.rfind(".html") == req.path.size() - 5))
      res.set_header("Cache-Control", "no-cache");
  });
  g_server = &server;
  std::signal(SIGTERM, stop_server);
  std::signal(SIGINT, stop_server);
  if (!server.bind_to_port(bind.c_str(), port)) {
    std::fprintf(stderr, "tongban serve: cannot listen on %s:%d (in use? try --port)\n", bind.c_str(), port);
    return 3;
  }
  std::printf("tongban serve: http://%s:%d/ (mobile shell), http://%s:%d/kiosk/ (web kiosk)\n", bind.c_str(), port,
              bind.c_str(), port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}

}  // namespace tb::cli
