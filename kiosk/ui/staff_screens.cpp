#include "ui/staff_screens.h"

#include <algorithm>

#include "ui_strings.h"
#include "crypto/wipe.h"
#include "platform/platform.h"

namespace tb::kiosk {
namespace {

// A modal card over a dimmed screen, in its own window so that nothing beneath takes taps.
Canvas begin_modal(Canvas& c, const char* name, ImVec2 pos, ImVec2 card) {
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(c.size);
  ImGui::Begin(name, nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                  ImGuiWindowFlags_NoBackground);
  Canvas m{ImGui::GetWindowDrawList(), c.fonts, c.automation, c.theme, c.size, c.texts, c.redraw};
  m.dl->AddRectFilled({0, 0}, c.size, color::kOverlay);
  m.automation.set_modal(pos.x, pos.y, card.x, card.y);
  m.dl->AddRectFilled(pos, {pos.x + card.x, pos.y + card.y}, color::kCard, c.theme.corner * 1.5f);
  return m;
}

std::string who(const code::Staff& s) { return s.name_masked + "（工号 " + s.staff_id + (s.unit.empty() ? "" : "，" + s.unit) + "）"; }

}  // namespace

StaffScreens::~StaffScreens() { forget_pin(); }

void StaffScreens::forget_pin() { crypto::wipe(pin_); }

void StaffScreens::scanned_credential(std::string_view code, std::int64_t now) {
  forget_pin();
  message_.clear();
  if (!ui_.verifier) {
    message_ = "本机未配置工作证核验，无法登录";
    return;
  }
  auto r = ui_.app.desk().scanned(code, *ui_.verifier, platform::wall_ms() / 1000, now);
  if (!r) message_ = std::string(app::reason_text(r.reason())) + (r.detail().empty() ? "" : "：" + r.detail());
}

void StaffScreens::draw_sign_in(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t) {
  const Theme& t = c.theme;
  float y = top.y + area.y * 0.15f;
  const ImVec2 ts = measure_text(c, t.title, ui::kStaffSignInTitle);
  draw_text(c, t.title, ui::kStaffSignInTitle, {top.x + (area.x - ts.x) * 0.5f, y}, color::kPrimaryDark);
  y += ts.y + 2 * t.gap;
  const float w = std::min(area.x, t.button_h * 16.0f);
  y += paragraph(c, t.body, ui::kStaffSignInHint, {top.x + (area.x - w) * 0.5f, y}, w, color::kText) + 2 * t.gap;
  // While the PIN keypad is up, its own note says what went wrong.
  if (!message_.empty() && ui_.app.desk().phase() == app::DeskPhase::SignedOut)
    paragraph(c, t.body, message_, {top.x + (area.x - w) * 0.5f, y}, w, color::kWarning);
}

float StaffScreens::draw_badge(Canvas& c, float right, std::int64_t now) {
  app::StaffDesk& desk = ui_.app.desk();
  if (desk.phase() != app::DeskPhase::SignedIn) return 0;
  const Theme& t = c.theme;
  const std::string label = std::string(ui::kStaffSignOut) + "（" + desk.staff().name_masked + "）";
  const ImVec2 size{measure_text(c, t.body, label).x + 2 * t.gap, t.button_h * 0.8f};
  if (button(c, "staff.signout", label, {right - size.x, (t.header_h - size.y) * 0.5f}, size, true, Icon::None, color::kWhite,
             color::kPrimary)) {
    ui_.app.staff_sign_out("button", now);
    message_ = ui::kStaffSignedOut;
  }
  return size.x + t.gap;
}

void StaffScreens::draw_modals(Canvas& c, std::int64_t now) {
  const app::StaffDesk& desk = ui_.app.desk();
  if (desk.phase() != app::DeskPhase::NeedPin) forget_pin();
  if (desk.phase() == app::DeskPhase::NeedPin) draw_pin(c, now);
  else if (desk.phase() == app::DeskPhase::SignedIn && desk.consent() == app::Consent::Asked) draw_consent(c, now);
}

void StaffScreens::draw_pin(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  app::StaffDesk& desk = ui_.app.desk();
  const float kw = t.button_h * 1.7f, kh = t.button_h * 1.05f;
  const ImVec2 card{std::min(c.size.x - 2 * t.pad, 3 * kw + 6 * t.gap), t.button_h * 3.1f + 4 * (kh + t.gap) + t.button_h + 3 * t.gap};
  const ImVec2 pos{(c.size.x - card.x) * 0.5f, std::max(t.pad, (c.size.y - card.y) * 0.5f)};
  Canvas m = begin_modal(c, "staff-pin", pos, card);
  const float x = pos.x + 2 * t.gap, w = card.x - 4 * t.gap;
  float y = pos.y + 1.5f * t.gap;
  y += paragraph(m, t.title, ui::kStaffPinTitle, {x, y}, w, color::kPrimaryDark) + t.gap * 0.5f;
  y += paragraph(m, t.body, who(desk.staff()), {x, y}, w, color::kText) + t.gap * 0.5f;
  // The PIN is never drawn: one dot per digit typed.
  std::string dots;
  for (std::size_t i = 0; i < pin_.size(); ++i) dots += "●";
  draw_text(m, t.title, dots.empty() ? " " : dots, {x, y}, color::kText);
  y += t.button_h * 0.8f;
  const std::int64_t locked = desk.locked_ms_left(now);
  const std::string note = locked > 0 ? "密码错误次数过多，请在 " + std::to_string((locked + 999) / 1000) + " 秒后再试" : message_;
  if (!note.empty()) paragraph(m, t.body, note, {x, y}, w, color::kWarning);
  y += t.button_h * 0.9f;
  static const char* const kKeys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "clear"};
  for (int i = 0; i < 12; ++i) {
    const ImVec2 p{x + (i % 3) * (kw + t.gap), y + (i / 3) * (kh + t.gap)};
    const std::string key = kKeys[i];
    const std::string id = "pin." + key;
    const std::string label = key == "del" ? ui::kKeyDelete : key == "clear" ? ui::kKeyClear : key;
    if (!button(m, id.c_str(), label, p, {kw, kh}, false)) continue;
    ui_.app.touch(now);
    if (key == "del") {
      if (!pin_.empty()) pin_.pop_back();
    } else if (key == "clear") {
      forget_pin();
    } else if (pin_.size() < 12) {
      pin_ += key;
    }
  }
  y += 4 * (kh + t.gap);
  const ImVec2 bs{(w - t.gap) * 0.5f, t.button_h};
  if (button(m, "pin.cancel", "取消", {x, y}, bs, false)) {
    forget_pin();
    message_.clear();
    desk.cancel(now);
  }
  if (button(m, "pin.ok", "确定", {x + bs.x + t.gap, y}, bs, true) && !pin_.empty()) {
    auto r = desk.enter_pin(pin_, now);
    forget_pin();
    message_ = r ? std::string() : std::string(app::reason_text(r.reason())) + (r.detail().empty() ? "" : "，" + r.detail());
    ui_.redraw = std::max(ui_.redraw, 2);
  }
  ImGui::End();
}

void StaffScreens::draw_consent(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  app::StaffDesk& desk = ui_.app.desk();
  const ImVec2 card{std::min(c.size.x - 2 * t.pad, 1100.0f), t.button_h * 5.0f};
  const ImVec2 pos{(c.size.x - card.x) * 0.5f, (c.size.y - card.y) * 0.5f};
  Canvas m = begin_modal(c, "staff-consent", pos, card);
  const float x = pos.x + 2 * t.gap, w = card.x - 4 * t.gap;
  float y = pos.y + 2 * t.gap;
  y += paragraph(m, t.title, ui::kConsentTitle, {x, y}, w, color::kPrimaryDark) + t.gap;
  paragraph(m, t.body, "工作人员 " + who(desk.staff()) + " 将协助您办理。您同意后，提交的申请会记录由这位工作人员帮办。", {x, y}, w,
            color::kText);
  const ImVec2 bs{(w - t.gap) * 0.5f, t.button_h};
  const float by = pos.y + card.y - 2 * t.gap - bs.y;
  if (button(m, "consent.decline", ui::kConsentDecline, {x, by}, bs, false)) desk.answer_consent(false, now);
  if (button(m, "consent.agree", ui::kConsentAgree, {x + bs.x + t.gap, by}, bs, true)) desk.answer_consent(true, now);
  ImGui::End();
}

}  // namespace tb::kiosk
