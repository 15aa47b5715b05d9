#pragma once
// Test hook: when enabled (kiosk --automation FILE), each drawn frame is described as JSON —
// the screen, the mode and every touch target with its label and rectangle in window pixels —
// so tests can find and click real targets in the real window (xdotool under Xvfb, Playwright in
// the browser) and check what is on screen. Never contains personal data: only UI labels.
#include <string>
#include <vector>

namespace tb::kiosk {

struct TargetInfo {
  std::string id;     // stable: "entry.guides", "toggle.elderly", "nav.back", …
  std::string label;  // what the person reads
  float x, y, w, h;
  std::string state;  // for tests: "filled"/"empty", "selected", "error" (never the value itself)
  bool visible = true;
};

class Automation {
 public:
  void enable(std::string path) { path_ = std::move(path); }
  bool enabled() const { return !path_.empty(); }
  void begin_frame() { targets_.clear(); }
  void target(std::string id, std::string label, float x, float y, float w, float h, std::string state = {});
  // Adds a state to the most recent target with this id (e.g. a field box drawn before its check).
  void mark(const std::string& id, const std::string& state);
  // Writes the frame description (only when enabled).
  void end_frame(const std::string& screen, const std::string& arg, bool elderly, int frame, double first_frame_ms,
                 int missing_glyphs, const std::vector<std::string>& texts);

 private:
  std::string path_;
  std::vector<TargetInfo> targets_;
};

}  // namespace tb::kiosk
