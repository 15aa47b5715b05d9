#include "identity/id_token.h"

#include <sodium.h>

#include <nlohmann/json.hpp>

namespace tb::identity {

const char* reason_key(IdTokenError e) {
  switch (e) {
    case IdTokenError::None: return "ok";
    case IdTokenError::Malformed: return "malformed";
    case IdTokenError::UnknownKey: return "unknown-key";
    case IdTokenError::BadSignature: return "bad-signature";
    case IdTokenError::WrongIssuer: return "wrong-issuer";
    case IdTokenError::WrongAudience: return "wrong-audience";
    case IdTokenError::Expired: return "expired";
    case IdTokenError::NotYetValid: return "not-yet-valid";
    case IdTokenError::WrongNonce: return "wrong-nonce";
    case IdTokenError::NoRealName: return "no-real-name";
  }
  return "unknown";
}

const char* reason_text(IdTokenError e) {
  switch (e) {
    case IdTokenError::None: return "";
    case IdTokenError::Malformed: return "登录凭证格式不对";
    case IdTokenError::UnknownKey: return "登录凭证不是本市统一身份认证签发的";
    case IdTokenError::BadSignature: return "登录凭证签名不对，可能被改动过";
    case IdTokenError::WrongIssuer: return "登录凭证不是本市统一身份认证签发的";
    case IdTokenError::WrongAudience: return "登录凭证是给别的应用的";
    case IdTokenError::Expired: return "登录已过期，请重新登录";
    case IdTokenError::NotYetValid: return "登录凭证的时间不对，请检查手机时间";
    case IdTokenError::WrongNonce: return "登录凭证不是为这台手机签发的";
    case IdTokenError::NoRealName: return "统一身份认证没有给出实名信息";
  }
  return "";
}

namespace {

using nlohmann::json;
using Fail = Result<RealName, IdTokenError>;

const json* member(const json& j, const char* key) {
  const auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

bool text_claim(const json& j, const char* key, std::string& out) {
  const json* v = member(j, key);
  if (!v || !v->is_string()) return false;
  out = v->get<std::string>();
  return true;
}

bool time_claim(const json& j, const char* key, std::int64_t& out) {
  const json* v = member(j, key);
  if (!v || !(v->is_number_integer() || v->is_number_unsigned())) return false;
  out = v->get<std::int64_t>();
  return true;
}

// The token's aud names this desk: alone, or among others with azp naming it (OIDC Core 3.1.3.7).
bool audience_ok(const json& claims, const std::string& audience) {
  const json* aud = member(claims, "aud");
  if (!aud) return false;
  if (aud->is_string()) return aud->get<std::string>() == audience;
  if (!aud->is_array() || aud->empty()) return false;
  bool listed = false;
  for (const auto& a : *aud) {
    if (!a.is_string()) return false;
    listed = listed || a.get<std::string>() == audience;
  }
  if (!listed) return false;
  if (aud->size() == 1) return true;
  std::string azp;
  return text_claim(claims, "azp", azp) && azp == audience;
}

}  // namespace

Result<std::vector<ProviderKey>, IdTokenError> parse_jwks(std::string_view text) {
  const json j = json::parse(text.begin(), text.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return {IdTokenError::Malformed, "JWKS: not a JSON object"};
  const json* keys = member(j, "keys");
  if (!keys || !keys->is_array()) return {IdTokenError::Malformed, "JWKS: no \"keys\" array"};
  std::vector<ProviderKey> out;
  for (std::size_t i = 0; i < keys->size(); ++i) {
    const json& k = (*keys)[i];
    const std::string where = "JWKS keys[" + std::to_string(i) + "]";
    if (!k.is_object()) return {IdTokenError::Malformed, where + ": not an object"};
    std::string kty, crv, kid, x;
    if (!text_claim(k, "kty", kty)) return {IdTokenError::Malformed, where + ": no kty"};
    if (kty != "OKP" || !text_claim(k, "crv", crv) || crv != "Ed25519") continue;  // not a key this desk verifies with
    if (member(k, "d")) return {IdTokenError::Malformed, where + ": holds a private key (d); pin the public key only"};
    if (!text_claim(k, "kid", kid) || kid.empty()) return {IdTokenError::Malformed, where + ": no kid"};
    auto raw = text_claim(k, "x", x) ? crypto::from_base64url(x) : std::nullopt;
    if (!raw || raw->size() != crypto_sign_PUBLICKEYBYTES) return {IdTokenError::Malformed, where + ": x is not 32 bytes of base64url"};
    out.push_back({kid, std::move(*raw)});
  }
  if (out.empty()) return {IdTokenError::Malformed, "JWKS: no Ed25519 key (kty OKP, crv Ed25519)"};
  return out;
}

Result<RealName, IdTokenError> verify_id_token(std::string_view token, const IdTokenPolicy& p) {
  if (token.size() > 16 * 1024) return Fail{IdTokenError::Malformed, "longer than 16 KiB"};
  const auto dot1 = token.find('.');
  const auto dot2 = dot1 == std::string_view::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string_view::npos || token.find('.', dot2 + 1) != std::string_view::npos)
    return Fail{IdTokenError::Malformed, "not three dot-separated parts (a compact JWS)"};
  const auto header_raw = crypto::from_base64url(token.substr(0, dot1));
  const auto payload_raw = crypto::from_base64url(token.substr(dot1 + 1, dot2 - dot1 - 1));
  const auto sig = crypto::from_base64url(token.substr(dot2 + 1));
  if (!header_raw) return Fail{IdTokenError::Malformed, "header: not base64url"};
  if (!payload_raw) return Fail{IdTokenError::Malformed, "payload: not base64url"};
  if (!sig) return Fail{IdTokenError::Malformed, "signature: not base64url"};
  const json header = json::parse(header_raw->begin(), header_raw->end(), nullptr, false);
  if (header.is_discarded() || !header.is_object()) return Fail{IdTokenError::Malformed, "header: not a JSON object"};
  std::string alg, kid;
  if (!text_claim(header, "alg", alg) || alg != "EdDSA")
    return Fail{IdTokenError::UnknownKey, "alg must be EdDSA (got " + (alg.empty() ? std::string("none") : alg) + ")"};
  if (member(header, "crit")) return Fail{IdTokenError::Malformed, "header: crit is not supported"};
  if (!text_claim(header, "kid", kid)) return Fail{IdTokenError::UnknownKey, "header: no kid"};
  const ProviderKey* key = nullptr;
  for (const auto& k : p.keys)
    if (k.kid == kid) key = &k;
  if (!key) return Fail{IdTokenError::UnknownKey, "kid " + kid + " is not a pinned key of the provider"};
  if (sig->size() != crypto_sign_BYTES) return Fail{IdTokenError::BadSignature, "signature is not 64 bytes"};
  const std::string_view signed_part = token.substr(0, dot2);
  if (crypto_sign_verify_detached(sig->data(), reinterpret_cast<const unsigned char*>(signed_part.data()),
                                  signed_part.size(), key->ed25519_public.data()) != 0)
    return Fail{IdTokenError::BadSignature, "kid " + kid};
  // Signed by the provider: now what it says.
  const json claims = json::parse(payload_raw->begin(), payload_raw->end(), nullptr, false);
  if (claims.is_discarded() || !claims.is_object()) return Fail{IdTokenError::Malformed, "payload: not a JSON object"};
  std::string iss, nonce;
  RealName r;
  if (!text_claim(claims, "iss", iss) || iss != p.issuer) return Fail{IdTokenError::WrongIssuer, "iss " + iss};
  if (!audience_ok(claims, p.audience)) return Fail{IdTokenError::WrongAudience, "aud does not name " + p.audience};
  std::int64_t iat = 0;
  if (!time_claim(claims, "exp", r.expires_at)) return Fail{IdTokenError::Malformed, "payload: exp is not an integer"};
  if (!time_claim(claims, "iat", iat)) return Fail{IdTokenError::Malformed, "payload: iat is not an integer"};
  if (r.expires_at + p.skew_seconds <= p.now) return Fail{IdTokenError::Expired, std::to_string(p.now - r.expires_at) + " s ago"};
  if (iat - p.skew_seconds > p.now) return Fail{IdTokenError::NotYetValid, "issued " + std::to_string(iat - p.now) + " s from now"};
  if (!text_claim(claims, "nonce", nonce) || nonce != p.nonce) return Fail{IdTokenError::WrongNonce, "the nonce is not this device key's"};
  if (!text_claim(claims, "sub", r.subject) || r.subject.empty()) return Fail{IdTokenError::Malformed, "payload: no sub"};
  if (!text_claim(claims, "name", r.name) || r.name.empty() || !text_claim(claims, p.id_number_claim.c_str(), r.id_number) ||
      r.id_number.empty())
    return Fail{IdTokenError::NoRealName, "claims name and " + p.id_number_claim + " are required"};
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  r.token_id = crypto::to_base64url(h, sizeof h);
  return r;
}

}  // namespace tb::identity
