// tongban-kiosk for Linux: an SDL2 window with an OpenGL 3 context, drawn by Dear ImGui.
// The loop sleeps in SDL_WaitEventTimeout until an input or an app timer needs a frame.
#include <SDL.h>
#include <SDL_opengl.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "forget_on_free.h"
#include "leak_check.h"
#include "options_native.h"
#include "ui/runner.h"

namespace {
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }
}  // namespace

int main(int argc, char** argv) {
  tb::kiosk::Options options;
  std::string error;
  switch (tb::kiosk::parse_options(argc, argv, &options, &error)) {
    case tb::kiosk::Parsed::Run: break;
    case tb::kiosk::Parsed::Help: std::fputs(tb::kiosk::usage(), stdout); return 0;
    case tb::kiosk::Parsed::PrintConfig: std::fputs(tb::kiosk::print_config(options).c_str(), stdout); return 0;
    case tb::kiosk::Parsed::Error:
      std::fprintf(stderr, "tongban-kiosk: %s\n", error.c_str());
      std::fputs(tb::kiosk::usage(), stderr);
      return 2;
  }
  tb::kiosk::forget_on_free::install();
  // A printer or espeak-ng that hangs up mid-write is a failed write the kiosk reports, not its end.
  std::signal(SIGPIPE, SIG_IGN);
  // Text from a physical keyboard's input method (a pinyin IME, xdotool in tests) reaches SDL only
  // through X's input method, which needs a UTF-8 locale: without one, X hands over Latin-1 and
  // every Chinese character is dropped. A kiosk started without LANG gets C.UTF-8 (always there).
  const char* ctype = std::setlocale(LC_CTYPE, "");
  if (!ctype || (!std::strstr(ctype, "UTF-8") && !std::strstr(ctype, "utf8"))) std::setlocale(LC_CTYPE, "C.UTF-8");
  // A physical keyboard's IME hands over a long composition (a whole name in pinyin) in one
  // SDL_TEXTEDITING_EXT event instead of cutting it at 32 bytes; the runner frees its text.
  SDL_SetHint(SDL_HINT_IME_SUPPORT_EXTENDED_TEXT, "1");
  // Without a screen SDL falls back to its "offscreen" driver, which would run a kiosk nobody
  // can see: unless that was asked for (SDL_VIDEODRIVER), treat it as having no display.
  const bool asked_for_driver = std::getenv("SDL_VIDEODRIVER") != nullptr;
  const bool sdl_ok = SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) == 0;
  const char* driver = sdl_ok ? SDL_GetCurrentVideoDriver() : nullptr;
  if (!sdl_ok || (!asked_for_driver && driver &&
                  (!std::strcmp(driver, "offscreen") || !std::strcmp(driver, "dummy")))) {
    std::fprintf(stderr,
                 "tongban-kiosk: no display available (%s).\n"
                 "Run it on the kiosk's screen, set DISPLAY, or use xvfb-run for tests.\n",
                 sdl_ok ? "only SDL's offscreen driver was found" : SDL_GetError());
    if (sdl_ok) SDL_Quit();
    return 3;
  }
  std::signal(SIGTERM, on_signal);
  std::signal(SIGINT, on_signal);

  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 3);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  Uint32 flags = SDL_WINDOW_OPENGL | SDL_WINDOW_ALLOW_HIGHDPI;
  if (options.fullscreen) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  SDL_Window* window = SDL_CreateWindow("通办 自助终端", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED,
                                        options.width, options.height, flags);
  SDL_GLContext gl = window ? SDL_GL_CreateContext(window) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "tongban-kiosk: cannot open an OpenGL 3 window: %s\n", SDL_GetError());
    SDL_Quit();
    return 3;
  }
  SDL_GL_MakeCurrent(window, gl);
  SDL_GL_SetSwapInterval(1);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui_ImplSDL2_InitForOpenGL(window, gl);
  ImGui_ImplOpenGL3_Init("#version 130");

  int status = 0;
  {
    tb::kiosk::Runner runner;
    if (const auto started = runner.init(options); !started) {
      std::fprintf(stderr, "tongban-kiosk: %s\n", started.detail().c_str());
      status = 4;
    }
    while (status == 0 && !g_stop && !runner.quit_requested()) {
      SDL_Event e;
      // Sleep until input, an app timer, or at most 250 ms (to notice SIGTERM).
      const int wait = runner.wait_ms();
      const int timeout = wait < 0 ? 250 : std::min(wait, 250);
      if (SDL_WaitEventTimeout(&e, timeout)) {
        // Dear ImGui 1.86 sees only the last button state of a frame: a press and a release, or two
        // quick taps, in one batch would be lost. After a button event, draw before taking the next.
        do {
          ImGui_ImplSDL2_ProcessEvent(&e);
          runner.on_event(e);
        } while (!tb::kiosk::is_button_event(e) && SDL_PollEvent(&e));
      }
      if (runner.frame_due()) {
        runner.draw_frame(window);
        SDL_GL_SwapWindow(window);
        runner.after_present();
      }
    }
  }  // the runner and everything it held are gone here
  // A sanitizer build checks the heap for leaks now, before the window system's libraries (Mesa,
  // D-Bus; not instrumented, some keep memory to the end or unload with it) are torn down.
  tb::kiosk::leak_check_now();

  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplSDL2_Shutdown();
  ImGui::DestroyContext();
  SDL_GL_DeleteContext(gl);
  SDL_DestroyWindow(window);
  SDL_Quit();
  return status;
}
