#include "ui/chinese_input.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "ui_strings.h"
#include "crypto/wipe.h"
#include "input/engines.h"
#include "platform/platform.h"

namespace tb::kiosk {
namespace {

constexpr std::size_t kMaxCandidates = 60;
constexpr std::size_t kMaxLetters = 24;  // googlepinyin decodes at most 32; a name or a street is far shorter

struct ModeTab {
  InputMode mode;
  const char* id;
  const char* label;
};
constexpr ModeTab kTabs[] = {{InputMode::Divisions, "mode.divisions", "选择地区"},
                             {InputMode::Pinyin, "mode.pinyin", "拼音"},
                             {InputMode::Handwriting, "mode.hand", "手写"},
                             {InputMode::Latin, "mode.latin", "英文/数字"}};

// Start of each page of the bar: as many candidates as fit the width, one page after another.
std::vector<std::size_t> page_starts(Canvas& c, const std::vector<std::string>& cands, float width) {
  std::vector<std::size_t> starts{0};
  float x = 0;
  for (std::size_t i = 0; i < cands.size(); ++i) {
    const float w = std::max(c.theme.button_h * 1.1f, measure_text(c, c.theme.title, cands[i]).x + 2 * c.theme.gap);
    if (x > 0 && x + w > width) starts.push_back(i), x = 0;
    x += w + c.theme.gap * 0.4f;
  }
  return starts;
}

}  // namespace

void ChineseInput::reset(bool address) {
  ui_.person().chinese.wipe();
  address_ = address;
  mode_ = address ? InputMode::Divisions : InputMode::Pinyin;
  stale_ = false;
  stroke_active_ = false;
  upper_ = false;
  status_.clear();
}

void ChineseInput::pointer_moved(ImVec2 p) {
  if (!stroke_active_ || mode_ != InputMode::Handwriting) return;
  auto& strokes = ui_.person().chinese.strokes;
  if (strokes.empty()) return;
  const float x = std::clamp(p.x - pad_pos_.x, 0.0f, pad_size_.x), y = std::clamp(p.y - pad_pos_.y, 0.0f, pad_size_.y);
  strokes.back().push_back({x, y});
}

// Into the field being typed, after what is there (the field's own limit is checked on 确定).
void ChineseInput::insert(const std::string& text) {
  auto& buf = ui_.person().entry.text;
  const std::size_t len = std::strlen(buf.data());
  if (len + text.size() + 1 > buf.size()) return;
  std::memcpy(buf.data() + len, text.data(), text.size());
  buf[len + text.size()] = 0;
}

void ChineseInput::delete_back() {
  auto& buf = ui_.person().entry.text;
  std::size_t len = std::strlen(buf.data());
  while (len > 0) {
    const unsigned char b = static_cast<unsigned char>(buf[--len]);
    buf[len] = 0;
    if ((b & 0xC0) != 0x80) break;  // the first byte of the character: it is gone whole
  }
}

// Asks the engine of the mode for what the bar should offer now; only what the font can draw.
void ChineseInput::refresh(Canvas& c) {
  app::ChineseInput& in = ui_.person().chinese;
  in.clear_candidates();
  status_.clear();
  stale_ = false;
  Status<input::EngineFault> st;
  std::vector<std::string> got;
  std::vector<std::size_t> letters;
  const char* asked = nullptr;  // which engine was asked (for the benchmarks' timings)
  const double t0 = platform::ms_since_start();
  if (mode_ == InputMode::Pinyin && !in.letters.empty()) {
    std::vector<input::PinyinCandidate> found;
    st = input::pinyin_candidates(in.letters, kMaxCandidates, found);
    for (auto& f : found) got.push_back(std::move(f.text)), letters.push_back(f.letters);
    asked = "pinyin";
  } else if (mode_ == InputMode::Handwriting && !in.strokes.empty()) {
    st = input::recognise(in.strokes, pad_size_.x, pad_size_.y, kMaxCandidates, got);
    asked = "hand";
  } else if ((mode_ == InputMode::Pinyin || mode_ == InputMode::Handwriting) && !in.last.empty()) {
    st = input::suggestions(in.last, kMaxCandidates, got);
    asked = "next";
  }
  if (asked && st) c.automation.engine_call(asked, platform::ms_since_start() - t0);
  letters.resize(got.size(), 0);
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (c.fonts.can_draw(got[i])) in.candidates.push_back(got[i]), in.candidate_letters.push_back(letters[i]);
    crypto::wipe(got[i]);
  }
  if (!st) {
    status_ = reason_text(st.reason());
    if (st.reason() == input::EngineFault::Loading) stale_ = true;  // ask again when it is in
    else std::fprintf(stderr, "tongban-kiosk: input: %s\n", st.detail().c_str());
  }
}

void ChineseInput::choose(std::size_t index, std::int64_t now) {
  app::ChineseInput& in = ui_.person().chinese;
  if (index >= in.candidates.size()) return;
  std::string text = in.candidates[index];
  insert(text);
  if (mode_ == InputMode::Pinyin && !in.letters.empty()) {
    const std::size_t used = std::min(in.candidate_letters[index], in.letters.size());
    std::string rest = in.letters.substr(used);
    crypto::wipe(in.letters);
    in.letters = std::move(rest);
  }
  in.clear_strokes();  // a character chosen: the pad is clear for the next one
  crypto::wipe(in.last);
  in.last = std::move(text);
  stale_ = true;
  ui_.app.touch(now);
}

float ChineseInput::draw_modes(Canvas& c, ImVec2 pos, float width, std::int64_t now) {
  const Theme& t = c.theme;
  const float h = t.button_h * 0.85f;
  float x = pos.x;
  for (const ModeTab& tab : kTabs) {
    if (tab.mode == InputMode::Divisions && !address_) continue;
    const float w = std::max(t.button_h * 1.8f, measure_text(c, t.body, tab.label).x + 2 * t.gap);
    if (x + w > pos.x + width) break;
    const bool on = mode_ == tab.mode;
    if (button(c, tab.id, tab.label, {x, pos.y}, {w, h}, on) && !on) {
      mode_ = tab.mode;
      ui_.person().chinese.clear_strokes();
      stroke_active_ = false;
      stale_ = true;
      ui_.app.touch(now);
      if (mode_ == InputMode::Handwriting) (void)input::prepare_handwriting();  // start loading it now
    }
    if (on) c.automation.mark(tab.id, "selected");
    x += w + t.gap * 0.5f;
  }
  return h + t.gap * 0.5f;
}

float ChineseInput::draw_candidates(Canvas& c, ImVec2 pos, float width, std::int64_t now) {
  const Theme& t = c.theme;
  app::ChineseInput& in = ui_.person().chinese;
  const float h = t.button_h * 1.1f, arrow = t.button_h * 1.1f;
  // The pinyin typed so far, above the bar.
  float y = pos.y;
  if (mode_ == InputMode::Pinyin) {
    const std::string shown = in.letters.empty() ? std::string("请按拼音字母") : in.letters;
    const ImVec2 s = draw_text(c, t.title, shown, {pos.x, y}, in.letters.empty() ? color::kTextMuted : color::kPrimaryDark);
    c.automation.target("pinyin.letters", in.letters, pos.x, y, s.x, s.y);
    y += s.y + t.gap * 0.3f;
  }
  c.dl->AddRectFilled({pos.x, y}, {pos.x + width, y + h}, color::kBackground, t.corner);
  const float inner = width - 2 * arrow - 2 * t.gap;
  const auto starts = page_starts(c, in.candidates, inner);
  std::size_t page = 0;
  while (page + 1 < starts.size() && starts[page + 1] <= in.first_shown) ++page;
  const std::size_t begin = starts[page], end = page + 1 < starts.size() ? starts[page + 1] : in.candidates.size();
  const bool can_back = page > 0, can_next = page + 1 < starts.size();
  if (button(c, "cand.prev", "‹", {pos.x, y}, {arrow, h}, can_back, Icon::None, can_back ? color::kPrimary : color::kBorder) && can_back)
    in.first_shown = starts[page - 1], ui_.app.touch(now);
  if (!can_back) c.automation.mark("cand.prev", "disabled");
  if (button(c, "cand.next", "›", {pos.x + width - arrow, y}, {arrow, h}, can_next, Icon::None, can_next ? color::kPrimary : color::kBorder) && can_next)
    in.first_shown = starts[page + 1], ui_.app.touch(now);
  if (!can_next) c.automation.mark("cand.next", "disabled");
  float x = pos.x + arrow + t.gap;
  if (in.candidates.empty()) {
    const std::string why = !status_.empty() ? status_
                            : mode_ == InputMode::Handwriting ? "请在下面的方格里写一个字"
                            : mode_ == InputMode::Latin ? "直接输入字母和数字" : "";
    const ImVec2 s = measure_text(c, t.body, why);
    draw_text(c, t.body, why, {x, y + (h - s.y) * 0.5f}, status_.empty() ? color::kTextMuted : color::kWarning);
  }
  std::size_t chosen = in.candidates.size();
  for (std::size_t i = begin; i < end; ++i) {
    const std::string& text = in.candidates[i];
    const float w = std::max(t.button_h * 1.1f, measure_text(c, t.title, text).x + 2 * t.gap);
    const std::string id = "cand." + std::to_string(i);
    if (row(c, id.c_str(), {x, y}, {w, h}, text)) chosen = i;
    const ImVec2 s = measure_text(c, t.title, text);
    draw_text(c, t.title, text, {x + (w - s.x) * 0.5f, y + (h - s.y) * 0.5f}, i == 0 ? color::kPrimaryDark : color::kText);
    if (i + 1 < end) c.dl->AddLine({x + w + t.gap * 0.2f, y + h * 0.2f}, {x + w + t.gap * 0.2f, y + h * 0.8f}, color::kBorder, 2);
    x += w + t.gap * 0.4f;
  }
  if (chosen < in.candidates.size()) choose(chosen, now);
  return y + h + t.gap * 0.5f - pos.y;
}

namespace {
// The keys' size in an area: five rows, as tall as a large button at most, ten keys across.
struct KeyMetrics {
  float gap, key_h, key_w;
};
KeyMetrics key_metrics(const Theme& t, ImVec2 size) {
  const float gap = t.gap * 0.4f;
  const float key_h = std::min(t.button_h * 1.2f, (size.y - 4 * gap) / 5.0f);
  return {gap, key_h, std::min(key_h * 1.6f, (size.x - 9 * gap) / 10.0f)};
}
}  // namespace

float ChineseInput::candidates_height(Canvas& c) const {
  const Theme& t = c.theme;
  const float letters = mode_ == InputMode::Pinyin ? measure_text(c, t.title, "请").y + t.gap * 0.3f : 0.0f;
  return letters + t.button_h * 1.1f + t.gap * 0.5f;
}

float ChineseInput::body_height(const Theme& t, ImVec2 size) const {
  if (mode_ == InputMode::Handwriting) return pad_side(t, size);
  const KeyMetrics m = key_metrics(t, size);
  return 5 * m.key_h + 4 * m.gap;
}

float ChineseInput::pad_side(const Theme& t, ImVec2 size) const {
  return std::min(size.y, size.x - t.button_h * 2.4f - t.gap);
}

void ChineseInput::draw_keyboard(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now) {
  static const char* const rows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  const Theme& t = c.theme;
  app::ChineseInput& in = ui_.person().chinese;
  const KeyMetrics m = key_metrics(t, size);
  const float gap = m.gap, key_h = m.key_h, key_w = m.key_w;  // (named: a lambda below takes them)
  const float left = pos.x + (size.x - (10 * key_w + 9 * gap)) * 0.5f;
  const bool pinyin = mode_ == InputMode::Pinyin;
  for (int r = 0; r < 4; ++r) {
    const std::string keys = rows[r];
    float x = left + (10 - keys.size()) * (key_w + gap) * 0.5f;
    const float y = pos.y + r * (key_h + gap);
    for (char k : keys) {
      const bool digit = k >= '0' && k <= '9';
      const char shown = !digit && !pinyin && upper_ ? static_cast<char>(k - 'a' + 'A') : k;
      const std::string id = std::string("kb.") + k, label(1, shown);
      if (button(c, id.c_str(), label, {x, y}, {key_w, key_h}, false)) {
        if (pinyin && !digit) {
          if (in.letters.size() < kMaxLetters) in.letters += k, in.first_shown = 0, stale_ = true;
        } else {
          insert(label);
        }
        ui_.app.touch(now);
      }
      x += key_w + gap;
    }
  }
  // The last row: what separates syllables (pinyin) or switches capitals, ·, space, delete, clear.
  const float y = pos.y + 4 * (key_h + gap);
  const float total = 10 * key_w + 9 * gap;
  float x = left;
  const auto key = [&](const char* id, const std::string& label, float w, bool filled = false, ImU32 fill = color::kPrimary) {
    const bool hit = button(c, id, label, {x, y}, {w, key_h}, filled, Icon::None, fill);
    x += w + gap;
    if (hit) ui_.app.touch(now);
    return hit;
  };
  const float unit = (total - 4 * gap) / 7.0f;
  if (pinyin) {
    if (key("kb.apostrophe", "分隔 '", unit) && !in.letters.empty() && in.letters.back() != '\'' && in.letters.size() < kMaxLetters)
      in.letters += '\'', stale_ = true;
  } else if (key("kb.shift", upper_ ? "小写" : "大写", unit, upper_)) {
    upper_ = !upper_;
  }
  if (key("kb.dot", "·", unit)) insert("·");
  if (key("kb.space", "空格", unit * 2)) {
    if (pinyin && !in.candidates.empty() && !in.letters.empty()) choose(0, now);  // the first candidate, as IMEs do
    else if (!pinyin) insert(" ");
  }
  if (key("kb.delete", ui::kKeyDelete, unit * 1.5f, true)) {
    if (pinyin && !in.letters.empty()) in.letters.pop_back(), in.first_shown = 0;
    else delete_back();
    stale_ = true;
  }
  if (key("kb.clear", ui::kKeyClear, unit * 1.5f - gap, false, color::kWarning)) {
    crypto::wipe(in.letters);
    crypto::wipe(in.last);
    crypto::wipe(ui_.person().entry.text.data(), ui_.person().entry.text.size());
    stale_ = true;
  }
}

void ChineseInput::draw_pad(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now) {
  const Theme& t = c.theme;
  app::ChineseInput& in = ui_.person().chinese;
  const float side_w = t.button_h * 2.4f;
  const float pad = pad_side(t, size);
  pad_pos_ = {pos.x + (size.x - side_w - t.gap - pad) * 0.5f, pos.y};
  pad_size_ = {pad, pad};
  const ImVec2 p0 = pad_pos_, p1{p0.x + pad, p0.y + pad};
  c.dl->AddRectFilled(p0, p1, color::kWhite, t.corner);
  c.dl->AddRect(p0, p1, color::kPrimary, t.corner, 0, 3);
  // 田字格: the guide lines a character is written in.
  const ImU32 guide = IM_COL32(0xE3, 0xB8, 0xA8, 0xFF);
  for (float f = 0; f < 1.0f; f += 0.04f) {
    c.dl->AddLine({p0.x + pad * f, p0.y + pad * 0.5f}, {p0.x + pad * (f + 0.02f), p0.y + pad * 0.5f}, guide, 2);
    c.dl->AddLine({p0.x + pad * 0.5f, p0.y + pad * f}, {p0.x + pad * 0.5f, p0.y + pad * (f + 0.02f)}, guide, 2);
  }
  // A stroke starts with a press inside the pad and ends when the finger lifts.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool inside = mouse.x >= p0.x && mouse.x < p1.x && mouse.y >= p0.y && mouse.y < p1.y;
  if (!stroke_active_ && ImGui::IsMouseClicked(0) && inside && ImGui::IsWindowHovered()) {
    stroke_active_ = true;
    in.strokes.emplace_back();
    pointer_moved(mouse);
    ui_.app.touch(now);
  } else if (stroke_active_ && !ImGui::IsMouseDown(0)) {
    pointer_moved(mouse);
    stroke_active_ = false;
    stale_ = true;  // recognise with the new stroke
    ui_.app.touch(now);
  }
  // Finished strokes only: a test (or a reader) knows a stroke is in when its finger has lifted; the
  // bar shows what they are from the next frame on.
  const std::size_t finished = in.strokes.size() - (stroke_active_ && !in.strokes.empty() ? 1 : 0);
  c.automation.target("hand.pad", "手写板", p0.x, p0.y, pad, pad, std::to_string(finished) + " strokes");
  for (const auto& s : in.strokes) {
    for (std::size_t i = 1; i < s.size(); ++i)
      c.dl->AddLine({p0.x + s[i - 1].x, p0.y + s[i - 1].y}, {p0.x + s[i].x, p0.y + s[i].y}, color::kText, t.button_h * 0.09f);
    if (s.size() == 1) c.dl->AddCircleFilled({p0.x + s[0].x, p0.y + s[0].y}, t.button_h * 0.05f, color::kText);
  }
  if (stroke_active_ && c.redraw) *c.redraw = std::max(*c.redraw, 1);
  const float bx = p1.x + t.gap;
  if (button(c, "hand.undo", "退一笔", {bx, p0.y}, {side_w, t.button_h}, false) && !in.strokes.empty()) {
    auto& last = in.strokes.back();
    if (!last.empty()) crypto::wipe(last.data(), last.capacity() * sizeof(app::InkPoint));
    in.strokes.pop_back();
    stale_ = true;
    ui_.app.touch(now);
  }
  if (button(c, "hand.clear", "重写", {bx, p0.y + t.button_h + t.gap}, {side_w, t.button_h}, false, Icon::None, color::kWarning)) {
    in.clear_strokes();
    stale_ = true;
    ui_.app.touch(now);
  }
  if (button(c, "hand.delete", ui::kKeyDelete, {bx, p0.y + 2 * (t.button_h + t.gap)}, {side_w, t.button_h}, true)) {
    delete_back();
    ui_.app.touch(now);
  }
}

void ChineseInput::draw(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now) {
  if (mode_ == InputMode::Divisions) return;
  if (stale_) refresh(c);
  // The bar and the keys (or the pad) sit at the bottom of the sheet, together, where a hand rests
  // on a tall portrait kiosk; what is left over stays between them and the text above.
  const float bar_h = candidates_height(c);
  const float spare = std::max(0.0f, size.y - bar_h - body_height(c.theme, {size.x, size.y - bar_h}));
  pos.y += spare, size.y -= spare;
  const float used = draw_candidates(c, pos, size.x, now);
  const ImVec2 rest{pos.x, pos.y + used}, rest_size{size.x, size.y - used};
  if (mode_ == InputMode::Handwriting) draw_pad(c, rest, rest_size, now);
  else draw_keyboard(c, rest, rest_size, now);
  // A key, a stroke or a choice changed what the bar should offer (or the engine is still loading):
  // draw again to show it.
  if (stale_ && c.redraw) *c.redraw = std::max(*c.redraw, 2);
}

}  // namespace tb::kiosk
