#pragma once
// The kiosk's state machine: which screen is up, elderly mode, and the person's session.
// Both kiosk builds (native and web) draw from it and feed it inputs; nothing here draws.
#include <cstdint>
#include <string>
#include <vector>

#include "app/home.h"
#include "app/session.h"
#include "form/merge.h"
#include "form/session.h"

namespace tb::app {

enum class Screen { Home, Guides, GuideSearch, GuideList, GuideItem, GuideScenario, Scan, Apply, ApplyForm, ApplyDone, Submitted, Mine, Appoint };
const char* screen_key(Screen s);

// A screen and what it shows: GuideList "event:<id>" or "department:<id>"; GuideItem, Appoint and
// GuideScenario the item id (and for the scenario, the answers so far in `answers`).
struct Route {
  Screen screen = Screen::Home;
  std::string arg;
  std::vector<std::string> answers;
};

// The form a person is filling at the kiosk. Personal: it lives only in their session.
struct ApplyState {
  std::string item;
  form::MergedForm merged;
  std::unique_ptr<form::CompiledForm> compiled;
  std::unique_ptr<form::FormSession> session;
};

class KioskApp {
 public:
  explicit KioskApp(SessionPolicy policy = {}) : session_(policy) {}
  KioskApp(KioskApp&&) = default;
  KioskApp& operator=(KioskApp&&) = default;

  // Inputs. Each counts as activity of the person at the kiosk.
  void open(Entry entry, std::int64_t now_ms);
  void open(Route route, std::int64_t now_ms);
  // Scenario guidance: answer the current question (replaces the route's answers), or start over.
  void answer(std::string option_id, std::int64_t now_ms);
  void restart_scenario(std::int64_t now_ms);
  // The search box (on-screen keyboard or a real one): text typed during this session.
  void type(const std::string& utf8, std::int64_t now_ms);
  void backspace(std::int64_t now_ms);
  void clear_query(std::int64_t now_ms);
  const std::string& query() const { return query_; }
  // 我要办: opens the form for an item (its own, or a 一件事's merged form); false with a reason.
  bool open_form(const proto::Catalogue& catalogue, const std::string& item, int today, std::int64_t now_ms,
                 std::string* error);
  ApplyState* form() { return apply_.get(); }
  void close_form();
  // The application was sealed and queued: the form (personal) is wiped, and the person sees the
  // submission screen (route arg: the submission id, answers[0]: the item); back from there leads
  // home, not to the form.
  void submitted(const std::string& submission_id, const std::string& item, std::int64_t now_ms);
  void back(std::int64_t now_ms);
  void go_home(std::int64_t now_ms);
  void toggle_elderly(std::int64_t now_ms);
  // The mode each new person starts in (a village kiosk may default to 长辈版).
  void set_default_elderly(bool elderly) { default_elderly_ = elderly_ = elderly; }
  void touch(std::int64_t now_ms) { session_.activity(now_ms); }
  void end_session(std::int64_t now_ms);  // "结束办理"
  // Clock tick: ends an idle session. Returns true if anything visible changed.
  bool tick(std::int64_t now_ms);

  Screen screen() const { return stack_.back().screen; }
  const Route& route() const { return stack_.back(); }
  bool elderly() const { return elderly_; }
  HomeView home() const { return home_view(elderly_); }
  const Session& session() const { return session_; }
  Session& session() { return session_; }
  // A short notice to show (e.g. "已退出，您的信息已清除"), empty when none is due.
  std::string notice(std::int64_t now_ms) const;
  std::int64_t ms_until_change(std::int64_t now_ms) const;

 private:
  void reset_for_next_person(std::int64_t now_ms);

  std::vector<Route> stack_{Route{}};
  std::string query_;
  std::unique_ptr<ApplyState> apply_;
  bool elderly_ = false;
  bool default_elderly_ = false;
  Session session_;
  std::int64_t notice_until_ms_ = 0;
  std::string notice_;
};

}  // namespace tb::app
