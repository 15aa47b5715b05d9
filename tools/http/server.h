#pragma once
// The HTTP/1.1 server of `tongban serve` and `tongban intake serve`: asynchronous (Boost.Beast on
// one I/O thread), so a connection costs a socket and a small buffer, not a thread, and slow or idle
// clients cannot starve the others (docs/SECURITY.md, "The intake against a stranger"), in plain
// HTTP or over TLS (use_tls: Boost.Asio's SSL streams on OpenSSL). What it
// bounds, whatever clients send:
//   - connections: in all and per client address (over the limit: closed at once);
//   - time: a request head must be complete within head_timeout of the connection being ready for
//     it (a deadline, not an idle timer: a byte now and then does not extend it); a body and a
//     response must keep up min_bytes_per_s after a grace period;
//   - memory: request heads up to max_head_bytes; bodies read into memory only as far as the
//     server's MemoryBudget gives (per client address too), chunked or not, each within its
//     route's max_body (413 beyond it, said before the body is read when its length is declared).
// Handlers run on a pool of worker threads (they may wait for the database); routes marked
// `inline` run on the I/O thread and must not block (health checks, static files).
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http/budget.h"
#include "http/message.h"
#include "result.h"

namespace tb::http {

struct Limits {
  std::size_t max_connections = 4096;        // open at once, every client together
  std::size_t max_connections_per_ip = 256;  // 0: no per-address limit (behind a proxy that has its own)
  std::chrono::milliseconds head_timeout{10'000};
  std::chrono::milliseconds grace{10'000};   // before min_bytes_per_s applies to a body or a response
  std::uint64_t min_bytes_per_s = 4096;
  std::size_t max_head_bytes = 16 * 1024;
  std::uint64_t body_memory = 192ull << 20;          // bodies in memory, all requests together
  std::uint64_t body_memory_per_ip = 64ull << 20;    // … and from one client address
  unsigned workers = 64;                     // handler threads (mostly waiting for the database)
};

using Handler = std::function<Response(Request&)>;

// What the access log keeps of one answered request: no query string, no client address, no body
// (nothing personal); `ms` from the request's head to its answer being decided. The path is as the
// client sent it, decoded: log it through host::log_field.
struct AccessRecord {
  std::string_view method, path;  // "-" when the request was unreadable
  int status = 0;
  std::uint64_t bytes = 0;  // the response body
  double ms = 0;
};
using AccessLog = std::function<void(const AccessRecord&)>;

struct RouteOptions {
  std::uint64_t max_body = 0;  // largest body accepted (0: none)
  bool run_inline = false;     // on the I/O thread: the handler never blocks
};

// Why the server cannot start (core/result.h); the detail names the file or address and what the
// system said.
enum class ServerError {
  None,
  BadTls,       // the certificate chain or key cannot be read, or they do not belong together
  CannotListen, // the address cannot be resolved or bound (in use, no permission)
};
const char* reason_key(ServerError e);   // "bad-tls", "cannot-listen"
const char* reason_text(ServerError e);  // "证书或私钥不可用", "无法监听该地址"

class Server {
 public:
  explicit Server(Limits limits = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // `pattern` is an ECMAScript regex matched against the whole decoded path.
  void route(std::string method, std::string pattern, RouteOptions options, Handler handler);
  // Answers GET and HEAD requests no route matched (the static site); runs inline.
  void fallback(Handler handler);
  // Called on the I/O thread for every answer (keep it short). Before run().
  void access_log(AccessLog log);

  // Every connection speaks TLS (1.2 or 1.3) with this certificate chain and key (PEM files);
  // BadTls when they cannot be read or do not belong together. Before listen().
  Status<ServerError> use_tls(const std::string& certificate_chain, const std::string& private_key);
  // Binds and listens; CannotListen when the address cannot be used.
  Status<ServerError> listen(const std::string& address, int port);
  int port() const;
  // Calls `tick` every `period` on the I/O thread while the server runs (the systemd watchdog: a
  // ping that only a live event loop sends). Before run().
  void every(std::chrono::milliseconds period, std::function<void()> tick);
  // Serves until stop() or SIGINT/SIGTERM.
  void run();
  void stop();  // from any thread

  MemoryBudget& memory();
  const Limits& limits() const;
  std::size_t connections() const;  // open now (for tests and logs)

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tb::http
