#pragma once
// The home screen's view-model: the four main entries every channel offers, in one order.
#include <string>
#include <vector>

namespace tb::app {

enum class Entry { Guides, Scan, Apply, Mine };

struct HomeEntry {
  Entry id;
  std::string key;    // stable name for scripts and tests: "guides", "scan", "apply", "mine"
  std::string title;
  std::string hint;
};

struct HomeView {
  std::string title;
  std::string subtitle;
  std::vector<HomeEntry> entries;
  bool elderly = false;
  std::string elderly_toggle_label;  // what tapping the switch turns on
};

HomeView home_view(bool elderly);
const char* entry_key(Entry e);

}  // namespace tb::app
