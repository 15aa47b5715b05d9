// The `sm` suite against the standards' own examples: GB/T 32905 (SM3), GB/T 32907 (SM4),
// RFC 8998 (SM4-GCM), GB/T 32918 part 2 (signature: the example curve of annex A.2 and the
// recommended curve's example of GM/T 0003.5 annex A) and part 4 (encryption, annex A.2), then the
// bad input a reader must refuse, each with its reason.
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include <boost/test/unit_test.hpp>

#include <random>
#include <tuple>

#include "crypto/keys.h"
#include "crypto/sm.h"
#include "crypto/sm4_openssl.h"
#include "status_checks.h"
#include "test_entropy.h"

using namespace tb::crypto;

namespace {

std::string hex(std::string_view spaced) {
  std::string compact;
  for (char c : spaced)
    if (c != ' ') compact.push_back(c);
  auto bytes = from_hex(compact);
  BOOST_REQUIRE_MESSAGE(bytes, "bad hex in the test: " << compact);
  return *bytes;
}
std::string hex_of(std::string_view bytes) { return to_hex(bytes); }
SecretKey secret(std::string_view spaced) {
  const std::string d = hex(spaced);
  return SecretKey(reinterpret_cast<const unsigned char*>(d.data()), d.size());
}
// A refusal for exactly this reason (and so not a crash, nor a success).
template <class S>
void refused(const S& s, sm::SmError want, int line) {
  BOOST_CHECK_MESSAGE(!s && s.reason() == want, "line " << line << ": want " << sm::reason_key(want) << ", got "
                                                          << (s ? std::string("success") : s.describe()));
}
#define TB_CHECK_REASON(expr, want) refused((expr), (want), __LINE__)

// OpenSSL's own SM2 verifier (EVP with the distinguishing identifier set), the oracle our verifier
// (sm::verify, the standard's equation on a precomputed curve) is held to. OpenSSL wants DER.
bool openssl_verifies(std::string_view pub, std::string_view id, std::string_view msg, std::string_view sig) {
  if (sig.size() != 64) return false;
  auto bn = [](std::string_view b) { return BN_bin2bn(reinterpret_cast<const unsigned char*>(b.data()), 32, nullptr); };
  ECDSA_SIG* es = ECDSA_SIG_new();
  ECDSA_SIG_set0(es, bn(sig.substr(0, 32)), bn(sig.substr(32)));
  unsigned char* der = nullptr;
  const int der_len = i2d_ECDSA_SIG(es, &der);
  ECDSA_SIG_free(es);
  OSSL_PARAM_BLD* bld = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, "SM2", 0);
  OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, pub.data(), pub.size());
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(bld);
  EVP_PKEY_CTX* kctx = EVP_PKEY_CTX_new_from_name(nullptr, "SM2", nullptr);
  EVP_PKEY* key = nullptr;
  bool ok = EVP_PKEY_fromdata_init(kctx) > 0 && EVP_PKEY_fromdata(kctx, &key, EVP_PKEY_PUBLIC_KEY, params) > 0;
  EVP_MD_CTX* mctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pctx = ok ? EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr) : nullptr;
  ok = ok && pctx && EVP_PKEY_CTX_set1_id(pctx, id.data(), id.size()) > 0;
  if (ok) EVP_MD_CTX_set_pkey_ctx(mctx, pctx);
  ok = ok && der_len > 0 && EVP_DigestVerifyInit(mctx, nullptr, EVP_sm3(), nullptr, key) == 1 &&
       EVP_DigestVerify(mctx, der, static_cast<std::size_t>(der_len), reinterpret_cast<const unsigned char*>(msg.data()),
                        msg.size()) == 1;
  EVP_MD_CTX_free(mctx);
  EVP_PKEY_CTX_free(pctx);
  EVP_PKEY_free(key);
  EVP_PKEY_CTX_free(kctx);
  OSSL_PARAM_free(params);
  OSSL_PARAM_BLD_free(bld);
  OPENSSL_free(der);
  return ok;
}
std::string lower(std::string_view spaced) {
  std::string out;
  for (char c : spaced)
    if (c != ' ') out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return out;
}

// GB/T 32918.2/.4 annex A.2: the example curve over a 256-bit prime field (not the recommended one).
std::shared_ptr<const sm::Curve> example_curve() {
  auto c = sm::curve_from_hex("8542D69E4C044F18E8B92435BF6FF7DE457283915C45517D722EDB8B08F1DFC3",
                              "787968B4FA32C3FD2417842E73BBFEFF2F3C848B6831D7E0EC65228B3937E498",
                              "63E4C6D3B23B0C849CF84241484BFE48F61D59A5B16BA06E6E12D1DA27C5249A",
                              "421DEBD61B62EAB6746434EBC3CC315E32220B3BADD50BDC4C4E6C147FEDD43D",
                              "0680512BCBB42C07D47349D2153B70C4E5D7FDFCBFA36EA1A85841B9E46E09A2",
                              "8542D69E4C044F18E8B92435BF6FF7DD297720630485628D5AE74EE7C32E79B7");
  BOOST_REQUIRE(c);
  return c;
}

// GM/T 0003.5 annex A: the recommended curve, ID 1234567812345678, message "message digest".
const char* const kRecD = "3945208F 7B2144B1 3F36E38A C6D39F95 88939369 2860B51A 42FB81EF 4DF7C5B8";
const char* const kRecP = "04 09F9DF31 1E5421A1 50DD7D16 1E4BC5C6 72179FAD 1833FC07 6BB08FF3 56F35020"
                          "   CCEA490C E26775A5 2DC6EA71 8CC1AA60 0AED05FB F35E084A 6632F607 2DA9AD13";
const char* const kRecK = "59276E27 D506861A 16680F3A D9C02DCC EF3CC1FA 3CDBE4CE 6D54B80D EAC1BC21";
const char* const kRecSig = "F5A03B06 48D2C463 0EEAC513 E1BB81A1 5944DA38 27D5B741 43AC7EAC EEE720B3"
                            "B1B6AA29 DF212FD8 763182BC 0D421CA1 BB9038FD 1F7F42D4 840B69C4 85BBC1AA";

}  // namespace

BOOST_AUTO_TEST_SUITE(sm_suite)

BOOST_AUTO_TEST_CASE(sm3_gbt_32905_examples) {
  BOOST_REQUIRE(sm::available());
  BOOST_TEST(hex_of(sm::sm3("abc")) == lower("66c7f0f4 62eeedd9 d1f2d46b dc10e4e2 4167c487 5cf2f7a2 297da02b 8f4ba8e0"));
  std::string sixty_four;
  for (int i = 0; i < 16; ++i) sixty_four += "abcd";
  BOOST_TEST(hex_of(sm::sm3(sixty_four)) == lower("debe9ff9 2275b8a1 38604889 c18e5a4d 6fdb70e5 387e5765 293dcba3 9c0c5732"));
}

BOOST_AUTO_TEST_CASE(sm4_gbt_32907_examples) {
  const std::string key = hex("01234567 89abcdef fedcba98 76543210");
  BOOST_TEST(hex_of(sm::sm4_encrypt_block(key, key)) == "681edf34d206965e86b3e94f536e4246");
  // The standard's second example: the same block encrypted 1,000,000 times with the same key.
  BOOST_TEST(hex_of(sm::sm4_encrypt_block(key, key, 1000000)) == "595298c7c6fd271f0402f804c33d3f66");
}

BOOST_AUTO_TEST_CASE(sm4_gcm_rfc_8998_example_and_tampering) {
  const std::string key = hex("0123456789ABCDEFFEDCBA9876543210"), nonce = hex("00001234567800000000ABCD"),
                    aad = hex("FEEDFACEDEADBEEFFEEDFACEDEADBEEFABADDAD2"),
                    pt = hex("AAAAAAAAAAAAAAAABBBBBBBBBBBBBBBBCCCCCCCCCCCCCCCCDDDDDDDDDDDDDDDD"
                             "EEEEEEEEEEEEEEEEFFFFFFFFFFFFFFFFEEEEEEEEEEEEEEEEAAAAAAAAAAAAAAAA");
  const std::string sealed = sm::sm4_gcm_seal(key, nonce, pt, aad);
  BOOST_TEST(hex_of(sealed) == lower("17F399F08C67D5EE19D0DC9969C4BB7D5FD46FD3756489069157B282BB200735"
                                     "D82710CA5C22F0CCFA7CBF93D496AC15A56834CBCF98C397B4024A2691233B8D"
                                     "83DE3541E4C2B58177E065A9BF7B62EC"));
  const auto opened = sm::sm4_gcm_open(key, nonce, sealed, aad);
  BOOST_REQUIRE(opened);
  BOOST_TEST(*opened == pt);
  for (std::size_t at : {std::size_t{0}, std::size_t{63}, sealed.size() - 1}) {
    std::string bad = sealed;
    bad[at] = static_cast<char>(bad[at] ^ 1);
    BOOST_TEST(!sm::sm4_gcm_open(key, nonce, bad, aad));
  }
  BOOST_TEST(!sm::sm4_gcm_open(key, nonce, sealed, aad + "x"));
  BOOST_TEST(!sm::sm4_gcm_open(key, nonce, sealed.substr(0, sealed.size() - 1), aad));
  BOOST_TEST(!sm::sm4_gcm_open(key, nonce, sealed.substr(0, 15), aad));
  std::string other_key = key;
  other_key[0] ^= 1;
  BOOST_TEST(!sm::sm4_gcm_open(other_key, nonce, sealed, aad));
}

// The WebAssembly build's SM4 (OpenSSL's GCM over its SM4, crypto/sm4_openssl.h) against the
// native one (libgcrypt): the standards' examples, then the same bytes for every length around the
// block and chunk edges, each opening what the other sealed and refusing what was changed.
BOOST_AUTO_TEST_CASE(sm4_from_openssl_parts_matches_libgcrypt) {
  const std::string key = hex("01234567 89abcdef fedcba98 76543210");
  BOOST_TEST(hex_of(sm4_openssl::encrypt_block(key, key, 1)) == "681edf34d206965e86b3e94f536e4246");
  BOOST_TEST(hex_of(sm4_openssl::encrypt_block(key, key, 1000000)) == "595298c7c6fd271f0402f804c33d3f66");
  std::mt19937 rng(8998);
  auto bytes = [&](std::size_t n) {
    std::string s(n, '\0');
    for (char& c : s) c = static_cast<char>(rng());
    return s;
  };
  for (std::size_t n : {0, 1, 15, 16, 17, 31, 32, 33, 255, 1024, 4095, 65536, 65537, 200003}) {
    const std::string k = bytes(16), nonce = bytes(12), aad = bytes(n % 40), pt = bytes(n);
    const std::string ours = sm4_openssl::gcm_seal(k, nonce, pt, aad), theirs = sm::sm4_gcm_seal(k, nonce, pt, aad);
    BOOST_TEST_REQUIRE(ours.size() == n + sm::kGcmTagBytes);
    BOOST_TEST(ours == theirs, "length " << n);
    const auto opened = sm4_openssl::gcm_open(k, nonce, theirs, aad);
    BOOST_TEST_REQUIRE(opened.has_value(), "length " << n);
    BOOST_TEST(*opened == pt);
    std::string bad = theirs;
    bad[rng() % bad.size()] ^= 0x20;
    BOOST_TEST(!sm4_openssl::gcm_open(k, nonce, bad, aad), "length " << n);
    BOOST_TEST(!sm4_openssl::gcm_open(k, nonce, theirs, aad + "x"));
  }
  BOOST_TEST(sm4_openssl::gcm_seal(key.substr(1), std::string(12, 'n'), "x", "").empty());
  BOOST_TEST(sm4_openssl::gcm_seal(key, std::string(11, 'n'), "x", "").empty());
  BOOST_TEST(!sm4_openssl::gcm_open(key, std::string(12, 'n'), std::string(15, 't'), ""));
}

BOOST_AUTO_TEST_CASE(sm2_signature_example_curve_gbt_32918_2_annex_a2) {
  const auto curve = example_curve();
  const SecretKey d = secret("128B2FA8BD433C6C068C8D803DFF79792A519A55171B1B650C23661D15897263");
  const std::string pub = sm::public_from_secret(*curve, d);
  BOOST_TEST(hex_of(pub) == lower("04 0AE4C7798AA0F119471BEE11825BE46202BB79E2A5844495E97C04FF4DF2548A"
                                  "   7C0240F88F1CD4E16352A73C17B7F16F07353E53A176D684A9FE0C6BB798E857"));
  BOOST_TEST(hex_of(sm::z_value(*curve, pub, "ALICE123@YAHOO.COM")) ==
             lower("F4A38489E32B45B6F876E3AC2168CA392362DC8F23459C1D1146FC3DBFB7BC9A"));
  const std::string sig = sm::sign_with_k(*curve, d, "ALICE123@YAHOO.COM", "message digest",
                                          hex("6CB28D99385C175C94F94E934817663FC176D925DD72B727260DBAAE1FB2F96F"));
  BOOST_TEST(hex_of(sig) == lower("40F1EC59F793D9F49E09DCEF49130D4194F79FB1EED2CAA55BACDB49C4E755D1"
                                  "6FC6DAC32C5D5CF10C77DFB20F7C2EB667A457872FB09EC56327A67EC7DEEBE7"));
  // Verification steps B1–B7 on the same curve (the annex works them through for this signature).
  TB_CHECK_OK(sm::verify_on(*curve, pub, "ALICE123@YAHOO.COM", "message digest", sig));
  TB_CHECK_REASON(sm::verify_on(*curve, pub, "ALICE123@YAHOO.COM", "message digesT", sig), sm::SmError::BadSignature);
}

// Our verifier agrees with OpenSSL's on signatures it makes and on each of them changed in one bit
// (r, s, the message, the identifier, the key), for many keys.
BOOST_AUTO_TEST_CASE(sm2_verify_agrees_with_openssl_evp) {
  int accepted = 0, refused_both = 0;
  for (int i = 0; i < 40; ++i) {
    unsigned char seed[32] = {};
    seed[0] = static_cast<unsigned char>(i);
    seed[31] = 0x5A;
    const SecretKey d = sm::secret_from_seed(seed);
    const std::string pub = sm::public_from_secret(sm::recommended_curve(), d);
    const std::string msg = "办件 " + std::to_string(i);
    const std::string sig = sm::sign(d, sm::kDefaultId, msg);
    BOOST_REQUIRE_EQUAL(sig.size(), 64u);
    BOOST_TEST(static_cast<bool>(sm::verify(pub, sm::kDefaultId, msg, sig)) == openssl_verifies(pub, sm::kDefaultId, msg, sig));
    accepted += openssl_verifies(pub, sm::kDefaultId, msg, sig);
    std::string bad_sig = sig, bad_msg = msg, bad_pub = pub;
    bad_sig[static_cast<std::size_t>(i) % 64] ^= static_cast<char>(1 << (i % 8));
    bad_msg[0] ^= 1;
    unsigned char other[32] = {0x11, static_cast<unsigned char>(i)};
    bad_pub = sm::public_from_secret(sm::recommended_curve(), sm::secret_from_seed(other));
    const std::tuple<std::string, std::string, std::string, std::string> cases[] = {
        {pub, sm::kDefaultId.data(), msg, bad_sig}, {pub, sm::kDefaultId.data(), bad_msg, sig},
        {pub, "1234567812345679", msg, sig}, {bad_pub, sm::kDefaultId.data(), msg, sig}};
    for (const auto& [p, id, m, s] : cases) {
      BOOST_TEST(!sm::verify(p, id, m, s));
      refused_both += !openssl_verifies(p, id, m, s);
    }
  }
  BOOST_TEST(accepted == 40);
  BOOST_TEST(refused_both == 160);
}

BOOST_AUTO_TEST_CASE(sm2_signature_recommended_curve_gmt_0003_5_annex_a) {
  const auto& curve = sm::recommended_curve();
  const SecretKey d = secret(kRecD);
  BOOST_TEST(hex_of(sm::public_from_secret(curve, d)) == hex_of(hex(kRecP)));
  BOOST_TEST(hex_of(sm::sign_with_k(curve, d, sm::kDefaultId, "message digest", hex(kRecK))) == hex_of(hex(kRecSig)));
  // Our verifier and OpenSSL's own accept the standard's signature, and refuse it for another
  // message or another distinguishing identifier.
  BOOST_TEST(openssl_verifies(hex(kRecP), sm::kDefaultId, "message digest", hex(kRecSig)));
  BOOST_TEST(!openssl_verifies(hex(kRecP), sm::kDefaultId, "message digesT", hex(kRecSig)));
  TB_CHECK_OK(sm::verify(hex(kRecP), sm::kDefaultId, "message digest", hex(kRecSig)));
  TB_CHECK_REASON(sm::verify(hex(kRecP), sm::kDefaultId, "message digesT", hex(kRecSig)), sm::SmError::BadSignature);
  TB_CHECK_REASON(sm::verify(hex(kRecP), "1234567812345679", "message digest", hex(kRecSig)), sm::SmError::BadSignature);
}

BOOST_AUTO_TEST_CASE(sm2_encryption_example_curve_gbt_32918_4_annex_a2) {
  const auto curve = example_curve();
  const SecretKey d = secret("1649AB77A00637BD5E2EFE283FBF353534AA7F7CB89463F208DDBC2920BB0DA0");
  const std::string pub = sm::public_from_secret(*curve, d);
  BOOST_TEST(hex_of(pub) == lower("04 435B39CCA8F3B508C1488AFC67BE491A0F7BA07E581A0E4849A5CF70628A7E0A"
                                  "   75DDBA78F15FEECB4C7895E2C1CDF5FE01DEBB2CDBADF45399CCF77BBA076A42"));
  // C1 || C3 || C2 (the standard prints C1 || C2 || C3; the parts are the same bytes).
  const std::string c1 = "04 245C26FB68B1DDDDB12C4B6BF9F2B6D5FE60A383B0D18D1C4144ABF17F6252E7"
                         "   76CB9264C2A7E88E52B19903FDC47378F605E36811F5C07423A24B84400F01B8";
  const std::string c2 = "650053A89B41C418B0C3AAD00D886C00286467";
  const std::string c3 = "9C3D7360C30156FAB7C80A0276712DA9D8094A634B766D3A285E07480653426D";
  const auto ct = sm::encrypt_with_k(*curve, pub, "encryption standard",
                                     hex("4C62EEFD6ECFC2B95B92FD6C3D9575148AFA17425546D49018E5388D49DD7B4F"));
  TB_REQUIRE_OK(ct);
  BOOST_TEST(hex_of(*ct) == lower(c1 + c3 + c2));
  const auto back = sm::decrypt_on(*curve, d, hex(c1 + c3 + c2));
  TB_REQUIRE_OK(back);
  BOOST_TEST(*back == "encryption standard");
}

BOOST_AUTO_TEST_CASE(sm2_signing_is_deterministic_and_verified_by_openssl) {
  const Seed seed{1, 2, 3};
  const SecretKey d = sm::secret_from_seed(seed.data());
  const std::string pub = sm::public_from_secret(sm::recommended_curve(), d);
  TB_REQUIRE_OK(sm::check_public_key(sm::recommended_curve(), pub));
  const std::string a = sm::sign(d, sm::kDefaultId, "办件"), b = sm::sign(d, sm::kDefaultId, "办件");
  BOOST_TEST(a.size() == sm::kSignatureBytes);
  BOOST_TEST(hex_of(a) == hex_of(b));
  BOOST_TEST(hex_of(a) != hex_of(sm::sign(d, sm::kDefaultId, "办件2")));
  TB_CHECK_OK(sm::verify(pub, sm::kDefaultId, "办件", a));
  TB_CHECK_REASON(sm::verify(pub, sm::kDefaultId, "办件2", a), sm::SmError::BadSignature);
}

BOOST_AUTO_TEST_CASE(sm2_encryption_round_trip_draws_k_from_the_handed_entropy) {
  const Seed seed{9};
  const SecretKey d = sm::secret_from_seed(seed.data());
  const std::string pub = sm::public_from_secret(sm::recommended_curve(), d);
  HandedEntropy e1(tb::test::random_bytes(5, 64)), e2(tb::test::random_bytes(5, 64)), e3(tb::test::random_bytes(6, 64));
  const auto c1 = sm::encrypt(pub, "part key: 32 bytes of secret!!!!", e1);
  const auto c2 = sm::encrypt(pub, "part key: 32 bytes of secret!!!!", e2);
  const auto c3 = sm::encrypt(pub, "part key: 32 bytes of secret!!!!", e3);
  TB_REQUIRE_OK(c1);
  TB_REQUIRE_OK(c3);
  BOOST_TEST(c1->size() == sm::kCiphertextOverhead + 32);
  BOOST_TEST(hex_of(*c1) == hex_of(*c2));  // the same handed bytes, the same k
  BOOST_TEST(hex_of(*c1) != hex_of(*c3));
  BOOST_TEST(e1.left() == 0u);
  const auto back = sm::decrypt(d, *c3);
  TB_REQUIRE_OK(back);
  BOOST_TEST(*back == "part key: 32 bytes of secret!!!!");
}

BOOST_AUTO_TEST_CASE(bad_sm2_input_is_refused_with_its_reason) {
  const auto& curve = sm::recommended_curve();
  const std::string pub = hex(kRecP), sig = hex(kRecSig);
  std::string off_curve = pub;
  off_curve.back() = static_cast<char>(off_curve.back() ^ 1);
  TB_CHECK_REASON(sm::check_public_key(curve, off_curve), sm::SmError::NotOnCurve);
  TB_CHECK_REASON(sm::verify(off_curve, sm::kDefaultId, "message digest", sig), sm::SmError::NotOnCurve);
  TB_CHECK_REASON(sm::check_public_key(curve, std::string(1, '\0')), sm::SmError::Infinity);
  TB_CHECK_REASON(sm::check_public_key(curve, "\x04" + std::string(64, '\0')), sm::SmError::Infinity);
  TB_CHECK_REASON(sm::check_public_key(curve, pub.substr(0, 33)), sm::SmError::BadLength);
  std::string compressed = pub;
  compressed[0] = 0x02;
  TB_CHECK_REASON(sm::check_public_key(curve, compressed), sm::SmError::NotOnCurve);
  TB_CHECK_REASON(sm::verify(pub, "ALICE123@YAHOO.COM", "message digest", sig), sm::SmError::BadSignature);
  TB_CHECK_REASON(sm::verify(pub, sm::kDefaultId, "message digest", sig.substr(0, 63)), sm::SmError::BadLength);
  TB_CHECK_REASON(sm::verify(pub, sm::kDefaultId, "message digest", std::string(64, '\0')), sm::SmError::BadSignature);

  const SecretKey d = secret(kRecD);
  HandedEntropy e(tb::test::random_bytes(7, 64));
  const auto ct = sm::encrypt(pub, "0123456789abcdef0123456789abcdef", e);
  TB_REQUIRE_OK(ct);
  TB_CHECK_REASON(sm::decrypt(d, ct->substr(0, sm::kCiphertextOverhead)), sm::SmError::BadLength);
  TB_CHECK_REASON(sm::decrypt(d, ct->substr(0, ct->size() - 1)), sm::SmError::Tampered);
  std::string changed = *ct;
  changed.back() = static_cast<char>(changed.back() ^ 0x80);
  TB_CHECK_REASON(sm::decrypt(d, changed), sm::SmError::Tampered);
  std::string bad_c1 = *ct;
  bad_c1[64] = static_cast<char>(bad_c1[64] ^ 1);
  TB_CHECK_REASON(sm::decrypt(d, bad_c1), sm::SmError::NotOnCurve);
  const Seed other{4};
  TB_CHECK_REASON(sm::decrypt(sm::secret_from_seed(other.data()), *ct), sm::SmError::Tampered);
  HandedEntropy e2(tb::test::random_bytes(8, 64));
  TB_CHECK_REASON(sm::encrypt(off_curve, "x", e2), sm::SmError::NotOnCurve);
}

BOOST_AUTO_TEST_SUITE_END()
