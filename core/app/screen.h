#pragma once
// The kiosk's screens. Separate from kiosk_app.h so the person's state (person.h) can name the
// screen a field being typed belongs to without including the whole app.
#include <string>
#include <vector>

namespace tb::app {

enum class Screen { Home, Guides, GuideSearch, GuideList, GuideItem, GuideScenario, Scan, Apply, ApplyForm, ApplyDone, Submitted, Mine, Appoint };
const char* screen_key(Screen s);  // stable names for tests and the automation hook: "guide-item", …

// A screen and what it shows: GuideList "event:<id>" or "department:<id>"; GuideItem, Appoint and
// GuideScenario the item id (and for the scenario, the person's answers so far in `answers`);
// Submitted the submission id (answers[0]: the item).
struct Route {
  Screen screen = Screen::Home;
  std::string arg;
  std::vector<std::string> answers;
};

}  // namespace tb::app
