#pragma once
// A physical keyboard's input method (IBus or fcitx, through SDL2's text-editing events) at the
// kiosk's text boxes. Dear ImGui 1.86 works out where the caret is for an IME (its PlatformImePos,
// what it would hand io.ImeSetInputScreenPosFn, whose default acts on Windows only), but neither
// it nor its SDL2 backend draws SDL_TEXTEDITING's composition or tells SDL where the caret is. So
// the text box that takes the keyboard draws the composition at its caret, boxed and underlined,
// and records the caret's rectangle; the frame loop (Runner) hands that rectangle to
// SDL_SetTextInputRect, so the IME opens its candidate window just below the field, and resets
// the IME when no text box takes the keyboard any more. The composition itself is the person's
// (PersonState::composing).
#include <imgui.h>

#include <string>

#include "ui/widgets.h"

namespace tb::kiosk {

// Where a text box that takes the keyboard has its caret (the line's top-left and height), or
// the composition box drawn there: in window pixels.
struct TextCaret {
  bool active = false;
  float x = 0, y = 0, w = 0, h = 0;
  bool operator==(const TextCaret& o) const { return active == o.active && x == o.x && y == o.y && w == o.w && h == o.h; }
  bool operator!=(const TextCaret& o) const { return !(*this == o); }
};

// The caret of the Dear ImGui text box drawn last, as Dear ImGui computed it for IMEs (the top
// of the caret's line); `fallback` when no text box drew a caret this frame.
ImVec2 imgui_caret(ImVec2 fallback);
// Draws `composing` (when not empty) at the caret, in `size`, over a line `line_h` tall; returns
// the rectangle for the input method: the composition box, or the bare caret.
TextCaret draw_composition(Canvas& c, FontSize size, const std::string& composing, ImVec2 caret, float line_h);

}  // namespace tb::kiosk
