// The `sm` suite's place in a build without it (the WebAssembly modules this round: OpenSSL's
// libcrypto for wasm is not built yet and the phone module has no room for it, docs/ARCHITECTURE.md).
// available() is false, so verifiers refuse `sm` documents as "not in this build" before calling
// anything here; every operation fails rather than pretend.
#include "crypto/sm.h"

namespace tb::crypto::sm {

struct Curve {};

namespace {
const char* const kAbsent = "the sm suite is not in this build";
}

bool available() { return false; }
const char* reason_key(SmError e) { return e == SmError::None ? "ok" : "unavailable"; }
const char* reason_text(SmError e) { return e == SmError::None ? "" : "本版本不含国密算法"; }
std::string sm3(std::string_view) { return {}; }
const Curve& recommended_curve() {
  static const Curve c;
  return c;
}
std::shared_ptr<const Curve> curve_from_hex(const char*, const char*, const char*, const char*, const char*, const char*) {
  return nullptr;
}
SecretKey secret_from_seed(const unsigned char*) { return {}; }
bool has_even_y(std::string_view) { return false; }
std::string point_from_x(std::string_view) { return {}; }
std::string public_from_secret(const Curve&, const SecretKey&) { return {}; }
Status<SmError> check_public_key(const Curve&, std::string_view) { return {SmError::Unavailable, kAbsent}; }
std::string z_value(const Curve&, std::string_view, std::string_view) { return {}; }
std::string sign(const SecretKey&, std::string_view, std::string_view) { return {}; }
std::string sign(const SecretKey&, std::string_view, std::string_view, std::string_view) { return {}; }
std::string sign_with_k(const Curve&, const SecretKey&, std::string_view, std::string_view, std::string_view) { return {}; }
Status<SmError> verify(std::string_view, std::string_view, std::string_view, std::string_view) {
  return {SmError::Unavailable, kAbsent};
}
Status<SmError> verify_on(const Curve&, std::string_view, std::string_view, std::string_view, std::string_view) {
  return {SmError::Unavailable, kAbsent};
}
Result<std::string, SmError> encrypt(std::string_view, std::string_view, Entropy&) { return {SmError::Unavailable, kAbsent}; }
Result<std::string, SmError> encrypt_with_k(const Curve&, std::string_view, std::string_view, std::string_view) {
  return {SmError::Unavailable, kAbsent};
}
Result<std::string, SmError> decrypt(const SecretKey&, std::string_view) { return {SmError::Unavailable, kAbsent}; }
Result<std::string, SmError> decrypt_on(const Curve&, const SecretKey&, std::string_view) {
  return {SmError::Unavailable, kAbsent};
}
std::string sm4_gcm_seal(std::string_view, std::string_view, std::string_view, std::string_view) { return {}; }
std::optional<std::string> sm4_gcm_open(std::string_view, std::string_view, std::string_view, std::string_view) {
  return std::nullopt;
}
std::string sm4_encrypt_block(std::string_view, std::string_view, unsigned long) { return {}; }

}  // namespace tb::crypto::sm
