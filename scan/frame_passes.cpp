#include "scan/frame_passes.h"

#include <algorithm>

namespace tb::scan {

FramePasses::FramePasses(const GreyView& frame)
    : frame_(frame),
      halvable_(frame.width >= 64 && frame.height >= 64),
      // Enlarging a frame larger than a camera's preview would cost more than a frame's budget.
      camera_sized_(frame.width * frame.height <= 1280 * 960),
      radius_(std::max(8, std::min(frame.width, frame.height) / 30)) {}

const Grey& FramePasses::smooth() {
  if (smooth_.px.empty()) smooth_ = denoised(frame_);
  return smooth_;
}

const Grey& FramePasses::norm() {
  if (norm_.px.empty()) norm_ = normalised(frame_, radius_);
  return norm_;
}

const Region& FramePasses::region() {
  if (!region_) region_ = busy_region(smooth());
  return *region_;
}

std::optional<Pass> FramePasses::make(int i) {
  const auto own = [this](Grey g, Threshold t = Threshold::kLocal) {
    made_ = std::move(g);
    return Pass{made_.view(), t, false};
  };
  const Pass itself{frame_, Threshold::kLocal, true};
  switch (i) {
    case 0: return halvable_ ? own(halved(frame_)) : itself;
    case 1: return halvable_ ? std::optional<Pass>(itself) : std::nullopt;
    case 2: return Pass{norm().view(), Threshold::kLocal, false};
    case 3: return own(sharpened(denoised(code()), 2, 2, 1.5));
    case 4: {
      if (!camera_sized_) return std::nullopt;
      // The orientation from the smoothed frame's pixels of the patch (the noise would swamp it).
      return own(upright_enlarged_sharpened(code(), quarter_turn_angle(part_of(smooth().view(), region())), kOneAndAHalf));
    }
    case 5: case 6: case 7: {
      if (!camera_sized_) return std::nullopt;
      const Enlarging* e = i == 5 ? &kOneAndAHalf : i == 6 ? &kTwice : &kThrice;
      return own(enlarged_sharpened(code(), *e));
    }
    case 8: {
      const bool part = region().w != frame_.width || region().h != frame_.height;
      if (!part || !camera_sized_) return std::nullopt;
      return own(enlarged_sharpened(frame_, kTwice));
    }
    case 9: return Pass{smooth().view(), Threshold::kLocal, false};
    case 10: return own(normalised(smooth().view(), radius_));
    case 11: return own(median3(frame_));
    case 12: return Pass{norm().view(), Threshold::kGlobal, false};
    default: return std::nullopt;
  }
}

}  // namespace tb::scan
