#include <boost/test/unit_test.hpp>

#include <random>

#include <sodium.h>

#include "seal/envelope.h"
#include "seal/receipt.h"
#include "test_entropy.h"
#include "fixed_keys.h"
#include "status_checks.h"

using namespace tb;

namespace {

struct World {
  crypto::KeyPair device = test::fixed_key(crypto::KeyKind::Device, 1, "kiosk-1");
  crypto::KeyPair police = test::fixed_key(crypto::KeyKind::Seal, 2, "gongan");
  crypto::KeyPair health = test::fixed_key(crypto::KeyKind::Seal, 3, "weijian");
  crypto::KeyPair stranger = test::fixed_key(crypto::KeyKind::Seal, 4, "other");
  crypto::HandedEntropy entropy{test::random_bytes(12345)};

  std::string seal_two(const std::string& photo, std::string* id = nullptr) {
    seal::SealPlan plan;
    plan.form = "chusheng-yijianshi-merged";
    plan.item = "chusheng-yijianshi";
    plan.form_version = 3;
    plan.created_at = 1750000000;
    plan.parts.push_back({"gongan", crypto::public_half(police), R"({"child":"小明","household_head":"张三"})",
                          {{"photo.jpg", "image/jpeg", photo.size()}}});
    plan.parts.push_back({"weijian", crypto::public_half(health), R"({"child":"小明","hospital":"青禾市妇幼保健院"})", {}});
    seal::EnvelopeBuilder b;
    TB_REQUIRE_OK(b.begin(plan, device, entropy));
    // Attachments arrive in arbitrary slices (a stream from a file or a camera).
    for (std::size_t at = 0; at < photo.size(); at += 7777) BOOST_REQUIRE(b.write(0, std::string_view(photo).substr(at, 7777)));
    if (id) *id = b.submission_id();
    auto env = b.finish();
    TB_REQUIRE_OK(env);
    return *env;
  }
};

std::string bytes(std::size_t n, unsigned seed) {
  std::mt19937 r(seed);
  std::string s(n, '\0');
  for (auto& c : s) c = static_cast<char>(r());
  return s;
}
constexpr std::uint64_t kMax = 64 * 1024 * 1024;
}  // namespace

BOOST_AUTO_TEST_SUITE(envelope)

BOOST_AUTO_TEST_CASE(each_department_opens_exactly_its_own_part) {
  World w;
  const std::string photo = bytes(200000, 1);
  const std::string env = w.seal_two(photo);
  const auto police = seal::open_envelope(env, w.police, kMax);
  TB_REQUIRE_OK(police);
  BOOST_TEST(police.department == "gongan");
  BOOST_TEST(police.data_json.find("household_head") != std::string::npos);
  BOOST_REQUIRE(police.attachments.size() == 1u);
  BOOST_TEST(police.attachments[0].bytes == photo);
  BOOST_TEST(police.attachments[0].info.name() == "photo.jpg");
  const auto health = seal::open_envelope(env, w.health, kMax);
  BOOST_REQUIRE(health);
  BOOST_TEST(health.data_json.find("household_head") == std::string::npos);  // not theirs
  BOOST_TEST(health.attachments.empty());
  BOOST_TEST(int(seal::open_envelope(env, w.stranger, kMax).reason()) == int(seal::Refusal::NotForYou));
  // Nothing personal in the clear.
  BOOST_TEST(env.find("小明") == std::string::npos);
  BOOST_TEST(env.find("household_head") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(attachment_sizes_at_chunk_boundaries_round_trip) {
  for (std::size_t n : {0u, 1u, 65535u, 65536u, 65537u, 131072u, 300001u}) {
    World w;
    const std::string data = bytes(n, static_cast<unsigned>(n));
    const auto opened = seal::open_envelope(w.seal_two(data), w.police, kMax);
    BOOST_REQUIRE_MESSAGE(opened, n << ": " << opened.describe());
    BOOST_TEST(opened.attachments[0].bytes == data);
  }
}

BOOST_AUTO_TEST_CASE(padding_hides_exact_lengths) {
  World a, b;
  const std::string e1 = a.seal_two(bytes(10, 1)), e2 = b.seal_two(bytes(3000, 2));
  BOOST_TEST(e1.size() == e2.size());  // same 4 KiB bucket, same size on the wire
  const std::string e3 = World().seal_two(bytes(5000, 3));
  BOOST_TEST(e3.size() > e1.size());   // next bucket
  // A photo for one department does not inflate the other department's part.
  const std::string e4 = World().seal_two(bytes(1 << 20, 4));
  const auto in = seal::inspect_envelope(e4, kMax);
  BOOST_REQUIRE(in);
  BOOST_TEST(in.header.parts(0).padded_size() >= (1u << 20));
  BOOST_TEST(in.header.parts(1).padded_size() == 4096u);
  BOOST_TEST(seal::padded_size_for(1) == 4096u);
  BOOST_TEST(seal::padded_size_for(4096) == 4096u);
  // Padmé: at most ~12% overhead, and a padded size pads to itself (readers check this).
  for (std::uint64_t n = 4097; n < (300ull << 20); n = n * 5 / 4 + 7) {
    const std::uint64_t p = seal::padded_size_for(n);
    BOOST_TEST(p >= n);
    BOOST_TEST(static_cast<double>(p) <= static_cast<double>(n) * 1.125);
    BOOST_TEST(seal::padded_size_for(p) == p);
  }
}

BOOST_AUTO_TEST_CASE(every_kind_of_damage_is_refused_with_its_reason) {
  World w;
  std::string id;
  const std::string env = w.seal_two(bytes(70000, 9), &id);
  const auto refusal = [&](const std::string& e) { return int(seal::inspect_envelope(e, kMax).reason()); };
  BOOST_TEST(refusal(env) == int(seal::Refusal::None));
  proto::Envelope parsed;
  BOOST_REQUIRE(parsed.ParseFromString(env));

  auto header_flip = parsed;
  (*header_flip.mutable_header())[20] ^= 1;
  const int r = refusal(header_flip.SerializeAsString());
  BOOST_TEST((r == int(seal::Refusal::BadSignature) || r == int(seal::Refusal::Malformed)));

  auto body_flip = parsed;
  (*body_flip.mutable_parts(0))[1000] ^= 1;
  BOOST_TEST(refusal(body_flip.SerializeAsString()) == int(seal::Refusal::None));  // tags still match…
  BOOST_TEST(int(seal::open_envelope(body_flip.SerializeAsString(), w.police, kMax).reason()) == int(seal::Refusal::CannotOpen));
  auto tag_flip = parsed;
  (*tag_flip.mutable_parts(0))[65536 + 3] ^= 1;  // inside the first chunk's tag
  BOOST_TEST(refusal(tag_flip.SerializeAsString()) == int(seal::Refusal::Tampered));

  auto dropped = parsed;
  dropped.mutable_parts(0)->resize(dropped.parts(0).size() - 100);
  BOOST_TEST(refusal(dropped.SerializeAsString()) == int(seal::Refusal::Tampered));

  auto swapped = parsed;
  std::swap(*swapped.mutable_parts(0), *swapped.mutable_parts(1));
  BOOST_TEST(refusal(swapped.SerializeAsString()) != int(seal::Refusal::None));

  auto unsigned_env = parsed;
  unsigned_env.clear_signature();
  BOOST_TEST(refusal(unsigned_env.SerializeAsString()) == int(seal::Refusal::Unsigned));

  // Re-signed by another device claiming to be this one: the key id gives it away.
  auto other = parsed;
  proto::EnvelopeHeader h;
  h.ParseFromString(other.header());
  const auto thief = test::fixed_key(crypto::KeyKind::Device, 9, "thief");
  h.set_device_public_key(std::string(thief.public_key.begin(), thief.public_key.end()));
  other.set_header(h.SerializeAsString());
  BOOST_TEST(refusal(other.SerializeAsString()) == int(seal::Refusal::BadSignature));

  h.ParseFromString(parsed.header());
  h.set_version(2);
  auto future = parsed;
  future.set_header(h.SerializeAsString());
  const int fr = refusal(future.SerializeAsString());
  BOOST_TEST((fr == int(seal::Refusal::Unsupported) || fr == int(seal::Refusal::BadSignature)));

  BOOST_TEST(refusal(env.substr(0, env.size() / 2)) == int(seal::Refusal::Malformed));
  BOOST_TEST(refusal("") == int(seal::Refusal::Malformed));
  BOOST_TEST(refusal("garbage that is not a protobuf") == int(seal::Refusal::Malformed));
  BOOST_TEST(int(seal::inspect_envelope(env, 1000).reason()) == int(seal::Refusal::TooLarge));
}

BOOST_AUTO_TEST_CASE(random_mutations_never_crash_and_never_open) {
  World w;
  const std::string env = w.seal_two(bytes(5000, 4));
  std::mt19937 rng(99);
  for (int i = 0; i < 2000; ++i) {
    std::string m = env;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) m[rng() % m.size()] ^= static_cast<char>(1 + rng() % 255);
    const auto o = seal::open_envelope(m, w.police, kMax);
    if (o) BOOST_TEST(o.data_json.find("household_head") != std::string::npos);  // only an untouched part opens
  }
}

BOOST_AUTO_TEST_CASE(builder_refuses_bad_plans) {
  World w;
  seal::EnvelopeBuilder b;
  seal::SealPlan empty;
  BOOST_TEST(!b.begin(empty, w.device, w.entropy));
  seal::SealPlan plan;
  plan.parts.push_back({"gongan", crypto::public_half(w.device), "{}", {}});  // a signing key as recipient
  seal::EnvelopeBuilder b2;
  tb::test::check_fails_with(b2.begin(plan, w.device, w.entropy), "x25519-seal");
  plan.parts[0].recipient = crypto::public_half(w.police);
  plan.parts[0].attachments.push_back({"a", "b", 10});
  seal::EnvelopeBuilder b3;
  BOOST_REQUIRE(b3.begin(plan, w.device, w.entropy));
  BOOST_TEST(!b3.write(0, std::string(11, 'x')));
  TB_CHECK_OK(b3.write(0, std::string(9, 'x')));
  BOOST_TEST(!b3.finish());  // one byte short
}

BOOST_AUTO_TEST_CASE(builder_refuses_two_parts_for_one_department_and_what_the_intake_could_not_take) {
  World w;
  seal::SealPlan plan;
  plan.parts.push_back({"gongan", crypto::public_half(w.police), "{}", {}});
  plan.parts.push_back({"gongan-2", crypto::public_half(w.police), "{}", {}});  // same key, another name
  seal::EnvelopeBuilder b;
  tb::test::check_fails_with(b.begin(plan, w.device, w.entropy), "two parts");
  // A 70 MiB scan is over the intake's 64 MiB default: refused before any sealing.
  seal::SealPlan big;
  big.parts.push_back({"gongan", crypto::public_half(w.police), "{}", {{"scan.pdf", "application/pdf", 70u << 20}}});
  big.parts.push_back({"weijian", crypto::public_half(w.health), "{}", {}});
  big.parts.push_back({"other", crypto::public_half(w.stranger), "{}", {}});
  seal::EnvelopeBuilder b2;
  tb::test::check_fails_with(b2.begin(big, w.device, w.entropy), "too large to submit");
}

BOOST_AUTO_TEST_CASE(size_estimate_bounds_the_real_size) {
  World w;
  for (std::size_t n : {0u, 1000u, 70000u, 300000u}) {
    const std::string env = w.seal_two(bytes(n, static_cast<unsigned>(n)));
    const auto in = seal::inspect_envelope(env, kMax);
    BOOST_REQUIRE(in);
    std::vector<std::uint64_t> padded;
    for (const auto& p : in.header.parts()) padded.push_back(p.padded_size());
    BOOST_TEST(env.size() <= seal::envelope_size_estimate(padded));
  }
}

BOOST_AUTO_TEST_CASE(only_the_canonical_encoding_is_accepted) {
  // The outer envelope is not signed: a copy with an extra field (or the header repeated) must
  // not pass as the same submission under another digest.
  World w;
  const std::string env = w.seal_two(bytes(1000, 9));
  BOOST_REQUIRE(seal::inspect_envelope(env, kMax));
  std::string extra = env;
  extra += std::string("\x22\x01\x00", 3);  // field 4, length-delimited, 1 byte: unknown
  auto in = seal::inspect_envelope(extra, kMax);
  BOOST_TEST(static_cast<int>(in.reason()) == static_cast<int>(seal::Refusal::Malformed));
  BOOST_TEST(in.detail().find("canonical") != std::string::npos, in.detail());
  // The same fields with a length written long (0x80 0x00 continuation): other bytes, same values.
  {
    std::string overlong = env;
    std::size_t at = 1;  // after the header's tag: its length varint
    while (static_cast<unsigned char>(overlong[at]) & 0x80) ++at;
    overlong[at] = static_cast<char>(overlong[at] | 0x80);
    overlong.insert(at + 1, 1, '\0');
    in = seal::inspect_envelope(overlong, kMax);
    BOOST_TEST(static_cast<int>(in.reason()) == static_cast<int>(seal::Refusal::Malformed));
  }
  std::string repeated = std::string("\x0a\x00", 2) + env;  // an empty header field first
  in = seal::inspect_envelope(repeated, kMax);
  BOOST_TEST(static_cast<int>(in.reason()) == static_cast<int>(seal::Refusal::Malformed));
}

BOOST_AUTO_TEST_CASE(the_padding_must_be_zeros) {
  // Whoever holds a part key (the device) can put bytes after the last attachment that one reader
  // shows and another drops: a department refuses any padding that is not zeros.
  World w;
  const std::string env = w.seal_two("photo");
  proto::Envelope e;
  BOOST_REQUIRE(e.ParseFromString(env));
  proto::EnvelopeHeader h;
  BOOST_REQUIRE(h.ParseFromString(e.header()));
  auto* ph = h.mutable_parts(0);
  const std::uint64_t n = ph->padded_size();
  BOOST_REQUIRE(n == 4096);  // one chunk, the final one
  const auto u8 = [](const std::string& s) { return reinterpret_cast<const unsigned char*>(s.data()); };
  unsigned char key[32];
  BOOST_REQUIRE(crypto_box_seal_open(key, u8(ph->sealed_key()), ph->sealed_key().size(), w.police.public_key.data(),
                                     w.police.secret_key.data()) == 0);
  const std::string nonce = ph->nonce_prefix() + std::string(8, '\0');
  const std::string ad = "tongban-chunk-v1" + h.submission_id() + std::string(4, '\0') + std::string(1, '\1');
  std::string plain(n, '\0');
  BOOST_REQUIRE(crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(&plain[0]), nullptr, nullptr,
                                                           u8(e.parts(0)), n + 16, u8(ad), ad.size(), u8(nonce), key) == 0);
  plain[n - 1] = '\x01';
  std::string ct(n + 16, '\0');
  crypto_aead_xchacha20poly1305_ietf_encrypt(reinterpret_cast<unsigned char*>(&ct[0]), nullptr, u8(plain), n, u8(ad), ad.size(),
                                             nullptr, u8(nonce), key);
  std::string digest(32, '\0');
  crypto_generichash(reinterpret_cast<unsigned char*>(&digest[0]), 32, u8(ct) + n, 16, nullptr, 0);
  ph->set_tag_digest(digest);
  const std::string header = h.SerializeAsString();
  const std::string m = "tongban-envelope-v1" + std::string(1, '\0') + header;
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(&sig[0]), nullptr, u8(m), m.size(), w.device.secret_key.data());
  e.set_header(header);
  e.set_signature(sig);
  *e.mutable_parts(0) = ct;
  const std::string changed = e.SerializeAsString();
  TB_CHECK_OK(seal::inspect_envelope(changed, kMax));  // the intake cannot see it
  tb::test::check_fails_with(seal::open_envelope(changed, w.police, kMax), "malformed (格式错误): padding is not zero");
  TB_CHECK_OK(seal::open_envelope(changed, w.health, kMax));  // the other part is untouched
}

BOOST_AUTO_TEST_CASE(receipts_bind_id_and_digest) {
  World w;
  std::string id;
  const std::string env = w.seal_two("photo", &id);
  const auto in = seal::inspect_envelope(env, kMax);
  BOOST_REQUIRE(in);
  const auto intake = test::fixed_key(crypto::KeyKind::Sign, 7, "intake");
  crypto::TrustStore trust;
  trust.add({crypto::public_half(intake), 0, 0, {seal::kReceiptFormat}});
  proto::Receipt r;
  r.set_submission_id(id);
  r.set_received_at(1750000100);
  r.set_envelope_digest(in.digest);
  r.add_departments("gongan");
  const std::string signed_r = seal::sign_receipt(r, intake);
  TB_CHECK_OK(seal::verify_receipt(signed_r, trust, id, in.digest));
  BOOST_TEST(seal::verify_receipt(signed_r, trust, std::string(16, 'x')).message() == "回执不属于这次提交");
  BOOST_TEST(seal::verify_receipt(signed_r, trust, id, std::string(32, 'y')).message() == "回执与提交的内容不一致");
  crypto::TrustStore none;
  BOOST_TEST(!seal::verify_receipt(signed_r, none, id));
  const std::string code = seal::receipt_code(signed_r);
  BOOST_TEST(code.rfind("TBR1:", 0) == 0u);
  BOOST_TEST(code.find_first_not_of("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:") == std::string::npos);  // QR alphanumeric
  auto back = seal::receipt_from_code(code);
  BOOST_REQUIRE(back);
  BOOST_TEST(*back == signed_r);
}

BOOST_AUTO_TEST_SUITE_END()
