#pragma once
// 我要办 on the kiosk: the items that can be applied for, the guided form drawn from core's form
// view-model (choices are big buttons; text, numbers and addresses through the editor panel), and
// the page before 确认提交 that seals the application. Everything typed belongs to the person's
// state; this class keeps only whether to bring the first problem into view.
#include <cstdint>

#include "form/session.h"
#include "seal/submission.h"
#include "ui/camera_sheet.h"
#include "ui/card_panel.h"
#include "ui/context.h"
#include "ui/editor.h"
#include "ui/widgets.h"

namespace tb::kiosk {

class ApplyScreens {
 public:
  ApplyScreens(UiContext& ui, Editor& editor, CameraSheet& camera) : ui_(ui), editor_(editor), camera_(camera), card_(ui) {}
  void draw_list(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_form(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  void draw_done(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now);
  // A tappable box showing a field's value (or an invitation to fill it); true when tapped.
  // Shared with the 预约 screen, whose name and mobile open the same editor.
  bool field_box(Canvas& c, const form::FieldView& f, ImVec2 pos, float w);
  // Over everything, after the editor: the list of what an ID card filled in, until 知道了.
  void draw_card_confirm(Canvas& c, std::int64_t now) { card_.draw_confirm(c, now); }

 private:
  bool add_provenance(seal::SubmissionPlan& plan);
  float draw_field(Canvas& c, const form::FieldView& f, float x, float y, float w, std::int64_t now);

  UiContext& ui_;
  Editor& editor_;
  CameraSheet& camera_;
  CardPanel card_;
  bool show_problem_ = false;  // a refused 下一步/提交: scroll the first error into view next frame
};

}  // namespace tb::kiosk
