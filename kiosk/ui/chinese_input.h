#pragma once
// Chinese on the touch screen, for every text field of the editor sheet: a person with only the
// screen writes their name and address without a physical keyboard.
//   拼音       a large QWERTY for pinyin (full pinyin, initials, ' between syllables) and a bar of
//              candidates in large glyphs with ‹ › paging; a candidate goes into the field and the
//              pinyin it converts is taken off, the rest is searched again;
//   手写       a large pad (田字格) for finger strokes; after each stroke the best characters;
//   英文/数字   letters and digits as they are (house numbers, 3号楼, A座).
// After a candidate is chosen, the bar suggests what may come next (the pinyin engine's
// predictions). Address fields get a fourth mode first, 地区: the division list (editor.cpp).
// What is typed, drawn and offered lives in the person's state (PersonState::chinese; wiped with
// the session); this class keeps only the mode and what is on screen where.
#include <cstdint>
#include <string>

#include "ui/context.h"
#include "ui/widgets.h"

namespace tb::kiosk {

enum class InputMode { Divisions, Pinyin, Handwriting, Latin };

class ChineseInput {
 public:
  explicit ChineseInput(UiContext& ui) : ui_(ui) {}
  // A text field opened: nothing typed, pinyin first (an address: its division list first).
  void reset(bool address);
  InputMode mode() const { return mode_; }
  // Every pointer position while pressed (a frame sees only the last one): strokes on the pad
  // keep all of them.
  void pointer_moved(ImVec2 p);
  // The mode tabs in one row; returns the height used.
  float draw_modes(Canvas& c, ImVec2 pos, float width, std::int64_t now);
  // The candidate bar and the keyboard or pad of the current mode (not Divisions), in the rectangle.
  void draw(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);

 private:
  void refresh(Canvas& c);
  void insert(const std::string& text);
  void delete_back();
  void choose(std::size_t index, std::int64_t now);
  float draw_candidates(Canvas& c, ImVec2 pos, float width, std::int64_t now);
  float candidates_height(Canvas& c) const;                 // what draw_candidates will use
  float body_height(const Theme& t, ImVec2 size) const;     // the keys' or the pad's, in `size`
  float pad_side(const Theme& t, ImVec2 size) const;
  void draw_keyboard(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);
  void draw_pad(Canvas& c, ImVec2 pos, ImVec2 size, std::int64_t now);

  UiContext& ui_;
  InputMode mode_ = InputMode::Pinyin;
  bool address_ = false;
  bool stale_ = false;          // the bar no longer matches what was typed or drawn: ask the engine again
  bool stroke_active_ = false;  // a finger is drawing on the pad
  bool upper_ = false;          // 英文/数字: capitals
  ImVec2 pad_pos_{}, pad_size_{};
  std::string status_;          // why the engine offers nothing now (loading, unavailable); never personal
};

}  // namespace tb::kiosk
