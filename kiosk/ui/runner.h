#pragma once
// One kiosk frame loop policy shared by the native and the browser kiosk: it renders only when
// something changed (an input, a timer in the app, a font rebuild), so an idle kiosk sleeps.
#include <SDL.h>

#include <cstdint>
#include <string>

#include <imgui.h>

#include "app/kiosk_app.h"
#include "ui/audit_trail.h"
#include "ui/automation.h"
#include "ui/fonts.h"
#include "guide/guides.h"
#include "ui/kiosk_ui.h"
#include "platform/platform.h"
#include "ui/submitter.h"
#include "ui/updater.h"
#include "code/codes.h"
#include "print/escpos.h"

namespace tb::kiosk {

using print::PrinterShape;

struct Options {
  bool fullscreen = false;
  bool portrait = false;
  bool elderly = false;
  int width = 0, height = 0;      // 0: from orientation (1920x1080 or 1080x1920)
  std::string assets_dir;         // native only: font, shipped bundles (default: where the binary's are)
  std::string keys_dir;           // native only: the city's public keys and code trust list (guide-issuer.pub,
                                  // intake.pub, code-root.pub, code-trust.tbt)
  bool demo = false;              // native only: trust the demo keys shipped with the kiosk (keys_dir is theirs)
  std::string automation_path;    // test hook (see ui/automation.h)
  std::string data_dir;           // native only: installed guide updates, incoming/ updates, the outbox
  std::string secrets_dir;        // native only: device.seed and data.key, read only (systemd credentials)
  std::string intake_url = "http://127.0.0.1:8080";  // native only: where submissions go
  std::string updates_url;        // native only: the publisher's folder with updates.json (ui/updater.h)
  int update_every_s = 3600;      // how often the kiosk looks for updates and sends its heartbeat
  bool staff = false;             // a hall staff station (帮办): scans show the masked ID number
  std::string camera;             // native only: the scanning camera (/dev/videoN or a .y4m file)
  std::string document_camera;    // the document camera for 拍照上传 (likewise; web: "browser", getUserMedia)
  std::string card_reader;        // native only: the ID-card reader (sim:PATH or vendor:LIBRARY)
  std::string card_reader_entries;  // the vendor library's entry points (open=…,find=…)
  int card_reader_port = 1001;
  int staff_idle_s = 300;         // a staff station signs its clerk out after this long without a touch

  std::string printer;            // native only: the receipt printer (device path, tcp:HOST:PORT, cups:QUEUE)
  PrinterShape printer_shape;     // paper width and how it takes the QR code
  int idle_timeout_s = 120;
  float screen_inches = 21.5f;    // the physical screen's diagonal (automation reports sizes against it)
};

// A press or release of a mouse button or finger: the loops draw a frame after each.
inline bool is_button_event(const SDL_Event& e) {
  return e.type == SDL_MOUSEBUTTONDOWN || e.type == SDL_MOUSEBUTTONUP || e.type == SDL_FINGERDOWN || e.type == SDL_FINGERUP;
}


class Runner {
 public:
  Runner();
  // After ImGui and its backends are initialised: loads the font, applies the style.
  Status<platform::PlatformError> init(const Options& options);
  void on_event(const SDL_Event& e);          // after ImGui_ImplSDL2_ProcessEvent
  // How long the loop may sleep waiting for input (-1: until input arrives).
  int wait_ms();
  bool frame_due();                            // is a frame worth drawing now?
  void draw_frame(SDL_Window* window);         // NewFrame..Render, GL draw; caller swaps
  void after_present();                        // bookkeeping after the swap
  bool quit_requested() const { return quit_; }
  // Something arrived outside SDL's events (the browser's camera frames): draw a frame to take it.
  // Native devices say so with an SDL_USEREVENT from their worker thread instead.
  void news_arrived() { frames_due_ = std::max(frames_due_, 1); }
  ~Runner();

 private:
  void upload_new_glyphs();                    // atlas rows changed by Fonts::want this frame
  app::KioskApp app_;
  guide::Guides guides_;
  Fonts fonts_;
  Automation automation_;
  KioskUi ui_;
  Submitter submitter_;
  Updater updater_;
  code::Verifier verifier_;
  void take_update();  // a verified update, shown once nobody is using the kiosk; the heartbeat
  std::uint64_t looks_reported_ = 0;  // the updater's looks the heartbeat has reported
  void take_camera_codes();
  void take_card_events();
  void take_audit_events();
  void composing(const char* text);  // SDL_TEXTEDITING(_EXT): what the input method composes now
  void entered(std::int64_t now_ms);  // Enter after typed text: a wedge scanner's code is scanned
  void tell_input_method();         // after a frame: where its caret is, or that no text box takes text
  TextCaret ime_caret_;             // what the input method was last told
  AuditTrail audit_;
  int frames_due_ = 2;  // the first frame, plus one for ImGui to settle layout
  // The pointer as the events say, not as SDL says now: SDL's live state runs ahead of the events
  // still queued, which under load would put a tap on the wrong key (see draw_frame).
  ImVec2 pointer_{-1, -1};
  bool pointer_down_ = false, pressed_since_frame_ = false, have_pointer_ = false;
  int frame_ = 0;
  double first_frame_ms_ = -1;
  // When the frame being drawn began, and how long building it took (the UI up to ImGui::Render;
  // the rest is the GL drawing and the swap): both reported to automation for the benchmarks.
  double draw_started_ms_ = 0, built_ms_ = 0;
  bool quit_ = false;
};

}  // namespace tb::kiosk
