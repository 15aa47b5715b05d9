#include <boost/test/unit_test.hpp>

#include "outbox/outbox.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "test_entropy.h"
#include "status_checks.h"

using namespace tb;

namespace {
crypto::KeyPair key(crypto::KeyKind k, unsigned char b) {
  crypto::Seed s;
  s.fill(b);
  return crypto::keypair_from_seed(k, "k", s);
}
struct World {
  crypto::HandedEntropy entropy{test::random_bytes(1)};
  crypto::KeyPair device = key(crypto::KeyKind::Device, 1), dept = key(crypto::KeyKind::Seal, 2),
                  intake = key(crypto::KeyKind::Sign, 3);
  crypto::TrustStore trust;
  World() { trust.add({crypto::public_half(intake), 0, 0, {}}); }
  std::string envelope() {
    seal::SealPlan p;
    p.item = "sfz-buling";
    p.parts.push_back({"gongan", crypto::public_half(dept), "{\"a\":1}", {}});
    return *seal::seal_envelope(p, {}, device, entropy);
  }
  std::string receipt_for(const std::string& env) {
    const auto in = seal::inspect_envelope(env, 1 << 30);
    proto::Receipt r;
    r.set_submission_id(in.header.submission_id());
    r.set_envelope_digest(in.digest);
    return seal::sign_receipt(r, intake);
  }
};
using K = outbox::Effect::Kind;
}  // namespace

BOOST_AUTO_TEST_SUITE(outbox_state)

BOOST_AUTO_TEST_CASE(store_before_index_and_one_id_one_item) {
  World w;
  outbox::Outbox box;
  const std::string env = w.envelope();
  auto fx = box.enqueue(env, "居民身份证补领", 0);
  TB_REQUIRE_OK(fx);
  BOOST_REQUIRE(fx->size() == 2u);
  BOOST_TEST(int((*fx)[0].kind) == int(K::StoreEnvelope));
  BOOST_TEST(int((*fx)[1].kind) == int(K::SaveIndex));
  const auto again = box.enqueue(env, "again", 5);  // the same submission: still one item
  TB_REQUIRE_OK(again);
  BOOST_TEST(again->empty());
  BOOST_TEST(box.items().size() == 1u);
  const auto junk = box.enqueue("junk", "x", 0);
  BOOST_TEST(!junk);
  BOOST_TEST(int(junk.reason()) == int(seal::Refusal::Malformed));
  BOOST_TEST(box.items().size() == 1u);
}

BOOST_AUTO_TEST_CASE(offline_waits_then_retries_with_growing_backoff) {
  World w;
  outbox::Outbox box;
  const std::string env = w.envelope();
  box.enqueue(env, "t", 0);
  const std::string id = box.items()[0].id();
  BOOST_TEST(box.tick(0, false).empty());
  auto send = box.tick(0, true);
  BOOST_REQUIRE(send.size() == 1u);
  BOOST_TEST(box.tick(1, true).empty());  // already in flight
  box.sent(id, {outbox::SendResult::Kind::Transient, {}, "网络中断"}, 1000);
  const auto first = box.items()[0].next_attempt_ms();
  BOOST_TEST(first >= 3000);
  BOOST_TEST(box.tick(first - 1, true).empty());
  BOOST_TEST(box.tick(first, true).size() == 1u);
  box.sent(id, {outbox::SendResult::Kind::Transient, {}, "网络中断"}, first);
  BOOST_TEST(box.items()[0].next_attempt_ms() - first > first - 1000);  // doubled
  BOOST_TEST(box.items()[0].last_error() == "网络中断");
  BOOST_TEST(box.queued() == 1u);
}

BOOST_AUTO_TEST_CASE(a_clock_set_back_does_not_strand_the_queue) {
  World w;
  outbox::Outbox box;
  const std::int64_t year_2030 = 1'900'000'000'000;
  box.enqueue(w.envelope(), "t", year_2030);
  const std::string id = box.items()[0].id();
  BOOST_REQUIRE(box.tick(year_2030, true).size() == 1u);
  box.sent(id, {outbox::SendResult::Kind::Transient, {}, "网络中断"}, year_2030);
  // The kiosk restarts with its clock back in 1970: the retry is due now, not in 60 years.
  BOOST_TEST(box.ms_until_due(5'000) == 0);
  BOOST_TEST(box.tick(5'000, true).size() == 1u);
}

BOOST_AUTO_TEST_CASE(only_a_verified_receipt_completes_and_purges) {
  World w;
  outbox::Outbox box;
  box.set_receipt_trust(w.trust);
  const std::string env = w.envelope();
  box.enqueue(env, "t", 0);
  const std::string id = box.items()[0].id();
  box.tick(0, true);
  // A receipt for another envelope (or signed by someone else) is not accepted.
  box.sent(id, {outbox::SendResult::Kind::Receipt, w.receipt_for(w.envelope()), {}}, 10);
  BOOST_TEST(box.items()[0].status() == static_cast<std::uint32_t>(outbox::Status::Queued));
  BOOST_TEST(box.items()[0].last_error().find("回执无法核验") == 0u);
  box.tick(box.items()[0].next_attempt_ms(), true);
  auto fx = box.sent(id, {outbox::SendResult::Kind::Receipt, w.receipt_for(env), {}}, 20);
  BOOST_TEST(box.items()[0].status() == static_cast<std::uint32_t>(outbox::Status::Submitted));
  BOOST_REQUIRE(fx.size() == 2u);
  BOOST_TEST(int(fx[1].kind) == int(K::DeleteEnvelope));  // personal data gone once the receipt is held
  BOOST_TEST(std::string(outbox::status_text(outbox::Status::Submitted)) == "已提交");
  BOOST_TEST(box.accepted(id).size() == 1u);
  BOOST_TEST(box.items()[0].status() == static_cast<std::uint32_t>(outbox::Status::Accepted));
  // Sent back after it was accepted (退回 for correction): once; then accepting it again is refused.
  BOOST_TEST(box.returned(id).size() == 1u);
  BOOST_TEST(box.items()[0].status() == static_cast<std::uint32_t>(outbox::Status::Returned));
  BOOST_TEST(box.returned(id).empty());
  BOOST_TEST(box.accepted(id).empty());
  BOOST_TEST(box.returned("no-such-id").empty());
}

BOOST_AUTO_TEST_CASE(restore_and_adopt_after_a_crash) {
  World w;
  outbox::Outbox box;
  const std::string a = w.envelope(), b = w.envelope();
  box.enqueue(a, "t", 0);
  const std::string saved = box.index();
  // Crash after b's envelope was stored but before the index was saved again.
  box.enqueue(b, "t", 1);
  outbox::Outbox after;
  BOOST_REQUIRE(after.restore(saved));
  BOOST_TEST(after.items().size() == 1u);
  auto fx = after.adopt(b, 2);
  BOOST_REQUIRE(fx.size() == 1u);
  BOOST_TEST(int(fx[0].kind) == int(K::SaveIndex));
  BOOST_TEST(after.items().size() == 2u);
  BOOST_TEST(after.adopt(a, 3).empty());  // already known
  BOOST_TEST(!after.restore("damaged"));
}

BOOST_AUTO_TEST_CASE(refusals_are_final_and_kept_with_their_reason) {
  World w;
  outbox::Outbox box;
  box.enqueue(w.envelope(), "t", 0);
  const std::string id = box.items()[0].id();
  box.tick(0, true);
  box.sent(id, {outbox::SendResult::Kind::Refused, {}, "unknown device"}, 1);
  BOOST_TEST(box.items()[0].refusal() == "unknown device");
  BOOST_TEST(box.tick(10'000'000, true).empty());
  BOOST_TEST(box.ms_until_due(0) == -1);
}

// 我的办件's line: what was sent back is said first, never "全部已送达" over it; ratings are not counted.
BOOST_AUTO_TEST_CASE(the_applications_summary_puts_what_was_sent_back_first) {
  const auto item = [](const char* kind, outbox::Status s) {
    proto::OutboxItem it;
    it.set_kind(kind);
    it.set_status(static_cast<int>(s));
    return it;
  };
  using S = outbox::Status;
  BOOST_TEST(outbox::applications_summary({}) == "还没有办件。");
  BOOST_TEST(outbox::applications_summary({item("rating", S::Queued)}) == "还没有办件。");
  BOOST_TEST(outbox::applications_summary({item("application", S::Submitted), item("appointment", S::Accepted),
                                           item("rating", S::Queued)}) == "全部已送达。");
  BOOST_TEST(outbox::applications_summary({item("application", S::Accepted), item("application", S::Returned)}) ==
             "1 件被退回，请看下面的说明，修改后重新提交。");
  BOOST_TEST(outbox::applications_summary({item("application", S::Refused), item("application", S::Returned),
                                           item("application", S::Queued)}) ==
             "2 件被退回，请看下面的说明，修改后重新提交。1 件等待发送，联网后自动提交。");
  BOOST_TEST(outbox::applications_summary({item("appointment", S::Queued)}) == "1 件等待发送，联网后自动提交。");
}

BOOST_AUTO_TEST_SUITE_END()
