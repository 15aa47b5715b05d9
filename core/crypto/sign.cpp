#include "crypto/sign.h"

#include <sodium.h>

#include <algorithm>

#include "crypto/init.h"

namespace tb::crypto {
namespace {

std::string signing_message(std::string_view format, std::uint32_t version, std::string_view body) {
  std::string m = "tongban-sig-v1";
  m.push_back('\0');
  m.append(format);
  m.push_back('\0');
  for (int i = 0; i < 4; ++i) m.push_back(static_cast<char>((version >> (8 * i)) & 0xFF));
  m.append(body);
  return m;
}

}  // namespace

const TrustedKey* TrustStore::find(const KeyId& id) const {
  for (const auto& k : keys_)
    if (k.key.id == id) return &k;
  return nullptr;
}

const char* reason_key(SignError e) {
  switch (e) {
    case SignError::None: return "ok";
    case SignError::Unsigned: return "unsigned";
    case SignError::WrongFormat: return "wrong-format";
    case SignError::UnsupportedVersion: return "unsupported-version";
    case SignError::UnknownSuite: return "unknown-suite";
    case SignError::UnknownIssuer: return "unknown-issuer";
    case SignError::IssuerNotAllowed: return "issuer-not-allowed";
    case SignError::BadSignature: return "bad-signature";
  }
  return "";
}

const char* reason_text(SignError e) {
  switch (e) {
    case SignError::None: return "";
    case SignError::Unsigned: return "未签名";
    case SignError::WrongFormat: return "文件类型不符";
    case SignError::UnsupportedVersion: return "格式版本不支持";
    case SignError::UnknownSuite: return "算法不支持";
    case SignError::UnknownIssuer: return "签发方不受信任";
    case SignError::IssuerNotAllowed: return "签发方无权签发";
    case SignError::BadSignature: return "签名无效，内容可能被篡改";
  }
  return "";
}

proto::Signed sign_document(std::string_view format, std::uint32_t format_version, std::string body,
                            const KeyPair& key) {
  ensure_sodium();
  proto::Signed doc;
  doc.set_format(std::string(format));
  doc.set_format_version(format_version);
  doc.set_suite(kSuiteEd25519);
  doc.set_key_id(std::string(key.id.bytes.begin(), key.id.bytes.end()));
  const std::string m = signing_message(format, format_version, body);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(), key.secret_key.data());
  doc.set_signature(std::string(reinterpret_cast<char*>(sig), sizeof sig));
  doc.set_body(std::move(body));
  return doc;
}

Verified verify_document(const proto::Signed& doc, std::string_view format, std::uint32_t max_version,
                         const TrustStore& trust, std::int64_t at) {
  ensure_sodium();
  if (doc.signature().empty() || doc.key_id().empty()) return SignError::Unsigned;
  if (doc.format() != format)
    return {SignError::WrongFormat, "expected '" + std::string(format) + "', got '" + doc.format() + "'"};
  if (doc.format_version() == 0 || doc.format_version() > max_version)
    return {SignError::UnsupportedVersion,
            "version " + std::to_string(doc.format_version()) + ", this build reads up to " + std::to_string(max_version)};
  if (doc.suite() != kSuiteEd25519) return {SignError::UnknownSuite, "'" + doc.suite() + "'"};
  const auto id = KeyId::from_bytes(doc.key_id());
  const TrustedKey* issuer = id ? trust.find(*id) : nullptr;
  if (!issuer || !is_signing_kind(issuer->key.kind))
    return {SignError::UnknownIssuer, id ? "key " + id->hex() : "malformed key id"};
  const bool format_ok = issuer->formats.empty() ||
                         std::find(issuer->formats.begin(), issuer->formats.end(), doc.format()) != issuer->formats.end();
  const bool time_ok = at == 0 || ((issuer->valid_from == 0 || at >= issuer->valid_from) &&
                                   (issuer->valid_until == 0 || at <= issuer->valid_until));
  if (!format_ok || !time_ok)
    return {SignError::IssuerNotAllowed,
            "key " + issuer->key.id.hex() + (format_ok ? " is not valid at that time" : " may not sign " + doc.format())};
  const std::string m = signing_message(doc.format(), doc.format_version(), doc.body());
  if (doc.signature().size() != crypto_sign_BYTES ||
      crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(doc.signature().data()),
                                  reinterpret_cast<const unsigned char*>(m.data()), m.size(),
                                  issuer->key.key.data()) != 0)
    return SignError::BadSignature;
  return issuer;
}

std::string digest256(std::string_view data) {
  ensure_sodium();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  return std::string(reinterpret_cast<char*>(out), sizeof out);
}

}  // namespace tb::crypto
