// The `sm` suite in the formats: SM2 key files, Signed documents (suite "sm2-v1", the suite inside
// what is signed, no downgrade by rewriting it), guide bundles whose body digest is SM3.
#include <boost/test/unit_test.hpp>

#include "crypto/aead.h"
#include "crypto/keys.h"
#include "crypto/sign.h"
#include "crypto/sm.h"
#include "guide/bundle.h"
#include "seal/envelope.h"
#include "seal/submission.h"
#include "status_checks.h"
#include "test_entropy.h"

using namespace tb::crypto;
using tb::test::seed_of;

namespace {
std::string_view view(const Bytes& b) { return {reinterpret_cast<const char*>(b.data()), b.size()}; }
}  // namespace

BOOST_AUTO_TEST_SUITE(sm_formats)

BOOST_AUTO_TEST_CASE(sm2_key_files_round_trip_and_carry_their_suite) {
  for (KeyKind kind : {KeyKind::Sm2Sign, KeyKind::Sm2Device, KeyKind::Sm2Seal}) {
    const KeyPair k = keypair_from_seed(kind, "gm", seed_of(7));
    BOOST_TEST(k.public_key.size() == 65u);
    BOOST_TEST(k.public_key[0] == 0x04);
    BOOST_TEST(k.secret_key.size() == 32u);
    BOOST_TEST(std::string(suite_of(kind)) == "sm2-v1");
    const std::string text = format_key_file(k);
    BOOST_TEST(text.find(std::string("kind: ") + key_kind_name(kind)) != std::string::npos);
    auto parsed = parse_key_file(text);
    TB_REQUIRE_OK(parsed);
    BOOST_REQUIRE(parsed->pair);
    BOOST_CHECK(parsed->pair->secret_key == k.secret_key);
    BOOST_TEST(int(parsed->pub.kind) == int(kind));
    BOOST_TEST(parsed->pub.id.hex() == k.id.hex());
  }
  // The same seed makes a different key in each suite; the roles map one to one.
  BOOST_TEST(keypair_from_seed(KeyKind::Sm2Sign, "a", seed_of(1)).id.hex() !=
             keypair_from_seed(KeyKind::Sign, "a", seed_of(1)).id.hex());
  BOOST_TEST(int(sm_kind_of(KeyKind::Seal)) == int(KeyKind::Sm2Seal));
}

BOOST_AUTO_TEST_CASE(damaged_sm2_key_files_are_refused_with_the_reason) {
  const KeyPair k = keypair_from_seed(KeyKind::Sm2Sign, "gm", seed_of(2));
  const KeyPair other = keypair_from_seed(KeyKind::Sm2Sign, "gm", seed_of(3));
  auto expect = [](const std::string& text, const std::string& want) {
    const auto parsed = parse_key_file(text);
    BOOST_TEST(!parsed);
    BOOST_TEST(parsed.describe().find(want) != std::string::npos, "'" << parsed.describe() << "' lacks '" << want << "'");
  };
  // A point off the curve (its id recomputed, so only the point is wrong).
  Bytes off = k.public_key;
  off.back() ^= 1;
  PublicKey off_pub{KeyKind::Sm2Sign, "gm", key_id_of(off.data(), off.size()), off};
  expect(format_public_key_file(off_pub), "not-on-curve");
  // An Ed25519-sized key under an sm2 kind.
  PublicKey short_pub{KeyKind::Sm2Sign, "gm", k.id, Bytes(32, 1)};
  expect(format_public_key_file(short_pub), "public key must be 65 bytes");
  // Another key's secret.
  std::string swapped = format_key_file(k);
  const std::string other_text = format_key_file(other);
  swapped.replace(swapped.find("secret: "), std::string::npos, other_text.substr(other_text.find("secret: ")));
  expect(swapped, "secret key does not match the public key");
}

BOOST_AUTO_TEST_CASE(sm2_signed_documents_verify_and_refuse_a_rewritten_suite) {
  const KeyPair gm = keypair_from_seed(KeyKind::Sm2Sign, "gm-issuer", seed_of(4));
  const KeyPair ed = keypair_from_seed(KeyKind::Sign, "ed-issuer", seed_of(4));
  TrustStore trust;
  trust.add({public_half(gm), 0, 0, {}});
  trust.add({public_half(ed), 0, 0, {}});
  const auto doc = sign_document("tongban.test", 1, "办件", gm);
  BOOST_TEST(doc.suite() == "sm2-v1");
  BOOST_TEST(doc.signature().size() == 64u);
  TB_CHECK_OK(verify_document(doc, "tongban.test", 1, trust, 0));
  // The documented message: "tongban-sig-sm2-v1" 0 format 0 u32le(version) body, SM2 with ID 1234567812345678.
  std::string m = std::string("tongban-sig-sm2-v1") + '\0' + "tongban.test" + '\0' + std::string("\x01\x00\x00\x00", 4) + "办件";
  TB_CHECK_OK(sm::verify(view(gm.public_key), sm::kDefaultId, m, doc.signature()));
  // Deterministic: the same document signs to the same bytes.
  BOOST_TEST(sign_document("tongban.test", 1, "办件", gm).signature() == doc.signature());

  auto reason = [&](const tb::proto::Signed& d) { return verify_document(d, "tongban.test", 1, trust, 0); };
  auto downgraded = doc;
  downgraded.set_suite("ed25519-v1");
  BOOST_TEST(int(reason(downgraded).reason()) == int(SignError::UnknownSuite));
  BOOST_TEST(reason(downgraded).detail().find("is sm2-sign") != std::string::npos, reason(downgraded).detail());
  auto upgraded = sign_document("tongban.test", 1, "办件", ed);
  upgraded.set_suite("sm2-v1");
  BOOST_TEST(int(reason(upgraded).reason()) == int(SignError::UnknownSuite));
  auto tampered = doc;
  tampered.set_body("办件!");
  BOOST_TEST(int(reason(tampered).reason()) == int(SignError::BadSignature));
  auto relabelled = doc;
  relabelled.set_format("tongban.other");
  BOOST_TEST(int(verify_document(relabelled, "tongban.other", 1, trust, 0).reason()) == int(SignError::BadSignature));
  // An Ed25519 signature relabelled as SM2 under the SM2 key's id: refused as a bad signature.
  auto forged = sign_document("tongban.test", 1, "办件", ed);
  forged.set_suite("sm2-v1");
  forged.set_key_id(doc.key_id());
  BOOST_TEST(int(reason(forged).reason()) == int(SignError::BadSignature));
}

BOOST_AUTO_TEST_CASE(detached_sm2_signatures) {
  const KeyPair gm = keypair_from_seed(KeyKind::Sm2Device, "kiosk", seed_of(5));
  const std::string sig = sign_detached("tongban-audit-v1", "entry", gm);
  BOOST_TEST(sig.size() == 64u);
  BOOST_TEST(verify_detached("tongban-audit-v1", "entry", sig, gm.public_key));
  BOOST_TEST(!verify_detached("tongban-assist-v1", "entry", sig, gm.public_key));
  BOOST_TEST(!verify_detached("tongban-audit-v1", "entrY", sig, gm.public_key));
}

BOOST_AUTO_TEST_CASE(a_guide_bundle_signed_with_sm2_digests_its_body_with_sm3) {
  const KeyPair gm = keypair_from_seed(KeyKind::Sm2Sign, "guides", seed_of(6));
  tb::proto::Catalogue cat;
  cat.set_city("示例市");
  cat.add_items()->set_id("sfz");
  const std::string bytes = tb::guide::build_bundle(cat, 7, 1700000000, gm);
  TrustStore trust;
  trust.add({public_half(gm), 0, 0, {}});
  auto opened = tb::guide::open_bundle(bytes, trust, nullptr);
  TB_REQUIRE_OK(opened);
  BOOST_TEST(opened.manifest.body_digest() == sm::sm3(opened.catalogue().SerializeAsString()));
  // Flip one byte of the body (its last byte): the SM3 digest no longer matches the signed one.
  std::string changed = bytes;
  changed.back() = static_cast<char>(changed.back() ^ 1);
  BOOST_TEST(!tb::guide::open_bundle(changed, trust, nullptr));
}

// Data at rest in the sm suite: SM4-GCM under a key of its own, as FORMATS.md defines it (checked
// here with the SM4-GCM primitive itself); open_at_rest reads both ciphers, so a device whose city
// changed suites loses nothing it stored.
BOOST_AUTO_TEST_CASE(data_at_rest_in_the_sm_suite_is_sm4_gcm) {
  Key32 key{};
  Nonce24 nonce{};
  for (std::size_t i = 0; i < key.size(); ++i) key[i] = static_cast<unsigned char>(i * 3 + 1);
  for (std::size_t i = 0; i < nonce.size(); ++i) nonce[i] = static_cast<unsigned char>(200 - i);
  const std::string draft = R"({"name":"张丽华","id":"211402198803151234"})";
  const std::string sealed = seal_at_rest(AtRest::Sm4Gcm, key, nonce, draft, "tongban.draft.v1:sfz-buling");
  BOOST_REQUIRE(sealed.size() == 12 + draft.size() + 16);
  BOOST_TEST(sealed.substr(0, 12) == std::string(reinterpret_cast<const char*>(nonce.data()), 12));
  BOOST_TEST(sealed.find("张丽华") == std::string::npos);
  const std::string k16 = sm::sm3("tongban-at-rest-sm4-v1" + std::string(reinterpret_cast<const char*>(key.data()), key.size())).substr(0, 16);
  const auto by_primitive = sm::sm4_gcm_open(k16, sealed.substr(0, 12), sealed.substr(12), "tongban.draft.v1:sfz-buling");
  BOOST_REQUIRE(by_primitive.has_value());
  BOOST_TEST(*by_primitive == draft);
  const auto opened = open_at_rest(key, sealed, "tongban.draft.v1:sfz-buling");
  BOOST_REQUIRE(opened.has_value());
  BOOST_TEST(*opened == draft);
  // Another context, a changed byte, a truncation, another key: nothing.
  BOOST_TEST(!open_at_rest(key, sealed, "tongban.draft.v1:other"));
  std::string changed = sealed;
  changed[20] ^= 1;
  BOOST_TEST(!open_at_rest(key, changed, "tongban.draft.v1:sfz-buling"));
  BOOST_TEST(!open_at_rest(key, sealed.substr(0, 27), "tongban.draft.v1:sfz-buling"));
  Key32 other = key;
  other[0] ^= 1;
  BOOST_TEST(!open_at_rest(other, sealed, "tongban.draft.v1:sfz-buling"));
  // What the same device stored under the ed25519 suite still opens.
  const std::string before = seal_at_rest(AtRest::XChaCha20Poly1305, key, nonce, draft, "ctx");
  BOOST_TEST(before.size() == 24 + draft.size() + 16);
  BOOST_TEST(open_at_rest(key, before, "ctx").value_or("") == draft);
  BOOST_TEST(int(at_rest_for(KeyKind::Sm2Device)) == int(AtRest::Sm4Gcm));
  BOOST_TEST(int(at_rest_for(KeyKind::Device)) == int(AtRest::XChaCha20Poly1305));
  BOOST_TEST(sealed_at_rest_size(AtRest::Sm4Gcm, draft.size()) == sealed.size());
  BOOST_TEST(sealed_at_rest_size(AtRest::XChaCha20Poly1305, draft.size()) == before.size());
}

// A catalogue names each department's key; its length says the suite (both inside what is
// signed): 32 bytes X25519, 65 an SM2 point. Any other length means no online submissions.
BOOST_AUTO_TEST_CASE(a_catalogue_names_department_keys_of_either_suite) {
  tb::proto::Catalogue c;
  const KeyPair sm2 = keypair_from_seed(KeyKind::Sm2Seal, "gongan", seed_of(9));
  const KeyPair x25519 = keypair_from_seed(KeyKind::Seal, "renshe", seed_of(10));
  auto add = [&c](const char* id, std::string key) {
    auto* d = c.add_departments();
    d->set_id(id);
    d->set_name(id);
    d->set_seal_key(std::move(key));
  };
  add("gongan", std::string(view(sm2.public_key)));
  add("renshe", std::string(view(x25519.public_key)));
  add("broken", std::string(view(sm2.public_key)).substr(0, 64));
  const auto a = tb::seal::department_key(c, "gongan");
  TB_REQUIRE_OK(a);
  BOOST_TEST(int(a->kind) == int(KeyKind::Sm2Seal));
  BOOST_TEST(a->key == sm2.public_key);
  BOOST_TEST(a->id.hex() == sm2.id.hex());
  const auto b = tb::seal::department_key(c, "renshe");
  TB_REQUIRE_OK(b);
  BOOST_TEST(int(b->kind) == int(KeyKind::Seal));
  BOOST_TEST(int(tb::seal::department_key(c, "broken").reason()) == int(tb::seal::SealError::NoOnlineKey));
}

BOOST_AUTO_TEST_CASE(an_envelope_sealed_by_an_sm2_device_uses_the_sm_suite_throughout) {
  const KeyPair device = keypair_from_seed(KeyKind::Sm2Device, "kiosk-gm", seed_of(8));
  const KeyPair police = keypair_from_seed(KeyKind::Sm2Seal, "gongan", seed_of(9));
  const KeyPair health = keypair_from_seed(KeyKind::Sm2Seal, "weijian", seed_of(10));
  const KeyPair x25519 = keypair_from_seed(KeyKind::Seal, "gongan", seed_of(9));
  std::string photo(150000, '\0');  // three chunks: the final-chunk flag and the counter matter
  for (std::size_t i = 0; i < photo.size(); ++i) photo[i] = static_cast<char>(i * 7 + 3);
  tb::seal::SealPlan plan;
  plan.form = "chusheng";
  plan.created_at = 1750000000;
  plan.parts.push_back({"gongan", public_half(police), R"({"child":"小明"})", {{"photo.jpg", "image/jpeg", photo.size()}}});
  plan.parts.push_back({"weijian", public_half(health), R"({"hospital":"妇幼保健院"})", {}});
  HandedEntropy entropy(tb::test::random_bytes(77));
  const auto env = tb::seal::seal_envelope(plan, {{photo}, {}}, device, entropy);
  TB_REQUIRE_OK(env);
  BOOST_TEST(!entropy.ran_short());

  const auto in = tb::seal::inspect_envelope(*env, 64 << 20);
  TB_REQUIRE_OK(in);
  BOOST_TEST(in.header.suite() == "tongban-seal-sm-v1");
  BOOST_TEST(in.header.device_public_key().size() == 65u);
  BOOST_TEST(in.header.parts(0).sealed_key().size() == 97u + 16u);  // SM2 C1 || C3 || C2 of a 16-byte SM4 key
  BOOST_TEST(in.header.parts(0).nonce_prefix().size() == 4u);
  BOOST_TEST(in.digest == sm::sm3(*env));  // what the receipt names
  const auto opened = tb::seal::open_envelope(*env, police, 64 << 20);
  TB_REQUIRE_OK(opened);
  BOOST_TEST(opened.data_json == R"({"child":"小明"})");
  BOOST_REQUIRE(opened.attachments.size() == 1u);
  BOOST_TEST(opened.attachments[0].bytes == photo);
  const auto other = tb::seal::open_envelope(*env, health, 64 << 20);
  TB_REQUIRE_OK(other);
  BOOST_TEST(other.attachments.empty());
  // A department's X25519 key does not open an sm envelope, and nothing personal is in the clear.
  BOOST_TEST(int(tb::seal::open_envelope(*env, x25519, 64 << 20).reason()) == int(tb::seal::Refusal::CannotOpen));
  BOOST_TEST(env->find("小明") == std::string::npos);

  // One suite per envelope: an SM2 device does not seal to an X25519 department, nor the reverse.
  tb::seal::SealPlan mixed = plan;
  mixed.parts[1].recipient = public_half(x25519);
  mixed.parts[1].department = "other";
  HandedEntropy e2(tb::test::random_bytes(78));
  const auto refused = tb::seal::seal_envelope(mixed, {{photo}, {}}, device, e2);
  BOOST_TEST(int(refused.reason()) == int(tb::seal::SealError::BadKey));
  BOOST_TEST(refused.detail().find("sm2-seal") != std::string::npos, refused.detail());

  // A changed tag (the envelope's last byte): no longer the SM3 tag digest the device signed. A
  // changed ciphertext byte: inspection (tags only) passes, SM4-GCM refuses the chunk when opened.
  std::string changed_tag = *env;
  changed_tag.back() = static_cast<char>(changed_tag.back() ^ 1);
  BOOST_TEST(int(tb::seal::inspect_envelope(changed_tag, 64 << 20).reason()) == int(tb::seal::Refusal::Tampered));
  std::string changed = *env;
  changed[changed.size() - 100] = static_cast<char>(changed[changed.size() - 100] ^ 1);
  TB_CHECK_OK(tb::seal::inspect_envelope(changed, 64 << 20));
  BOOST_TEST(int(tb::seal::open_envelope(changed, health, 64 << 20).reason()) == int(tb::seal::Refusal::CannotOpen));
  // A changed header byte (inside the signed header): the SM2 device signature fails.
  std::string header_changed = *env;
  const auto at = header_changed.find("chusheng");
  BOOST_REQUIRE(at != std::string::npos);
  header_changed[at] = 'C';
  BOOST_TEST(int(tb::seal::inspect_envelope(header_changed, 64 << 20).reason()) == int(tb::seal::Refusal::BadSignature));
}

BOOST_AUTO_TEST_SUITE_END()
