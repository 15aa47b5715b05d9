// 扫码 at the kiosk: what the hall's scanner reads (a keyboard-wedge scanner types the code's text
// and presses Enter), verified offline against the city's signed trust and revocation lists.
//   service code → the guide item or its form; house-plate code → its address and the services
//   there; a resident's personal code → who it is, masked (staff stations also show the masked ID
//   number); hand-off codes from a phone → the form opens with what they already filled in; a
//   personal checklist code (TBG1) → the same checklist.
#include <string>

#include "app/strings.h"
#include "guide/scenario.h"
#include "platform/platform.h"
#include "proto/handoff.pb.h"
#include "ui/kiosk_ui.h"

namespace tb::kiosk {
namespace {
// Refusal texts read "expired (已过期)": the screen shows the Chinese.
std::string chinese_part(const std::string& text) {
  const auto open = text.find('('), close = text.rfind(')');
  return open != std::string::npos && close > open ? text.substr(open + 1, close - open - 1) : text;
}
}  // namespace

void KioskUi::scanned(const std::string& text, std::int64_t now) {
  app_.touch(now);
  if (scan_session_ != app_.session().number()) {
    handoff_ = code::HandOffAssembler();
    have_scan_ = false;
    scan_session_ = app_.session().number();
  }
  if (app_.screen() != app::Screen::Scan) app_.open(app::Entry::Scan, now);
  scan_message_.clear();
  if (code::kind_of(text) == code::Kind::HandOff) {
    std::string why;
    if (!handoff_.add(text, &why)) {
      scan_message_ = "这张码无法使用：" + why;
      return;
    }
    if (!handoff_.complete()) {
      scan_message_ = "已扫描第 " + std::to_string(handoff_.have()) + " / " + std::to_string(handoff_.total()) + " 张，请继续扫描";
      return;
    }
    auto payload = handoff_.payload(&why);
    handoff_ = code::HandOffAssembler();
    if (!payload) {
      scan_message_ = "无法打开：" + why;
      return;
    }
    open_handoff(*payload, now);
    return;
  }
  // A personal checklist made on a phone or at another kiosk (TBG1, 按我的情况生成材料清单): the same
  // checklist opens here, so the clerk sees what the resident has prepared.
  std::string checklist_item;
  std::vector<std::string> answers;
  if (guide::parse_checklist_code(text, &checklist_item, &answers)) {
    if (guides_ && guides_->item(checklist_item)) app_.open(app::Route{app::Screen::GuideScenario, checklist_item, answers}, now);
    else scan_message_ = "本机的办事指南中没有这个事项";
    return;
  }
  if (!verifier_) {
    scan_message_ = "本机未配置扫码核验";
    return;
  }
  last_scan_ = verifier_->verify(text, platform::wall_ms() / 1000);
  have_scan_ = true;
  if (last_scan_ && last_scan_.kind == code::Kind::Service && guides_) {
    const std::string& item = last_scan_.service.item;
    if (last_scan_.service.form) {
      std::string why;
      if (!app_.open_form(guides_->catalogue(), item, platform::today_yyyymmdd(), now, &why)) scan_message_ = why;
    } else if (guides_->item(item)) {
      app_.open(app::Route{app::Screen::GuideItem, item, {}}, now);
    } else {
      scan_message_ = "本机的办事指南中没有这个事项";
    }
  }
}

// A phone's hand-off: the item and the draft of its form. Opening the form applies the draft on top
// of a fresh session (what the person typed on the phone), so nothing is typed twice.
void KioskUi::open_handoff(const std::string& payload, std::int64_t now) {
  proto::HandOffPayload p;
  if (!p.ParseFromString(payload) || p.version() != 1 || p.item().empty()) {
    scan_message_ = "无法打开：内容格式不对";
    return;
  }
  if (!guides_) {
    scan_message_ = ui::kGuidesUnavailable;
    return;
  }
  std::string why;
  if (!app_.open_form(guides_->catalogue(), p.item(), platform::today_yyyymmdd(), now, &why)) {
    scan_message_ = "无法打开：" + why;
    return;
  }
  std::vector<std::string> skipped;
  if (p.has_draft() && !app_.form()->session->apply_draft(p.draft(), &why, &skipped)) {
    app_.close_form();
    app_.back(now);
    scan_message_ = "无法打开：" + why;
  }
}

void KioskUi::draw_scan(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  if (scan_session_ != app_.session().number()) {  // the previous person's scan is never shown
    have_scan_ = false;
    scan_message_.clear();
    handoff_ = code::HandOffAssembler();
    scan_session_ = app_.session().number();
  }
  float y = top.y;
  y += paragraph(c, t.title, "请将二维码对准扫码口", {top.x, y}, area.x, color::kText) + t.gap;
  y += paragraph(c, t.body, std::string(ui::kScanHint) + "；手机上的“到自助机继续办理”码扫完即可接着办。", {top.x, y}, area.x,
                 color::kTextMuted) + t.gap * 2;
  if (!scan_message_.empty()) y += paragraph(c, t.title, scan_message_, {top.x, y}, area.x, color::kWarning) + t.gap;
  if (!have_scan_) return;
  const code::Verification& v = last_scan_;
  if (!v) {
    y += paragraph(c, t.title, "核验未通过：" + chinese_part(code::refusal_text(v.refusal)), {top.x, y}, area.x, color::kWarning);
    if (!v.detail.empty()) paragraph(c, t.body, v.detail, {top.x, y + t.gap}, area.x, color::kTextMuted);
    return;
  }
  switch (v.kind) {
    case code::Kind::Dynamic:
    case code::Kind::Printed: {
      y += paragraph(c, t.title, v.kind == code::Kind::Dynamic ? "个人码核验通过" : "随身码核验通过", {top.x, y}, area.x,
                     color::kAccentMine) + t.gap;
      y += paragraph(c, t.title, "姓名：" + v.name_masked, {top.x, y}, area.x, color::kText) + t.gap;
      if (staff_ && !v.id_masked.empty()) y += paragraph(c, t.title, "证件号：" + v.id_masked, {top.x, y}, area.x, color::kText) + t.gap;
      paragraph(c, t.body, staff_ ? "帮办：请居民出示手机上的“继续办理”码，或从“我要办”开始。" : "如需接着办理，请扫描手机上的“继续办理”码。",
                {top.x, y}, area.x, color::kTextMuted);
      break;
    }
    case code::Kind::HousePlate: {
      y += paragraph(c, t.title, "门牌：" + v.plate.address, {top.x, y}, area.x, color::kText) + t.gap;
      y += paragraph(c, t.body, "在这里可以办理：", {top.x, y}, area.x, color::kTextMuted) + t.gap * 0.5f;
      for (const auto& id : v.plate.items) {
        const auto* item = guides_ ? guides_->item(id) : nullptr;
        if (!item) continue;
        const std::string bid = "plate." + id;
        if (button(c, bid.c_str(), item->name(), {top.x, y}, {std::min(area.x, t.button_h * 8.0f), t.button_h}, false))
          app_.open(app::Route{app::Screen::GuideItem, id, {}}, now);
        y += t.button_h + t.gap * 0.5f;
      }
      break;
    }
    case code::Kind::Venue:
      paragraph(c, t.title, "场所码：" + v.venue.name, {top.x, y}, area.x, color::kText);
      break;
    default:
      paragraph(c, t.title, std::string("已识别：") + code::kind_name(v.kind), {top.x, y}, area.x, color::kText);
  }
}

}  // namespace tb::kiosk
