#pragma once
// The passes a careful reader makes over one camera frame that may hold a damaged code, in the
// order they are tried, as images for any QR decoder. One list for both scanners: the native one
// (scan/qr_read.cpp, libzxing) and the browser's (wasm/scan, read by js/scanner.js with zxing-wasm),
// so a frame gets the same pixels, in the same order, wherever it is read. The caller decodes each
// pass's image and stops at the first code or when its time budget runs out: a pass is made only
// when it is asked for, and the costly ones (enlarging) come late.
//
//   0  the frame averaged down to half size (coarse to fine: a quarter of the pixels, the noise of
//      independent pixels halved; reads most codes a camera is held to)
//   1  the frame itself (small, dense codes)
//   2  on the patch where the code most likely is (busy_region, widened by 16 pixels), turned
//      upright: its symbol's grid found and every module read by us, the symbol redrawn clean
//      (scan/symbol_grid.h: heavy noise and blur, where one pixel a module is not enough; reads
//      glare too); none when no symbol's finders stand out. Third, because it reads most of what
//      the later passes read, and in the browser, where each pass costs about twice as much, a
//      later place left it outside the budget: there it read 425 of 432 noisy, rotated training
//      frames third, 383 sixth
//   3  local contrast normalisation (glare)
//   4  the patch smoothed, then sharpened
//   5  the patch turned upright and enlarged 1.5 times, smoothed and sharpened (a code at an angle)
//   6-8  the patch enlarged 1.5, 2 and 3 times, smoothed and sharpened (noise and blur)
//   9  the whole frame enlarged twice (in case the patch was not the code)
//   10 the frame smoothed; 11  smoothed and normalised; 12  its 3x3 median
//   13 the normalised frame again, with a global threshold
#include <optional>

#include "scan/grey_image.h"

namespace tb::scan {

// How a decoder is to binarize a pass's image: its local one (ZXing's LocalAverage, the camera's
// usual) or one global threshold (ZXing's GlobalHistogram).
enum class Threshold { kLocal, kGlobal };

struct Pass {
  GreyView image;  // valid until the next make() or the FramePasses' end
  Threshold threshold = Threshold::kLocal;
  bool frame_itself = false;  // `image` is the frame as given (a decoder may use its own copy)
};

class FramePasses {
 public:
  static constexpr int kCount = 14;
  // `frame` is not copied: it must outlive this object.
  explicit FramePasses(const GreyView& frame);
  // Pass `i` (0 <= i < kCount) of this frame; none when it does not apply (a frame too small to
  // halve, too large to enlarge, a patch that is the whole frame) or i is out of range.
  std::optional<Pass> make(int i);

 private:
  const Region& region();  // where the code most likely is (busy_region), found once
  double angle();          // the code's orientation in that patch (quarter_turn_angle), found once
  GreyView code() { return part_of(frame_, region()); }  // that patch of the frame
  const Grey& smooth();
  const Grey& norm();

  GreyView frame_;
  bool halvable_, camera_sized_;
  int radius_;  // of the contrast normalisation's window
  Grey made_, smooth_, norm_;
  std::optional<Region> region_;
  std::optional<double> angle_;
};

}  // namespace tb::scan
