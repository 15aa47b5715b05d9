#pragma once
// Draws the kiosk from core's KioskApp and feeds taps back to it. Shared by the native and the
// browser kiosk; called between ImGui::NewFrame() and ImGui::Render().
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/kiosk_app.h"
#include "guide/guides.h"
#include "ui/automation.h"
#include "ui/fonts.h"
#include "ui/scroll.h"
#include "ui/submitter.h"
#include "code/codes.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class KioskUi {
 public:
  KioskUi(app::KioskApp& app, Fonts& fonts, Automation& automation)
      : app_(app), fonts_(fonts), automation_(automation) {}

  void draw(std::int64_t now_ms, ImVec2 display);
  // The catalogue the guide screens show (owned by the Runner; null: guides unavailable).
  void set_guides(const guide::Guides* g) { guides_ = g; }
  // Where applications go once confirmed (owned by the Runner).
  void set_submitter(Submitter* s) { submitter_ = s; }
  // The codes this kiosk accepts (trust and revocation lists loaded by the Runner), and whether it
  // is a hall staff station (帮办: shows the masked ID number of a scanned resident).
  void set_verifier(code::Verifier* v, bool staff) { verifier_ = v, staff_ = staff; }
  // A code read by the scanner (a keyboard-wedge scanner types it and presses Enter).
  void scanned(const std::string& text, std::int64_t now);
  // Frames the last draw asked for beyond the current one (scrolls in flight).
  int redraw_requests() const { return redraw_; }
  // Called after the frame was presented (for automation/measurements).
  void frame_presented(int frame, double first_frame_ms);

 private:
  void draw_header(Canvas& c, std::int64_t now);
  void draw_footer(Canvas& c, std::int64_t now);
  void draw_home(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_placeholder(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_guides_home(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_guide_search(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_guide_list(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_guide_item(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_guide_scenario(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_apply_list(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_apply_form(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_apply_done(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_submitted(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_outbox_status(Canvas& c, float y0);
  void draw_scan(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_appoint(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  bool commit_appoint_field(bool mobile, const std::string& value);
  void open_handoff(const std::string& payload, std::int64_t now);
  float draw_field(Canvas& c, const form::FieldView& f, float x, float y, float w, std::int64_t now);
  bool field_box(Canvas& c, const form::FieldView& f, ImVec2 pos, float w);
  void draw_editor(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  float editor_height(const Theme& t, float area_h) const;
  // The editor panel for a field; `commit` gets what was typed on 确定 and says whether to close.
  void open_editor(const form::FieldView& f, std::function<bool(const std::string&)> commit);
  void close_editor();
  std::string title() const;
  void draw_session_warning(Canvas& c, std::int64_t now);
  void draw_notice(Canvas& c, const std::string& text);

  app::KioskApp& app_;
  Fonts& fonts_;
  Automation& automation_;
  std::vector<std::string> texts_;
  const guide::Guides* guides_ = nullptr;
  Submitter* submitter_ = nullptr;
  code::Verifier* verifier_ = nullptr;
  bool staff_ = false;
  // The last scan and a hand-off being collected (personal: dropped when the session changes).
  code::Verification last_scan_;
  bool have_scan_ = false;
  std::string scan_message_;
  code::HandOffAssembler handoff_;
  std::uint64_t scan_session_ = 0;
  // This person's submission screen: what they rated, whether the slip was printed (reset with
  // the session).
  std::string submit_error_, printed_for_;
  int rated_stars_ = 0;
  std::uint64_t submit_session_ = 0;
  // A 预约 request being put together (personal: name and mobile; wiped when sent or the session ends).
  struct AppointDraft {
    std::string item, hall, slot, name, mobile, error, sent_id;
    int date = 0;
    std::uint64_t session = 0;
  };
  AppointDraft appoint_;
  void wipe_appoint();
  ScrollArea scroll_;
  int redraw_ = 0;
  // What the frame was drawn for (a tap during the frame may change the app before it ends): the
  // automation describes this, so its screen always matches its targets.
  std::string drawn_screen_, drawn_arg_;
  // The field being typed into (personal: wiped on close and when the session ends).
  std::string editing_path_, editing_label_, editing_keypad_, form_error_;
  bool editing_address_ = false, focus_editor_ = false;
  std::function<bool(const std::string&)> editor_commit_;  // where 确定 puts the value
  app::Screen editing_screen_ = app::Screen::Home;        // the editor belongs to this screen
  bool show_problem_ = false;  // a refused 下一步/提交: scroll the first error into view next frame
  std::uint32_t address_code_ = 0;
  char edit_buffer_[512] = {};
  bool drawn_elderly_ = false;
};

}  // namespace tb::kiosk
