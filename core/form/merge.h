#pragma once
// 一件事一次办: the forms of several items (departments) become one guided form that asks each
// shared question once (same share_key), then the answers are split so each department receives
// only the fields of its own form, under its own field ids.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "form/open_error.h"
#include "proto/form.pb.h"
#include "proto/guide.pb.h"

namespace tb::form {

struct MergedPart {
  std::string form_id, item, department;
  std::map<std::string, std::string> merged_id;  // this form's top-level field id → merged field id
};

struct MergedForm {
  proto::FormDef def;
  std::vector<MergedPart> parts;
};

// Merges `forms` (in order) into one form titled `title` for the bundle item `bundle_item`.
// Shared questions come first, on a page of their own; then each form's pages, their titles
// prefixed with the department's name. Conflict when two forms share a key with different field
// types.
Result<MergedForm, OpenError> merge_forms(const std::string& bundle_item, const std::string& title,
                                          const std::vector<const proto::FormDef*>& forms,
                                          const std::map<std::string, std::string>& department_names);

struct DepartmentAnswers {
  std::string form_id, item, department;
  std::vector<proto::FormValue> values;  // paths in the department's own form
};
std::vector<DepartmentAnswers> split_answers(const MergedForm& merged, const std::vector<proto::FormValue>& answers);

// The form a person fills for an item: its own form, or for a 一件事 the merge of its bundle
// items' forms. NoSuchItem, NoOnlineForm or Conflict otherwise.
Result<MergedForm, OpenError> form_for_item(const proto::Catalogue& catalogue, const std::string& item_id);

}  // namespace tb::form
