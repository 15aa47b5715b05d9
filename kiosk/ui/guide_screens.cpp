// 办事指南 on the kiosk: guide home (by life event, by department, search), search or ask with the
// on-screen keyboard (a question about one part of an item answered with that section, quoted), item lists, the item page, and scenario guidance ending in a checklist with a
// QR code for hall staff. Drawn from core's guide view-models only.
#include "ui/guide_screens.h"
#include "ui/composition.h"
#include "ui/item_row.h"

#include <algorithm>
#include <string>

#include "ui_strings.h"
#include "app/answer_text.h"
#include "guide/answer.h"
#include "guide/scenario.h"
#include "guide/views.h"
#include "text/utf8.h"
#include "crypto/wipe.h"
#include "ui/keyboard.h"
#include "ui/qr_view.h"

namespace tb::kiosk {
namespace {

// A vertical flow of blocks inside a scroll area.
struct Column {
  Canvas& c;
  float x, y, w;
  float heading(const std::string& text) {
    y += c.theme.gap;
    const ImVec2 s = draw_text(c, c.theme.title, text, {x, y}, color::kPrimaryDark);
    y += s.y + c.theme.gap * 0.5f;
    return s.y;
  }
  void text(const std::string& t, ImU32 color = color::kText, float indent = 0) {
    if (t.empty()) return;
    y += paragraph(c, c.theme.body, t, {x + indent, y}, w - indent, color) + c.theme.gap * 0.35f;
  }
  void bullet(const std::string& t) {
    const float r = c.fonts.pixel_size(c.theme.body) * 0.12f;
    c.dl->AddCircleFilled({x + r * 2, y + c.fonts.pixel_size(c.theme.body) * 0.55f}, r, color::kPrimary);
    text(t, color::kText, r * 6);
  }
  void fact(const std::string& label, const std::string& value) {
    const float label_w = c.fonts.pixel_size(c.theme.body) * 5.0f;
    draw_text(c, c.theme.body, label, {x, y}, color::kTextMuted);
    y += paragraph(c, c.theme.body, value.empty() ? "—" : value, {x + label_w, y}, w - label_w, color::kText) +
         c.theme.gap * 0.35f;
  }
};

void materials_block(Column& col, const std::vector<guide::MaterialView>& list) {
  Canvas& c = col.c;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& m = list[i];
    const float box = c.fonts.pixel_size(c.theme.body) * 0.9f;
    c.dl->AddRect({col.x, col.y + 4}, {col.x + box, col.y + 4 + box}, color::kPrimary, 4, 0, 3);
    const std::string line = std::to_string(i + 1) + ". " + m.name + (m.required ? "" : ui::kMaterialOptional);
    const float indent = box + c.theme.gap * 0.6f;
    col.y += paragraph(c, c.theme.body, line, {col.x + indent, col.y}, col.w - indent, color::kText) + 4;
    float bx = col.x + indent;
    if (!m.quantity.empty()) {
      draw_text(c, c.theme.body, m.quantity, {bx, col.y}, color::kTextMuted);
      bx += measure_text(c, c.theme.body, m.quantity).x + c.theme.gap;
    }
    if (!m.elicence.empty())
      badge(c, &bx, col.y, m.elicence, IM_COL32(0xDF, 0xF3, 0xE4, 0xFF), IM_COL32(0x1E, 0x5E, 0x26, 0xFF));
    if (!m.quantity.empty() || !m.elicence.empty()) col.y += c.fonts.pixel_size(c.theme.body) * 1.3f;
    if (!m.note.empty()) col.text(m.note, color::kTextMuted, indent);
    col.y += c.theme.gap * 0.3f;
  }
}

void halls_block(Column& col, const std::vector<guide::HallView>& halls) {
  for (const auto& h : halls) {
    col.text(h.name, color::kText);
    col.text(h.address, color::kTextMuted);
    col.text(std::string(ui::kHours) + h.hours, color::kTextMuted);
    if (!h.phone.empty()) col.text(std::string(ui::kPhone) + h.phone, color::kPrimaryDark);
    col.y += col.c.theme.gap * 0.5f;
  }
}

// The section a question asked about, as the catalogue words it (guide::answer_view quotes it).
void quoted_section(Column& col, const guide::AnswerView& a) {
  switch (a.asks) {
    case proto::ASPECT_MATERIALS: materials_block(col, a.materials); break;
    case proto::ASPECT_PLACE: halls_block(col, a.halls); break;
    case proto::ASPECT_TIME: col.text(a.time_limit.empty() ? "—" : a.time_limit); break;
    case proto::ASPECT_FEE: col.text(a.fee.empty() ? "—" : a.fee); break;
    case proto::ASPECT_ONLINE: col.text(a.channels.empty() ? "—" : a.channels); break;
    case proto::ASPECT_CONDITIONS:
      for (const auto& cond : a.conditions) col.bullet(cond);
      break;
    case proto::ASPECT_STEPS:
      for (std::size_t i = 0; i < a.steps.size(); ++i)
        col.text(std::to_string(i + 1) + ". " + a.steps[i].title + (a.steps[i].actor.empty() ? "" : "（" + a.steps[i].actor + "）"));
      break;
    default: break;
  }
}

// The procedure as boxes in rows (by depth from the first step) with arrows between them.
void flowchart(Column& col, const guide::ItemDetailView& v) {
  Canvas& c = col.c;
  if (v.steps.empty()) return;
  const int cols = std::max(1, v.flow_columns);
  const float gap = c.theme.gap * 1.5f;
  const float box_w = std::min(900.0f, (col.w - (cols - 1) * gap) / cols);
  const float text_w = box_w - c.theme.gap;
  std::vector<float> row_h(v.flow_rows, 0.0f);
  for (const auto& s : v.steps) {
    const float h = measure_text(c, c.theme.body, s.title, text_w).y +
                    (s.actor.empty() ? 0 : measure_text(c, c.theme.body, s.actor, text_w).y) + c.theme.gap;
    row_h[s.row] = std::max(row_h[s.row], h);
  }
  std::vector<float> row_y(v.flow_rows, col.y);
  for (int r = 1; r < v.flow_rows; ++r) row_y[r] = row_y[r - 1] + row_h[r - 1] + gap * 1.6f;
  auto box_of = [&](const guide::StepView& s) {
    const float x = col.x + s.column * (box_w + gap);
    return ImVec4(x, row_y[s.row], x + box_w, row_y[s.row] + row_h[s.row]);
  };
  for (const auto& s : v.steps)
    for (const auto& n : s.next)
      for (const auto& t : v.steps)
        if (t.id == n) {
          const ImVec4 a = box_of(s), b = box_of(t);
          const ImVec2 from{(a.x + a.z) * 0.5f, a.w}, to{(b.x + b.z) * 0.5f, b.y};
          c.dl->AddLine(from, {to.x, to.y - 8}, color::kPrimary, 3);
          c.dl->AddTriangleFilled({to.x - 9, to.y - 12}, {to.x + 9, to.y - 12}, to, color::kPrimary);
        }
  for (const auto& s : v.steps) {
    const ImVec4 b = box_of(s);
    c.dl->AddRectFilled({b.x, b.y}, {b.z, b.w}, IM_COL32(0xF4, 0xF8, 0xFF, 0xFF), 10);
    c.dl->AddRect({b.x, b.y}, {b.z, b.w}, color::kPrimary, 10, 0, 3);
    const float th = draw_text(c, c.theme.body, s.title, {b.x + c.theme.gap * 0.5f, b.y + c.theme.gap * 0.5f},
                               color::kText, text_w).y;
    if (!s.actor.empty())
      draw_text(c, c.theme.body, s.actor, {b.x + c.theme.gap * 0.5f, b.y + c.theme.gap * 0.5f + th}, color::kTextMuted,
                text_w);
  }
  col.y = row_y.back() + row_h.back() + c.theme.gap;
}

}  // namespace

void GuideScreens::draw_home(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  // The search bar: tapping it opens the search screen with the keyboard.
  const float bar_h = t.button_h;
  const ImVec2 bar_size{area.x, bar_h};
  if (row(c, "guide.search", top, bar_size, ui::kSearchPlaceholder)) ui_.app.open(app::Route{app::Screen::GuideSearch, {}, {}}, now);
  c.dl->AddRect(top, {top.x + area.x, top.y + bar_h}, color::kPrimary, t.corner, 0, 3);
  draw_icon(c.dl, Icon::Search, {top.x + bar_h * 0.5f, top.y + bar_h * 0.5f}, bar_h * 0.45f, color::kPrimary);
  const ImVec2 ps = measure_text(c, t.body, ui::kSearchPlaceholder);
  draw_text(c, t.body, ui::kSearchPlaceholder, {top.x + bar_h, top.y + (bar_h - ps.y) * 0.5f}, color::kTextMuted);

  const auto v = guide::home_view(*ui_.guides);
  const ImVec2 spos{top.x, top.y + bar_h + t.gap};
  Canvas s = ui_.scroll.begin(c, "guides-home", spos, {area.x, area.y - bar_h - t.gap});
  Column col{s, ui_.scroll.origin().x, ui_.scroll.origin().y, ui_.scroll.width()};
  auto grid = [&](const std::vector<guide::Category>& cats, const char* prefix, int per_row, bool event) {
    const float w = (col.w - (per_row - 1) * t.gap) / per_row, h = t.button_h * 1.1f;
    for (std::size_t i = 0; i < cats.size(); ++i) {
      const ImVec2 p{col.x + (i % per_row) * (w + t.gap), col.y + (i / per_row) * (h + t.gap)};
      const std::string id = std::string(prefix) + cats[i].id;
      const std::string label = cats[i].name + " " + std::to_string(cats[i].count);
      if (button(s, id.c_str(), label, p, {w, h}, false))
        ui_.app.open(app::Route{app::Screen::GuideList, (event ? "event:" : "department:") + cats[i].id, {}}, now);
    }
    col.y += ((cats.size() + per_row - 1) / per_row) * (h + t.gap);
  };
  const bool narrow = col.w < 1100;
  col.heading(ui::kByLifeEvent);
  grid(v.life_events, "event.", narrow ? 2 : 4, true);
  col.heading(ui::kByDepartment);
  grid(v.departments, "department.", narrow ? 2 : 3, false);
  col.text(v.city + " · 指南更新于" + v.updated + " · 离线可用", color::kTextMuted);  // as the phone says it
  ui_.scroll.end(col.y - ui_.scroll.origin().y + t.gap);
}

void GuideScreens::draw_search(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  // Query line with a caret.
  const float bar_h = t.button_h;
  c.dl->AddRectFilled(top, {top.x + area.x, top.y + bar_h}, color::kWhite, t.corner);
  c.dl->AddRect(top, {top.x + area.x, top.y + bar_h}, color::kPrimary, t.corner, 0, 3);
  draw_icon(c.dl, Icon::Search, {top.x + bar_h * 0.5f, top.y + bar_h * 0.5f}, bar_h * 0.45f, color::kPrimary);
  const std::string& q = ui_.app.query();
  const std::string shown = q.empty() ? ui::kSearchPlaceholder : q;
  const ImVec2 qs = measure_text(c, t.title, shown);
  draw_text(c, q.empty() ? t.body : t.title, shown, {top.x + bar_h, top.y + (bar_h - qs.y) * 0.5f},
            q.empty() ? color::kTextMuted : color::kText);
  const float cx = q.empty() ? top.x + bar_h : top.x + bar_h + qs.x + 4;
  if (!q.empty()) c.dl->AddLine({cx, top.y + bar_h * 0.2f}, {cx, top.y + bar_h * 0.8f}, color::kPrimary, 3);
  // A physical keyboard's IME types here too: what it is composing shows at the caret.
  ui_.caret = draw_composition(c, t.title, ui_.person().composing, {cx, top.y + bar_h * 0.2f}, bar_h * 0.6f);
  // Keyboard at the bottom; results between. Put away (收起键盘), it leaves one button to bring it
  // back, and the results the whole height: in 长辈版 a quoted answer can start below the keyboard.
  const bool portrait = c.size.y > c.size.x;
  bool& hidden = ui_.person().keyboard_hidden;
  const float kb_w = portrait ? area.x : std::min(area.x, 1500.0f);
  float kb_h = 0;
  if (hidden) {
    kb_h = t.button_h;
    const ImVec2 bs{std::min(area.x, t.button_h * 6.0f), t.button_h};
    if (button(c, "key.show", ui::kKeyShow, {top.x + (area.x - bs.x) * 0.5f, top.y + area.y - bs.y}, bs, true, Icon::Up)) hidden = false;
  } else {
    kb_h = std::min(area.y * (portrait ? 0.32f : 0.42f), t.button_h * 5.6f);
    const KeyResult k = keyboard(c, {top.x + (area.x - kb_w) * 0.5f, top.y + area.y - kb_h}, {kb_w, kb_h});
    if (k.press == KeyPress::Text) ui_.app.type(std::string(1, k.ch), now);
    if (k.press == KeyPress::Delete) ui_.app.backspace(now);
    if (k.press == KeyPress::Clear) ui_.app.clear_query(now);
    if (k.press == KeyPress::Hide) hidden = true;
    // What a real keyboard typed since (runner.cpp, a wedge scanner's code) starts again from here.
    if (k.press != KeyPress::None && k.press != KeyPress::Hide) crypto::wipe(ui_.person().wedge);
  }

  const ImVec2 rpos{top.x, top.y + bar_h + t.gap};
  const ImVec2 rsize{area.x, area.y - bar_h - kb_h - 2 * t.gap};
  if (q.empty()) return;
  const auto v = guide::answer_view(*ui_.guides, q, 20);
  Canvas s = ui_.scroll.begin(c, "guide-search", rpos, rsize);
  Column col{s, ui_.scroll.origin().x, ui_.scroll.origin().y, ui_.scroll.width()};
  if (v.unanswered == guide::Unanswered::None && v.asks != proto::ASPECT_NONE) {
    // A question about one part of an item: that section first, quoted, with the item's name.
    // The link to the whole item first: a long section may fill the screen.
    col.heading(v.item.name + " · " + ui::aspect_title(v.asks));
    const ImVec2 bs{std::min(col.w, t.button_h * 6.5f), t.button_h};
    if (button(s, "answer.item", ui::kAnswerWholeItem, {col.x, col.y}, bs, true))
      ui_.app.open(app::Route{app::Screen::GuideItem, v.item.id, {}}, now);
    col.y += bs.y + t.gap * 0.5f;
    col.text(ui::kAnswerQuoted, color::kTextMuted);
    quoted_section(col, v);
    col.y += t.gap;
  } else if (v.unanswered != guide::Unanswered::None) {
    // No answer: why, and the life events closest to what was asked.
    col.text(ui::unanswered_text(v.unanswered), color::kWarning);
    col.text(ui::kAskLifeEvents, color::kTextMuted);
    const float w = (col.w - t.gap) / 2, h = t.button_h;
    for (std::size_t i = 0; i < v.life_events.size(); ++i) {
      const auto& e = v.life_events[i];
      const std::string id = "answer.event." + e.id;
      if (button(s, id.c_str(), e.name, {col.x + (i % 2) * (w + t.gap), col.y + (i / 2) * (h + t.gap)}, {w, h}, false))
        ui_.app.open(app::Route{app::Screen::GuideList, "event:" + e.id, {}}, now);
    }
    col.y += ((v.life_events.size() + 1) / 2) * (h + t.gap);
  }
  for (const auto& it : v.items)
    if (item_row(s, it, col.x, &col.y, col.w)) ui_.app.open(app::Route{app::Screen::GuideItem, it.id, {}}, now);
  ui_.scroll.end(col.y - ui_.scroll.origin().y);
}

void GuideScreens::draw_list(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const std::string& arg = ui_.app.route().arg;
  const bool event = arg.rfind("event:", 0) == 0;
  const std::string id = arg.substr(arg.find(':') + 1);
  const auto v = event ? guide::life_event_view(*ui_.guides, id) : guide::department_view(*ui_.guides, id);
  Canvas s = ui_.scroll.begin(c, "guide-list-" + arg, top, area);
  Column col{s, ui_.scroll.origin().x, ui_.scroll.origin().y, ui_.scroll.width()};
  for (const auto& it : v.items)
    if (item_row(s, it, col.x, &col.y, col.w)) ui_.app.open(app::Route{app::Screen::GuideItem, it.id, {}}, now);
  ui_.scroll.end(col.y - ui_.scroll.origin().y);
}

void GuideScreens::draw_item(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const auto v = guide::detail_view(*ui_.guides, ui_.app.route().arg);
  if (v.id.empty()) return;
  Canvas s = ui_.scroll.begin(c, "guide-item-" + v.id, top, area);
  Column col{s, ui_.scroll.origin().x, ui_.scroll.origin().y, ui_.scroll.width()};
  col.text(v.department + " · " + v.level + (v.audience.empty() ? "" : " · 服务对象：" + v.audience), color::kTextMuted);
  col.text(v.summary);
  if (v.has_scenario) {
    const ImVec2 bs{std::min(col.w, t.button_h * 6.5f), t.button_h};
    if (button(s, "guide.scenario", ui::kScenarioStart, {col.x, col.y}, bs, true, Icon::Apply))
      ui_.app.open(app::Route{app::Screen::GuideScenario, v.id, {}}, now);
    col.y += bs.y + t.gap;
  }
  // 预约: items done in person at a hall; sent through the kiosk's outbox like an application.
  if (v.needs_visit && !v.halls.empty() && ui_.submitter && ui_.submitter->available()) {
    const ImVec2 bs{std::min(col.w, t.button_h * 6.5f), t.button_h};
    if (button(s, "guide.appoint", ui::kAppoint, {col.x, col.y}, bs, false)) ui_.app.open(app::Route{app::Screen::Appoint, v.id, {}}, now);
    col.y += bs.y + t.gap;
  }
  if (!v.bundle_items.empty()) {
    col.heading(ui::kSectionBundle);
    for (const auto& it : v.bundle_items)
      if (item_row(s, it, col.x, &col.y, col.w)) ui_.app.open(app::Route{app::Screen::GuideItem, it.id, {}}, now);
  }
  col.heading(ui::kSectionTime);
  col.fact(ui::kFactTime, v.time_limit);
  col.fact(ui::kFactFee, v.fee);
  col.fact(ui::kFactResult, v.result);
  col.fact(ui::kFactChannels, v.channels);
  if (!v.conditions.empty()) {
    col.heading(ui::kSectionConditions);
    for (const auto& cond : v.conditions) col.bullet(cond);
  }
  col.heading(ui::kSectionMaterials);
  materials_block(col, v.materials);
  if (!v.steps.empty()) {
    col.heading(ui::kSectionFlow);
    flowchart(col, v);
  }
  if (!v.halls.empty()) {
    col.heading(ui::kSectionHalls);
    halls_block(col, v.halls);
  }
  if (!v.faq.empty()) {
    col.heading(ui::kSectionFaq);
    for (const auto& f : v.faq) {
      col.text("问：" + f.q, color::kText);
      col.text("答：" + f.a, color::kTextMuted);
    }
  }
  if (!v.legal_basis.empty()) {
    col.heading(ui::kSectionBasis);
    for (const auto& l : v.legal_basis) col.bullet(l);
  }
  col.text(ui::fill(ui::kGuideUpdated, {v.updated.empty() ? std::string("—") : v.updated}), color::kTextMuted);
  ui_.scroll.end(col.y - ui_.scroll.origin().y + t.gap);
}

void GuideScreens::draw_scenario(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const auto& route = ui_.app.route();
  const auto v = guide::walk_scenario(*ui_.guides, route.arg, route.answers);
  Canvas s = ui_.scroll.begin(c, "guide-scenario-" + route.arg + "-" + std::to_string(route.answers.size()), top, area);
  Column col{s, ui_.scroll.origin().x, ui_.scroll.origin().y, ui_.scroll.width()};
  col.text(v.item_name, color::kTextMuted);
  for (const auto& a : v.answered) col.text(a.question + " " + a.answer, color::kTextMuted);
  if (!v.error.empty()) {
    col.text(v.error, color::kWarning);
  } else if (!v.finished) {
    col.heading(ui::fill(ui::kScenarioQuestion, {std::to_string(v.step), v.question}));
    for (const auto& o : v.options) {
      const std::string id = "option." + o.id;
      const ImVec2 bs{std::min(col.w, t.button_h * 8.0f), t.button_h * 1.1f};
      if (button(s, id.c_str(), o.label, {col.x, col.y}, bs, false)) ui_.app.answer(o.id, now);
      col.y += bs.y + t.gap * 0.6f;
    }
  } else {
    // Checklist on the left, the code for the clerk on the right (below in portrait).
    const bool side = col.w > 1100;
    const float qr_size = std::min(side ? col.w * 0.3f : col.w * 0.6f, 420.0f);
    const float list_w = side ? col.w - qr_size - 2 * t.gap : col.w;
    Column list{s, col.x, col.y, list_w};
    list.heading(ui::kScenarioChecklist);
    materials_block(list, v.checklist);
    if (!v.notes.empty()) {
      list.heading(ui::kScenarioNotes);
      for (const auto& n : v.notes) list.bullet(n);
    }
    const ImVec2 qpos = side ? ImVec2{col.x + list_w + 2 * t.gap, col.y + t.gap} : ImVec2{col.x, list.y + t.gap};
    const float qh = draw_qr(s, v.checklist_code, qpos, qr_size);
    const float caption = paragraph(s, t.body, ui::kScenarioShow, {qpos.x, qpos.y + qh + t.gap * 0.5f}, qr_size, color::kTextMuted);
    col.y = std::max(list.y, qpos.y + qh + caption + t.gap);
    const ImVec2 bs{t.button_h * 4.0f, t.button_h};
    if (button(s, "scenario.restart", ui::kScenarioRestart, {col.x, col.y + t.gap}, bs, false)) ui_.app.restart_scenario(now);
    col.y += bs.y + 2 * t.gap;
  }
  ui_.scroll.end(col.y - ui_.scroll.origin().y + t.gap);
}

}  // namespace tb::kiosk
