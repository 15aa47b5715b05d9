#include "crypto/sign.h"

#include <sodium.h>

#include <algorithm>

#include "crypto/init.h"
#include "crypto/sm.h"

namespace tb::crypto {
namespace {

std::string signing_message(std::string_view suite, std::string_view format, std::uint32_t version, std::string_view body) {
  std::string m = suite == kSuiteSm2 ? "tongban-sig-sm2-v1" : "tongban-sig-v1";
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
  doc.set_suite(suite_of(key.kind));
  doc.set_key_id(std::string(key.id.bytes.begin(), key.id.bytes.end()));
  const std::string m = signing_message(doc.suite(), format, format_version, body);
  if (is_sm_kind(key.kind)) {
    doc.set_signature(sm::sign(key.secret_key, bytes_view(key.public_key), sm::kDefaultId, m));
  } else {
    unsigned char sig[crypto_sign_BYTES];
    crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(), key.secret_key.data());
    doc.set_signature(std::string(reinterpret_cast<char*>(sig), sizeof sig));
  }
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
  if (doc.suite() != kSuiteEd25519 && doc.suite() != kSuiteSm2) return {SignError::UnknownSuite, "'" + doc.suite() + "'"};
  if (doc.suite() == kSuiteSm2 && !sm::available()) return {SignError::UnknownSuite, "'sm2-v1' is not in this build"};
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
  // The suite field is not trusted: the issuer's key decides the algorithm, and a suite that
  // contradicts it is refused before any signature check (rewriting it cannot downgrade).
  if (doc.suite() != suite_of(issuer->key.kind))
    return {SignError::UnknownSuite, "suite '" + doc.suite() + "' but key " + issuer->key.id.hex() + " is " +
                                         key_kind_name(issuer->key.kind)};
  const std::string m = signing_message(doc.suite(), doc.format(), doc.format_version(), doc.body());
  if (is_sm_kind(issuer->key.kind)) {
    const std::string_view pub(reinterpret_cast<const char*>(issuer->key.key.data()), issuer->key.key.size());
    if (auto ok = sm::verify(pub, sm::kDefaultId, m, doc.signature()); !ok) return {SignError::BadSignature, ok.describe()};
    return issuer;
  }
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

std::string digest_for_suite(std::string_view suite, std::string_view data) {
  return suite == kSuiteSm2 ? sm::sm3(data) : digest256(data);
}

namespace {
std::string domain_message(std::string_view domain, std::string_view bytes) {
  std::string m(domain);
  m.push_back('\0');
  m.append(bytes);
  return m;
}
}  // namespace

std::string sign_detached(std::string_view domain, std::string_view bytes, const KeyPair& key) {
  ensure_sodium();
  if (!is_signing_kind(key.kind) || key.secret_key.size() != secret_key_size(key.kind)) return {};
  const std::string m = domain_message(domain, bytes);
  if (is_sm_kind(key.kind)) return sm::sign(key.secret_key, bytes_view(key.public_key), sm::kDefaultId, m);
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(m.data()), m.size(), key.secret_key.data());
  return std::string(reinterpret_cast<const char*>(sig), sizeof sig);
}

bool verify_detached(std::string_view domain, std::string_view bytes, std::string_view signature, const Bytes& public_key) {
  ensure_sodium();
  if (public_key.size() == sm::kPublicKeyBytes)
    return static_cast<bool>(sm::verify(bytes_view(public_key),
                                        sm::kDefaultId, domain_message(domain, bytes), signature));
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  const std::string m = domain_message(domain, bytes);
  return crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(signature.data()),
                                     reinterpret_cast<const unsigned char*>(m.data()), m.size(), public_key.data()) == 0;
}

}  // namespace tb::crypto
