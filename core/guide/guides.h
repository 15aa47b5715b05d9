#pragma once
// The catalogue a device holds: a verified bundle with lookups by id, browsing lists and search.
// Built once per loaded bundle; read-only afterwards.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "guide/bundle.h"
#include "guide/search.h"

namespace tb::guide {

class Guides {
 public:
  void load(Opened opened);  // takes a bundle that open_bundle/apply_delta accepted
  void rebuild_index() { index_.build(opened_.catalogue); }  // for benchmarks: the index step alone
  bool loaded() const { return loaded_; }
  const proto::GuideManifest& manifest() const { return opened_.manifest; }
  const proto::Catalogue& catalogue() const { return opened_.catalogue; }
  const Opened& opened() const { return opened_; }

  int index_of(std::string_view item_id) const;  // -1 when absent
  const proto::ServiceItem* item(std::string_view id) const;
  const proto::ServiceItem& item_at(int index) const { return opened_.catalogue.items(index); }
  const proto::Department* department(std::string_view id) const;
  const proto::Hall* hall(std::string_view id) const;
  const proto::LifeEvent* life_event(std::string_view id) const;
  std::vector<int> items_for_life_event(std::string_view id) const;
  std::vector<int> items_for_department(std::string_view id) const;
  // A query read as a question: what it asks about and what its subject found (guide/question.h).
  Asked ask(std::string_view query, std::size_t limit = 20) const;
  std::vector<Hit> search(std::string_view query, std::size_t limit = 20) const { return ask(query, limit).hits; }
  const SearchIndex& index() const { return index_; }

 private:
  bool loaded_ = false;
  Opened opened_;
  SearchIndex index_;
  std::map<std::string, int, std::less<>> items_;
  std::map<std::string, int, std::less<>> departments_, halls_, events_;
};

}  // namespace tb::guide
