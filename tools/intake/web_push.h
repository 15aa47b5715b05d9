#pragma once
// Web Push as an application server speaks it (docs/INTAKE.md, "Notices"), on OpenSSL:
//   - VAPID (RFC 8292): the intake's P-256 key signs a short-lived JWT (ES256) for each push
//     service origin, so a push service can tell our pushes from anyone else's;
//   - message encryption (RFC 8291, "aes128gcm" of RFC 8188): the payload is encrypted to the
//     browser's own key, so the push service in between reads nothing (and there is nothing
//     personal in it to read: only the notice's kind).
// Pure functions of their inputs apart from the fresh ephemeral key and salt each message needs
// (OpenSSL's random generator).
#include <cstdint>
#include <memory>
#include <string>

#include "result.h"

typedef struct evp_pkey_st EVP_PKEY;

namespace tb::intake::webpush {

// The intake's VAPID key: an EC P-256 private key in PEM ("openssl ecparam -name prime256v1 -genkey").
class VapidKey {
 public:
  // The key, or why not ("not a PEM private key", "not a P-256 key").
  static Result<VapidKey, Fault> from_pem(const std::string& pem);
  // The public key as the browser's applicationServerKey wants it: 65 bytes, uncompressed point.
  const std::string& public_raw() const { return public_raw_; }
  // "vapid t=<JWT>, k=<public key>" for a push to `endpoint_origin` ("https://host[:port]"),
  // valid until `expires` (Unix seconds; at most 24 h ahead, RFC 8292 §2), `subject` a mailto: or
  // https: contact for the push service's operators.
  std::string authorization(const std::string& endpoint_origin, const std::string& subject, std::int64_t expires) const;

 private:
  std::shared_ptr<EVP_PKEY> key_;
  std::string public_raw_;
};

// Whether `raw` is a point on P-256 in uncompressed form (65 bytes, 0x04 first): a browser's p256dh.
bool is_p256_point(const std::string& raw);

// The body of a Web Push message carrying `plaintext` to a browser whose subscription keys are
// `p256dh` (65 bytes) and `auth` (16 bytes): RFC 8188's header (salt, record size, the sender's
// ephemeral public key) and one record (RFC 8291 §4). Fails only on keys that are not keys.
Result<std::string, Fault> encrypt(const std::string& p256dh, const std::string& auth, const std::string& plaintext);

// A push service endpoint taken apart: only "https://HOST[:PORT]/PATH", HOST a DNS name or IPv4
// address, PATH printable ASCII, the whole at most 1024 bytes.
struct Endpoint {
  std::string host;
  int port = 443;
  std::string target;  // "/PATH"
  std::string origin() const;  // "https://HOST[:PORT]" (the port only when not 443)
};
// The endpoint, or what is wrong with it (in words naming the part).
Result<Endpoint, Fault> parse_endpoint(const std::string& url);

}  // namespace tb::intake::webpush
