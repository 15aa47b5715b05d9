#pragma once
// 拍照上传: the document camera's sheet over a form, for one material (an attachment field). A live
// preview from the camera (platform.h, "document camera"), 拍照, then the photo the core made of it
// (core/image: the page found and straightened, JPEG), shown on the frame it came from with the
// page's outline, already attached: the JPEG goes into the person's form state (ApplyState::photos)
// and the field takes its reference, so the checklist marks the material as provided and 确认提交
// seals it with the application. A camera that cannot start or stops is said in plain Chinese (and
// read aloud when 读给我听 is on). Modal like the editor; the camera runs only while it is up, and
// the picture on screen is wiped when it closes or the session ends.
#include <cstdint>
#include <string>

#include "form/session.h"
#include "image/document.h"
#include "ui/context.h"
#include "ui/preview_texture.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class CameraSheet {
 public:
  explicit CameraSheet(UiContext& ui) : ui_(ui) {}
  // 拍照上传 tapped on a material: opens the sheet and starts the camera.
  void open(const form::FieldView& f, std::int64_t now);
  bool is_open() const { return !path_.empty(); }
  // Closes it when the person left the form or their session ended.
  void close_if_stale(std::int64_t now);
  // Draws the sheet over the whole display (after the screen, before the session warning).
  void draw(Canvas& screen, std::int64_t now);

 private:
  enum class Phase { Live, Working, Taken, Failed };
  void close();
  void fail(const std::string& operator_detail);
  void take(image::DocumentPhoto photo, std::int64_t now);
  void draw_picture(Canvas& c, ImVec2 pos, ImVec2 size);

  UiContext& ui_;
  std::string path_, label_, item_;  // the field and its form (not personal)
  Phase phase_ = Phase::Live;
  std::string problem_;              // what the person is told (plain Chinese)
  bool page_found_ = false;
  image::Quad page_;                 // where the page was found, in the captured frame's pixels
  int frame_w_ = 0, frame_h_ = 0;    // the captured frame's size (the page's coordinates)
  image::Rgb picture_;               // what is on screen: the live frame, then the captured one
  PreviewTexture texture_;
};

}  // namespace tb::kiosk
