// Which materials a person brings (guide/materials.h): the item page and the scenario checklist
// follow one rule, so the checklist never lists what the item page says is not needed.
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>

#include "authoring/guide_source.h"
#include "guide/scenario.h"
#include "guide/views.h"
#include "sample_guides.h"

using namespace tb;

namespace {
bool lists(const std::vector<guide::MaterialView>& ms, const std::string& id) {
  for (const auto& m : ms)
    if (m.id == id) return true;
  return false;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(guide_materials)

BOOST_AUTO_TEST_CASE(local_residents_checklist_leaves_out_the_hukou_the_item_page_waives) {
  const auto& g = testing::sample_guides();
  // Answers after 您是本市户籍吗 (未满16周岁: 否; 邮寄: 否).
  for (const auto& [item, rest] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"sfz-buling", {"no"}}, {"sfz-huanling", {"no", "no"}}}) {
    auto answers = [&, rest = rest](const std::string& local) {
      std::vector<std::string> a{local};
      a.insert(a.end(), rest.begin(), rest.end());
      return a;
    };
    const auto page = guide::detail_view(g, item);
    BOOST_REQUIRE(lists(page.materials, "hukou"));
    for (const auto& m : page.materials)
      if (m.id == "hukou") BOOST_TEST(m.note.find("本市户籍可通过户籍系统核验，无需提交") != std::string::npos, item);
    const auto local = guide::walk_scenario(g, item, answers("yes"));
    BOOST_REQUIRE_MESSAGE(local.finished, item << ": " << local.error);
    BOOST_TEST(!lists(local.checklist, "hukou"), item << ": 本市户籍 checklist lists 居民户口簿");
    bool said = false;
    for (const auto& n : local.notes) said |= n == "居民户口簿：本市户籍可通过户籍系统核验，无需提交";
    BOOST_TEST(said, item << ": the checklist says why 居民户口簿 is not needed");
    const auto other = guide::walk_scenario(g, item, answers("no"));
    BOOST_REQUIRE(other.finished);
    BOOST_TEST(lists(other.checklist, "hukou"), item << ": 外省市户籍 still brings it");
  }
}

// Every waiver of every sample item: an answer that waives a material never leaves it on a checklist.
BOOST_AUTO_TEST_CASE(no_checklist_lists_a_material_its_answers_waive) {
  const auto& g = testing::sample_guides();
  int waivers = 0;
  for (const auto& it : testing::sample_catalogue().items()) {
    const auto& sc = it.scenario();
    // Every path through the tree (small: a few questions of two or three options).
    std::function<void(const std::string&, std::vector<std::string>, std::map<std::string, std::string>)> walk =
        [&](const std::string& at, std::vector<std::string> answers, std::map<std::string, std::string> chosen) {
          const proto::ScenarioQuestion* q = nullptr;
          for (const auto& x : sc.questions())
            if (x.id() == at) q = &x;
          if (!q) {
            const auto v = guide::walk_scenario(g, it.id(), answers);
            BOOST_REQUIRE_MESSAGE(v.finished, it.id() << ": " << v.error);
            for (const auto& m : it.materials())
              for (const auto& w : m.waived())
                if (chosen.count(w.question()) && chosen[w.question()] == w.option()) {
                  ++waivers;
                  BOOST_TEST(!lists(v.checklist, m.id()), it.id() << ": " << m.id() << " waived but listed");
                }
            return;
          }
          for (const auto& o : q->options()) {
            auto a = answers;
            a.push_back(o.id());
            auto c = chosen;
            c[q->id()] = o.id();
            walk(o.next(), a, c);
          }
        };
    if (sc.questions_size()) walk(sc.start(), {}, {});
  }
  BOOST_TEST(waivers > 0);
}

BOOST_AUTO_TEST_CASE(a_waiver_must_name_a_scenario_answer) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / "tongban-waiver-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "items");
  std::ofstream(dir / "catalogue.yaml") << "city: 测试市\ndepartments:\n  - {id: gongan, name: 公安局}\nhalls: []\nlife_events: []\n";
  std::ofstream(dir / "items" / "x.yaml") << "id: x\nname: 测试事项\ndepartment: gongan\nmaterials:\n"
                                               "  - id: hukou\n    name: 居民户口簿\n    waived:\n"
                                               "      - when: local=maybe\n        note: 无需提交\n"
                                               "scenario:\n  start: local\n  questions:\n    - id: local\n"
                                               "      text: 本市户籍吗？\n      options:\n        - {id: \"yes\", label: 是}\n"
                                               "        - {id: \"no\", label: 否}\n";
  authoring::Diagnostics diag;
  BOOST_TEST(!authoring::load_guide_sources(dir.string(), diag));
  bool named = false;
  for (const auto& e : diag.errors)
    named |= e.find("x.yaml:8:") != std::string::npos && e.find("waived when local='maybe'") != std::string::npos;
  BOOST_TEST(named, (diag.errors.empty() ? std::string("no errors") : diag.errors.front()));
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
