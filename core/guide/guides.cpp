#include "guide/guides.h"

namespace tb::guide {

void Guides::load(Opened opened) {
  opened_ = std::move(opened);
  const auto& c = opened_.catalogue;
  items_.clear();
  departments_.clear();
  halls_.clear();
  events_.clear();
  for (int i = 0; i < c.items_size(); ++i) items_[c.items(i).id()] = i;
  for (int i = 0; i < c.departments_size(); ++i) departments_[c.departments(i).id()] = i;
  for (int i = 0; i < c.halls_size(); ++i) halls_[c.halls(i).id()] = i;
  for (int i = 0; i < c.life_events_size(); ++i) events_[c.life_events(i).id()] = i;
  index_.build(c);
  loaded_ = true;
}

int Guides::index_of(std::string_view id) const {
  auto it = items_.find(id);
  return it == items_.end() ? -1 : it->second;
}

const proto::ServiceItem* Guides::item(std::string_view id) const {
  const int i = index_of(id);
  return i < 0 ? nullptr : &opened_.catalogue.items(i);
}

const proto::Department* Guides::department(std::string_view id) const {
  auto it = departments_.find(id);
  return it == departments_.end() ? nullptr : &opened_.catalogue.departments(it->second);
}

const proto::Hall* Guides::hall(std::string_view id) const {
  auto it = halls_.find(id);
  return it == halls_.end() ? nullptr : &opened_.catalogue.halls(it->second);
}

const proto::LifeEvent* Guides::life_event(std::string_view id) const {
  auto it = events_.find(id);
  return it == events_.end() ? nullptr : &opened_.catalogue.life_events(it->second);
}

std::vector<int> Guides::items_for_life_event(std::string_view id) const {
  std::vector<int> out;
  const auto& items = opened_.catalogue.items();
  for (int i = 0; i < items.size(); ++i)
    for (const auto& e : items[i].life_events())
      if (e == id) {
        out.push_back(i);
        break;
      }
  return out;
}

std::vector<int> Guides::items_for_department(std::string_view id) const {
  std::vector<int> out;
  const auto& items = opened_.catalogue.items();
  for (int i = 0; i < items.size(); ++i)
    if (items[i].department() == id) out.push_back(i);
  return out;
}

Asked Guides::ask(std::string_view query, std::size_t limit) const {
  SearchOptions o;
  o.limit = limit;
  return index_.ask(query, o);
}

}  // namespace tb::guide
