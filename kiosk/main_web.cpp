// tongban-kiosk for browsers: the same Runner, SDL2 on a WebGL 1 canvas (GLES 2.0), driven by
// the browser's animation frames while something changes. An idle kiosk sleeps, as the native
// one does in SDL_WaitEventTimeout: with no frame due, the loop runs on a timer instead (the
// runner's wait, at most 250 ms, for what arrives without an event: a network answer, the camera's
// codes), and any input puts it back on animation frames at once. Running every animation frame
// with nothing to draw kept Chromium's renderer at several per cent of a core.
#include <SDL.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>
#include <imgui_impl_sdl.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include "forget_on_free.h"
#include "ui/runner.h"

namespace {
SDL_Window* g_window = nullptr;
tb::kiosk::Runner* g_runner = nullptr;
int g_timer_ms = 0;  // 0: the loop runs every animation frame; else on a timer this long

void run_every(int timer_ms) {
  if (timer_ms == g_timer_ms) return;
  g_timer_ms = timer_ms;
  if (timer_ms == 0) emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
  else emscripten_set_main_loop_timing(EM_TIMING_SETTIMEOUT, timer_ms);
}

void loop() {
  SDL_Event e;
  while (SDL_PollEvent(&e)) {  // one button event per frame (see main_native.cpp)
    ImGui_ImplSDL2_ProcessEvent(&e);
    g_runner->on_event(e);
    if (tb::kiosk::is_button_event(e)) break;
  }
  if (g_runner->frame_due()) {
    g_runner->draw_frame(g_window);
    SDL_GL_SwapWindow(g_window);
    g_runner->after_present();
  }
  const int wait = g_runner->wait_ms();
  run_every(wait == 0 ? 0 : wait < 0 ? 250 : std::min(wait, 250));
}
}  // namespace

// Input arrived (the page's listeners, tb_js_wake_on_input): back on animation frames now. Pausing
// and resuming drops the timer pending (it could be 250 ms away) and asks for the next frame.
extern "C" EMSCRIPTEN_KEEPALIVE void tb_kiosk_wake() {
  if (g_timer_ms == 0) return;
  g_timer_ms = 0;
  emscripten_pause_main_loop();
  emscripten_set_main_loop_timing(EM_TIMING_RAF, 1);
  emscripten_resume_main_loop();
}

// News from the page outside SDL's events (a document camera frame, kiosk.js): a frame to take it.
extern "C" EMSCRIPTEN_KEEPALIVE void tb_kiosk_news() {
  if (g_runner) g_runner->news_arrived();
  tb_kiosk_wake();
}

// A finger's (or a mouse's) moves between two frames. While the kiosk draws, Chromium queues input
// and hands the page one move per animation frame, the latest; the ones before it are only in the
// pointer event's getCoalescedEvents(). SDL sees the latest alone, so on a slow kiosk a stroke on the
// handwriting pad kept a few corners of its shape and the recogniser offered the wrong characters.
// The page passes the earlier moves here (in fractions of the canvas) before SDL's own handler
// queues the latest, so the runner gets them all, in order.
extern "C" EMSCRIPTEN_KEEPALIVE void tb_kiosk_pointer_between(double fx, double fy) {
  if (!g_window) return;
  int w = 0, h = 0;
  SDL_GetWindowSize(g_window, &w, &h);
  SDL_Event e{};
  e.type = SDL_MOUSEMOTION;
  e.motion.windowID = SDL_GetWindowID(g_window);
  e.motion.which = SDL_TOUCH_MOUSEID;
  e.motion.state = SDL_BUTTON_LMASK;
  e.motion.x = static_cast<int>(fx * w);
  e.motion.y = static_cast<int>(fy * h);
  SDL_PushEvent(&e);
}

// clang-format off
EM_JS(int, tb_js_canvas_width, (), { return Module.canvas.width; });
EM_JS(int, tb_js_canvas_height, (), { return Module.canvas.height; });
EM_JS(int, tb_js_elderly_requested, (), { return Module.tbElderly ? 1 : 0; });
EM_JS(int, tb_js_automation_enabled, (), { return Module.onAutomation ? 1 : 0; });
EM_JS(int, tb_js_camera_requested, (), { return Module.tbCamera ? 1 : 0; });
EM_JS(int, tb_js_document_camera_requested, (), { return Module.tbDocumentCamera ? 1 : 0; });
EM_JS(double, tb_js_screen_inches, (), { return Module.tbScreenInches || 0; });
// Input of any kind wakes a sleeping loop (before SDL's own handlers queue it: capture phase).
EM_JS(void, tb_js_wake_on_input, (), {
  const wake = () => _tb_kiosk_wake();
  for (const type of ['pointerdown', 'pointermove', 'pointerup', 'mousedown', 'mousemove', 'mouseup', 'touchstart', 'touchmove',
                      'touchend', 'wheel', 'keydown', 'keyup', 'resize', 'focus'])
    window.addEventListener(type, wake, { capture: true, passive: true });
});
// Pointer events come before the touch and mouse events SDL listens to, and a capture listener on
// the window before any on the canvas: the earlier moves are queued before the latest.
EM_JS(void, tb_js_pass_coalesced_moves, (), {
  window.addEventListener('pointermove', (e) => {
    if (!e.buttons || e.target !== Module.canvas || !e.getCoalescedEvents) return;
    const moves = e.getCoalescedEvents(), r = Module.canvas.getBoundingClientRect();
    if (r.width <= 0 || r.height <= 0) return;
    for (let i = 0; i + 1 < moves.length; i++)
      _tb_kiosk_pointer_between((moves[i].clientX - r.left) / r.width, (moves[i].clientY - r.top) / r.height);
  }, { capture: true, passive: true });
});
// clang-format on

int main() {
  tb::kiosk::forget_on_free::install();
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_TIMER | SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "tongban-kiosk: SDL_Init failed: %s\n", SDL_GetError());
    return 3;
  }
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_PROFILE_MASK, SDL_GL_CONTEXT_PROFILE_ES);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MAJOR_VERSION, 2);
  SDL_GL_SetAttribute(SDL_GL_CONTEXT_MINOR_VERSION, 0);
  SDL_GL_SetAttribute(SDL_GL_DOUBLEBUFFER, 1);
  tb::kiosk::Options options;
  options.width = tb_js_canvas_width();
  options.height = tb_js_canvas_height();
  options.portrait = options.height > options.width;
  options.elderly = tb_js_elderly_requested() != 0;
  if (tb_js_automation_enabled()) options.automation_path = "automation";
  if (const double inches = tb_js_screen_inches(); inches >= 7 && inches <= 100) options.screen_inches = static_cast<float>(inches);
  if (tb_js_camera_requested()) options.camera = "browser";  // kiosk/?camera=1
  if (tb_js_document_camera_requested()) options.document_camera = "browser";  // kiosk/?document-camera=1
  g_window = SDL_CreateWindow("通办 自助终端", SDL_WINDOWPOS_UNDEFINED, SDL_WINDOWPOS_UNDEFINED, options.width,
                              options.height, SDL_WINDOW_OPENGL | SDL_WINDOW_RESIZABLE);
  SDL_GLContext gl = g_window ? SDL_GL_CreateContext(g_window) : nullptr;
  if (!gl) {
    std::fprintf(stderr, "tongban-kiosk: cannot create a WebGL context: %s\n", SDL_GetError());
    return 3;
  }
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui_ImplSDL2_InitForOpenGL(g_window, gl);
  ImGui_ImplOpenGL3_Init("#version 100");
  static tb::kiosk::Runner runner;
  if (const auto started = runner.init(options); !started) {
    std::fprintf(stderr, "tongban-kiosk: %s\n", started.detail().c_str());
    return 4;
  }
  g_runner = &runner;
  tb_js_wake_on_input();
  tb_js_pass_coalesced_moves();
  emscripten_set_main_loop(loop, 0, 0);
  return 0;
}
