// 我要办 on the kiosk: the items that can be applied for, and the guided form drawn from core's
// form view-model. Numbers, ID numbers, mobiles and dates are typed on a large on-screen keypad;
// text goes into an editor sheet (a pinyin keyboard, a handwriting pad, or a real keyboard and its IME);
// choices are big buttons, or a list to pick from when there are many (民族).
// Everything typed belongs to the person's session and is wiped when it ends.
#include "ui/form_screens.h"

#include <algorithm>
#include <cstring>

#include "ui_strings.h"
#include "crypto/wipe.h"
#include "check/divisions.h"
#include "form/merge.h"
#include "form/review.h"
#include "platform/platform.h"
#include "seal/provenance.h"
#include "seal/submission.h"
#include "text/mask.h"
#include "text/utf8.h"
#include "guide/views.h"
#include "ui/item_row.h"

namespace tb::kiosk {
namespace {

std::string shown_value(const form::FieldView& f) {
  if (f.value.empty()) return {};
  if (f.type == "address") {
    const auto bar = f.value.find('|');
    const std::string code = f.value.substr(0, bar);
    std::string s = code.size() == 6 ? check::Divisions::builtin().full_name(static_cast<std::uint32_t>(std::atoi(code.c_str()))) : code;
    if (bar != std::string::npos) s += " " + f.value.substr(bar + 1);
    return s;
  }
  if (f.type == "attachment") return f.value.rfind("counter:", 0) == 0 ? "到窗口现场提交" : ui::kPhotoAttached;
  if (f.type == "single_choice")
    for (const auto& ch : f.choices)
      if (ch.selected) return ch.label;
  if (!f.sensitive) return f.value;
  if (f.type == "resident_id") return text::mask_resident_id(f.value);
  if (f.type == "mobile") return text::mask_mobile(f.value);
  if (f.type == "person_name") return text::mask_name(f.value);
  return std::string(text::count_code_points(f.value), '*');
}

// The error the form shows for a field (rows of groups included); empty when there is none.
std::string field_error(const std::vector<form::FieldView>& fields, const std::string& path) {
  for (const auto& f : fields) {
    if (f.path == path) return f.error;
    for (const auto& row : f.rows)
      if (std::string e = field_error(row, path); !e.empty()) return e;
  }
  return {};
}

}  // namespace

void ApplyScreens::draw_list(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  if (!ui_.guides) return;
  Canvas s = ui_.scroll.begin(c, "apply-list", top, area);
  float y = ui_.scroll.origin().y;
  const float x = ui_.scroll.origin().x, w = ui_.scroll.width();
  y += paragraph(s, c.theme.body, ui::kApplyIntro, {x, y}, w, color::kTextMuted) + c.theme.gap;
  for (int index : ui_.guides->items_with_forms()) {
    const guide::ItemSummary it = guide::summary_of(*ui_.guides, index);
    const std::string id = "apply." + it.id;
    const ImVec2 ns = measure_text(s, c.theme.title, it.name), ds = measure_text(s, c.theme.body, it.department);
    bool tapped = false;
    if (ns.x + ds.x + c.theme.gap * 3 <= w) {
      // Name and department on one line while they fit side by side (a short list stays short).
      const float h = c.theme.button_h * 1.2f;
      tapped = row(s, id.c_str(), {x, y}, {w, h}, it.name);
      draw_text(s, c.theme.title, it.name, {x + c.theme.gap, y + (h - ns.y) * 0.5f}, color::kText);
      draw_text(s, c.theme.body, it.department, {x + w - ds.x - c.theme.gap, y + (h - ds.y) * 0.5f}, color::kTextMuted);
      y += h + c.theme.gap * 0.5f;
    } else {
      // Where they would run into each other (长辈版's large type, a portrait screen): as every
      // kiosk list draws an item, the department under the name.
      tapped = item_row(s, it, x, &y, w, "apply.");
    }
    if (tapped) {
      if (const auto opened = ui_.app.open_form(ui_.guides->catalogue_for(it.id), it.id, platform::today_yyyymmdd(), now); !opened)
        ui_.person().apply_error = opened.message();
      editor_.close();
    }
  }
  if (!ui_.person().apply_error.empty()) y += paragraph(s, c.theme.body, ui_.person().apply_error, {x, y}, w, color::kWarning);
  ui_.scroll.end(y - ui_.scroll.origin().y);
}

// A tappable box showing a field's value (or an invitation to fill it).
bool ApplyScreens::field_box(Canvas& c, const form::FieldView& f, ImVec2 pos, float w) {
  const float h = c.theme.button_h;
  const std::string id = "field." + f.path;
  const bool tapped = row(c, id.c_str(), pos, {w, h}, f.label);
  c.automation.mark(id, !f.error.empty() ? "error" : f.value.empty() ? "empty" : "filled");
  const bool editing = editor_.editing(f.path);
  c.dl->AddRect(pos, {pos.x + w, pos.y + h}, !f.error.empty() ? color::kWarning : editing ? color::kPrimary : color::kBorder,
                c.theme.corner, 0, editing ? 4.0f : 2.0f);
  // The field being typed shows its value in the editor sheet, as typed; here only that it is open.
  const std::string v = editing ? std::string("正在填写…") : shown_value(f);
  const std::string text = v.empty() ? (f.readonly ? "（自动计算）" : "点击填写") : v + (f.unit.empty() ? "" : " " + f.unit);
  const ImVec2 ts = measure_text(c, c.theme.body, text);
  draw_text(c, c.theme.body, text, {pos.x + c.theme.gap * 0.6f, pos.y + (h - ts.y) * 0.5f},
            v.empty() ? color::kTextMuted : color::kText);
  return tapped && !f.readonly;
}

float ApplyScreens::draw_field(Canvas& c, const form::FieldView& f, float x, float y, float w, std::int64_t now) {
  const Theme& t = c.theme;
  auto& session = *ui_.app.form()->session;
  const float y0 = y;
  auto set = [&](const std::string& value) {
    session.set(f.path, value);
    ui_.app.touch(now);
  };
  if (f.type == "note") {
    y += paragraph(c, t.body, f.label, {x, y}, w, color::kPrimaryDark) + t.gap * 0.6f;
    return y - y0;
  }
  std::string label = f.label + (f.required ? " *" : "");
  y += paragraph(c, t.body, label, {x, y}, w, color::kText) + 4;
  if (!f.hint.empty()) y += paragraph(c, t.body, f.hint, {x, y}, w, color::kTextMuted) + 4;
  if (!f.prefilled_from.empty()) y += paragraph(c, t.body, ui::fill(ui::kFormPrefilled, {f.prefilled_from}), {x, y}, w, color::kAccentMine) + 4;
  if (card_.from_card(f.path)) y += paragraph(c, t.body, ui::kCardFromCard, {x, y}, w, color::kAccentMine) + 4;
  const float gap = t.gap * 0.5f;
  const bool from_list = f.type == "single_choice" && f.choices.size() >= Editor::kListChoices;
  if ((f.type == "single_choice" && !from_list) || f.type == "multi_choice" || f.type == "yes_no") {
    std::vector<std::pair<std::string, std::string>> options;
    std::vector<bool> selected;
    if (f.type == "yes_no") {
      options = {{"true", ui::kYes}, {"false", ui::kNo}};
      selected = {f.value == "true", f.value == "false"};
    } else {
      for (const auto& ch : f.choices) {
        options.emplace_back(ch.value, ch.label);
        selected.push_back(ch.selected);
      }
    }
    float bx = x;
    const float bh = t.button_h;
    for (std::size_t i = 0; i < options.size(); ++i) {
      const float bw = std::max(bh * 1.8f, measure_text(c, t.body, options[i].second).x + 3 * t.gap);
      if (bx + bw > x + w && bx > x) {
        bx = x;
        y += bh + gap;
      }
      const std::string id = "choice." + f.path + "." + options[i].first;
      const bool tapped = button(c, id.c_str(), options[i].second, {bx, y}, {bw, bh}, selected[i]);
      c.automation.mark(id, selected[i] ? "selected" : "");
      if (tapped) {
        if (f.type == "multi_choice") {
          std::string now_value;
          for (std::size_t k = 0; k < options.size(); ++k)
            if (k == i ? !selected[k] : selected[k]) now_value += (now_value.empty() ? "" : ",") + options[k].first;
          set(now_value);
        } else {
          set(options[i].first);
        }
      }
      bx += bw + gap;
    }
    y += bh + gap;
  } else if (f.type == "commitment") {
    const float box = t.button_h * 0.7f;
    const std::string id = "commit." + f.path;
    const float th = measure_text(c, t.body, f.commitment_text, w - box - t.gap).y;
    const bool tapped = row(c, id.c_str(), {x, y}, {w, std::max(box, th) + t.gap}, f.label);
    c.automation.mark(id, f.value == "true" ? "selected" : "");
    if (tapped) set(f.value == "true" ? "false" : "true");
    c.dl->AddRect({x + 6, y + 6}, {x + 6 + box, y + 6 + box}, color::kPrimary, 6, 0, 3);
    if (f.value == "true") {
      c.dl->AddLine({x + 6 + box * 0.2f, y + 6 + box * 0.5f}, {x + 6 + box * 0.42f, y + 6 + box * 0.75f}, color::kPrimary, 5);
      c.dl->AddLine({x + 6 + box * 0.42f, y + 6 + box * 0.75f}, {x + 6 + box * 0.82f, y + 6 + box * 0.25f}, color::kPrimary, 5);
    }
    draw_text(c, t.body, f.commitment_text, {x + box + t.gap, y + 6}, color::kText, w - box - t.gap - 6);
    y += std::max(box, th) + t.gap + gap;
  } else if (f.type == "attachment") {
    if (!f.covered_by.empty()) {
      y += paragraph(c, t.body, f.covered_by, {x, y}, w, color::kAccentMine) + gap;
    } else {
      // With a document camera the material is photographed here (拍照上传, camera_sheet.h); either
      // way it can be handed in at the counter instead, and the form records that, so the
      // department knows to expect it.
      const bool photo = f.value.rfind("att:", 0) == 0, counter = f.value.rfind("counter:", 0) == 0;
      float bx = x;
      if (platform::document_camera_available()) {
        const std::string id = "camera." + f.path;
        const float bw = std::min(w * 0.45f, t.button_h * 5.0f);
        if (button(c, id.c_str(), photo ? ui::kPhotoRetake : ui::kPhotoUpload, {bx, y}, {bw, t.button_h}, !photo)) camera_.open(f, now);
        if (photo) c.automation.mark(id, "filled");
        bx += bw + gap;
      }
      const std::string id = "attach." + f.path;
      const std::string label = counter ? "已选择：到窗口现场提交" : "到窗口现场提交";
      const bool tapped = button(c, id.c_str(), label, {bx, y}, {std::min(w - (bx - x), t.button_h * 6.0f), t.button_h}, counter);
      c.automation.mark(id, counter ? "selected" : "");
      if (tapped) set(counter ? "" : "counter:现场提交");
      y += t.button_h + gap;
      if (photo) y += paragraph(c, t.body, std::string("✓ ") + ui::kPhotoAttached, {x, y}, w, color::kAccentScan) + gap;
    }
  } else if (f.type == "group") {
    for (std::size_t r = 0; r < f.rows.size(); ++r) {
      const float card_top = y;
      y += gap;
      draw_text(c, t.body, ui::fill(ui::kFormRow, {std::to_string(r + 1)}), {x + t.gap, y}, color::kTextMuted);
      if (f.can_remove_row) {
        const std::string id = "remove." + f.path + "." + std::to_string(r);
        const ImVec2 bs{t.button_h * 2.0f, t.button_h * 0.8f};
        if (button(c, id.c_str(), ui::kFormRemoveRow, {x + w - bs.x - t.gap, y}, bs, false, Icon::None, color::kWarning)) {
          session.remove_row(f.id, r);
          ui_.app.touch(now);
          editor_.close();
        }
      }
      y += t.button_h * 0.8f + gap;
      for (const auto& sub : f.rows[r]) y += draw_field(c, sub, x + t.gap, y, w - 2 * t.gap, now);
      c.dl->AddRect({x, card_top}, {x + w, y}, color::kBorder, t.corner, 0, 2);
      y += gap;
    }
    if (f.can_add_row) {
      const std::string id = "add." + f.path;
      if (button(c, id.c_str(), ui::fill(ui::kFormAddRow, {f.label}), {x, y}, {std::min(w, t.button_h * 5.0f), t.button_h}, false)) {
        session.add_row(f.id);
        ui_.app.touch(now);
      }
      y += t.button_h + gap;
    }
  } else {
    if (field_box(c, f, {x, y}, w)) editor_.open(f, [this, path = f.path](const std::string& value) -> std::string {
      if (!ui_.app.form()) return {};
      auto& session = *ui_.app.form()->session;
      const form::SetResult r = session.set(path, value);
      if (!r) return r.detail();
      return field_error(session.view().fields, path);  // e.g. a wrong check digit: fixed in the editor
    });
    y += t.button_h + gap;
  }
  if (!f.warning.empty()) y += paragraph(c, t.body, f.warning, {x, y}, w, color::kAccentApply) + 4;
  if (!f.error.empty()) y += paragraph(c, t.body, f.error, {x, y}, w, color::kWarning) + 4;
  y += t.gap * 0.6f;
  return y - y0;
}

void ApplyScreens::draw_form(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  auto* state = ui_.app.form();
  if (!state) return;
  const Theme& t = c.theme;
  auto& session = *state->session;
  const form::FormView v = session.view();
  // Steps and progress on top.
  const std::string steps = ui::fill(ui::kFormSteps, {std::to_string(v.page + 1), std::to_string(v.pages), v.page_title});
  const ImVec2 ss = draw_text(c, t.title, steps, top, color::kPrimaryDark, area.x);
  float y = top.y + ss.y + 6;
  const float pct = v.required_total ? static_cast<float>(v.required_done) / v.required_total : 1.0f;
  c.dl->AddRectFilled({top.x, y}, {top.x + area.x * 0.6f, y + 12}, color::kBorder, 6);
  c.dl->AddRectFilled({top.x, y}, {top.x + area.x * 0.6f * pct, y + 12}, color::kPrimary, 6);
  const std::string done = ui::fill(ui::kFormProgress, {std::to_string(v.required_done), std::to_string(v.required_total)});
  draw_text(c, t.body, done, {top.x + area.x * 0.6f + t.gap, y - 8}, color::kTextMuted);
  y += 12 + t.gap;
  y += card_.draw_bar(c, {top.x, y}, area.x, now);
  card_.refresh_marks();
  const float nav_h = t.button_h + t.gap;
  const ImVec2 spos{top.x, y};
  const ImVec2 ssize{area.x, area.y - (y - top.y) - nav_h};
  Canvas s = ui_.scroll.begin(c, "apply-form-" + state->item + "-" + std::to_string(v.page), spos, ssize);
  float fy = ui_.scroll.origin().y;
  for (const auto& f : v.fields) {
    // After a refused 下一步/提交: the first thing to fix is brought into view, so nobody has to
    // hunt for it with 上一页/下一页.
    if (show_problem_ && !f.error.empty()) {
      ui_.scroll.scroll_to(fy - ui_.scroll.origin().y - t.gap);
      show_problem_ = false;
      ui_.redraw = std::max(ui_.redraw, 3);
    }
    fy += draw_field(s, f, ui_.scroll.origin().x, fy, ui_.scroll.width() - t.gap, now);
  }
  show_problem_ = false;
  ui_.scroll.end(fy - ui_.scroll.origin().y);
  // Navigation.
  const ImVec2 bs{t.button_h * 3.2f, t.button_h};
  const float by = top.y + area.y - bs.y;
  if (v.can_back && button(c, "form.back", ui::kFormBack, {top.x, by}, bs, false)) {
    session.prev_page();
    editor_.close();
    ui_.app.touch(now);
  }
  if (v.can_next) {
    if (button(c, "form.next", ui::kFormNext, {top.x + area.x - bs.x, by}, bs, true)) {
      show_problem_ = !session.next_page();
      editor_.close();
      ui_.app.touch(now);
    }
  } else if (button(c, "form.submit", ui::kFormSubmit, {top.x + area.x - bs.x, by}, bs, true)) {
    editor_.close();
    ui_.app.touch(now);
    if (session.can_submit()) ui_.app.open(app::Route{app::Screen::ApplyDone, state->item, {}}, now);
    else session.show_all_errors(), show_problem_ = true;
  }
  if (v.errors > 0) {
    const std::string e = "本页有" + std::to_string(v.errors) + "处需要修改";
    const ImVec2 es = measure_text(c, t.body, e);
    draw_text(c, t.body, e, {top.x + (area.x - es.x) * 0.5f, by + (bs.y - es.y) * 0.5f}, color::kWarning);
  }
}

}  // namespace tb::kiosk

namespace tb::kiosk {

// How the submission was made, sealed in each part (seal/provenance.h): the fields that still hold
// what the ID card gave, and a signed record of the clerk who helped (帮办), if one is signed in —
// on a public kiosk, with the resident's consent. True when the card's record went in.
bool ApplyScreens::add_provenance(seal::SubmissionPlan& plan) {
  const app::CardState& card = ui_.person().card;
  auto* state = ui_.app.form();
  bool from_card = false;
  if (!card.fill.empty() && state && card.form == state->item) {
    const auto paths = app::paths_still_from_card(*state->session, card.fill);
    from_card = !paths.empty();
    if (from_card) seal::add_identity_record(plan, state->merged, paths, card.card.valid_until, card.read_at);
  }
  const app::StaffDesk& desk = ui_.app.desk();
  if (desk.assisting())
    plan.seal.assist = seal::AssistPlan{desk.credential(), desk.staff().staff_id, desk.station() ? "counter" : "on-screen",
                                        [&desk](std::string_view domain, std::string_view bytes) { return desk.sign(domain, bytes); }};
  return from_card;
}

// The form is complete: every answer as the person reads it (form/review.h, the phone's 确认提交
// too), page by page, with what each department will receive; then 确认提交 seals it (each
// department can open only its part) and hands it to the outbox. The list scrolls; the two buttons
// stay below it.
void ApplyScreens::draw_done(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  auto* state = ui_.app.form();
  const Theme& t = c.theme;
  const ImVec2 bs{t.button_h * 3.2f, t.button_h};
  // Why it could not be sent, in sight above the buttons however far the list is scrolled.
  app::AfterSubmit& after = ui_.person().submitted;
  const std::string failed = after.error.empty() ? std::string() : "未能提交：" + after.error;
  const float failed_h = failed.empty() ? 0.0f : measure_text(c, t.body, failed, area.x).y + t.gap;
  Canvas s = ui_.scroll.begin(c, "apply-done-" + state->item, top, {area.x, area.y - bs.y - t.gap - failed_h});
  const float x = ui_.scroll.origin().x, w = ui_.scroll.width() - t.gap;
  float y = ui_.scroll.origin().y;
  y += paragraph(s, t.body, ui::kApplyComplete, {x, y}, w, color::kText) + t.gap * 0.5f;
  const auto answers = state->session->answers();
  for (const auto& part : form::split_answers(state->merged, answers)) {
    const auto* d = ui_.guides->department(part.department);
    const std::string line = (d ? d->name() : part.department) + "：" + std::to_string(part.values.size()) + " 项信息";
    y += paragraph(s, t.body, line, {x, y}, w, color::kPrimaryDark) + t.gap * 0.3f;
  }
  // Each answer: its question on the left, the answer on the right (both wrap).
  const float label_w = w * 0.38f, value_x = x + label_w + t.gap, value_w = w - label_w - t.gap;
  for (const auto& page : form::review(*state->session).pages) {
    y += t.gap;
    y += paragraph(s, t.title, page.title, {x, y}, w, color::kPrimaryDark) + t.gap * 0.5f;
    for (const auto& item : page.items) {
      const float lh = paragraph(s, t.body, item.label, {x, y}, label_w, color::kTextMuted);
      const float vh = paragraph(s, t.body, item.value, {value_x, y}, value_w, item.missing ? color::kTextMuted : color::kText);
      y += std::max(lh, vh) + t.gap * 0.3f;
      s.dl->AddLine({x, y}, {x + w, y}, color::kBorder, 1.5f);
      y += t.gap * 0.3f;
    }
  }
  ui_.scroll.end(y - ui_.scroll.origin().y);
  const float by = top.y + area.y - bs.y;
  if (!failed.empty()) paragraph(c, t.body, failed, {top.x, by - failed_h}, area.x, color::kWarning);
  if (button(c, "form.edit", ui::kReviewEdit, {top.x, by}, bs, false)) {
    crypto::wipe(after.error);
    ui_.app.back(now);
  }
  if (button(c, "form.confirm", ui::kReviewConfirm, {top.x + area.x - bs.x, by}, bs, true)) {
    ui_.app.touch(now);
    const std::int64_t wall = platform::wall_ms();
    auto plan = seal::plan_application(ui_.guides->head(), state->merged, answers, wall / 1000);
    std::string why = plan ? std::string() : plan.message();
    const bool from_card = plan && add_provenance(*plan);
    std::optional<std::string> id;
    if (plan && ui_.submitter) {
      auto kept = ui_.submitter->submit(*plan, state->merged.def.title(), [state](const std::string& ref) { return state->photo_bytes(ref); });
      if (kept) id = std::move(*kept);
      else why = kept.message();
    }
    if (!ui_.submitter) why = "本机未配置提交功能";
    if (id) {
      ui_.log({"submitted", {{"submission", *id},
                             {"item", state->item},
                             {"identity", from_card ? "id-card" : "typed"},
                             {"assisted-by", ui_.app.desk().assisting() ? ui_.app.desk().staff().staff_id : "none"}}});
      after.wipe();
      const std::string item = state->item;
      ui_.app.submitted(*id, item, now);  // wipes the form
    } else {
      after.error = why;
    }
  }
}

}  // namespace tb::kiosk
