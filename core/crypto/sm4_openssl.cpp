// SM4-GCM from OpenSSL's parts (crypto/sm4_openssl.h says why). Where the build defines
// TB_SM4_FROM_OPENSSL (WebAssembly), these are also the suite's sm::sm4_* functions.
#include "crypto/sm4_openssl.h"

#include <openssl/evp.h>
#include <openssl/modes.h>

#include <climits>

#include "crypto/sm.h"
#include "crypto/wipe.h"

namespace tb::crypto::sm4_openssl {

namespace {

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }
unsigned char* u8(std::string& s) { return reinterpret_cast<unsigned char*>(s.data()); }

// One key's two OpenSSL contexts: ECB for GCM's single blocks (H and the tag mask, a tail), CTR
// for the bulk. OpenSSL frees (and clears) the key schedules with the contexts.
class Sm4Key {
 public:
  explicit Sm4Key(std::string_view key16) {
    static const unsigned char kZeroIv[16] = {};
    ok_ = ecb_ && ctr_ && key16.size() == sm::kSm4KeyBytes &&
          EVP_EncryptInit_ex2(ecb_, EVP_sm4_ecb(), u8(key16), nullptr, nullptr) == 1 &&
          EVP_CIPHER_CTX_set_padding(ecb_, 0) == 1 &&
          EVP_EncryptInit_ex2(ctr_, EVP_sm4_ctr(), u8(key16), kZeroIv, nullptr) == 1;
  }
  ~Sm4Key() {
    EVP_CIPHER_CTX_free(ecb_);
    EVP_CIPHER_CTX_free(ctr_);
  }
  Sm4Key(const Sm4Key&) = delete;
  Sm4Key& operator=(const Sm4Key&) = delete;
  bool ok() const { return ok_; }

  // OpenSSL's block128_f and ctr128_f: the GCM code hands back the `key` pointer it was given.
  static void block(const unsigned char in[16], unsigned char out[16], const void* key) {
    int n = 0;
    EVP_EncryptUpdate(static_cast<const Sm4Key*>(key)->ecb_, out, &n, in, 16);
  }
  // GCM increments only the counter's low 32 bits, CTR all 128: they agree until 2^32 blocks
  // (64 GiB) from one nonce, far beyond any chunk tongban seals.
  static void ctr32(const unsigned char* in, unsigned char* out, std::size_t blocks, const void* key,
                    const unsigned char ivec[16]) {
    EVP_CIPHER_CTX* ctx = static_cast<const Sm4Key*>(key)->ctr_;
    EVP_EncryptInit_ex2(ctx, nullptr, nullptr, ivec, nullptr);
    std::size_t left = blocks * 16;
    while (left > 0) {  // EVP takes int lengths
      const int step = static_cast<int>(left < (INT_MAX & ~15) ? left : (INT_MAX & ~15));
      int n = 0;
      EVP_EncryptUpdate(ctx, out, &n, in, step);
      in += step, out += step, left -= static_cast<std::size_t>(step);
    }
  }

 private:
  EVP_CIPHER_CTX* ecb_ = EVP_CIPHER_CTX_new();
  EVP_CIPHER_CTX* ctr_ = EVP_CIPHER_CTX_new();
  bool ok_ = false;
};

struct Gcm {
  GCM128_CONTEXT* ctx;
  explicit Gcm(Sm4Key& key) : ctx(CRYPTO_gcm128_new(&key, &Sm4Key::block)) {}
  ~Gcm() { CRYPTO_gcm128_release(ctx); }  // clears H and the running state
  Gcm(const Gcm&) = delete;
  Gcm& operator=(const Gcm&) = delete;
};

}  // namespace

std::string gcm_seal(std::string_view key16, std::string_view nonce12, std::string_view plaintext,
                     std::string_view associated) {
  Sm4Key key(key16);
  if (!key.ok() || nonce12.size() != sm::kGcmNonceBytes) return {};
  Gcm gcm(key);
  if (!gcm.ctx) return {};
  std::string out(plaintext.size() + sm::kGcmTagBytes, '\0');
  CRYPTO_gcm128_setiv(gcm.ctx, u8(nonce12), nonce12.size());
  if (CRYPTO_gcm128_aad(gcm.ctx, u8(associated), associated.size()) != 0 ||
      CRYPTO_gcm128_encrypt_ctr32(gcm.ctx, u8(plaintext), u8(out), plaintext.size(), &Sm4Key::ctr32) != 0)
    return {};
  CRYPTO_gcm128_tag(gcm.ctx, u8(out) + plaintext.size(), sm::kGcmTagBytes);
  return out;
}

std::optional<std::string> gcm_open(std::string_view key16, std::string_view nonce12, std::string_view sealed,
                                    std::string_view associated) {
  if (sealed.size() < sm::kGcmTagBytes || nonce12.size() != sm::kGcmNonceBytes) return std::nullopt;
  Sm4Key key(key16);
  if (!key.ok()) return std::nullopt;
  Gcm gcm(key);
  if (!gcm.ctx) return std::nullopt;
  const std::size_t n = sealed.size() - sm::kGcmTagBytes;
  std::string out(n, '\0');
  CRYPTO_gcm128_setiv(gcm.ctx, u8(nonce12), nonce12.size());
  const bool ok = CRYPTO_gcm128_aad(gcm.ctx, u8(associated), associated.size()) == 0 &&
                  CRYPTO_gcm128_decrypt_ctr32(gcm.ctx, u8(sealed), u8(out), n, &Sm4Key::ctr32) == 0 &&
                  CRYPTO_gcm128_finish(gcm.ctx, u8(sealed) + n, sm::kGcmTagBytes) == 0;  // constant time
  if (!ok) {
    wipe(out);
    return std::nullopt;
  }
  return out;
}

std::string encrypt_block(std::string_view key16, std::string_view block16, unsigned long times) {
  Sm4Key key(key16);
  if (!key.ok() || block16.size() != 16) return {};
  std::string b(block16);
  for (unsigned long i = 0; i < times; ++i) Sm4Key::block(u8(b), u8(b), &key);
  return b;
}

}  // namespace tb::crypto::sm4_openssl

#if TB_SM4_FROM_OPENSSL
namespace tb::crypto::sm {
std::string sm4_gcm_seal(std::string_view key16, std::string_view nonce12, std::string_view plaintext,
                         std::string_view associated) {
  return sm4_openssl::gcm_seal(key16, nonce12, plaintext, associated);
}
std::optional<std::string> sm4_gcm_open(std::string_view key16, std::string_view nonce12, std::string_view sealed,
                                        std::string_view associated) {
  return sm4_openssl::gcm_open(key16, nonce12, sealed, associated);
}
std::string sm4_encrypt_block(std::string_view key16, std::string_view block16, unsigned long times) {
  return sm4_openssl::encrypt_block(key16, block16, times);
}
}  // namespace tb::crypto::sm
#endif
