// The `sm` suite's SM2 and SM3, in both builds: OpenSSL 3 for the SM2 curve, SM3 and HMAC-SM3.
// (SM4 is in sm4_libgcrypt.cpp natively and sm4_openssl.cpp in WebAssembly; core/crypto/sm.h says
// why.) SM2 signing and encryption are composed here from OpenSSL's curve arithmetic because
// OpenSSL draws k from its own random generator and the core has none: the equations are
// GB/T 32918.2 §6.1 and .4 §6.1, checked against the standard's examples, and tests/core/test_sm_suite.cpp checks verification against OpenSSL's own EVP SM2
// verifier.
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>

#include <cstring>

#include "crypto/sm.h"
#include "crypto/wipe.h"

namespace tb::crypto::sm {

struct Curve {
  EC_GROUP* group = nullptr;
  ~Curve() { EC_GROUP_free(group); }
};

namespace {

template <class T, void (*F)(T*)>
struct Deleter {
  void operator()(T* p) const { F(p); }
};
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_clear_free>>;
using BnCtx = std::unique_ptr<BN_CTX, Deleter<BN_CTX, BN_CTX_free>>;
using Point = std::unique_ptr<EC_POINT, Deleter<EC_POINT, EC_POINT_clear_free>>;

const unsigned char* u8(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Bn bn_new() { return Bn(BN_new()); }
Bn bn_from(const unsigned char* p, std::size_t n) { return Bn(BN_bin2bn(p, static_cast<int>(n), nullptr)); }
Bn bn_from(std::string_view s) { return bn_from(u8(s), s.size()); }
Bn bn_secret(const unsigned char* p, std::size_t n) {
  Bn b = bn_from(p, n);
  BN_set_flags(b.get(), BN_FLG_CONSTTIME);
  return b;
}
std::string be32(const BIGNUM* b) {
  std::string out(32, '\0');
  BN_bn2binpad(b, reinterpret_cast<unsigned char*>(out.data()), 32);
  return out;
}
const BIGNUM* order(const Curve& c) { return EC_GROUP_get0_order(c.group); }

// Fetched once and never changed (a pointer to const: the layout check's "no mutable static").
const EVP_MD* sm3_md() {
  static const EVP_MD* const md = EVP_MD_fetch(nullptr, "SM3", nullptr);
  return md;
}

std::string hmac_sm3(std::string_view key, std::string_view data) {
  unsigned char out[32];
  std::size_t len = 0;
  EVP_Q_mac(nullptr, "HMAC", nullptr, "SM3", nullptr, key.data(), key.size(), u8(data), data.size(), out, sizeof out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

// GB/T 32918.4 §5.4.3: SM3(Z || ct) for ct = 1, 2, … (32-bit big-endian), cut to `len` bytes.
std::string kdf(std::string_view z, std::size_t len) {
  std::string out;
  std::string block(z);
  block.resize(z.size() + 4);
  for (std::uint32_t ct = 1; out.size() < len; ++ct) {
    for (int i = 0; i < 4; ++i) block[z.size() + i] = static_cast<char>(ct >> (24 - 8 * i));
    out += sm3(block);
  }
  wipe(block);
  out.resize(len);
  return out;
}

// (x, y) of a point as 32 + 32 bytes.
std::string xy(const Curve& c, const EC_POINT* p, BN_CTX* ctx) {
  Bn x = bn_new(), y = bn_new();
  EC_POINT_get_affine_coordinates(c.group, p, x.get(), y.get(), ctx);
  return be32(x.get()) + be32(y.get());
}

std::string encode_point(const Curve& c, const EC_POINT* p, BN_CTX* ctx) { return "\x04" + xy(c, p, ctx); }

Result<Point, SmError> decode_point(const Curve& c, std::string_view bytes, BN_CTX* ctx) {
  const bool zero_xy = bytes.size() == kPublicKeyBytes && bytes.find_first_not_of('\0', 1) == std::string_view::npos;
  if ((bytes.size() == 1 && bytes[0] == 0) || zero_xy)
    return {SmError::Infinity, "the point at infinity"};
  if (bytes.size() != kPublicKeyBytes)
    return {SmError::BadLength, "a point is " + std::to_string(kPublicKeyBytes) + " bytes, got " + std::to_string(bytes.size())};
  if (bytes[0] != 0x04) return {SmError::NotOnCurve, "not an uncompressed point (first byte must be 04)"};
  Point p(EC_POINT_new(c.group));
  // oct2point refuses coordinates that are not on the curve.
  if (!EC_POINT_oct2point(c.group, p.get(), u8(bytes), bytes.size(), ctx) || EC_POINT_is_on_curve(c.group, p.get(), ctx) != 1)
    return {SmError::NotOnCurve, "the point is not on the SM2 curve"};
  // [h]P must not be the point at infinity. SM2's curves have cofactor 1, where [h]P is P (not
  // infinity: it has coordinates) — and multiplying anyway costs a whole constant-time ladder, as
  // much as the rest of a verification.
  const BIGNUM* h = EC_GROUP_get0_cofactor(c.group);
  if (h && !BN_is_one(h)) {
    Point hp(EC_POINT_new(c.group));
    EC_POINT_mul(c.group, hp.get(), nullptr, p.get(), h, ctx);
    if (EC_POINT_is_at_infinity(c.group, hp.get())) return {SmError::Infinity, "[h]P is the point at infinity"};
  }
  return p;
}

// 1 <= d <= n - 2: the range GB/T 32918.1 §6.1 allows (1 + d must be invertible).
bool secret_in_range(const Curve& c, const BIGNUM* d) {
  Bn limit(BN_dup(order(c)));
  BN_sub_word(limit.get(), 1);
  return !BN_is_zero(d) && !BN_is_negative(d) && BN_cmp(d, limit.get()) < 0;
}

std::string digest_e(const Curve& c, const SecretKey& d, std::string_view id, std::string_view msg) {
  return sm3(z_value(c, public_from_secret(c, d), id) + std::string(msg));
}

// GB/T 32918.2 §6.1 steps A4–A6 for one k; empty when k must be drawn again (r = 0, r + k = n, s = 0).
std::string sign_e(const Curve& c, const SecretKey& d_bytes, std::string_view e_bytes, const BIGNUM* k) {
  BnCtx ctx(BN_CTX_new());
  const BIGNUM* n = order(c);
  Bn d = bn_secret(d_bytes.data(), d_bytes.size());
  if (!secret_in_range(c, d.get()) || BN_is_zero(k) || BN_cmp(k, n) >= 0) return {};
  Point kg(EC_POINT_new(c.group));
  Bn x1 = bn_new(), e = bn_from(e_bytes), r = bn_new(), rk = bn_new();
  if (!EC_POINT_mul(c.group, kg.get(), k, nullptr, nullptr, ctx.get()) ||
      !EC_POINT_get_affine_coordinates(c.group, kg.get(), x1.get(), nullptr, ctx.get()) ||
      !BN_mod_add(r.get(), e.get(), x1.get(), n, ctx.get()) || !BN_add(rk.get(), r.get(), k))
    return {};
  if (BN_is_zero(r.get()) || BN_cmp(rk.get(), n) == 0) return {};
  // s = (1 + d)^-1 · (k − r·d) mod n
  Bn one_d(BN_dup(d.get())), inv = bn_new(), rd = bn_new(), k_rd = bn_new(), s = bn_new();
  BN_set_flags(one_d.get(), BN_FLG_CONSTTIME);
  if (!BN_add_word(one_d.get(), 1) || !BN_mod_inverse(inv.get(), one_d.get(), n, ctx.get()) ||
      !BN_mod_mul(rd.get(), r.get(), d.get(), n, ctx.get()) || !BN_mod_sub(k_rd.get(), k, rd.get(), n, ctx.get()) ||
      !BN_mod_mul(s.get(), inv.get(), k_rd.get(), n, ctx.get()) || BN_is_zero(s.get()))
    return {};
  return be32(r.get()) + be32(s.get());
}

// 1 + (bytes mod (n − 1)): a k (or d) in [1, n − 1] from 64 bytes, bias below 2^-250.
Bn scalar_from_wide(const Curve& c, std::string_view wide, int below_n_minus) {
  BnCtx ctx(BN_CTX_new());
  Bn x = bn_secret(u8(wide), wide.size()), m(BN_dup(order(c))), out = bn_new();
  BN_set_flags(out.get(), BN_FLG_CONSTTIME);
  BN_sub_word(m.get(), static_cast<BN_ULONG>(below_n_minus));
  BN_nnmod(out.get(), x.get(), m.get(), ctx.get());
  BN_add_word(out.get(), 1);
  return out;
}

Result<std::string, SmError> encrypt_k(const Curve& c, std::string_view pub, std::string_view msg, const BIGNUM* k) {
  BnCtx ctx(BN_CTX_new());
  auto p = decode_point(c, pub, ctx.get());
  if (!p) return Status<SmError>(p.reason(), "public key: " + p.detail());
  if (msg.empty()) return {SmError::BadLength, "nothing to encrypt"};
  if (BN_is_zero(k) || BN_cmp(k, order(c)) >= 0) return {SmError::BadLength, "k out of range"};
  Point c1(EC_POINT_new(c.group)), kp(EC_POINT_new(c.group));
  EC_POINT_mul(c.group, c1.get(), k, nullptr, nullptr, ctx.get());
  EC_POINT_mul(c.group, kp.get(), nullptr, p->get(), k, ctx.get());
  std::string x2y2 = xy(c, kp.get(), ctx.get());
  std::string t = kdf(x2y2, msg.size());
  if (t.find_first_not_of('\0') == std::string::npos) return {SmError::Infinity, "the key stream is all zero (probability 2^-8·length): encrypt again"};
  std::string c2(msg);
  for (std::size_t i = 0; i < c2.size(); ++i) c2[i] = static_cast<char>(c2[i] ^ t[i]);
  const std::string c3 = sm3(x2y2.substr(0, 32) + std::string(msg) + x2y2.substr(32));
  wipe(x2y2);
  wipe(t);
  return encode_point(c, c1.get(), ctx.get()) + c3 + c2;
}

}  // namespace

bool available() { return true; }

const char* reason_key(SmError e) {
  switch (e) {
    case SmError::None: return "ok";
    case SmError::BadLength: return "bad-length";
    case SmError::NotOnCurve: return "not-on-curve";
    case SmError::Infinity: return "point-at-infinity";
    case SmError::BadSignature: return "bad-signature";
    case SmError::Tampered: return "tampered";
    case SmError::Unavailable: return "unavailable";
  }
  return "";
}

const char* reason_text(SmError e) {
  switch (e) {
    case SmError::None: return "";
    case SmError::BadLength: return "长度错误";
    case SmError::NotOnCurve: return "点不在SM2曲线上";
    case SmError::Infinity: return "无穷远点";
    case SmError::BadSignature: return "SM2签名无效";
    case SmError::Tampered: return "密文被改动或不是给本密钥的";
    case SmError::Unavailable: return "本版本不含国密算法";
  }
  return "";
}

std::string sm3(std::string_view data) {
  unsigned char out[32];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out, &len, sm3_md(), nullptr);
  return std::string(reinterpret_cast<char*>(out), len);
}

// With a table of multiples of G: verification's [s]G + [t]P (public scalars, OpenSSL's wNAF) is
// about a third quicker with it. Signing and encryption gain nothing: OpenSSL multiplies their
// secret k with its constant-time ladder, which does not use the table. The table is OpenSSL 3's
// deprecated EC_GROUP_precompute_mult, the only way 3.0 offers to keep one.
namespace {
EC_GROUP* recommended_group() {
  EC_GROUP* g = EC_GROUP_new_by_curve_name(NID_sm2);
  BnCtx ctx(BN_CTX_new());
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  if (g) EC_GROUP_precompute_mult(g, ctx.get());
#pragma GCC diagnostic pop
  return g;
}
}  // namespace

const Curve& recommended_curve() {
  static const Curve c{recommended_group()};
  return c;
}

std::shared_ptr<const Curve> curve_from_hex(const char* p, const char* a, const char* b, const char* gx, const char* gy,
                                            const char* n) {
  BIGNUM *bp = nullptr, *ba = nullptr, *bb = nullptr, *bx = nullptr, *by = nullptr, *bn = nullptr;
  BN_hex2bn(&bp, p), BN_hex2bn(&ba, a), BN_hex2bn(&bb, b), BN_hex2bn(&bx, gx), BN_hex2bn(&by, gy), BN_hex2bn(&bn, n);
  Bn hold[] = {Bn(bp), Bn(ba), Bn(bb), Bn(bx), Bn(by), Bn(bn)};
  BnCtx ctx(BN_CTX_new());
  auto c = std::make_shared<Curve>();
  c->group = EC_GROUP_new_curve_GFp(bp, ba, bb, ctx.get());
  if (!c->group) return nullptr;
  Point g(EC_POINT_new(c->group));
  if (!EC_POINT_set_affine_coordinates(c->group, g.get(), bx, by, ctx.get()) ||
      !EC_GROUP_set_generator(c->group, g.get(), bn, BN_value_one()))
    return nullptr;
  return c;
}

SecretKey secret_from_seed(const unsigned char* seed32) {
  std::string input = "tongban-sm2-secret-v1";
  input.append(reinterpret_cast<const char*>(seed32), 32);
  std::string wide = kdf(input, 64);
  const Curve& c = recommended_curve();
  Bn d = scalar_from_wide(c, wide, 2);
  {
    // An odd y: -P = (x, -y) has the even one, and -P = (n - d)·G. n - d stays in range unless
    // d = 1 (probability 2^-255), which keeps its odd y (such a key cannot be a code's device key).
    BnCtx ctx(BN_CTX_new());
    Point p(EC_POINT_new(c.group));
    Bn y = bn_new(), neg = bn_new();
    BN_set_flags(neg.get(), BN_FLG_CONSTTIME);
    if (EC_POINT_mul(c.group, p.get(), d.get(), nullptr, nullptr, ctx.get()) &&
        EC_POINT_get_affine_coordinates(c.group, p.get(), nullptr, y.get(), ctx.get()) && BN_is_odd(y.get()) &&
        BN_sub(neg.get(), order(c), d.get()) && secret_in_range(c, neg.get()))
      d = std::move(neg);
  }
  SecretKey out(kSecretKeyBytes);
  BN_bn2binpad(d.get(), out.data(), 32);
  wipe(input);
  wipe(wide);
  return out;
}

std::string public_from_secret(const Curve& c, const SecretKey& d_bytes) {
  BnCtx ctx(BN_CTX_new());
  Bn d = bn_secret(d_bytes.data(), d_bytes.size());
  Point p(EC_POINT_new(c.group));
  if (d_bytes.size() != kSecretKeyBytes || !secret_in_range(c, d.get()) ||
      !EC_POINT_mul(c.group, p.get(), d.get(), nullptr, nullptr, ctx.get()))
    return {};
  return encode_point(c, p.get(), ctx.get());
}

bool has_even_y(std::string_view pub) {
  return pub.size() == kPublicKeyBytes && pub[0] == 0x04 && (static_cast<unsigned char>(pub.back()) & 1) == 0 &&
         check_public_key(recommended_curve(), pub);
}

std::string point_from_x(std::string_view x32) {
  const Curve& c = recommended_curve();
  if (x32.size() != 32) return {};
  BnCtx ctx(BN_CTX_new());
  Bn x = bn_from(x32), prime = bn_new();
  // x must be below p: OpenSSL would take x mod p, and then two strings would name one key.
  if (!EC_GROUP_get_curve(c.group, prime.get(), nullptr, nullptr, ctx.get()) || BN_cmp(x.get(), prime.get()) >= 0) return {};
  Point p(EC_POINT_new(c.group));
  // Refuses an x that is not below p or on no point of the curve.
  if (!EC_POINT_set_compressed_coordinates(c.group, p.get(), x.get(), 0, ctx.get())) {
    ERR_clear_error();  // OpenSSL queued why; the caller says it in its own words
    return {};
  }
  return encode_point(c, p.get(), ctx.get());
}

Status<SmError> check_public_key(const Curve& c, std::string_view pub) {
  BnCtx ctx(BN_CTX_new());
  auto p = decode_point(c, pub, ctx.get());
  if (!p) return Status<SmError>(p.reason(), p.detail());
  return {};
}

std::string z_value(const Curve& c, std::string_view pub, std::string_view id) {
  BnCtx ctx(BN_CTX_new());
  Bn a = bn_new(), b = bn_new();
  EC_GROUP_get_curve(c.group, nullptr, a.get(), b.get(), ctx.get());
  const std::size_t bits = id.size() * 8;
  std::string m;
  m.push_back(static_cast<char>((bits >> 8) & 0xFF));
  m.push_back(static_cast<char>(bits & 0xFF));
  m.append(id);
  m += be32(a.get()) + be32(b.get()) + xy(c, EC_GROUP_get0_generator(c.group), ctx.get());
  m.append(pub.substr(pub.empty() ? 0 : 1));  // xA || yA without the 04
  return sm3(m);
}

std::string sign_with_k(const Curve& c, const SecretKey& d, std::string_view id, std::string_view msg, std::string_view k32) {
  if (d.size() != kSecretKeyBytes) return {};
  Bn k = bn_secret(u8(k32), k32.size());
  return sign_e(c, d, digest_e(c, d, id, msg), k.get());
}

std::string sign(const SecretKey& d, std::string_view id, std::string_view msg) {
  if (d.size() != kSecretKeyBytes) return {};
  return sign(d, public_from_secret(recommended_curve(), d), id, msg);
}

std::string sign(const SecretKey& d, std::string_view pub, std::string_view id, std::string_view msg) {
  const Curve& c = recommended_curve();
  if (d.size() != kSecretKeyBytes || pub.size() != kPublicKeyBytes) return {};
  const std::string e = sm3(z_value(c, pub, id) + std::string(msg));
  const std::string_view key(reinterpret_cast<const char*>(d.data()), d.size());
  // k = 1 + (HMAC-SM3(d, label || e || i || 0) || HMAC-SM3(d, label || e || i || 1)) mod (n − 1),
  // i = 0, 1, … until the equations give a signature (a second round has probability ~2^-255).
  for (std::uint32_t i = 0; i < 16; ++i) {
    std::string input = "tongban-sm2-k-v1" + e + std::string{char(i >> 24), char(i >> 16), char(i >> 8), char(i)};
    std::string wide = hmac_sm3(key, input + '\0') + hmac_sm3(key, input + '\1');
    Bn k = scalar_from_wide(c, wide, 1);
    wipe(wide);
    std::string sig = sign_e(c, d, e, k.get());
    if (!sig.empty()) return sig;
  }
  return {};
}

Status<SmError> verify_on(const Curve& c, std::string_view pub, std::string_view id, std::string_view msg,
                          std::string_view sig) {
  BnCtx ctx(BN_CTX_new());
  auto p = decode_point(c, pub, ctx.get());
  if (!p) return Status<SmError>(p.reason(), p.detail());
  if (sig.size() != kSignatureBytes)
    return {SmError::BadLength, "a signature is 64 bytes (r || s), got " + std::to_string(sig.size())};
  const BIGNUM* n = order(c);
  Bn r = bn_from(sig.substr(0, 32)), s = bn_from(sig.substr(32));
  if (BN_is_zero(r.get()) || BN_is_zero(s.get()) || BN_cmp(r.get(), n) >= 0 || BN_cmp(s.get(), n) >= 0)
    return {SmError::BadSignature, "r or s out of range"};
  // GB/T 32918.2 §7.1 B5–B7: t = r + s mod n (not 0); (x1, y1) = [s]G + [t]P; valid when e + x1 = r mod n.
  Bn e = bn_from(sm3(z_value(c, pub, id) + std::string(msg))), t = bn_new(), x1 = bn_new(), expect = bn_new();
  Point q(EC_POINT_new(c.group));
  if (!BN_mod_add(t.get(), r.get(), s.get(), n, ctx.get()) || BN_is_zero(t.get()) ||
      !EC_POINT_mul(c.group, q.get(), s.get(), p->get(), t.get(), ctx.get()) ||
      EC_POINT_is_at_infinity(c.group, q.get()) ||
      !EC_POINT_get_affine_coordinates(c.group, q.get(), x1.get(), nullptr, ctx.get()) ||
      !BN_mod_add(expect.get(), e.get(), x1.get(), n, ctx.get()) || BN_cmp(expect.get(), r.get()) != 0)
    return {SmError::BadSignature, "the signature does not verify (changed, another key or another ID)"};
  return {};
}

Status<SmError> verify(std::string_view pub, std::string_view id, std::string_view msg, std::string_view sig) {
  return verify_on(recommended_curve(), pub, id, msg, sig);
}

Result<std::string, SmError> encrypt_with_k(const Curve& c, std::string_view pub, std::string_view msg, std::string_view k32) {
  Bn k = bn_secret(u8(k32), k32.size());
  return encrypt_k(c, pub, msg, k.get());
}

Result<std::string, SmError> encrypt(std::string_view pub, std::string_view msg, Entropy& entropy) {
  const Curve& c = recommended_curve();
  std::string wide(64, '\0');
  entropy.fill(reinterpret_cast<unsigned char*>(wide.data()), wide.size());
  Bn k = scalar_from_wide(c, wide, 1);
  wipe(wide);
  return encrypt_k(c, pub, msg, k.get());
}

Result<std::string, SmError> decrypt_on(const Curve& c, const SecretKey& d_bytes, std::string_view ct) {
  if (ct.size() <= kCiphertextOverhead)
    return {SmError::BadLength, "an SM2 ciphertext is C1 (65) || C3 (32) || C2 (at least 1) bytes, got " +
                                    std::to_string(ct.size()) + " (truncated?)"};
  BnCtx ctx(BN_CTX_new());
  auto c1 = decode_point(c, ct.substr(0, kPublicKeyBytes), ctx.get());
  if (!c1) return Status<SmError>(c1.reason(), "C1: " + c1.detail());
  Bn d = bn_secret(d_bytes.data(), d_bytes.size());
  if (d_bytes.size() != kSecretKeyBytes || !secret_in_range(c, d.get())) return {SmError::BadLength, "not an SM2 secret key"};
  Point p(EC_POINT_new(c.group));
  EC_POINT_mul(c.group, p.get(), nullptr, c1->get(), d.get(), ctx.get());
  std::string x2y2 = xy(c, p.get(), ctx.get());
  const std::string_view c3 = ct.substr(kPublicKeyBytes, 32), c2 = ct.substr(kCiphertextOverhead);
  std::string t = kdf(x2y2, c2.size());
  std::string m(c2);
  for (std::size_t i = 0; i < m.size(); ++i) m[i] = static_cast<char>(m[i] ^ t[i]);
  const std::string u = sm3(x2y2.substr(0, 32) + m + x2y2.substr(32));
  const bool zero_stream = t.find_first_not_of('\0') == std::string::npos;
  wipe(x2y2);
  wipe(t);
  if (zero_stream || CRYPTO_memcmp(u.data(), c3.data(), 32) != 0) {
    wipe(m);
    return {SmError::Tampered, "C3 does not match (changed, truncated, or sealed to another key)"};
  }
  return m;
}

Result<std::string, SmError> decrypt(const SecretKey& d, std::string_view ct) { return decrypt_on(recommended_curve(), d, ct); }

}  // namespace tb::crypto::sm
