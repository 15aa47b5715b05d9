#include "app/home.h"

#include "ui_strings.h"

namespace tb::app {

const char* entry_key(Entry e) {
  switch (e) {
    case Entry::Guides: return "guides";
    case Entry::Scan: return "scan";
    case Entry::Apply: return "apply";
    case Entry::Mine: return "mine";
  }
  return "";
}

HomeView home_view(bool elderly) {
  HomeView v;
  v.title = ui::kProductName;
  v.subtitle = ui::kProductSubtitle;
  v.elderly = elderly;
  v.elderly_toggle_label = elderly ? ui::kElderlyOff : ui::kElderlyOn;
  const struct { Entry id; const char* title; const char* hint; } entries[] = {
      {Entry::Guides, ui::kGuides, ui::kGuidesHint},
      {Entry::Scan, ui::kScan, ui::kScanHint},
      {Entry::Apply, ui::kApply, ui::kApplyHint},
      {Entry::Mine, ui::kMine, ui::kMineHint},
  };
  for (const auto& e : entries) v.entries.push_back({e.id, entry_key(e.id), e.title, e.hint});
  return v;
}

}  // namespace tb::app
