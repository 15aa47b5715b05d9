#include "ui/kiosk_ui.h"

#include <string>

#include "app/strings.h"
#include "text/utf8.h"
#include "ui/theme.h"

namespace tb::kiosk {
namespace {

struct EntryStyle {
  Icon icon;
  ImU32 accent;
};

EntryStyle style_for(app::Entry e) {
  switch (e) {
    case app::Entry::Guides: return {Icon::Guides, color::kAccentGuides};
    case app::Entry::Scan: return {Icon::Scan, color::kAccentScan};
    case app::Entry::Apply: return {Icon::Apply, color::kAccentApply};
    case app::Entry::Mine: return {Icon::Mine, color::kAccentMine};
  }
  return {Icon::None, color::kPrimary};
}

}  // namespace

std::string KioskUi::title() const {
  const auto& r = app_.route();
  switch (r.screen) {
    case app::Screen::Home: return ui::kProductName;
    case app::Screen::Guides:
    case app::Screen::GuideSearch: return ui::kGuides;
    case app::Screen::GuideList: {
      if (!guides_) return ui::kGuides;
      const std::string id = r.arg.substr(r.arg.find(':') + 1);
      if (r.arg.rfind("event:", 0) == 0) {
        const auto* e = guides_->life_event(id);
        return e ? e->name() : ui::kGuides;
      }
      const auto* d = guides_->department(id);
      return d ? d->name() : ui::kGuides;
    }
    case app::Screen::GuideItem: {
      const auto* it = guides_ ? guides_->item(r.arg) : nullptr;
      return it ? it->name() : ui::kGuides;
    }
    case app::Screen::GuideScenario: return ui::kScenarioTitle;
    case app::Screen::Scan: return ui::kScan;
    case app::Screen::Apply: return ui::kApply;
    case app::Screen::ApplyForm:
    case app::Screen::ApplyDone: return app_.form() ? app_.form()->merged.def.title() : std::string(ui::kApply);
    case app::Screen::Submitted: return "提交结果";
    case app::Screen::Mine: return ui::kMine;
    case app::Screen::Appoint: return "预约办理";
  }
  return {};
}

void KioskUi::draw(std::int64_t now, ImVec2 display) {
  texts_.clear();
  automation_.begin_frame();
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(display);
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  redraw_ = 0;
  // The person left: nothing they were typing stays on screen or in memory.
  if (!editing_path_.empty() && (app_.session().phase(now) == app::SessionPhase::Idle || app_.screen() != editing_screen_))
    close_editor();
  scroll_.set_generation(app_.session().number());
  drawn_screen_ = app::screen_key(app_.screen());
  drawn_arg_ = app_.route().arg;
  drawn_elderly_ = app_.elderly();
  Canvas c{ImGui::GetWindowDrawList(), fonts_, automation_, theme_for(app_.elderly()), display, texts_, &redraw_};
  c.dl->AddRectFilled({0, 0}, display, color::kBackground);
  draw_header(c, now);
  const Theme& t = c.theme;
  const ImVec2 top{t.pad, t.header_h + t.pad};
  const ImVec2 area{display.x - 2 * t.pad, display.y - t.header_h - t.footer_h - 2 * t.pad};
  const bool guide_screen = app_.screen() == app::Screen::Guides || app_.screen() == app::Screen::GuideSearch ||
                            app_.screen() == app::Screen::GuideList || app_.screen() == app::Screen::GuideItem ||
                            app_.screen() == app::Screen::GuideScenario;
  if (app_.screen() == app::Screen::Home) draw_home(c, top, area, now);
  else if (guide_screen && !guides_) draw_text(c, t.title, ui::kGuidesUnavailable, top, color::kWarning);
  else if (app_.screen() == app::Screen::Guides) draw_guides_home(c, top, area, now);
  else if (app_.screen() == app::Screen::GuideSearch) draw_guide_search(c, top, area, now);
  else if (app_.screen() == app::Screen::GuideList) draw_guide_list(c, top, area, now);
  else if (app_.screen() == app::Screen::GuideItem) draw_guide_item(c, top, area, now);
  else if (app_.screen() == app::Screen::GuideScenario) draw_guide_scenario(c, top, area, now);
  else if ((app_.screen() == app::Screen::Apply || app_.screen() == app::Screen::ApplyForm ||
            app_.screen() == app::Screen::ApplyDone) && !guides_)
    draw_text(c, t.title, ui::kGuidesUnavailable, top, color::kWarning);
  else if (app_.screen() == app::Screen::Apply) draw_apply_list(c, top, area, now);
  else if (app_.screen() == app::Screen::ApplyForm && app_.form()) draw_apply_form(c, top, area, now);
  else if (app_.screen() == app::Screen::ApplyDone && app_.form()) draw_apply_done(c, top, area, now);
  else if (app_.screen() == app::Screen::Submitted && guides_) draw_submitted(c, top, area, now);
  else if (app_.screen() == app::Screen::Scan) draw_scan(c, top, area, now);
  else if (app_.screen() == app::Screen::Appoint && guides_) draw_appoint(c, top, area, now);
  else draw_placeholder(c, top, area, now);
  draw_footer(c, now);
  const std::string notice = app_.notice(now);
  if (!notice.empty()) draw_notice(c, notice);
  ImGui::End();
  if (app_.session().phase(now) == app::SessionPhase::Warning) draw_session_warning(c, now);
}

void KioskUi::draw_header(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  c.dl->AddRectFilled({0, 0}, {c.size.x, t.header_h}, color::kPrimary);
  float x = t.pad;
  if (app_.screen() != app::Screen::Home) {
    const ImVec2 bsize{t.button_h * 2.2f, t.button_h * 0.8f};
    const float y = (t.header_h - bsize.y) * 0.5f;
    if (button(c, "nav.back", ui::kBack, {x, y}, bsize, true, Icon::Back, color::kWhite, color::kPrimary))
      app_.back(now);
    x += bsize.x + t.gap;
  }
  std::string title = this->title();
  // Long item names are shortened in the header (the page itself shows them whole).
  const float max_title_w = c.size.x - x - t.button_h * 2.6f - 2 * t.pad;
  while (measure_text(c, t.title, title).x > max_title_w && text::count_code_points(title) > 4) {
    std::u32string cps = text::decode_utf8_lossy(title);
    cps.resize(cps.size() - 2);
    title = text::encode_utf8(cps) + "…";
  }
  const ImVec2 ts = measure_text(c, t.title, title);
  draw_text(c, t.title, title, {x, (t.header_h - ts.y) * 0.5f - (app_.screen() == app::Screen::Home ? ts.y * 0.25f : 0)},
            color::kWhite);
  if (app_.screen() == app::Screen::Home) {
    const ImVec2 ss = measure_text(c, t.body, ui::kProductSubtitle);
    draw_text(c, t.body, ui::kProductSubtitle, {x + ts.x + t.gap, (t.header_h - ts.y) * 0.5f + ts.y * 0.75f - ss.y},
              IM_COL32(0xDD, 0xE7, 0xF7, 0xFF));
  }
  const app::HomeView home = app_.home();
  const ImVec2 tsize{t.button_h * 2.6f, t.button_h * 0.8f};
  if (button(c, "toggle.elderly", home.elderly_toggle_label, {c.size.x - t.pad - tsize.x, (t.header_h - tsize.y) * 0.5f},
             tsize, true, Icon::None, color::kWhite, color::kPrimary)) {
    app_.toggle_elderly(now);
    apply_style(app_.elderly());
  }
}

void KioskUi::draw_home(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const app::HomeView home = app_.home();
  const bool portrait = c.size.y > c.size.x;
  // Landscape: one row of four tall tiles. Portrait: a 2x2 grid.
  const int cols = portrait ? 2 : 4;
  const int rows = static_cast<int>((home.entries.size() + cols - 1) / cols);
  const float tile_w = (area.x - (cols - 1) * t.gap) / cols;
  const float max_h = portrait ? area.y * 0.42f : area.y * 0.82f;
  const float tile_h = std::min(max_h, (area.y - (rows - 1) * t.gap) / rows);
  const float y0 = top.y + (area.y - rows * tile_h - (rows - 1) * t.gap) * (portrait ? 0.25f : 0.4f);
  for (std::size_t i = 0; i < home.entries.size(); ++i) {
    const auto& e = home.entries[i];
    const EntryStyle st = style_for(e.id);
    const ImVec2 pos{top.x + (i % cols) * (tile_w + t.gap), y0 + (i / cols) * (tile_h + t.gap)};
    const std::string id = "entry." + e.key;
    if (tile(c, id.c_str(), e.title, e.hint, st.icon, st.accent, pos, {tile_w, tile_h})) app_.open(e.id, now);
  }
}

void KioskUi::draw_placeholder(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const ImVec2 ts = measure_text(c, t.title, ui::kComingSoon);
  draw_text(c, t.title, ui::kComingSoon, {top.x + (area.x - ts.x) * 0.5f, top.y + area.y * 0.35f}, color::kTextMuted);
  const ImVec2 bsize{t.button_h * 3.0f, t.button_h};
  if (button(c, "nav.home", ui::kHome, {top.x + (area.x - bsize.x) * 0.5f, top.y + area.y * 0.35f + ts.y + 2 * t.gap},
             bsize, true, Icon::Home))
    app_.go_home(now);
}

void KioskUi::draw_footer(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  const float y0 = c.size.y - t.footer_h;
  c.dl->AddRectFilled({0, y0}, c.size, color::kWhite);
  c.dl->AddLine({0, y0}, {c.size.x, y0}, color::kBorder, 2);
  const ImVec2 hs = measure_text(c, t.body, ui::kHelpPhone);
  draw_text(c, t.body, ui::kHelpPhone, {t.pad, y0 + (t.footer_h - hs.y) * 0.5f}, color::kTextMuted);
  draw_outbox_status(c, y0);
  if (app_.session().phase(now) != app::SessionPhase::Idle) {
    const ImVec2 bsize{t.button_h * 2.6f, t.footer_h - 2 * 14};
    if (button(c, "session.end", ui::kSessionEnd, {c.size.x - t.pad - bsize.x, y0 + 14}, bsize, false, Icon::None,
               color::kWarning))
      app_.end_session(now);
  }
}

void KioskUi::draw_notice(Canvas& c, const std::string& text) {
  const Theme& t = c.theme;
  const ImVec2 ts = measure_text(c, t.body, text);
  const ImVec2 size{ts.x + 4 * t.gap, ts.y + 2 * t.gap};
  const ImVec2 pos{(c.size.x - size.x) * 0.5f, c.size.y - t.footer_h - size.y - t.pad};
  c.dl->AddRectFilled(pos, {pos.x + size.x, pos.y + size.y}, IM_COL32(0x1C, 0x1F, 0x24, 0xE6), size.y * 0.5f);
  draw_text(c, t.body, text, {pos.x + 2 * t.gap, pos.y + t.gap}, color::kWhite);
}

void KioskUi::draw_session_warning(Canvas& c, std::int64_t now) {
  // A modal card over a dimmed screen, drawn in its own window so it takes the taps.
  const Theme& t = c.theme;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(c.size);
  ImGui::Begin("session-warning", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                               ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  Canvas m{ImGui::GetWindowDrawList(), c.fonts, c.automation, c.theme, c.size, c.texts, c.redraw};
  m.dl->AddRectFilled({0, 0}, c.size, color::kOverlay);
  const ImVec2 card{std::min(c.size.x - 2 * t.pad, 1100.0f), t.button_h * 4.2f};
  const ImVec2 pos{(c.size.x - card.x) * 0.5f, (c.size.y - card.y) * 0.5f};
  m.dl->AddRectFilled(pos, {pos.x + card.x, pos.y + card.y}, color::kCard, t.corner * 1.5f);
  const std::string msg = ui::kSessionEnding;
  const std::string count = std::to_string(app_.session().seconds_left(now)) + " 秒";
  const ImVec2 ms = measure_text(m, t.body, msg, card.x - 4 * t.gap);
  draw_text(m, t.body, msg, {pos.x + 2 * t.gap, pos.y + 2 * t.gap}, color::kText, card.x - 4 * t.gap);
  const ImVec2 cs = measure_text(m, t.title, count);
  draw_text(m, t.title, count, {pos.x + (card.x - cs.x) * 0.5f, pos.y + 2 * t.gap + ms.y + t.gap}, color::kWarning);
  const ImVec2 bsize{(card.x - 5 * t.gap) * 0.5f, t.button_h};
  const float by = pos.y + card.y - t.gap * 2 - bsize.y;
  if (button(m, "session.continue", ui::kSessionContinue, {pos.x + 2 * t.gap, by}, bsize, true)) app_.touch(now);
  if (button(m, "session.end.now", ui::kSessionEnd, {pos.x + 3 * t.gap + bsize.x, by}, bsize, false, Icon::None,
             color::kWarning))
    app_.end_session(now);
  ImGui::End();
}

void KioskUi::frame_presented(int frame, double first_frame_ms) {
  automation_.end_frame(drawn_screen_, drawn_arg_, drawn_elderly_, frame, first_frame_ms,
                        fonts_.missing_glyphs(), texts_);
}

}  // namespace tb::kiosk
