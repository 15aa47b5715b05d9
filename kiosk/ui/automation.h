#pragma once
// Test hook: when enabled (kiosk --automation FILE), each drawn frame is described as JSON —
// the screen, the mode and every touch target with its label and rectangle in window pixels —
// so tests can find and click real targets in the real window (xdotool under Xvfb, Playwright in
// the browser) and check what is on screen. Never contains personal data: only UI labels.
#include <deque>
#include <string>
#include <vector>

namespace tb::kiosk {

// Whether a rectangle drawn in the current Dear ImGui window is in sight: its centre inside the
// window's clip rectangle (inside a scroll area, something may be scrolled out of view).
bool in_sight(float x, float y, float w, float h);

struct TargetInfo {
  std::string id;     // stable: "entry.guides", "toggle.elderly", "nav.back", …
  std::string label;  // what the person reads
  float x, y, w, h;
  std::string state;  // for tests: "filled"/"empty", "selected", "error" (never the value itself)
  bool visible = true;
  bool on_modal = false;  // drawn on the modal sheet (what is beneath it cannot be tapped)
};

// A run of drawn text, for measuring it (sizes, line spacing, colour); never the text itself.
struct TextRun {
  float x, y, w, h;
  float px;         // font size in pixels
  float line_px;    // distance between wrapped lines (0: one line)
  unsigned color;   // 0xAABBGGRR, as Dear ImGui packs it
  bool on_modal;    // drawn on the modal sheet, not beneath it
};

class Automation {
 public:
  void enable(std::string path) { path_ = std::move(path); }
  bool enabled() const { return !path_.empty(); }
  void begin_frame() { targets_.clear(), runs_.clear(), views_.clear(), has_modal_ = false; }
  void set_display(float w, float h) { display_w_ = w, display_h_ = h; }
  void target(std::string id, std::string label, float x, float y, float w, float h, std::string state = {});
  void text_run(float x, float y, float w, float h, float px, float line_px, unsigned color);
  // The screen's physical size (kiosk --screen-inches), so tests can turn pixels into points.
  void set_screen_inches(float diagonal) { inches_ = diagonal; }
  // A modal sheet over the screen: what lies outside it is dimmed and takes no taps; what is drawn
  // from now on in this frame is on it.
  void set_modal(float x, float y, float w, float h) { modal_ = {x, y, w, h}; has_modal_ = true; }
  // A scroll area's view this frame (what of its content can be seen), so tests can tell a
  // target wholly in sight from one cut by the view's edge.
  void view(std::string id, float x, float y, float w, float h);
  // Adds a state to the most recent target with this id (e.g. a field box drawn before its check).
  void mark(const std::string& id, const std::string& state);
  // Timings for the benchmarks (tools/bench/bench_kiosk.mjs, bench_input.mjs): how long a drawn
  // frame took (from its start to the swap; `built_ms` of it building the UI up to ImGui::Render,
  // the rest is GL drawing) and each input-engine call the UI made. The latest ones go into every
  // description, so a benchmark polling the file misses none between two reads.
  void frame_time(int frame, double ms, double built_ms);
  void engine_call(const char* kind, double ms);
  // The font atlas's counters (KioskFonts): full rebuilds, characters baked in place, and glyphs
  // baked in all, so tests can tell a newly typed character did not rebuild the atlas.
  void atlas(int rebuilds, int added_in_place, int baked) { atlas_ = {rebuilds, added_in_place, baked}; }
  // Writes the frame description (only when enabled). `unbaked`: the frame drew characters not yet
  // in the font atlas (shown as '?'); they are baked and drawn again in the next frame.
  void end_frame(const std::string& screen, const std::string& arg, bool elderly, int frame, double first_frame_ms,
                 int missing_glyphs, bool unbaked, const std::vector<std::string>& texts);

 private:
  std::string path_;
  std::vector<TargetInfo> targets_;
  std::vector<TextRun> runs_;
  struct View {
    std::string id;
    float x, y, w, h;
  };
  std::vector<View> views_;
  float inches_ = 0, display_w_ = 0, display_h_ = 0;
  struct {
    float x, y, w, h;
  } modal_{};
  bool has_modal_ = false;
  struct FrameTime {
    int frame;
    double ms, built_ms;
  };
  struct EngineCall {
    int seq;
    const char* kind;
    double ms;
  };
  std::deque<FrameTime> frame_times_;
  std::deque<EngineCall> engine_calls_;
  int engine_seq_ = 0;
  struct {
    int rebuilds, added_in_place, baked;
  } atlas_{};
};

}  // namespace tb::kiosk
