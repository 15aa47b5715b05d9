// `tongban serve`: the product's local server on embedded defaults. Serves the mobile shell and
// the web kiosk from a site folder (with .br files sent pre-compressed to browsers that accept
// them); later capabilities mount the intake API on the same server.
#include <httplib.h>
#include <sys/stat.h>

#include <csignal>
#include <filesystem>
#include <memory>
#include <optional>
#include <cstdio>
#include <string>

#include "commands.h"
#include "files.h"
#include "intake/server.h"
#include "options.h"
#include "report.h"
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

struct ServeOptions {
  std::string site, bind = "127.0.0.1";
  std::optional<std::int64_t> port;
  std::optional<std::string> db, intake_key, devices, uploads, code_issuer;
  std::optional<double> max_bytes, rate, upload_hours, upload_space;
  bool open_registration = false;
};

// The intake API on `server`, from the options (with --db).
std::unique_ptr<intake::Intake> mount_intake(httplib::Server& server, const ServeOptions& o, std::unique_ptr<intake::Store>& store) {
  std::string error;
  store = intake::open_store(*o.db, &error);
  if (!store) fail_io(error);
  if (!o.intake_key) fail_usage("--intake-key is required with --db");
  intake::Config cfg;
  cfg.key = *load_key("--intake-key", *o.intake_key, {{crypto::KeyKind::Sign}, true}).pair;
  cfg.open_registration = o.open_registration;
  if (o.max_bytes) cfg.max_bytes = static_cast<std::uint64_t>(*o.max_bytes);
  if (o.rate) cfg.rate_per_device = *o.rate, cfg.burst_per_device = 4 * *o.rate;
  if (o.upload_hours) cfg.upload_ttl_s = static_cast<std::int64_t>(*o.upload_hours * 3600);
  if (o.upload_space) cfg.upload_budget_bytes = static_cast<std::uint64_t>(*o.upload_space * 1048576);
  cfg.upload_dir = o.uploads.value_or(o.db->rfind("sqlite:", 0) == 0 ? o.db->substr(7) + ".uploads" : "/tmp/tongban-uploads");
  if (o.devices) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(*o.devices, ec)) {
      if (e.path().extension() != ".pub") continue;
      std::string why;
      const auto text = try_read_file(e.path().string(), &why);
      if (!text) continue;
      const auto k = crypto::parse_key_file(*text);
      if (!k || !crypto::is_signing_kind(k->pub.kind)) continue;  // not a device key: not registered
      intake::Device d{k->pub.id.hex(), std::string(k->pub.key.begin(), k->pub.key.end()), "kiosk", unix_now()};
      store->register_device(d, &error);
    }
  }
  auto api = std::make_unique<intake::Intake>(std::move(cfg), *store);
  api->mount(server);
  return api;
}

// The site folder on `server`, with pre-compressed twins and revalidated entry points.
void mount_site(httplib::Server& server, const std::string& site) {
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
  if (!server.set_mount_point("/", site)) fail_io("cannot serve '" + site + "'");
  // The shell's entry points must be revalidated so a new build is picked up; the service worker
  // handles offline use.
  server.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
    if (req.path == "/" || req.path == "/sw.js" || (req.path.size() > 5 && req.path.rfind(".html") == req.path.size() - 5))
      res.set_header("Cache-Control", "no-cache");
  });
}

// One server for both commands: static files and/or the intake API. `name` is the command
// ("serve", "intake serve") for the line that says where it listens.
int serve(const ServeOptions& o, bool need_site, const std::string& name) {
  const int port = static_cast<int>(o.port.value_or(8080));
  if ((need_site || !o.site.empty()) && (o.site.empty() || !is_file(o.site + "/index.html")))
    fail_usage("--site '" + o.site + "' has no index.html (build the site first: tools/run.sh)");
  httplib::Server server;
  std::unique_ptr<intake::Store> store;
  std::unique_ptr<intake::Intake> api;
  if (o.db) api = mount_intake(server, o, store);
  if (o.code_issuer) mount_demo_credentials(server, *load_key("--code-issuer", *o.code_issuer, {{crypto::KeyKind::Sign}, true}).pair);
  if (!o.site.empty()) mount_site(server, o.site);
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
  if (!server.bind_to_port(o.bind.c_str(), port))
    fail_io("cannot listen on " + o.bind + ":" + std::to_string(port) + " (in use? try --port)");
  if (listen_socket != INVALID_SOCKET) ::listen(listen_socket, 1024);
  const char* host = o.bind.c_str();
  if (!o.site.empty())
    std::printf("tongban %s: http://%s:%d/ (mobile shell), http://%s:%d/kiosk/ (web kiosk)%s\n", name.c_str(), host, port, host, port,
                api ? ", intake API at /api/v1/" : "");
  else
    std::printf("tongban %s: intake API at http://%s:%d/api/v1/\n", name.c_str(), host, port);
  std::fflush(stdout);
  server.listen_after_bind();
  return 0;
}

void add_serve_options(CLI::App& app, ServeOptions& o) {
  app.add_option("--site", o.site, "serve the mobile shell (/) and the web kiosk (/kiosk/) from DIR")->type_name("DIR");
  add_whole(app, "--port", o.port, 1, 65535, "the port to listen on (default 8080)");
  app.add_option("--bind", o.bind, "the address to listen on (default 127.0.0.1)")->type_name("ADDR");
  app.add_option("--db", o.db, "intake store: sqlite:PATH or postgresql://… (enables the intake API)")->type_name("URL");
  app.add_option("--intake-key", o.intake_key, "the intake's signing key for receipts (ed25519-sign)")->type_name("KEY");
  app.add_option("--devices", o.devices, "register every *.pub in DIR as a kiosk device at start")->type_name("DIR");
  app.add_flag("--open-registration", o.open_registration, "let devices register themselves (demo, tests)");
  app.add_option("--uploads", o.uploads, "where resumable uploads are assembled (default: beside a sqlite db)")->type_name("DIR");
  add_real(app, "--max-bytes", o.max_bytes, 1024, 4.0 * (1ull << 30), "largest envelope accepted, in bytes (default 64 MiB)");
  add_real(app, "--rate", o.rate, 0.001, 1e9, "submissions per second per device (default 50)");
  add_real(app, "--upload-hours", o.upload_hours, 1, 24 * 365, "unfinished uploads are removed after H hours (default 48)")->type_name("H");
  add_real(app, "--upload-space", o.upload_space, 1, 1 << 24,
           "refuse new upload pieces while unfinished ones take more than MB megabytes (default 8192)")
      ->type_name("MB");
  app.add_option("--code-issuer", o.code_issuer, "demo credential desk for personal codes (POST /api/v1/codes/credential)")
      ->type_name("KEY");
}

}  // namespace

void add_serve(CommandTree& tree) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App& app = tree.add(tree.root(),
                           {"serve", "serve the mobile shell and the web kiosk on 127.0.0.1", "--site DIR [options]",
                            "With --db (and --intake-key) it also serves the intake API, as `tongban intake serve` does."},
                           [o] { return serve(*o, true, "serve"); });
  add_serve_options(app, *o);
}

void add_intake_serve(CommandTree& tree, CLI::App& intake) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App& app = tree.add(intake,
                           {"serve", "the intake API: devices submit envelopes, get signed receipts", "--db URL --intake-key KEY [options]",
                            "With --site it also serves the mobile shell and the web kiosk, as `tongban serve` does."},
                           [o] { return serve(*o, false, "intake serve"); });
  add_serve_options(app, *o);
  app.get_option("--db")->required();
  app.get_option("--intake-key")->required();
}

}  // namespace tb::cli
