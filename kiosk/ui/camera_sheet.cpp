#include "ui/camera_sheet.h"

#include <algorithm>
#include <cstdio>

#include "ui_strings.h"
#include "crypto/wipe.h"
#include "platform/platform.h"
#include "seal/submission.h"

namespace tb::kiosk {

void CameraSheet::open(const form::FieldView& f, std::int64_t now) {
  close();
  ui_.app.touch(now);
  path_ = f.path, label_ = f.label;
  item_ = ui_.app.form() ? ui_.app.form()->item : std::string();
  phase_ = Phase::Live;
  if (const auto opened = platform::document_camera_open(); !opened) fail(opened.detail());
}

void CameraSheet::close() {
  platform::document_camera_close();
  texture_.clear();
  image::wipe(picture_);
  path_.clear(), label_.clear(), item_.clear(), problem_.clear();
  page_found_ = false;
}

void CameraSheet::close_if_stale(std::int64_t now) {
  if (!is_open()) return;
  const bool gone = !ui_.app.form() || ui_.app.form()->item != item_ || ui_.app.screen() != app::Screen::ApplyForm ||
                    ui_.app.session().phase(now) == app::SessionPhase::Idle;
  if (gone) close();
}

// The camera cannot start or stopped: the operator's detail goes to the log, the person is told
// plainly (and hears it when 读给我听 is on); the form keeps what it has.
void CameraSheet::fail(const std::string& operator_detail) {
  std::fprintf(stderr, "tongban-kiosk: document camera: %s\n", operator_detail.c_str());
  platform::document_camera_close();
  phase_ = Phase::Failed;
  problem_ = ui::kPhotoCameraGone;
  ui_.fault_shown(problem_);
}

// The photo made: kept in the person's form state, the field given its reference.
void CameraSheet::take(image::DocumentPhoto photo, std::int64_t now) {
  auto* state = ui_.app.form();
  page_found_ = photo.page_found;
  page_ = photo.page;
  if (!state || photo.jpeg.empty()) {
    photo.wipe();
    phase_ = Phase::Failed;
    problem_ = ui::kPhotoFailed;
    ui_.fault_shown(problem_);
    return;
  }
  app::Photo kept;
  kept.path = path_;
  kept.jpeg.assign(photo.jpeg.begin(), photo.jpeg.end());
  photo.wipe();
  // The file name says which material it is (the field's id), never whose.
  const std::string value = seal::attachment_value(kept.jpeg, path_.substr(path_.rfind('.') + 1) + ".jpg");
  kept.ref = seal::parse_attachment_value(value)->ref;
  const form::SetResult r = state->session->set(path_, value);
  if (!r) {
    kept.wipe();
    phase_ = Phase::Failed;
    problem_ = r.message();
    ui_.fault_shown(problem_);
    return;
  }
  state->keep_photo(std::move(kept));
  ui_.app.touch(now);
  phase_ = Phase::Taken;
}

void CameraSheet::draw_picture(Canvas& c, ImVec2 pos, ImVec2 size) {
  c.dl->AddRectFilled(pos, {pos.x + size.x, pos.y + size.y}, IM_COL32(0x20, 0x22, 0x26, 0xFF), c.theme.corner);
  if (texture_.empty()) return;
  // The picture whole, as large as fits, centred.
  const float s = std::min(size.x / texture_.width(), size.y / texture_.height());
  const ImVec2 wh{texture_.width() * s, texture_.height() * s};
  const ImVec2 at{pos.x + (size.x - wh.x) * 0.5f, pos.y + (size.y - wh.y) * 0.5f};
  c.dl->AddImage(texture_.id(), at, {at.x + wh.x, at.y + wh.y});
  const std::string state = phase_ == Phase::Taken ? (page_found_ ? "page found" : "whole frame")
                            : phase_ == Phase::Failed ? "stopped" : "live";
  if (phase_ == Phase::Taken && page_found_ && frame_w_ > 0) {
    // Where the page was found, on the frame it was found in.
    const float k = wh.x / static_cast<float>(frame_w_);
    ImVec2 pts[4];
    for (int i = 0; i < 4; ++i)
      pts[i] = {at.x + static_cast<float>(page_.corners[i].x) * k, at.y + static_cast<float>(page_.corners[i].y) * k};
    c.dl->AddPolyline(pts, 4, color::kAccentScan, ImDrawFlags_Closed, 6.0f);
  }
  c.automation.target("camera.picture", label_, at.x, at.y, wh.x, wh.y, state);
}

void CameraSheet::draw(Canvas& screen, std::int64_t now) {
  if (!is_open()) return;
  image::Rgb frame;
  platform::DocumentCameraNews news = platform::document_camera_poll(&frame);
  if (news.preview && phase_ == Phase::Live) {
    image::wipe(picture_);
    picture_ = std::move(frame);
    texture_.upload(picture_);
  }
  image::wipe(frame);
  if (news.photo && phase_ == Phase::Working) {
    image::wipe(picture_);
    picture_ = std::move(news.captured);
    frame_w_ = news.frame_width, frame_h_ = news.frame_height;
    texture_.upload(picture_);
    take(std::move(*news.photo), now);
  }
  if (news.photo) news.photo->wipe();  // taken (moved) or not asked for
  image::wipe(news.captured);
  if (!news.failure.empty() && phase_ != Phase::Taken) fail(news.failure);

  const Theme& t = screen.theme;
  ImGui::SetNextWindowPos({0, 0});
  ImGui::SetNextWindowSize(screen.size);
  ImGui::Begin("camera-sheet", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                            ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground);
  Canvas c{ImGui::GetWindowDrawList(), screen.fonts, screen.automation, t, screen.size, screen.texts, screen.redraw};
  // The whole screen: the picture wants every pixel it can get.
  c.automation.set_modal(0, 0, screen.size.x, screen.size.y);
  c.dl->AddRectFilled({0, 0}, screen.size, color::kCard);
  const float x0 = t.pad, width = screen.size.x - 2 * t.pad;
  float y = t.pad;
  y += draw_text(c, t.title, ui::kPhotoTitle + label_, {x0, y}, color::kPrimaryDark, width).y + t.gap;
  // The picture on the left (above in portrait), what to do beside it.
  const bool portrait = screen.size.y > screen.size.x;
  const float side_w = portrait ? width : std::max(t.button_h * 6.0f, width * 0.3f);
  const ImVec2 pic_size = portrait ? ImVec2{width, (screen.size.y - y) * 0.55f} : ImVec2{width - side_w - t.gap, screen.size.y - y - t.pad};
  draw_picture(c, {x0, y}, pic_size);
  const float sx = portrait ? x0 : x0 + pic_size.x + t.gap;
  float sy = portrait ? y + pic_size.y + t.gap : y;
  const char* says = phase_ == Phase::Failed ? problem_.c_str()
                     : phase_ == Phase::Working ? ui::kPhotoWorking
                     : phase_ == Phase::Taken ? (page_found_ ? ui::kPhotoPageFound : ui::kPhotoWholeFrame)
                                              : ui::kPhotoHint;
  sy += paragraph(c, t.body, says, {sx, sy}, side_w, phase_ == Phase::Failed ? color::kWarning : color::kText) + t.gap;
  const ImVec2 bs{side_w, t.button_h * 1.2f};
  if (phase_ == Phase::Live && button(c, "camera.shoot", ui::kPhotoShoot, {sx, sy}, bs, true)) {
    ui_.app.touch(now);
    platform::document_camera_capture();
    phase_ = Phase::Working;
  }
  if (phase_ == Phase::Taken && button(c, "camera.retake", ui::kPhotoRetake, {sx, sy}, bs, false)) {
    ui_.app.touch(now);
    phase_ = Phase::Live;
  }
  sy += bs.y + t.gap;
  const bool done = phase_ == Phase::Taken;
  if (button(c, done ? "camera.done" : "camera.cancel", done ? ui::kPhotoDone : ui::kPhotoCancel, {sx, sy}, bs, done)) {
    ui_.app.touch(now);
    close();
  }
  ImGui::End();
}

}  // namespace tb::kiosk
