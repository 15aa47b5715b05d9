#pragma once
// A scrollable area for long screens (item pages, lists) that works for every hand: drag with a
// finger, a mouse wheel, or the large 上一页 / 下一页 buttons beside it for people who find
// dragging hard. Content is drawn with the Canvas returned by begin(), in screen coordinates from
// origin(); end() is told how tall the content was. Keep one ScrollArea per screen across frames;
// each `id` keeps its own position (a screen returned to is where it was left), a new one starts
// at the top.
//
// The area owns its scroll position and decides it in begin(), before the content is laid out:
// a tap on 上一页/下一页, a drag or the wheel moves the content in the very frame that sees it, so
// every frame draws the rows where that frame's taps land. (Dear ImGui's SetScrollY lands a frame
// later: the frame after 下一页 drew the old rows while the next tap hit the new ones.)
#include <algorithm>
#include <cstdint>
#include <map>
#include <string>

#include "ui/widgets.h"

namespace tb::kiosk {

class ScrollArea {
 public:
  Canvas begin(Canvas& parent, const std::string& id, ImVec2 pos, ImVec2 size);
  // Scroll positions belong to one person: a new session starts every page at the top.
  void set_generation(std::uint64_t g);
  ImVec2 origin() const { return origin_; }
  float width() const { return width_; }
  void end(float content_height);
  // Scroll so that content_y (from the content's top) is at the top, from the next frame.
  void scroll_to(float content_y) { target_ = std::max(0.0f, content_y); }

 private:
  // Where one id was left: its scroll and its content's height (-1: not drawn yet).
  struct Place {
    float scroll = 0, content = -1;
  };
  void draw_rail(Canvas& c, float max);

  Canvas* parent_ = nullptr;
  std::string id_;
  ImVec2 pos_{}, size_{}, origin_{};
  float width_ = 0, rail_ = 0;
  Place here_;                          // the id being drawn
  std::map<std::string, Place> places_;  // the others, by id
  float target_ = -1;                   // a position asked for by scroll_to(), applied at the next begin()
  bool dragging_ = false, hovered_ = false;
  float drag_scroll_ = 0, drag_y_ = 0;  // scroll and finger height where the drag began
  std::uint64_t generation_ = 0;
};

}  // namespace tb::kiosk
