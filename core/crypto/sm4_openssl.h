#pragma once
// SM4 from OpenSSL alone: GCM from OpenSSL's own mode code (CRYPTO_gcm128, <openssl/modes.h>) over
// its SM4 in ECB (single blocks) and CTR (the bulk). OpenSSL 3.0 has no "SM4-GCM" cipher (3.2 added
// one), but it has both halves. This is the WebAssembly build's SM4 (where libgcrypt is not built);
// natively it is compiled too, so tests/core/test_sm_suite.cpp holds it to libgcrypt's bytes.
#include <optional>
#include <string>
#include <string_view>

namespace tb::crypto::sm4_openssl {

// Same contracts as sm::sm4_gcm_seal, sm::sm4_gcm_open and sm::sm4_encrypt_block (crypto/sm.h).
std::string gcm_seal(std::string_view key16, std::string_view nonce12, std::string_view plaintext,
                     std::string_view associated);
std::optional<std::string> gcm_open(std::string_view key16, std::string_view nonce12, std::string_view sealed,
                                    std::string_view associated);
std::string encrypt_block(std::string_view key16, std::string_view block16, unsigned long times);

}  // namespace tb::crypto::sm4_openssl
