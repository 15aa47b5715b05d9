#include "ui/keyboard.h"

#include <string>

#include "ui_strings.h"

namespace tb::kiosk {

KeyResult keyboard(Canvas& c, ImVec2 pos, ImVec2 size) {
  static const char* const rows[] = {"1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"};
  KeyResult result;
  const float gap = c.theme.gap * 0.4f;
  const float key_h = (size.y - 4 * gap) / 5.0f;
  const float key_w = (size.x - 9 * gap) / 10.0f;
  for (int r = 0; r < 4; ++r) {
    const std::string keys = rows[r];
    const float row_w = keys.size() * key_w + (keys.size() - 1) * gap;
    float x = pos.x + (size.x - row_w) * 0.5f;
    const float y = pos.y + r * (key_h + gap);
    for (char k : keys) {
      const std::string id = std::string("key.") + k, label(1, k);
      if (button(c, id.c_str(), label, {x, y}, {key_w, key_h}, false)) result = {KeyPress::Text, k};
      x += key_w + gap;
    }
  }
  const float y = pos.y + 4 * (key_h + gap);
  const float wide = (size.x - 3 * gap) / 4.0f;
  if (button(c, "key.space", ui::kKeySpace, {pos.x, y}, {wide, key_h}, false)) result = {KeyPress::Text, ' '};
  if (button(c, "key.delete", ui::kKeyDelete, {pos.x + wide + gap, y}, {wide, key_h}, true, Icon::Back))
    result = {KeyPress::Delete, 0};
  if (button(c, "key.clear", ui::kKeyClear, {pos.x + 2 * (wide + gap), y}, {wide, key_h}, false, Icon::None, color::kWarning))
    result = {KeyPress::Clear, 0};
  if (button(c, "key.hide", ui::kKeyHide, {pos.x + 3 * (wide + gap), y}, {wide, key_h}, false, Icon::Down))
    result = {KeyPress::Hide, 0};
  return result;
}

}  // namespace tb::kiosk
