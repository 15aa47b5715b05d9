#include "ui/automation.h"

#include <imgui.h>

#include <nlohmann/json.hpp>

#include "platform/platform.h"

namespace tb::kiosk {

void Automation::target(std::string id, std::string label, float x, float y, float w, float h, std::string state) {
  if (!enabled()) return;
  // Inside a scroll area a target may be scrolled out of sight: tests must not tap it there.
  bool visible = true;
  if (ImGui::GetCurrentContext()) {
    const ImVec2 lo = ImGui::GetWindowDrawList()->GetClipRectMin(), hi = ImGui::GetWindowDrawList()->GetClipRectMax();
    const float cy = y + h * 0.5f, cx = x + w * 0.5f;
    visible = cy >= lo.y && cy <= hi.y && cx >= lo.x && cx <= hi.x;
  }
  targets_.push_back({std::move(id), std::move(label), x, y, w, h, std::move(state), visible});
}

void Automation::mark(const std::string& id, const std::string& state) {
  if (!enabled()) return;
  for (auto it = targets_.rbegin(); it != targets_.rend(); ++it)
    if (it->id == id) {
      it->state = state;
      return;
    }
}

void Automation::end_frame(const std::string& screen, const std::string& arg, bool elderly, int frame, double first_frame_ms,
                           int missing_glyphs, const std::vector<std::string>& texts) {
  if (!enabled()) return;
  nlohmann::json j;
  j["frame"] = frame;
  j["screen"] = screen;
  j["arg"] = arg;
  j["elderly"] = elderly;
  j["first_frame_ms"] = first_frame_ms;
  j["missing_glyphs"] = missing_glyphs;
  j["texts"] = texts;
  auto& arr = j["targets"] = nlohmann::json::array();
  for (const auto& t : targets_) {
    if (!t.visible) continue;  // scrolled out of sight: not on screen, so not a target
    arr.push_back({{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}, {"state", t.state}});
  }
  platform::write_file_atomic(path_, j.dump());
}

}  // namespace tb::kiosk
