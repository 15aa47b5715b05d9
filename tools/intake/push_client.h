#pragma once
// Delivers Web Push messages to push services over HTTPS (Boost.Beast on OpenSSL): one request per
// message, bounded in time (connect, handshake, request and answer each within `timeout`) and in
// what is read back (a push service answers with a status; its body, at most 16 KiB, is ignored).
// Only the push services named in the intake's configuration are ever called: a subscription is a
// URL a stranger chose, and the intake must not become a way to reach other hosts.
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "intake/web_push.h"

namespace tb::intake {

struct PushClientConfig {
  // "HOST" (port 443) or "HOST:PORT": the push services subscriptions may name.
  std::vector<std::string> services;
  std::string ca_file;  // trust these certificates instead of the system's (tests, a city's own push service)
  std::chrono::milliseconds timeout{10000};
};

struct PushAnswer {
  int status = 0;     // the push service's HTTP status; 0 when there was none
  std::string error;  // why there was none: "connect: …", "TLS: …", "timed out"
  std::string body;   // what it answered, at most 16 KiB (WeChat's API answers in JSON)
};

class PushClient {
 public:
  explicit PushClient(PushClientConfig config);
  ~PushClient();
  // Whether subscriptions may name this endpoint (its host and port are configured).
  bool allowed(const webpush::Endpoint& e) const;
  // POSTs `body` with `headers` ("Name: value" each) to the endpoint. Refuses (status 0) endpoints
  // that are not allowed.
  PushAnswer post(const webpush::Endpoint& e, const std::vector<std::pair<std::string, std::string>>& headers,
                  const std::string& body) const {
    return send("POST", e, headers, body);
  }
  PushAnswer get(const webpush::Endpoint& e) const { return send("GET", e, {}, {}); }
  PushAnswer send(const std::string& method, const webpush::Endpoint& e,
                  const std::vector<std::pair<std::string, std::string>>& headers, const std::string& body) const;

 private:
  struct Impl;
  PushClientConfig config_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tb::intake
