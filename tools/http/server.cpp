#include "http/server.h"

#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdio>
#include <limits>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <regex>
#include <type_traits>
#include <vector>

#include "host/log.h"

namespace tb::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace ssl = boost::asio::ssl;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

namespace {

// A request body read into memory only as far as its lease grows (MemoryBudget).
struct BodyValue {
  std::string bytes;
  MemoryBudget::Lease* lease = nullptr;  // set once the route is known, before any body byte
  std::uint64_t limit = 0;
  bool over_budget = false;
};

struct BudgetedBody {
  using value_type = BodyValue;

  class reader {
   public:
    template <bool isRequest, class Fields>
    reader(bhttp::header<isRequest, Fields>&, value_type& v) : v_(v) {}

    void init(const boost::optional<std::uint64_t>& length, beast::error_code& ec) {
      declared_ = length.value_or(0);
      ec = {};
    }

    template <class Buffers>
    std::size_t put(const Buffers& buffers, beast::error_code& ec) {
      const std::size_t n = asio::buffer_size(buffers);
      const std::uint64_t want = v_.bytes.size() + n;
      if (want > v_.limit) {
        ec = bhttp::error::body_limit;
        return 0;
      }
      if (want > v_.bytes.capacity() && !grow(want)) {
        v_.over_budget = true;
        ec = bhttp::error::buffer_overflow;
        return 0;
      }
      for (const auto b : beast::buffers_range_ref(buffers)) v_.bytes.append(static_cast<const char*>(b.data()), b.size());
      ec = {};
      return n;
    }

    void finish(beast::error_code& ec) { ec = {}; }

   private:
    // Doubles (at most to the declared length), charging the lease for the new block before it is
    // allocated. A fresh string's reserve allocates exactly what it is asked for (growing one in
    // place may take twice that).
    bool grow(std::uint64_t want) {
      std::uint64_t cap = std::max<std::uint64_t>({want, 2 * static_cast<std::uint64_t>(v_.bytes.capacity()), 16 * 1024});
      if (declared_ >= want) cap = std::min(cap, declared_);
      cap = std::min(cap, v_.limit);
      if (!v_.lease || !v_.lease->resize(cap)) return false;
      std::string bigger;
      bigger.reserve(static_cast<std::size_t>(cap));
      bigger.append(v_.bytes);
      v_.bytes.swap(bigger);
      return true;
    }

    value_type& v_;
    std::uint64_t declared_ = 0;
  };
};

using RequestParser = bhttp::request_parser<BudgetedBody>;

struct Route {
  std::string method;
  std::regex pattern;
  RouteOptions options;
  Handler handler;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

void parse_query(std::string_view q, std::map<std::string, std::string>& out) {
  while (!q.empty()) {
    const auto amp = q.find('&');
    const std::string_view pair = q.substr(0, amp);
    const auto eq = pair.find('=');
    if (!pair.empty())
      out[percent_decode(pair.substr(0, eq), true)] = eq == std::string_view::npos ? "" : percent_decode(pair.substr(eq + 1), true);
    if (amp == std::string_view::npos) break;
    q.remove_prefix(amp + 1);
  }
}

// Errors after which there is nobody left to answer (the client went, or took too long).
bool gone(const beast::error_code& ec) {
  return ec == beast::error::timeout || ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted || ec == bhttp::error::partial_message ||
         ec == asio::error::broken_pipe;
}

}  // namespace

struct Server::Impl {
  explicit Impl(Limits l) : limits(l), memory(l.body_memory, l.body_memory_per_ip), workers(std::max(1u, l.workers)) {}
  ~Impl() {
    io.stop();
    workers.stop();  // queued handlers are dropped; running ones finish
    workers.join();
  }

  void accept();
  void opened(const std::string& peer);
  void closed(const std::string& peer);
  const Route* match(const std::string& method, const std::string& path, std::vector<std::string>& groups, bool* other_method) const;

  Limits limits;
  MemoryBudget memory;
  std::vector<Route> routes;
  Handler fallback;
  std::atomic<std::size_t> open{0};
  std::mutex peers_mu;
  std::map<std::string, std::size_t> per_ip;
  // Sessions left in the I/O context's queue when it is destroyed reach closed() and `memory`:
  // everything they touch is declared above, so it outlives the context.
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io};
  asio::steady_timer accept_retry{io};
  // every(): a timer that calls its function and re-arms itself (a list: their addresses stay put).
  struct Ticker {
    Ticker(asio::io_context& io, std::chrono::milliseconds p, std::function<void()> f) : timer(io), period(p), tick(std::move(f)) {}
    void arm() {
      timer.expires_after(period);
      timer.async_wait([this](beast::error_code ec) {
        if (ec) return;
        tick();
        arm();
      });
    }
    asio::steady_timer timer;
    std::chrono::milliseconds period;
    std::function<void()> tick;
  };
  std::list<Ticker> tickers;
  asio::thread_pool workers;
  std::optional<ssl::context> tls;  // with a certificate: every connection speaks TLS
  AccessLog access_log;
};

namespace {

// One connection: plain TCP (beast::tcp_stream) or TLS over it (beast::ssl_stream). The limits
// apply to the TCP connection underneath (a TLS handshake must be done within head_timeout).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  template <class... StreamArgs>
  Session(Server::Impl& srv, std::string peer, StreamArgs&&... stream)
      : srv_(srv), limits_(srv.limits), stream_(std::forward<StreamArgs>(stream)...), buffer_(64 * 1024), peer_(std::move(peer)) {}
  ~Session() { srv_.closed(peer_); }

  void start() {
    if constexpr (kTls) {
      tcp_().expires_after(limits_.head_timeout);
      stream_.async_handshake(ssl::stream_base::server, [self = shared_from_this()](beast::error_code ec) {
        if (ec) return self->close();  // not TLS, or a certificate the client refused: nobody to answer
        self->read_head();
      });
    } else {
      read_head();
    }
  }

 private:
  beast::tcp_stream& tcp_() { return beast::get_lowest_layer(stream_); }

  void read_head() {
    logged_method_.clear(), logged_path_.clear();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(limits_.max_head_bytes));
    // Each route's limit is set once the head says which route. Not boost::none: Boost 1.74's
    // parser compares a Content-Length with an empty optional as "over the limit".
    parser_->body_limit(std::numeric_limits<std::uint64_t>::max());
    tcp_().expires_after(limits_.head_timeout);
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_head(ec); });
  }

  void on_head(beast::error_code ec) {
    if (ec == bhttp::error::header_limit) return answer(Response::text(431, "request head too large"));
    if (ec) {
      if (gone(ec)) return close();
      return answer(Response::text(400, "malformed request: " + ec.message()));
    }
    auto& msg = parser_->get();
    request_ = Request{};
    head_at_ = Clock::now();
    request_.method = std::string(msg.method_string());
    request_.target = std::string(msg.target());
    request_.peer = peer_;
    logged_method_ = request_.method;
    if (request_.target.empty() || request_.target[0] != '/') return answer(Response::text(400, "expected a path"));
    const auto q = request_.target.find('?');
    request_.path = percent_decode(std::string_view(request_.target).substr(0, q), false);
    logged_path_ = request_.path;
    if (q != std::string::npos) parse_query(std::string_view(request_.target).substr(q + 1), request_.query);
    for (const auto& f : msg) request_.headers[lower(f.name_string())] = std::string(f.value());
    head_only_ = msg.method() == bhttp::verb::head;
    keep_alive_ = parser_->keep_alive();

    const auto length = parser_->content_length();
    const bool has_body = parser_->chunked() || (length && *length > 0);
    bool other_method = false;
    route_ = srv_.match(request_.method, request_.path, request_.matches, &other_method);
    options_ = route_ ? route_->options : RouteOptions{0, true};
    handler_ = route_ ? &route_->handler : nullptr;
    if (!route_) {
      const bool get = msg.method() == bhttp::verb::get || msg.method() == bhttp::verb::head;
      if (get && srv_.fallback && !other_method) {
        handler_ = &srv_.fallback;
        request_.matches = {request_.path};
      } else {
        Response no = other_method ? Response::text(405, "method not allowed") : Response::text(404, "not found");
        return has_body ? answer(std::move(no)) : write(std::move(no));
      }
    }

    if (has_body && (options_.max_body == 0 || (length && *length > options_.max_body)))
      return answer(Response::text(413, "request body too large (超过大小限制)"));
    // Every request has a lease, body or not: a handler may read more into memory for it (an
    // assembled upload).
    request_.memory = srv_.memory.lease(peer_);
    if (!has_body || parser_->is_done()) return dispatch();

    msg.body().lease = request_.memory.get();
    msg.body().limit = options_.max_body;
    parser_->body_limit(options_.max_body);
    body_start_ = Clock::now();
    if (beast::iequals(msg[bhttp::field::expect], "100-continue")) {
      static const char kContinue[] = "HTTP/1.1 100 Continue\r\n\r\n";
      tcp_().expires_after(limits_.grace);
      asio::async_write(stream_, asio::buffer(kContinue, sizeof kContinue - 1),
                        [self = shared_from_this()](beast::error_code e, std::size_t) {
                          if (e) return self->close();
                          self->read_body();
                        });
      return;
    }
    read_body();
  }

  // The body must keep up min_bytes_per_s after the grace period: the deadline moves with what has
  // arrived (plus one 64 KiB read), so a trickle runs out of time while a slow but steady upload
  // does not.
  void read_body() {
    const std::uint64_t received = parser_->get().body().bytes.size();
    const auto allowance = std::chrono::milliseconds((received + 65536) * 1000 / std::max<std::uint64_t>(1, limits_.min_bytes_per_s));
    tcp_().expires_at(body_start_ + limits_.grace + allowance);
    bhttp::async_read_some(stream_, buffer_, *parser_,
                           [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_body(ec); });
  }

  void on_body(beast::error_code ec) {
    if (ec == bhttp::error::body_limit) return answer(Response::text(413, "request body too large (超过大小限制)"));
    if (ec && parser_->get().body().over_budget) {
      Response busy = Response::text(503, "server busy, try again later (服务繁忙，请稍后重试)");
      busy.headers.emplace_back("Retry-After", "5");
      return answer(std::move(busy));
    }
    if (ec) return close();
    if (!parser_->is_done()) return read_body();
    request_.body = std::move(parser_->get().body().bytes);
    dispatch();
  }

  void dispatch() {
    if (options_.run_inline) return write(run(*handler_, request_));
    asio::post(srv_.workers, [self = shared_from_this(), handler = handler_] {
      Response r = run(*handler, self->request_);
      asio::post(self->stream_.get_executor(), [self, r = std::move(r)]() mutable { self->write(std::move(r)); });
    });
  }

  static Response run(const Handler& handler, Request& request) {
    try {
      return handler(request);
    } catch (const std::exception& e) {
      host::log(host::Severity::Error, "tongban: " + host::log_field(request.method, 16) + " \"" + host::log_field(request.path) +
                                           "\" failed: " + host::log_field(e.what()));
    }
    return Response::text(500, "internal error");
  }

  // A refusal before the body was read: the rest of the connection is unreadable, so it closes.
  void answer(Response r) {
    r.close = true;
    write(std::move(r));
  }

  void write(Response r) {
    request_ = Request{};  // the body and its share of the memory budget are given back here
    const bool keep = keep_alive_ && !r.close;
    if (!r.file.empty()) return write_file(std::move(r), keep);
    auto res = std::make_shared<bhttp::response<bhttp::string_body>>(static_cast<bhttp::status>(r.status), 11);
    // 204 and 304 have no body by definition: no Content-Length (RFC 9110 8.6 forbids it on a 204,
    // and on a 304 it would claim the file is empty) and no Content-Type.
    const bool bodiless = r.status == 204 || r.status == 304;
    if (!bodiless) res->set(bhttp::field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) res->set(k, v);
    const std::size_t size = bodiless ? 0 : r.body.size();
    log_access(r.status, size);
    if (!head_only_ && !bodiless) res->body() = std::move(r.body);
    if (!bodiless) res->content_length(size);
    res->keep_alive(keep);
    send(std::move(res), size);
  }

  void write_file(Response r, bool keep) {
    beast::error_code ec;
    bhttp::file_body::value_type file;
    file.open(r.file.c_str(), beast::file_mode::scan, ec);
    if (ec) return write(Response::text(404, "not found"));
    const std::uint64_t size = file.size();
    log_access(r.status, size);
    auto fill = [&](auto& res) {
      res.set(bhttp::field::content_type, r.content_type);
      for (const auto& [k, v] : r.headers) res.set(k, v);
      res.content_length(size);
      res.keep_alive(keep);
    };
    if (head_only_) {
      auto res = std::make_shared<bhttp::response<bhttp::empty_body>>(static_cast<bhttp::status>(r.status), 11);
      fill(*res);
      return send(std::move(res), 0);
    }
    auto res = std::make_shared<bhttp::response<bhttp::file_body>>(static_cast<bhttp::status>(r.status), 11);
    res->body() = std::move(file);
    fill(*res);
    send(std::move(res), size);
  }

  template <class Message>
  void send(std::shared_ptr<Message> res, std::uint64_t size) {
    const auto allowance = std::chrono::milliseconds(size * 1000 / std::max<std::uint64_t>(1, limits_.min_bytes_per_s));
    tcp_().expires_after(limits_.grace + allowance);
    bhttp::async_write(stream_, *res, [self = shared_from_this(), res](beast::error_code ec, std::size_t) {
      if (ec || !res->keep_alive()) return self->close();
      self->read_head();
    });
  }

  void log_access(int status, std::uint64_t bytes) {
    if (!srv_.access_log) return;
    const bool read = !logged_method_.empty();  // a head that could not be read has no method
    const double ms = read ? std::chrono::duration<double, std::milli>(Clock::now() - head_at_).count() : 0;
    const std::string_view path = read && !logged_path_.empty() ? std::string_view(logged_path_) : "-";
    srv_.access_log({read ? std::string_view(logged_method_) : "-", path, status, bytes, ms});
  }

  // TLS too ends with the TCP connection (no close_notify: nothing after the response is trusted).
  void close() {
    beast::error_code ignored;
    tcp_().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp_().close();
  }

  Server::Impl& srv_;
  const Limits& limits_;
  Stream stream_;
  beast::flat_buffer buffer_;
  std::string peer_;
  std::optional<RequestParser> parser_;
  Request request_;
  const Route* route_ = nullptr;
  const Handler* handler_ = nullptr;
  RouteOptions options_;
  bool head_only_ = false, keep_alive_ = false;
  Clock::time_point body_start_, head_at_;
  std::string logged_method_, logged_path_;  // the request being answered, for the access log
};

}  // namespace

void Server::Impl::accept() {
  acceptor.async_accept([this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted) return;
    if (ec) {  // out of file descriptors, say: try again shortly instead of spinning
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this](beast::error_code e) {
        if (!e) accept();
      });
      return;
    }
    beast::error_code e;
    const auto remote = socket.remote_endpoint(e);
    const std::string peer = e ? std::string("?") : remote.address().to_string();
    bool room = open.load() < limits.max_connections;
    if (room && limits.max_connections_per_ip) {
      std::lock_guard<std::mutex> lock(peers_mu);
      const auto it = per_ip.find(peer);
      room = it == per_ip.end() || it->second < limits.max_connections_per_ip;
    }
    if (room) {
      socket.set_option(tcp::no_delay(true), e);  // a response's head and body go out in separate writes
      opened(peer);
      if (tls) std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(*this, peer, std::move(socket), *tls)->start();
      else std::make_shared<Session<beast::tcp_stream>>(*this, peer, std::move(socket))->start();
    } else {
      socket.close(e);
    }
    accept();
  });
}

void Server::Impl::opened(const std::string& peer) {
  ++open;
  std::lock_guard<std::mutex> lock(peers_mu);
  ++per_ip[peer];
}

void Server::Impl::closed(const std::string& peer) {
  --open;
  std::lock_guard<std::mutex> lock(peers_mu);
  const auto it = per_ip.find(peer);
  if (it != per_ip.end() && --it->second == 0) per_ip.erase(it);
}

const Route* Server::Impl::match(const std::string& method, const std::string& path, std::vector<std::string>& groups,
                                 bool* other_method) const {
  std::smatch m;
  for (const auto& r : routes) {
    if (!std::regex_match(path, m, r.pattern)) continue;
    if (r.method != method && !(method == "HEAD" && r.method == "GET")) {
      *other_method = true;
      continue;
    }
    groups.assign(m.begin(), m.end());
    return &r;
  }
  return nullptr;
}

Server::Server(Limits limits) : impl_(std::make_unique<Impl>(limits)) {}
Server::~Server() = default;

void Server::route(std::string method, std::string pattern, RouteOptions options, Handler handler) {
  impl_->routes.push_back({std::move(method), std::regex(pattern), options, std::move(handler)});
}

void Server::fallback(Handler handler) { impl_->fallback = std::move(handler); }

void Server::access_log(AccessLog log) { impl_->access_log = std::move(log); }

const char* reason_key(ServerError e) {
  switch (e) {
    case ServerError::None: return "ok";
    case ServerError::BadTls: return "bad-tls";
    case ServerError::CannotListen: return "cannot-listen";
  }
  return "unknown";
}

const char* reason_text(ServerError e) {
  switch (e) {
    case ServerError::None: return "";
    case ServerError::BadTls: return "证书或私钥不可用";
    case ServerError::CannotListen: return "无法监听该地址";
  }
  return "";
}

Status<ServerError> Server::use_tls(const std::string& certificate_chain, const std::string& private_key) {
  ssl::context ctx(ssl::context::tls_server);
  // TLS 1.2 and 1.3 only; OpenSSL's default ciphers for them.
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                  ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  beast::error_code ec;
  ctx.use_certificate_chain_file(certificate_chain, ec);
  if (ec) return {ServerError::BadTls, certificate_chain + ": not a usable certificate chain (PEM): " + ec.message()};
  // OpenSSL also checks here that the key is the certificate's ("key values mismatch").
  ctx.use_private_key_file(private_key, ssl::context::pem, ec);
  if (ec) return {ServerError::BadTls, private_key + ": not a usable private key for " + certificate_chain + " (PEM): " + ec.message()};
  impl_->tls.emplace(std::move(ctx));
  return {};
}

Status<ServerError> Server::listen(const std::string& address, int port) {
  // Every connection is a file descriptor: take what the system allows (the soft limit is often
  // 1024), and keep the connection limit below it.
  rlimit nofile{};
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
    nofile.rlim_cur = nofile.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &nofile);
  }
  if (::getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY && nofile.rlim_cur < impl_->limits.max_connections + 128)
    impl_->limits.max_connections = nofile.rlim_cur > 256 ? static_cast<std::size_t>(nofile.rlim_cur) - 128 : 128;

  beast::error_code ec;
  tcp::resolver resolver(impl_->io);
  const auto found = resolver.resolve(address, std::to_string(port), tcp::resolver::passive, ec);
  if (ec || found.empty()) return {ServerError::CannotListen, "cannot resolve '" + address + "': " + ec.message()};
  const tcp::endpoint ep = found.begin()->endpoint();
  auto& a = impl_->acceptor;
  a.open(ep.protocol(), ec);
  if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) a.bind(ep, ec);
  if (!ec) a.listen(1024, ec);
  if (ec) {
    beast::error_code ignored;
    a.close(ignored);
    return {ServerError::CannotListen, "cannot listen on " + address + ":" + std::to_string(port) + ": " + ec.message()};
  }
  return {};
}

int Server::port() const {
  beast::error_code ec;
  const auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void Server::run() {
  impl_->signals.add(SIGINT);
  impl_->signals.add(SIGTERM);
  impl_->signals.async_wait([this](beast::error_code ec, int) {
    if (!ec) stop();
  });
  impl_->accept();
  impl_->io.run();
}

void Server::stop() { impl_->io.stop(); }

void Server::every(std::chrono::milliseconds period, std::function<void()> tick) {
  impl_->tickers.emplace_back(impl_->io, period, std::move(tick)).arm();
}

MemoryBudget& Server::memory() { return impl_->memory; }
const Limits& Server::limits() const { return impl_->limits; }
std::size_t Server::connections() const { return impl_->open.load(); }

}  // namespace tb::http
