#pragma once
// A device's signed request to the intake (docs/INTAKE.md, "Signed requests"): what ties a
// resumable upload, a status query or a registration to the device key that made it, so nobody who
// merely knows a submission id can add to, complete or claim its upload.
//
// Three headers carry it:
//   X-Tongban-Device:    the device key id (16 lower-case hex digits)
//   X-Tongban-Time:      Unix seconds, decimal
//   X-Tongban-Signature: standard base64 of the 64-byte Ed25519 signature over
//     "tongban-request-v1" 0x00 METHOD 0x00 TARGET 0x00 TIME 0x00 BLAKE2b-256(body)
//   or, by a device with an SM2 key (the 国密 suite), the 64-byte SM2 signature r || s (SM3, ID
//   1234567812345678) over the same message with "tongban-request-sm-v1" and SM3(body).
// METHOD is upper case ("PUT"); TARGET is the request target from "/api/" on, query included, as
// sent ("/api/v1/uploads/<id>?offset=0"); TIME is the header's text; the body digest is the 32 raw
// bytes (of the empty string for a request without a body).
#include <cstdint>
#include <string>
#include <string_view>

#include "crypto/keys.h"
#include "result.h"

namespace tb::seal {

inline constexpr const char* kRequestDeviceHeader = "X-Tongban-Device";
inline constexpr const char* kRequestTimeHeader = "X-Tongban-Time";
inline constexpr const char* kRequestSignatureHeader = "X-Tongban-Signature";

struct RequestSignature {
  std::string device;     // key id, hex
  std::string time;       // Unix seconds, decimal
  std::string signature;  // base64
};

// The bytes a device signs (`sm`: a device with an SM2 key).
std::string request_message(std::string_view method, std::string_view target, std::string_view time, std::string_view body,
                            bool sm = false);
RequestSignature sign_request(const crypto::KeyPair& device, std::string_view method, std::string_view target,
                              std::int64_t now_s, std::string_view body);

enum class RequestError {
  None,
  Unsigned,      // a header is missing
  Malformed,     // a header is not what it should be (key id, time, base64 of 64 bytes)
  Stale,         // its time is further from the intake's clock than allowed (a replay, or a wrong clock)
  BadSignature,  // not signed by that key over this request
};
const char* reason_key(RequestError e);
const char* reason_text(RequestError e);

// The target as signed: from "/api/" on (a proxy may mount the API under a prefix).
std::string_view signed_target(std::string_view target);

// Parses the headers: the device's key id on success.
Result<crypto::KeyId, RequestError> read_request_signature(const RequestSignature& headers);
// Checks the headers against `public_key` (32 bytes Ed25519, 65 SM2) for this method, target and body, at now_s
// within ±max_skew_s.
Status<RequestError> verify_request(const RequestSignature& headers, const crypto::Bytes& public_key, std::string_view method,
                                    std::string_view target, std::string_view body, std::int64_t now_s,
                                    std::int64_t max_skew_s);

}  // namespace tb::seal
