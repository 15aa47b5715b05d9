#include "ui/editor.h"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "app/strings.h"
#include "crypto/wipe.h"
#include "form/divisions.h"

namespace tb::kiosk {
namespace {

const char* keypad_keys(const std::string& keypad) {
  if (keypad == "id") return "123456789X0";
  if (keypad == "decimal") return "123456789.0";
  if (keypad == "date") return "123456789-0";
  if (keypad == "uscc") return "0123456789ABCDEFGHJKLMNPQRTUWXY";
  return "1234567890";
}

bool uses_keypad(const std::string& keypad) {
  return keypad == "numeric" || keypad == "decimal" || keypad == "id" || keypad == "tel" || keypad == "date" ||
         keypad == "uscc";
}

}  // namespace

void Editor::open(const form::FieldView& f, std::function<bool(const std::string&)> commit) {
  close();
  app::FieldEntry& e = ui_.person().entry;
  commit_ = std::move(commit);
  e.screen = ui_.app.screen();
  e.path = f.path;
  e.label = f.label;
  e.keypad = f.type == "date" ? "date" : f.keypad;
  e.address = f.type == "address";
  std::string_view initial = f.value;
  if (e.address) {
    const auto bar = initial.find('|');
    e.address_code = bar == std::string::npos ? 0 : static_cast<std::uint32_t>(std::atoi(std::string(initial.substr(0, bar)).c_str()));
    initial = bar == std::string::npos ? std::string_view{} : initial.substr(bar + 1);
  }
  const std::size_t n = std::min(initial.size(), e.text.size() - 1);
  std::memcpy(e.text.data(), initial.data(), n);
  focus_ = true;
}

void Editor::close() {
  ui_.person().entry.wipe();  // what was typed is the person's
  commit_ = nullptr;
}

void Editor::close_if_stale(std::int64_t now) {
  if (is_open() && (ui_.app.session().phase(now) == app::SessionPhase::Idle || ui_.app.screen() != ui_.person().entry.screen))
    close();
  if (!is_open()) commit_ = nullptr;  // the session's end wiped the entry: drop where it would have gone
}

float Editor::height(const Theme& t, float area_h) const {
  const app::FieldEntry& e = ui_.person().entry;
  if (!e.open()) return 0;
  return (e.address ? area_h * 0.62f : uses_keypad(e.keypad) ? t.button_h * 6.2f : t.button_h * 3.4f) + t.gap;
}

void Editor::draw_keypad(Canvas& c, ImVec2 pos, float y, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  auto& text = ui_.person().entry.text;
  const std::string keys = keypad_keys(ui_.person().entry.keypad);
  const int cols = keys.size() > 12 ? 10 : 3;
  const float kw = std::min(t.button_h * 1.6f, (area.x * 0.5f) / cols), kh = t.button_h * 0.95f;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const ImVec2 p{pos.x + (i % cols) * (kw + 8), y + (i / cols) * (kh + 8)};
    const std::string id = std::string("keypad.") + keys[i];
    if (button(c, id.c_str(), std::string(1, keys[i]), p, {kw, kh}, false)) {
      const std::size_t len = std::strlen(text.data());
      if (len + 1 < text.size()) text[len] = keys[i];
      ui_.app.touch(now);
    }
  }
  const float rx = pos.x + cols * (kw + 8) + t.gap;
  if (button(c, "keypad.delete", ui::kKeyDelete, {rx, y}, {kw * 1.6f, kh}, false, Icon::Back)) {
    const std::size_t len = std::strlen(text.data());
    if (len) text[len - 1] = 0;
    ui_.app.touch(now);
  }
  if (button(c, "keypad.clear", ui::kKeyClear, {rx, y + kh + 8}, {kw * 1.6f, kh}, false, Icon::None, color::kWarning)) {
    crypto::wipe(text.data(), text.size());
    ui_.app.touch(now);
  }
}

// Province → prefecture → county, then the street address in the text box above.
void Editor::draw_divisions(Canvas& c, ImVec2 pos, float y, ImVec2 area, float panel_h, std::int64_t now) {
  const Theme& t = c.theme;
  std::uint32_t& code = ui_.person().entry.address_code;
  const auto& d = form::Divisions::builtin();
  std::vector<std::vector<form::Division>> levels{d.provinces()};
  const std::uint32_t prov = code / 10000 * 10000, pref = code / 100 * 100;
  if (code) levels.push_back(d.children(prov));
  if (code && d.known(pref) && pref != prov) levels.push_back(d.children(pref));
  const float col_w = (area.x - 2 * t.gap) / 3.0f, list_h = panel_h - (y - pos.y) - t.button_h - t.gap;
  for (std::size_t l = 0; l < levels.size() && l < 3; ++l) {
    const std::string child_id = "addr-" + std::to_string(l) + "-" + std::to_string(l ? (l == 1 ? prov : pref) : 0);
    ImGui::SetCursorScreenPos({pos.x + l * (col_w + t.gap), y});
    ImGui::BeginChild(child_id.c_str(), {col_w, list_h}, true);
    Canvas lc{ImGui::GetWindowDrawList(), c.fonts, c.automation, c.theme, c.size, c.texts, c.redraw};
    ImVec2 o = ImGui::GetCursorScreenPos();
    float ly = o.y;
    for (const auto& div : levels[l]) {
      const bool chosen = (l == 0 && div.code == prov) || (l == 1 && (div.code == pref || div.code == code)) ||
                          (l == 2 && div.code == code);
      const std::string id = "division." + std::to_string(div.code);
      if (button(lc, id.c_str(), std::string(div.name), {o.x, ly}, {col_w - 24, t.button_h * 0.8f}, chosen)) {
        code = div.code;
        ui_.app.touch(now);
      }
      ly += t.button_h * 0.8f + 6;
    }
    ImGui::SetCursorScreenPos(o);
    ImGui::Dummy({col_w - 24, ly - o.y});
    if (ImGui::IsWindowHovered() && ImGui::IsMouseDragging(0, 6.0f)) ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
    ImGui::EndChild();
  }
}

void Editor::draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  app::FieldEntry& e = ui_.person().entry;
  if (!e.open()) return;
  const Theme& t = c.theme;
  const bool keypad = uses_keypad(e.keypad);
  const float panel_h = height(t, area.y) - t.gap;
  const ImVec2 pos{top.x, top.y + area.y - panel_h};
  c.dl->AddRectFilled({pos.x - t.pad, pos.y - t.gap}, {pos.x + area.x + t.pad, pos.y + panel_h + t.pad}, color::kCard);
  c.dl->AddLine({pos.x - t.pad, pos.y - t.gap}, {pos.x + area.x + t.pad, pos.y - t.gap}, color::kPrimary, 3);
  draw_text(c, t.body, e.label, {pos.x, pos.y}, color::kTextMuted);
  float y = pos.y + c.fonts.pixel_size(t.body) * 1.4f;
  const float field_w = area.x * (keypad ? 0.45f : 0.7f);
  // The value being typed.
  ImGui::SetCursorScreenPos({pos.x, y});
  ImGui::PushItemWidth(field_w);
  ImGui::PushFont(c.fonts.get(t.title));
  c.fonts.want(t.title, e.text.data());
  if (focus_ && !keypad) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  const bool enter = ImGui::InputText("##edit", e.text.data(), e.text.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::PopFont();
  ImGui::PopItemWidth();
  c.texts.push_back(e.text.data());
  c.automation.target("editor.input", e.label, pos.x, y, field_w, c.fonts.pixel_size(t.title) * 1.4f);
  y += c.fonts.pixel_size(t.title) * 1.6f + t.gap;
  if (keypad) draw_keypad(c, pos, y, area, now);
  else if (e.address) draw_divisions(c, pos, y, area, panel_h, now);
  const ImVec2 bs{t.button_h * 3.0f, t.button_h};
  const float by = pos.y + panel_h - bs.y;
  bool confirm = enter;
  if (button(c, "editor.ok", "确定", {pos.x + area.x - bs.x, by}, bs, true)) confirm = true;
  if (button(c, "editor.cancel", "取消", {pos.x + area.x - 2 * bs.x - t.gap, by}, bs, false)) {
    close();
    return;
  }
  if (confirm && commit_) {
    std::string value = e.text.data();
    if (e.address) value = (e.address_code ? std::to_string(e.address_code) : std::string()) + "|" + value;
    ui_.app.touch(now);
    const bool taken = commit_(value);
    crypto::wipe(value);
    if (taken) close();
  }
}

}  // namespace tb::kiosk
