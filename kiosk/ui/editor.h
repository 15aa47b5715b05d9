#pragma once
// The editor sheet for the field being typed: a large keypad for numbers, IDs, mobiles and dates;
// for text, the touch screen's Chinese input (chinese_input.h: pinyin keyboard, handwriting pad,
// letters and digits) beside a text box that a real keyboard and its IME can also type into; a
// province → city → county list for addresses; a list to pick from when the answer is one of a
// known set (a choice field with many choices, e.g. 民族); 确定 / 取消. It is modal: drawn in its own window over a dimmed screen, so nothing beneath it can
// be tapped while it is open, and it never changes the layout of the screen under it. What is
// typed lives in the person's state (PersonState::entry), so the session's end wipes it; the
// editor keeps only where 确定 puts the value, why it was last refused, and UI state.
#include <functional>
#include <string>

#include "app/speech.h"
#include "form/session.h"
#include "ui/chinese_input.h"
#include "ui/context.h"
#include "ui/scroll.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class Editor {
 public:
  explicit Editor(UiContext& ui) : ui_(ui), chinese_(ui) {}
  // A choice field with this many choices or more is picked from a scrolling list in the sheet,
  // not from buttons on the form.
  static constexpr std::size_t kListChoices = 9;
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
  // Every pointer position while pressed (strokes on the handwriting pad keep them all).
  void pointer_moved(ImVec2 p) {
    if (is_open()) chinese_.pointer_moved(p);
  }
  // 读给我听 while the sheet is open: the field (label, hint, error, choices), what is typed so far
  // and why the last 确定 was refused. `s` points into the editor: use it before the next frame.
  void describe(app::ScreenSpeech& s) const;
  // Draws the sheet over the whole display (after the screen's window, before the session warning).
  // `above_dim` draws what stays tappable above the dimmed screen (the header's 读给我听).
  void draw(Canvas& screen, std::int64_t now, const std::function<void(Canvas&)>& above_dim = {});

 private:
  float sheet_height(const Theme& t, float display_h) const;
  void draw_keypad(Canvas& c, ImVec2 pos, float width, std::int64_t now);
  void draw_divisions(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);
  bool draw_choices(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);  // true: one was picked

  UiContext& ui_;
  Commit commit_;          // where 确定 puts the value
  std::string refusal_;    // why the last 确定 was refused (never the value itself)
  form::FieldView spoken_; // the field as 读给我听 describes it: never its value
  bool focus_ = false;     // give the text box the keyboard next frame
  ScrollArea divisions_;   // the address list's scroll position (UI state)
  ChineseInput chinese_;   // the pinyin keyboard and handwriting pad (their text is the person's)
  // A choice field picked from a list: its choices (the form's, not the person's) and its scroll.
  std::vector<std::pair<std::string, std::string>> choices_;  // value, label
  ScrollArea choice_list_;
};

}  // namespace tb::kiosk
