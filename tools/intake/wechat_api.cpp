#include "intake/wechat_api.h"

#include <nlohmann/json.hpp>

#include "text/civil_date.h"

namespace tb::intake {
namespace {

// WeChat's answers: JSON with errcode (absent or 0 when it worked).
nlohmann::json answer_of(const PushAnswer& a) {
  if (a.status != 200) return nullptr;
  return nlohmann::json::parse(a.body, nullptr, false);
}

std::string errcode_text(const nlohmann::json& j, const PushAnswer& a) {
  if (!a.error.empty()) return a.error;
  if (a.status != 200) return "HTTP " + std::to_string(a.status);
  if (!j.is_object()) return "not JSON";
  return "errcode " + std::to_string(j.value("errcode", 0)) + " (" + j.value("errmsg", std::string()) + ")";
}

}  // namespace

Result<std::string, Fault> WechatApi::openid_of(const std::string& code) const {
  const auto e = webpush::parse_endpoint(config_.api + "/sns/jscode2session?appid=" + config_.appid + "&secret=" + config_.secret +
                                         "&js_code=" + code + "&grant_type=authorization_code");
  if (!e) return {Fault::Invalid, "the WeChat API address: " + e.detail()};
  const PushAnswer a = client_.get(*e);
  const auto j = answer_of(a);
  if (!j.is_object() || j.value("errcode", 0) != 0 || !j.contains("openid") || !j["openid"].is_string())
    return {a.status == 200 && j.is_object() ? Fault::Refused : Fault::Invalid, "WeChat did not take the login code: " + errcode_text(j, a)};
  return j["openid"].get<std::string>();
}

Result<std::string, Fault> WechatApi::token(std::int64_t now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!token_.empty() && now < token_until_) return token_;
  const auto e = webpush::parse_endpoint(config_.api + "/cgi-bin/token?grant_type=client_credential&appid=" + config_.appid +
                                         "&secret=" + config_.secret);
  if (!e) return {Fault::Invalid, "the WeChat API address: " + e.detail()};
  const PushAnswer a = client_.get(*e);
  const auto j = answer_of(a);
  if (!j.is_object() || !j.contains("access_token") || !j["access_token"].is_string())
    return {Fault::Refused, "no access token from WeChat: " + errcode_text(j, a)};
  token_ = j["access_token"].get<std::string>();
  // Refreshed five minutes early: a token that expires between here and WeChat is a retry.
  token_until_ = now + std::max<std::int64_t>(60, j.value("expires_in", 7200) - 300);
  return token_;
}

WechatApi::Sent WechatApi::send(const std::string& openid, const std::string& kind, std::int64_t now, std::string* why) {
  const auto tpl = config_.templates.find(kind);
  if (tpl == config_.templates.end()) {
    *why = "no template for " + kind;
    return Sent::Refused;
  }
  const auto t = token(now);
  if (!t) {
    *why = t.detail();
    return Sent::Retry;
  }
  const auto e = webpush::parse_endpoint(config_.api + "/cgi-bin/message/subscribe/send?access_token=" + *t);
  if (!e) {
    *why = e.detail();
    return Sent::Refused;
  }
  // Nothing personal: what happened in the shell's words, and when.
  const std::string what = kind == "reminder" ? "您预约的办理时间快到了" : "您的办件有新进展，请打开查看";
  const nlohmann::json body = {{"touser", openid}, {"template_id", tpl->second}, {"page", config_.page},
                               {"lang", "zh_CN"},
                               {"data", {{"thing1", {{"value", what}}}, {"time2", {{"value", text::china_time(now)}}}}}};
  const PushAnswer a = client_.post(*e, {{"Content-Type", "application/json"}}, body.dump());
  const auto j = answer_of(a);
  *why = errcode_text(j, a);
  if (!j.is_object()) return Sent::Retry;  // no answer, or not WeChat's: try again later
  switch (j.value("errcode", 0)) {
    case 0: return Sent::Ok;
    case 43101: return Sent::Gone;  // the person's consent is used up, or they refused
    case 40001:
    case 42001: {                   // the token is no longer valid: fetch another next time
      std::lock_guard<std::mutex> lock(mu_);
      token_.clear();
      return Sent::Retry;
    }
    case -1: return Sent::Retry;    // WeChat busy
    default: return Sent::Refused;
  }
}

}  // namespace tb::intake
