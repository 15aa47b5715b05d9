#include "intake/push_client.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace tb::intake {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

struct PushClient::Impl {
  asio::ssl::context tls{asio::ssl::context::tls_client};
};

PushClient::PushClient(PushClientConfig config) : config_(std::move(config)), impl_(std::make_unique<Impl>()) {
  impl_->tls.set_options(asio::ssl::context::no_sslv2 | asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                         asio::ssl::context::no_tlsv1_1);
  impl_->tls.set_verify_mode(asio::ssl::verify_peer);
  boost::system::error_code ec;
  if (config_.ca_file.empty()) impl_->tls.set_default_verify_paths(ec);
  else impl_->tls.load_verify_file(config_.ca_file, ec);
}

PushClient::~PushClient() = default;

bool PushClient::allowed(const webpush::Endpoint& e) const {
  for (const std::string& s : config_.services) {
    const std::size_t colon = s.find(':');
    const std::string host = s.substr(0, colon);
    const int port = colon == std::string::npos ? 443 : std::atoi(s.c_str() + colon + 1);
    if (host == e.host && port == e.port) return true;
  }
  return false;
}

PushAnswer PushClient::send(const std::string& method, const webpush::Endpoint& e,
                            const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) const {
  if (!allowed(e)) return {0, "not a configured push service: " + e.host + ":" + std::to_string(e.port), {}};
  asio::io_context io;
  beast::ssl_stream<beast::tcp_stream> stream(io, impl_->tls);
  auto failed = [](const char* step, const boost::system::error_code& ec) {
    return PushAnswer{0, std::string(step) + ": " + (ec == beast::error::timeout ? std::string("timed out") : ec.message()), {}};
  };
  boost::system::error_code ec;
  asio::ip::tcp::resolver resolver(io);
  const auto addresses = resolver.resolve(e.host, std::to_string(e.port), ec);
  if (ec) return failed("resolve", ec);
  // SNI and the certificate's name: the push service's host.
  if (!SSL_set_tlsext_host_name(stream.native_handle(), e.host.c_str())) return {0, "TLS: cannot set the server name", {}};
  stream.set_verify_callback(asio::ssl::host_name_verification(e.host));
  auto& tcp = beast::get_lowest_layer(stream);
  tcp.expires_after(config_.timeout);
  tcp.connect(addresses, ec);
  if (ec) return failed("connect", ec);
  tcp.expires_after(config_.timeout);
  stream.handshake(asio::ssl::stream_base::client, ec);
  if (ec) return failed("TLS", ec);
  http::request<http::string_body> req{method == "GET" ? http::verb::get : http::verb::post, e.target, 11};
  req.set(http::field::host, e.port == 443 ? e.host : e.host + ":" + std::to_string(e.port));
  req.set(http::field::user_agent, "tongban-intake");
  for (const auto& [name, value] : headers) req.set(name, value);
  if (method != "GET") {
    req.body() = body;
    req.prepare_payload();
  }
  tcp.expires_after(config_.timeout);
  http::write(stream, req, ec);
  if (ec) return failed("send", ec);
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(16 * 1024);
  tcp.expires_after(config_.timeout);
  http::read(stream, buffer, parser, ec);
  if (ec) return failed("answer", ec);
  PushAnswer answer{int(parser.get().result_int()), {}, std::move(parser.get().body())};
  tcp.expires_after(std::chrono::seconds(1));
  stream.shutdown(ec);  // courtesy only: the answer is in
  return answer;
}

}  // namespace tb::intake
