#pragma once
// Which materials a person must bring: one rule for the item page (before any question is
// answered: every material that may be needed, each saying when it is not) and the scenario
// checklist (the answers given: exactly what to bring). Both used to decide on their own, and the
// checklist listed 居民户口簿 for 本市户籍 while the item page said 无需提交.
//
// A material is listed when it is not scenario_only (or an answer includes it), no answer excludes
// it, and no waiver applies (Material.waived: 无需提交 when a given question got a given answer).
#include <map>
#include <set>
#include <string>
#include <vector>

#include "guide/views.h"

namespace tb::guide {

struct ScenarioAnswers {
  std::map<std::string, std::string> chosen;  // question id → option id
  std::set<std::string> include, exclude;     // material ids, after every answer (later answers win)
};

struct NeededMaterials {
  std::vector<MaterialView> listed;
  std::vector<std::string> not_needed;  // "居民户口簿：本市户籍可通过户籍系统核验，无需提交"
};

// `answers`: nullptr for the item page (nothing answered yet).
NeededMaterials needed_materials(const proto::ServiceItem& item, const ScenarioAnswers* answers);

}  // namespace tb::guide
