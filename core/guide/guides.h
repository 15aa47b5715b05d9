#pragma once
// The catalogue a device holds: a verified bundle with lookups by id, browsing lists and search.
// Built once per loaded bundle; read-only afterwards.
//
// Items are read from the bundle's bytes when asked for (guide/bundle.h, Opened): what stays
// parsed is the head (departments, halls, forms, words), the search index and the lists by life
// event and department. A handful of recently read items is kept, so a page that asks for the same
// item several times parses it once.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "guide/bundle.h"
#include "guide/search.h"

namespace tb::guide {

class Guides {
 public:
  // A parsed item, shared: it stays valid for as long as the caller holds it, whatever is read next.
  using Item = std::shared_ptr<const proto::ServiceItem>;

  void load(Opened opened);  // takes a bundle that open_bundle/apply_delta accepted
  void rebuild_index();      // for benchmarks: the index step alone
  bool loaded() const { return loaded_; }
  const proto::GuideManifest& manifest() const { return opened_.manifest; }
  // The catalogue without its items: city, departments, halls, life events, forms, search words.
  const proto::Catalogue& head() const { return opened_.head; }
  const Opened& opened() const { return opened_; }
  int size() const { return static_cast<int>(opened_.item_count()); }

  int index_of(std::string_view item_id) const;  // -1 when absent
  Item item(std::string_view id) const;          // nullptr when absent
  Item item_at(int index) const;
  // A catalogue for one item's form and submission: the head, the item, and the items a
  // 一件事 combines (what form::form_for_item and seal::plan_* read). Empty of items when absent.
  proto::Catalogue catalogue_for(std::string_view item_id) const;
  // Items that have an application form, in catalogue order (the kiosk's 我要办 list).
  const std::vector<int>& items_with_forms() const { return with_forms_; }

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
  void index_items(bool with_lists);
  bool loaded_ = false;
  Opened opened_;
  SearchIndex index_;
  std::map<std::string, int, std::less<>> items_;
  std::map<std::string, int, std::less<>> departments_, halls_, events_;
  std::map<std::string, std::vector<int>, std::less<>> by_event_, by_department_;
  std::vector<int> with_forms_;
  // Recently read items (a small ring): guarded, since a kiosk's speech or print thread may read too.
  // Behind a pointer so that Guides stays movable.
  struct Recent {
    std::mutex mutex;
    std::vector<std::pair<int, Item>> items;
    std::size_t next = 0;
  };
  std::unique_ptr<Recent> recent_ = std::make_unique<Recent>();
};

}  // namespace tb::guide
