#include "ui/scroll.h"

#include <algorithm>

#include "ui_strings.h"

namespace tb::kiosk {

Canvas ScrollArea::begin(Canvas& parent, const std::string& id, ImVec2 pos, ImVec2 size) {
  parent_ = &parent;
  if (id != id_) pending_ = 0, target_ = -1;
  id_ = id;
  pos_ = pos;
  size_ = size;
  rail_ = parent.theme.button_h * 2.2f;
  width_ = size.x - rail_ - parent.theme.gap;
  ImGui::SetCursorScreenPos(pos);
  const std::string window_id = id_ + "##s" + std::to_string(generation_);
  ImGui::BeginChild(window_id.c_str(), {width_, size.y}, false, ImGuiWindowFlags_NoScrollbar);
  if (target_ >= 0) {
    ImGui::SetScrollY(target_);
    target_ = -1;
    pending_ = 0;
  } else if (pending_ != 0) {
    ImGui::SetScrollY(ImGui::GetScrollY() + pending_);
    pending_ = 0;
  }
  origin_ = ImGui::GetCursorScreenPos();
  return Canvas{ImGui::GetWindowDrawList(), parent.fonts, parent.automation, parent.theme, parent.size, parent.texts,
                parent.redraw};
}

void ScrollArea::end(float content_height) {
  ImGui::SetCursorScreenPos(origin_);
  ImGui::Dummy({width_, content_height});
  // Finger drag moves the content with the finger (presses that drag are not taps: widgets.cpp).
  if (ImGui::IsWindowHovered(ImGuiHoveredFlags_AllowWhenBlockedByActiveItem) && ImGui::IsMouseDragging(0, 6.0f))
    ImGui::SetScrollY(ImGui::GetScrollY() - ImGui::GetIO().MouseDelta.y);
  const float scroll = ImGui::GetScrollY(), max = ImGui::GetScrollMaxY();
  ImGui::EndChild();
  if (max <= 0) return;
  Canvas& c = *parent_;
  const float x = pos_.x + width_ + c.theme.gap;
  const ImVec2 bsize{rail_, c.theme.button_h * 1.4f};
  const float page = size_.y * 0.8f;
  // Scroll position, between the two buttons.
  const float track_top = pos_.y + bsize.y + c.theme.gap, track_h = size_.y - 2 * (bsize.y + c.theme.gap);
  const float thumb_h = std::max(40.0f, track_h * size_.y / (size_.y + max));
  const float thumb_y = track_top + (track_h - thumb_h) * (scroll / max);
  const float cx = x + rail_ * 0.5f;
  c.dl->AddRectFilled({cx - 4, track_top}, {cx + 4, track_top + track_h}, color::kBorder, 4);
  c.dl->AddRectFilled({cx - 6, thumb_y}, {cx + 6, thumb_y + thumb_h}, color::kPrimary, 6);
  const bool can_up = scroll > 0.5f, can_down = scroll < max - 0.5f;
  if (button(c, (id_ + ".up").c_str(), ui::kPageUp, {x, pos_.y}, bsize, can_up, Icon::Up,
             can_up ? color::kPrimary : color::kBorder) && can_up)
    pending_ = -page;
  if (button(c, (id_ + ".down").c_str(), ui::kPageDown, {x, pos_.y + size_.y - bsize.y}, bsize, can_down, Icon::Down,
             can_down ? color::kPrimary : color::kBorder) && can_down)
    pending_ = page;
  // Tests see a rail at its end as disabled (it is drawn greyed out and ignores taps).
  if (!can_up) c.automation.mark(id_ + ".up", "disabled");
  if (!can_down) c.automation.mark(id_ + ".down", "disabled");
  // The move lands two frames later (applied at the next begin(), scrolled at the one after).
  if (pending_ != 0 && c.redraw) *c.redraw = std::max(*c.redraw, 3);
}

}  // namespace tb::kiosk
