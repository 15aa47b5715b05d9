// The browser's scan module (tongban-scan.js/.wasm): the passes over a camera frame
// (scan/frame_passes.h), the same source the native scanner runs, for js/scanner.js, which reads
// each pass's image with zxing-wasm and keeps to the frame's time budget itself. Loaded with the
// decoder when a scan starts, never at app start. One frame at a time:
//   tb_scan_frame(w, h)   room for the frame's RGBA pixels (the page copies its ImageData there)
//   tb_scan_begin()       the frame taken to grey; its passes start; returns how many there are
//   tb_scan_pass(i)       makes pass i: 0 none (does not apply), 1 the frame as given, 2 an image
//                         at tb_scan_image() (RGBA, as zxing-wasm takes it), of tb_scan_width() x
//                         tb_scan_height(), to be binarized as tb_scan_threshold() says
//   tb_scan_forget()      the frame read: every pixel of it and of its passes overwritten with zeros
// (a camera frame may show a person's face or papers; none outlives its reading).
#include <emscripten.h>
#include <malloc.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string.h>  // explicit_bzero
#include <new>
#include <optional>
#include <vector>

#include "scan/frame_passes.h"

namespace {
// A frame larger than this is refused (tb_scan_frame gives null); the page then reads it once as it
// is. Camera frames are scaled to 640x480 before they get here (js/scanner.js FRAME_PIXELS).
constexpr long long kMaxFramePixels = 4096LL * 4096;

int g_w = 0, g_h = 0;
std::vector<std::uint8_t> g_rgba;      // the frame as the page gave it
tb::scan::Grey g_grey;                 // ... in grey, which g_passes reads
std::optional<tb::scan::FramePasses> g_passes;
std::vector<std::uint8_t> g_image;     // the last pass's image, RGBA
int g_image_w = 0, g_image_h = 0, g_threshold = 0;
}  // namespace

// Every block this module frees is overwritten with zeros first. The passes make many images of a
// frame on their way (smoothed, turned upright, the symbol redrawn clean...) and free them; freed
// memory would otherwise keep them in the page's heap long after the frame was forgotten
// (web.scanner searches the whole heap for them). The module's operator new is libc++'s, on malloc.
// explicit_bzero, not memset: a store just before free is dead to the optimiser, and memset there
// was dropped (the heap search found every image still in place).
void operator delete(void* p) noexcept {
  if (!p) return;
  explicit_bzero(p, malloc_usable_size(p));
  std::free(p);
}
void operator delete[](void* p) noexcept { ::operator delete(p); }
void operator delete(void* p, std::size_t) noexcept { ::operator delete(p); }
void operator delete[](void* p, std::size_t) noexcept { ::operator delete(p); }

extern "C" {

EMSCRIPTEN_KEEPALIVE std::uint8_t* tb_scan_frame(int width, int height) {
  g_passes.reset();
  if (width <= 0 || height <= 0 || static_cast<long long>(width) * height > kMaxFramePixels) return nullptr;
  g_w = width, g_h = height;
  g_rgba.resize(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  return g_rgba.data();
}

// Grey by Rec. 601's weights in integers, as the page's own RGBA-to-grey step did.
EMSCRIPTEN_KEEPALIVE int tb_scan_begin() {
  if (g_rgba.empty()) return 0;
  g_grey = {g_w, g_h, std::vector<std::uint8_t>(static_cast<std::size_t>(g_w) * static_cast<std::size_t>(g_h))};
  for (std::size_t p = 0, q = 0; p < g_grey.px.size(); ++p, q += 4)
    g_grey.px[p] = static_cast<std::uint8_t>((g_rgba[q] * 77 + g_rgba[q + 1] * 150 + g_rgba[q + 2] * 29) >> 8);
  g_passes.emplace(g_grey.view());
  return tb::scan::FramePasses::kCount;
}

EMSCRIPTEN_KEEPALIVE int tb_scan_pass(int i) {
  if (!g_passes) return 0;
  const auto pass = g_passes->make(i);
  if (!pass) return 0;
  if (pass->frame_itself) return 1;
  const tb::scan::GreyView& v = pass->image;
  g_image_w = v.width, g_image_h = v.height;
  g_threshold = pass->threshold == tb::scan::Threshold::kGlobal ? 1 : 0;
  g_image.resize(static_cast<std::size_t>(v.width) * static_cast<std::size_t>(v.height) * 4);
  std::uint8_t* out = g_image.data();
  for (int y = 0; y < v.height; ++y) {
    const std::uint8_t* row = v.pixels + static_cast<std::ptrdiff_t>(y) * v.stride;
    for (int x = 0; x < v.width; ++x, out += 4) out[0] = out[1] = out[2] = row[x], out[3] = 255;
  }
  return 2;
}

EMSCRIPTEN_KEEPALIVE void tb_scan_forget() {
  g_passes.reset();
  for (auto* v : {&g_rgba, &g_grey.px, &g_image}) std::fill(v->begin(), v->end(), std::uint8_t{0});
}

EMSCRIPTEN_KEEPALIVE std::uint8_t* tb_scan_image() { return g_image.data(); }
EMSCRIPTEN_KEEPALIVE int tb_scan_width() { return g_image_w; }
EMSCRIPTEN_KEEPALIVE int tb_scan_height() { return g_image_h; }
// 0: the decoder's local threshold (LocalAverage); 1: one global threshold (GlobalHistogram).
EMSCRIPTEN_KEEPALIVE int tb_scan_threshold() { return g_threshold; }

}  // extern "C"
