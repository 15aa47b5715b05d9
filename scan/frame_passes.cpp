#include "scan/frame_passes.h"

#include <algorithm>

#include "scan/symbol_grid.h"

namespace tb::scan {

// The symbol's grid is looked for on the patch widened by this many pixels each way: a finder at
// the patch's edge is found only with its light separator around it, which a tight patch can cut
// off (training frames, seeds 11-16: 2 more noisy-rotated and 1 more glare symbol read by the pass
// alone; about a tenth more of its time).
constexpr int kSymbolMargin = 16;

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

double FramePasses::angle() {
  // From the smoothed frame's pixels of the patch (the noise would swamp it).
  if (!angle_) angle_ = quarter_turn_angle(part_of(smooth().view(), region()));
  return *angle_;
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
    case 2: {
      if (!camera_sized_) return std::nullopt;
      const Region wider = widened(region(), kSymbolMargin, frame_.width, frame_.height);
      std::optional<Grey> symbol = redrawn_symbol(turned_upright(part_of(frame_, wider), angle(), 1, 1).view());
      return symbol ? std::optional<Pass>(own(std::move(*symbol))) : std::nullopt;
    }
    case 3: return Pass{norm().view(), Threshold::kLocal, false};
    case 4: return own(sharpened(denoised(code()), 2, 2, 1.5));
    case 5: return camera_sized_ ? std::optional<Pass>(own(upright_enlarged_sharpened(code(), angle(), kOneAndAHalf))) : std::nullopt;
    case 6: case 7: case 8: {
      if (!camera_sized_) return std::nullopt;
      const Enlarging* e = i == 6 ? &kOneAndAHalf : i == 7 ? &kTwice : &kThrice;
      return own(enlarged_sharpened(code(), *e));
    }
    case 9: {
      const bool part = region().w != frame_.width || region().h != frame_.height;
      if (!part || !camera_sized_) return std::nullopt;
      return own(enlarged_sharpened(frame_, kTwice));
    }
    case 10: return Pass{smooth().view(), Threshold::kLocal, false};
    case 11: return own(normalised(smooth().view(), radius_));
    case 12: return own(median3(frame_));
    case 13: return Pass{norm().view(), Threshold::kGlobal, false};
    default: return std::nullopt;
  }
}

}  // namespace tb::scan
