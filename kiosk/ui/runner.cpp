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
#include <cstdio>
#include <cstring>

#include "platform/platform.h"
#include "crypto/wipe.h"
#include "ui/guide_loader.h"
#include "ui/theme.h"

namespace tb::kiosk {

const char* usage() {
  return "usage: tongban-kiosk [--fullscreen] [--portrait] [--size WxH] [--elderly]\n"
         "                     [--assets DIR] [--data DIR] [--intake URL] [--idle-timeout SECONDS]\n"
         "                     [--staff] [--camera DEVICE|FILE.y4m] [--automation FILE]\n"
         "  --fullscreen        fill the screen (default: a window)\n"
         "  --portrait          1080x1920 layout (default: landscape 1920x1080)\n"
         "  --size WxH          window size in pixels\n"
         "  --elderly           start in 长辈版 (elderly mode)\n"
         "  --assets DIR        where the font and bundles are (default: the build's assets)\n"
         "  --data DIR          the kiosk's data folder (default ~/.local/state/tongban-kiosk): installed\n"
         "                      guide updates; files dropped in\n"
         "                      DIR/incoming/ (.tbd deltas, .tbg bundles) are verified and applied at start;\n"
         "                      the outbox of sealed applications and the kiosk's device key (device.pub)\n"
         "  --intake URL        the city's intake server (default http://127.0.0.1:8080)\n"
         "  --staff             hall staff station (帮办): a scanned resident's masked ID number is shown\n"
         "  --camera SOURCE     read codes with a camera: a V4L2 device (/dev/video0) or a .y4m file of\n"
         "                      frames; keyboard-wedge scanners work with or without it\n"
         "  --idle-timeout S    end a person's session after S seconds without a touch (default 120)\n"
         "  --automation FILE   test hook: describe each drawn frame as JSON in FILE\n";
}

bool parse_options(int argc, char** argv, Options* o, std::string* error) {
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char* name) -> const char* {
      if (i + 1 >= argc) {
        *error = std::string(name) + " needs a value";
        return nullptr;
      }
      return argv[++i];
    };
    if (a == "--fullscreen") o->fullscreen = true;
    else if (a == "--portrait") o->portrait = true;
    else if (a == "--elderly") o->elderly = true;
    else if (a == "--size") {
      const char* v = value("--size");
      if (!v) return false;
      if (std::sscanf(v, "%dx%d", &o->width, &o->height) != 2 || o->width < 320 || o->height < 320) {
        *error = std::string("--size: expected WxH of at least 320x320, got '") + v + "'";
        return false;
      }
    } else if (a == "--assets") {
      const char* v = value("--assets");
      if (!v) return false;
      o->assets_dir = v;
    } else if (a == "--data") {
      const char* v = value("--data");
      if (!v) return false;
      o->data_dir = v;
    } else if (a == "--intake") {
      const char* v = value("--intake");
      if (!v) return false;
      o->intake_url = v;
      if (o->intake_url.rfind("http://", 0) != 0 && o->intake_url.rfind("https://", 0) != 0) {
        *error = std::string("--intake: expected an http:// or https:// URL, got '") + v + "'";
        return false;
      }
    } else if (a == "--staff") {
      o->staff = true;
    } else if (a == "--camera") {
      const char* v = value("--camera");
      if (!v) return false;
      o->camera = v;
    } else if (a == "--automation") {
      const char* v = value("--automation");
      if (!v) return false;
      o->automation_path = v;
    } else if (a == "--idle-timeout") {
      const char* v = value("--idle-timeout");
      if (!v) return false;
      o->idle_timeout_s = std::atoi(v);
      if (o->idle_timeout_s < 10) {
        *error = std::string("--idle-timeout: expected at least 10 seconds, got '") + v + "'";
        return false;
      }
    } else if (a == "--help" || a == "-h") {
      *error = "";
      return false;
    } else {
      *error = "unknown option '" + a + "'";
      return false;
    }
  }
#ifndef __EMSCRIPTEN__
  // A kiosk always has somewhere to keep its outbox: the XDG state folder unless --data says.
  if (o->data_dir.empty()) {
    const char* state = std::getenv("XDG_STATE_HOME");
    const char* home = std::getenv("HOME");
    if (state && *state) o->data_dir = std::string(state) + "/tongban-kiosk";
    else if (home && *home) o->data_dir = std::string(home) + "/.local/state/tongban-kiosk";
  }
#endif
  if (o->width == 0) {
    o->width = o->portrait ? 1080 : 1920;
    o->height = o->portrait ? 1920 : 1080;
  }
  return true;
}

Runner::Runner() : ui_(app_, fonts_, automation_) {}
Runner::~Runner() { platform::camera_stop(); }

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

// The city's code issuers (a trust list signed by its root key, both shipped with the kiosk) and,
// when the data folder has one, the latest revocation list a sync agent dropped there.
void Runner::load_code_lists(bool staff) {
  verifier_ = code::Verifier(code::VerifierOptions{staff ? code::Scope::Staff : code::Scope::Venue, {}, 90, 30, 100'000});
  ui_.set_verifier(&verifier_, staff);
  std::string why;
  auto root = platform::read_asset("code-root.pub", &why);
  auto list = root ? platform::read_asset("code-trust.tbt", &why) : std::nullopt;
  if (!list) {
    std::fprintf(stderr, "tongban-kiosk: codes: %s (scans will be refused as unknown issuer)\n", why.c_str());
    return;
  }
  auto key = crypto::parse_key_file(std::string(root->begin(), root->end()), &why);
  if (!key) {
    std::fprintf(stderr, "tongban-kiosk: codes: code-root.pub: %s\n", why.c_str());
    return;
  }
  crypto::TrustStore roots;
  roots.add({key->pub, 0, 0, {}});
  const std::int64_t now = platform::wall_ms() / 1000;
  if (!verifier_.set_trust_list(std::string(list->begin(), list->end()), roots, now, &why))
    std::fprintf(stderr, "tongban-kiosk: codes: trust list refused: %s\n", why.c_str());
  if (auto revoked = platform::read_data("code-revoked.tbl")) {
    if (!verifier_.set_revocation_list(std::string(revoked->begin(), revoked->end()), now, &why))
      std::fprintf(stderr, "tongban-kiosk: codes: revocation list refused: %s\n", why.c_str());
  }
}

bool Runner::init(const Options& o, std::string* error) {
  app_ = app::KioskApp(app::SessionPolicy{o.idle_timeout_s * 1000LL, std::min(20, o.idle_timeout_s / 3) * 1000LL});
  if (!o.assets_dir.empty()) platform::set_assets_dir(o.assets_dir);
  if (!o.automation_path.empty()) automation_.enable(o.automation_path);
  if (!o.data_dir.empty()) platform::set_data_dir(o.data_dir);
  platform::set_intake_url(o.intake_url);
  submitter_.init(platform::wall_ms());
  if (!submitter_.available()) std::fprintf(stderr, "tongban-kiosk: submissions off: %s\n", submitter_.problem().c_str());
  ui_.set_submitter(&submitter_);
  load_code_lists(o.staff);
  // A camera that cannot start is reported, and the kiosk runs on: the hall's wedge scanner and
  // every other service still work.
  if (!o.camera.empty()) {
    std::string why;
    if (platform::camera_start(o.camera, &why)) std::fprintf(stderr, "tongban-kiosk: camera: reading codes from %s\n", o.camera.c_str());
    else std::fprintf(stderr, "tongban-kiosk: camera: %s (scanning by camera is off)\n", why.c_str());
  }
  const GuideLoadReport guides = load_guides(&guides_);
  for (const auto& line : guides.events) std::fprintf(stderr, "tongban-kiosk: guides: %s\n", line.c_str());
  if (guides.ok) ui_.set_guides(&guides_);
  ImGui::GetIO().IniFilename = nullptr;  // a kiosk keeps no UI state on disk
  auto font = platform::read_asset("tongban-ui.ttf", error);
  if (!font) return false;
  if (!fonts_.init(std::move(*font))) {
    *error = "tongban-ui.ttf: not a usable font";
    return false;
  }
  app_.set_default_elderly(o.elderly);
  apply_style(app_.elderly());
  return true;
}

void Runner::on_event(const SDL_Event& e) {
  switch (e.type) {
    case SDL_MOUSEMOTION: pointer_ = {float(e.motion.x), float(e.motion.y)}, have_pointer_ = true; break;
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
      // A real keyboard (or a pinyin IME) typing into the search box; elsewhere on the home and
      // scan screens, a keyboard-wedge scanner typing a code (Enter ends it).
      if (app_.screen() == app::Screen::GuideSearch) app_.type(e.text.text, platform::now_ms());
      else if (app_.screen() == app::Screen::Home || app_.screen() == app::Screen::Scan) {
        if (scan_buffer_.size() < 4096) scan_buffer_ += e.text.text;
        app_.touch(platform::now_ms());
      } else app_.touch(platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
      break;
    case SDL_KEYDOWN:
      if ((e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) && !scan_buffer_.empty()) {
        ui_.scanned(scan_buffer_, platform::now_ms());
        crypto::wipe(scan_buffer_);
      } else if (app_.screen() == app::Screen::GuideSearch && e.key.keysym.sym == SDLK_BACKSPACE) app_.backspace(platform::now_ms());
      else if (e.key.keysym.sym == SDLK_ESCAPE) app_.back(platform::now_ms());
      else app_.touch(platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
      break;
    case SDL_MOUSEBUTTONDOWN: case SDL_FINGERDOWN: case SDL_MOUSEWHEEL:
      app_.touch(platform::now_ms());
      frames_due_ = std::max(frames_due_, 3);
      break;
    default:
      // Motion, button-up, window exposure or resize: redraw, but it is not a person's activity.
      frames_due_ = std::max(frames_due_, 2);
  }
}

int Runner::wait_ms() {
  if (frames_due_ > 0) return 0;
  std::int64_t wait = app_.ms_until_change(platform::now_ms());
  const std::int64_t outbox = submitter_.ms_until_due(platform::wall_ms());  // the next retry
  if (outbox >= 0 && (wait < 0 || outbox < wait)) wait = outbox;
  return wait < 0 ? -1 : static_cast<int>(std::min<std::int64_t>(wait + 1, 60'000));
}

bool Runner::frame_due() {
  take_camera_codes();
  // Network answers and due retries; the screen shows statuses and the queued count.
  if (submitter_.poll(platform::wall_ms())) frames_due_ = std::max(frames_due_, 1);
  if (app_.tick(platform::now_ms())) {
    apply_style(app_.elderly());
    frames_due_ = std::max(frames_due_, 2);
  }
  // Timed changes (the warning countdown) are due when their deadline has passed.
  if (app_.ms_until_change(platform::now_ms()) == 0) frames_due_ = std::max(frames_due_, 1);
  return frames_due_ > 0;
}

void Runner::draw_frame(SDL_Window* window) {
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

void Runner::after_present() {
  ++frame_;
  if (first_frame_ms_ < 0) first_frame_ms_ = platform::ms_since_start();
  ui_.frame_presented(frame_, first_frame_ms_);
}

}  // namespace tb::kiosk
