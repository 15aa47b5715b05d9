#pragma once
// The editor panel at the bottom of the screen for the field being typed: a large keypad for
// numbers, IDs, mobiles and dates; a text box (real keyboard and IME) for text; a division picker
// for addresses; 确定 / 取消. What is typed lives in the person's state (PersonState::entry), so the
// session's end wipes it; the editor keeps only where 确定 puts the value and a focus request.
#include <functional>
#include <string>

#include "form/session.h"
#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class Editor {
 public:
  explicit Editor(UiContext& ui) : ui_(ui) {}
  // Opens the editor for a field; `commit` gets what was typed on 确定 and says whether to close
  // (a refused value keeps the editor open beside the screen's message).
  void open(const form::FieldView& f, std::function<bool(const std::string&)> commit);
  void close();
  bool is_open() const { return ui_.person().entry.open(); }
  bool editing(const std::string& path) const { return ui_.person().entry.path == path; }
  // Closes it when the person left its screen or their session ended.
  void close_if_stale(std::int64_t now);
  // The panel's height (0 when closed): screens shrink their scroll area by it, or the scroll
  // area's window would sit over the keypad and take its taps.
  float height(const Theme& t, float area_h) const;
  void draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);

 private:
  void draw_keypad(Canvas& c, ImVec2 pos, float y, ImVec2 area, std::int64_t now);
  void draw_divisions(Canvas& c, ImVec2 pos, float y, ImVec2 area, float panel_h, std::int64_t now);

  UiContext& ui_;
  std::function<bool(const std::string&)> commit_;  // where 确定 puts the value
  bool focus_ = false;                              // give the text box the keyboard next frame
};

}  // namespace tb::kiosk
