#include "ui/kiosk_ui.h"

#include <string>

#include "app/speech.h"
#include "ui_strings.h"
#include "code/codes.h"
#include "crypto/wipe.h"
#include "text/utf8.h"
#include "platform/platform.h"
#include "input/engines.h"
#include "ui/forget.h"
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
  const auto& r = ui_.app.route();
  switch (r.screen) {
    case app::Screen::Home: return ui::kProductName;
    case app::Screen::Guides:
    case app::Screen::GuideSearch: return ui::kGuides;
    case app::Screen::GuideList: {
      if (!ui_.guides) return ui::kGuides;
      const std::string id = r.arg.substr(r.arg.find(':') + 1);
      if (r.arg.rfind("event:", 0) == 0) {
        const auto* e = ui_.guides->life_event(id);
        return e ? e->name() : ui::kGuides;
      }
      const auto* d = ui_.guides->department(id);
      return d ? d->name() : ui::kGuides;
    }
    case app::Screen::GuideItem: {
      const auto it = ui_.guides ? ui_.guides->item(r.arg) : nullptr;
      return it ? it->name() : ui::kGuides;
    }
    case app::Screen::GuideScenario: return ui::kScenarioTitle;
    case app::Screen::Scan: return ui::kScan;
    case app::Screen::Apply: return ui::kApply;
    case app::Screen::ApplyForm:
    case app::Screen::ApplyDone: return ui_.app.form() ? ui_.app.form()->merged.def.title() : std::string(ui::kApply);
    case app::Screen::Submitted: return "提交结果";
    case app::Screen::Mine: return ui::kMine;
    case app::Screen::Appoint: return ui::kAppointTitle;
  }
  return {};
}

void KioskUi::draw(std::int64_t now, ImVec2 display) {
  wipe_texts(texts_.all);
  texts_.out_of_sight.clear();
  ui_.automation.begin_frame();
  ui_.automation.set_display(display.x, display.y);
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(display);
  ImGui::Begin("kiosk", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse);
  ui_.redraw = 0;
  ui_.caret = {};  // set again by the text box that takes the keyboard, if one is drawn
  // Another person (or none): nothing the last one typed stays in Dear ImGui's text-edit buffers.
  if (drawn_session_ != ui_.app.session().number() || ui_.app.session().phase(now) == app::SessionPhase::Idle) {
    forget_typed_text();
    input::forget();  // the pinyin decoder's and recogniser's own buffers
    drawn_session_ = ui_.app.session().number();
  }
  // The person left the screen the editor belongs to, or their session ended.
  editor_.close_if_stale(now);
  camera_.close_if_stale(now);
  ui_.scroll.set_generation(ui_.app.session().number());
  drawn_screen_ = app::screen_key(ui_.app.screen());
  drawn_arg_ = ui_.app.route().arg;
  drawn_elderly_ = ui_.app.elderly();
  Canvas c{ImGui::GetWindowDrawList(), ui_.fonts, ui_.automation, theme_for(ui_.app.elderly()), display, texts_, &ui_.redraw};
  c.dl->AddRectFilled({0, 0}, display, color::kBackground);
  speak_requested_ = false;
  const float header_h = ui_.header_h = draw_header(c, now);
  const Theme& t = c.theme;
  const ImVec2 top{t.pad, header_h + t.pad};
  const ImVec2 area{display.x - 2 * t.pad, display.y - header_h - t.footer_h - 2 * t.pad};
  const std::size_t body_from = texts_.size();
  // A staff station with nobody signed in shows its sign-in screen and nothing else.
  if (ui_.app.locked_for_staff()) staff_.draw_sign_in(c, top, area, now);
  else draw_screen(c, top, area, now);
  const std::size_t body_to = texts_.size();
  draw_footer(c, now);
  const std::string notice = ui_.app.notice(now);
  if (!notice.empty()) draw_notice(c, notice);
  ImGui::End();
  // Modal, over the screen; the field on it is read aloud with 读给我听 above the dimmed header.
  editor_.draw(c, now, [&](Canvas& sheet) { read_aloud_button(sheet, "editor.speech", now); });
  camera_.draw(c, now);
  apply_.draw_card_confirm(c, now);
  staff_.draw_modals(c, now);
  // 读给我听: the field being typed when the sheet is open, else what this frame drew in sight.
  if (speak_requested_) read_aloud(body_from, body_to, now);
  if (ui_.app.session().phase(now) == app::SessionPhase::Warning) draw_session_warning(c, now);
}

void KioskUi::draw_screen(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  using app::Screen;
  const Screen screen = ui_.app.screen();
  const bool needs_guides = screen != Screen::Home && screen != Screen::Scan && screen != Screen::Mine;
  if (screen == Screen::Home) return draw_home(c, top, area, now);
  if (needs_guides && !ui_.guides) {
    draw_text(c, c.theme.title, ui::kGuidesUnavailable, top, color::kWarning);
    return;
  }
  switch (screen) {
    case Screen::Guides: return guides_.draw_home(c, top, area, now);
    case Screen::GuideSearch: return guides_.draw_search(c, top, area, now);
    case Screen::GuideList: return guides_.draw_list(c, top, area, now);
    case Screen::GuideItem: return guides_.draw_item(c, top, area, now);
    case Screen::GuideScenario: return guides_.draw_scenario(c, top, area, now);
    case Screen::Apply: return apply_.draw_list(c, top, area, now);
    case Screen::ApplyForm:
      if (ui_.app.form()) return apply_.draw_form(c, top, area, now);
      break;
    case Screen::ApplyDone:
      if (ui_.app.form()) return apply_.draw_done(c, top, area, now);
      break;
    case Screen::Submitted: return submitted_.draw(c, top, area, now);
    case Screen::Scan: return scan_.draw(c, top, area, now);
    case Screen::Appoint: return appoint_.draw(c, top, area, now);
    default: break;
  }
  draw_placeholder(c, top, area, now);
}

void KioskUi::scanned(const std::string& text, std::int64_t now) {
  // A clerk's staff credential signs them in, at any screen; a station takes nothing else before.
  if (code::kind_of(text) == code::Kind::Staff) return staff_.scanned_credential(text, now);
  if (ui_.app.locked_for_staff()) return staff_.refuse(ui::kStaffNeedSignIn);
  const bool staff_view = ui_.staff && ui_.app.desk().phase() == app::DeskPhase::SignedIn;
  ui_.app.scanned(text, now, platform::wall_ms() / 1000, platform::today_yyyymmdd(), app::ScanChannel{true, staff_view},
                  ui_.verifier, ui_.guides);
}

void KioskUi::card_placed(const std::string& bytes, std::int64_t now) {
  if (ui_.app.locked_for_staff()) return staff_.refuse(ui::kStaffNeedSignIn);
  const std::string outcome = ui_.app.card_read(bytes, platform::today_yyyymmdd(), platform::wall_ms() / 1000, now);
  const auto& card = ui_.person().card;
  if (outcome != "no-form" && !card.ok) ui_.fault_shown(card.outcome);  // unreadable, expired, …
  ui_.log({"card-read", {{"outcome", outcome}, {"fields", std::to_string(card.ok ? card.fill.fields.size() : 0)}}});
}

void KioskUi::card_failed(const std::string& why, std::int64_t now) {
  if (ui_.app.locked_for_staff()) return;
  ui_.app.card_failed(why, now);
  if (ui_.app.screen() == app::Screen::ApplyForm) ui_.fault_shown(why);
  ui_.log({"card-read", {{"outcome", "reader-failed"}, {"fields", "0"}}});
}

float KioskUi::draw_header(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  std::string title = this->title();
  // 长辈版, 读给我听 where this kiosk can speak (a browser without a Chinese voice cannot: its title
  // gets that room), and the clerk's badge when one is signed in.
  const bool home_screen = ui_.app.screen() == app::Screen::Home;
  const bool badge = ui_.app.desk().phase() == app::DeskPhase::SignedIn;  // 退出登录（王*明） beside the toggles
  const float buttons = platform::speech_available() ? 2.0f : 1.0f;
  const float back_w = home_screen ? 0.0f : t.button_h * 2.2f + t.gap;
  const float beside_w = c.size.x - t.pad - back_w - t.button_h * (2.6f * buttons + (badge ? 5.0f : 0.0f)) - t.gap - 2 * t.pad;
  // A title that does not fit beside the buttons (a portrait screen, 长辈版) gets a row of its own
  // under them rather than being cut to a character or two; a landscape screen shortens it.
  const float title_w = measure_text(c, t.title, title).x;
  const bool own_row = !home_screen && title_w > beside_w && c.size.y > c.size.x;
  const float row_h = measure_text(c, t.title, "通").y;
  const float height = own_row ? t.header_h + row_h + t.gap : t.header_h;
  c.dl->AddRectFilled({0, 0}, {c.size.x, height}, color::kPrimary);
  float x = t.pad;
  if (!home_screen) {
    const ImVec2 bsize{t.button_h * 2.2f, t.button_h * 0.8f};
    const float y = (t.header_h - bsize.y) * 0.5f;
    if (button(c, "nav.back", ui::kBack, {x, y}, bsize, true, Icon::Back, color::kWhite, color::kPrimary))
      ui_.app.back(now);
    x += bsize.x + t.gap;
  }
  const float max_title_w = own_row ? c.size.x - 2 * t.pad : beside_w;
  // Long item names are shortened (the page itself shows them whole).
  while (measure_text(c, t.title, title).x > max_title_w && text::count_code_points(title) > 2) {
    std::u32string cps = text::decode_utf8_lossy(title);
    cps.resize(cps.size() - 2);
    title = text::encode_utf8(cps) + "…";
  }
  const ImVec2 ts = measure_text(c, t.title, title);
  if (own_row)
    draw_text(c, t.title, title, {t.pad, t.header_h}, color::kWhite);
  else if (ts.x <= max_title_w)
    draw_text(c, t.title, title, {x, (t.header_h - ts.y) * 0.5f - (home_screen ? ts.y * 0.25f : 0)}, color::kWhite);
  if (home_screen) {
    const ImVec2 ss = measure_text(c, t.body, ui::kProductSubtitle);
    draw_text(c, t.body, ui::kProductSubtitle, {x + ts.x + t.gap, (t.header_h - ts.y) * 0.5f + ts.y * 0.75f - ss.y},
              IM_COL32(0xDD, 0xE7, 0xF7, 0xFF));
  }
  const app::HomeView home = ui_.app.home();
  const ImVec2 tsize{t.button_h * 2.6f, t.button_h * 0.8f};
  // Left of 长辈版 and of 读给我听 where there is one (it was drawn under 读给我听).
  staff_.draw_badge(c, c.size.x - t.pad - buttons * (tsize.x + t.gap), now);
  if (button(c, "toggle.elderly", home.elderly_toggle_label, {c.size.x - t.pad - tsize.x, (t.header_h - tsize.y) * 0.5f},
             tsize, true, Icon::None, color::kWhite, color::kPrimary)) {
    ui_.app.toggle_elderly(now);
    apply_style(ui_.app.elderly());
  }
  read_aloud_button(c, "speech.read", now);
  return height;
}

// Beside 长辈版 on every screen; what it says is decided after the frame is drawn.
void KioskUi::read_aloud_button(Canvas& c, const char* id, std::int64_t now) {
  const Theme& t = c.theme;
  const ImVec2 tsize{t.button_h * 2.6f, t.button_h * 0.8f};
  if (platform::speech_available() &&
      button(c, id, ui::kReadAloud, {c.size.x - t.pad - 2 * tsize.x - t.gap, (t.header_h - tsize.y) * 0.5f}, tsize, true, Icon::None,
             color::kWhite, color::kPrimary)) {
    ui_.app.touch(now);
    ui_.person().read_aloud = true;
    speak_requested_ = true;
  }
}

void UiContext::fault_shown(const std::string& text) {
  if (!person().read_aloud || text.empty()) return;
  // The fault is on the screen already: speech that cannot start has nothing to add to it.
  platform::speak(text, app.elderly());
}

void KioskUi::read_aloud(std::size_t from, std::size_t to, std::int64_t now) {
  app::ScreenSpeech screen;
  screen.title = title();
  if (editor_.is_open()) editor_.describe(screen);
  else screen.texts = texts_.seen(from, to);
  std::string said = app::speech_text(screen);
  const std::string problem = platform::speak(said, ui_.app.elderly());
  if (!problem.empty()) ui_.app.show_notice(problem, now);
  crypto::wipe(said);
  wipe_texts(screen.texts);
  crypto::wipe(screen.title), crypto::wipe(screen.typed);
}

void KioskUi::draw_home(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const app::HomeView home = ui_.app.home();
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
    if (tile(c, id.c_str(), e.title, e.hint, st.icon, st.accent, pos, {tile_w, tile_h})) ui_.app.open(e.id, now);
  }
}

void KioskUi::draw_placeholder(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const ImVec2 ts = measure_text(c, t.title, ui::kComingSoon);
  draw_text(c, t.title, ui::kComingSoon, {top.x + (area.x - ts.x) * 0.5f, top.y + area.y * 0.35f}, color::kTextMuted);
  const ImVec2 bsize{t.button_h * 3.0f, t.button_h};
  if (button(c, "nav.home", ui::kHome, {top.x + (area.x - bsize.x) * 0.5f, top.y + area.y * 0.35f + ts.y + 2 * t.gap},
             bsize, true, Icon::Home))
    ui_.app.go_home(now);
}

void KioskUi::draw_footer(Canvas& c, std::int64_t now) {
  const Theme& t = c.theme;
  const float y0 = c.size.y - t.footer_h;
  c.dl->AddRectFilled({0, y0}, c.size, color::kWhite);
  c.dl->AddLine({0, y0}, {c.size.x, y0}, color::kBorder, 2);
  const ImVec2 hs = measure_text(c, t.body, ui::kHelpPhone);
  draw_text(c, t.body, ui::kHelpPhone, {t.pad, y0 + (t.footer_h - hs.y) * 0.5f}, color::kTextMuted);
  const bool in_session = ui_.app.session().phase(now) != app::SessionPhase::Idle;
  const ImVec2 bsize{t.button_h * 2.6f, t.footer_h - 2 * 14};
  submitted_.draw_outbox_status(c, y0, t.pad + hs.x + t.gap, c.size.x - t.pad - (in_session ? bsize.x + t.gap : 0));
  if (in_session) {
    if (button(c, "session.end", ui::kSessionEnd, {c.size.x - t.pad - bsize.x, y0 + 14}, bsize, false, Icon::None,
               color::kWarning))
      ui_.app.end_session(now);
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
  m.automation.set_modal(pos.x, pos.y, card.x, card.y);
  m.dl->AddRectFilled(pos, {pos.x + card.x, pos.y + card.y}, color::kCard, t.corner * 1.5f);
  const std::string msg = ui::kSessionEnding;
  const std::string count = std::to_string(ui_.app.session().seconds_left(now)) + " 秒";
  const ImVec2 ms = measure_text(m, t.body, msg, card.x - 4 * t.gap);
  draw_text(m, t.body, msg, {pos.x + 2 * t.gap, pos.y + 2 * t.gap}, color::kText, card.x - 4 * t.gap);
  const ImVec2 cs = measure_text(m, t.title, count);
  draw_text(m, t.title, count, {pos.x + (card.x - cs.x) * 0.5f, pos.y + 2 * t.gap + ms.y + t.gap}, color::kWarning);
  const ImVec2 bsize{(card.x - 5 * t.gap) * 0.5f, t.button_h};
  const float by = pos.y + card.y - t.gap * 2 - bsize.y;
  if (button(m, "session.continue", ui::kSessionContinue, {pos.x + 2 * t.gap, by}, bsize, true)) ui_.app.touch(now);
  if (button(m, "session.end.now", ui::kSessionEnd, {pos.x + 3 * t.gap + bsize.x, by}, bsize, false, Icon::None,
             color::kWarning))
    ui_.app.end_session(now);
  ImGui::End();
}

void KioskUi::frame_presented(int frame, double first_frame_ms) {
  ui_.automation.atlas(ui_.fonts.rebuilds(), ui_.fonts.added_in_place(), ui_.fonts.baked_glyphs());
  ui_.automation.end_frame(drawn_screen_, drawn_arg_, drawn_elderly_, frame, first_frame_ms, ui_.fonts.missing_glyphs(),
                           ui_.fonts.needs_rebuild(), texts_.all);
}

}  // namespace tb::kiosk
