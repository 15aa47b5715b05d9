#pragma once
// A document photographed at the kiosk (拍照上传 with the 高拍仪): the page is found in the camera's
// frame and straightened. find_page looks for the largest bright four-sided region (paper on the
// camera's darker base, or held against anything darker), fits its four edges, and returns its
// corners; straighten maps that quadrilateral onto an upright rectangle (a perspective warp, so a
// page photographed at an angle comes out square). Pure image code: no camera, no files.
#include <array>
#include <string>

#include "image/image.h"
#include "result.h"

namespace tb::image {

struct Point {
  double x = 0, y = 0;
};

// Corners in frame pixels: top-left, top-right, bottom-right, bottom-left of the page as read.
struct Quad {
  std::array<Point, 4> corners;
  double width() const;   // the straightened page's size: mean length of opposite edges
  double height() const;
};

enum class PageError {
  None,
  TooSmall,   // the frame is too small to hold a page (less than 64 pixels a side)
  NoPage,     // nothing page-like: no bright region of a quarter of the frame or more
  NotFourSided,  // the region found is not a quadrilateral (a hand over it, a page off the edge)
};
const char* reason_key(PageError e);
const char* reason_text(PageError e);

Result<Quad, PageError> find_page(const RgbView& frame);

// The quadrilateral's contents as an upright rectangle of width x height pixels (bilinear).
Rgb straighten(const RgbView& frame, const Quad& page, int width, int height);

}  // namespace tb::image
