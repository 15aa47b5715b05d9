#pragma once
// 读取身份证 on the form (docs/ID-CARD.md): the button and what the last read did (filled, refused
// with the reason — an expired card says since when —, or the reader's own failure), the list of
// what was taken for the person to check (a modal with 知道了), and the 已从身份证读取 mark on each
// field that still holds the card's value. The card and its outcome live in PersonState::card
// (core's KioskApp::card_read fills them); this class draws them.
#include <cstdint>
#include <string>
#include <vector>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class CardPanel {
 public:
  explicit CardPanel(UiContext& ui) : ui_(ui) {}
  // The bar above the form's fields; returns its height (0 without a reader).
  float draw_bar(Canvas& c, ImVec2 pos, float width, std::int64_t now);
  // The paths of the form being drawn that still hold what the card gave (once per frame).
  void refresh_marks();
  bool from_card(const std::string& path) const;
  // Over everything: what was taken, until 知道了.
  void draw_confirm(Canvas& c, std::int64_t now);

 private:
  UiContext& ui_;
  std::vector<std::string> marked_;  // field paths (not personal)
};

}  // namespace tb::kiosk
