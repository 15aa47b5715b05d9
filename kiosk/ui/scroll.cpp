#include "ui/scroll.h"

#include <imgui_internal.h>  // SetNextWindowScroll: the position given before the area is laid out

#include <algorithm>
#include <cmath>

#include "ui_strings.h"

namespace tb::kiosk {

void ScrollArea::set_generation(std::uint64_t g) {
  if (g == generation_) return;
  generation_ = g;
  places_.clear();
  here_ = {};
  target_ = -1;
  dragging_ = hovered_ = false;
}

Canvas ScrollArea::begin(Canvas& parent, const std::string& id, ImVec2 pos, ImVec2 size) {
  parent_ = &parent;
  if (id != id_) {
    if (!id_.empty()) places_[id_] = here_;
    const auto known = places_.find(id);
    here_ = known == places_.end() ? Place{} : known->second;
    id_ = id;
    target_ = -1;
    dragging_ = hovered_ = false;
  }
  pos_ = pos;
  size_ = size;
  rail_ = parent.theme.button_h * 2.2f;
  width_ = size.x - rail_ - parent.theme.gap;
  // This frame's position, from what moved it since the last one.
  const ImGuiIO& io = ImGui::GetIO();
  if (dragging_) {
    if (ImGui::IsMouseDown(0)) here_.scroll = drag_scroll_ - (io.MousePos.y - drag_y_);
    else dragging_ = false;
  }
  if (hovered_ && io.MouseWheel != 0) here_.scroll -= io.MouseWheel * parent.theme.button_h;
  if (target_ >= 0) here_.scroll = target_, target_ = -1;
  const float max = std::max(0.0f, here_.content - size.y);
  here_.scroll = std::clamp(here_.scroll, 0.0f, max);
  if (max > 0) draw_rail(parent, max);  // its buttons may move the content: before it is laid out
  ImGui::SetCursorScreenPos(pos);
  ImGui::SetNextWindowScroll({-1.0f, here_.scroll});
  const std::string window_id = id_ + "##s" + std::to_string(generation_);
  ImGui::BeginChild(window_id.c_str(), {width_, size.y}, false, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  here_.scroll = ImGui::GetScrollY();  // as Dear ImGui clamped it (the same bounds)
  origin_ = ImGui::GetCursorScreenPos();
  parent.automation.view(id_, pos.x, pos.y, width_, size.y);
  return Canvas{ImGui::GetWindowDrawList(), parent.fonts, parent.automation, parent.theme, parent.size, parent.texts,
                parent.redraw};
}

void ScrollArea::draw_rail(Canvas& c, float max) {
  const float x = pos_.x + width_ + c.theme.gap;
  // Two page buttons fit however short the area (长辈版's larger buttons over a short list).
  const ImVec2 bsize{rail_, std::min(c.theme.button_h * 1.4f, (size_.y - c.theme.gap) * 0.5f)};
  const float page = size_.y * 0.8f;
  const bool can_up = here_.scroll > 0.5f, can_down = here_.scroll < max - 1.0f;
  if (button(c, (id_ + ".up").c_str(), ui::kPageUp, {x, pos_.y}, bsize, can_up, Icon::Up,
             can_up ? color::kPrimary : color::kBorder) && can_up)
    here_.scroll = std::max(0.0f, here_.scroll - page);
  if (button(c, (id_ + ".down").c_str(), ui::kPageDown, {x, pos_.y + size_.y - bsize.y}, bsize, can_down, Icon::Down,
             can_down ? color::kPrimary : color::kBorder) && can_down)
    here_.scroll = std::min(max, here_.scroll + page);
  // Tests see a rail at its end as disabled (it is drawn greyed out and ignores taps).
  if (!can_up) c.automation.mark(id_ + ".up", "disabled");
  if (!can_down) c.automation.mark(id_ + ".down", "disabled");
  // Scroll position, between the two buttons (where the content is drawn this frame), when there
  // is room for it there.
  const float track_top = pos_.y + bsize.y + c.theme.gap, track_h = size_.y - 2 * (bsize.y + c.theme.gap);
  if (track_h < 24) return;
  const float thumb_h = std::max(std::min(40.0f, track_h), track_h * size_.y / (size_.y + max));
  const float thumb_y = track_top + (track_h - thumb_h) * (here_.scroll / max);
  const float cx = x + rail_ * 0.5f;
  c.dl->AddRectFilled({cx - 4, track_top}, {cx + 4, track_top + track_h}, color::kBorder, 4);
  c.dl->AddRectFilled({cx - 6, thumb_y}, {cx + 6, thumb_y + thumb_h}, color::kPrimary, 6);
}

void ScrollArea::end(float content_height) {
  ImGui::SetCursorScreenPos(origin_);
  ImGui::Dummy({width_, content_height});
  // A press on the content that moves is a drag, not a tap (widgets.cpp): from the next frame the
  // content follows the finger, from where the press began.
  hovered_ = ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem);
  if (!dragging_ && hovered_ && ImGui::IsMouseDragging(0, 6.0f)) {
    dragging_ = true;
    drag_scroll_ = here_.scroll;
    drag_y_ = ImGui::GetIO().MouseClickedPos[0].y;
    if (parent_->redraw) *parent_->redraw = std::max(*parent_->redraw, 1);
  }
  ImGui::EndChild();
  // The rail appears once the content's height is known (the frame after a new id is first drawn).
  const bool first = here_.content < 0;
  here_.content = std::floor(content_height);  // as Dear ImGui measures it (whole pixels): the same end
  if (first && content_height > size_.y && parent_->redraw) *parent_->redraw = std::max(*parent_->redraw, 1);
}

}  // namespace tb::kiosk
