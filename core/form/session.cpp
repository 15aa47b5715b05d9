#include "form/session.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>

#include "crypto/wipe.h"
#include "form/divisions.h"
#include "form/validate.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace tb::form {
namespace {

const Value kEmpty;

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string ascii_folded(const std::string& s) {
  std::string out;
  for (char32_t c : text::decode_utf8_lossy(s)) text::append_utf8(out, text::fold_width(c));
  return trim(out);
}

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

const char* type_key(proto::FieldType t) {
  switch (t) {
    case proto::TEXT: return "text";
    case proto::LONG_TEXT: return "long_text";
    case proto::NUMBER: return "number";
    case proto::MONEY: return "money";
    case proto::DATE: return "date";
    case proto::SINGLE_CHOICE: return "single_choice";
    case proto::MULTI_CHOICE: return "multi_choice";
    case proto::YES_NO: return "yes_no";
    case proto::RESIDENT_ID: return "resident_id";
    case proto::USCC: return "uscc";
    case proto::MOBILE: return "mobile";
    case proto::PERSON_NAME: return "person_name";
    case proto::ADDRESS: return "address";
    case proto::ATTACHMENT: return "attachment";
    case proto::COMMITMENT: return "commitment";
    case proto::NOTE: return "note";
    case proto::GROUP: return "group";
    default: return "text";
  }
}

const char* keypad_for(proto::FieldType t) {
  switch (t) {
    case proto::NUMBER: return "numeric";
    case proto::MONEY: return "decimal";
    case proto::RESIDENT_ID: return "id";      // digits and X
    case proto::USCC: return "uscc";           // digits and capitals
    case proto::MOBILE: return "tel";
    case proto::DATE: return "date";
    case proto::SINGLE_CHOICE:
    case proto::MULTI_CHOICE:
    case proto::YES_NO:
    case proto::COMMITMENT:
    case proto::ATTACHMENT:
    case proto::NOTE:
    case proto::GROUP: return "none";
    default: return "text";
  }
}

}  // namespace

// How expressions see the session: the current row (for row fields) and everything else.
class SessionEnv final : public Env {
 public:
  SessionEnv(const FormSession& s, std::uint32_t group, std::size_t row, const Value* self)
      : s_(s), group_(group), row_(row), self_(self) {}
  const Value& get(std::uint32_t slot, bool in_group) const override {
    const Slot& sl = s_.form_->slots()[slot];
    if (!in_group || sl.group == kNoGroup) return s_.top_[slot].value;
    if (sl.group != group_) return kEmpty;  // a row field of another group: no current row
    auto it = s_.rows_.find(group_);
    if (it == s_.rows_.end() || row_ >= it->second.size()) return kEmpty;
    return it->second[row_][sl.index_in_group].value;
  }
  std::size_t rows(std::uint32_t group) const override {
    auto it = s_.rows_.find(group);
    return it == s_.rows_.end() ? 0 : it->second.size();
  }
  const Value& row_value(std::uint32_t group, std::size_t row, std::uint32_t slot) const override {
    auto it = s_.rows_.find(group);
    if (it == s_.rows_.end() || row >= it->second.size()) return kEmpty;
    return it->second[row][s_.form_->slots()[slot].index_in_group].value;
  }
  const Value& self() const override { return self_ ? *self_ : kEmpty; }
  int today() const override { return s_.ctx_.today; }
  bool in_bundle() const override { return !s_.form_->def().bundle().empty(); }

 private:
  const FormSession& s_;
  std::uint32_t group_;
  std::size_t row_;
  const Value* self_;
};

FormSession::FormSession(const CompiledForm& form, Context context) : form_(&form), ctx_(std::move(context)) {
  top_.resize(form.slots().size());
  for (std::uint32_t i = 0; i < form.slots().size(); ++i) {
    const Slot& s = form.slots()[i];
    if (s.type == Type::Group) {
      auto& rows = rows_[i];
      for (std::uint32_t r = 0; r < std::max<std::uint32_t>(s.def.min_rows(), 0); ++r)
        rows.emplace_back(s.children.size());
    }
  }
  // Defaults first (typed in the definition), then what the person's profile and e-licences say.
  for (std::uint32_t i = 0; i < form.slots().size(); ++i) {
    const Slot& s = form.slots()[i];
    if (s.def.default_value().empty() || s.calculate) continue;
    std::string warning;
    if (s.group == kNoGroup) {
      normalise(s, s.def.default_value(), &top_[i].value, &warning);
    } else {
      for (auto& row : rows_[s.group]) normalise(s, s.def.default_value(), &row[s.index_in_group].value, &warning);
    }
  }
  prefill();
  evaluate_all();
}

FormSession::Instance& FormSession::at(std::uint32_t slot, std::size_t row) {
  const Slot& s = form_->slots()[slot];
  if (s.group == kNoGroup) return top_[slot];
  return rows_[s.group][row][s.index_in_group];
}

const FormSession::Instance& FormSession::at(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  if (s.group == kNoGroup) return top_[slot];
  return rows_.at(s.group)[row][s.index_in_group];
}

bool FormSession::parse_path(const std::string& path, std::uint32_t* slot, std::size_t* row) const {
  const auto open = path.find('[');
  if (open == std::string::npos) {
    auto s = form_->slot_of(path);
    if (!s || form_->slots()[*s].group != kNoGroup) return false;
    *slot = *s;
    *row = kTop;
    return true;
  }
  const auto close = path.find("].", open);
  if (close == std::string::npos) return false;
  const std::string group = path.substr(0, open), index = path.substr(open + 1, close - open - 1);
  if (index.empty() || index.size() > 4 || index.find_first_not_of("0123456789") != std::string::npos) return false;
  auto s = form_->slot_of(group + "." + path.substr(close + 2));
  if (!s) return false;
  const std::size_t r = std::stoul(index);
  auto it = rows_.find(form_->slots()[*s].group);
  if (it == rows_.end() || r >= it->second.size()) return false;
  *slot = *s;
  *row = r;
  return true;
}

// Turns what the person typed into the stored value; returns an error message when it cannot.
std::string FormSession::normalise(const Slot& s, const std::string& input, Value* out, std::string* warning) const {
  const std::string in = trim(input);
  warning->clear();
  if (in.empty()) {
    *out = Value::empty();
    return {};
  }
  auto from_check = [&](const CheckResult& r) -> std::string {
    if (r.severity == Severity::Error) {
      *out = Value::text(in);
      return r.message;
    }
    if (r.severity == Severity::Warning) *warning = r.message;
    *out = Value::text(r.normalized);
    return {};
  };
  switch (s.def.type()) {
    case proto::NUMBER:
    case proto::MONEY: {
      std::string a = ascii_folded(in);
      a.erase(std::remove(a.begin(), a.end(), ','), a.end());
      char* end = nullptr;
      const double v = std::strtod(a.c_str(), &end);
      if (a.empty() || !end || *end || !std::isfinite(v)) {
        *out = Value::text(in);
        return "请填写数字";
      }
      if (s.def.type() == proto::MONEY && std::fabs(v * 100 - std::round(v * 100)) > 1e-6) {
        *out = Value::text(in);
        return "金额最多精确到分（两位小数）";
      }
      *out = Value::number(v);
      return {};
    }
    case proto::DATE: return from_check(check_date(in));
    case proto::RESIDENT_ID: {
      IdOptions o;
      o.today_yyyymmdd = ctx_.today;
      return from_check(check_resident_id(in, o));
    }
    case proto::USCC: return from_check(check_uscc(in));
    case proto::MOBILE: return from_check(check_mobile(in));
    case proto::PERSON_NAME: return from_check(check_person_name(in));
    case proto::YES_NO:
    case proto::COMMITMENT: {
      const std::string a = ascii_folded(in);
      if (a == "true" || a == "1" || a == "yes" || in == "是" || in == "同意") {
        *out = Value::boolean(true);
        return {};
      }
      if (a == "false" || a == "0" || a == "no" || in == "否" || in == "不同意") {
        *out = Value::boolean(false);
        return {};
      }
      *out = Value::empty();
      return "请选择“是”或“否”";
    }
    case proto::SINGLE_CHOICE:
    case proto::MULTI_CHOICE: {
      std::vector<std::string> picked;
      std::size_t p = 0;
      const std::string list = s.def.type() == proto::MULTI_CHOICE ? in : in + "\x1f";  // single: whole input
      while (p < list.size()) {
        std::size_t q = list.find(s.def.type() == proto::MULTI_CHOICE ? ',' : '\x1f', p);
        if (q == std::string::npos) q = list.size();
        const std::string one = trim(list.substr(p, q - p));
        p = q + 1;
        if (one.empty()) continue;
        bool found = false;
        for (const auto& c : s.def.choices())
          if (c.value() == one || c.label() == one) {
            if (std::find(picked.begin(), picked.end(), c.value()) == picked.end()) picked.push_back(c.value());
            found = true;
          }
        if (!found) {
          *out = Value::empty();
          return "“" + one + "”不是可选的选项";
        }
      }
      if (s.def.type() == proto::SINGLE_CHOICE) *out = picked.empty() ? Value::empty() : Value::text(picked[0]);
      else *out = Value::choices(picked);
      return {};
    }
    case proto::ADDRESS: {
      // "<6-digit division code>|<street address>"
      const auto bar = in.find('|');
      const std::string code = trim(in.substr(0, bar)), rest = bar == std::string::npos ? "" : trim(in.substr(bar + 1));
      if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos ||
          !Divisions::builtin().known(static_cast<std::uint32_t>(std::stoul(code)))) {
        *out = Value::text(in);
        return "请从列表中选择所在的省、市、区县";
      }
      if (rest.empty()) {
        *out = Value::text(code + "|");
        return "请填写详细地址（街道、门牌号）";
      }
      *out = Value::text(code + "|" + rest);
      return {};
    }
    case proto::NOTE:
    case proto::GROUP: *out = Value::empty(); return "这一项不需要填写";
    default: {
      if (s.def.max_length() && text::count_code_points(in) > s.def.max_length()) {
        *out = Value::text(in);
        return "最多填写" + std::to_string(s.def.max_length()) + "个字";
      }
      if (!text::decode_utf8(in)) {
        *out = Value::empty();
        return "包含无法识别的字符";
      }
      *out = Value::text(in);
      return {};
    }
  }
}

// What the field's prefill source (profile.<key>, elicence.<type>.<field>) says, normalised;
// false when the person's context does not have it or it does not fit the field.
bool FormSession::prefill_value(const Slot& s, Value* out) const {
  const std::string& source = s.def.prefill();
  std::string found;
  if (source.rfind("profile.", 0) == 0) {
    auto it = ctx_.profile.find(source.substr(8));
    if (it != ctx_.profile.end()) found = it->second;
  } else if (source.rfind("elicence.", 0) == 0) {
    const auto dot = source.find('.', 9);
    if (dot != std::string::npos) {
      auto lic = ctx_.elicences.find(source.substr(9, dot - 9));
      if (lic != ctx_.elicences.end()) {
        auto f = lic->second.find(source.substr(dot + 1));
        if (f != lic->second.end()) found = f->second;
      }
    }
  }
  std::string warning;
  return !found.empty() && normalise(s, found, out, &warning).empty();
}

// Unconditional prefills; those with prefill_when follow their condition in refresh().
void FormSession::prefill() {
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.def.prefill().empty() || s.prefill_when || s.group != kNoGroup) continue;
    Value v;
    if (prefill_value(s, &v)) {
      top_[i].value = std::move(v);
      top_[i].prefilled = true;
    }
  }
}

bool FormSession::relevant(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  if (s.group != kNoGroup && !top_[s.group].relevant) return false;
  return at(slot, row).relevant;
}

bool FormSession::page_relevant(std::size_t page) const {
  const auto& e = form_->page_relevance()[page];
  if (!e) return true;
  SessionEnv env(*this, kNoGroup, 0, nullptr);
  return e->eval(env).truthy();
}

// Re-evaluates one instance: relevance, calculation, validation. Reports whether its value changed.
void FormSession::refresh(std::uint32_t slot, std::size_t row, bool* value_changed) {
  const Slot& s = form_->slots()[slot];
  Instance& in = at(slot, row);
  SessionEnv env(*this, s.group, row, nullptr);
  *value_changed = false;
  if (s.relevant) {
    ++evaluations_;
    in.relevant = s.relevant->eval(env).truthy();
  }
  if (s.prefill_when && !in.touched) {
    ++evaluations_;
    Value v;
    in.prefilled = s.prefill_when->eval(env).truthy() && prefill_value(s, &v);
    if (!in.prefilled) v = Value::empty();
    if (v != in.value) {
      in.value = std::move(v);
      *value_changed = true;
    }
  }
  if (s.calculate) {
    ++evaluations_;
    Value v = s.calculate->eval(env);
    if (v.kind == Value::Kind::Number && s.def.type() == proto::MONEY) v.n = std::round(v.n * 100) / 100;
    if (v != in.value) {
      in.value = std::move(v);
      *value_changed = true;
    }
  }
  validate(slot, row);
}

void FormSession::validate(std::uint32_t slot, std::size_t row) {
  const Slot& s = form_->slots()[slot];
  Instance& in = at(slot, row);
  if (!in.error.empty() && in.error.rfind("!", 0) == 0) return;  // an input error stays until the input changes
  in.error.clear();
  if (s.type == Type::Group || s.def.type() == proto::NOTE) return;
  if (in.value.is_empty()) {
    const bool covered = !s.def.material().empty() && ctx_.covered_materials.count(s.def.material());
    if (s.def.required() && !covered && !s.calculate) in.error = "此项为必填";
    return;
  }
  // A choice that a filter no longer offers (the answers it depended on changed) must be chosen again.
  if (!s.choice_filters.empty() && (in.value.kind == Value::Kind::Text || in.value.kind == Value::Kind::List)) {
    SessionEnv env(*this, s.group, row, nullptr);
    auto offered = [&](const std::string& value) {
      for (int c = 0; c < s.def.choices_size(); ++c)
        if (s.def.choices(c).value() == value) return !s.choice_filters[c] || s.choice_filters[c]->eval(env).truthy();
      return false;
    };
    const std::vector<std::string> chosen = in.value.kind == Value::Kind::Text ? std::vector<std::string>{in.value.s} : in.value.list;
    for (const auto& v : chosen)
      if (!offered(v)) {
        in.error = "所选的“" + v + "”已不适用，请重新选择";
        return;
      }
  }
  if (s.def.type() == proto::COMMITMENT && s.def.required() && !in.value.truthy()) {
    in.error = "需要您确认承诺后才能提交";
    return;
  }
  if (s.constraint) {
    ++evaluations_;
    SessionEnv env(*this, s.group, row, &in.value);
    if (!s.constraint->eval(env).truthy())
      in.error = s.def.constraint_message().empty() ? "填写的内容不符合要求" : s.def.constraint_message();
  }
}

void FormSession::evaluate_all() {
  // Relevance and calculations in dependency order, then validation of everything.
  const auto& slots = form_->slots();
  auto each_instance = [&](std::uint32_t i, auto&& fn) {
    if (slots[i].group == kNoGroup) fn(kTop);
    else
      for (std::size_t r = 0; r < rows_[slots[i].group].size(); ++r) fn(r);
  };
  bool changed;
  for (std::uint32_t i = 0; i < slots.size(); ++i)
    if (slots[i].relevant) each_instance(i, [&](std::size_t r) {
      SessionEnv env(*this, slots[i].group, r, nullptr);
      ++evaluations_;
      at(i, r).relevant = slots[i].relevant->eval(env).truthy();
    });
  // Conditional prefills (their conditions read answers), then calculations in order.
  for (std::uint32_t i = 0; i < slots.size(); ++i)
    if (slots[i].prefill_when) refresh(i, kTop, &changed);
  for (std::uint32_t i : form_->calculation_order()) each_instance(i, [&](std::size_t r) { refresh(i, r, &changed); });
  // Relevance may depend on calculated values: once more, now that they are known.
  for (std::uint32_t i = 0; i < slots.size(); ++i) each_instance(i, [&](std::size_t r) { refresh(i, r, &changed); });
}

// After (slot,row) changed: look again at everything that depends on it, and at what depends on
// any calculated value that changed as a result. Row fields only affect their own row, except
// through their group (aggregates), which affects what reads the group.
void FormSession::propagate(std::uint32_t slot, std::size_t row) {
  const auto& slots = form_->slots();
  std::deque<std::pair<std::uint32_t, std::size_t>> queue;
  auto enqueue_dependents = [&](std::uint32_t changed, std::size_t changed_row) {
    const Slot& c = slots[changed];
    for (std::uint32_t d : form_->dependents(changed)) {
      const Slot& ds = slots[d];
      if (ds.group == kNoGroup) queue.emplace_back(d, kTop);
      else if (c.group == ds.group && changed_row != kTop) queue.emplace_back(d, changed_row);
      else
        for (std::size_t r = 0; r < rows_[ds.group].size(); ++r) queue.emplace_back(d, r);
    }
    if (c.group != kNoGroup) {
      // The group as a whole changed (count, sum, …).
      for (std::uint32_t d : form_->dependents(c.group)) {
        const Slot& ds = slots[d];
        if (ds.group == kNoGroup) queue.emplace_back(d, kTop);
        else
          for (std::size_t r = 0; r < rows_[ds.group].size(); ++r) queue.emplace_back(d, r);
      }
    }
  };
  enqueue_dependents(slot, row);
  // Bounded: each instance can be re-queued only when a calculation changes, and calculations
  // form no cycles (checked when compiling), so this ends; the guard is for safety.
  std::size_t guard = 0;
  const std::size_t limit = 64 * (slots.size() + 1) * (kMaxRowsLimit + 1);
  while (!queue.empty() && ++guard < limit) {
    auto [s, r] = queue.front();
    queue.pop_front();
    bool changed = false;
    refresh(s, r, &changed);
    if (changed) enqueue_dependents(s, r);
  }
}

SetResult FormSession::set(const std::string& path, const std::string& input) {
  std::uint32_t slot;
  std::size_t row;
  if (!parse_path(path, &slot, &row)) return {false, "no field '" + path + "' in this form"};
  const Slot& s = form_->slots()[slot];
  if (s.calculate) return {false, "'" + path + "' is calculated, not typed"};
  if (s.type == Type::Group || s.def.type() == proto::NOTE) return {false, "'" + path + "' takes no value"};
  Instance& in = at(slot, row);
  Value v;
  std::string warning;
  const std::string error = normalise(s, input, &v, &warning);
  in.touched = true;
  in.prefilled = false;
  in.warning = warning;
  in.value = std::move(v);
  in.error = error.empty() ? std::string() : "!" + error;  // "!": an input error (see validate)
  if (error.empty()) validate(slot, row);
  propagate(slot, row);
  return {true, {}};
}

bool FormSession::add_row(const std::string& group) {
  auto g = form_->slot_of(group);
  if (!g || form_->slots()[*g].type != Type::Group) return false;
  const Slot& s = form_->slots()[*g];
  auto& rows = rows_[*g];
  const std::size_t max = s.def.max_rows() ? s.def.max_rows() : kMaxRowsLimit;
  if (rows.size() >= max) return false;
  rows.emplace_back(s.children.size());
  const std::size_t r = rows.size() - 1;
  for (std::uint32_t c : s.children) {
    const Slot& cs = form_->slots()[c];
    std::string warning;
    if (!cs.def.default_value().empty() && !cs.calculate) normalise(cs, cs.def.default_value(), &at(c, r).value, &warning);
  }
  bool changed;
  for (std::uint32_t c : s.children) refresh(c, r, &changed);
  for (std::uint32_t c : s.children) refresh(c, r, &changed);  // relevance after calculations
  if (!s.children.empty()) propagate(s.children.front(), r);
  return true;
}

bool FormSession::remove_row(const std::string& group, std::size_t row) {
  auto g = form_->slot_of(group);
  if (!g || form_->slots()[*g].type != Type::Group) return false;
  auto& rows = rows_[*g];
  if (row >= rows.size() || rows.size() <= form_->slots()[*g].def.min_rows()) return false;
  rows.erase(rows.begin() + static_cast<std::ptrdiff_t>(row));
  const Slot& s = form_->slots()[*g];
  // Rows after it moved up; what reads the group (aggregates) must look again.
  if (!s.children.empty() && !rows.empty()) propagate(s.children.front(), std::min(row, rows.size() - 1));
  else if (!s.children.empty()) {
    for (std::uint32_t d : form_->dependents(*g)) {
      bool changed;
      if (form_->slots()[d].group == kNoGroup) refresh(d, kTop, &changed);
    }
  }
  return true;
}

bool FormSession::page_ok(std::size_t page) const {
  if (!page_relevant(page)) return true;
  for (std::uint32_t i : form_->page_slots(page)) {
    const Slot& s = form_->slots()[i];
    if (!top_[i].relevant) continue;
    if (!top_[i].error.empty()) return false;
    if (s.type == Type::Group) {
      const auto& rows = rows_.at(i);
      if (rows.size() < s.def.min_rows()) return false;
      for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::uint32_t c : s.children)
          if (at(c, r).relevant && !at(c, r).error.empty()) return false;
    }
  }
  return true;
}

bool FormSession::next_page() {
  if (!page_ok(page_)) {
    show_all_ = true;
    return false;
  }
  for (std::size_t p = page_ + 1; p < form_->pages(); ++p)
    if (page_relevant(p)) {
      page_ = p;
      return true;
    }
  return false;
}

bool FormSession::prev_page() {
  for (std::size_t p = page_; p-- > 0;)
    if (page_relevant(p)) {
      page_ = p;
      return true;
    }
  return false;
}

bool FormSession::can_submit() const {
  for (std::size_t p = 0; p < form_->pages(); ++p)
    if (!page_ok(p)) return false;
  return true;
}

FieldView FormSession::field_view(std::uint32_t slot, std::size_t row) const {
  const Slot& s = form_->slots()[slot];
  const Instance& in = at(slot, row);
  FieldView v;
  v.id = s.def.id();
  v.path = s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id();
  v.label = s.def.label();
  v.hint = s.def.hint();
  v.type = type_key(s.def.type());
  v.keypad = keypad_for(s.def.type());
  v.unit = s.def.unit();
  v.required = s.def.required();
  v.readonly = s.calculate.has_value();
  v.sensitive = s.def.sensitive();
  v.commitment_text = s.def.commitment_text();
  v.accept = s.def.accept();
  if (!s.def.material().empty() && ctx_.covered_materials.count(s.def.material())) {
    v.covered_by = "已由电子证照代替，无需上传";
    v.required = false;
  }
  if (in.prefilled) {
    const std::string& src = s.def.prefill();
    if (src.rfind("elicence.", 0) == 0) {
      const std::string type = src.substr(9, src.find('.', 9) - 9);
      auto name = ctx_.elicence_names.find(type);
      v.prefilled_from = "电子证照：" + (name != ctx_.elicence_names.end() ? name->second : type);
    } else {
      v.prefilled_from = "个人资料";
    }
  }
  switch (in.value.kind) {
    case Value::Kind::Number: v.value = number_text(in.value.n); break;
    case Value::Kind::Bool: v.value = in.value.b ? "true" : "false"; break;
    case Value::Kind::Text: v.value = in.value.s; break;
    case Value::Kind::List:
      for (const auto& x : in.value.list) v.value += (v.value.empty() ? "" : ",") + x;
      break;
    default: break;
  }
  const bool show = in.touched || show_all_;
  if (show && !in.error.empty()) v.error = in.error[0] == '!' ? in.error.substr(1) : in.error;
  v.warning = in.warning;
  SessionEnv env(*this, s.group, row, nullptr);
  for (int c = 0; c < s.def.choices_size(); ++c) {
    const auto& filter = s.choice_filters[c];
    if (filter && !filter->eval(env).truthy()) continue;
    const auto& ch = s.def.choices(c);
    bool selected = in.value.kind == Value::Kind::Text ? in.value.s == ch.value()
                    : in.value.kind == Value::Kind::List
                        ? std::find(in.value.list.begin(), in.value.list.end(), ch.value()) != in.value.list.end()
                        : false;
    v.choices.push_back({ch.value(), ch.label(), selected});
  }
  if (s.type == Type::Group) {
    const auto& rows = rows_.at(slot);
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::vector<FieldView> rv;
      for (std::uint32_t c : s.children)
        if (at(c, r).relevant) rv.push_back(field_view(c, r));
      v.rows.push_back(std::move(rv));
    }
    v.can_add_row = rows.size() < (s.def.max_rows() ? s.def.max_rows() : kMaxRowsLimit);
    v.can_remove_row = rows.size() > s.def.min_rows();
    if (show && rows.size() < s.def.min_rows()) v.error = "至少需要填写" + std::to_string(s.def.min_rows()) + "条";
  }
  return v;
}

std::vector<FieldView> FormSession::page_fields(std::size_t page) const {
  std::vector<FieldView> out;
  if (page < form_->pages())
    for (std::uint32_t i : form_->page_slots(page))
      if (top_[i].relevant) out.push_back(field_view(i, kTop));
  return out;
}

FormView FormSession::view() const {
  FormView v;
  v.form_id = form_->def().id();
  v.title = form_->def().title();
  v.pages = form_->pages();
  v.page = page_;
  for (std::size_t p = 0; p < form_->pages(); ++p) v.page_titles.push_back(form_->def().pages(static_cast<int>(p)).title());
  if (page_ < form_->pages()) v.page_title = form_->def().pages(static_cast<int>(page_)).title();
  v.fields = page_fields(page_);
  for (const auto& f : v.fields) {
    v.errors += !f.error.empty();
    for (const auto& row : f.rows)
      for (const auto& x : row) v.errors += !x.error.empty();
  }
  for (std::size_t p = 0; p < form_->pages(); ++p) {
    if (!page_relevant(p)) continue;
    for (std::uint32_t i : form_->page_slots(p)) {
      const Slot& s = form_->slots()[i];
      if (!top_[i].relevant) continue;
      auto count = [&](std::uint32_t slot, std::size_t row) {
        const Slot& cs = form_->slots()[slot];
        const bool covered = !cs.def.material().empty() && ctx_.covered_materials.count(cs.def.material());
        if (!cs.def.required() || cs.calculate || covered) return;
        ++v.required_total;
        const Instance& in = at(slot, row);
        if (!in.value.is_empty() && in.error.empty()) ++v.required_done;
      };
      if (s.type == Type::Group) {
        const auto& rows = rows_.at(i);
        for (std::size_t r = 0; r < rows.size(); ++r)
          for (std::uint32_t c : s.children)
            if (at(c, r).relevant) count(c, r);
      } else {
        count(i, kTop);
      }
    }
  }
  v.can_back = page_ > 0;
  v.can_next = page_ + 1 < form_->pages();
  v.can_submit = can_submit();
  return v;
}

std::vector<proto::FormValue> FormSession::answers() const {
  std::vector<proto::FormValue> out;
  auto add = [&](std::uint32_t slot, std::size_t row) {
    const Slot& s = form_->slots()[slot];
    const Instance& in = at(slot, row);
    if (!in.relevant || in.value.is_empty() || s.def.type() == proto::NOTE) return;
    proto::FormValue fv;
    fv.set_path(s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id());
    fv.set_kind(static_cast<std::uint32_t>(in.value.kind));
    switch (in.value.kind) {
      case Value::Kind::Bool: fv.set_flag(in.value.b); break;
      case Value::Kind::Number: fv.set_number(in.value.n); break;
      case Value::Kind::Text: fv.set_text(in.value.s); break;
      case Value::Kind::List:
        for (const auto& x : in.value.list) fv.add_list(x);
        break;
      default: break;
    }
    // A commitment records exactly what the person confirmed.
    if (s.def.type() == proto::COMMITMENT) fv.set_text(s.def.commitment_text());
    out.push_back(std::move(fv));
  };
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.group != kNoGroup || !page_relevant(s.page) || !top_[i].relevant) continue;
    if (s.type == Type::Group) {
      for (std::size_t r = 0; r < rows_.at(i).size(); ++r)
        for (std::uint32_t c : s.children) add(c, r);
    } else {
      add(i, kTop);
    }
  }
  return out;
}

proto::FormDraft FormSession::draft(std::int64_t now, bool with_prefilled) const {
  proto::FormDraft d;
  d.set_form(form_->def().id());
  d.set_form_version(form_->def().version());
  d.set_page(static_cast<std::uint32_t>(page_));
  d.set_saved_at(now);
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i)
    if (form_->slots()[i].type == Type::Group) d.add_group_rows(static_cast<std::uint32_t>(rows_.at(i).size()));
  // What was typed (not what was calculated), relevant or not, so going back restores it.
  auto add = [&](std::uint32_t slot, std::size_t row) {
    const Slot& s = form_->slots()[slot];
    const Instance& in = at(slot, row);
    if (s.calculate || in.value.is_empty() || !(in.touched || (with_prefilled && in.prefilled))) return;
    proto::FormValue fv;
    fv.set_path(s.group == kNoGroup ? s.id : form_->slots()[s.group].id + "[" + std::to_string(row) + "]." + s.def.id());
    switch (in.value.kind) {
      case Value::Kind::Bool: fv.set_text(in.value.b ? "true" : "false"); break;
      case Value::Kind::Number: fv.set_text(number_text(in.value.n)); break;
      case Value::Kind::Text: fv.set_text(in.value.s); break;
      case Value::Kind::List:
        for (const auto& x : in.value.list) fv.set_text(fv.text() + (fv.text().empty() ? "" : ",") + x);
        break;
      default: break;
    }
    d.add_values()->Swap(&fv);
  };
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    const Slot& s = form_->slots()[i];
    if (s.group != kNoGroup) continue;
    if (s.type == Type::Group) {
      for (std::size_t r = 0; r < rows_.at(i).size(); ++r)
        for (std::uint32_t c : s.children) add(c, r);
    } else {
      add(i, kTop);
    }
  }
  return d;
}

void FormSession::wipe() {
  auto clear = [](Instance& in) {
    crypto::wipe(in.value.s);
    for (auto& x : in.value.list) crypto::wipe(x);
    in.value = Value::empty();
  };
  for (auto& in : top_) clear(in);
  for (auto& [g, rows] : rows_)
    for (auto& row : rows)
      for (auto& in : row) clear(in);
  rows_.clear();
  for (auto& [k, v] : ctx_.profile) crypto::wipe(v);
  for (auto& [t, fields] : ctx_.elicences)
    for (auto& [k, v] : fields) crypto::wipe(v);
  ctx_ = Context{};
}

std::optional<FormSession> FormSession::resume(const CompiledForm& form, Context context, const proto::FormDraft& draft,
                                               std::string* error, std::vector<std::string>* skipped) {
  FormSession s(form, std::move(context));
  if (!s.apply_draft(draft, error, skipped)) return std::nullopt;
  return s;
}

bool FormSession::apply_draft(const proto::FormDraft& draft, std::string* error, std::vector<std::string>* skipped) {
  if (draft.form() != form_->def().id()) {
    *error = "这份草稿属于另一张表";
    return false;
  }
  if (draft.form_version() != form_->def().version()) {
    *error = "表单已更新，草稿无法继续使用";
    return false;
  }
  std::size_t g = 0;
  for (std::uint32_t i = 0; i < form_->slots().size(); ++i) {
    if (form_->slots()[i].type != Type::Group) continue;
    const std::size_t want = g < static_cast<std::size_t>(draft.group_rows_size()) ? draft.group_rows(static_cast<int>(g)) : 0;
    ++g;
    while (rows_[i].size() < want && add_row(form_->slots()[i].id)) {
    }
  }
  for (const auto& v : draft.values()) {
    const SetResult r = set(v.path(), v.text());
    if (!r.ok && skipped) skipped->push_back(v.path());
  }
  page_ = std::min<std::size_t>(draft.page(), form_->pages() ? form_->pages() - 1 : 0);
  return true;
}

}  // namespace tb::form
