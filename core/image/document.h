#pragma once
// From a camera frame to the JPEG that is attached to an application: the page found and
// straightened (page.h), else the whole frame kept as it is (the person sees which), then encoded.
#include <cstdint>
#include <vector>

#include "image/image.h"
#include "image/page.h"

namespace tb::image {

struct DocumentPhoto {
  std::vector<std::uint8_t> jpeg;
  int width = 0, height = 0;
  bool page_found = false;   // false: the whole frame was kept
  PageError why_not = PageError::None;
  Quad page;                 // where the page was found in the frame (page_found)
  void wipe();
};

struct DocumentOptions {
  int quality = 85;
  int max_side = 3000;  // a straightened page larger than this is scaled down to it
};

DocumentPhoto document_photo(const RgbView& frame, const DocumentOptions& options = {});

}  // namespace tb::image
