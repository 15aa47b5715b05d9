#include "form/merge.h"

#include <set>

#include "form/expr.h"

namespace tb::form {
namespace {

// A form id as a field-id prefix: "chusheng-luohu-form" → "chusheng_luohu_form__".
std::string prefix_of(const std::string& form_id) {
  std::string p;
  for (char c : form_id) p.push_back(c == '-' ? '_' : c);
  return p + "__";
}

void rename_expressions(proto::FormField* f, const std::function<std::string(const std::string&)>& rename) {
  if (!f->relevant().empty()) f->set_relevant(rename_fields(f->relevant(), rename));
  if (!f->constraint().empty()) f->set_constraint(rename_fields(f->constraint(), rename));
  if (!f->calculate().empty()) f->set_calculate(rename_fields(f->calculate(), rename));
  if (!f->prefill_when().empty()) f->set_prefill_when(rename_fields(f->prefill_when(), rename));
  for (auto& c : *f->mutable_choices())
    if (!c.filter().empty()) c.set_filter(rename_fields(c.filter(), rename));
  for (auto& sub : *f->mutable_fields()) {
    // Inside a row, sibling names stay; names of fields outside the group are renamed.
    std::set<std::string> siblings;
    for (const auto& s : f->fields()) siblings.insert(s.id());
    rename_expressions(&sub, [&](const std::string& n) { return siblings.count(n) ? n : rename(n); });
  }
}

}  // namespace

Result<MergedForm, OpenError> merge_forms(const std::string& bundle_item, const std::string& title,
                                          const std::vector<const proto::FormDef*>& forms,
                                          const std::map<std::string, std::string>& department_names) {
  MergedForm m;
  m.def.set_id(bundle_item + "-merged");
  m.def.set_item(bundle_item);
  m.def.set_bundle(bundle_item);
  m.def.set_title(title);
  std::uint32_t version = 0;
  for (const auto* f : forms) version = version * 31 + f->version();
  m.def.set_version(version ? version : 1);
  // Which share keys appear in more than one form: those are asked once.
  std::map<std::string, int> share_count;
  for (const auto* f : forms) {
    std::set<std::string> in_this;
    for (const auto& p : f->pages())
      for (const auto& fld : p.fields())
        if (!fld.share_key().empty()) in_this.insert(fld.share_key());
    for (const auto& k : in_this) ++share_count[k];
  }
  auto* shared_page = m.def.add_pages();
  shared_page->set_id("shared");
  shared_page->set_title("共同信息（只需填写一次）");
  std::map<std::string, proto::FormField*> shared_fields;  // share_key → the question asked once
  for (const auto* f : forms) {
    MergedPart part;
    part.form_id = f->id();
    part.item = f->item();
    part.department = f->department();
    const std::string prefix = prefix_of(f->id());
    for (const auto& p : f->pages())
      for (const auto& fld : p.fields())
        part.merged_id[fld.id()] =
            (!fld.share_key().empty() && share_count[fld.share_key()] > 1) ? fld.share_key() : prefix + fld.id();
    auto rename = [&](const std::string& n) {
      auto it = part.merged_id.find(n);
      return it == part.merged_id.end() ? n : it->second;
    };
    auto dept = department_names.find(f->department());
    const std::string dept_name = dept == department_names.end() ? f->department() : dept->second;
    for (const auto& p : f->pages()) {
      proto::FormPage page;
      page.set_id(prefix + p.id());
      page.set_title(dept_name + "：" + p.title());
      if (!p.relevant().empty()) page.set_relevant(rename_fields(p.relevant(), rename));
      for (const auto& fld : p.fields()) {
        proto::FormField copy = fld;
        copy.set_id(part.merged_id[fld.id()]);
        rename_expressions(&copy, rename);
        const bool shared = !fld.share_key().empty() && share_count[fld.share_key()] > 1;
        if (shared) {
          auto seen = shared_fields.find(fld.share_key());
          if (seen != shared_fields.end()) {
            if (seen->second->type() != fld.type())
              return {OpenError::Conflict, "共享字段 " + fld.share_key() + " 在不同表单中的类型不一致"};
            // The one answer goes to every department: a Latin name only if all of them take one.
            if (!fld.foreign_names()) seen->second->set_foreign_names(false);
            continue;  // asked once, where it first appeared
          }
          // A shared question may depend on other shared questions (父亲姓名 when 是否填写父亲信息),
          // never on one department's own answers: keep a condition only if it reads shared fields.
          auto only_shared = [&](const std::string& expression) {
            bool only = true;
            rename_fields(expression, [&](const std::string& n) {
              auto it = part.merged_id.find(n);
              only = only && it != part.merged_id.end() && share_count.count(it->second) && share_count[it->second] > 1;
              return n;
            });
            return only;
          };
          if (!fld.relevant().empty() && !only_shared(fld.relevant())) copy.clear_relevant();
          // A conditional prefill without its condition would fill in the wrong person: drop both.
          if (!fld.prefill_when().empty() && !only_shared(fld.prefill_when())) {
            copy.clear_prefill();
            copy.clear_prefill_when();
          }
          shared_fields[fld.share_key()] = shared_page->add_fields();
          *shared_fields[fld.share_key()] = std::move(copy);
        } else {
          *page.add_fields() = std::move(copy);
        }
      }
      if (page.fields_size() > 0) *m.def.add_pages() = std::move(page);
    }
    m.parts.push_back(std::move(part));
  }
  if (shared_page->fields_size() == 0) m.def.mutable_pages()->erase(m.def.mutable_pages()->begin());
  return m;
}

std::vector<DepartmentAnswers> split_answers(const MergedForm& merged, const std::vector<proto::FormValue>& answers) {
  std::vector<DepartmentAnswers> out;
  for (const auto& part : merged.parts) {
    DepartmentAnswers d{part.form_id, part.item, part.department, {}};
    std::map<std::string, std::string> back;  // merged id → own id
    for (const auto& [own, mid] : part.merged_id) back[mid] = own;
    for (const auto& v : answers) {
      const std::string& path = v.path();
      const auto cut = path.find('[');
      const std::string head = cut == std::string::npos ? path : path.substr(0, cut);
      auto it = back.find(head);
      if (it == back.end()) continue;
      proto::FormValue own = v;
      own.set_path(it->second + (cut == std::string::npos ? "" : path.substr(cut)));
      d.values.push_back(std::move(own));
    }
    out.push_back(std::move(d));
  }
  return out;
}

Result<MergedForm, OpenError> form_for_item(const proto::Catalogue& catalogue, const std::string& item_id) {
  std::map<std::string, std::string> departments;
  for (const auto& d : catalogue.departments()) departments[d.id()] = d.name();
  const proto::ServiceItem* item = nullptr;
  for (const auto& it : catalogue.items())
    if (it.id() == item_id) item = &it;
  if (!item) return {OpenError::NoSuchItem, item_id};
  auto form_of = [&](const std::string& id) -> const proto::FormDef* {
    for (const auto& f : catalogue.forms())
      if (f.item() == id) return &f;
    return nullptr;
  };
  if (const auto* own = form_of(item_id)) {
    MergedForm m;
    m.def = *own;
    MergedPart part{own->id(), own->item(), own->department(), {}};
    for (const auto& p : own->pages())
      for (const auto& f : p.fields()) part.merged_id[f.id()] = f.id();
    m.parts.push_back(std::move(part));
    return m;
  }
  std::vector<const proto::FormDef*> forms;
  for (const auto& b : item->bundle_items())
    if (const auto* f = form_of(b)) forms.push_back(f);
  if (forms.empty()) return OpenError::NoOnlineForm;
  return merge_forms(item_id, item->name(), forms, departments);
}

}  // namespace tb::form
