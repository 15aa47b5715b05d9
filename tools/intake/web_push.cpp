#include "intake/web_push.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/pem.h>
#include <openssl/rand.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "crypto/keys.h"

namespace tb::intake::webpush {
namespace {

using PkeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)>;

std::string b64url(const std::string& s) {
  return crypto::to_base64url(reinterpret_cast<const unsigned char*>(s.data()), s.size());
}

// The uncompressed public point of an EC key (65 bytes), "" if it has none.
std::string public_point(EVP_PKEY* k) {
  unsigned char buf[65];
  std::size_t len = 0;
  if (EVP_PKEY_get_octet_string_param(k, OSSL_PKEY_PARAM_PUB_KEY, buf, sizeof buf, &len) != 1 || len != 65 || buf[0] != 4)
    return {};
  return std::string(reinterpret_cast<const char*>(buf), len);
}

// A P-256 public key from its uncompressed point, or null when the bytes are not one.
PkeyPtr p256_public(const std::string& raw) {
  PkeyPtr none(nullptr, EVP_PKEY_free);
  if (raw.size() != 65 || raw[0] != 4) return none;
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr), EVP_PKEY_CTX_free);
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1) return none;
  char group[] = "prime256v1";
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME, group, 0),
      OSSL_PARAM_construct_octet_string(OSSL_PKEY_PARAM_PUB_KEY, const_cast<char*>(raw.data()), raw.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* k = nullptr;
  if (EVP_PKEY_fromdata(ctx.get(), &k, EVP_PKEY_PUBLIC_KEY, params) != 1) return none;
  PkeyPtr key(k, EVP_PKEY_free);
  // fromdata decodes the point; checking it is on the curve is a separate step.
  PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr), EVP_PKEY_CTX_free);
  if (!check || EVP_PKEY_public_check(check.get()) != 1) return none;
  return key;
}

bool is_p256(EVP_PKEY* k) {
  char group[64];
  std::size_t len = 0;
  return EVP_PKEY_is_a(k, "EC") &&
         EVP_PKEY_get_utf8_string_param(k, OSSL_PKEY_PARAM_GROUP_NAME, group, sizeof group, &len) == 1 &&
         std::string(group, len) == "prime256v1";
}

std::string hmac_sha256(const std::string& key, const std::string& data) {
  unsigned char out[32];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), int(key.size()), reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

// HKDF (RFC 5869) with SHA-256, for outputs of at most 32 bytes (one expand block).
std::string hkdf(const std::string& salt, const std::string& ikm, const std::string& info, std::size_t length) {
  const std::string prk = hmac_sha256(salt, ikm);
  return hmac_sha256(prk, info + '\x01').substr(0, length);
}

}  // namespace

Result<VapidKey, Fault> VapidKey::from_pem(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())), BIO_free);
  EVP_PKEY* k = bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr;
  if (!k) return {Fault::Malformed, "not a PEM private key"};
  VapidKey v;
  v.key_.reset(k, EVP_PKEY_free);
  if (!is_p256(k)) return {Fault::Unsupported, "not an EC P-256 (prime256v1) key, which VAPID requires"};
  v.public_raw_ = public_point(k);
  if (v.public_raw_.empty()) return {Fault::Malformed, "its public point cannot be read"};
  return v;
}

std::string VapidKey::authorization(const std::string& endpoint_origin, const std::string& subject, std::int64_t expires) const {
  const std::string header = b64url(R"({"typ":"JWT","alg":"ES256"})");
  const std::string claims = b64url(nlohmann::json{{"aud", endpoint_origin}, {"exp", expires}, {"sub", subject}}.dump());
  const std::string input = header + "." + claims;
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> md(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  unsigned char der[80];
  std::size_t der_len = sizeof der;
  if (!md || EVP_DigestSignInit(md.get(), nullptr, EVP_sha256(), nullptr, key_.get()) != 1 ||
      EVP_DigestSign(md.get(), der, &der_len, reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1)
    return {};
  // JWS wants r and s as two 32-byte big-endian numbers (RFC 7518 §3.4), not OpenSSL's DER.
  const unsigned char* p = der;
  std::unique_ptr<ECDSA_SIG, decltype(&ECDSA_SIG_free)> sig(d2i_ECDSA_SIG(nullptr, &p, long(der_len)), ECDSA_SIG_free);
  if (!sig) return {};
  unsigned char rs[64];
  if (BN_bn2binpad(ECDSA_SIG_get0_r(sig.get()), rs, 32) != 32 || BN_bn2binpad(ECDSA_SIG_get0_s(sig.get()), rs + 32, 32) != 32)
    return {};
  return "vapid t=" + input + "." + crypto::to_base64url(rs, 64) + ", k=" + b64url(public_raw_);
}

bool is_p256_point(const std::string& raw) { return p256_public(raw) != nullptr; }

Result<std::string, Fault> encrypt(const std::string& p256dh, const std::string& auth, const std::string& plaintext) {
  if (auth.size() != 16) return {Fault::Malformed, "auth: expected 16 bytes, got " + std::to_string(auth.size())};
  PkeyPtr browser = p256_public(p256dh);
  if (!browser) return {Fault::Malformed, "p256dh: not a P-256 public key (65 bytes, uncompressed)"};
  // A fresh key pair for this message only (RFC 8291 §3.1).
  PkeyPtr mine(EVP_EC_gen("prime256v1"), EVP_PKEY_free);
  if (!mine) return {Fault::Invalid, "cannot make an ephemeral P-256 key"};
  const std::string my_public = public_point(mine.get());
  std::string secret(32, '\0');
  std::size_t secret_len = secret.size();
  PkeyCtxPtr dh(EVP_PKEY_CTX_new_from_pkey(nullptr, mine.get(), nullptr), EVP_PKEY_CTX_free);
  if (my_public.empty() || !dh || EVP_PKEY_derive_init(dh.get()) != 1 || EVP_PKEY_derive_set_peer(dh.get(), browser.get()) != 1 ||
      EVP_PKEY_derive(dh.get(), reinterpret_cast<unsigned char*>(&secret[0]), &secret_len) != 1 || secret_len != 32)
    return {Fault::Invalid, "the key agreement failed"};
  std::string salt(16, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&salt[0]), int(salt.size())) != 1) return {Fault::Invalid, "no random salt"};

  // RFC 8291 §3.3–3.4: the input keying material binds both public keys and the auth secret.
  const std::string ikm = hkdf(auth, secret, std::string("WebPush: info", 14) + p256dh + my_public, 32);
  const std::string cek = hkdf(salt, ikm, std::string("Content-Encoding: aes128gcm", 28), 16);
  const std::string nonce = hkdf(salt, ikm, std::string("Content-Encoding: nonce", 24), 12);

  // One record: the plaintext and the last-record delimiter 0x02 (RFC 8188 §2), sealed.
  const std::string record = plaintext + '\x02';
  std::string sealed(record.size() + 16, '\0');
  std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> c(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  int n = 0, fin = 0;
  auto* out = reinterpret_cast<unsigned char*>(&sealed[0]);
  if (!c || EVP_EncryptInit_ex(c.get(), EVP_aes_128_gcm(), nullptr, nullptr, nullptr) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_SET_IVLEN, 12, nullptr) != 1 ||
      EVP_EncryptInit_ex(c.get(), nullptr, nullptr, reinterpret_cast<const unsigned char*>(cek.data()),
                         reinterpret_cast<const unsigned char*>(nonce.data())) != 1 ||
      EVP_EncryptUpdate(c.get(), out, &n, reinterpret_cast<const unsigned char*>(record.data()), int(record.size())) != 1 ||
      EVP_EncryptFinal_ex(c.get(), out + n, &fin) != 1 ||
      EVP_CIPHER_CTX_ctrl(c.get(), EVP_CTRL_GCM_GET_TAG, 16, out + record.size()) != 1)
    return {Fault::Invalid, "the encryption failed"};

  // The header: salt, record size (4096, big-endian), key id length and the ephemeral public key.
  std::string body = salt;
  body += std::string("\x00\x00\x10\x00", 4);
  body += char(my_public.size());
  body += my_public;
  body += sealed;
  return body;
}

std::string Endpoint::origin() const { return "https://" + host + (port == 443 ? "" : ":" + std::to_string(port)); }

Result<Endpoint, Fault> parse_endpoint(const std::string& url) {
  constexpr std::size_t kMax = 1024;
  if (url.size() > kMax) return {Fault::TooLarge, "endpoint: longer than " + std::to_string(kMax) + " bytes"};
  const std::string scheme = "https://";
  if (url.compare(0, scheme.size(), scheme) != 0) return {Fault::Refused, "endpoint: must start with https://"};
  const std::size_t slash = url.find('/', scheme.size());
  const std::string authority = url.substr(scheme.size(), slash == std::string::npos ? std::string::npos : slash - scheme.size());
  Endpoint e;
  e.target = slash == std::string::npos ? "/" : url.substr(slash);
  const std::size_t colon = authority.find(':');
  e.host = authority.substr(0, colon);
  if (e.host.empty() || e.host.size() > 253 ||
      !std::all_of(e.host.begin(), e.host.end(), [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-'; }))
    return {Fault::Malformed, "endpoint: the host must be a DNS name or an IPv4 address (letters, digits, '.', '-')"};
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 || !std::all_of(port.begin(), port.end(), [](char ch) { return ch >= '0' && ch <= '9'; }) ||
        std::stoi(port) < 1 || std::stoi(port) > 65535)
      return {Fault::Malformed, "endpoint: the port must be a number from 1 to 65535"};
    e.port = std::stoi(port);
  }
  if (!std::all_of(e.target.begin(), e.target.end(), [](char ch) { return ch > ' ' && ch < 0x7f; }))
    return {Fault::Malformed, "endpoint: the path must be printable ASCII without spaces"};
  std::transform(e.host.begin(), e.host.end(), e.host.begin(), [](char ch) { return char(std::tolower(static_cast<unsigned char>(ch))); });
  return e;
}

}  // namespace tb::intake::webpush
