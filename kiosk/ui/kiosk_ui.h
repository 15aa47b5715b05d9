#pragma once
// Draws the kiosk from core's KioskApp and feeds taps back to it. Shared by the native and the
// browser kiosk; called between ImGui::NewFrame() and ImGui::Render(). The frame (header, footer,
// home, notices, the session warning) is drawn here; each screen is its own class (guide_screens,
// form_screens, scan_screens, appoint_screen, submit_screens) that keeps only UI state. Anything
// about the person lives in the app's PersonState, wiped when their session ends.
#include <imgui.h>

#include <cstdint>
#include <string>
#include <vector>

#include "ui/appoint_screen.h"
#include "ui/camera_sheet.h"
#include "ui/context.h"
#include "ui/editor.h"
#include "ui/form_screens.h"
#include "ui/guide_screens.h"
#include "ui/scan_screens.h"
#include "ui/staff_screens.h"
#include "ui/submit_screens.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class KioskUi {
 public:
  KioskUi(app::KioskApp& app, Fonts& fonts, Automation& automation)
      : ui_{app, fonts, automation}, editor_(ui_), camera_(ui_), guides_(ui_), apply_(ui_, editor_, camera_), scan_(ui_),
        appoint_(ui_, editor_, apply_), submitted_(ui_), staff_(ui_) {}

  void draw(std::int64_t now_ms, ImVec2 display);
  // The catalogue the guide screens show (owned by the Runner; null: guides unavailable).
  void set_guides(const guide::Guides* g) { ui_.guides = g; }
  // Where applications go once confirmed (owned by the Runner).
  void set_submitter(Submitter* s) { ui_.submitter = s; }
  // The codes this kiosk accepts (trust and revocation lists loaded by the Runner), and whether it
  // is a hall staff station (帮办: shows the masked ID number of a scanned resident).
  void set_verifier(code::Verifier* v, bool staff) { ui_.verifier = v, ui_.staff = staff; }
  // The station's audit log, and whether an ID-card reader is attached (both owned by the Runner).
  void set_audit(AuditTrail* audit) { ui_.audit = audit; }
  void set_card_reader(bool attached) { ui_.card_reader = attached; }
  // A code read by the scanner (a keyboard-wedge scanner types it and presses Enter) or the camera.
  void scanned(const std::string& text, std::int64_t now);
  // An ID card laid on the reader (the bytes are wiped by the caller), or the reader's failure.
  void card_placed(const std::string& bytes, std::int64_t now);
  void card_failed(const std::string& why, std::int64_t now);
  // Every pointer position while pressed, as the events carry them (handwriting strokes).
  void pointer_moved(ImVec2 p) { editor_.pointer_moved(p); }
  // Frames the last draw asked for beyond the current one (scrolls in flight).
  int redraw_requests() const { return ui_.redraw; }
  // Where the text box taking the keyboard had its caret in the last frame (inactive: none did).
  const TextCaret& text_caret() const { return ui_.caret; }
  // Called after the frame was presented (for automation/measurements).
  void frame_presented(int frame, double first_frame_ms);

 private:
  float draw_header(Canvas& c, std::int64_t now);  // returns its height (a long title in portrait: two rows)
  void draw_footer(Canvas& c, std::int64_t now);
  void draw_home(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_placeholder(Canvas& c, ImVec2 top_left, ImVec2 size, std::int64_t now);
  void draw_screen(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  std::string title() const;
  // 读给我听 where the header has it (also drawn above the editor sheet's dimmed screen); a tap
  // asks for this frame to be read aloud.
  void read_aloud_button(Canvas& c, const char* id, std::int64_t now);
  // Says the screen's title, then the field on the editor sheet when it is open, else the texts
  // drawn this frame in [from, to) that are in sight (app/speech.h).
  void read_aloud(std::size_t from, std::size_t to, std::int64_t now);
  bool speak_requested_ = false;  // 读给我听 was tapped in this frame's header
  void draw_session_warning(Canvas& c, std::int64_t now);
  void draw_notice(Canvas& c, const std::string& text);

  UiContext ui_;
  Editor editor_;
  CameraSheet camera_;
  GuideScreens guides_;
  ApplyScreens apply_;
  ScanScreen scan_;
  AppointScreen appoint_;
  SubmittedScreen submitted_;
  StaffScreens staff_;
  DrawnTexts texts_;  // every text drawn this frame (for the automation hook and 读给我听)
  // What the frame was drawn for (a tap during the frame may change the app before it ends): the
  // automation describes this, so its screen always matches its targets.
  std::string drawn_screen_, drawn_arg_;
  bool drawn_elderly_ = false;
  std::uint64_t drawn_session_ = 0;  // the session the last frame belonged to
};

}  // namespace tb::kiosk
