#include "outbox/outbox.h"

#include <algorithm>

#include "proto/quiet.h"
#include "seal/envelope.h"
#include "seal/receipt.h"
#include "ui_strings.h"

namespace tb::outbox {

const char* status_text(Status s) {
  switch (s) {
    case Status::Queued: return "排队中";
    case Status::Submitted: return "已提交";
    case Status::Accepted: return "已受理";
    case Status::Refused: return "被退回";
    case Status::Returned: return "已退回";
  }
  return "";
}

std::string applications_summary(const std::vector<proto::OutboxItem>& items) {
  std::size_t listed = 0, sent_back = 0, waiting = 0;
  for (const auto& it : items) {
    if (it.kind() == "rating") continue;
    ++listed;
    const auto s = static_cast<Status>(it.status());
    sent_back += s == Status::Refused || s == Status::Returned;
    waiting += s == Status::Queued;
  }
  if (listed == 0) return ui::kApplicationsNone;
  std::string text;
  if (sent_back) text = ui::fill(ui::kApplicationsSentBack, {std::to_string(sent_back)});
  if (waiting) text += ui::fill(ui::kApplicationsWaiting, {std::to_string(waiting)});
  return text.empty() ? ui::kApplicationsDelivered : text;
}

tb::Status<Fault> Outbox::restore(const std::string& index_bytes) {
  proto::quiet_protobuf_logging();
  items_.clear();
  in_flight_.clear();
  if (index_bytes.empty()) return {};
  proto::OutboxIndex idx;
  if (!idx.ParseFromString(index_bytes) || idx.version() != 1) return {Fault::Malformed, "outbox index is damaged"};
  items_.assign(idx.items().begin(), idx.items().end());
  return {};
}

std::string Outbox::index() const {
  proto::OutboxIndex idx;
  idx.set_version(1);
  for (const auto& it : items_) *idx.add_items() = it;
  return idx.SerializeAsString();
}

proto::OutboxItem* Outbox::find(const std::string& id) {
  for (auto& it : items_)
    if (it.id() == id) return &it;
  return nullptr;
}

const proto::OutboxItem* Outbox::item(const std::string& id) const {
  for (const auto& it : items_)
    if (it.id() == id) return &it;
  return nullptr;
}

Result<std::vector<Effect>, seal::Refusal> Outbox::enqueue(const std::string& envelope, const std::string& title,
                                                           std::int64_t now_ms) {
  const seal::Inspection in = seal::inspect_envelope(envelope, seal::kMaxEnvelopeBytes);
  if (!in) return in;
  const std::string id = crypto::to_hex(in.header.submission_id());
  if (find(id)) return std::vector<Effect>{};  // one submission id is one item, however often it is handed in
  proto::OutboxItem it;
  it.set_id(id);
  it.set_kind(in.header.kind());
  it.set_title(title.empty() ? in.header.item() : title);
  for (const auto& p : in.header.parts()) it.add_departments(p.department());
  it.set_created_at_ms(now_ms);
  it.set_status(static_cast<std::uint32_t>(Status::Queued));
  it.set_next_attempt_ms(now_ms);
  it.set_envelope_digest(in.digest);
  it.set_envelope_stored(true);
  it.set_envelope_size(envelope.size());
  items_.push_back(std::move(it));
  // The envelope first: the index never lists what is not stored.
  return std::vector<Effect>{{Effect::Kind::StoreEnvelope, id}, {Effect::Kind::SaveIndex, {}}};
}

std::vector<Effect> Outbox::adopt(const std::string& envelope, std::int64_t now_ms) {
  auto queued = enqueue(envelope, {}, now_ms);
  if (!queued) return {};  // not an envelope: nothing to adopt
  std::vector<Effect> effects = std::move(queued).value();
  // The envelope is already stored: only the index needs saving.
  effects.erase(std::remove_if(effects.begin(), effects.end(), [](const Effect& e) { return e.kind == Effect::Kind::StoreEnvelope; }),
                effects.end());
  return effects;
}

std::vector<Effect> Outbox::tick(std::int64_t now_ms, bool online) {
  std::vector<Effect> out;
  if (!online) return out;
  for (auto& it : items_) {
    if (in_flight_.size() >= policy_.max_in_flight) break;
    if (static_cast<Status>(it.status()) != Status::Queued) continue;
    // A deadline further away than the longest backoff means the clock was set back (a kiosk
    // whose RTC battery died): try now rather than wait for a date that may be years away.
    const bool clock_went_back = it.next_attempt_ms() > now_ms + policy_.max_retry_ms * 2;
    if (it.next_attempt_ms() > now_ms && !clock_went_back) continue;
    if (std::find(in_flight_.begin(), in_flight_.end(), it.id()) != in_flight_.end()) continue;
    in_flight_.push_back(it.id());
    out.push_back({Effect::Kind::Send, it.id()});
  }
  return out;
}

std::vector<Effect> Outbox::sent(const std::string& id, const SendResult& result, std::int64_t now_ms) {
  in_flight_.erase(std::remove(in_flight_.begin(), in_flight_.end(), id), in_flight_.end());
  proto::OutboxItem* it = find(id);
  if (!it || static_cast<Status>(it->status()) != Status::Queued) return {};
  std::vector<Effect> out;
  auto retry_later = [&](const std::string& why) {
    it->set_attempts(it->attempts() + 1);
    // Exponential backoff with a per-item offset, so a village of kiosks coming back online
    // does not knock on the intake all at once.
    std::int64_t wait = policy_.first_retry_ms;
    for (std::uint32_t i = 1; i < it->attempts() && wait < policy_.max_retry_ms; ++i) wait *= 2;
    wait = std::min(wait, policy_.max_retry_ms);
    const std::int64_t spread = static_cast<std::int64_t>(std::hash<std::string>{}(id) % 1000) * wait / 4000;
    it->set_next_attempt_ms(now_ms + wait + spread);
    it->set_last_error(why);
  };
  switch (result.kind) {
    case SendResult::Kind::Receipt: {
      std::string raw_id;
      for (std::size_t i = 0; i + 1 < id.size(); i += 2) raw_id.push_back(static_cast<char>(std::stoi(id.substr(i, 2), nullptr, 16)));
      const auto check = seal::verify_receipt(result.receipt, trust_, raw_id, it->envelope_digest());
      if (!check) {  // a receipt we cannot trust is no receipt: keep it queued
        retry_later("回执无法核验：" + check.message());
        break;
      }
      it->set_status(static_cast<std::uint32_t>(Status::Submitted));
      it->set_receipt(result.receipt);
      it->clear_last_error();
      if (policy_.purge_after_receipt && it->envelope_stored()) {
        it->set_envelope_stored(false);
        out.push_back({Effect::Kind::SaveIndex, {}});
        out.push_back({Effect::Kind::DeleteEnvelope, id});
        return out;
      }
      break;
    }
    case SendResult::Kind::Transient: retry_later(result.reason); break;
    case SendResult::Kind::Refused:
      it->set_status(static_cast<std::uint32_t>(Status::Refused));
      it->set_refusal(result.reason);
      break;
  }
  out.push_back({Effect::Kind::SaveIndex, {}});
  return out;
}

std::vector<Effect> Outbox::accepted(const std::string& id) {
  proto::OutboxItem* it = find(id);
  if (!it || static_cast<Status>(it->status()) != Status::Submitted) return {};
  it->set_status(static_cast<std::uint32_t>(Status::Accepted));
  return {{Effect::Kind::SaveIndex, {}}};
}

std::vector<Effect> Outbox::returned(const std::string& id) {
  proto::OutboxItem* it = find(id);
  const Status now = it ? static_cast<Status>(it->status()) : Status::Queued;
  if (now != Status::Submitted && now != Status::Accepted) return {};
  it->set_status(static_cast<std::uint32_t>(Status::Returned));
  return {{Effect::Kind::SaveIndex, {}}};
}

std::size_t Outbox::queued() const {
  return static_cast<std::size_t>(std::count_if(items_.begin(), items_.end(), [](const proto::OutboxItem& it) {
    return static_cast<Status>(it.status()) == Status::Queued;
  }));
}

std::int64_t Outbox::ms_until_due(std::int64_t now_ms) const {
  std::int64_t best = -1;
  for (const auto& it : items_) {
    if (static_cast<Status>(it.status()) != Status::Queued) continue;
    std::int64_t w = std::max<std::int64_t>(0, it.next_attempt_ms() - now_ms);
    if (w > policy_.max_retry_ms * 2) w = 0;  // the clock went back (see tick)
    if (best < 0 || w < best) best = w;
  }
  return best;
}

}  // namespace tb::outbox
