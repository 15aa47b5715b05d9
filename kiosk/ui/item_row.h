#pragma once
// One service item as every kiosk list draws it: the name on its own line (search matches marked),
// then the department and the badges (一件事, 可网办, 需到现场) under it, so that a long name never
// runs into the department in 长辈版's large type. From the core's ItemSummary (guide/views.h).
#include <string>

#include "guide/views.h"
#include "ui/widgets.h"

namespace tb::kiosk {

// A coloured label at *x on the line at y; *x moves past it.
void badge(Canvas& c, float* x, float y, const std::string& text, ImU32 bg, ImU32 fg);

// The row at (x, *y), `w` wide; *y moves past it. True when tapped. The row is named
// `id_prefix` + the item's id for automation ("item." in 办事指南, "apply." in 我要办).
bool item_row(Canvas& c, const guide::ItemSummary& it, float x, float* y, float w, const char* id_prefix = "item.");

}  // namespace tb::kiosk
