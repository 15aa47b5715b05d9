#include "guide/views.h"

#include <algorithm>
#include <map>
#include <queue>

#include "guide/materials.h"
#include "text/civil_date.h"

namespace tb::guide {
namespace {

const char* level_text(proto::Level l) {
  switch (l) {
    case proto::CITY: return "市级";
    case proto::COUNTY: return "县（区）级";
    case proto::TOWNSHIP: return "乡镇（街道）级";
    case proto::VILLAGE: return "村（社区）级";
    default: return "";
  }
}

std::string join(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string time_limit_text(const proto::TimeLimit& t) {
  if (t.instant()) return t.note().empty() ? "即办" : "即办（" + t.note() + "）";
  std::vector<std::string> parts;
  if (t.legal_days()) parts.push_back("法定" + std::to_string(t.legal_days()) + "个工作日");
  if (t.promised_days()) parts.push_back("承诺" + std::to_string(t.promised_days()) + "个工作日");
  std::string s = join(parts, "，");
  if (!t.note().empty()) s += s.empty() ? t.note() : "（" + t.note() + "）";
  return s;
}

// Rows by distance from the first step (breadth first); columns in order within a row.
void layout_flow(std::vector<StepView>& steps, int* rows, int* columns) {
  std::map<std::string, std::size_t> at;
  for (std::size_t i = 0; i < steps.size(); ++i) at[steps[i].id] = i;
  std::vector<int> depth(steps.size(), -1);
  std::queue<std::size_t> q;
  if (!steps.empty()) {
    depth[0] = 0;
    q.push(0);
  }
  while (!q.empty()) {
    const std::size_t i = q.front();
    q.pop();
    for (const auto& n : steps[i].next) {
      auto it = at.find(n);
      if (it != at.end() && depth[it->second] < 0) {
        depth[it->second] = depth[i] + 1;
        q.push(it->second);
      }
    }
  }
  int max_depth = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (depth[i] < 0) depth[i] = ++max_depth;  // unreachable steps go below, in order
    max_depth = std::max(max_depth, depth[i]);
  }
  std::map<int, int> used;
  *columns = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    steps[i].row = depth[i];
    steps[i].column = used[depth[i]]++;
    *columns = std::max(*columns, steps[i].column + 1);
  }
  *rows = steps.empty() ? 0 : max_depth + 1;
}

}  // namespace

MaterialView material_view(const proto::Material& m) {
  MaterialView v;
  v.id = m.id();
  v.name = m.name();
  std::vector<std::string> q;
  if (m.originals()) q.push_back("原件" + std::to_string(m.originals()) + "份");
  if (m.copies()) q.push_back("复印件" + std::to_string(m.copies()) + "份");
  v.quantity = join(q, "，");
  if (!m.elicence().empty()) v.elicence = "可用电子证照代替";
  // The waivers (无需提交 for some answers) are said where the material is listed.
  std::vector<std::string> notes{m.note()};
  for (const auto& w : m.waived()) notes.push_back(w.note());
  v.note = join(notes, "；");
  v.required = m.required();
  return v;
}

ItemSummary summary_of(const Guides& g, int index) {
  const auto it = g.item_at(index);
  if (!it) return {};
  ItemSummary s;
  s.id = it->id();
  s.name = it->name();
  const auto* d = g.department(it->department());
  s.department = d ? d->name() : it->department();
  s.summary = it->summary();
  s.is_bundle = it->bundle_items_size() > 0;
  s.needs_visit = it->needs_visit();
  s.online = std::find(it->channels().begin(), it->channels().end(), proto::ONLINE) != it->channels().end();
  return s;
}

GuideHomeView home_view(const Guides& g) {
  GuideHomeView v;
  v.city = g.head().city();
  v.version = g.manifest().version();
  // Beijing time (UTC+8, no daylight saving): the day the bundle was signed.
  const std::int64_t issued = g.manifest().issued_at();
  const std::int64_t days = (issued + 8 * 3600 - ((issued + 8 * 3600) % 86400 + 86400) % 86400) / 86400;
  const text::CivilDate d = text::civil_from_days(days);
  v.updated = std::to_string(d.year) + "年" + std::to_string(d.month) + "月" + std::to_string(d.day) + "日";
  for (const auto& e : g.head().life_events())
    v.life_events.push_back({e.id(), e.name(), static_cast<int>(g.items_for_life_event(e.id()).size())});
  for (const auto& d : g.head().departments()) {
    const int n = static_cast<int>(g.items_for_department(d.id()).size());
    if (n > 0) v.departments.push_back({d.id(), d.name(), n});
  }
  return v;
}

ItemListView life_event_view(const Guides& g, const std::string& id) {
  ItemListView v;
  const auto* e = g.life_event(id);
  v.title = e ? e->name() : id;
  for (int i : g.items_for_life_event(id)) v.items.push_back(summary_of(g, i));
  return v;
}

ItemListView department_view(const Guides& g, const std::string& id) {
  ItemListView v;
  const auto* d = g.department(id);
  v.title = d ? d->name() : id;
  for (int i : g.items_for_department(id)) v.items.push_back(summary_of(g, i));
  return v;
}

ItemListView search_view(const Guides& g, const std::string& query, std::size_t limit) {
  ItemListView v;
  v.title = query;
  for (const auto& h : g.search(query, limit)) {
    ItemSummary s = summary_of(g, static_cast<int>(h.item));
    s.highlights = h.highlights;
    s.score = h.score;
    v.items.push_back(std::move(s));
  }
  return v;
}

ItemDetailView detail_view(const Guides& g, const std::string& id) {
  ItemDetailView v;
  const auto it = g.item(id);
  if (!it) return v;
  v.id = it->id();
  v.code = it->code();
  v.name = it->name();
  const auto* d = g.department(it->department());
  v.department = d ? d->name() : it->department();
  v.level = level_text(it->level());
  std::vector<std::string> aud;
  for (int a : it->audience()) aud.push_back(a == proto::PERSON ? "个人" : a == proto::ORGANISATION ? "法人" : "");
  v.audience = join(aud, "、");
  v.summary = it->summary();
  v.conditions.assign(it->conditions().begin(), it->conditions().end());
  v.materials = needed_materials(*it, nullptr).listed;
  for (const auto& s : it->steps()) {
    StepView sv{s.id(), s.title(), s.actor(), s.detail(), {s.next().begin(), s.next().end()}};
    v.steps.push_back(std::move(sv));
  }
  layout_flow(v.steps, &v.flow_rows, &v.flow_columns);
  v.time_limit = time_limit_text(it->time_limit());
  v.fee = it->fee().empty() ? "不收费" : it->fee();
  v.result = it->result();
  std::vector<std::string> ch;
  for (int c : it->channels()) ch.push_back(c == proto::ONLINE ? "网上办" : c == proto::KIOSK ? "自助终端办" : c == proto::HALL ? "大厅窗口办" : "");
  v.channels = join(ch, "、");
  v.updated = it->updated();
  v.legal_basis.assign(it->legal_basis().begin(), it->legal_basis().end());
  for (const auto& hid : it->halls()) {
    const auto* h = g.hall(hid);
    if (!h) continue;
    std::string digits;
    for (char c : h->phone())
      if ((c >= '0' && c <= '9') || c == '+') digits.push_back(c);
    v.halls.push_back({h->id(), h->name(), h->address(), h->hours(), h->phone(), digits.empty() ? "" : "tel:" + digits});
  }
  for (const auto& f : it->faq()) v.faq.push_back({f.q(), f.a()});
  for (const auto& b : it->bundle_items()) {
    const int i = g.index_of(b);
    if (i >= 0) v.bundle_items.push_back(summary_of(g, i));
  }
  v.has_scenario = it->has_scenario() && it->scenario().questions_size() > 0;
  v.needs_visit = it->needs_visit();
  return v;
}

}  // namespace tb::guide
