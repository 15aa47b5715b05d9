#include "scan/still_image.h"

#include <climits>

#include "stb_image.h"

namespace tb::scan {

std::string decode_still_image(std::string_view bytes, GreyImage* out) {
  if (bytes.empty()) return "empty file";
  if (bytes.size() > static_cast<std::size_t>(INT_MAX)) return "the file is over 2 GB";
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  const int size = static_cast<int>(bytes.size());
  int w = 0, h = 0, comp = 0;
  if (stbi_info_from_memory(data, size, &w, &h, &comp) && static_cast<long long>(w) * h > kMaxImagePixels)
    return "the image is " + std::to_string(w) + "×" + std::to_string(h) + " pixels; more than " +
           std::to_string(kMaxImagePixels / 1'000'000) + " megapixels is refused (scale it down)";
  unsigned char* px = stbi_load_from_memory(data, size, &w, &h, &comp, 1);
  if (!px) {
    const char* why = stbi_failure_reason();
    return std::string("not a PNG or JPEG image we can decode (") + (why ? why : "unknown reason") + ")";
  }
  out->width = w, out->height = h;
  out->pixels.assign(px, px + static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  stbi_image_free(px);
  return {};
}

}  // namespace tb::scan
