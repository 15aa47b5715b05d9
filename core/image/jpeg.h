#pragma once
// JPEG encoding for photographed documents, with stb_image_write (Debian's libstb-dev header,
// compiled into the core with its functions static, in both builds): baseline JPEG, 4:2:0, to memory.
#include <cstdint>
#include <vector>

#include "image/image.h"

namespace tb::image {

// quality 1..100 (stb's scale). Empty on a zero-sized image.
std::vector<std::uint8_t> encode_jpeg(const RgbView& image, int quality);

}  // namespace tb::image
