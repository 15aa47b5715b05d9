#pragma once
// Where the native kiosk's cameras take frames from: a V4L2 device (/dev/videoN) or a YUV4MPEG2
// (.y4m) file of frames (tests, demos, a recorded camera). Shared by the scanning camera
// (camera_native.cpp: the grey plane is all a QR code needs) and the document camera
// (document_camera_native.cpp: in colour, at the camera's full size).
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "image/image.h"
#include "platform/platform.h"
#include "result.h"

namespace tb::kiosk::platform {

struct Frame {
  int width = 0, height = 0;  // 0: no frame this time (a device that had none ready)
  std::vector<std::uint8_t> grey;  // the Y plane, width * height
  // Colour, from a source opened in colour: the U and V planes of 4:2:0 frames, or the packed
  // YUYV rows of a V4L2 camera (yuyv_stride bytes a row). Empty: the frame is grey only.
  std::vector<std::uint8_t> u, v, yuyv;
  int yuyv_stride = 0;
  image::Rgb rgb() const;
  void wipe();  // a frame may show a person's document
};

// What a source is asked for: colour or only the grey plane, and the size a V4L2 camera should
// deliver (the driver picks the nearest it has; a .y4m file has its own).
struct SourceWish {
  bool colour = false;
  int width = 640, height = 480;
};

// next() blocks for at most ~200 ms (a file plays at its frame rate and starts again at its end);
// Unavailable when the source has failed for good (unplugged, a broken file).
class Source {
 public:
  virtual ~Source() = default;
  virtual Status<PlatformError> next(Frame* frame) = 0;
};

// A .y4m path opens the file, anything else the V4L2 device; Unavailable when it cannot (the detail
// is for the operator: the path and what is wrong).
using Opened = Result<std::unique_ptr<Source>, PlatformError>;
Opened open_source(const std::string& path, const SourceWish& wish);

}  // namespace tb::kiosk::platform
