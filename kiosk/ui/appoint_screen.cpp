// 预约 at the kiosk: for an item that must be done in person, a villager picks the hall, a working
// day and an hour, gives a name and a mobile number (on-screen keypad; the name through the editor),
// and the request is sealed to the item's department and sent through the kiosk's outbox, like an
// application. The phone has the same request (mobile-shell/js/submit.js).
#include "ui/appoint_screen.h"

#include <string>

#include "app/appointment.h"
#include "crypto/wipe.h"
#include "check/validate.h"
#include "guide/views.h"
#include "platform/platform.h"
#include "seal/submission.h"
#include "ui_strings.h"


namespace tb::kiosk {
namespace {

// Choice buttons laid out left to right, wrapping at the width; returns the height used.
template <typename Label, typename Tapped>
float choice_row(Canvas& c, const std::vector<std::string>& ids, Label label, const std::string& chosen, ImVec2 pos, float width,
                 float min_w, Tapped tapped) {
  const Theme& t = c.theme;
  float x = pos.x, y = pos.y;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string text = label(i);
    const float w = std::max(min_w, measure_text(c, t.body, text).x + t.gap * 2);
    if (x > pos.x && x + w > pos.x + width) x = pos.x, y += t.button_h + t.gap * 0.5f;
    const std::string id = ids[i];
    if (button(c, id.c_str(), text, {x, y}, {w, t.button_h}, chosen == id)) tapped(i);
    c.automation.mark(id, chosen == id ? "selected" : "");
    x += w + t.gap * 0.5f;
  }
  return y + t.button_h - pos.y;
}

}  // namespace

// The editor's 确定 for the name and mobile boxes: checked as forms check them.
std::string AppointScreen::commit_field(bool mobile, const std::string& value) {
  app::AppointDraft& draft = ui_.person().appoint;
  const check::CheckResult r = mobile ? check::check_mobile(value) : check::check_person_name(value);
  if (!r.acceptable()) {
    draft.error = (mobile ? "手机号：" : "姓名：") + r.message();
    return draft.error;
  }
  draft.error.clear();
  (mobile ? draft.mobile : draft.name) = r.normalized;
  return {};
}

void AppointScreen::draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const std::string& item_id = ui_.app.route().arg;
  app::AppointDraft& draft = ui_.person().appoint;
  if (draft.item != item_id) {  // another item: nothing chosen for the last one carries over
    draft.wipe();
    draft.item = item_id;
  }
  const auto v = guide::detail_view(*ui_.guides, item_id);
  if (v.id.empty()) return;
  if (!draft.sent_id.empty()) {  // sent: what was asked for, and how it travels
    const proto::OutboxItem* it = ui_.submitter ? ui_.submitter->item(draft.sent_id) : nullptr;
    float y = top.y;
    y += paragraph(c, t.title, "预约申请已加密保存", {top.x, y}, area.x, color::kAccentMine) + t.gap;
    y += paragraph(c, t.body, v.name, {top.x, y}, area.x, color::kText) + t.gap * 0.5f;
    for (const auto& hall : v.halls)
      if (hall.id == draft.hall)
        y += paragraph(c, t.body, hall.name + " · " + app::day_label(draft.date) + " " + draft.slot, {top.x, y}, area.x, color::kText) +
             t.gap;
    if (it) {
      const auto status = static_cast<outbox::Status>(it->status());
      y += paragraph(c, t.body,
                     std::string("状态：") + outbox::status_text(status) +
                         (status == outbox::Status::Queued ? "。网络恢复后会自动发送，您可以离开，不会丢失。" : "。部门确认后会发短信通知您。"),
                     {top.x, y}, area.x, color::kPrimaryDark) + t.gap;
    }
    const ImVec2 bs{t.button_h * 3.6f, t.button_h};
    if (button(c, "appoint.finish", "完成，退出", {top.x, top.y + area.y - bs.y}, bs, true)) ui_.app.end_session(now);
    return;
  }

  // The choices scroll; what the person gives (姓名, 手机号) and 提交预约 are a bar under them that
  // never scrolls (as the form's 下一步 row): a box half under the scroll edge looks tappable and
  // is not, and on a short screen it hid under the edge. The bar: the last refusal, if any, on its
  // own line; the two labels; the two boxes with 提交预约 beside them.
  const ImVec2 bs{t.button_h * 3.6f, t.button_h};
  const float label_h = c.fonts.pixel_size(t.body) * 1.3f;
  const float error_h = draft.error.empty() ? 0.0f : measure_text(c, t.body, draft.error, area.x).y + t.gap * 0.3f;
  const float bar_h = t.gap + error_h + label_h + t.button_h;
  Canvas s = ui_.scroll.begin(c, "appoint-" + item_id, top, {area.x, area.y - bar_h});
  const float x = ui_.scroll.origin().x, w = ui_.scroll.width();
  float y = ui_.scroll.origin().y;
  y += paragraph(s, t.title, v.name, {x, y}, w, color::kPrimaryDark) + t.gap * 0.5f;
  y += paragraph(s, t.body, "请选择办理地点、日期和时间段，留下姓名和手机号。预约信息加密后只有受理部门能看到。", {x, y}, w, color::kTextMuted) +
       t.gap;

  y += paragraph(s, t.body, ui::kSectionHalls, {x, y}, w, color::kText) + t.gap * 0.3f;
  std::vector<std::string> hall_ids;
  for (const auto& h : v.halls) hall_ids.push_back("appoint.hall." + h.id);
  y += choice_row(s, hall_ids, [&](std::size_t i) { return v.halls[i].name; }, "appoint.hall." + draft.hall, {x, y}, w, t.button_h * 3,
                  [&](std::size_t i) { draft.hall = v.halls[i].id, ui_.app.touch(now); }) + t.gap;

  y += paragraph(s, t.body, "日期（工作日）", {x, y}, w, color::kText) + t.gap * 0.3f;
  const auto days = app::next_working_days(platform::today_yyyymmdd(), 10);
  std::vector<std::string> day_ids;
  for (int d : days) day_ids.push_back("appoint.date." + std::to_string(d));
  y += choice_row(s, day_ids, [&](std::size_t i) { return app::day_label(days[i]); }, "appoint.date." + std::to_string(draft.date), {x, y},
                  w, t.button_h * 3, [&](std::size_t i) { draft.date = days[i], ui_.app.touch(now); }) + t.gap;

  y += paragraph(s, t.body, ui::kAppointSlot, {x, y}, w, color::kText) + t.gap * 0.3f;
  const auto& slots = app::appointment_slots();
  std::vector<std::string> slot_ids;
  for (std::size_t i = 0; i < slots.size(); ++i) slot_ids.push_back("appoint.slot." + std::to_string(i));
  std::string chosen_slot;
  for (std::size_t i = 0; i < slots.size(); ++i)
    if (slots[i] == draft.slot) chosen_slot = slot_ids[i];
  y += choice_row(s, slot_ids, [&](std::size_t i) { return slots[i]; }, chosen_slot, {x, y}, w, t.button_h * 3,
                  [&](std::size_t i) { draft.slot = slots[i], ui_.app.touch(now); }) + t.gap;

  ui_.scroll.end(y - ui_.scroll.origin().y);

  // The bar: boxes that open the editor (text on the touch keyboards; the phone keypad).
  form::FieldView name;
  name.path = "appoint.name", name.label = ui::kAppointName, name.type = "text", name.value = draft.name, name.required = true;
  form::FieldView mobile;
  mobile.path = "appoint.mobile", mobile.label = ui::kAppointMobile, mobile.type = "text", mobile.keypad = "tel", mobile.value = draft.mobile,
  mobile.required = true;
  float by = top.y + area.y - bar_h + t.gap;
  if (!draft.error.empty()) by += paragraph(c, t.body, draft.error, {top.x, by}, area.x, color::kWarning) + t.gap * 0.3f;
  const float box_w = (area.x - bs.x - 2 * t.gap) * 0.5f;
  draw_text(c, t.body, name.label, {top.x, by}, color::kText);
  draw_text(c, t.body, mobile.label, {top.x + box_w + t.gap, by}, color::kText);
  by += label_h;
  if (apply_.field_box(c, name, {top.x, by}, box_w)) editor_.open(name, [this](const std::string& v) { return commit_field(false, v); });
  if (apply_.field_box(c, mobile, {top.x + box_w + t.gap, by}, box_w))
    editor_.open(mobile, [this](const std::string& v) { return commit_field(true, v); });

  const bool ready = !draft.hall.empty() && draft.date && !draft.slot.empty() && !draft.name.empty() && !draft.mobile.empty();
  const ImVec2 bp{top.x + area.x - bs.x, by};
  if (button(c, "appoint.send", ui::kAppointSubmit, bp, bs, ready)) {
    ui_.app.touch(now);
    if (!ready) {
      draft.error = "请选择地点、日期和时间段，并填写姓名和手机号";
    } else {
      const auto plan = seal::plan_appointment(
          ui_.guides->catalogue_for(item_id), seal::Appointment{item_id, draft.hall, draft.date, draft.slot, draft.name, draft.mobile},
          platform::wall_ms() / 1000);
      std::string why = plan ? std::string() : plan.message();
      std::optional<std::string> id;
      if (plan) {
        auto kept = ui_.submitter->submit(*plan, "预约：" + v.name, nullptr);
        if (kept) id = std::move(*kept);
        else why = kept.message();
      }
      if (id) {
        // The name and mobile are in the sealed envelope now, nowhere else; what was chosen stays
        // for the confirmation.
        crypto::wipe(draft.name), crypto::wipe(draft.mobile), crypto::wipe(draft.error);
        draft.sent_id = *id;
      } else {
        draft.error = "未能保存：" + why;
      }
    }
  }
}

}  // namespace tb::kiosk
