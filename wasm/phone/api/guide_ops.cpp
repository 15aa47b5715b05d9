// Guide ops: load and update the catalogue, browse, search, item detail, scenario guidance.
//   guide.load    {ptr, len | staged, trust: ["<.pub file text>", …]}  → {city, version, items}
//                 (the shell stages a catalogue: the core keeps those very bytes and reads items from them)
//   guide.peek    {ptr, len | staged, trust} → {city, version, items}: a bundle's signed manifest,
//                 nothing loaded, the stage kept (which of the stored and the shipped bundle is newer)
//   guide.update  {ptr, len}   a delta (.tbd) or a full bundle (.tbg) → {version, bundle: {ptr, len}}
//                 the shell persists the returned bundle; until it does, the old one stays on disk
//   guide.index   rebuild the search index (benchmarks) → {items, bytes}
//   guide.home    → life events and departments with counts
//   guide.list    {event | department} → items
//   guide.search  {q, limit?} → items with highlights
//   guide.ask     {q, limit?} → the answer to a question: the section asked about quoted from the
//                 best item, with its name and id, and every result; or why there is none
//                 ("unanswered": empty | no-subject | too-long | no-match, "why": what to show) and
//                 the closest life events
//   guide.item    {id} → everything the item page shows
//   guide.scenario {id, answers: [option ids]} → next question, or the personal checklist
#include "ui_strings.h"
#include "app/answer_text.h"
#include "guide/answer.h"
#include "guide/question.h"
#include "guide/scenario.h"
#include "guide/views.h"
#include "registry.h"

namespace tb::phone {
namespace {

bool need_guides(json* error) {
  if (state().guides.loaded()) return true;
  *error = fail("no guide catalogue loaded (call guide.load first)");
  return false;
}

json to_json(const guide::ItemSummary& s) {
  json marks = json::array();
  for (const auto& h : s.highlights) marks.push_back({h.start, h.length});
  return {{"id", s.id},           {"name", s.name},     {"department", s.department},
          {"summary", s.summary}, {"bundle", s.is_bundle}, {"needs_visit", s.needs_visit},
          {"online", s.online},   {"highlights", marks}};
}

json to_json(const guide::HallView& h) {
  return {{"id", h.id}, {"name", h.name}, {"address", h.address}, {"hours", h.hours}, {"phone", h.phone}, {"tel", h.tel_uri}};
}

json to_json(const guide::StepView& s) {
  return {{"id", s.id}, {"title", s.title}, {"actor", s.actor}, {"detail", s.detail}, {"next", s.next},
          {"row", s.row}, {"column", s.column}};
}

json to_json(const guide::ItemListView& v) {
  json items = json::array();
  for (const auto& s : v.items) items.push_back(to_json(s));
  return ok({{"title", v.title}, {"items", items}});
}

json to_json(const guide::MaterialView& m) {
  return {{"id", m.id}, {"name", m.name}, {"quantity", m.quantity}, {"elicence", m.elicence}, {"note", m.note},
          {"required", m.required}};
}

// The guide issuers' keys from the request's 'trust' (the .pub files the app ships).
bool trust_from(const json& req, crypto::TrustStore* trust, json* error) {
  auto trust_it = req.find("trust");
  if (trust_it == req.end() || !trust_it->is_array() || trust_it->empty()) {
    *error = fail("argument 'trust' (list of public key files) is missing");
    return false;
  }
  for (const auto& t : *trust_it) {
    if (!t.is_string()) {
      *error = fail("argument 'trust': entries must be key file text");
      return false;
    }
    auto key = crypto::parse_key_file(t.get<std::string>());
    if (!key) {
      *error = fail(key, "argument 'trust': ");
      return false;
    }
    trust->add({key->pub, 0, 0, {}});
  }
  return true;
}

json op_load(const json& req) {
  std::string bytes;
  json error;
  crypto::TrustStore trust;
  if (!trust_from(req, &trust, &error) || !arg_bytes(req, &bytes, &error)) return error;
  auto opened = guide::open_bundle(std::move(bytes), trust, nullptr);  // kept, not copied
  if (!opened) return fail(opened);
  State& s = state();
  s.guide_trust = trust;
  s.guides.load(std::move(opened));
  return ok({{"city", s.guides.manifest().city()},
             {"version", s.guides.manifest().version()},
             {"items", s.guides.manifest().item_count()}});
}

// Which bundle is newer, before one is loaded: the signed manifest alone, the bytes left staged.
json op_peek(const json& req) {
  std::string_view bytes;
  json error;
  crypto::TrustStore trust;
  if (!trust_from(req, &trust, &error) || !arg_bytes_view(req, &bytes, &error)) return error;
  auto manifest = guide::peek_bundle(bytes, trust);
  if (!manifest) return fail(manifest);
  return ok({{"city", manifest->city()}, {"version", manifest->version()}, {"items", manifest->item_count()}});
}

json op_update(const json& req) {
  std::string bytes;
  json error;
  if (!arg_bytes(req, &bytes, &error) || !need_guides(&error)) return error;
  State& s = state();
  const guide::Current cur = guide::current_of(s.guides.opened());
  // A delta or a whole newer bundle: try the delta reading first, then the bundle one.
  guide::Opened next = guide::apply_delta(s.guides.opened(), bytes, s.guide_trust);
  if (next.reason() == guide::Refusal::WrongFormat) next = guide::open_bundle(std::move(bytes), s.guide_trust, &cur);
  if (!next) return fail(next);
  s.guides.load(std::move(next));
  const std::string& kept = s.guides.opened().bundle_bytes;  // valid until the next load
  return ok({{"version", s.guides.manifest().version()},
             {"items", s.guides.manifest().item_count()},
             {"bundle", {{"ptr", reinterpret_cast<std::uintptr_t>(kept.data())}, {"len", kept.size()}}}});
}

// Rebuilds the search index of the loaded catalogue (benchmarks time this step on its own).
json op_index(const json&) {
  json error;
  if (!need_guides(&error)) return error;
  state().guides.rebuild_index();
  return ok({{"items", state().guides.index().size()}, {"bytes", state().guides.index().memory_bytes()}});
}

json op_home(const json&) {
  json error;
  if (!need_guides(&error)) return error;
  const auto v = guide::home_view(state().guides);
  auto cats = [](const std::vector<guide::Category>& list) {
    json out = json::array();
    for (const auto& c : list) out.push_back({{"id", c.id}, {"name", c.name}, {"count", c.count}});
    return out;
  };
  return ok({{"city", v.city}, {"version", v.version}, {"updated", v.updated}, {"life_events", cats(v.life_events)},
             {"departments", cats(v.departments)}});
}

json op_list(const json& req) {
  json error;
  if (!need_guides(&error)) return error;
  std::string id;
  if (req.contains("event") && arg_string(req, "event", &id, &error)) return to_json(guide::life_event_view(state().guides, id));
  if (req.contains("department") && arg_string(req, "department", &id, &error))
    return to_json(guide::department_view(state().guides, id));
  return fail("argument 'event' or 'department' (string) is missing");
}

json op_search(const json& req) {
  json error;
  std::string q;
  if (!need_guides(&error) || !arg_string(req, "q", &q, &error)) return error;
  const int limit = req.value("limit", 20);
  if (limit < 1 || limit > 200) return fail("argument 'limit' must be 1..200");
  return to_json(guide::search_view(state().guides, q, static_cast<std::size_t>(limit)));
}

// Only the section asked about is in the answer (the others are empty in the view-model).
json op_ask(const json& req) {
  json error;
  std::string q;
  if (!need_guides(&error) || !arg_string(req, "q", &q, &error)) return error;
  const int limit = req.value("limit", 20);
  if (limit < 1 || limit > 200) return fail("argument 'limit' must be 1..200");
  const auto a = guide::answer_view(state().guides, q, static_cast<std::size_t>(limit));
  json items = json::array(), events = json::array(), materials = json::array(), halls = json::array(),
       steps = json::array();
  for (const auto& s : a.items) items.push_back(to_json(s));
  for (const auto& e : a.life_events) events.push_back({{"id", e.id}, {"name", e.name}, {"count", e.count}});
  for (const auto& m : a.materials) materials.push_back(to_json(m));
  for (const auto& h : a.halls) halls.push_back(to_json(h));
  for (const auto& s : a.steps) steps.push_back(to_json(s));
  json r = ok({{"unanswered", guide::unanswered_key(a.unanswered)},
               {"why", ui::unanswered_text(a.unanswered)},
               {"asks", guide::aspect_key(a.asks)},
               {"title", ui::aspect_title(a.asks)},
               {"items", items},
               {"life_events", events},
               // The words around an answer, as every front end says them (ui_strings.h).
               {"labels", {{"quoted", ui::kAnswerQuoted}, {"whole_item", ui::kAnswerWholeItem},
                           {"closest", ui::kAskLifeEvents}, {"nothing", ui::kSearchNothing}}}});
  if (a.unanswered != guide::Unanswered::None) return r;
  r["item"] = to_json(a.item);
  r["materials"] = materials;
  r["halls"] = halls;
  r["conditions"] = a.conditions;
  r["steps"] = steps;
  r["time_limit"] = a.time_limit;
  r["fee"] = a.fee;
  r["channels"] = a.channels;
  r["online"] = a.online;
  return r;
}

json op_item(const json& req) {
  json error;
  std::string id;
  if (!need_guides(&error) || !arg_string(req, "id", &id, &error)) return error;
  const auto v = guide::detail_view(state().guides, id);
  if (v.id.empty()) return fail("no item with id '" + id + "'");
  json materials = json::array(), steps = json::array(), halls = json::array(), faq = json::array(),
       bundle = json::array();
  for (const auto& m : v.materials) materials.push_back(to_json(m));
  for (const auto& s : v.steps) steps.push_back(to_json(s));
  for (const auto& h : v.halls) halls.push_back(to_json(h));
  for (const auto& f : v.faq) faq.push_back({{"q", f.q}, {"a", f.a}});
  for (const auto& b : v.bundle_items) bundle.push_back(to_json(b));
  return ok({{"id", v.id},
             {"code", v.code},
             {"name", v.name},
             {"department", v.department},
             {"level", v.level},
             {"audience", v.audience},
             {"summary", v.summary},
             {"conditions", v.conditions},
             {"materials", materials},
             {"steps", steps},
             {"flow_rows", v.flow_rows},
             {"flow_columns", v.flow_columns},
             {"time_limit", v.time_limit},
             {"fee", v.fee},
             {"result", v.result},
             {"channels", v.channels},
             {"updated", v.updated},
             {"legal_basis", v.legal_basis},
             {"halls", halls},
             {"faq", faq},
             {"bundle_items", bundle},
             {"has_scenario", v.has_scenario},
             {"needs_visit", v.needs_visit}});
}

json op_scenario(const json& req) {
  json error;
  std::string id;
  if (!need_guides(&error) || !arg_string(req, "id", &id, &error)) return error;
  std::vector<std::string> answers;
  if (req.contains("answers")) {
    if (!req["answers"].is_array()) return fail("argument 'answers' must be a list of option ids");
    for (const auto& a : req["answers"]) {
      if (!a.is_string()) return fail("argument 'answers' must be a list of option ids");
      answers.push_back(a.get<std::string>());
    }
  }
  const auto v = guide::walk_scenario(state().guides, id, answers);
  if (!v.error.empty()) return fail(v.error);
  json options = json::array(), answered = json::array(), checklist = json::array();
  for (const auto& o : v.options) options.push_back({{"id", o.id}, {"label", o.label}});
  for (const auto& a : v.answered) answered.push_back({{"question", a.question}, {"answer", a.answer}});
  for (const auto& m : v.checklist) checklist.push_back(to_json(m));
  return ok({{"item_id", v.item_id},
             {"item_name", v.item_name},
             {"finished", v.finished},
             {"question_id", v.question_id},
             {"question", v.question},
             {"options", options},
             {"step", v.step},
             {"answered", answered},
             {"checklist", checklist},
             {"notes", v.notes},
             {"checklist_code", v.checklist_code}});
}

}  // namespace

void register_guide_ops(Registry& r) {
  r["guide.load"] = op_load;
  r["guide.update"] = op_update;
  r["guide.peek"] = op_peek;
  r["guide.index"] = op_index;
  r["guide.home"] = op_home;
  r["guide.list"] = op_list;
  r["guide.search"] = op_search;
  r["guide.ask"] = op_ask;
  r["guide.item"] = op_item;
  r["guide.scenario"] = op_scenario;
}

}  // namespace tb::phone
