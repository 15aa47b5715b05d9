#pragma once
// A scrollable area for long screens (item pages, lists) that works for every hand: drag with a
// finger, a mouse wheel, or the large 上一页 / 下一页 buttons beside it for people who find
// dragging hard. Content is drawn with the Canvas returned by begin(), in screen coordinates from
// origin(); end() is told how tall the content was. Keep one ScrollArea per screen across frames
// (it remembers a pending page move); a new `id` starts at the top.
#include <algorithm>
#include <string>

#include "ui/widgets.h"

namespace tb::kiosk {

class ScrollArea {
 public:
  Canvas begin(Canvas& parent, const std::string& id, ImVec2 pos, ImVec2 size);
  // Scroll positions belong to one person: a new session starts every page at the top.
  void set_generation(std::uint64_t g) { generation_ = g; }
  ImVec2 origin() const { return origin_; }
  float width() const { return width_; }
  void end(float content_height);
  // Scroll so that content_y (from the content's top) is at the top, from the next frame.
  void scroll_to(float content_y) { target_ = std::max(0.0f, content_y); }

 private:
  Canvas* parent_ = nullptr;
  std::string id_;
  ImVec2 pos_{}, size_{}, origin_{};
  float width_ = 0, rail_ = 0;
  float pending_ = 0;  // page move requested by a rail button, applied at the next begin()
  float target_ = -1;  // a position asked for by scroll_to(), applied at the next begin()
  std::uint64_t generation_ = 0;
};

}  // namespace tb::kiosk
