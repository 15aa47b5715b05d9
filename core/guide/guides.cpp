#include "guide/guides.h"

#include <set>

namespace tb::guide {

namespace {
constexpr std::size_t kRecentItems = 32;  // a page's items, a list's summaries, a search's hits
}

void Guides::load(Opened opened) {
  opened_ = std::move(opened);
  const auto& c = opened_.head;
  items_.clear();
  departments_.clear();
  halls_.clear();
  events_.clear();
  by_event_.clear();
  by_department_.clear();
  with_forms_.clear();
  {
    std::lock_guard<std::mutex> lock(recent_->mutex);
    recent_->items.clear();
    recent_->next = 0;
  }
  for (int i = 0; i < c.departments_size(); ++i) departments_[c.departments(i).id()] = i;
  for (int i = 0; i < c.halls_size(); ++i) halls_[c.halls(i).id()] = i;
  for (int i = 0; i < c.life_events_size(); ++i) events_[c.life_events(i).id()] = i;
  index_items(/*with_lists=*/true);
  loaded_ = true;
}

void Guides::rebuild_index() { index_items(/*with_lists=*/false); }

// One pass over the items, each parsed into the same scratch message: the index reads it, and on
// a load the lookups and lists are taken from it too (SearchIndex::build asks for each item once,
// in order).
void Guides::index_items(bool with_lists) {
  std::set<std::string, std::less<>> with_own_form;
  if (with_lists)
    for (const auto& f : opened_.head.forms()) with_own_form.insert(f.item());
  proto::ServiceItem it;
  index_.build(opened_.head, opened_.item_count(), [&](std::size_t n) -> const proto::ServiceItem& {
    opened_.read_item(n, &it);
    if (!with_lists) return it;
    const int i = static_cast<int>(n);
    items_[it.id()] = i;
    for (const auto& e : it.life_events()) {
      auto& list = by_event_[e];
      if (list.empty() || list.back() != i) list.push_back(i);
    }
    by_department_[it.department()].push_back(i);
    bool form = with_own_form.count(it.id()) > 0;
    for (const auto& b : it.bundle_items()) form = form || with_own_form.count(b) > 0;
    if (form) with_forms_.push_back(i);
    return it;
  });
}

int Guides::index_of(std::string_view id) const {
  auto it = items_.find(id);
  return it == items_.end() ? -1 : it->second;
}

Guides::Item Guides::item_at(int index) const {
  if (index < 0 || index >= size()) return nullptr;
  Recent& r = *recent_;
  std::lock_guard<std::mutex> lock(r.mutex);
  for (const auto& [i, item] : r.items)
    if (i == index) return item;
  auto item = std::make_shared<const proto::ServiceItem>(opened_.item(static_cast<std::size_t>(index)));
  if (r.items.size() < kRecentItems) r.items.emplace_back(index, item);
  else r.items[r.next] = {index, item};
  r.next = (r.next + 1) % kRecentItems;
  return item;
}

Guides::Item Guides::item(std::string_view id) const { return item_at(index_of(id)); }

proto::Catalogue Guides::catalogue_for(std::string_view item_id) const {
  proto::Catalogue c = opened_.head;
  const Item it = item(item_id);
  if (!it) return c;
  *c.add_items() = *it;
  for (const auto& b : it->bundle_items())
    if (const Item part = item(b)) *c.add_items() = *part;
  return c;
}

const proto::Department* Guides::department(std::string_view id) const {
  auto it = departments_.find(id);
  return it == departments_.end() ? nullptr : &opened_.head.departments(it->second);
}

const proto::Hall* Guides::hall(std::string_view id) const {
  auto it = halls_.find(id);
  return it == halls_.end() ? nullptr : &opened_.head.halls(it->second);
}

const proto::LifeEvent* Guides::life_event(std::string_view id) const {
  auto it = events_.find(id);
  return it == events_.end() ? nullptr : &opened_.head.life_events(it->second);
}

std::vector<int> Guides::items_for_life_event(std::string_view id) const {
  auto it = by_event_.find(id);
  return it == by_event_.end() ? std::vector<int>{} : it->second;
}

std::vector<int> Guides::items_for_department(std::string_view id) const {
  auto it = by_department_.find(id);
  return it == by_department_.end() ? std::vector<int>{} : it->second;
}

Asked Guides::ask(std::string_view query, std::size_t limit) const {
  SearchOptions o;
  o.limit = limit;
  return index_.ask(query, o);
}

}  // namespace tb::guide
