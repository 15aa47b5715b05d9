// SM4 natively, from libgcrypt: OpenSSL 3.0 has SM4 but not its GCM mode (3.2 added it), and
// libgcrypt's SM4 uses the CPU's vector units (bench_sm: ~570 MB/s SM4-GCM, against ~100 MB/s for
// OpenSSL's GCM over its table-driven SM4). The WebAssembly build uses sm4_openssl.cpp instead;
// tests/core/test_sm_suite.cpp holds the two to the same bytes.
#include <gcrypt.h>

#include "crypto/sm.h"
#include "crypto/wipe.h"

namespace tb::crypto::sm {

namespace {

gcry_cipher_hd_t sm4_handle(int mode, std::string_view key16) {
  static const bool ready = [] {
    gcry_check_version(nullptr);
    gcry_control(GCRYCTL_INITIALIZATION_FINISHED, 0);
    return true;
  }();
  (void)ready;
  gcry_cipher_hd_t h = nullptr;
  if (key16.size() != kSm4KeyBytes || gcry_cipher_open(&h, GCRY_CIPHER_SM4, mode, GCRY_CIPHER_SECURE) != 0) return nullptr;
  if (gcry_cipher_setkey(h, key16.data(), key16.size()) != 0) {
    gcry_cipher_close(h);
    return nullptr;
  }
  return h;
}

}  // namespace

std::string sm4_gcm_seal(std::string_view key16, std::string_view nonce12, std::string_view plaintext, std::string_view associated) {
  gcry_cipher_hd_t h = sm4_handle(GCRY_CIPHER_MODE_GCM, key16);
  if (!h || nonce12.size() != kGcmNonceBytes) {
    if (h) gcry_cipher_close(h);
    return {};
  }
  std::string out(plaintext.size() + kGcmTagBytes, '\0');
  gcry_cipher_setiv(h, nonce12.data(), nonce12.size());
  gcry_cipher_authenticate(h, associated.data(), associated.size());
  gcry_cipher_encrypt(h, out.data(), plaintext.size(), plaintext.data(), plaintext.size());
  gcry_cipher_gettag(h, out.data() + plaintext.size(), kGcmTagBytes);
  gcry_cipher_close(h);
  return out;
}

std::optional<std::string> sm4_gcm_open(std::string_view key16, std::string_view nonce12, std::string_view sealed,
                                        std::string_view associated) {
  if (sealed.size() < kGcmTagBytes || nonce12.size() != kGcmNonceBytes) return std::nullopt;
  gcry_cipher_hd_t h = sm4_handle(GCRY_CIPHER_MODE_GCM, key16);
  if (!h) return std::nullopt;
  const std::size_t n = sealed.size() - kGcmTagBytes;
  std::string out(n, '\0');
  gcry_cipher_setiv(h, nonce12.data(), nonce12.size());
  gcry_cipher_authenticate(h, associated.data(), associated.size());
  gcry_cipher_decrypt(h, out.data(), n, sealed.data(), n);
  const bool ok = gcry_cipher_checktag(h, sealed.data() + n, kGcmTagBytes) == 0;
  gcry_cipher_close(h);
  if (!ok) {
    wipe(out);
    return std::nullopt;
  }
  return out;
}

std::string sm4_encrypt_block(std::string_view key16, std::string_view block16, unsigned long times) {
  gcry_cipher_hd_t h = sm4_handle(GCRY_CIPHER_MODE_ECB, key16);
  if (!h || block16.size() != 16) {
    if (h) gcry_cipher_close(h);
    return {};
  }
  std::string b(block16);
  for (unsigned long i = 0; i < times; ++i) gcry_cipher_encrypt(h, b.data(), b.size(), nullptr, 0);
  gcry_cipher_close(h);
  return b;
}

}  // namespace tb::crypto::sm
