#include "ui/fonts.h"

#include "text/utf8.h"

namespace tb::kiosk {
namespace {
constexpr float kSizes[3] = {28.0f, 40.0f, 52.0f};
}

float Fonts::pixel_size(FontSize s) const { return kSizes[int(s)]; }

bool Fonts::init(std::vector<unsigned char> ttf) {
  if (ttf.empty()) return false;
  ttf_ = std::move(ttf);
  for (auto& set : wanted_) {
    for (ImWchar c = 0x20; c < 0x7F; ++c) set.insert(c);  // ASCII always
    set.insert(0x2026);                                    // … used for elided text
  }
  rebuild();
  return fonts_[0] != nullptr;
}

void Fonts::want(FontSize s, std::string_view utf8) {
  ImFont* font = fonts_[int(s)];
  for (char32_t c : text::decode_utf8_lossy(utf8)) {
    if (c < 0x20 || c > 0xFFFF) continue;  // ImGui 1.86 is built with 16-bit ImWchar
    const auto w = static_cast<ImWchar>(c);
    if (wanted_[int(s)].count(w)) continue;  // baked, or tried and known to be missing
    wanted_[int(s)].insert(w);
    if (!font || !font->FindGlyphNoFallback(w)) pending_ = true;
  }
}

void Fonts::rebuild() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  ImFontConfig cfg;
  cfg.FontDataOwnedByAtlas = false;  // the bytes live in ttf_
  cfg.OversampleH = 1;               // CJK glyphs gain nothing from horizontal oversampling
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  for (int i = 0; i < 3; ++i) {
    ranges_[i].clear();
    for (ImWchar c : wanted_[i]) {  // each character as a one-element range
      ranges_[i].push_back(c);
      ranges_[i].push_back(c);
    }
    ranges_[i].push_back(0);
    fonts_[i] = io.Fonts->AddFontFromMemoryTTF(ttf_.data(), static_cast<int>(ttf_.size()), kSizes[i],
                                               &cfg, ranges_[i].data());
  }
  io.Fonts->Build();
  missing_ = 0;
  for (int i = 0; i < 3; ++i)
    for (ImWchar c : wanted_[i])
      if (fonts_[i] && !fonts_[i]->FindGlyphNoFallback(c)) ++missing_;
  pending_ = false;
}

void Fonts::set_coverage(std::string_view chars_utf8) {
  for (char32_t c : text::decode_utf8_lossy(chars_utf8))
    if (c >= 0x80) coverage_.insert(c);
}

bool Fonts::can_draw(std::string_view utf8) const {
  if (coverage_.empty()) return true;
  for (char32_t c : text::decode_utf8_lossy(utf8))
    if (c >= 0x80 && !coverage_.count(c)) return false;
  return true;
}

int Fonts::baked_glyphs() const {
  int n = 0;
  for (auto* f : fonts_) n += f ? f->Glyphs.Size : 0;
  return n;
}

}  // namespace tb::kiosk
