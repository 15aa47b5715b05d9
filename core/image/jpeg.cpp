#include "image/jpeg.h"

// stb_image_write from Debian's libstb-dev, its functions made static to this file (no clash with
// the libstb.so the CLI links) and without stdio (no files: the core writes to memory only).
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include "image/third_party_warnings_off.h"
#include <stb_image_write.h>
#include "image/third_party_warnings_on.h"

#include <cstring>

namespace tb::image {
namespace {
void append(void* context, void* data, int size) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out->insert(out->end(), bytes, bytes + size);
}
}  // namespace

std::vector<std::uint8_t> encode_jpeg(const RgbView& image, int quality) {
  std::vector<std::uint8_t> out;
  if (image.width <= 0 || image.height <= 0 || !image.data) return out;
  // stb reads tightly packed rows.
  std::vector<std::uint8_t> packed;
  const std::uint8_t* rows = image.data;
  if (image.stride != image.width * 3) {
    packed.resize(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 3);
    for (int r = 0; r < image.height; ++r)
      std::memcpy(&packed[static_cast<std::size_t>(r) * static_cast<std::size_t>(image.width) * 3],
                  image.data + static_cast<std::ptrdiff_t>(r) * image.stride, static_cast<std::size_t>(image.width) * 3);
    rows = packed.data();
  }
  out.reserve(static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) / 4);
  stbi_write_jpg_to_func(append, &out, image.width, image.height, 3, rows, quality < 1 ? 1 : quality > 100 ? 100 : quality);
  return out;
}

}  // namespace tb::image
