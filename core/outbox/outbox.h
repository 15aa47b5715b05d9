#pragma once
// The outbox: store-and-forward of sealed envelopes, as a pure state machine. The shell performs
// its effects (store the envelope, save the index, send, delete) and feeds the results back; the
// core decides what is due, retries with backoff, verifies receipts, and never lets one submission
// id become two items. Crash safety comes from the order of effects: an envelope is stored (and
// durable) before the index that lists it is saved; on restart, envelopes missing from the index
// are adopted again (adopt()); an item being sent when the power went is simply sent again, and the
// intake answers a repeated submission id with the receipt it already gave.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/sign.h"
#include "proto/outbox.pb.h"
#include "result.h"
#include "seal/envelope.h"

namespace tb::outbox {

enum class Status { Queued = 0, Submitted = 1, Accepted = 2, Refused = 3, Returned = 4 };
const char* status_text(Status s);  // 排队中 / 已提交 / 已受理 / 被退回

// The line 我的办件 shows above its list, over the applications and appointments (ratings are not
// listed): what needs the person first (sent back: refused or 退回), then what still waits to be
// sent, else 全部已送达 — never "all delivered" over an item that was sent back.
std::string applications_summary(const std::vector<proto::OutboxItem>& items);

struct Effect {
  enum class Kind { StoreEnvelope, SaveIndex, Send, DeleteEnvelope, QueryStatus } kind;
  std::string id;  // submission id (hex) for envelope effects
};

struct SendResult {
  enum class Kind { Receipt, Transient, Refused } kind = Kind::Transient;
  std::string receipt;  // signed receipt bytes (Receipt)
  std::string reason;   // why (Transient: network; Refused: the intake's reason)
};

struct Policy {
  std::int64_t first_retry_ms = 2'000;
  std::int64_t max_retry_ms = 10 * 60'000;
  bool purge_after_receipt = true;  // kiosk: forget the envelope once a receipt is held
  std::size_t max_in_flight = 2;
};

class Outbox {
 public:
  explicit Outbox(Policy policy = {}) : policy_(policy) {}

  // The index the shell saved (opened from its at-rest sealing), or empty for a new outbox;
  // Fault::Malformed when it is damaged (the outbox is then empty).
  tb::Status<Fault> restore(const std::string& index_bytes);
  std::string index() const;  // what to save after every SaveIndex effect

  // A new sealed envelope (from seal::EnvelopeBuilder). Effects: StoreEnvelope, then SaveIndex; none
  // for an envelope already queued. An envelope that fails inspection is refused with its reason.
  // `title` and `departments` are what the person sees in 我的办件 (no personal data).
  Result<std::vector<Effect>, seal::Refusal> enqueue(const std::string& envelope, const std::string& title,
                                                     std::int64_t now_ms);
  // An envelope the shell found stored but not in the index (a crash between the two writes).
  std::vector<Effect> adopt(const std::string& envelope, std::int64_t now_ms);
  // Clock tick (and connectivity): Send effects for what is due.
  std::vector<Effect> tick(std::int64_t now_ms, bool online);
  // The result of a Send. A receipt is verified (intake's signature, this submission, these bytes).
  std::vector<Effect> sent(const std::string& id, const SendResult& result, std::int64_t now_ms);
  // The department accepted it (已受理), from a status query.
  std::vector<Effect> accepted(const std::string& id);
  // The department sent it back to be corrected (退回), from a status query: after it was
  // submitted or accepted.
  std::vector<Effect> returned(const std::string& id);

  const std::vector<proto::OutboxItem>& items() const { return items_; }
  const proto::OutboxItem* item(const std::string& id) const;
  std::size_t queued() const;
  std::int64_t ms_until_due(std::int64_t now_ms) const;  // -1: nothing waiting
  void set_receipt_trust(crypto::TrustStore trust) { trust_ = std::move(trust); }

 private:
  proto::OutboxItem* find(const std::string& id);
  Policy policy_;
  std::vector<proto::OutboxItem> items_;
  std::vector<std::string> in_flight_;
  crypto::TrustStore trust_;
};

}  // namespace tb::outbox
