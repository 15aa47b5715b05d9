#pragma once
namespace tb::crypto {
// libsodium must be initialised once before use (it picks implementations); cheap after the first call.
bool ensure_sodium();
}  // namespace tb::crypto
