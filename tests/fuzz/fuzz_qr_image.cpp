// Images of codes, as strangers hand them to the scanner: the first byte picks
//   even: the rest is an image file (PNG, JPEG, … as `tongban code scan` is given), decoded with its
//         size limit (scan::decode_still_image), then read for codes as a still (read_qr_still);
//   odd:  the rest is a camera frame: two bytes of width, then grey pixels (the kiosk's scanning
//         camera), read as a live preview does (read_qr_frame, with a 5 ms budget instead of 40).
// Whatever the bytes: a refusal in words or the texts read, never a crash, a hang or a sanitizer
// report. ZXing-cpp is Debian's (not instrumented): its crashes still stop the run.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "scan/qr_read.h"
#include "scan/still_image.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const bool frame = data[0] & 1;
  ++data, --size;
  if (!frame) {
    tb::scan::GreyImage img;
    const std::string why = tb::scan::decode_still_image(std::string_view(reinterpret_cast<const char*>(data), size), &img);
    if (why.empty() != (img.width > 0 && img.height > 0)) std::abort();  // decoded means pixels, refused means a reason
    // The fuzzer's inputs are small; a still of a few megapixels would only slow the search.
    if (why.empty() && static_cast<long long>(img.width) * img.height <= 1'000'000) (void)tb::scan::read_qr_still(img.view());
    return 0;
  }
  if (size < 2) return 0;
  const int width = 1 + ((data[0] << 8 | data[1]) % 1024);
  data += 2, size -= 2;
  const int height = static_cast<int>(size / static_cast<std::size_t>(width));
  if (height < 1) return 0;
  (void)tb::scan::read_qr_frame({data, width, height, width}, 5.0);  // a shorter budget: more inputs a second
  return 0;
}
