#include "guide/materials.h"

namespace tb::guide {

NeededMaterials needed_materials(const proto::ServiceItem& item, const ScenarioAnswers* answers) {
  NeededMaterials out;
  for (const auto& m : item.materials()) {
    if (!answers) {
      // The item page: everything that may be needed; material_view says when a waiver applies.
      if (!m.scenario_only()) out.listed.push_back(material_view(m));
      continue;
    }
    const bool listed = m.scenario_only() ? answers->include.count(m.id()) > 0 : answers->exclude.count(m.id()) == 0;
    if (!listed) continue;
    const proto::Waiver* waiver = nullptr;
    for (const auto& w : m.waived()) {
      auto it = answers->chosen.find(w.question());
      if (it != answers->chosen.end() && it->second == w.option()) waiver = &w;
    }
    if (waiver) out.not_needed.push_back(m.name() + "：" + waiver->note());
    else out.listed.push_back(material_view(m));
  }
  return out;
}

}  // namespace tb::guide
