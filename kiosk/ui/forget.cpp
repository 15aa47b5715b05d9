#include "ui/forget.h"

#include <imgui.h>
#include <imgui_internal.h>

#include "crypto/wipe.h"

namespace tb::kiosk {
namespace {
template <typename T>
void wipe_vector(ImVector<T>& v) {
  if (v.Data) crypto::wipe(v.Data, static_cast<std::size_t>(v.Capacity) * sizeof(T));
  v.resize(0);
}
}  // namespace

void forget_typed_text() {
  ImGuiContext* g = ImGui::GetCurrentContext();
  if (!g) return;
  ImGui::ClearActiveID();
  ImGuiInputTextState& s = g->InputTextState;
  wipe_vector(s.TextW);
  wipe_vector(s.TextA);
  wipe_vector(s.InitialTextA);
  crypto::wipe(&s.Stb, sizeof s.Stb);  // the undo record keeps deleted characters
  s.ID = 0;
  s.CurLenW = s.CurLenA = 0;
  s.TextAIsValid = false;
  wipe_vector(g->IO.InputQueueCharacters);
  crypto::wipe(g->TempBuffer, sizeof g->TempBuffer);
}

void wipe_texts(std::vector<std::string>& texts) {
  for (auto& t : texts) crypto::wipe(t);
  texts.clear();
}

}  // namespace tb::kiosk
