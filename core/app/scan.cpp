#include "app/scan.h"

#include "code/prefixes.h"
#include "crypto/wipe.h"
#include "guide/scenario.h"
#include "proto/canonical.h"
#include "proto/handoff.pb.h"

namespace tb::app {
namespace {

constexpr const char* kNotInCatalogue = "本机的办事指南中没有这个事项";

ScanView message(std::string headline, std::string detail = {}) {
  ScanView v;
  v.outcome = ScanOutcome::Message;
  v.headline = std::move(headline);
  v.detail = std::move(detail);
  return v;
}

ScanView refused(std::string headline, std::string detail = {}) {
  ScanView v = message(std::move(headline), std::move(detail));
  v.outcome = ScanOutcome::Refused;
  return v;
}

// What a resident or villager can do about a refusal. The parser's detail ("Base45: 3-character
// group at offset 9 …") is English for operators; it is shown only on staff stations.
const char* refusal_advice(code::Refusal r) {
  switch (r) {
    case code::Refusal::None: return "";
    case code::Refusal::Malformed: return "这不是政务服务的码，或没有扫完整。请对准二维码再扫一次；仍不行请到窗口咨询。";
    case code::Refusal::WrongKind: return "这类码不能在这里使用，请按页面提示出示对应的码。";
    case code::Refusal::UnknownIssuer: return "这张码不是本地政务服务签发的，或本机的名单需要更新。请到窗口咨询。";
    case code::Refusal::BadSignature: return "请不要使用这张码，并到窗口咨询。";
    case code::Refusal::Expired: return "请打开手机上的码重新出示；随身码过期请到窗口重新领取。";
    case code::Refusal::NotYetValid: return "请检查手机的日期和时间，或稍后再试。";
    case code::Refusal::Revoked: return "这张码已停用（例如挂失后补发了新码），请出示新码或到窗口咨询。";
    case code::Refusal::Replayed: return "请出示手机上实时刷新的码，不要使用截图或照片。";
    case code::Refusal::RolledBack: return "本机的名单需要更新，请联系工作人员。";
  }
  return "";
}

// A refusal: plain words for everyone, the technical detail for staff.
ScanView refused_with(std::string headline, std::string advice, const ScanChannel& channel, const std::string& technical) {
  ScanView v = refused(std::move(headline), std::move(advice));
  if (channel.staff) v.technical = technical;
  return v;
}

ScanView open(ScanOutcome outcome, std::string item) {
  ScanView v;
  v.outcome = outcome;
  v.item = std::move(item);
  return v;
}

// A part of a phone's hand-off: collected until every part is in, then the form with its draft.
ScanView handoff_part(std::string_view text, const ScanChannel& channel, code::HandOffAssembler& handoff) {
  if (!channel.takes_handoff) return refused("这是转交码", "请在自助机或办事窗口扫描，接着办理。");
  if (const auto added = handoff.add(text); !added)
    return refused_with("这张码无法使用", std::string(code::reason_text(added.reason())) + "。请在手机上重新生成转交码，从第一张扫起。",
                        channel, added.detail());
  if (!handoff.complete())
    return message("已扫描第 " + std::to_string(handoff.have()) + " / " + std::to_string(handoff.total()) + " 张，请继续扫描");
  auto payload = handoff.payload();
  handoff.wipe();
  if (!payload)
    return refused_with("无法打开", std::string(code::reason_text(payload.reason())) + "。请在手机上重新生成转交码，再扫一次。", channel,
                        payload.detail());
  proto::HandOffPayload p;
  const bool parsed = static_cast<bool>(proto::parse_canonical(p, *payload));
  crypto::wipe(*payload);
  if (!parsed || p.version() != 1 || p.item().empty()) return refused("无法打开", "转交码的内容格式不对，可能来自更新版本的应用。请到窗口办理。");
  ScanView v = open(ScanOutcome::OpenHandOff, p.item());
  if (p.has_draft()) v.draft = p.draft().SerializeAsString();
  p.mutable_draft()->Clear();
  return v;
}

ScanView verified(const code::Verification& c, const ScanChannel& channel, const guide::Guides* guides) {
  ScanView v;
  v.kind = code::kind_name(c.kind);
  switch (c.kind) {
    case code::Kind::Service: {
      if (!guides || guides->index_of(c.service.item) < 0) return message(kNotInCatalogue);
      v = open(c.service.form ? ScanOutcome::OpenForm : ScanOutcome::OpenItem, c.service.item);
      v.kind = code::kind_name(c.kind);
      return v;
    }
    case code::Kind::Dynamic:
    case code::Kind::Printed:
      v.outcome = ScanOutcome::Person;
      v.headline = c.kind == code::Kind::Dynamic ? "个人码核验通过" : "随身码核验通过";
      v.name_masked = c.name_masked;
      if (channel.staff) v.id_masked = c.id_masked;
      v.detail = channel.staff ? "帮办：请居民出示手机上的“继续办理”码，或从“我要办”开始。"
                               : "如需接着办理，请扫描手机上的“继续办理”码。";
      return v;
    case code::Kind::HousePlate:
      v.outcome = ScanOutcome::HousePlate;
      v.headline = "门牌：" + c.plate.address;
      v.detail = "在这里可以办理：";
      for (const auto& id : c.plate.items)
        if (const auto item = guides ? guides->item(id) : nullptr) v.services.push_back({id, item->name()});
      if (v.services.empty()) v.detail = "本机的办事指南中没有这个门牌的事项";
      return v;
    case code::Kind::Staff:
      v.outcome = ScanOutcome::Other;
      v.headline = "工作证：" + c.staff.name_masked + "（工号 " + c.staff.staff_id + "）";
      v.detail = "工作人员在自助机上扫描工作证并输入密码，即可登录帮办。";
      return v;
    case code::Kind::Venue:
      v.outcome = ScanOutcome::Venue;
      v.headline = "场所码：" + c.venue.name;
      v.detail = "场所码核验通过";
      return v;
    default:
      v.outcome = ScanOutcome::Other;
      v.headline = std::string("已识别：") + code::kind_name(c.kind);
      return v;
  }
}

}  // namespace

const char* scan_outcome_key(ScanOutcome o) {
  switch (o) {
    case ScanOutcome::None: return "none";
    case ScanOutcome::Refused: return "refused";
    case ScanOutcome::Message: return "message";
    case ScanOutcome::OpenItem: return "open-item";
    case ScanOutcome::OpenForm: return "open-form";
    case ScanOutcome::OpenHandOff: return "open-handoff";
    case ScanOutcome::OpenChecklist: return "open-checklist";
    case ScanOutcome::Person: return "person";
    case ScanOutcome::HousePlate: return "house-plate";
    case ScanOutcome::Venue: return "venue";
    case ScanOutcome::Other: return "other";
  }
  return "";
}

bool ScanView::opens() const {
  return outcome == ScanOutcome::OpenItem || outcome == ScanOutcome::OpenForm || outcome == ScanOutcome::OpenHandOff ||
         outcome == ScanOutcome::OpenChecklist;
}

void ScanView::wipe() {
  for (std::string* s : {&kind, &headline, &detail, &technical, &name_masked, &id_masked, &item, &draft}) crypto::wipe(*s);
  for (auto& a : answers) crypto::wipe(a);
  answers.clear();
  for (auto& s : services) crypto::wipe(s.id), crypto::wipe(s.name);
  services.clear();
  outcome = ScanOutcome::None;
}

std::size_t code_start(std::string_view typed) {
  for (std::size_t at = typed.find("TB"); at != std::string_view::npos; at = typed.find("TB", at + 1)) {
    const std::string_view rest = typed.substr(at);
    if (code::kind_of(rest) || rest.compare(0, code::prefix::kLength, code::prefix::kChecklist) == 0) return at;
  }
  return std::string_view::npos;
}

ScanView decide_scan(std::string_view text, std::int64_t now_s, const ScanChannel& channel, code::Verifier* verifier,
                     const guide::Guides* guides, code::HandOffAssembler& handoff) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' ')) text.remove_suffix(1);
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  if (code::kind_of(text) == code::Kind::HandOff) return handoff_part(text, channel, handoff);

  // A personal checklist made on a phone or at another kiosk (按我的情况生成材料清单): the same
  // checklist opens here, so the clerk sees what the resident has prepared.
  std::string item;
  std::vector<std::string> answers;
  if (guide::parse_checklist_code(std::string(text), &item, &answers)) {
    if (!guides || guides->index_of(item) < 0) return message(kNotInCatalogue);
    ScanView v = open(ScanOutcome::OpenChecklist, item);
    v.answers = std::move(answers);
    return v;
  }
  if (!verifier) return refused("本机未配置扫码核验");
  const code::Verification c = verifier->verify(text, now_s);
  if (!c) {
    ScanView v = refused_with(std::string("核验未通过：") + reason_text(c.reason()), refusal_advice(c.reason()), channel, c.detail());
    if (c.reason() != code::Refusal::Malformed) v.kind = code::kind_name(c.kind);
    return v;
  }
  return verified(c, channel, guides);
}

}  // namespace tb::app
