#include "ui/automation.h"

#include <imgui.h>

#include <cstdio>

#include <nlohmann/json.hpp>

#include "platform/platform.h"

namespace tb::kiosk {

// Tests must not tap or measure what is scrolled out of sight, and 读给我听 does not say it.
bool in_sight(float x, float y, float w, float h) {
  if (!ImGui::GetCurrentContext()) return true;
  const ImVec2 lo = ImGui::GetWindowDrawList()->GetClipRectMin(), hi = ImGui::GetWindowDrawList()->GetClipRectMax();
  const float cy = y + h * 0.5f, cx = x + w * 0.5f;
  return cy >= lo.y && cy <= hi.y && cx >= lo.x && cx <= hi.x;
}

void Automation::target(std::string id, std::string label, float x, float y, float w, float h, std::string state) {
  if (!enabled()) return;
  const bool shown = in_sight(x, y, w, h);
  targets_.push_back({std::move(id), std::move(label), x, y, w, h, std::move(state), shown, has_modal_});
}

void Automation::text_run(float x, float y, float w, float h, float px, float line_px, unsigned color) {
  if (!enabled() || w <= 0 || !in_sight(x, y, w, h)) return;
  runs_.push_back({x, y, w, h, px, line_px, color, has_modal_});
}

void Automation::view(std::string id, float x, float y, float w, float h) {
  if (enabled()) views_.push_back({std::move(id), x, y, w, h});
}

void Automation::mark(const std::string& id, const std::string& state) {
  if (!enabled()) return;
  for (auto it = targets_.rbegin(); it != targets_.rend(); ++it)
    if (it->id == id) {
      it->state = state;
      return;
    }
}

namespace {
// Enough for every frame and call between two reads of a benchmark polling every few ms.
constexpr std::size_t kKeptTimes = 120;
}  // namespace

void Automation::frame_time(int frame, double ms, double built_ms) {
  if (!enabled()) return;
  frame_times_.push_back({frame, ms, built_ms});
  if (frame_times_.size() > kKeptTimes) frame_times_.pop_front();
}

void Automation::engine_call(const char* kind, double ms) {
  if (!enabled()) return;
  engine_calls_.push_back({++engine_seq_, kind, ms});
  if (engine_calls_.size() > kKeptTimes) engine_calls_.pop_front();
}

void Automation::end_frame(const std::string& screen, const std::string& arg, bool elderly, int frame, double first_frame_ms,
                           int missing_glyphs, bool unbaked, const std::vector<std::string>& texts) {
  if (!enabled()) return;
  nlohmann::json j;
  j["frame"] = frame;
  j["screen"] = screen;
  j["arg"] = arg;
  j["elderly"] = elderly;
  j["first_frame_ms"] = first_frame_ms;
  j["missing_glyphs"] = missing_glyphs;
  j["unbaked"] = unbaked;
  j["texts"] = texts;
  auto& arr = j["targets"] = nlohmann::json::array();
  for (const auto& t : targets_) {
    if (!t.visible) continue;  // scrolled out of sight: not on screen, so not a target
    arr.push_back({{"id", t.id}, {"label", t.label}, {"x", t.x}, {"y", t.y}, {"w", t.w}, {"h", t.h}, {"state", t.state}});
    if (has_modal_) arr.back()["on_modal"] = t.on_modal;
  }
  auto& runs = j["runs"] = nlohmann::json::array();
  for (const auto& r : runs_) {
    char rgb[8];
    std::snprintf(rgb, sizeof rgb, "#%02x%02x%02x", r.color & 0xFF, (r.color >> 8) & 0xFF, (r.color >> 16) & 0xFF);
    runs.push_back({{"x", r.x}, {"y", r.y}, {"w", r.w}, {"h", r.h}, {"px", r.px}, {"line_px", r.line_px}, {"color", rgb}, {"on_modal", r.on_modal}});
  }
  auto& views = j["views"] = nlohmann::json::array();
  for (const auto& v : views_) views.push_back({{"id", v.id}, {"x", v.x}, {"y", v.y}, {"w", v.w}, {"h", v.h}});
  if (has_modal_) j["modal"] = {{"x", modal_.x}, {"y", modal_.y}, {"w", modal_.w}, {"h", modal_.h}};
  if (inches_ > 0) j["screen_inches"] = inches_;
  j["display"] = {{"w", display_w_}, {"h", display_h_}};
  j["atlas"] = {{"rebuilds", atlas_.rebuilds}, {"added_in_place", atlas_.added_in_place}, {"baked", atlas_.baked}};
  auto& perf = j["perf"] = {{"frames", nlohmann::json::array()}, {"engine", nlohmann::json::array()}};
  for (const auto& f : frame_times_) perf["frames"].push_back({f.frame, f.ms, f.built_ms});
  for (const auto& e : engine_calls_) perf["engine"].push_back({e.seq, e.kind, e.ms});
  platform::write_file_atomic(path_, j.dump());
}

}  // namespace tb::kiosk
