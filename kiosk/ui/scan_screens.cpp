#include "ui/scan_screens.h"

#include <algorithm>
#include <string>

#include "app/scan.h"
#include "ui_strings.h"

namespace tb::kiosk {

void ScanScreen::draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const app::ScanView& v = ui_.person().scan.view;
  float y = top.y;
  y += paragraph(c, t.title, "请将二维码对准扫码口", {top.x, y}, area.x, color::kText) + t.gap;
  y += paragraph(c, t.body, std::string(ui::kScanHint) + "；手机上的“到自助机继续办理”码扫完即可接着办。", {top.x, y}, area.x,
                 color::kTextMuted) + t.gap * 2;
  if (v.outcome == app::ScanOutcome::None) return;
  const bool bad = v.outcome == app::ScanOutcome::Refused || v.outcome == app::ScanOutcome::Message;
  const ImU32 headline_color = v.outcome == app::ScanOutcome::Person ? color::kAccentMine : bad ? color::kWarning : color::kText;
  if (!v.headline.empty()) y += paragraph(c, t.title, v.headline, {top.x, y}, area.x, headline_color) + t.gap;
  if (v.outcome == app::ScanOutcome::Person) {
    y += paragraph(c, t.title, ui::fill(ui::kScanName, {v.name_masked}), {top.x, y}, area.x, color::kText) + t.gap;
    if (!v.id_masked.empty()) y += paragraph(c, t.title, ui::fill(ui::kScanIdNumber, {v.id_masked}), {top.x, y}, area.x, color::kText) + t.gap;
  }
  if (!v.detail.empty())
    y += paragraph(c, t.body, v.detail, {top.x, y}, area.x, color::kTextMuted) + t.gap * 0.5f;
  if (!v.technical.empty())  // staff stations only: the parser's words, for the clerk or support
    y += paragraph(c, t.body, ui::fill(ui::kScanTechnical, {v.technical}), {top.x, y}, area.x, color::kTextMuted) + t.gap * 0.5f;
  for (const auto& s : v.services) {
    const std::string id = "plate." + s.id;
    if (button(c, id.c_str(), s.name, {top.x, y}, {std::min(area.x, t.button_h * 8.0f), t.button_h}, false))
      ui_.app.open(app::Route{app::Screen::GuideItem, s.id, {}}, now);
    y += t.button_h + t.gap * 0.5f;
  }
}

}  // namespace tb::kiosk
