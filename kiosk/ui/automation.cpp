#include "ui/automation.h"

#include <nlohmann/json.hpp>

#include "platform/platform.h"

namespace tb::kiosk {

void Automation::target(std::string id, std::string label, float x, float y, float w, float h) {
  if (enabled()) targets_.push_back({std::move(id), std::move(label), x, y, w, h});
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
  for (const auto& t : targets_)
    arr.push_back({{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}});
  platform::write_file_atomic(path_, j.dump());
}

}  // namespace tb::kiosk
