// `tongban serve`: the product's local server on embedded defaults. Serves the mobile shell and
// the web kiosk from a site folder (with .br files sent pre-compressed to browsers that accept
// them), and with --db the intake API, on one asynchronous server (tools/http) that bounds
// connections, time and memory whatever its clients do (docs/SECURITY.md).
#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <cstdio>
#include <functional>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "commands.h"
#include "config_file.h"
#include "files.h"
#include "host/log.h"
#include "http/server.h"
#include "http/static_site.h"
#include "intake/notifier.h"
#include "intake/server.h"
#include "options.h"
#include "report.h"
#include "serve_codes.h"

namespace tb::cli {
namespace {

bool is_file(const std::string& p) {
  struct stat st{};
  return ::stat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

struct ServeOptions {
  std::string site, bind = "127.0.0.1";
  std::optional<std::int64_t> port, connections, connections_per_ip, registrations_per_hour;
  std::optional<std::string> db, intake_key, devices, uploads, code_issuer, tls_cert, tls_key;
  std::optional<std::string> signin_issuer, signin_client_id, signin_jwks;
  std::optional<std::string> push_key, push_subject, push_ca;
  std::vector<std::string> push_services;
  std::optional<std::string> wx_appid, wx_secret, wx_api;
  std::vector<std::string> wx_templates;
  std::optional<double> notice_interval;
  std::vector<std::string> demo_residents;
  std::optional<double> max_bytes, rate, upload_hours, upload_space, body_memory;
  bool open_registration = false;
  ConfigFileOptions config;
  CLI::App* app = nullptr;  // the command these options belong to (its config file applies to it)
};

// The intake API on `server`, from the options (with --db).
std::unique_ptr<intake::Intake> mount_intake(http::Server& server, const ServeOptions& o, std::unique_ptr<intake::Store>& store) {
  const bool sqlite = o.db->rfind("sqlite:", 0) == 0;
  // Resumable uploads are assembled in a private folder: beside a SQLite database by default; with
  // PostgreSQL there is no such place, and a shared one (/tmp) is exactly what must not be used.
  if (!sqlite && !o.uploads) fail_usage("--uploads DIR is required with a PostgreSQL store (where resumable uploads are assembled)");
  auto database = intake::open_store(*o.db);
  if (!database) fail_with(database, "", kExitIo);
  store = std::move(*database);
  if (!o.intake_key) fail_usage("--intake-key is required with --db");
  intake::Config cfg;
  cfg.key = *load_key("--intake-key", *o.intake_key, {{crypto::KeyKind::Sign, crypto::KeyKind::Sm2Sign}, true}).pair;
  cfg.open_registration = o.open_registration;
  if (o.registrations_per_hour) cfg.registrations_per_hour_per_ip = cfg.registration_burst_per_ip = static_cast<double>(*o.registrations_per_hour);
  if (o.max_bytes) cfg.max_bytes = static_cast<std::uint64_t>(*o.max_bytes);
  if (o.rate) cfg.rate_per_device = *o.rate, cfg.burst_per_device = 4 * *o.rate;
  if (o.upload_hours) cfg.upload_ttl_s = static_cast<std::int64_t>(*o.upload_hours * 3600);
  if (o.upload_space) cfg.upload_budget_bytes = static_cast<std::uint64_t>(*o.upload_space * 1048576);
  cfg.upload_dir = o.uploads.value_or(sqlite ? o.db->substr(7) + ".uploads" : "");
  if (o.devices) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(*o.devices, ec)) {
      if (e.path().extension() != ".pub") continue;
      const auto text = try_read_file(e.path().string());
      if (!text) continue;
      const auto k = crypto::parse_key_file(*text);
      if (!k || !crypto::is_signing_kind(k->pub.kind)) continue;  // not a device key: not registered
      intake::Device d{k->pub.id.hex(), std::string(k->pub.key.begin(), k->pub.key.end()), "kiosk", unix_now()};
      if (const auto registered = store->register_device(d); !registered)
        host::log(host::Severity::Warning, "--devices: " + e.path().filename().string() + " not registered: " + registered.describe());
    }
  }
  auto api = std::make_unique<intake::Intake>(std::move(cfg), *store);
  if (const auto opened = api->open_uploads(unix_now()); !opened) fail_io(opened.detail());
  api->mount(server);
  return api;
}

// Notices (docs/INTAKE.md, "Notices"): with --push-key, a thread that pushes due notices to the
// devices' subscriptions, and the push routes on the intake.
std::unique_ptr<intake::Notifier> start_notifier(const ServeOptions& o, intake::Intake& api, intake::Store& store) {
  if (!o.push_key) {
    if (o.push_subject || o.push_ca || !o.push_services.empty() || o.notice_interval || o.wx_appid || o.wx_secret ||
        o.wx_api || !o.wx_templates.empty())
      fail_usage("--push-subject, --push-service, --push-ca, --notice-interval and --wx-* need --push-key (notices are on with it)");
    return nullptr;
  }
  const auto pem = try_read_file(*o.push_key);
  if (!pem) fail_io("--push-key: cannot read " + *o.push_key);
  auto key = intake::webpush::VapidKey::from_pem(*pem);
  if (!key) fail_usage("--push-key " + *o.push_key + ": " + key.detail());
  intake::NotifierConfig cfg;
  cfg.key = std::move(*key);
  if (o.push_subject) {
    if (o.push_subject->rfind("mailto:", 0) != 0 && o.push_subject->rfind("https://", 0) != 0)
      fail_usage("--push-subject must be a mailto: or https: contact for the push services' operators");
    cfg.subject = *o.push_subject;
  }
  // The push services of the browsers residents use, unless the city names its own.
  cfg.client.services = o.push_services.empty()
                            ? std::vector<std::string>{"fcm.googleapis.com", "updates.push.services.mozilla.com", "web.push.apple.com"}
                            : o.push_services;
  for (const std::string& s : cfg.client.services)
    if (const auto e = intake::webpush::parse_endpoint("https://" + s + "/"); !e || e->target != "/")
      fail_usage("--push-service '" + s + "': expected HOST or HOST:PORT");
  cfg.client.ca_file = o.push_ca.value_or("");
  if (o.notice_interval) cfg.interval = std::chrono::milliseconds(static_cast<std::int64_t>(*o.notice_interval * 1000));
  // The mini-program's subscription messages, through WeChat's server API with its appid and secret.
  if (o.wx_appid || o.wx_secret || o.wx_api || !o.wx_templates.empty()) {
    if (!o.wx_appid || !o.wx_secret || o.wx_templates.empty())
      fail_usage("subscription messages need --wx-appid ID, --wx-secret FILE and --wx-template KIND=TEMPLATE_ID");
    intake::WechatConfig w;
    w.appid = *o.wx_appid;
    const auto secret = try_read_file(*o.wx_secret);
    if (!secret) fail_io("--wx-secret: cannot read " + *o.wx_secret);
    w.secret = secret->substr(0, secret->find_last_not_of(" \r\n") + 1);
    for (const std::string& s : {w.appid, w.secret})
      if (s.empty() || s.size() > 64 || s.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") != std::string::npos)
        fail_usage("--wx-appid and --wx-secret are letters and digits (at most 64)");
    if (o.wx_api) {
      if (const auto e = intake::webpush::parse_endpoint(*o.wx_api + "/"); !e || e->target != "/")
        fail_usage("--wx-api '" + *o.wx_api + "': expected https://HOST[:PORT]");
      w.api = *o.wx_api;
    }
    for (const std::string& t : o.wx_templates) {
      const auto eq = t.find('=');
      const std::string kind = t.substr(0, eq), id = eq == std::string::npos ? "" : t.substr(eq + 1);
      if ((kind != "status" && kind != "reminder") || id.empty() || id.size() > 64 ||
          id.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") != std::string::npos)
        fail_usage("--wx-template '" + t + "': expected status=TEMPLATE_ID or reminder=TEMPLATE_ID");
      w.templates[kind] = id;
    }
    cfg.wechat = std::move(w);
  }
  auto notifier = std::make_unique<intake::Notifier>(std::move(cfg), store);
  api.set_notifier(notifier.get());
  notifier->start();
  return notifier;
}

// The access log: a line per answer on stderr (the journal under systemd), with nothing personal in
// it (http::AccessRecord): `access GET "/js/app.js" 200 5120 B 0.4 ms`.
void log_access(const http::AccessRecord& r) {
  char figures[96];
  std::snprintf(figures, sizeof figures, " %d %llu B %.1f ms", r.status, static_cast<unsigned long long>(r.bytes), r.ms);
  host::log(r.status >= 500 ? host::Severity::Warning : host::Severity::Info,
            "access " + host::log_field(r.method, 16) + " \"" + host::log_field(r.path) + "\"" + figures);
}

// One server for both commands: static files and/or the intake API. `name` is the command
// ("serve", "intake serve") for the line that says where it listens.
int serve(const ServeOptions& o, bool need_site, const std::string& name) {
  const int port = static_cast<int>(o.port.value_or(8080));
  if ((need_site || !o.site.empty()) && (o.site.empty() || !is_file(o.site + "/index.html")))
    fail_usage("--site '" + o.site + "' has no index.html (build the site first: tools/run.sh)");
  http::Limits limits;
  if (o.connections) limits.max_connections = static_cast<std::size_t>(*o.connections);
  if (o.connections_per_ip) limits.max_connections_per_ip = static_cast<std::size_t>(*o.connections_per_ip);
  if (o.body_memory) limits.body_memory = static_cast<std::uint64_t>(*o.body_memory * 1048576);
  limits.body_memory_per_ip = std::min(limits.body_memory_per_ip, limits.body_memory);
  http::Server server(limits);
  std::unique_ptr<intake::Store> store;
  std::unique_ptr<intake::Intake> api;
  if (o.db) api = mount_intake(server, o, store);
  std::unique_ptr<intake::Notifier> notifier;
  if (api) notifier = start_notifier(o, *api, *store);
  else if (o.push_key) fail_usage("--push-key: notices come from the intake (--db)");
  if (o.signin_issuer || o.signin_client_id || o.signin_jwks) {
    if (!o.signin_issuer || !o.signin_client_id || !o.signin_jwks)
      fail_usage("real-name sign-in needs all three: --signin-issuer URL, --signin-client-id ID and --signin-jwks FILE");
    if (!o.code_issuer) fail_usage("--signin-issuer: the credential desk needs its key too (--code-issuer KEY)");
  }
  std::optional<SignInDesk> signin;
  if (o.signin_issuer) signin = SignInDesk{*o.signin_issuer, *o.signin_client_id, load_provider_keys(*o.signin_jwks)};
  mount_signin_offer(server, signin);
  if (o.code_issuer) {
    CredentialDesk desk;
    desk.signin = signin;
    // The demo residents: those named, or with no sign-in configured the site's demo profile (the
    // embedded defaults). A desk with sign-in has a demo path only when told in so many words.
    std::vector<std::string> profiles = o.demo_residents;
    if (profiles.empty() && !desk.signin && !o.site.empty() && is_file(o.site + "/data/demo/profile.json"))
      profiles.push_back(o.site + "/data/demo/profile.json");
    if (profiles.empty() && !desk.signin)
      fail_usage("--code-issuer needs who it may issue for: --signin-issuer … (real-name sign-in) or --demo-resident PROFILE.json");
    desk.demo_residents = load_demo_residents(profiles);
    mount_credential_desk(server, *load_key("--code-issuer", *o.code_issuer, {{crypto::KeyKind::Sign, crypto::KeyKind::Sm2Sign}, true}).pair,
                          std::move(desk));
  }
  if (!o.site.empty() && !http::serve_folder(server, o.site)) fail_io("cannot serve '" + o.site + "'");
  if (o.tls_cert.has_value() != o.tls_key.has_value()) fail_usage("--tls-cert and --tls-key go together: the certificate and its key");
  if (o.tls_cert)
    if (const auto tls = server.use_tls(*o.tls_cert, *o.tls_key); !tls) fail_io(tls.detail());
  server.access_log(log_access);
  if (const auto listening = server.listen(o.bind, port); !listening) fail_io(listening.detail() + " (in use? try --port)");
  const char* host = o.bind.c_str();
  const char* scheme = o.tls_cert ? "https" : "http";
  if (!o.site.empty())
    std::printf("tongban %s: %s://%s:%d/ (mobile shell), %s://%s:%d/kiosk/ (web kiosk)%s\n", name.c_str(), scheme, host, port, scheme,
                host, port, api ? ", intake API at /api/v1/" : "");
  else
    std::printf("tongban %s: intake API at %s://%s:%d/api/v1/\n", name.c_str(), scheme, host, port);
  std::fflush(stdout);
  // Under systemd (Type=notify) the unit counts as started now, when devices can connect.
  sd_notify(0, "READY=1");
  // With WatchdogSec= in the unit, a ping at half the interval from the I/O thread itself: an event
  // loop that hangs stops pinging, and systemd restarts the service.
  std::uint64_t watchdog_us = 0;
  if (sd_watchdog_enabled(0, &watchdog_us) > 0 && watchdog_us >= 2000)
    server.every(std::chrono::milliseconds(watchdog_us / 2000), [] { sd_notify(0, "WATCHDOG=1"); });
  server.run();
  return 0;
}

// The configuration file first (options the command line left unset), then --print-config or the run.
int configured(const ServeOptions& o, const std::string& command, const std::string& file, const std::function<int()>& run) {
  apply_config_file(*o.app, o.config, file);
  if (o.config.print) {
    std::printf("# tongban %s: effective settings\n%s", command.c_str(), effective_config(*o.app).c_str());
    return 0;
  }
  return run();
}

void add_serve_options(CLI::App& app, ServeOptions& o) {
  app.add_option("--site", o.site, "serve the mobile shell (/) and the web kiosk (/kiosk/) from DIR")->type_name("DIR");
  add_whole(app, "--port", o.port, 1, 65535, "the port to listen on (default 8080)")->default_str("8080");
  app.add_option("--bind", o.bind, "the address to listen on (default 127.0.0.1)")->type_name("ADDR")->default_str("127.0.0.1");
  app.add_option("--tls-cert", o.tls_cert, "speak HTTPS (TLS 1.2+) with this certificate chain (PEM: the server's first)")
      ->type_name("PEM");
  app.add_option("--tls-key", o.tls_key, "the certificate's private key (PEM)")->type_name("PEM");
  app.add_option("--db", o.db, "intake store: sqlite:PATH or postgresql://… (enables the intake API)")->type_name("URL");
  app.add_option("--intake-key", o.intake_key, "the intake's signing key for receipts (ed25519-sign)")->type_name("KEY");
  app.add_option("--devices", o.devices, "register every *.pub in DIR as a kiosk device at start")->type_name("DIR");
  app.add_flag("--open-registration", o.open_registration, "let devices register themselves (demo, tests)")->default_str("no");
  app.add_option("--uploads", o.uploads, "where resumable uploads are assembled (default: beside a sqlite db)")->type_name("DIR");
  add_real(app, "--max-bytes", o.max_bytes, 1024, 4.0 * (1ull << 30), "largest envelope accepted, in bytes (default 64 MiB)")->default_str("67108864");
  add_real(app, "--rate", o.rate, 0.001, 1e9, "submissions per second per device (default 50)")->default_str("50");
  add_real(app, "--upload-hours", o.upload_hours, 1, 24 * 365, "unfinished uploads are removed after H hours (default 48)")->type_name("H")->default_str("48");
  add_real(app, "--upload-space", o.upload_space, 1, 1 << 24,
           "refuse new upload pieces while unfinished ones take more than MB megabytes (default 8192)")
      ->type_name("MB")
      ->default_str("8192");
  app.add_option("--code-issuer", o.code_issuer, "the credential desk's signing key: personal codes for signed-in (or demo) residents (POST /api/v1/codes/credential)")
      ->type_name("KEY");
  app.add_option("--signin-issuer", o.signin_issuer, "the city's identity provider (OpenID Connect issuer URL) for real-name sign-in")
      ->type_name("URL");
  app.add_option("--signin-client-id", o.signin_client_id, "this site's client id at the identity provider (the ID tokens' audience)")
      ->type_name("ID");
  app.add_option("--signin-jwks", o.signin_jwks, "the identity provider's public signing keys, pinned (JWKS file, Ed25519)")->type_name("FILE");
  add_repeated(app, "--demo-resident", o.demo_residents,
               "a demo resident's profile (name, id) the credential desk may issue for (default: the site's data/demo/profile.json)");
  app.add_option("--push-key", o.push_key, "notices: the intake's VAPID key for Web Push (EC P-256 private key, PEM)")->type_name("PEM");
  app.add_option("--push-subject", o.push_subject, "notices: a mailto: or https: contact the push services see (default mailto:admin@localhost)")
      ->type_name("URI");
  add_repeated(app, "--push-service", o.push_services,
               "notices: a push service (HOST or HOST:PORT) subscriptions may name (default: Google's, Mozilla's and Apple's)");
  app.add_option("--push-ca", o.push_ca, "notices: trust these CA certificates for the push services instead of the system's")->type_name("PEM");
  app.add_option("--wx-appid", o.wx_appid, "notices in the mini-program: its appid (WeChat's subscription messages)")->type_name("ID");
  app.add_option("--wx-secret", o.wx_secret, "notices in the mini-program: a file holding its appsecret")->type_name("FILE");
  add_repeated(app, "--wx-template", o.wx_templates, "notices in the mini-program: a subscription message template, status=ID or reminder=ID");
  app.add_option("--wx-api", o.wx_api, "notices in the mini-program: WeChat's server API (default https://api.weixin.qq.com)")->type_name("URL");
  add_real(app, "--notice-interval", o.notice_interval, 0.05, 3600, "notices: look for due ones every S seconds (default 10)")
      ->type_name("S")
      ->default_str("10");
  add_whole(app, "--connections", o.connections, 16, 1000000, "open connections at once, every client together (default 4096)")->default_str("4096");
  add_whole(app, "--connections-per-ip", o.connections_per_ip, 0, 1000000,
            "open connections from one client address (default 256; 0: no limit, behind a proxy that limits)")
      ->default_str("256");
  add_real(app, "--body-memory", o.body_memory, 1, 1 << 20, "request bodies held in memory, all together, in MB (default 192)")
      ->type_name("MB")
      ->default_str("192");
  add_whole(app, "--registrations-per-hour", o.registrations_per_hour, 1, 1000000,
            "with --open-registration: devices one client address may register in an hour (default 60)")
      ->default_str("60");
}

}  // namespace

void add_serve(CommandTree& tree) {
  auto o = std::make_shared<ServeOptions>();
  o->app = &tree.add(tree.root(),
                  {"serve", "serve the mobile shell and the web kiosk on 127.0.0.1", "--site DIR [options]",
                   "With --db (and --intake-key) it also serves the intake API, as `tongban intake serve` does. Every option "
                   "can be set in /etc/tongban/serve.conf (or --config FILE)."},
                  [o] { return configured(*o, "serve", "serve.conf", [o] { return serve(*o, true, "serve"); }); });
  add_serve_options(*o->app, *o);
  add_config_options(*o->app, o->config, "serve.conf");
}

void add_intake_serve(CommandTree& tree, CLI::App& intake) {
  auto o = std::make_shared<ServeOptions>();
  o->app = &tree.add(intake,
                  {"serve", "the intake API: devices submit envelopes, get signed receipts", "--db URL --intake-key KEY [options]",
                   "With --site it also serves the mobile shell and the web kiosk, as `tongban serve` does. Every option can "
                   "be set in /etc/tongban/intake.conf (or --config FILE)."},
                  [o] {
                    return configured(*o, "intake serve", "intake.conf", [o] {
                      // Required, from the command line or the file (so not CLI11's required(), which sees only the former).
                      if (!o->db) fail_usage("--db URL is missing");
                      if (!o->intake_key) fail_usage("--intake-key KEY is missing");
                      return serve(*o, false, "intake serve");
                    });
                  });
  add_serve_options(*o->app, *o);
  add_config_options(*o->app, o->config, "intake.conf");
}

}  // namespace tb::cli
