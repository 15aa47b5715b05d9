#pragma once
// Forgetting what a person typed beyond our own state: Dear ImGui keeps its own copies of the
// text being edited (the edit buffers of the active text box, its undo record, the queue of typed
// characters, a scratch buffer), and the automation hook keeps the texts of the last frame. These
// overwrite them in place (sodium_memzero) before they are reused or released; KioskUi calls them
// when a session ends and before every frame.
#include <string>
#include <vector>

namespace tb::kiosk {

// Dear ImGui's text-edit state, input queue and scratch buffers; the text box loses focus.
void forget_typed_text();
// Overwrites and clears a list of drawn texts (they may show what was typed).
void wipe_texts(std::vector<std::string>& texts);

}  // namespace tb::kiosk
