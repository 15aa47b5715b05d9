#include "intake/notifier.h"

#include <ctime>

#include "host/log.h"

namespace tb::intake {

namespace {

// The WeChat API's host among the services the client may call.
PushClientConfig with_wechat(PushClientConfig c, const std::optional<WechatConfig>& w) {
  if (w)
    if (const auto e = webpush::parse_endpoint(w->api + "/"))
      c.services.push_back(e->host + ":" + std::to_string(e->port));
  return c;
}

}  // namespace

Notifier::Notifier(NotifierConfig config, Store& store)
    : config_(std::move(config)), store_(store), client_(with_wechat(config_.client, config_.wechat)) {
  if (config_.wechat) wechat_ = std::make_unique<WechatApi>(*config_.wechat, client_);
}

void Notifier::send_wechat(const Notice& n, const PushSubscription& sub, std::int64_t now, NoticeRound& round) {
  const std::string openid = sub.endpoint.substr(6);
  // The kinds consented to, comma-separated in `auth` (store.h).
  const auto consented_to = [&sub](const std::string& kind) { return ("," + sub.auth + ",").find("," + kind + ",") != std::string::npos; };
  const bool consented = consented_to(n.kind);
  if (!wechat_ || !consented) {  // no channel configured any more, or no consent for this kind
    if (store_.drop_notice(n.id)) ++round.dropped;
    return;
  }
  std::string why;
  switch (wechat_->send(openid, n.kind, now, &why)) {
    case WechatApi::Sent::Ok: {
      // That kind's consent is used (one message each); a consent to the other kind stays.
      PushSubscription rest = sub;
      rest.auth.clear();
      for (const auto& k : {"status", "reminder"})
        if (k != n.kind && consented_to(k))
          rest.auth += (rest.auth.empty() ? "" : ",") + std::string(k);
      if (rest.auth.empty()) store_.drop_subscription(n.device);
      else store_.put_subscription(rest);
      if (store_.drop_notice(n.id)) ++round.sent;
      return;
    }
    case WechatApi::Sent::Gone:
      store_.drop_subscription(n.device);
      if (store_.drop_notice(n.id)) ++round.dropped;
      return;
    case WechatApi::Sent::Retry:
      if (n.attempts < kMaxAttempts) {
        ++round.retried;
        return;
      }
      host::log(host::Severity::Warning, "notices: gave up on a WeChat message after " + std::to_string(n.attempts) + " tries (" + why + ")");
      break;
    case WechatApi::Sent::Refused:
      host::log(host::Severity::Warning, "notices: WeChat refused a message (" + why + ")");
      break;
  }
  if (store_.drop_notice(n.id)) ++round.dropped;
}

Notifier::~Notifier() {
  {
    std::lock_guard<std::mutex> lk(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Notifier::start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lk(mu_);
    while (!stopping_) {
      lk.unlock();
      const NoticeRound r = run_once(std::int64_t(std::time(nullptr)));
      if (r.sent + r.retried + r.dropped)
        host::log(host::Severity::Info, "notices: " + std::to_string(r.sent) + " sent, " + std::to_string(r.retried) +
                                            " to try again, " + std::to_string(r.dropped) + " dropped");
      lk.lock();
      cv_.wait_for(lk, config_.interval, [this] { return stopping_; });
    }
  });
}

NoticeRound Notifier::run_once(std::int64_t now) {
  NoticeRound round;
  const auto claimed = store_.claim_notices(now, now + config_.lease_s, 32);
  if (!claimed) {
    host::log(host::Severity::Warning, "notices: " + claimed.describe());
    return round;
  }
  for (const Notice& n : *claimed) {
    auto drop = [&] {
      if (store_.drop_notice(n.id)) ++round.dropped;
    };
    const auto sub = store_.subscription(n.device);
    if (!sub) {
      ++round.retried;  // the database failed: the lease brings it back
      continue;
    }
    if (!*sub) {
      drop();
      continue;
    }
    if ((*sub)->endpoint.rfind("wxsub:", 0) == 0) {
      send_wechat(n, **sub, now, round);
      continue;
    }
    const auto endpoint = webpush::parse_endpoint((*sub)->endpoint);
    const auto body = webpush::encrypt((*sub)->p256dh, (*sub)->auth, R"({"kind":")" + n.kind + R"("})");
    if (!endpoint || !body || !client_.allowed(*endpoint)) {  // stored before the configuration changed
      store_.drop_subscription(n.device);
      drop();
      continue;
    }
    const std::int64_t expires = now + 12 * 3600;
    const PushAnswer a = client_.post(*endpoint,
                                      {{"Authorization", config_.key.authorization(endpoint->origin(), config_.subject, expires)},
                                       {"TTL", std::to_string(config_.ttl_s)},
                                       {"Urgency", n.kind == "reminder" ? "high" : "normal"},
                                       {"Content-Encoding", "aes128gcm"},
                                       {"Content-Type", "application/octet-stream"}},
                                      *body);
    if (a.status >= 200 && a.status < 300) {
      if (store_.drop_notice(n.id)) ++round.sent;
    } else if (a.status == 404 || a.status == 410) {
      store_.drop_subscription(n.device);
      drop();
    } else if (a.status >= 400 && a.status < 500 && a.status != 429) {
      host::log(host::Severity::Warning, "notices: a push service refused a message (" + std::to_string(a.status) + ")");
      drop();
    } else if (n.attempts >= kMaxAttempts) {
      host::log(host::Severity::Warning, "notices: gave up on a message after " + std::to_string(n.attempts) + " tries (" +
                                             (a.error.empty() ? "HTTP " + std::to_string(a.status) : a.error) + ")");
      drop();
    } else {
      ++round.retried;
    }
  }
  return round;
}

}  // namespace tb::intake
