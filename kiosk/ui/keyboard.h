#pragma once
// The on-screen keyboard of the search screen: letters and digits only. Search understands
// pinyin, initials and digits, so a villager can find 身份证 by typing "sfz" without an IME.
#include "ui/widgets.h"

namespace tb::kiosk {

enum class KeyPress { None, Text, Delete, Clear, Hide };

struct KeyResult {
  KeyPress press = KeyPress::None;
  char ch = 0;  // for Text
};

// Draws the keyboard in the rectangle; returns the key tapped this frame.
KeyResult keyboard(Canvas& c, ImVec2 pos, ImVec2 size);

}  // namespace tb::kiosk
