#pragma once
// Sends the store's notices (docs/INTAKE.md, "Notices"): claims what is due, pushes each to its
// device's subscription as an encrypted Web Push message whose only content is the notice's kind
// ({"kind":"status"} or {"kind":"reminder"}), and settles it by what the push service said:
//   2xx            sent: the notice is removed;
//   404, 410       the subscription is gone (the resident turned notices off, or the browser
//                  dropped it): the subscription and the notice are removed;
//   other 4xx      it would be refused again: removed, with a warning;
//   5xx, 429, none (a network failure) left claimed: tried again when its lease ends, up to
//                  kMaxAttempts times in all.
// A notice for a device without a subscription is removed (the phone shows statuses when opened).
// A mini-program's subscription ("wxsub:OPENID", store.h) goes to WeChat's subscription messages
// instead: one message per consent to a kind, so a sent message uses up its kind's consent (the
// subscription goes with the last one, or at once when WeChat says none is left, errcode 43101) and
// the mini-program asks again the next time; a notice of a kind without consent is removed unsent.
// The log says how many, never which device or what for.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "intake/push_client.h"
#include <memory>
#include <optional>

#include "intake/store.h"
#include "intake/web_push.h"
#include "intake/wechat_api.h"

namespace tb::intake {

struct NotifierConfig {
  webpush::VapidKey key;
  std::string subject = "mailto:admin@localhost";  // VAPID contact for the push services
  PushClientConfig client;
  std::chrono::milliseconds interval{10000};       // how often due notices are looked for
  std::int64_t lease_s = 300;                      // a claimed notice is retried after this
  std::int64_t ttl_s = 24 * 3600;                  // how long a push service keeps an undelivered message
  std::optional<WechatConfig> wechat;              // the mini-program's subscription messages, when configured
};

struct NoticeRound {
  std::size_t sent = 0, retried = 0, dropped = 0;
};

class Notifier {
 public:
  static constexpr std::int64_t kMaxAttempts = 8;
  Notifier(NotifierConfig config, Store& store);
  ~Notifier();  // stops the thread
  // Whether a subscription may name this endpoint.
  bool allowed(const webpush::Endpoint& e) const { return client_.allowed(e); }
  const webpush::VapidKey& key() const { return config_.key; }
  // The mini-program's channel, when configured (its templates, and code → openid).
  const WechatApi* wechat() const { return wechat_.get(); }
  // One pass over what is due at `now` (the thread's body; public for tests and `intake notify`).
  NoticeRound run_once(std::int64_t now);
  void start();  // a thread calling run_once every interval

 private:
  // A notice to a mini-program's subscription; what became of it counted in `round`.
  void send_wechat(const Notice& n, const PushSubscription& sub, std::int64_t now, NoticeRound& round);
  NotifierConfig config_;
  Store& store_;
  PushClient client_;
  std::unique_ptr<WechatApi> wechat_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tb::intake
