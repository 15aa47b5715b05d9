#include "ui/card_panel.h"

#include <algorithm>

#include "app/card_fill.h"
#include "ui_strings.h"
#include "platform/platform.h"

namespace tb::kiosk {

float CardPanel::draw_bar(Canvas& c, ImVec2 pos, float width, std::int64_t now) {
  if (!ui_.card_reader) return 0;
  const Theme& t = c.theme;
  const app::CardState& card = ui_.person().card;
  const ImVec2 bs{std::max(t.button_h * 3.6f, measure_text(c, t.body, ui::kCardRead).x + 2 * t.gap), t.button_h};
  if (button(c, "card.read", ui::kCardRead, pos, bs, true)) {
    ui_.app.touch(now);
    platform::card_reader_read_now();
  }
  // The last read's outcome: a refusal or the reader's failure in warning colour; after a good read,
  // how many fields came from the card; before any, what the reader does.
  const bool bad = !card.outcome.empty() && !card.ok;
  const std::string text = card.outcome.empty() ? std::string(ui::kCardHint)
                           : bad || card.fill.empty() ? card.outcome
                           : std::string(ui::kCardFromCard) + " " + std::to_string(card.fill.fields.size()) + " 项，请核对";
  const float tx = pos.x + bs.x + t.gap, tw = width - bs.x - t.gap;
  const float th = measure_text(c, t.body, text, tw).y;
  paragraph(c, t.body, text, {tx, pos.y + std::max(0.0f, (bs.y - th) * 0.5f)}, tw, bad ? color::kWarning : color::kTextMuted);
  return std::max(bs.y, th) + t.gap;
}

void CardPanel::refresh_marks() {
  marked_.clear();
  const app::CardState& card = ui_.person().card;
  auto* form = ui_.app.form();
  if (card.fill.empty() || !form || card.form != form->item) return;
  marked_ = app::paths_still_from_card(*form->session, card.fill);
}

bool CardPanel::from_card(const std::string& path) const { return std::find(marked_.begin(), marked_.end(), path) != marked_.end(); }

void CardPanel::draw_confirm(Canvas& c, std::int64_t now) {
  app::CardState& card = ui_.person().card;
  if (!card.confirming || ui_.app.screen() != app::Screen::ApplyForm) return;
  const Theme& t = c.theme;
  const float w = std::min(c.size.x - 2 * t.pad, 1200.0f);
  float body = 0;
  for (const auto& f : card.fill.fields) body += measure_text(c, t.body, f.label + "：" + f.shown, w - 4 * t.gap).y + t.gap * 0.5f;
  const ImVec2 card_size{w, std::min(c.size.y - 2 * t.pad, body + t.button_h * 3.2f + 2 * t.gap)};
  const ImVec2 pos{(c.size.x - card_size.x) * 0.5f, (c.size.y - card_size.y) * 0.5f};
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(c.size);
  ImGui::Begin("card-confirm", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                                            ImGuiWindowFlags_NoBackground);
  Canvas m{ImGui::GetWindowDrawList(), c.fonts, c.automation, c.theme, c.size, c.texts, c.redraw};
  m.dl->AddRectFilled({0, 0}, c.size, color::kOverlay);
  m.automation.set_modal(pos.x, pos.y, card_size.x, card_size.y);
  m.dl->AddRectFilled(pos, {pos.x + card_size.x, pos.y + card_size.y}, color::kCard, t.corner * 1.5f);
  const float x = pos.x + 2 * t.gap, tw = w - 4 * t.gap;
  float y = pos.y + 1.5f * t.gap;
  y += paragraph(m, t.title, card.outcome, {x, y}, tw, color::kPrimaryDark) + t.gap;
  for (const auto& f : card.fill.fields)
    y += paragraph(m, t.body, f.label + "：" + f.shown + (f.accepted ? "" : "（请核对）"), {x, y}, tw,
                   f.accepted ? color::kText : color::kWarning) + t.gap * 0.5f;
  const ImVec2 bs{t.button_h * 3.2f, t.button_h};
  if (button(m, "card.ok", ui::kCardSeen, {pos.x + card_size.x - 2 * t.gap - bs.x, pos.y + card_size.y - 1.5f * t.gap - bs.y}, bs, true))
    ui_.app.card_seen(now);
  ImGui::End();
}

}  // namespace tb::kiosk
