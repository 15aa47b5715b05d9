#pragma once
// Scenario guidance (情景化引导): walks an item's decision tree with the person's answers and ends
// in their personal checklist — the materials that apply to their case, notes, and a short code a
// clerk can scan to see the same checklist.
#include <string>
#include <vector>

#include "guide/views.h"

namespace tb::guide {

struct ScenarioOptionView {
  std::string id, label;
};

struct AnsweredView {
  std::string question, answer;
};

struct ScenarioView {
  std::string error;                 // set when an answer is not an option (which, and where)
  bool finished = false;
  std::string item_id, item_name;
  // Next question (when not finished):
  std::string question_id, question;
  std::vector<ScenarioOptionView> options;
  int step = 0;                      // 1-based number of the question being asked
  std::vector<AnsweredView> answered;
  // Personal checklist (when finished):
  std::vector<MaterialView> checklist;
  std::vector<std::string> notes;
  std::string checklist_code;        // "TBG1:<item id>:<answer ids joined by '.'>"
};

// `answers`: the option ids chosen so far, in order.
ScenarioView walk_scenario(const Guides& g, const std::string& item_id, const std::vector<std::string>& answers);
// Reads a checklist code back (for the clerk's scanner): fills item id and answers, or false.
bool parse_checklist_code(const std::string& code, std::string* item_id, std::vector<std::string>* answers);

}  // namespace tb::guide
