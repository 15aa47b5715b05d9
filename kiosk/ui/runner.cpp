#include "ui/runner.h"

#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#ifdef __EMSCRIPTEN__
#include <GLES2/gl2.h>
#else
#include <SDL_opengl.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "app/scan.h"
#include "platform/platform.h"
#include "crypto/wipe.h"
#include "ui/code_lists.h"
#include "ui/guide_loader.h"
#include "ui/theme.h"

namespace tb::kiosk {

Runner::Runner() : ui_(app_, fonts_, automation_) {}
Runner::~Runner() {
  platform::camera_stop();
  platform::document_camera_close();
  platform::card_reader_stop();
}

// What the ID-card reader saw since the last frame. The card's bytes are the person's: handed to
// core, then wiped here.
void Runner::take_card_events() {
  for (auto& e : platform::card_events()) {
    if (e.kind == platform::CardEvent::Kind::Placed) ui_.card_placed(e.bytes, platform::now_ms());
    else if (e.kind == platform::CardEvent::Kind::Failed) ui_.card_failed(e.failure, platform::now_ms());
    crypto::wipe(e.bytes);
    frames_due_ = std::max(frames_due_, 3);
  }
}

// The staff desk's sign-ins, refusals and sign-outs, for the audit log.
void Runner::take_audit_events() {
  for (const auto& e : app_.desk().take_events()) audit_.record(e, platform::wall_ms() / 1000);
}

// Codes the camera read since the last frame: taken on the screens that take scans (home, 扫码), as
// a wedge scanner's are; elsewhere (a person filling a form) the camera is not even decoding.
void Runner::take_camera_codes() {
  const bool wanted = app_.screen() == app::Screen::Home || app_.screen() == app::Screen::Scan;
  platform::camera_want_codes(wanted);
  std::string failure;
  auto codes = platform::camera_codes(&failure);
  if (!failure.empty()) std::fprintf(stderr, "tongban-kiosk: camera: %s (scanning by camera is off)\n", failure.c_str());
  for (auto& text : codes) {
    if (wanted) {
      ui_.scanned(text, platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
    }
    crypto::wipe(text);
  }
}

Status<platform::PlatformError> Runner::init(const Options& o) {
  app_ = app::KioskApp(app::SessionPolicy{o.idle_timeout_s * 1000LL, std::min(20, o.idle_timeout_s / 3) * 1000LL},
                       app::StaffDeskPolicy{o.staff, 3, 60'000, o.staff_idle_s * 1000LL});
  if (!o.assets_dir.empty()) platform::set_assets_dir(o.assets_dir);
  if (!o.keys_dir.empty()) platform::set_keys_dir(o.keys_dir);
  if (!o.automation_path.empty()) automation_.enable(o.automation_path);
  automation_.set_screen_inches(o.screen_inches);
  if (!o.data_dir.empty()) platform::set_data_dir(o.data_dir);
  if (!o.secrets_dir.empty()) platform::set_secrets_dir(o.secrets_dir);
  platform::set_intake_url(o.intake_url);
  submitter_.init(platform::wall_ms());
  submitter_.set_printer_shape(o.printer_shape);
  if (!submitter_.available()) std::fprintf(stderr, "tongban-kiosk: submissions off: %s\n", submitter_.problem().c_str());
  ui_.set_submitter(&submitter_);
  audit_.init(submitter_.available() ? &submitter_.device_key() : nullptr, platform::wall_ms() / 1000);
  ui_.set_audit(&audit_);
  verifier_ = load_code_verifier(o.staff);
  ui_.set_verifier(&verifier_, o.staff);
  // A camera that cannot start is reported, and the kiosk runs on: the hall's wedge scanner and
  // every other service still work.
  if (!o.camera.empty()) {
    if (const auto started = platform::camera_start(o.camera))
      std::fprintf(stderr, "tongban-kiosk: camera: reading codes from %s\n", o.camera.c_str());
    else std::fprintf(stderr, "tongban-kiosk: camera: %s (scanning by camera is off)\n", started.detail().c_str());
  }
  // Likewise the document camera: without it, materials are handed in at the counter.
  if (!o.document_camera.empty()) {
    if (const auto configured = platform::document_camera_configure(o.document_camera); configured)
      std::fprintf(stderr, "tongban-kiosk: document camera: %s\n", o.document_camera.c_str());
    else std::fprintf(stderr, "tongban-kiosk: document camera: %s (拍照上传 is off)\n", configured.detail().c_str());
  }
  // Likewise the ID-card reader: without it, forms are filled by hand (the reason is printed).
  if (!o.card_reader.empty()) {
    if (const auto started = platform::card_reader_start({o.card_reader, o.card_reader_entries, o.card_reader_port}))
      std::fprintf(stderr, "tongban-kiosk: card reader: %s\n", o.card_reader.c_str());
    else std::fprintf(stderr, "tongban-kiosk: card reader: %s (读取身份证 is off)\n", started.detail().c_str());
    ui_.set_card_reader(platform::card_reader_running());
  }
  const GuideLoadReport guides = load_guides(&guides_);
  for (const auto& line : guides.events) std::fprintf(stderr, "tongban-kiosk: guides: %s\n", line.c_str());
  if (guides.ok) ui_.set_guides(&guides_);
  updater_.configure({o.updates_url, o.update_every_s * 1000LL}, platform::wall_ms());
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no UI state on disk
  auto font = platform::read_asset("tongban-ui.ttf");
  if (!font) return font;
  if (!fonts_.init(std::move(*font))) return {platform::PlatformError::NotFound, "tongban-ui.ttf: not a usable font"};
  // Which characters the font has, so input engines offer only what can be drawn (optional).
  if (auto chars = platform::read_asset("tongban-ui.chars.txt"))
    fonts_.set_coverage(std::string_view(reinterpret_cast<const char*>(chars->data()), chars->size()));
  app_.set_default_elderly(o.elderly);
  apply_style(app_.elderly());
  return {};
}

void Runner::on_event(const SDL_Event& e) {
  switch (e.type) {
    case SDL_MOUSEMOTION:
      pointer_ = {float(e.motion.x), float(e.motion.y)}, have_pointer_ = true;
      if (pointer_down_) ui_.pointer_moved(pointer_);
      break;
    case SDL_MOUSEBUTTONDOWN:
      if (e.button.button == SDL_BUTTON_LEFT) {
        pointer_ = {float(e.button.x), float(e.button.y)};
        pointer_down_ = pressed_since_frame_ = have_pointer_ = true;
      }
      break;
    case SDL_MOUSEBUTTONUP:
      if (e.button.button == SDL_BUTTON_LEFT) {
        pointer_ = {float(e.button.x), float(e.button.y)};
        pointer_down_ = false;
        have_pointer_ = true;
      }
      break;
    default: break;
  }
  switch (e.type) {
    case SDL_QUIT: quit_ = true; break;
    case SDL_TEXTINPUT:
      crypto::wipe(app_.person().composing);  // committed: no longer composed
      // A real keyboard (or a pinyin IME) typing into the search box; elsewhere on the home and
      // scan screens, a keyboard-wedge scanner typing a code (Enter ends it). The search screen
      // keeps what was typed too: a scanner's keystrokes look like a person's until Enter.
      if (const bool searching = app_.screen() == app::Screen::GuideSearch;
          searching || app_.screen() == app::Screen::Home || app_.screen() == app::Screen::Scan) {
        app::PersonState& p = app_.person();
        if (searching && p.wedge.empty()) p.query_before_wedge = p.query;
        if (p.wedge.size() < 4096) p.wedge += e.text.text;
        if (searching) app_.type(e.text.text, platform::now_ms());
        else app_.touch(platform::now_ms());
      } else app_.touch(platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
      break;
    case SDL_TEXTEDITING:
      composing(e.edit.text);
      break;
    case SDL_TEXTEDITING_EXT:  // a composition longer than SDL_TEXTEDITING holds (main_native.cpp's hint)
      composing(e.editExt.text);
      if (e.editExt.text) {
        crypto::wipe(e.editExt.text, std::strlen(e.editExt.text));
        SDL_free(e.editExt.text);
      }
      break;
    case SDL_KEYDOWN:
      if ((e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) && !app_.person().wedge.empty()) {
        entered(platform::now_ms());
      } else if (app_.screen() == app::Screen::GuideSearch && e.key.keysym.sym == SDLK_BACKSPACE) {
        app_.backspace(platform::now_ms());
        crypto::wipe(app_.person().wedge);  // typing again starts from the query as it now is
      }
      else if (e.key.keysym.sym == SDLK_ESCAPE) app_.back(platform::now_ms());
      else app_.touch(platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
      break;
    case SDL_MOUSEBUTTONDOWN: case SDL_FINGERDOWN: case SDL_MOUSEWHEEL:
      app_.touch(platform::now_ms());
      platform::speech_stop();  // a tap anywhere ends 读给我听 (a tap on it starts it again)
      frames_due_ = std::max(frames_due_, 3);
      break;
    default:
      // Motion, button-up, window exposure or resize: redraw, but it is not a person's activity.
      frames_due_ = std::max(frames_due_, 2);
  }
}

void Runner::entered(std::int64_t now_ms) {
  app::PersonState& p = app_.person();
  std::string typed = std::move(p.wedge);
  p.wedge.clear();
  // The code starts at our prefix when there is one: what precedes it was typed by the person (on
  // the search screen, or left over from it).
  const std::size_t at = app::code_start(typed);
  const bool searching = app_.screen() == app::Screen::GuideSearch;
  if (!searching || at != std::string::npos) {
    std::string code = at == std::string::npos ? typed : typed.substr(at);
    if (searching) {  // the search goes back to what the person had typed
      std::string person_typed = p.query_before_wedge + typed.substr(0, at);
      app_.clear_query(now_ms);
      app_.type(person_typed, now_ms);
      crypto::wipe(person_typed);
    }
    ui_.scanned(code, now_ms);
    crypto::wipe(code);
  }
  crypto::wipe(typed);
  crypto::wipe(p.query_before_wedge);
}

void Runner::composing(const char* text) {
  std::string& c = app_.person().composing;
  crypto::wipe(c);  // before the assignment may move it: the old composition is overwritten in place
  if (text) c = text;
  app_.touch(platform::now_ms());
  frames_due_ = std::max(frames_due_, 3);
}

void Runner::tell_input_method() {
  const TextCaret& caret = ui_.text_caret();
  if (caret.active && caret != ime_caret_) {
    const SDL_Rect r{static_cast<int>(caret.x), static_cast<int>(caret.y), std::max(1, static_cast<int>(caret.w)),
                     static_cast<int>(caret.h)};
    SDL_SetTextInputRect(&r);  // the IME's candidate window opens below it
  } else if (!caret.active && ime_caret_.active) {
    // Its text box is gone (the editor closed, the screen or the session changed): what the IME
    // was composing for it must not reach the next field or the next person. Stopping and
    // starting text input resets the IME (SDL_IME_Reset), which drops its composition.
    crypto::wipe(app_.person().composing);
    SDL_StopTextInput();
    SDL_StartTextInput();
  }
  ime_caret_ = caret;
}

int Runner::wait_ms() {
  if (frames_due_ > 0) return 0;
  std::int64_t wait = app_.ms_until_change(platform::now_ms());
  const std::int64_t outbox = submitter_.ms_until_due(platform::wall_ms());  // the next retry
  if (outbox >= 0 && (wait < 0 || outbox < wait)) wait = outbox;
  const std::int64_t update = updater_.ms_until_due(platform::wall_ms());  // the next look for updates
  if (update >= 0 && (wait < 0 || update < wait)) wait = update;
  return wait < 0 ? -1 : static_cast<int>(std::min<std::int64_t>(wait + 1, 60'000));
}

void Runner::take_update() {
  if (!updater_.enabled()) return;
  if (updater_.poll(platform::wall_ms(), guides_)) frames_due_ = std::max(frames_due_, 1);
  // After each look the kiosk tells the intake how it is (nothing personal: versions, the queue,
  // the last contact with the publisher, free disk), so a county sees a stale or offline kiosk.
  if (updater_.looks() != looks_reported_ && submitter_.available()) {
    looks_reported_ = updater_.looks();
    submitter_.send_heartbeat(guides_.loaded() ? guides_.opened().manifest.version() : 0, updater_.last_check_s(),
                              platform::free_disk_bytes().value_or(0));
  }
  // Shown only with nobody at the kiosk: on the home screen, no session, no clerk signed in.
  if (app_.screen() != app::Screen::Home || app_.session().phase(platform::now_ms()) != app::SessionPhase::Idle ||
      app_.desk().phase() == app::DeskPhase::SignedIn)
    return;
  if (auto next = updater_.take_ready()) {
    const auto version = next->manifest.version();
    guides_.load(std::move(*next));
    ui_.set_guides(&guides_);
    std::fprintf(stderr, "tongban-kiosk: updates: now showing version %llu\n", static_cast<unsigned long long>(version));
    frames_due_ = std::max(frames_due_, 2);
  }
}

bool Runner::frame_due() {
  take_camera_codes();
  take_card_events();
  // Network answers and due retries; the screen shows statuses and the queued count.
  if (submitter_.poll(platform::wall_ms())) frames_due_ = std::max(frames_due_, 1);
  take_update();
  if (app_.tick(platform::now_ms())) {
    apply_style(app_.elderly());
    frames_due_ = std::max(frames_due_, 2);
  }
  take_audit_events();
  // Timed changes (the warning countdown) are due when their deadline has passed.
  if (app_.ms_until_change(platform::now_ms()) == 0) frames_due_ = std::max(frames_due_, 1);
  return frames_due_ > 0;
}

void Runner::draw_frame(SDL_Window* window) {
  draw_started_ms_ = platform::ms_since_start();
  if (fonts_.needs_rebuild()) {
    fonts_.rebuild();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    ImGui_ImplOpenGL3_CreateFontsTexture();
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplSDL2_NewFrame();
  if (have_pointer_) {
    ImGuiIO& io = ImGui::GetIO();
    io.MousePos = pointer_;
    io.MouseDown[0] = pointer_down_ || pressed_since_frame_;
    pressed_since_frame_ = false;
  }
  ImGui::NewFrame();
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ui_.draw(platform::now_ms(), display);
  ImGui::Render();
  upload_new_glyphs();  // characters first drawn in this frame were baked into the atlas while it was built
  built_ms_ = platform::ms_since_start() - draw_started_ms_;
  tell_input_method();
  frames_due_ = std::max(frames_due_, ui_.redraw_requests() + 1);
  int w = 0, h = 0;
  SDL_GL_GetDrawableSize(window, &w, &h);
  glViewport(0, 0, w, h);
  glClearColor(0.95f, 0.96f, 0.97f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  --frames_due_;
  // Text drawn with glyphs not yet baked: bake them and draw again.
  if (fonts_.needs_rebuild()) frames_due_ = std::max(frames_due_, 1);
}

// Only the atlas rows that changed, whole rows so the pixels are one contiguous run (WebGL 1 has no
// GL_UNPACK_ROW_LENGTH): a band a glyph tall, not the whole texture.
void Runner::upload_new_glyphs() {
  const AtlasRows rows = fonts_.take_changed_rows();
  ImFontAtlas* atlas = ImGui::GetIO().Fonts;
  if (rows.empty() || !atlas->TexPixelsRGBA32) return;
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(reinterpret_cast<std::intptr_t>(atlas->TexID)));
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, rows.first, atlas->TexWidth, rows.end - rows.first, GL_RGBA, GL_UNSIGNED_BYTE,
                  atlas->TexPixelsRGBA32 + static_cast<std::size_t>(rows.first) * static_cast<std::size_t>(atlas->TexWidth));
}

void Runner::after_present() {
  ++frame_;
  const double presented = platform::ms_since_start();
  if (first_frame_ms_ < 0) first_frame_ms_ = presented;
  automation_.frame_time(frame_, presented - draw_started_ms_, built_ms_);
  ui_.frame_presented(frame_, first_frame_ms_);
}

}  // namespace tb::kiosk
