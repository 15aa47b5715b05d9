#include "image/document.h"

#include <algorithm>
#include <cmath>

#include "crypto/wipe.h"
#include "image/jpeg.h"

namespace tb::image {

void DocumentPhoto::wipe() {
  crypto::wipe(jpeg.data(), jpeg.size());
  jpeg.clear();
  jpeg.shrink_to_fit();
  width = height = 0;
  page_found = false;
  page = Quad{};
}

DocumentPhoto document_photo(const RgbView& frame, const DocumentOptions& options) {
  DocumentPhoto out;
  auto page = find_page(frame);
  if (!page) {
    out.why_not = page.reason();
    out.jpeg = encode_jpeg(frame, options.quality);
    out.width = frame.width, out.height = frame.height;
    return out;
  }
  // The straightened page keeps the resolution it had in the frame, up to max_side.
  double w = page->width(), h = page->height();
  const double scale = std::min(1.0, options.max_side / std::max(w, h));
  w *= scale, h *= scale;
  Rgb flat = straighten(frame, *page, static_cast<int>(std::lround(w)), static_cast<int>(std::lround(h)));
  out.jpeg = encode_jpeg(flat.view(), options.quality);
  out.width = flat.width, out.height = flat.height;
  out.page_found = true;
  out.page = *page;
  wipe(flat);
  return out;
}

}  // namespace tb::image
