#pragma once
// WeChat's server API, as the intake uses it for notices in the mini-program (docs/INTAKE.md,
// "Notices"): a wx.login code traded for the person's openid (jscode2session), and a subscription
// message (订阅消息) sent to it (message/subscribe/send) with an access token fetched with the
// mini-program's appid and secret and kept until it expires. WeChat's subscription messages are
// one-time: each consent the person gives (wx.requestSubscribeMessage) allows one message.
// Every call goes through the PushClient (HTTPS, bounded), to `api` only.
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "intake/push_client.h"
#include "result.h"

namespace tb::intake {

struct WechatConfig {
  std::string api = "https://api.weixin.qq.com";  // WeChat's server API (a stand-in in the tests)
  std::string appid, secret;
  // Notice kind ("status", "reminder") → the mini-program's subscription message template id. The
  // templates have two fields: thing1 (what happened, in words with nothing personal) and time2.
  std::map<std::string, std::string> templates;
  std::string page = "pages/mine/mine";  // where a tap on the message opens the mini-program
};

class WechatApi {
 public:
  enum class Sent { Ok, Gone, Retry, Refused };  // Gone: no consent left (errcode 43101)
  WechatApi(WechatConfig config, const PushClient& client) : config_(std::move(config)), client_(client) {}
  const WechatConfig& config() const { return config_; }
  // The person's openid for a login code, or why not (WeChat's errcode and message in the detail).
  Result<std::string, Fault> openid_of(const std::string& code) const;
  // One subscription message of `kind` to `openid`; `now` Unix seconds (the message's time2).
  Sent send(const std::string& openid, const std::string& kind, std::int64_t now, std::string* why);

 private:
  Result<std::string, Fault> token(std::int64_t now);
  WechatConfig config_;
  const PushClient& client_;
  std::mutex mu_;
  std::string token_;
  std::int64_t token_until_ = 0;
};

}  // namespace tb::intake
