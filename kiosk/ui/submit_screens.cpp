// After 确认提交 on the kiosk: the submission's status (排队中 → 已提交), its receipt as a QR code a
// clerk can scan and as a printed slip, and a 好差评 rating sealed to the item's department through
// the same outbox. The footer says how many submissions wait for the network (no personal data).
#include "ui/submit_screens.h"

#include <algorithm>
#include <string>

#include "ui_strings.h"
#include "crypto/wipe.h"
#include "platform/platform.h"
#include "seal/receipt.h"
#include "seal/submission.h"
#include "ui/qr_view.h"

namespace tb::kiosk {
namespace {
// 好差评's five levels, best first.
constexpr const char* kRatings[] = {"非常满意", "满意", "基本满意", "不满意", "非常不满意"};

// Where the application went, by the departments' names: "公安局、人社局".
std::string department_names(const guide::Guides* guides, const proto::OutboxItem& item) {
  std::string to;
  for (const auto& d : item.departments()) {
    const auto* dep = guides ? guides->department(d) : nullptr;
    to += (to.empty() ? "" : "、") + (dep ? dep->name() : d);
  }
  return to;
}
}  // namespace

void SubmittedScreen::draw(Canvas& c, ImVec2 top, ImVec2 area, std::int64_t now) {
  const Theme& t = c.theme;
  const std::string& id = ui_.app.route().arg;
  const std::string item = ui_.app.route().answers.empty() ? std::string() : ui_.app.route().answers[0];
  app::AfterSubmit& after = ui_.person().submitted;
  const proto::OutboxItem* it = ui_.submitter ? ui_.submitter->item(id) : nullptr;
  if (!it) {
    draw_text(c, t.title, "找不到这份申请", top, color::kWarning);
    return;
  }
  const auto status = static_cast<outbox::Status>(it->status());
  float y = top.y;
  draw_text(c, t.title, "申请已加密保存", {top.x, y}, color::kAccentMine);
  y += t.button_h * 0.9f;
  const std::string to = department_names(ui_.guides, *it);
  y += paragraph(c, t.body, "送达：" + to + "。每个部门只能看到自己需要的内容。", {top.x, y}, area.x * 0.55f, color::kText) + t.gap;
  const std::string state_line = std::string("状态：") + outbox::status_text(status) +
                                 (status == outbox::Status::Queued && !it->last_error().empty() ? "（" + it->last_error() + "）" : "");
  y += paragraph(c, t.title, state_line, {top.x, y}, area.x * 0.55f,
                 status == outbox::Status::Refused ? color::kWarning : color::kPrimaryDark) + t.gap;
  if (status == outbox::Status::Refused)
    y += paragraph(c, t.body, ui::fill(ui::kSubmissionRefused, {it->refusal()}), {top.x, y}, area.x * 0.55f, color::kWarning) + t.gap;
  if (status == outbox::Status::Queued)
    y += paragraph(c, t.body, "网络恢复后会自动发送，您可以离开，不会丢失。", {top.x, y}, area.x * 0.55f, color::kTextMuted) + t.gap;

  // The receipt: a code the clerk scans, and a slip to take home (printed while still queued, too:
  // it then says the application waits for the network).
  const float qr_size = std::min(area.x * 0.32f, area.y * 0.6f);
  const ImVec2 qr_pos{top.x + area.x - qr_size, top.y};
  float below_qr = qr_pos.y + qr_size + t.gap * 0.5f;
  if (!it->receipt().empty()) {
    draw_qr(c, seal::receipt_code(it->receipt()), qr_pos, qr_size);
    const std::string caption = ui::fill(ui::kReceiptNumber, {id.substr(0, 8)});
    const ImVec2 cs = measure_text(c, t.body, caption);
    draw_text(c, t.body, caption, {qr_pos.x + (qr_size - cs.x) * 0.5f, below_qr}, color::kText);
    below_qr += cs.y + t.gap;
  } else {
    paragraph(c, t.body, "发送成功后，这里会显示回执二维码。", {qr_pos.x, qr_pos.y + qr_size * 0.4f}, qr_size, color::kTextMuted);
  }
  if (platform::slips_possible()) draw_print_button(c, id, {qr_pos.x, below_qr}, qr_size, now);
  // 好差评: five big buttons, each wide enough for its longest word (非常不满意), one rating per
  // submission, sealed like the application. A row holds as many as fit: below the receipt's column
  // the whole width; in 长辈版 on a portrait screen that is three, then two.
  y = std::max(y, top.y + area.y * 0.45f);
  draw_text(c, t.title, after.stars ? "感谢您的评价！" : "请评价这次办事体验（好差评）", {top.x, y}, color::kText);
  y += t.button_h;
  const float right_column_end = below_qr + t.button_h * 2;  // the print button, and a line under it
  const float room = y >= right_column_end ? area.x : area.x * 0.62f;
  float widest = 0;
  for (const char* r : kRatings) widest = std::max(widest, measure_text(c, t.body, r).x);
  const float least = widest + t.button_h * 0.8f;  // the word and the rounded ends
  const int per_row = std::clamp(static_cast<int>((room + t.gap) / (least + t.gap)), 1, 5);
  const float bw = std::min((room - (per_row - 1) * t.gap) / per_row, std::max(least, t.button_h * 3.0f));
  for (int i = 0; i < 5; ++i) {
    const int stars = 5 - i;
    const std::string bid = "rate." + std::to_string(stars);
    const bool chosen = after.stars == stars;
    const ImVec2 at{top.x + static_cast<float>(i % per_row) * (bw + t.gap), y + static_cast<float>(i / per_row) * (t.button_h + t.gap)};
    if (button(c, bid.c_str(), kRatings[i], at, {bw, t.button_h}, chosen) && !after.stars && !item.empty()) {
      ui_.app.touch(now);
      auto plan = seal::plan_rating(ui_.guides->catalogue_for(item), seal::Rating{item, id, stars, {}}, platform::wall_ms() / 1000);
      if (!plan) after.error = plan.message();
      else if (const auto kept = ui_.submitter->submit(*plan, "好差评", nullptr); kept) after.stars = stars;
      else after.error = kept.message();
    }
    c.automation.mark(bid, chosen ? "selected" : "");
  }
  y += static_cast<float>((4 / per_row) * (t.button_h + t.gap));
  y += t.button_h + t.gap;
  if (!after.error.empty()) paragraph(c, t.body, after.error, {top.x, y}, area.x * 0.6f, color::kWarning);
  // Bottom right, where 下一步 stands on the form's screens; the ratings' second row, when there is
  // one, keeps the bottom left.
  const ImVec2 bs{t.button_h * 3.6f, t.button_h};
  if (button(c, "submit.finish", "完成，退出", {top.x + area.x - bs.x, top.y + area.y - bs.y}, bs, true)) ui_.app.end_session(now);
}

// 打印回执: the slip goes to the printer's worker; while it prints the button waits; a printer that
// failed (no answer, no paper) is said in plain words, and the slip is kept for 重新打印.
void SubmittedScreen::draw_print_button(Canvas& c, const std::string& id, ImVec2 at, float width, std::int64_t now) {
  const Theme& t = c.theme;
  app::AfterSubmit& after = ui_.person().submitted;
  if (after.print_ticket) {
    if (auto problem = ui_.submitter->print_outcome(after.print_ticket)) {
      after.print_ticket = 0;
      if (problem->empty()) {
        after.printed_for = id;
        crypto::wipe(after.slip), crypto::wipe(after.print_problem);
      } else {
        after.print_problem = *problem + "。回执已保留，处理好后请点“重新打印”。";
        ui_.fault_shown(after.print_problem);
      }
    }
  }
  const bool printed = after.printed_for == id, printing = after.print_ticket != 0;
  const char* label = printed ? "已打印回执" : printing ? "正在打印…" : after.print_problem.empty() ? "打印回执" : "重新打印";
  const ImVec2 ps{t.button_h * 3.2f, t.button_h};
  if (button(c, "receipt.print", label, {at.x + (width - ps.x) * 0.5f, at.y}, ps, !printed && !printing)) {
    ui_.app.touch(now);
    std::string why;
    const bool has_code = !ui_.submitter->item(id)->receipt().empty();
    if (after.slip.empty() || has_code != after.slip_has_code) {
      const std::string to = department_names(ui_.guides, *ui_.submitter->item(id));
      crypto::wipe(after.slip);
      if (auto slip = ui_.submitter->receipt_slip(id, to)) after.slip = std::move(*slip), after.slip_has_code = has_code;
      else why = slip.message();
    }
    if (after.slip.empty()) {
      after.print_problem = why;
      ui_.fault_shown(why);
    } else {
      const auto start = ui_.submitter->print(after.slip, id);
      after.print_ticket = start.ticket;
      after.print_problem = start.problem;
      ui_.fault_shown(start.problem);
      if (!start.ticket && start.problem.empty()) {
        after.printed_for = id;
        crypto::wipe(after.slip);
      }
    }
  }
  if (!after.print_problem.empty())
    paragraph(c, t.body, after.print_problem, {at.x, at.y + ps.y + t.gap * 0.5f}, width, color::kWarning);
}

void SubmittedScreen::draw_outbox_status(Canvas& c, float y0, float left, float right) {
  if (!ui_.submitter || ui_.submitter->queued() == 0) return;
  const Theme& t = c.theme;
  // Between the hotline and 结束办理: the whole sentence where it fits, else only the count (the
  // screen that submitted already says why it waits).
  const std::string count = std::to_string(ui_.submitter->queued()) + " 件办件待发送";
  std::string text = count + (ui_.submitter->offline() ? "（网络中断，恢复后自动提交）" : "");
  ImVec2 ts = measure_text(c, t.body, text);
  if (ts.x > right - left) ts = measure_text(c, t.body, text = count);
  draw_text(c, t.body, text, {left + std::max(0.0f, (right - left - ts.x) * 0.5f), y0 + (t.footer_h - ts.y) * 0.5f}, color::kWarning);
}

}  // namespace tb::kiosk
