#include <boost/test/unit_test.hpp>

#include <random>

#include "guide/bundle.h"
#include "guide/guides.h"
#include "status_checks.h"

using namespace tb;
using guide::Refusal;

namespace {
crypto::KeyPair key(unsigned char b) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(crypto::KeyKind::Sign, "k", s);
}

proto::Catalogue sample(int items) {
  proto::Catalogue c;
  c.set_city("青禾市");
  auto* d = c.add_departments();
  d->set_id("gongan");
  d->set_name("公安局");
  for (int i = 0; i < items; ++i) {
    auto* it = c.add_items();
    it->set_id("item-" + std::to_string(100 + i));
    it->set_name("事项" + std::to_string(i));
    it->set_department("gongan");
    it->set_summary("本事项的办理说明：申请人携带有效身份证件和相关材料到窗口提交申请，审核通过后发放结果。编号" +
                    std::to_string(i));
  }
  return c;
}

struct Fixture {
  crypto::KeyPair issuer = key(1);
  crypto::TrustStore trust;
  Fixture() { trust.add({crypto::public_half(issuer), 0, 0, {}}); }
};

int refusal(const guide::Opened& o) { return int(o.reason()); }
}  // namespace

BOOST_AUTO_TEST_SUITE(guide_bundle)

BOOST_FIXTURE_TEST_CASE(a_signed_bundle_opens_and_is_deterministic, Fixture) {
  auto c = sample(5);
  std::swap(*c.mutable_items(0), *c.mutable_items(4));  // unsorted input
  const std::string a = guide::build_bundle(c, 7, 1000, issuer);
  const std::string b = guide::build_bundle(sample(5), 7, 1000, issuer);
  BOOST_TEST(a == b);
  const auto o = guide::open_bundle(a, trust, nullptr);
  TB_REQUIRE_OK(o);
  BOOST_TEST(o.manifest.version() == 7u);
  BOOST_TEST(o.item_count() == 5u);
  BOOST_TEST(o.item(0).id() == "item-100");
  BOOST_TEST(o.bundle_bytes == a);
}

BOOST_FIXTURE_TEST_CASE(every_refusal_reason, Fixture) {
  const std::string good = guide::build_bundle(sample(3), 5, 1000, issuer);
  proto::GuideBundle b;
  BOOST_REQUIRE(b.ParseFromString(good));

  BOOST_TEST(refusal(guide::open_bundle("", trust, nullptr)) == int(Refusal::Malformed));
  BOOST_TEST(refusal(guide::open_bundle("not a bundle at all", trust, nullptr)) == int(Refusal::Malformed));

  auto unsigned_b = b;
  unsigned_b.mutable_manifest()->clear_signature();
  BOOST_TEST(refusal(guide::open_bundle(unsigned_b.SerializeAsString(), trust, nullptr)) == int(Refusal::Unsigned));

  auto tampered_body = b;
  (*tampered_body.mutable_body())[10] ^= 1;
  BOOST_TEST(refusal(guide::open_bundle(tampered_body.SerializeAsString(), trust, nullptr)) == int(Refusal::Tampered));

  auto tampered_manifest = b;
  (*tampered_manifest.mutable_manifest()->mutable_body())[3] ^= 1;
  BOOST_TEST(refusal(guide::open_bundle(tampered_manifest.SerializeAsString(), trust, nullptr)) == int(Refusal::BadSignature));

  const std::string foreign = guide::build_bundle(sample(3), 5, 1000, key(9));
  BOOST_TEST(refusal(guide::open_bundle(foreign, trust, nullptr)) == int(Refusal::UnknownIssuer));

  const guide::Current installed{5, "", "青禾市"};
  BOOST_TEST(refusal(guide::open_bundle(good, trust, &installed)) == int(Refusal::RolledBack));
  const guide::Current newer{9, "", "青禾市"};
  BOOST_TEST(refusal(guide::open_bundle(guide::build_bundle(sample(3), 8, 1, issuer), trust, &newer)) == int(Refusal::RolledBack));
  const guide::Current elsewhere{1, "", "别的市"};
  BOOST_TEST(refusal(guide::open_bundle(good, trust, &elsewhere)) == int(Refusal::WrongCity));
}

BOOST_FIXTURE_TEST_CASE(deltas_carry_only_changes_and_rebuild_the_exact_bundle, Fixture) {
  auto v1 = sample(50);
  auto v2 = v1;
  v2.mutable_items(3)->set_name("事项三（已更新）");
  v2.mutable_items()->DeleteSubrange(10, 1);
  auto* added = v2.add_items();
  added->set_id("item-999");
  added->set_name("新增事项");
  v2.mutable_departments(0)->set_name("青禾市公安局");
  const std::string b1 = guide::build_bundle(v1, 1, 1000, issuer);
  const std::string b2 = guide::build_bundle(v2, 2, 2000, issuer);
  auto delta = guide::build_delta(b1, b2, trust, issuer);
  TB_REQUIRE_OK(delta);
  BOOST_TEST(delta->size() < b2.size() / 4, "delta " << delta->size() << " vs bundle " << b2.size());
  const auto cur = guide::open_bundle(b1, trust, nullptr);
  const auto next = guide::apply_delta(cur, *delta, trust);
  TB_REQUIRE_OK(next);
  BOOST_TEST(next.bundle_bytes == b2);
  BOOST_TEST(next.manifest.version() == 2u);
  // The rebuilt bundle verifies on its own, like a downloaded one.
  BOOST_TEST(bool(guide::open_bundle(next.bundle_bytes, trust, nullptr)));
}

BOOST_FIXTURE_TEST_CASE(bad_deltas_are_refused_and_change_nothing, Fixture) {
  const std::string b1 = guide::build_bundle(sample(10), 1, 1000, issuer);
  auto c2 = sample(10);
  c2.mutable_items(0)->set_name("变了");
  const std::string b2 = guide::build_bundle(c2, 2, 2000, issuer);
  auto c3 = c2;
  c3.mutable_items(1)->set_name("又变了");
  const std::string b3 = guide::build_bundle(c3, 3, 3000, issuer);
  const std::string d12 = *guide::build_delta(b1, b2, trust, issuer);
  const std::string d23 = *guide::build_delta(b2, b3, trust, issuer);
  const auto cur = guide::open_bundle(b1, trust, nullptr);
  const std::string before = cur.bundle_bytes;

  BOOST_TEST(refusal(guide::apply_delta(cur, d23, trust)) == int(Refusal::WrongBase));
  BOOST_TEST(refusal(guide::apply_delta(cur, d12.substr(0, d12.size() / 2), trust)) == int(Refusal::Malformed));
  BOOST_TEST(refusal(guide::apply_delta(cur, b2, trust)) == int(Refusal::WrongFormat));
  BOOST_TEST(refusal(guide::open_bundle(d12, trust, nullptr)) == int(Refusal::WrongFormat));
  std::string flipped = d12;
  flipped[flipped.size() - 70] ^= 0x20;
  const int r = refusal(guide::apply_delta(cur, flipped, trust));
  BOOST_TEST((r == int(Refusal::BadSignature) || r == int(Refusal::Malformed)));
  crypto::TrustStore other;
  other.add({crypto::public_half(key(2)), 0, 0, {}});
  BOOST_TEST(refusal(guide::apply_delta(cur, d12, other)) == int(Refusal::UnknownIssuer));
  // A replayed delta against the version it produced: wrong base, not a second application.
  const auto next = guide::apply_delta(cur, d12, trust);
  BOOST_REQUIRE(next);
  BOOST_TEST(refusal(guide::apply_delta(next, d12, trust)) == int(Refusal::WrongBase));
  BOOST_TEST(cur.bundle_bytes == before);  // nothing was changed by any refusal
}

BOOST_FIXTURE_TEST_CASE(mutated_and_truncated_inputs_never_crash, Fixture) {
  const std::string good = guide::build_bundle(sample(20), 1, 1000, issuer);
  std::mt19937 rng(42);
  int accepted = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string m = good;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) m[rng() % m.size()] = static_cast<char>(rng());
    if (i % 3 == 0) m.resize(rng() % m.size());
    const auto o = guide::open_bundle(m, trust, nullptr);
    accepted += o ? 1 : 0;
    if (o) BOOST_TEST(o.bundle_bytes.size() > 0u);  // only possible if the change hit nothing signed
  }
  BOOST_TEST(accepted < 30, "mutations accepted: " << accepted);
}

// Items are read from the bundle's own bytes: the same items the catalogue was built with, a head
// without them, and an item protobuf cannot read (bad UTF-8) refused when the bundle is opened.
BOOST_FIXTURE_TEST_CASE(items_are_read_in_place_and_checked_at_open, Fixture) {
  const auto c = sample(30);
  const auto o = guide::open_bundle(guide::build_bundle(c, 1, 0, issuer), trust, nullptr);
  TB_REQUIRE_OK(o);
  BOOST_TEST(o.head.items_size() == 0);
  BOOST_TEST(o.head.city() == "青禾市");
  BOOST_TEST(o.head.departments_size() == 1);
  BOOST_REQUIRE(o.item_count() == 30u);
  for (int i = 0; i < 30; ++i) BOOST_TEST(o.item(i).SerializeAsString() == c.items(i).SerializeAsString());
  BOOST_TEST(o.catalogue().SerializeAsString() == c.SerializeAsString());
  auto bad = c;
  bad.mutable_items(7)->set_name(std::string("\xff\xfe", 2));  // signed by the issuer all the same
  const auto refused = guide::open_bundle(guide::build_bundle(bad, 1, 0, issuer), trust, nullptr);
  BOOST_TEST(refusal(refused) == int(Refusal::Malformed));
  BOOST_TEST(refused.detail() == "catalogue: item 7 does not parse");
}

// Which of two bundles is newer, without opening either: the signed manifest alone.
BOOST_FIXTURE_TEST_CASE(peek_reads_the_signed_manifest_alone, Fixture) {
  const std::string b = guide::build_bundle(sample(3), 9, 0, issuer);
  const auto m = guide::peek_bundle(b, trust);
  TB_REQUIRE_OK(m);
  BOOST_TEST(m->version() == 9u);
  BOOST_TEST(m->item_count() == 3u);
  crypto::TrustStore other;
  other.add({crypto::public_half(key(2)), 0, 0, {}});
  BOOST_TEST(int(guide::peek_bundle(b, other).reason()) == int(Refusal::UnknownIssuer));
  BOOST_TEST(int(guide::peek_bundle("junk", trust).reason()) == int(Refusal::Malformed));
  BOOST_TEST(int(guide::peek_bundle("", trust).reason()) == int(Refusal::Malformed));
}

// An item handed out stays valid however many are read after it (the recent ones are kept, the
// rest parsed again); the lists by department and the one-item catalogues come without the rest.
BOOST_FIXTURE_TEST_CASE(guides_hand_out_items_that_outlive_what_is_kept, Fixture) {
  guide::Guides g;
  g.load(guide::open_bundle(guide::build_bundle(sample(100), 1, 0, issuer), trust, nullptr));
  const auto first = g.item("item-100");
  BOOST_REQUIRE(first);
  BOOST_TEST(g.item("item-100").get() == first.get());  // read once while it is recent
  for (int i = 0; i < 100; ++i) BOOST_REQUIRE(g.item_at(i));
  BOOST_TEST(first->name() == "事项0");
  BOOST_TEST(g.item("item-100")->name() == "事项0");
  BOOST_TEST(!g.item("no-such-item"));
  BOOST_TEST(!g.item_at(100));
  BOOST_TEST(!g.item_at(-1));
  BOOST_TEST(g.items_for_department("gongan").size() == 100u);
  const auto one = g.catalogue_for("item-105");
  BOOST_REQUIRE(one.items_size() == 1);
  BOOST_TEST(one.items(0).id() == "item-105");
  BOOST_TEST(one.departments_size() == 1);
  BOOST_TEST(g.catalogue_for("no-such-item").items_size() == 0);
  BOOST_TEST(g.search("事项12", 3).size() >= 1u);
}

BOOST_AUTO_TEST_SUITE_END()
