#include "scan/qr_read.h"

#define ZX_USE_UTF8
#include <ZXing/DecodeHints.h>
#include <ZXing/ImageView.h>
#include <ZXing/ReadBarcode.h>
#include <ZXing/Result.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>

#include "scan/frame_passes.h"

namespace tb::scan {
namespace {

ZXing::DecodeHints hints_for(bool camera, ZXing::Binarizer binarizer) {
  ZXing::DecodeHints hints;
  hints.setFormats(ZXing::BarcodeFormat::QRCode);
  hints.setTryHarder(true);
  hints.setTryRotate(!camera);
  hints.setBinarizer(binarizer);
  if (camera) hints.setMaxNumberOfSymbols(1);
  return hints;
}

ZXing::Results read(const GreyView& v, const ZXing::DecodeHints& hints) {
  return ZXing::ReadBarcodes(ZXing::ImageView(v.pixels, v.width, v.height, ZXing::ImageFormat::Lum, v.stride), hints);
}

// Every QR code found with one binarizer. ZXing 1.4 may miss a code when many stand in a grid (a
// print sheet: it pairs finder patterns across neighbouring symbols), so each pass whitens the codes
// it read and the next pass looks again, until a pass finds nothing new.
std::vector<std::string> read_all(const GreyView& original, ZXing::Binarizer binarizer) {
  const auto hints = hints_for(false, binarizer);
  std::vector<std::string> texts;
  Grey work;
  GreyView img = original;
  for (int pass = 0; pass < 16; ++pass) {
    const auto results = read(img, hints);
    std::vector<const ZXing::Result*> found;
    for (const auto& r : results)
      if (r.isValid()) found.push_back(&r);
    if (found.empty()) break;
    if (work.px.empty()) {
      work = copy_of(original);
      img = work.view();
    }
    for (const auto* r : found) {
      texts.push_back(r->text());
      int x0 = work.w, y0 = work.h, x1 = 0, y1 = 0;
      for (int k = 0; k < 4; ++k) {
        const auto& p = r->position()[k];
        x0 = std::min(x0, p.x), y0 = std::min(y0, p.y), x1 = std::max(x1, p.x), y1 = std::max(y1, p.y);
      }
      x0 = std::max(x0, 0), y0 = std::max(y0, 0), x1 = std::min(x1, work.w - 1), y1 = std::min(y1, work.h - 1);
      for (int y = y0; y <= y1; ++y)
        std::memset(&work.px[static_cast<std::size_t>(y) * static_cast<std::size_t>(work.w) + static_cast<std::size_t>(x0)], 255,
                    static_cast<std::size_t>(std::max(0, x1 - x0 + 1)));
    }
  }
  return texts;
}


std::vector<std::string> valid_texts(const ZXing::Results& results) {
  std::vector<std::string> texts;
  for (const auto& r : results)
    if (r.isValid()) texts.push_back(r.text());
  return texts;
}

}  // namespace

std::vector<std::string> read_qr_frame(const GreyView& frame, double budget_ms) {
  if (!frame.pixels || frame.width <= 0 || frame.height <= 0 || frame.stride < frame.width) return {};
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const auto since = [](Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); };
  const ZXing::DecodeHints local = hints_for(true, ZXing::Binarizer::LocalAverage);
  const ZXing::DecodeHints global = hints_for(true, ZXing::Binarizer::GlobalHistogram);
  FramePasses passes(frame);
  std::vector<std::string> texts;
  // The first pass always runs; each further one only when one more of the slowest so far still
  // fits the budget.
  double slowest = 0;
  for (int i = 0; i < FramePasses::kCount && texts.empty(); ++i) {
    if (i > 0 && since(start) + slowest > budget_ms) break;
    const auto t0 = Clock::now();
    const auto pass = passes.make(i);
    if (!pass) continue;
    texts = valid_texts(read(pass->image, pass->threshold == Threshold::kGlobal ? global : local));
    slowest = std::max(slowest, since(t0));
  }
  return texts;
}

std::vector<std::string> read_qr_still(const GreyView& image) {
  if (!image.pixels || image.width <= 0 || image.height <= 0 || image.stride < image.width) return {};
  auto texts = read_all(image, ZXing::Binarizer::LocalAverage);
  if (!texts.empty()) return texts;
  Grey img = copy_of(image);
  Grey inverted = img;
  for (auto& v : inverted.px) v = static_cast<std::uint8_t>(255 - v);
  if (!(texts = read_all(inverted.view(), ZXing::Binarizer::LocalAverage)).empty()) return texts;
  if (!(texts = read_all(img.view(), ZXing::Binarizer::GlobalHistogram)).empty()) return texts;
  if (!(texts = read_all(img.view(), ZXing::Binarizer::FixedThreshold)).empty()) return texts;
  if (img.w >= 64 && img.h >= 64 && !(texts = read_all(resized(img, img.w / 2, img.h / 2).view(), ZXing::Binarizer::LocalAverage)).empty())
    return texts;
  if (std::max(img.w, img.h) <= 1500) texts = read_all(resized(img, img.w * 2, img.h * 2).view(), ZXing::Binarizer::LocalAverage);
  return texts;
}

}  // namespace tb::scan
