#pragma once
// 确认提交: every answer of a form, page by page, as the person reads it — choice labels rather
// than codes, 是/否, dates as 2025年1月15日, places by name, attachments as 已上传 or 到窗口现场提交,
// and masked (脱敏) where the form marks a field sensitive — so a front end shows exactly what will
// be sent before it is sealed. Each item names its field (path) and page, for 修改 (go back to it).
// One view-model for the phone (form.review) and the kiosk.
#include <cstddef>
#include <string>
#include <vector>

#include "form/session.h"

namespace tb::form {

struct ReviewItem {
  std::string path;    // what FormSession::set() takes: "name", "members[0].name"
  std::string label;   // "姓名", "家庭成员第1条：姓名"
  std::string value;   // ready to show
  bool masked = false; // value shown masked (the field is sensitive)
  bool missing = false;  // nothing given (an optional field): value says what that means
};

struct ReviewPage {
  std::size_t page = 0;  // FormView::page numbering
  std::string title;
  std::vector<ReviewItem> items;
};

struct Review {
  std::vector<ReviewPage> pages;  // only pages that are asked, only fields that are asked
  bool can_submit = false;
};

Review review(const FormSession& session);

// One field's value as a person reads it (without masking): what review() shows, and what a field
// that only shows its value (an address) says.
std::string readable_value(const FieldView& field);

}  // namespace tb::form
