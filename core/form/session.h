#pragma once
// Filling in a form: values as people type them (normalised by the shared validators), relevance,
// calculations, constraints and required fields kept up to date incrementally (an edit looks only
// at what depends on the edited field), and the view-model both front ends draw.
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "form/model.h"
#include "form/open_error.h"
#include "proto/form.pb.h"
#include "result.h"

namespace tb::form {

// What the form may know before the person types anything.
struct Context {
  int today = 0;                                   // YYYYMMDD (the core has no clock)
  std::map<std::string, std::string> profile;      // "name", "id", "mobile", "address", … (prefill: profile.<key>)
  std::map<std::string, std::map<std::string, std::string>> elicences;  // verified e-licences: type → fields
  std::map<std::string, std::string> elicence_names;  // type → what to call it (户口簿)
  std::set<std::string> covered_materials;         // guide material ids an e-licence replaces (零证明)
};

struct ChoiceView {
  std::string value, label;
  bool selected = false;
};

struct FieldView {
  std::string path;        // "name" or "members[2].name": what set() takes
  std::string id, label, hint, type, value, error, warning, unit, keypad;
  std::string accept;      // attachments: "image" or "document"
  bool required = false, readonly = false, sensitive = false;
  std::vector<ChoiceView> choices;
  std::string commitment_text;
  std::string prefilled_from;  // "电子证照：居民户口簿" / "个人资料"
  std::string covered_by;      // attachment replaced by an e-licence: "已由电子证照代替，无需上传"
  // Repeat groups:
  std::vector<std::vector<FieldView>> rows;
  bool can_add_row = false, can_remove_row = false;
};

struct FormView {
  std::string form_id, title;
  std::size_t page = 0, pages = 0;
  std::string page_title;
  std::vector<std::string> page_titles;
  std::vector<FieldView> fields;
  int required_total = 0, required_done = 0;  // progress, over every page
  int errors = 0;                             // on the current page
  bool can_back = false, can_next = false, can_submit = false;
  // view_changes(): `fields` holds only the fields of the current page the last edit changed (row
  // fields by their own path, "members[2].amount"), flat; everything else is as in view().
  bool partial = false;
};

// Why an input was not taken: NotFound (no such field), Refused (calculated, a group, a note). An
// input that is taken may still be wrong for the field: that shows in the view (FieldView::error).
using SetResult = Status<Fault>;

class FormSession {
 public:
  FormSession(const CompiledForm& form, Context context);

  SetResult set(const std::string& path, const std::string& input);
  bool add_row(const std::string& group);
  bool remove_row(const std::string& group, std::size_t row);
  bool next_page();   // only when the current page has no errors (then shows them)
  bool prev_page();
  void show_all_errors() { show_all_ = true, layout_changed_ = true; }

  FormView view() const;
  // What the last set() changed, for a shell that patches its drawing instead of redrawing the whole
  // form (a form with 100 rows has 5,000 fields): the header as view() has it and the changed fields
  // of the current page. When the edit changed what is on the page (a field or page shown or hidden)
  // it is the whole view (partial false). After anything but set(), also the whole view.
  FormView view_changes() const;
  // Any page's fields as view() shows them (the review page lists every page), and whether that
  // page is asked at all (its `relevant`).
  std::vector<FieldView> page_fields(std::size_t page) const;
  bool page_shown(std::size_t page) const { return page < form_->pages() && page_relevant(page); }
  bool can_submit() const;
  // The answers a department receives: relevant, filled fields only, normalised.
  std::vector<proto::FormValue> answers() const;
  // What was typed, to resume later. `with_prefilled` also takes what was prefilled from the
  // person's own profile and e-licences: a hand-off to a kiosk, which has neither.
  proto::FormDraft draft(std::int64_t now, bool with_prefilled = false) const;
  // Resumes a draft; refuses one made for another form (OtherForm) or version (OutdatedDraft), and
  // skips values that no longer fit (reported in `skipped`).
  static Result<FormSession, OpenError> resume(const CompiledForm& form, Context context, const proto::FormDraft& draft,
                                               std::vector<std::string>* skipped = nullptr);
  // The same, on a session that already holds its context (profile, e-licences): what was typed in
  // the draft goes on top of what was prefilled.
  Status<OpenError> apply_draft(const proto::FormDraft& draft, std::vector<std::string>* skipped = nullptr);
  const CompiledForm& form() const { return *form_; }
  // Overwrites everything typed or prefilled (kiosk session end) before the session is destroyed.
  void wipe();
  std::size_t page() const { return page_; }
  std::size_t evaluations() const { return evaluations_; }  // for tests: incremental work done

  struct Instance {
    Value value;
    bool relevant = true;
    bool touched = false;
    bool prefilled = false;
    std::string error, warning;
  };

 private:
  friend class SessionEnv;
  static constexpr std::size_t kTop = static_cast<std::size_t>(-1);
  Instance& at(std::uint32_t slot, std::size_t row);
  const Instance& at(std::uint32_t slot, std::size_t row) const;
  bool parse_path(const std::string& path, std::uint32_t* slot, std::size_t* row) const;
  void evaluate_all();
  void refresh(std::uint32_t slot, std::size_t row, bool* value_changed);
  void propagate(std::uint32_t slot, std::size_t row);
  void validate(std::uint32_t slot, std::size_t row);
  bool relevant(std::uint32_t slot, std::size_t row) const;
  bool page_relevant(std::size_t page) const;
  bool page_ok(std::size_t page) const;
  void prefill();
  bool prefill_value(const Slot& s, Value* out) const;
  FieldView field_view(std::uint32_t slot, std::size_t row) const;
  FormView view_head() const;           // view() without its fields (errors counted from the instances)
  int shown_errors(std::size_t page) const;
  std::vector<bool> pages_relevant() const;

  const CompiledForm* form_;
  Context ctx_;
  std::vector<Instance> top_;                                      // one per slot (row fields unused)
  std::map<std::uint32_t, std::vector<std::vector<Instance>>> rows_;  // group slot → rows → row fields
  std::size_t page_ = 0;
  bool show_all_ = false;
  std::size_t evaluations_ = 0;
  // The instances the last set() looked at (the edited one and what it re-evaluated), and whether
  // that edit changed what the page shows; `recording_` only inside set().
  std::vector<std::pair<std::uint32_t, std::size_t>> changed_;
  bool recording_ = false, layout_changed_ = true;
};

}  // namespace tb::form
