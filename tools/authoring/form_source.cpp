#include "form_source.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <set>

#include "form/merge.h"
#include "form/model.h"

namespace tb::authoring {
namespace fs = std::filesystem;
namespace {

const std::map<std::string, proto::FieldType>& field_types() {
  static const std::map<std::string, proto::FieldType> m = {
      {"text", proto::TEXT},           {"long_text", proto::LONG_TEXT},   {"number", proto::NUMBER},
      {"money", proto::MONEY},         {"date", proto::DATE},             {"single_choice", proto::SINGLE_CHOICE},
      {"multi_choice", proto::MULTI_CHOICE}, {"yes_no", proto::YES_NO},   {"resident_id", proto::RESIDENT_ID},
      {"uscc", proto::USCC},           {"mobile", proto::MOBILE},         {"person_name", proto::PERSON_NAME},
      {"address", proto::ADDRESS},     {"attachment", proto::ATTACHMENT}, {"commitment", proto::COMMITMENT},
      {"note", proto::NOTE},           {"group", proto::GROUP}};
  return m;
}

bool is_field_id(const std::string& s) {
  static const std::regex re("[a-z][a-z0-9_]{0,47}");
  return std::regex_match(s, re);
}

// `choices_from: NAME`: the choices of a standard's code list, from lists/NAME.yaml beside the form
// files (e.g. lists/ethnicity.yaml, GB/T 3304), so every form asks the same list the same way.
void read_choice_list(const std::string& form_file, int line, const std::string& name, Diagnostics& diag, proto::FormField* f) {
  static const std::regex re("[a-z][a-z0-9_-]{0,47}");
  if (!std::regex_match(name, re)) {
    diag.add(form_file, line, "choices_from '" + name + "' must name a list: lower-case letters, digits, - and _");
    return;
  }
  const std::string path = (fs::path(form_file).parent_path() / "lists" / (name + ".yaml")).string();
  if (!fs::exists(path)) {
    diag.add(form_file, line, "choices_from '" + name + "': no list " + path);
    return;
  }
  const YAML::Node root = load_yaml_file(path, diag);
  if (!root.IsDefined()) return;
  MapReader r(root, path, diag, "choice list");
  if (!r.valid()) return;
  r.only({"source", "choices"});
  r.text("source", true);  // whose list it is: a standard, a package
  const YAML::Node cs = r.node("choices");
  if (!cs.IsSequence() || cs.size() == 0) {
    r.error(r.line(), "'choices' must be a non-empty list of {value, label}");
    return;
  }
  for (const auto& cn : cs) {
    MapReader c(cn, path, diag, "choice");
    if (!c.valid()) continue;
    c.only({"value", "label"});
    auto* ch = f->add_choices();
    ch->set_value(c.text("value", true));
    ch->set_label(c.text("label", true));
  }
}

// Where each field's keys are, so compile errors (which name a field and a key) get a line.
using Lines = std::map<std::string, std::map<std::string, int>>;  // field id → key → line

void read_field(const YAML::Node& n, const std::string& file, Diagnostics& diag, proto::FormField* f,
                const std::string& prefix, Lines& lines, bool in_group) {
  MapReader r(n, file, diag, "field");
  if (!r.valid()) return;
  r.only({"id", "type", "label", "hint", "required", "relevant", "constraint", "constraint_message", "calculate", "default",
          "choices", "prefill", "prefill_when", "share_key", "min_rows", "max_rows", "fields", "commitment_text", "accept",
          "max_length", "unit", "material", "sensitive", "choices_from", "foreign_names"});
  f->set_id(r.text("id", true));
  if (!f->id().empty() && !is_field_id(f->id()))
    r.error("id", "field id '" + f->id() + "' must be a lower-case letter followed by letters, digits or _");
  const std::string key = prefix + f->id();
  auto& l = lines[key];
  l[""] = r.line();
  for (const char* k : {"relevant", "constraint", "calculate", "prefill_when", "choices", "fields", "min_rows", "max_rows",
                        "id", "commitment_text", "type"})
    if (r.has(k)) l[k] = line_of(r.node(k));
  const std::string type = r.text("type", true);
  auto t = field_types().find(type);
  if (!type.empty() && t == field_types().end()) {
    std::string allowed;
    for (const auto& [name, _] : field_types()) allowed += (allowed.empty() ? "" : ", ") + name;
    r.error("type", "unknown field type '" + type + "' (one of: " + allowed + ")");
  } else if (t != field_types().end()) {
    f->set_type(t->second);
  }
  f->set_label(r.text("label", f->type() != proto::NOTE || true));
  f->set_hint(r.text("hint", false));
  f->set_required(r.flag("required", false));
  f->set_relevant(r.text("relevant", false));
  f->set_constraint(r.text("constraint", false));
  f->set_constraint_message(r.text("constraint_message", false));
  if (!f->constraint().empty() && f->constraint_message().empty())
    r.error("constraint", "a constraint needs a constraint_message saying what to fix");
  f->set_calculate(r.text("calculate", false));
  f->set_default_value(r.text("default", false));
  f->set_prefill(r.text("prefill", false));
  if (!f->prefill().empty()) {
    static const std::regex re("(profile\\.[a-z_]+|elicence\\.[a-z0-9_]+\\.[a-z0-9_]+)");
    if (!std::regex_match(f->prefill(), re))
      r.error("prefill", "prefill must be profile.<key> or elicence.<type>.<field>, got '" + f->prefill() + "'");
  }
  f->set_prefill_when(r.text("prefill_when", false));
  f->set_share_key(r.text("share_key", false));
  if (!f->share_key().empty() && !is_field_id(f->share_key()))
    r.error("share_key", "share_key '" + f->share_key() + "' must look like a field id (a-z, 0-9, _)");
  f->set_min_rows(r.count("min_rows").value_or(0));
  f->set_max_rows(r.count("max_rows").value_or(0));
  f->set_commitment_text(r.text("commitment_text", false));
  f->set_accept(r.text("accept", false));
  if (!f->accept().empty() && f->accept() != "image" && f->accept() != "document")
    r.error("accept", "accept must be image or document");
  f->set_max_length(r.count("max_length").value_or(0));
  f->set_unit(r.text("unit", false));
  f->set_material(r.text("material", false));
  f->set_sensitive(r.flag("sensitive", false));
  f->set_foreign_names(r.flag("foreign_names", false));
  if (f->foreign_names() && f->type() != proto::PERSON_NAME)
    r.error("foreign_names", "'foreign_names' is for person_name fields");
  if (r.has("choices")) {
    const YAML::Node cs = r.node("choices");
    if (!cs.IsSequence()) r.error("choices", "'choices' must be a list of {value, label}");
    else
      for (const auto& cn : cs) {
        MapReader c(cn, file, diag, "choice");
        if (!c.valid()) continue;
        c.only({"value", "label", "filter"});
        auto* ch = f->add_choices();
        ch->set_value(c.text("value", true));
        ch->set_label(c.text("label", true));
        ch->set_filter(c.text("filter", false));
        if (!ch->filter().empty()) l["choice '" + ch->value() + "' filter"] = line_of(cn["filter"]);
      }
  }
  if (r.has("choices_from")) {
    const std::string list = r.text("choices_from", true);
    if (r.has("choices")) r.error("choices_from", "a field takes either 'choices' or 'choices_from', not both");
    else if (f->type() != proto::SINGLE_CHOICE && f->type() != proto::MULTI_CHOICE)
      r.error("choices_from", "'choices_from' is for single_choice and multi_choice fields");
    else read_choice_list(file, line_of(r.node("choices_from")), list, diag, f);
    if (r.has("choices_from")) l["choices"] = line_of(r.node("choices_from"));
  }
  if (r.has("fields")) {
    if (in_group) r.error("fields", "repeat groups cannot be nested");
    const YAML::Node fs_ = r.node("fields");
    if (!fs_.IsSequence()) r.error("fields", "'fields' must be a list");
    else
      for (const auto& sub : fs_) read_field(sub, file, diag, f->add_fields(), f->id() + ".", lines, true);
  }
}

bool read_form_file(const std::string& file, Diagnostics& diag, proto::FormDef* def, Lines& lines, int* line_item,
                    int* line_department) {
  const YAML::Node root = load_yaml_file(file, diag);
  if (!root.IsDefined()) return false;
  MapReader r(root, file, diag, "form");
  if (!r.valid()) return false;
  r.only({"id", "item", "title", "department", "version", "pages"});
  def->set_id(r.text("id", true));
  const std::string stem = fs::path(file).stem().string();
  if (!def->id().empty() && !is_id(def->id())) r.error("id", "form id '" + def->id() + "' must be lower-case letters, digits and '-'");
  else if (!def->id().empty() && def->id() != stem) r.error("id", "id '" + def->id() + "' must equal the file name '" + stem + "'");
  def->set_item(r.text("item", true));
  *line_item = line_of(r.node("item"));
  def->set_title(r.text("title", true));
  def->set_department(r.text("department", true));
  *line_department = line_of(r.node("department"));
  def->set_version(r.count("version").value_or(0));
  if (def->version() == 0) r.error(r.has("version") ? line_of(r.node("version")) : r.line(), "'version' must be 1 or more");
  const YAML::Node pages = r.node("pages");
  if (!pages.IsSequence() || pages.size() == 0) {
    r.error(r.line(), "'pages' must be a non-empty list");
    return true;
  }
  for (const auto& pn : pages) {
    MapReader p(pn, file, diag, "page");
    if (!p.valid()) continue;
    p.only({"id", "title", "relevant", "fields"});
    auto* page = def->add_pages();
    page->set_id(p.text("id", true));
    page->set_title(p.text("title", true));
    page->set_relevant(p.text("relevant", false));
    lines["page " + page->id()]["relevant"] = line_of(p.node("relevant"));
    const YAML::Node fs_ = p.node("fields");
    if (!fs_.IsSequence() || fs_.size() == 0) {
      p.error(p.line(), "page '" + page->id() + "' needs a non-empty 'fields' list");
      continue;
    }
    for (const auto& fn : fs_) read_field(fn, file, diag, page->add_fields(), "", lines, false);
  }
  return true;
}

// Materials of an item, for `material:` references.
std::set<std::string> materials_of(const proto::Catalogue& c, const std::string& item) {
  std::set<std::string> out;
  for (const auto& it : c.items())
    if (it.id() == item)
      for (const auto& m : it.materials()) out.insert(m.id());
  return out;
}

}  // namespace

bool load_form_sources(const std::string& dir, proto::Catalogue* catalogue, Diagnostics& diag) {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      files.push_back(e.path().string());
  if (ec) {
    diag.add(dir, 0, "cannot list form files: " + ec.message());
    return false;
  }
  std::sort(files.begin(), files.end());
  std::set<std::string> items, departments, ids;
  for (const auto& it : catalogue->items()) items.insert(it.id());
  for (const auto& d : catalogue->departments()) departments.insert(d.id());
  const std::size_t before = diag.errors.size();
  std::vector<proto::FormDef> forms;
  for (const auto& file : files) {
    proto::FormDef def;
    Lines lines;
    int line_item = 0, line_department = 0;
    if (!read_form_file(file, diag, &def, lines, &line_item, &line_department)) continue;
    if (!def.id().empty() && !ids.insert(def.id()).second) diag.add(file, 0, "duplicate form id '" + def.id() + "'");
    if (!def.item().empty() && !items.count(def.item())) diag.add(file, line_item, "item '" + def.item() + "' is not in the guide catalogue");
    if (!def.department().empty() && !departments.count(def.department()))
      diag.add(file, line_department, "department '" + def.department() + "' is not in catalogue.yaml");
    const auto materials = materials_of(*catalogue, def.item());
    std::function<void(const proto::FormField&, const std::string&)> check_material = [&](const proto::FormField& f,
                                                                                          const std::string& prefix) {
      if (!f.material().empty() && !materials.count(f.material()))
        diag.add(file, lines[prefix + f.id()][""], "field '" + f.id() + "': item '" + def.item() + "' has no material '" + f.material() + "'");
      for (const auto& sub : f.fields()) check_material(sub, f.id() + ".");
    };
    for (const auto& p : def.pages())
      for (const auto& f : p.fields()) check_material(f, "");
    // Compile: every expression type-checked against the form's fields.
    std::vector<form::FormError> errors;
    if (!form::CompiledForm::compile(def, &errors))
      for (const auto& e : errors) {
        int line = 0;
        auto fl = lines.find(e.field);
        if (fl != lines.end()) {
          auto kl = fl->second.find(e.where);
          line = kl != fl->second.end() && kl->second ? kl->second : fl->second[""];
        }
        diag.add(file, line, (e.field.empty() ? "" : "field '" + e.field + "', " + e.where + ": ") + e.message);
      }
    forms.push_back(std::move(def));
  }
  if (diag.errors.size() != before) return false;
  std::sort(forms.begin(), forms.end(), [](const proto::FormDef& a, const proto::FormDef& b) { return a.id() < b.id(); });
  for (auto& f : forms) catalogue->add_forms()->Swap(&f);
  // 一件事: the forms of each bundle item's parts must merge into one form that compiles (shared
  // questions of one type; renamed expressions still valid).
  for (const auto& item : catalogue->items()) {
    if (item.bundle_items_size() == 0) continue;
    auto merged = form::form_for_item(*catalogue, item.id());
    if (!merged) {  // a 一件事 none of whose parts has a form is simply done at the hall
      if (merged.reason() != form::OpenError::NoOnlineForm) diag.add(dir, 0, "一件事 " + item.id() + ": " + merged.message());
      continue;
    }
    std::vector<form::FormError> errors;
    if (!form::CompiledForm::compile(merged->def, &errors))
      for (const auto& e : errors) diag.add(dir, 0, "一件事 " + item.id() + ", merged field '" + e.field + "', " + e.where + ": " + e.message);
  }
  if (diag.errors.size() != before) {
    catalogue->clear_forms();
    return false;
  }
  return true;
}

}  // namespace tb::authoring
