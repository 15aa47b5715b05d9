// `tongban serve`: the product's local server on embedded defaults. Serves the mobile shell and
// the web kiosk from a site folder (with .br files sent pre-compressed to browsers that accept
// them); later capabilities mount the intake API on the same server.
#include <httplib.h>
#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <filesystem>
#include <memory>
#include <set>
#include <cstdio>
#include <string>

#include "args.h"
#include "commands.h"
#include "files.h"
#include "intake/server.h"
#include "serve_codes.h"

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

const char* kServeOptions =
    "  --site DIR            serve the mobile shell (/) and the web kiosk (/kiosk/) from DIR\n"
    "  --port N --bind ADDR  where to listen (default 127.0.0.1:8080)\n"
    "  --db URL              intake store: sqlite:PATH or postgresql://… (enables the intake API)\n"
    "  --intake-key KEY      the intake's signing key for receipts (ed25519-sign)\n"
    "  --devices DIR         register every *.pub in DIR as a kiosk device at start\n"
    "  --open-registration   let devices register themselves (demo, tests)\n"
    "  --uploads DIR         where resumable uploads are assembled (default: beside a sqlite db)\n"
    "  --max-bytes N         largest envelope accepted (default 64 MiB)\n"
    "  --rate N              submissions per second per device (default 50)\n"
    "  --upload-hours H      unfinished uploads are removed after H hours (default 48)\n"
    "  --upload-space MB     refuse new upload pieces while unfinished ones take more (default 8192)\n"
    "  --code-issuer KEY     demo credential desk for personal codes (POST /api/v1/codes/credential)\n";

// One server for both commands: static files and/or the intake API.
int serve_main(const Args& args, bool need_site, const char* name) {
  const std::string site = args.get("--site").value_or("");
  const std::string bind = args.get("--bind").value_or("127.0.0.1");
  const int port = std::atoi(args.get("--port").value_or("8080").c_str());
  if ((need_site || !site.empty()) && (site.empty() || !is_file(site + "/index.html"))) {
    std::fprintf(stderr, "tongban %s: --site '%s' has no index.html (build the site first: tools/run.sh)\n", name, site.c_str());
    return 2;
  }
  if (port <= 0 || port > 65535) {
    std::fprintf(stderr, "tongban %s: --port must be 1..65535\n", name);
    return 2;
  }
  httplib::Server server;
  std::unique_ptr<intake::Store> store;
  std::unique_ptr<intake::Intake> api;
  if (auto db = args.get("--db")) {
    std::string error;
    store = intake::open_store(*db, &error);
    if (!store) {
      std::fprintf(stderr, "tongban %s: %s\n", name, error.c_str());
      return 3;
    }
    const auto key_path = args.get("--intake-key");
    if (!key_path) {
      std::fprintf(stderr, "tongban %s: --intake-key is required with --db\n", name);
      return 2;
    }
    auto key = load_key(*key_path, &error);
    if (!key || !key->pair || key->pub.kind != crypto::KeyKind::Sign) {
      std::fprintf(stderr, "tongban %s: %s\n", name, key ? (*key_path + ": needs a secret ed25519-sign key").c_str() : error.c_str());
      return 2;
    }
    intake::Config cfg;
    cfg.key = *key->pair;
    cfg.open_registration = args.flag("--open-registration");
    // Numbers in the configuration: whole and in range, or a clear refusal (never a silent 0).
    auto number = [name](const char* option, const std::string& text, double min, double max, double* out) {
      char* end = nullptr;
      errno = 0;
      const double v = std::strtod(text.c_str(), &end);
      if (text.empty() || *end != '\0' || errno != 0 || !(v >= min && v <= max)) {
        std::fprintf(stderr, "tongban %s: %s must be a number from %.15g to %.15g, got '%s'\n", name, option, min, max, text.c_str());
        return false;
      }
      *out = v;
      return true;
    };
    double v = 0;
    if (auto m = args.get("--max-bytes")) {
      if (!number("--max-bytes", *m, 1024, 4.0 * (1ull << 30), &v)) return 2;
      cfg.max_bytes = static_cast<std::uint64_t>(v);
    }
    if (auto r = args.get("--rate")) {
      if (!number("--rate", *r, 0.001, 1e9, &v)) return 2;
      cfg.rate_per_device = v, cfg.burst_per_device = 4 * v;
    }
    if (auto h = args.get("--upload-hours")) {
      if (!number("--upload-hours", *h, 1, 24 * 365, &v)) return 2;
      cfg.upload_ttl_s = static_cast<std::int64_t>(v * 3600);
    }
    if (auto s = args.get("--upload-space")) {
      if (!number("--upload-space", *s, 1, 1 << 24, &v)) return 2;
      cfg.upload_budget_bytes = static_cast<std::uint64_t>(v * 1048576);
    }
    cfg.upload_dir = args.get("--uploads").value_or(db->rfind("sqlite:", 0) == 0 ? db->substr(7) + ".uploads" : "/tmp/tongban-uploads");
    if (auto dir = args.get("--devices")) {
      std::error_code ec;
      for (const auto& e : std::filesystem::directory_iterator(*dir, ec)) {
        if (e.path().extension() != ".pub") continue;
        auto k = load_key(e.path().string(), &error);
        if (!k || !crypto::is_signing_kind(k->pub.kind)) continue;
        intake::Device d{k->pub.id.hex(), std::string(k->pub.key.begin(), k->pub.key.end()), "kiosk", unix_now()};
        store->register_device(d, &error);
      }
    }
    api = std::make_unique<intake::Intake>(std::move(cfg), *store);
    api->mount(server);
  } else if (!need_site) {
    std::fprintf(stderr, "tongban %s: --db is required\n", name);
    return 2;
  }
  if (auto issuer_path = args.get("--code-issuer")) {
    std::string error;
    auto key = load_key(*issuer_path, &error);
    if (!key || !key->pair || key->pub.kind != crypto::KeyKind::Sign) {
      std::fprintf(stderr, "tongban %s: %s\n", name, key ? (*issuer_path + ": needs a secret ed25519-sign key").c_str() : error.c_str());
      return 2;
    }
    mount_demo_credentials(server, *key->pair);
  }
  if (!site.empty()) {
    // Pre-compressed assets: answer with X.br when the browser accepts brotli and X.br exists.
    server.set_pre_routing_handler([site](const httplib::Request& req, httplib::Response& res) {
      if (req.method != "GET" || req.path.find("..") != std::string::npos || req.path.rfind("/api/", 0) == 0)
        return httplib::Server::HandlerResponse::Unhandled;
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
      std::fprintf(stderr, "tongban %s: cannot serve '%s'\n", name, site.c_str());
      return 3;
    }
    // The shell's entry points must be revalidated so a new build is picked up; the service worker
    // handles offline use.
    server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
      if (req.path == "/" || req.path == "/sw.js" ||
          (req.path.size() > 5 && req.path.rfind(".html") == req.path.size() - 5))
        res.set_header("Cache-Control", "no-cache");
    });
  }
  server.set_payload_max_length(128ull << 20);
  // Many devices at once (a hall's kiosks and a city's phones): httplib's defaults (8 threads, 5
  // requests per connection, listen backlog 5) make reconnecting devices overflow the accept queue
  // and wait a SYN retransmit (~1 s). One thread per open connection up to kServeThreads, long
  // keep-alive, and a deep accept queue (listen again on the bound socket, which Linux allows).
  constexpr std::size_t kServeThreads = 48;
  server.new_task_queue = [] { return new httplib::ThreadPool(kServeThreads); };
  server.set_keep_alive_max_count(10000);
  socket_t listen_socket = INVALID_SOCKET;
  server.set_socket_options([&listen_socket](socket_t s) {
    httplib::default_socket_options(s);
    listen_socket = s;
  });
  g_server = &server;
  std::signal(SIGTERM, stop_server);
  std::signal(SIGINT, stop_server);
  if (!server.bind_to_port(bind.c_str(), port)) {
    std::fprintf(stderr, "tongban %s: cannot listen on %s:%d (in use? try --port)\n", name, bind.c_str(), port);
    return 3;
  }
  if (listen_socket != INVALID_SOCKET) ::listen(listen_socket, 1024);
  if (!site.empty())
    std::printf("tongban %s: http://%s:%d/ (mobile shell), http://%s:%d/kiosk/ (web kiosk)%s\n", name, bind.c_str(), port,
                bind.c_str(), port, api ? ", intake API at /api/v1/" : "");
  else
    std::printf("tongban %s: intake API at http://%s:%d/api/v1/\n", name, bind.c_str(), port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}

const std::set<std::string> kServeValueOptions = {"--site", "--port", "--bind", "--db", "--intake-key", "--devices", "--code-issuer",
                                                  "--uploads", "--max-bytes", "--rate", "--upload-hours", "--upload-space"};

}  // namespace

int cmd_serve(const Argv& argv) {
  Args args(argv, kServeValueOptions, {"--help", "--open-registration"});
  if (!args.ok() || args.flag("--help")) {
    if (!args.ok()) std::fprintf(stderr, "tongban serve: %s\n", args.error().c_str());
    std::fputs("usage: tongban serve --site DIR [options]\n", args.ok() ? stdout : stderr);
    std::fputs(kServeOptions, args.ok() ? stdout : stderr);
    return args.ok() ? 0 : 2;
  }
  return serve_main(args, true, "serve");
}

int cmd_intake_serve(const Argv& argv) {
  Args args(argv, kServeValueOptions, {"--help", "--open-registration"});
  if (!args.ok() || args.flag("--help")) {
    if (!args.ok()) std::fprintf(stderr, "tongban intake serve: %s\n", args.error().c_str());
    std::fputs("usage: tongban intake serve --db URL --intake-key KEY [options]\n", args.ok() ? stdout : stderr);
    std::fputs(kServeOptions, args.ok() ? stdout : stderr);
    return args.ok() ? 0 : 2;
  }
  return serve_main(args, false, "intake serve");
}

}  // namespace tb::cli
