#pragma once
// The editor sheet for the field being typed: a large keypad for numbers, IDs, mobiles and dates;
// a text box (real keyboard and its IME) for text; a province → city → county list for addresses;
// 确定 / 取消. It is modal: drawn in its own window over a dimmed screen, so nothing beneath it can
// be tapped while it is open, and it never changes the layout of the screen under it. What is
// typed lives in the person's state (PersonState::entry), so the session's end wipes it; the
// editor keeps only where 确定 puts the value, why it was last refused, and UI state.
#include <functional>
#include <string>

#include "form/session.h"
#include "ui/context.h"
#include "ui/scroll.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class Editor {
 public:
  explicit Editor(UiContext& ui) : ui_(ui) {}
  // What 确定 does with the typed value: "" when it was taken (the editor closes), else why not in
  // plain Chinese — the editor then stays open with the reason under what was typed, unmasked, so
  // the person can check it character by character.
  using Commit = std::function<std::string(const std::string&)>;
  void open(const form::FieldView& f, Commit commit);
  void close();
  bool is_open() const { return ui_.person().entry.open(); }
  bool editing(const std::string& path) const { return ui_.person().entry.path == path; }
  // Closes it when the person left its screen or their session ended.
  void close_if_stale(std::int64_t now);
  // Draws the sheet over the whole display (after the screen's window, before the session warning).
  void draw(Canvas& screen, std::int64_t now);

 private:
  float sheet_height(const Theme& t, float display_h) const;
  void draw_keypad(Canvas& c, ImVec2 pos, float width, std::int64_t now);
  void draw_divisions(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);

  UiContext& ui_;
  Commit commit_;          // where 确定 puts the value
  std::string refusal_;    // why the last 确定 was refused (never the value itself)
  bool focus_ = false;     // give the text box the keyboard next frame
  ScrollArea divisions_;   // the address list's scroll position (UI state)
};

}  // namespace tb::kiosk
