#pragma once
// View-models of the guide screens, shared by the kiosk (ImGui) and the phone (HTML through the
// phone API). Texts are ready to show, in the words a service hall uses.
#include <cstdint>
#include <string>
#include <vector>

#include "guide/guides.h"

namespace tb::guide {

struct Category {
  std::string id, name;
  int count = 0;
};

struct GuideHomeView {
  std::string city;
  std::uint64_t version = 0;
  std::string updated;  // when the guides were published, as people say it: 2025年6月1日 (Beijing time)
  std::vector<Category> life_events;
  std::vector<Category> departments;
};

struct ItemSummary {
  std::string id, name, department, summary;
  bool is_bundle = false;    // 一件事
  bool needs_visit = false;  // 需到现场
  bool online = false;       // 可网上办
  std::vector<Highlight> highlights;  // within name (search results)
  float score = 0;
};

struct ItemListView {
  std::string title;
  std::vector<ItemSummary> items;
};

struct MaterialView {
  std::string id, name;
  std::string quantity;  // "原件1份，复印件1份"
  std::string elicence;  // "可用电子证照代替" (empty: no)
  std::string note;
  bool required = true;
};

struct StepView {
  std::string id, title, actor, detail;
  std::vector<std::string> next;
  int row = 0, column = 0;  // flowchart position: row = depth from the first step
};

struct HallView {
  std::string id, name, address, hours, phone, tel_uri;
};

struct FaqView {
  std::string q, a;
};

struct ItemDetailView {
  std::string id, code, name, department, level, audience, summary;
  std::vector<std::string> conditions;
  std::vector<MaterialView> materials;
  std::vector<StepView> steps;
  int flow_rows = 0, flow_columns = 0;
  std::string time_limit, fee, result, channels, updated;
  std::vector<std::string> legal_basis;
  std::vector<HallView> halls;
  std::vector<FaqView> faq;
  std::vector<ItemSummary> bundle_items;  // the items a 一件事 combines
  bool has_scenario = false;
  bool needs_visit = false;
};

GuideHomeView home_view(const Guides& g);
ItemListView life_event_view(const Guides& g, const std::string& id);
ItemListView department_view(const Guides& g, const std::string& id);
ItemListView search_view(const Guides& g, const std::string& query, std::size_t limit = 20);
ItemSummary summary_of(const Guides& g, int index);
// nullopt-like: an empty id when the item does not exist.
ItemDetailView detail_view(const Guides& g, const std::string& id);
MaterialView material_view(const proto::Material& m);

}  // namespace tb::guide
