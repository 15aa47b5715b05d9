#include "seal/request_signature.h"

#include <sodium.h>

#include "crypto/sign.h"
#include "crypto/sm.h"

namespace tb::seal {
namespace {

constexpr char kDomain[] = "tongban-request-v1";
constexpr char kDomainSm[] = "tongban-request-sm-v1";

// Unix seconds as a device writes them: decimal digits, no sign, no leading zero, at most 12 digits.
bool parse_time(std::string_view s, std::int64_t* out) {
  if (s.empty() || s.size() > 12 || (s.size() > 1 && s[0] == '0')) return false;
  std::int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

}  // namespace

std::string request_message(std::string_view method, std::string_view target, std::string_view time, std::string_view body,
                            bool sm) {
  std::string m;
  m.reserve(sizeof kDomainSm + method.size() + target.size() + time.size() + 36);
  if (sm) m.append(kDomainSm, sizeof kDomainSm);  // with its 0x00
  else m.append(kDomain, sizeof kDomain);
  m.append(method);
  m.push_back('\0');
  m.append(target);
  m.push_back('\0');
  m.append(time);
  m.push_back('\0');
  m.append(crypto::digest_for_suite(sm ? crypto::kSuiteSm2 : crypto::kSuiteEd25519, body));
  return m;
}

std::string_view signed_target(std::string_view target) {
  const auto at = target.find("/api/");
  return at == std::string_view::npos ? target : target.substr(at);
}

RequestSignature sign_request(const crypto::KeyPair& device, std::string_view method, std::string_view target,
                              std::int64_t now_s, std::string_view body) {
  RequestSignature h;
  h.device = device.id.hex();
  h.time = std::to_string(now_s);
  const bool sm = crypto::is_sm_kind(device.kind);
  const std::string m = request_message(method, signed_target(target), h.time, body, sm);
  if (sm) {
    const std::string sig = crypto::sm::sign(device.secret_key, crypto::bytes_view(device.public_key), crypto::sm::kDefaultId, m);
    h.signature = crypto::to_base64(reinterpret_cast<const unsigned char*>(sig.data()), sig.size());
    return h;
  }
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(), device.secret_key.data());
  h.signature = crypto::to_base64(sig, sizeof sig);
  return h;
}

const char* reason_key(RequestError e) {
  switch (e) {
    case RequestError::None: return "ok";
    case RequestError::Unsigned: return "unsigned";
    case RequestError::Malformed: return "malformed";
    case RequestError::Stale: return "stale";
    case RequestError::BadSignature: return "bad-signature";
  }
  return "";
}

const char* reason_text(RequestError e) {
  switch (e) {
    case RequestError::None: return "";
    case RequestError::Unsigned: return "请求未签名";
    case RequestError::Malformed: return "请求签名格式不对";
    case RequestError::Stale: return "请求时间与服务器相差太多（设备时钟错误或重放）";
    case RequestError::BadSignature: return "请求签名无效";
  }
  return "";
}

Result<crypto::KeyId, RequestError> read_request_signature(const RequestSignature& h) {
  if (h.device.empty() || h.time.empty() || h.signature.empty())
    return {RequestError::Unsigned, std::string("needs ") + kRequestDeviceHeader + ", " + kRequestTimeHeader + " and " +
                                        kRequestSignatureHeader};
  const auto id = h.device.size() == 16 ? crypto::KeyId::from_hex(h.device) : std::nullopt;
  if (!id || h.device != id->hex()) return {RequestError::Malformed, std::string(kRequestDeviceHeader) + " must be 16 lower-case hex digits"};
  std::int64_t t = 0;
  if (!parse_time(h.time, &t)) return {RequestError::Malformed, std::string(kRequestTimeHeader) + " must be Unix seconds"};
  return *id;
}

Status<RequestError> verify_request(const RequestSignature& h, const crypto::Bytes& public_key, std::string_view method,
                                    std::string_view target, std::string_view body, std::int64_t now_s,
                                    std::int64_t max_skew_s) {
  const auto id = read_request_signature(h);
  if (!id) return {id.reason(), id.detail()};
  const bool sm = public_key.size() == crypto::sm::kPublicKeyBytes;
  if ((public_key.size() != crypto_sign_PUBLICKEYBYTES && !sm) || !(crypto::key_id_of(public_key.data(), public_key.size()) == *id))
    return {RequestError::BadSignature, "not the key of device " + h.device};
  std::int64_t t = 0;
  parse_time(h.time, &t);
  if (t > now_s + max_skew_s || t < now_s - max_skew_s)
    return {RequestError::Stale, "signed at " + h.time + ", the intake's clock says " + std::to_string(now_s)};
  const auto sig = crypto::from_base64(h.signature);
  if (!sig || sig->size() != crypto_sign_BYTES)
    return {RequestError::Malformed, std::string(kRequestSignatureHeader) + " must be base64 of 64 bytes"};
  const std::string m = request_message(method, signed_target(target), h.time, body, sm);
  const bool valid = sm ? static_cast<bool>(crypto::sm::verify(crypto::bytes_view(public_key), crypto::sm::kDefaultId, m,
                                                                crypto::bytes_view(*sig)))
                        : crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                                      public_key.data()) == 0;
  if (!valid) return {RequestError::BadSignature, "device " + h.device};
  return {};
}

}  // namespace tb::seal
