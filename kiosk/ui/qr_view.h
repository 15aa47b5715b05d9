#pragma once
// Draws a QR code (encoded by core, tb::code::qr_encode) as dark squares on a white card with a
// quiet zone, at any size: no texture, no image library, identical natively and in the browser.
#include <string>

#include "ui/widgets.h"

namespace tb::kiosk {

// Returns the height drawn (the card is size x size), or 0 if the text cannot be encoded.
float draw_qr(Canvas& c, const std::string& text, ImVec2 pos, float size);

}  // namespace tb::kiosk
