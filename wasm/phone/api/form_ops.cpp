// Form ops: fill an application form (or a 一件事's merged form) on the phone.
//   form.items    → items that can be applied for online
//   form.open     {item, today, now, profile?, elicences?: [base64 signed], trust?: [key files], rows?: {group: n}}
//                 → the view-model; e-licences are verified here (signature, expiry, holder)
//   form.set      {path, value, view?: false | "changes"} · form.add_row {group} · form.remove_row {group, row}
//   form.next · form.back · form.view · form.show_errors           → the view-model (form.set with
//                 "changes": the header and only the fields the edit changed, flat, "partial": true;
//                 the whole view when the page's layout changed)
//   form.goto     {path} → the view-model on the page of that field (修改 from the review page)
//   form.review   → {can_submit, departments: [name], pages: [{page, title, items: [{path, label, value,
//                   masked, missing}]}]}: every answer as the person reads it (form/review.h)
//   form.answers  → {can_submit, parts: [{form, item, department, department_name, values}]}
//                   split per department: each part holds only its own form's fields
//   form.draft    {key, nonce, now} (base64) → {bytes: {ptr, len}} sealed at rest (XChaCha20-Poly1305)
//   form.resume   {item, ptr, len, key, today, now, profile?, elicences?, trust?} → the view-model
//   form.close    forgets the form and everything typed into it
//   divisions.children {code?} → the address picker's next level (GB/T 2260)
#include <sodium.h>

#include <memory>

#include "check/divisions.h"
#include "crypto/aead.h"
#include "crypto/init.h"
#include "form/elicence.h"
#include "form/merge.h"
#include "form/review.h"
#include "form/session.h"
#include "form/value_json.h"
#include "registry.h"

namespace tb::phone {
namespace {

struct OpenForm {
  form::MergedForm merged;
  std::unique_ptr<form::CompiledForm> compiled;
  std::unique_ptr<form::FormSession> session;
  std::vector<std::string> elicence_notes;  // licences refused and why
};
std::unique_ptr<OpenForm>& current() {
  static std::unique_ptr<OpenForm> f;
  return f;
}

json to_json(const form::FieldView& f) {
  json choices = json::array();
  for (const auto& c : f.choices) choices.push_back({{"value", c.value}, {"label", c.label}, {"selected", c.selected}});
  json rows = json::array();
  for (const auto& row : f.rows) {
    json r = json::array();
    for (const auto& x : row) r.push_back(to_json(x));
    rows.push_back(r);
  }
  json out = {{"path", f.path},         {"id", f.id},         {"label", f.label},       {"hint", f.hint}, {"accept", f.accept},
              {"type", f.type},         {"value", f.value},   {"error", f.error},       {"warning", f.warning},
              {"unit", f.unit},         {"keypad", f.keypad}, {"required", f.required}, {"readonly", f.readonly},
              {"sensitive", f.sensitive}, {"choices", choices}, {"commitment_text", f.commitment_text},
              {"prefilled_from", f.prefilled_from}, {"covered_by", f.covered_by}};
  if (f.type == "group") {
    out["rows"] = rows;
    out["can_add_row"] = f.can_add_row;
    out["can_remove_row"] = f.can_remove_row;
  }
  if (f.type == "address" && !f.value.empty()) out["display"] = form::readable_value(f);  // names, not the code
  return out;
}

// The view-model; `changes`: what the last form.set changed (form::FormSession::view_changes), with
// "partial": true when `fields` holds only those.
json view_reply(bool changes = false) {
  auto& f = current();
  const form::FormView v = changes ? f->session->view_changes() : f->session->view();
  json fields = json::array();
  for (const auto& x : v.fields) fields.push_back(to_json(x));
  json parts = json::array();
  for (const auto& p : f->merged.parts) {
    const auto* d = state().guides.department(p.department);
    parts.push_back({{"form", p.form_id}, {"department", d ? d->name() : p.department}});
  }
  return ok({{"form", v.form_id},
             {"item", f->merged.def.item()},
             {"title", v.title},
             {"page", v.page},
             {"pages", v.pages},
             {"page_title", v.page_title},
             {"page_titles", v.page_titles},
             {"fields", fields},
             {"required_total", v.required_total},
             {"required_done", v.required_done},
             {"errors", v.errors},
             {"can_back", v.can_back},
             {"can_next", v.can_next},
             {"can_submit", v.can_submit},
             {"parts", parts},
             {"elicence_notes", f->elicence_notes},
             {"partial", v.partial}});
}

bool need_form(json* error) {
  if (current() && current()->session) return true;
  *error = fail("no form is open (call form.open first)");
  return false;
}

// Opens a form for `req["item"]` with the person's context; used by form.open and form.resume.
json open_form(const json& req, std::unique_ptr<OpenForm>& out) {
  json error;
  std::string item;
  if (!state().guides.loaded()) return fail("no guide catalogue loaded (call guide.load first)");
  if (!arg_string(req, "item", &item, &error)) return error;
  const int today = req.value("today", 0);
  const std::int64_t now = req.value("now", static_cast<std::int64_t>(0));
  if (today < 19000101 || today > 29991231) return fail("argument 'today' (YYYYMMDD) is missing or out of range");
  std::map<std::string, std::string> profile;
  if (req.contains("profile")) {
    if (!req["profile"].is_object()) return fail("argument 'profile' must be an object of text values");
    for (const auto& [k, v] : req["profile"].items())
      if (v.is_string()) profile[k] = v.get<std::string>();
  }
  auto f = std::make_unique<OpenForm>();
  const proto::Catalogue catalogue = state().guides.catalogue_for(item);  // the head, the item and its parts
  auto merged = form::form_for_item(catalogue, item);
  if (!merged) return fail(merged);
  f->merged = std::move(merged).value();
  // E-licences: only those that verify count; the others are reported, never silently used.
  std::vector<proto::ELicence> licences;
  if (req.contains("elicences")) {
    crypto::TrustStore trust;
    for (const auto& t : req.value("trust", json::array()))
      if (t.is_string())
        if (auto k = crypto::parse_key_file(t.get<std::string>())) trust.add({k->pub, 0, 0, {form::kELicenceFormat}});
    const std::string holder = profile.count("id") ? profile["id"] : "";
    for (const auto& e : req["elicences"]) {
      auto bytes = from_b64(e);
      auto check = bytes ? form::verify_elicence(*bytes, trust, now, holder) : form::ELicenceCheck(form::ELicenceError::Malformed);
      if (check) licences.push_back(std::move(check).value());
      else f->elicence_notes.push_back(check.message());
    }
  }
  std::vector<form::FormError> errors;
  auto compiled = form::CompiledForm::compile(f->merged.def, &errors);
  if (!compiled) return fail("form does not compile: " + (errors.empty() ? std::string() : errors[0].message));
  f->compiled = std::make_unique<form::CompiledForm>(std::move(*compiled));
  form::Context ctx = form::make_context(today, std::move(profile), licences, catalogue, item);
  f->session = std::make_unique<form::FormSession>(*f->compiled, std::move(ctx));
  // Optional {"rows": {"group": n}}: start with n rows (a household of n, a benchmark).
  if (req.contains("rows") && req["rows"].is_object())
    for (const auto& [group, n] : req["rows"].items())
      if (n.is_number_unsigned())
        for (std::uint64_t i = 0; i < std::min<std::uint64_t>(n.get<std::uint64_t>(), form::kMaxRowsLimit); ++i)
          if (!f->session->add_row(group)) break;
  out = std::move(f);
  return ok();
}

json op_items(const json&) {
  if (!state().guides.loaded()) return fail("no guide catalogue loaded (call guide.load first)");
  json items = json::array();
  const auto& g = state().guides;
  for (int i : g.items_with_forms()) {
    const auto it = g.item_at(i);
    const auto* d = g.department(it->department());
    items.push_back({{"id", it->id()}, {"name", it->name()}, {"department", d ? d->name() : it->department()},
                     {"bundle", it->bundle_items_size() > 0}});
  }
  return ok({{"items", items}});
}

json op_open(const json& req) {
  std::unique_ptr<OpenForm> f;
  json r = open_form(req, f);
  if (!r["ok"].get<bool>()) return r;
  current() = std::move(f);
  if (req.contains("view") && req["view"].is_boolean() && !req["view"].get<bool>()) return ok();
  return view_reply();
}

json op_set(const json& req) {
  json error;
  std::string path, value;
  if (!need_form(&error) || !arg_string(req, "path", &path, &error)) return error;
  if (req.contains("value") && req["value"].is_string()) value = req["value"].get<std::string>();
  else if (req.contains("value") && req["value"].is_boolean()) value = req["value"].get<bool>() ? "true" : "false";
  else if (req.contains("value") && req["value"].is_array()) {
    for (const auto& v : req["value"])
      if (v.is_string()) value += (value.empty() ? "" : ",") + v.get<std::string>();
  } else if (req.contains("value") && req["value"].is_number()) value = req["value"].dump();
  const auto r = current()->session->set(path, value);
  if (!r) return fail(r);
  // {"view": false}: the caller will ask for the view when it redraws (large forms, benchmarks);
  // {"view": "changes"}: only what the edit changed, for a shell that patches (a form with many rows).
  if (req.contains("view") && req["view"].is_boolean() && !req["view"].get<bool>()) return ok();
  return view_reply(req.contains("view") && req["view"] == "changes");
}

json op_add_row(const json& req) {
  json error;
  std::string group;
  if (!need_form(&error) || !arg_string(req, "group", &group, &error)) return error;
  if (!current()->session->add_row(group)) return fail("cannot add a row to '" + group + "' (unknown group or full)");
  return view_reply();
}

json op_remove_row(const json& req) {
  json error;
  std::string group;
  if (!need_form(&error) || !arg_string(req, "group", &group, &error)) return error;
  const int row = req.value("row", -1);
  if (row < 0 || !current()->session->remove_row(group, static_cast<std::size_t>(row)))
    return fail("cannot remove row " + std::to_string(row) + " of '" + group + "'");
  return view_reply();
}

json op_next(const json&) {
  json error;
  if (!need_form(&error)) return error;
  const bool moved = current()->session->next_page();
  json r = view_reply();
  r["moved"] = moved;
  return r;
}

json op_back(const json&) {
  json error;
  if (!need_form(&error)) return error;
  current()->session->prev_page();
  return view_reply();
}

json op_view(const json&) {
  json error;
  if (!need_form(&error)) return error;
  return view_reply();
}

json op_goto(const json& req) {
  json error;
  std::string path;
  if (!need_form(&error) || !arg_string(req, "path", &path, &error)) return error;
  const auto& form = current()->session->form();
  const auto slot = form.slot_of(path.substr(0, path.find('[')));
  if (!slot) return fail("no field '" + path + "' in this form");
  // Back (always allowed) or forward through pages that have no errors, as the person would.
  auto& s = *current()->session;
  const std::size_t target = form.slots()[*slot].page;
  while (s.page() > target && s.prev_page()) {
  }
  while (s.page() < target && s.next_page()) {
  }
  json r = view_reply();
  r["moved"] = s.page() == target;
  return r;
}

json op_review(const json&) {
  json error;
  if (!need_form(&error)) return error;
  const form::Review rv = form::review(*current()->session);
  json pages = json::array();
  for (const auto& p : rv.pages) {
    json items = json::array();
    for (const auto& it : p.items)
      items.push_back({{"path", it.path}, {"label", it.label}, {"value", it.value}, {"masked", it.masked}, {"missing", it.missing}});
    pages.push_back({{"page", p.page}, {"title", p.title}, {"items", items}});
  }
  json departments = json::array();
  for (const auto& p : current()->merged.parts) {
    const auto* d = state().guides.department(p.department);
    departments.push_back(d ? d->name() : p.department);
  }
  return ok({{"can_submit", rv.can_submit}, {"departments", departments}, {"pages", pages}});
}

json op_show_errors(const json&) {
  json error;
  if (!need_form(&error)) return error;
  current()->session->show_all_errors();
  return view_reply();
}

json op_answers(const json&) {
  json error;
  if (!need_form(&error)) return error;
  auto& f = current();
  json parts = json::array();
  for (const auto& part : form::split_answers(f->merged, f->session->answers())) {
    json values = json::object();
    for (const auto& v : part.values) values[v.path()] = form::value_json(v);
    const auto* d = state().guides.department(part.department);
    parts.push_back({{"form", part.form_id}, {"item", part.item}, {"department", part.department},
                     {"department_name", d ? d->name() : part.department}, {"values", values}});
  }
  return ok({{"can_submit", f->session->can_submit()}, {"parts", parts}});
}

json op_draft(const json& req) {
  json error;
  if (!need_form(&error)) return error;
  auto key = from_b64(req.value("key", json()));
  auto nonce = from_b64(req.value("nonce", json()));
  if (!key || key->size() != 32 || !nonce || nonce->size() != 24)
    return fail("arguments 'key' (32 bytes) and 'nonce' (24 bytes), base64, are required");
  crypto::Key32 k;
  crypto::Nonce24 n;
  std::copy(key->begin(), key->end(), k.begin());
  std::copy(nonce->begin(), nonce->end(), n.begin());
  const std::string plain = current()->session->draft(req.value("now", static_cast<std::int64_t>(0))).SerializeAsString();
  state().last_bundle = crypto::seal_at_rest(at_rest(), k, n, plain, "tongban.draft.v1:" + current()->merged.def.item());
  sodium_memzero(k.data(), k.size());
  return ok({{"bytes", {{"ptr", reinterpret_cast<std::uintptr_t>(state().last_bundle.data())}, {"len", state().last_bundle.size()}}}});
}

json op_resume(const json& req) {
  std::string sealed;
  json error;
  if (!arg_bytes(req, &sealed, &error)) return error;
  auto key = from_b64(req.value("key", json()));
  if (!key || key->size() != 32) return fail("argument 'key' (32 bytes, base64) is required");
  crypto::Key32 k;
  std::copy(key->begin(), key->end(), k.begin());
  const auto plain = crypto::open_at_rest(k, sealed, "tongban.draft.v1:" + req.value("item", std::string()));
  sodium_memzero(k.data(), k.size());
  if (!plain) return fail("草稿无法打开（已损坏或不属于这个事项）");
  proto::FormDraft d;
  if (!d.ParseFromString(*plain)) return fail("草稿格式错误");
  std::unique_ptr<OpenForm> f;
  json r = open_form(req, f);
  if (!r["ok"].get<bool>()) return r;
  if (const auto applied = f->session->apply_draft(d); !applied) return fail(applied);
  current() = std::move(f);
  return view_reply();
}

json op_close(const json&) {
  current().reset();  // the session and its values are destroyed (heap memory is reused by the module)
  return ok();
}

json op_divisions(const json& req) {
  const auto& d = check::Divisions::builtin();
  std::vector<check::Division> list;
  if (req.contains("code") && req["code"].is_number_unsigned()) list = d.children(req["code"].get<std::uint32_t>());
  else list = d.provinces();
  json out = json::array();
  for (const auto& x : list) out.push_back({{"code", x.code}, {"name", std::string(x.name)}});
  return ok({{"divisions", out}});
}

}  // namespace

const form::MergedForm* open_form_answers(std::vector<proto::FormValue>* answers, bool* can_submit) {
  auto& f = current();
  if (!f || !f->session) return nullptr;
  *answers = f->session->answers();
  *can_submit = f->session->can_submit();
  return &f->merged;
}

bool open_form_draft(std::int64_t now, std::string* item, proto::FormDraft* draft) {
  auto& f = current();
  if (!f || !f->session) return false;
  *item = f->merged.def.item();
  *draft = f->session->draft(now, /*with_prefilled=*/true);
  return true;
}

void register_form_ops(Registry& r) {
  r["form.items"] = op_items;
  r["form.open"] = op_open;
  r["form.set"] = op_set;
  r["form.add_row"] = op_add_row;
  r["form.remove_row"] = op_remove_row;
  r["form.next"] = op_next;
  r["form.back"] = op_back;
  r["form.view"] = op_view;
  r["form.show_errors"] = op_show_errors;
  r["form.goto"] = op_goto;
  r["form.review"] = op_review;
  r["form.answers"] = op_answers;
  r["form.draft"] = op_draft;
  r["form.resume"] = op_resume;
  r["form.close"] = op_close;
  r["divisions.children"] = op_divisions;
}

}  // namespace tb::phone
