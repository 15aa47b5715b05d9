#include "guide_source.h"

#include "crypto/keys.h"
#include "crypto/sm.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

namespace tb::authoring {
namespace fs = std::filesystem;
namespace {

struct Refs {  // what item files refer to, checked once everything is read
  std::set<std::string> departments, halls, events, items;
};

proto::Level parse_level(MapReader& r, const char* key) {
  const std::string v = r.text(key, false);
  if (v.empty()) return proto::LEVEL_UNSPECIFIED;
  static const std::map<std::string, proto::Level> m = {
      {"city", proto::CITY}, {"county", proto::COUNTY}, {"township", proto::TOWNSHIP}, {"village", proto::VILLAGE}};
  auto it = m.find(v);
  if (it == m.end()) {
    r.error(key, "'" + std::string(key) + "' must be city, county, township or village, got '" + v + "'");
    return proto::LEVEL_UNSPECIFIED;
  }
  return it->second;
}

void read_hall(const YAML::Node& n, const std::string& file, Diagnostics& diag, proto::Hall* h) {
  MapReader r(n, file, diag, "hall");
  if (!r.valid()) return;
  r.only({"id", "name", "address", "hours", "phone", "lat", "lng", "level"});
  h->set_id(r.text("id", true));
  if (!h->id().empty() && !is_id(h->id())) r.error("id", "hall id '" + h->id() + "' must be lower-case letters, digits and '-'");
  h->set_name(r.text("name", true));
  h->set_address(r.text("address", true));
  h->set_hours(r.text("hours", true));
  h->set_phone(r.text("phone", false));
  if (auto v = r.number("lat")) h->set_lat(*v);
  if (auto v = r.number("lng")) h->set_lng(*v);
  h->set_level(parse_level(r, "level"));
}

template <typename T>
void check_unique(const google::protobuf::RepeatedPtrField<T>& list, const std::string& file, Diagnostics& diag,
                  const char* what) {
  std::set<std::string> seen;
  for (const auto& x : list)
    if (!x.id().empty() && !seen.insert(x.id()).second) diag.add(file, 0, std::string("duplicate ") + what + " id '" + x.id() + "'");
}

bool read_catalogue_file(const std::string& file, Diagnostics& diag, proto::Catalogue* c, Refs* refs) {
  const YAML::Node root = load_yaml_file(file, diag);
  if (!root.IsDefined()) return false;
  MapReader r(root, file, diag, "catalogue.yaml");
  if (!r.valid()) return false;
  r.only({"city", "departments", "halls", "life_events", "query_synonyms", "question_forms", "filler_words"});
  c->set_city(r.text("city", true));
  auto list = [&](const char* key, bool required) {
    YAML::Node n = r.node(key);
    if (!n.IsDefined() || n.IsNull()) {
      if (required) r.error(r.line(), std::string("'") + key + "' is required");
      return YAML::Node(YAML::NodeType::Sequence);
    }
    if (!n.IsSequence()) {
      r.error(key, std::string("'") + key + "' must be a list");
      return YAML::Node(YAML::NodeType::Sequence);
    }
    return n;
  };
  for (const auto& n : list("departments", true)) {
    MapReader d(n, file, diag, "department");
    if (!d.valid()) continue;
    d.only({"id", "name", "seal_key"});
    auto* dep = c->add_departments();
    dep->set_id(d.text("id", true));
    if (!dep->id().empty() && !is_id(dep->id())) d.error("id", "department id '" + dep->id() + "' must be lower-case letters, digits and '-'");
    dep->set_name(d.text("name", true));
    // The key devices seal this department's submissions to: the `public:` line of its .pub file
    // (tongban keys new NAME --kind seal). Optional: a department without one can't receive online.
    // Either suite: 32 bytes X25519, or an SM2 point of 65 bytes on the curve (the 国密 suite); a
    // city's departments may differ, each device seals in the suite of the key it is given.
    const std::string key = d.text("seal_key", false);
    if (!key.empty()) {
      const auto raw = crypto::from_base64(key);
      const bool sm = raw && raw->size() == crypto::public_key_size(crypto::KeyKind::Sm2Seal);
      if (!raw || (raw->size() != crypto::public_key_size(crypto::KeyKind::Seal) && !sm))
        d.error("seal_key", "seal_key must be the base64 'public:' line of an x25519-seal (32 bytes) or sm2-seal (65 bytes) .pub file");
      else if (sm && !crypto::sm::check_public_key(crypto::sm::recommended_curve(), crypto::bytes_view(*raw)))
        d.error("seal_key", "seal_key is not a point on the SM2 curve (an sm2-seal key's 'public:' line, 04 || x || y)");
      else
        dep->set_seal_key(std::string(raw->begin(), raw->end()));
    }
  }
  for (const auto& n : list("halls", false)) read_hall(n, file, diag, c->add_halls());
  for (const auto& n : list("life_events", false)) {
    MapReader e(n, file, diag, "life event");
    if (!e.valid()) continue;
    e.only({"id", "name"});
    auto* ev = c->add_life_events();
    ev->set_id(e.text("id", true));
    if (!ev->id().empty() && !is_id(ev->id())) e.error("id", "life event id '" + ev->id() + "' must be lower-case letters, digits and '-'");
    ev->set_name(e.text("name", true));
  }
  for (const auto& n : list("query_synonyms", false)) {
    MapReader q(n, file, diag, "query synonym");
    if (!q.valid()) continue;
    q.only({"words", "means"});
    auto* qs = c->add_query_synonyms();
    for (auto& w : q.texts("words", true)) qs->add_words(std::move(w));
    qs->set_means(q.text("means", true));
  }
  static const std::map<std::string, proto::Aspect> kAspects = {
      {"materials", proto::ASPECT_MATERIALS}, {"place", proto::ASPECT_PLACE},   {"time", proto::ASPECT_TIME},
      {"fee", proto::ASPECT_FEE},             {"online", proto::ASPECT_ONLINE}, {"conditions", proto::ASPECT_CONDITIONS},
      {"steps", proto::ASPECT_STEPS}};
  for (const auto& n : list("question_forms", false)) {
    MapReader q(n, file, diag, "question form");
    if (!q.valid()) continue;
    q.only({"asks", "words"});
    auto* form = c->add_question_forms();
    const std::string asks = q.text("asks", true);
    if (auto it = kAspects.find(asks); it != kAspects.end()) {
      form->set_asks(it->second);
    } else if (!asks.empty()) {
      std::string allowed;
      for (const auto& [k, a] : kAspects) allowed += (allowed.empty() ? "" : ", ") + k;
      q.error("asks", "'asks': unknown value '" + asks + "' (allowed: " + allowed + ")");
    }
    for (auto& w : q.texts("words", true)) form->add_words(std::move(w));
  }
  for (auto& w : r.texts("filler_words")) c->add_filler_words(std::move(w));
  check_unique(c->departments(), file, diag, "department");
  check_unique(c->halls(), file, diag, "hall");
  check_unique(c->life_events(), file, diag, "life event");
  for (const auto& d : c->departments()) refs->departments.insert(d.id());
  for (const auto& h : c->halls()) refs->halls.insert(h.id());
  for (const auto& e : c->life_events()) refs->events.insert(e.id());
  return true;
}

template <typename Enum>
void read_enum_list(MapReader& r, const char* key, const std::map<std::string, Enum>& names,
                    google::protobuf::RepeatedField<int>* out) {
  for (const auto& v : r.texts(key)) {
    auto it = names.find(v);
    if (it == names.end()) {
      std::string allowed;
      for (const auto& [k, e] : names) allowed += (allowed.empty() ? "" : ", ") + k;
      r.error(key, "'" + std::string(key) + "': unknown value '" + v + "' (allowed: " + allowed + ")");
    } else {
      out->Add(it->second);
    }
  }
}

struct ItemRefs {  // an item's references with the line they are on
  std::string file;
  int line_department = 0, line_halls = 0, line_events = 0, line_bundle = 0;
};

void read_scenario(MapReader& item, proto::Scenario* sc, const std::set<std::string>& material_ids) {
  MapReader r(item.node("scenario"), item.file(), item.diag(), "scenario");
  if (!r.valid()) return;
  r.only({"start", "questions"});
  sc->set_start(r.text("start", true));
  const YAML::Node qs = r.node("questions");
  if (!qs.IsSequence() || qs.size() == 0) {
    r.error(r.line(), "scenario: 'questions' must be a non-empty list");
    return;
  }
  std::map<std::string, int> lines;
  for (const auto& qn : qs) {
    MapReader q(qn, item.file(), item.diag(), "scenario question");
    if (!q.valid()) continue;
    q.only({"id", "text", "options"});
    auto* question = sc->add_questions();
    question->set_id(q.text("id", true));
    question->set_text(q.text("text", true));
    if (!question->id().empty() && !lines.emplace(question->id(), q.line()).second)
      q.error("id", "duplicate question id '" + question->id() + "'");
    const YAML::Node os = q.node("options");
    if (!os.IsSequence() || os.size() < 2) {
      q.error(q.line(), "question '" + question->id() + "' needs at least two options");
      continue;
    }
    for (const auto& on : os) {
      MapReader o(on, item.file(), item.diag(), "option");
      if (!o.valid()) continue;
      o.only({"id", "label", "next", "include", "exclude", "note"});
      auto* opt = question->add_options();
      opt->set_id(o.text("id", true));
      opt->set_label(o.text("label", true));
      opt->set_next(o.text("next", false));
      opt->set_note(o.text("note", false));
      for (const char* key : {"include", "exclude"})
        for (auto& m : o.texts(key)) {
          if (!material_ids.count(m)) o.error(key, "'" + std::string(key) + "': no material with id '" + m + "'");
          (std::string(key) == "include" ? opt->add_include() : opt->add_exclude())->assign(m);
        }
    }
  }
  // References, cycles and reachability.
  std::map<std::string, const proto::ScenarioQuestion*> by_id;
  for (const auto& q : sc->questions()) by_id[q.id()] = &q;
  if (!sc->start().empty() && !by_id.count(sc->start())) r.error("start", "scenario start '" + sc->start() + "' is not a question id");
  for (const auto& q : sc->questions())
    for (const auto& o : q.options())
      if (!o.next().empty() && !by_id.count(o.next()))
        r.error(lines[q.id()], "question '" + q.id() + "', option '" + o.id() + "': next '" + o.next() + "' is not a question id");
  std::map<std::string, int> state;  // 0 unvisited, 1 on stack, 2 done
  std::set<std::string> reached;
  std::function<bool(const std::string&)> dfs = [&](const std::string& id) {
    if (!by_id.count(id)) return true;
    if (state[id] == 1) return false;
    if (state[id] == 2) return true;
    state[id] = 1;
    reached.insert(id);
    for (const auto& o : by_id[id]->options())
      if (!o.next().empty() && !dfs(o.next())) {
        if (state[id] == 1) r.error(lines[id], "scenario has a cycle through question '" + id + "'");
        state[id] = 2;
        return true;  // report once, keep checking the rest
      }
    state[id] = 2;
    return true;
  };
  if (by_id.count(sc->start())) dfs(sc->start());
  for (const auto& q : sc->questions())
    if (!q.id().empty() && !reached.count(q.id()) && by_id.count(sc->start()))
      r.error(lines[q.id()], "question '" + q.id() + "' cannot be reached from start '" + sc->start() + "'");
}

// waived: [{when: <question>=<option>, note: 为什么无需提交}] — a material the person need not bring
// when they gave that scenario answer (本市户籍 → no 户口簿): one rule that the item page (which says
// when) and the scenario checklist (which leaves it out) both follow.
void read_waivers(MapReader& m, proto::Material* mat, std::vector<int>* lines) {
  if (!m.has("waived")) return;
  const YAML::Node ws = m.node("waived");
  if (!ws.IsSequence()) {
    m.error("waived", "'waived' must be a list of {when: question=option, note: …}");
    return;
  }
  for (const auto& wn : ws) {
    MapReader w(wn, m.file(), m.diag(), "waiver");
    if (!w.valid()) continue;
    w.only({"when", "note"});
    const std::string when = w.text("when", true);
    const auto eq = when.find('=');
    auto* waiver = mat->add_waived();
    if (!when.empty() && (eq == std::string::npos || eq == 0 || eq + 1 == when.size()))
      w.error("when", "'when' must be <question id>=<option id>, got '" + when + "'");
    else if (!when.empty()) {
      waiver->set_question(when.substr(0, eq));
      waiver->set_option(when.substr(eq + 1));
    }
    waiver->set_note(w.text("note", true));
    lines->push_back(w.line());
  }
}

void check_waivers(const proto::ServiceItem& it, const std::vector<int>& lines, const std::string& file, Diagnostics& diag) {
  std::size_t n = 0;
  for (const auto& m : it.materials())
    for (const auto& w : m.waived()) {
      const int line = n < lines.size() ? lines[n] : 0;
      ++n;
      if (w.question().empty()) continue;  // reported when read
      const proto::ScenarioQuestion* q = nullptr;
      for (const auto& x : it.scenario().questions())
        if (x.id() == w.question()) q = &x;
      if (!q) {
        diag.add(file, line, "material '" + m.id() + "': waived when '" + w.question() + "', which is not a scenario question");
        continue;
      }
      bool found = false;
      for (const auto& o : q->options()) found = found || o.id() == w.option();
      if (!found)
        diag.add(file, line, "material '" + m.id() + "': waived when " + w.question() + "='" + w.option() +
                                 "', which is not an option of that question");
    }
}

bool read_item_file(const std::string& file, Diagnostics& diag, proto::ServiceItem* it, ItemRefs* lines) {
  const YAML::Node root = load_yaml_file(file, diag);
  if (!root.IsDefined()) return false;
  MapReader r(root, file, diag, "item");
  if (!r.valid()) return false;
  r.only({"id", "code", "name", "department", "level", "audience", "life_events", "channels", "summary", "needs_visit",
          "conditions", "materials", "steps", "time_limit", "fee", "result", "legal_basis", "halls", "faq", "tags",
          "synonyms", "updated", "bundle_items", "scenario"});
  lines->file = file;
  it->set_id(r.text("id", true));
  const std::string stem = fs::path(file).stem().string();
  if (!it->id().empty() && !is_id(it->id())) r.error("id", "id '" + it->id() + "' must be lower-case letters, digits and '-'");
  else if (!it->id().empty() && it->id() != stem) r.error("id", "id '" + it->id() + "' must equal the file name '" + stem + "'");
  it->set_code(r.text("code", false));
  it->set_name(r.text("name", true));
  it->set_department(r.text("department", true));
  lines->line_department = line_of(r.node("department"));
  it->set_level(parse_level(r, "level"));
  read_enum_list<proto::Audience>(r, "audience", {{"person", proto::PERSON}, {"organisation", proto::ORGANISATION}},
                                  it->mutable_audience());
  read_enum_list<proto::Channel>(r, "channels", {{"online", proto::ONLINE}, {"kiosk", proto::KIOSK}, {"hall", proto::HALL}},
                                 it->mutable_channels());
  for (auto& e : r.texts("life_events")) it->add_life_events(std::move(e));
  lines->line_events = line_of(r.node("life_events"));
  it->set_summary(r.text("summary", false));
  it->set_needs_visit(r.flag("needs_visit", false));
  for (auto& s : r.texts("conditions")) it->add_conditions(std::move(s));
  std::set<std::string> material_ids;
  std::vector<int> waiver_lines;  // per waiver, in order: checked against the scenario below
  if (r.has("materials")) {
    const YAML::Node ms = r.node("materials");
    if (!ms.IsSequence()) r.error("materials", "'materials' must be a list");
    else
      for (const auto& mn : ms) {
        MapReader m(mn, file, diag, "material");
        if (!m.valid()) continue;
        m.only({"id", "name", "originals", "copies", "elicence", "required", "note", "scenario_only", "waived"});
        auto* mat = it->add_materials();
        mat->set_id(m.text("id", false));
        if (!mat->id().empty()) {
          if (!is_id(mat->id())) m.error("id", "material id '" + mat->id() + "' must be lower-case letters, digits and '-'");
          if (!material_ids.insert(mat->id()).second) m.error("id", "duplicate material id '" + mat->id() + "'");
        }
        mat->set_name(m.text("name", true));
        mat->set_originals(m.count("originals").value_or(0));
        mat->set_copies(m.count("copies").value_or(0));
        mat->set_elicence(m.text("elicence", false));
        mat->set_required(m.flag("required", true));
        mat->set_note(m.text("note", false));
        mat->set_scenario_only(m.flag("scenario_only", false));
        read_waivers(m, mat, &waiver_lines);
      }
  }
  if (r.has("steps")) {
    const YAML::Node ss = r.node("steps");
    std::map<std::string, int> step_lines;
    if (!ss.IsSequence()) r.error("steps", "'steps' must be a list");
    else
      for (const auto& sn : ss) {
        MapReader s(sn, file, diag, "step");
        if (!s.valid()) continue;
        s.only({"id", "title", "detail", "next", "actor"});
        auto* st = it->add_steps();
        st->set_id(s.text("id", true));
        if (!st->id().empty() && !step_lines.emplace(st->id(), s.line()).second) s.error("id", "duplicate step id '" + st->id() + "'");
        st->set_title(s.text("title", true));
        st->set_detail(s.text("detail", false));
        st->set_actor(s.text("actor", false));
        for (auto& n : s.texts("next")) st->add_next(std::move(n));
      }
    for (const auto& st : it->steps())
      for (const auto& n : st.next())
        if (!step_lines.count(n)) diag.add(file, step_lines[st.id()], "step '" + st.id() + "': next '" + n + "' is not a step id");
  }
  if (r.has("time_limit")) {
    MapReader t(r.node("time_limit"), file, diag, "time_limit");
    if (t.valid()) {
      t.only({"legal_days", "promised_days", "instant", "note"});
      auto* tl = it->mutable_time_limit();
      tl->set_legal_days(t.count("legal_days").value_or(0));
      tl->set_promised_days(t.count("promised_days").value_or(0));
      tl->set_instant(t.flag("instant", false));
      tl->set_note(t.text("note", false));
      if (tl->promised_days() > tl->legal_days() && tl->legal_days() > 0)
        t.error("promised_days", "promised_days must not exceed legal_days");
    }
  }
  it->set_fee(r.text("fee", false));
  it->set_result(r.text("result", false));
  for (auto& s : r.texts("legal_basis")) it->add_legal_basis(std::move(s));
  for (auto& s : r.texts("halls")) it->add_halls(std::move(s));
  lines->line_halls = line_of(r.node("halls"));
  if (r.has("faq")) {
    const YAML::Node fs_ = r.node("faq");
    if (!fs_.IsSequence()) r.error("faq", "'faq' must be a list");
    else
      for (const auto& fn : fs_) {
        MapReader f(fn, file, diag, "faq entry");
        if (!f.valid()) continue;
        f.only({"q", "a"});
        auto* faq = it->add_faq();
        faq->set_q(f.text("q", true));
        faq->set_a(f.text("a", true));
      }
  }
  for (auto& s : r.texts("tags")) it->add_tags(std::move(s));
  for (auto& s : r.texts("synonyms")) it->add_synonyms(std::move(s));
  it->set_updated(r.text("updated", false));
  if (!it->updated().empty() && !is_date(it->updated()))
    r.error("updated", "'updated' must be a real date YYYY-MM-DD, got '" + it->updated() + "'");
  for (auto& s : r.texts("bundle_items")) it->add_bundle_items(std::move(s));
  lines->line_bundle = line_of(r.node("bundle_items"));
  if (r.has("scenario")) read_scenario(r, it->mutable_scenario(), material_ids);
  check_waivers(*it, waiver_lines, file, diag);
  return true;
}

}  // namespace

std::optional<proto::Catalogue> load_guide_sources(const std::string& dir, Diagnostics& diag, const Progress& progress) {
  proto::Catalogue c;
  Refs refs;
  const std::string cat_file = (fs::path(dir) / "catalogue.yaml").string();
  if (!fs::exists(cat_file)) {
    diag.add(cat_file, 0, "missing: a guide source folder needs catalogue.yaml (see docs/GUIDE-SOURCES.md)");
    return std::nullopt;
  }
  read_catalogue_file(cat_file, diag, &c, &refs);
  std::vector<std::string> files;
  const fs::path items_dir = fs::path(dir) / "items";
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(items_dir, ec))
    if (e.is_regular_file() && (e.path().extension() == ".yaml" || e.path().extension() == ".yml"))
      files.push_back(e.path().string());
  if (ec) diag.add(items_dir.string(), 0, "cannot list item files: " + ec.message());
  std::sort(files.begin(), files.end());
  if (files.empty() && !ec) diag.add(items_dir.string(), 0, "no item files (*.yaml)");
  std::vector<ItemRefs> item_lines;
  std::map<std::string, std::string> id_file;
  for (std::size_t i = 0; i < files.size(); ++i) {
    proto::ServiceItem item;
    ItemRefs lines;
    if (read_item_file(files[i], diag, &item, &lines)) {
      if (!item.id().empty() && !id_file.emplace(item.id(), files[i]).second)
        diag.add(files[i], 0, "duplicate item id '" + item.id() + "' (also in " + id_file[item.id()] + ")");
      refs.items.insert(item.id());
      *c.add_items() = std::move(item);
      item_lines.push_back(lines);
    }
    if (progress) progress(i + 1, files.size(), files[i]);
  }
  // Cross-file references.
  for (int i = 0; i < c.items_size(); ++i) {
    const auto& it = c.items(i);
    const auto& l = item_lines[i];
    if (!it.department().empty() && !refs.departments.count(it.department()))
      diag.add(l.file, l.line_department, "department '" + it.department() + "' is not in catalogue.yaml");
    for (const auto& h : it.halls())
      if (!refs.halls.count(h)) diag.add(l.file, l.line_halls, "hall '" + h + "' is not in catalogue.yaml");
    for (const auto& e : it.life_events())
      if (!refs.events.count(e)) diag.add(l.file, l.line_events, "life event '" + e + "' is not in catalogue.yaml");
    for (const auto& b : it.bundle_items()) {
      if (!refs.items.count(b)) diag.add(l.file, l.line_bundle, "bundle item '" + b + "' is not an item");
      else if (b == it.id()) diag.add(l.file, l.line_bundle, "an item cannot bundle itself");
    }
  }
  if (!diag.ok()) return std::nullopt;
  std::sort(c.mutable_items()->begin(), c.mutable_items()->end(),
            [](const proto::ServiceItem& a, const proto::ServiceItem& b) { return a.id() < b.id(); });
  return c;
}

}  // namespace tb::authoring
