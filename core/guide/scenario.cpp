#include "guide/scenario.h"

#include "code/prefixes.h"
#include "guide/materials.h"

namespace tb::guide {

ScenarioView walk_scenario(const Guides& g, const std::string& item_id, const std::vector<std::string>& answers) {
  ScenarioView v;
  const auto it = g.item(item_id);
  if (!it) {
    v.error = "没有这个事项：" + item_id;
    return v;
  }
  v.item_id = it->id();
  v.item_name = it->name();
  const auto& sc = it->scenario();
  auto question = [&](const std::string& id) -> const proto::ScenarioQuestion* {
    for (const auto& q : sc.questions())
      if (q.id() == id) return &q;
    return nullptr;
  };
  ScenarioAnswers given;
  std::string at = sc.start();
  std::size_t used = 0;
  // The tree has no cycles (checked at build time); the bound guards against a crafted bundle.
  for (int guard = 0; !at.empty() && guard < 64; ++guard) {
    const auto* q = question(at);
    if (!q) break;
    if (used == answers.size()) {  // the next question to ask
      v.question_id = q->id();
      v.question = q->text();
      for (const auto& o : q->options()) v.options.push_back({o.id(), o.label()});
      v.step = static_cast<int>(used) + 1;
      return v;
    }
    const auto& answer = answers[used];
    const proto::ScenarioOption* chosen = nullptr;
    for (const auto& o : q->options())
      if (o.id() == answer) chosen = &o;
    if (!chosen) {
      v.error = "第" + std::to_string(used + 1) + "个回答“" + answer + "”不是问题“" + q->text() + "”的选项";
      return v;
    }
    ++used;
    v.answered.push_back({q->text(), chosen->label()});
    given.chosen[q->id()] = chosen->id();
    for (const auto& m : chosen->include()) given.include.insert(m), given.exclude.erase(m);
    for (const auto& m : chosen->exclude()) given.exclude.insert(m), given.include.erase(m);
    if (!chosen->note().empty()) v.notes.push_back(chosen->note());
    at = chosen->next();
  }
  if (used < answers.size()) {
    v.error = "回答比问题多：只需要" + std::to_string(used) + "个回答";
    return v;
  }
  v.finished = true;
  NeededMaterials needed = needed_materials(*it, &given);
  v.checklist = std::move(needed.listed);
  v.notes.insert(v.notes.end(), needed.not_needed.begin(), needed.not_needed.end());
  v.checklist_code = code::prefix::kChecklist + it->id() + ":";
  for (std::size_t i = 0; i < answers.size(); ++i) v.checklist_code += (i ? "." : "") + answers[i];
  return v;
}

bool parse_checklist_code(const std::string& code, std::string* item_id, std::vector<std::string>* answers) {
  constexpr std::size_t kStart = code::prefix::kLength;
  if (code.rfind(code::prefix::kChecklist, 0) != 0) return false;
  const auto colon = code.find(':', kStart);
  if (colon == std::string::npos || colon == kStart) return false;
  *item_id = code.substr(kStart, colon - kStart);
  answers->clear();
  std::string rest = code.substr(colon + 1);
  std::size_t p = 0;
  while (!rest.empty() && p <= rest.size()) {
    const auto dot = rest.find('.', p);
    answers->push_back(rest.substr(p, dot == std::string::npos ? std::string::npos : dot - p));
    if (dot == std::string::npos) break;
    p = dot + 1;
  }
  for (const auto& a : *answers)
    if (a.empty()) return false;
  return true;
}

}  // namespace tb::guide
