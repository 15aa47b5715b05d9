#include "ui/editor.h"

#include <imgui.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "ui_strings.h"
#include "ui/composition.h"
#include "crypto/wipe.h"
#include "check/divisions.h"

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

constexpr const char* kListKeypad = "list";  // FieldEntry::keypad of a choice picked from a list

}  // namespace

void Editor::open(const form::FieldView& f, Commit commit) {
  close();
  app::FieldEntry& e = ui_.person().entry;
  commit_ = std::move(commit);
  e.screen = ui_.app.screen();
  e.path = f.path;
  e.label = f.label;
  e.keypad = f.type == "date" ? "date" : f.keypad;
  e.address = f.type == "address";
  spoken_ = form::FieldView{};
  spoken_.label = f.label, spoken_.hint = f.hint, spoken_.type = f.type, spoken_.unit = f.unit, spoken_.error = f.error;
  for (const auto& ch : f.choices) spoken_.choices.push_back({ch.value, ch.label, false});
  if (f.type == "single_choice" && f.choices.size() >= kListChoices) {
    e.keypad = kListKeypad;
    for (const auto& ch : f.choices) choices_.emplace_back(ch.value, ch.label);
    focus_ = false;
    return;
  }
  if (!uses_keypad(e.keypad)) chinese_.reset(e.address);
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

void Editor::describe(app::ScreenSpeech& s) const {
  s.field = &spoken_;
  s.typed = ui_.person().entry.text.data();
  s.refusal = refusal_;
}

void Editor::close() {
  ui_.person().entry.wipe();  // what was typed is the person's
  ui_.person().chinese.wipe();
  commit_ = nullptr;
  refusal_.clear();
  choices_.clear();
}

void Editor::close_if_stale(std::int64_t now) {
  if (is_open() && (ui_.app.session().phase(now) == app::SessionPhase::Idle || ui_.app.screen() != ui_.person().entry.screen))
    close();
  if (!is_open()) commit_ = nullptr, refusal_.clear(), choices_.clear();  // the session's end wiped the entry
}

float Editor::sheet_height(const Theme& t, float display_h) const {
  const app::FieldEntry& e = ui_.person().entry;
  const float refusal = refusal_.empty() ? 0 : t.button_h * 0.9f;
  // Text (the pinyin keyboard or handwriting pad) and addresses take most of the screen.
  const float body = e.keypad == kListKeypad ? display_h * 0.8f : uses_keypad(e.keypad) ? t.button_h * 6.6f : display_h;
  // The header stays in sight above the sheet, dimmed (its 读给我听 reads the field).
  return std::min({display_h * 0.9f, display_h - ui_.header_h, body + refusal});
}

void Editor::draw_keypad(Canvas& c, ImVec2 pos, float width, std::int64_t now) {
  const Theme& t = c.theme;
  auto& text = ui_.person().entry.text;
  const std::string keys = keypad_keys(ui_.person().entry.keypad);
  const int cols = keys.size() > 12 ? 10 : 3;
  const float kw = std::min(t.button_h * 1.6f, (width * 0.6f) / cols), kh = t.button_h * 0.95f;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    const ImVec2 p{pos.x + (i % cols) * (kw + 8), pos.y + (i / cols) * (kh + 8)};
    const std::string id = std::string("keypad.") + keys[i];
    if (button(c, id.c_str(), std::string(1, keys[i]), p, {kw, kh}, false)) {
      const std::size_t len = std::strlen(text.data());
      if (len + 1 < text.size()) text[len] = keys[i];
      ui_.app.touch(now);
    }
  }
  const float rx = pos.x + cols * (kw + 8) + t.gap;
  if (button(c, "keypad.delete", ui::kKeyDelete, {rx, pos.y}, {kw * 1.6f, kh}, false, Icon::Back)) {
    const std::size_t len = std::strlen(text.data());
    if (len) text[len - 1] = 0;
    ui_.app.touch(now);
  }
  if (button(c, "keypad.clear", ui::kKeyClear, {rx, pos.y + kh + 8}, {kw * 1.6f, kh}, false, Icon::None, color::kWarning)) {
    crypto::wipe(text.data(), text.size());
    ui_.app.touch(now);
  }
}

// One level at a time, full width, in large rows that scroll with a finger or 上一页/下一页:
// provinces, then the chosen province's cities, then the city's counties. What has been chosen
// sits above the list as buttons that go back up a level.
void Editor::draw_divisions(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now) {
  const Theme& t = c.theme;
  std::uint32_t& code = ui_.person().entry.address_code;
  const auto& d = check::Divisions::builtin();
  const std::uint32_t prov = code / 10000 * 10000, pref = code / 100 * 100;
  // The chain chosen so far, and the level the list shows.
  std::vector<std::uint32_t> chain;
  if (code) chain.push_back(prov);
  if (code && pref != prov && d.known(pref)) chain.push_back(pref);
  if (code && code != pref && code != prov) chain.push_back(code);
  const bool complete = code && d.children(code).empty();
  const std::uint32_t parent = complete ? (chain.size() >= 2 ? chain[chain.size() - 2] : 0) : code;
  const std::vector<check::Division> list = parent ? d.children(parent) : d.provinces();
  float x = pos.x;
  const float crumb_h = t.button_h * 0.9f;
  if (button(c, "division.top", "全部省份", {x, pos.y}, {t.button_h * 2.6f, crumb_h}, false)) code = 0, ui_.app.touch(now);
  x += t.button_h * 2.6f + t.gap * 0.5f;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::string name(d.name(chain[i]));
    const float w = measure_text(c, t.body, name).x + t.gap * 2;
    const std::string id = "division.up." + std::to_string(chain[i]);
    if (button(c, id.c_str(), name, {x, pos.y}, {w, crumb_h}, i + 1 == chain.size())) code = chain[i], ui_.app.touch(now);
    x += w + t.gap * 0.5f;
  }
  c.automation.target("division.path", d.full_name(code), pos.x, pos.y, x - pos.x, crumb_h, complete ? "complete" : "");
  const ImVec2 list_pos{pos.x, pos.y + crumb_h + t.gap * 0.5f};
  Canvas s = divisions_.begin(c, "divisions-" + std::to_string(parent), list_pos, {size.x, size.y - crumb_h - t.gap * 0.5f});
  // As many columns as fit names comfortably: a wide screen shows more of the list at once.
  const float row_h = t.button_h, gap = t.gap * 0.4f;
  const int cols = std::max(1, static_cast<int>(divisions_.width() / (t.button_h * 5.0f)));
  const float w = (divisions_.width() - (cols - 1) * gap) / cols;
  float y = divisions_.origin().y;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& div = list[i];
    const std::string id = "division." + std::to_string(div.code);
    const ImVec2 at{divisions_.origin().x + (i % cols) * (w + gap), y + (i / cols) * (row_h + gap)};
    if (button(s, id.c_str(), std::string(div.name), at, {w, row_h}, div.code == code)) {
      code = div.code;
      ui_.app.touch(now);
    }
    if (div.code == code) s.automation.mark(id, "selected");
  }
  divisions_.end(((list.size() + cols - 1) / cols) * (row_h + gap));
}

// A list to pick from, in large rows that scroll with a finger or 上一页/下一页 (at least five rows
// in sight): a tap takes the choice and closes the sheet.
bool Editor::draw_choices(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now) {
  const Theme& t = c.theme;
  Canvas s = choice_list_.begin(c, "choices-" + ui_.person().entry.path, pos, size);
  const float row_h = t.button_h, w = choice_list_.width();
  float y = choice_list_.origin().y;
  const std::string* picked = nullptr;
  for (const auto& [value, label] : choices_) {
    const std::string id = "pick." + value;
    if (button(s, id.c_str(), label, {choice_list_.origin().x, y}, {w, row_h}, false)) picked = &value;
    y += row_h + t.gap * 0.4f;
  }
  choice_list_.end(y - choice_list_.origin().y);
  if (!picked || !commit_) return false;
  ui_.app.touch(now);
  refusal_ = commit_(*picked);
  if (refusal_.empty()) close();
  return true;
}

void Editor::draw(Canvas& screen, std::int64_t now, const std::function<void(Canvas&)>& above_dim) {
  app::FieldEntry& e = ui_.person().entry;
  if (!e.open()) return;
  const Theme& t = screen.theme;
  // A window of its own over everything: the dimmed screen beneath takes no taps.
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(screen.size);
  ImGui::Begin("editor-sheet", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  Canvas c{ImGui::GetWindowDrawList(), screen.fonts, screen.automation, t, screen.size, screen.texts, screen.redraw};
  const float sheet_h = sheet_height(t, screen.size.y);
  const ImVec2 sheet{0, screen.size.y - sheet_h};
  c.dl->AddRectFilled({0, 0}, {screen.size.x, sheet.y}, color::kOverlay);
  c.automation.set_modal(0, sheet.y, screen.size.x, sheet_h);
  if (above_dim) above_dim(c);
  c.dl->AddRectFilled(sheet, screen.size, color::kCard);
  c.dl->AddLine(sheet, {screen.size.x, sheet.y}, color::kPrimary, 4);
  const float x0 = t.pad, width = screen.size.x - 2 * t.pad;
  float y = sheet.y + t.gap;
  draw_text(c, t.body, e.label, {x0, y}, color::kTextMuted);
  y += c.fonts.pixel_size(t.body) * 1.4f;
  if (e.keypad == kListKeypad) {  // picked from a list: nothing to type, nothing to confirm
    const ImVec2 bs{t.button_h * 2.8f, t.button_h};
    if (button(c, "editor.cancel", "取消", {x0 + width - bs.x, sheet.y + t.gap}, bs, false)) {
      close();
    } else {
      // The list (and its 上一页) starts below 取消, never under it: in 长辈版 取消 is taller than the label.
      y = std::max(y, sheet.y + t.gap + bs.y);
      if (!draw_choices(c, {x0, y + t.gap}, {width, screen.size.y - y - t.gap - t.pad}, now) && !refusal_.empty())
        paragraph(c, t.body, refusal_, {x0, y - t.gap}, width, color::kWarning);
    }
    ImGui::End();
    return;
  }
  const bool keypad = uses_keypad(e.keypad);
  // The value box takes the row up to 取消 / 确定 (never under them: a tap there is the button's).
  const ImVec2 bs{t.button_h * 2.8f, t.button_h};
  const float field_w = std::max(t.button_h * 3.0f, width - 2 * bs.x - 2 * t.gap);
  // The value being typed, as typed (unmasked: the person checks it here).
  ImGui::SetCursorScreenPos({x0, y});
  ImGui::PushItemWidth(field_w);
  ImGui::PushFont(c.fonts.get(t.title));
  c.fonts.want(t.title, e.text.data());
  if (focus_ && !keypad) {
    ImGui::SetKeyboardFocusHere();
    focus_ = false;
  }
  const bool enter = ImGui::InputText("##edit", e.text.data(), e.text.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  const bool takes_keyboard = ImGui::IsItemActive();
  ImGui::PopFont();
  ImGui::PopItemWidth();
  c.texts.add(e.text.data(), true);  // the sheet's own text box: always in sight
  c.automation.text_run(x0, y, field_w, c.fonts.pixel_size(t.title) * 1.4f, c.fonts.pixel_size(t.title), 0, color::kText);
  c.automation.target("editor.input", e.label, x0, y, field_w, c.fonts.pixel_size(t.title) * 1.4f);
  // A physical keyboard's IME composing into the box: shown at the caret until it commits.
  if (takes_keyboard)
    ui_.caret = draw_composition(c, t.title, ui_.person().composing, imgui_caret({x0, y}), c.fonts.pixel_size(t.title));
  // 确定 / 取消 beside the value, always in the same place.
  bool confirm = enter;
  if (button(c, "editor.ok", "确定", {x0 + width - bs.x, y}, bs, true)) confirm = true;
  if (button(c, "editor.cancel", "取消", {x0 + width - 2 * bs.x - t.gap, y}, bs, false)) {
    close();
    ImGui::End();
    return;
  }
  y += std::max(c.fonts.pixel_size(t.title) * 1.6f, bs.y) + t.gap * 0.5f;
  if (!refusal_.empty()) y += paragraph(c, t.body, refusal_, {x0, y}, width, color::kWarning) + t.gap * 0.5f;
  if (keypad) {
    draw_keypad(c, {x0, y}, width, now);
  } else {
    y += chinese_.draw_modes(c, {x0, y}, width, now);
    const ImVec2 rest{width, screen.size.y - y - t.pad};
    if (chinese_.mode() == InputMode::Divisions) draw_divisions(c, {x0, y}, rest, now);
    else chinese_.draw(c, {x0, y}, rest, now);
  }
  if (confirm && commit_) {
    std::string value = e.text.data();
    if (e.address) value = (e.address_code ? std::to_string(e.address_code) : std::string()) + "|" + value;
    ui_.app.touch(now);
    refusal_ = commit_(value);
    crypto::wipe(value);
    if (refusal_.empty()) close();
  }
  ImGui::End();
}

}  // namespace tb::kiosk
