#pragma once
// The kiosk's state machine: which screen is up, elderly mode, and the person's session.
// Both kiosk builds (native and web) draw from it and feed it inputs; nothing here draws.
#include <cstdint>
#include <string>
#include <vector>

#include "app/home.h"
#include "app/scan.h"
#include "app/screen.h"
#include "app/session.h"
#include "form/open_error.h"
#include "guide/guides.h"
#include "result.h"

namespace tb::app {

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
  const std::string& query() const { return person().query; }
  // 我要办: opens the form for an item (its own, or a 一件事's merged form), or says why not.
  Status<form::OpenError> open_form(const proto::Catalogue& catalogue, const std::string& item, int today,
                                    std::int64_t now_ms);
  ApplyState* form() { return person().apply.get(); }
  void close_form();
  // A code read by the hall's scanner or camera: decided by core (app/scan.h), remembered for the
  // 扫码 screen, and what it opens is opened (a guide item, a form, a phone's hand-off with its
  // draft, a checklist). `today` (YYYYMMDD) is for a form it opens.
  void scanned(std::string_view text, std::int64_t now_ms, std::int64_t now_s, int today, const ScanChannel& channel,
               code::Verifier* verifier, const guide::Guides* guides);
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

  Screen screen() const { return person().routes.back().screen; }
  const Route& route() const { return person().routes.back(); }
  bool elderly() const { return elderly_; }
  HomeView home() const { return home_view(elderly_); }
  const Session& session() const { return session_; }
  Session& session() { return session_; }
  // Everything about the person in front of the kiosk (the session's, wiped when it ends).
  PersonState& person() { return session_.person(); }
  const PersonState& person() const { return session_.person(); }
  // A short notice to show (e.g. "已退出，您的信息已清除"), empty when none is due.
  std::string notice(std::int64_t now_ms) const;
  std::int64_t ms_until_change(std::int64_t now_ms) const;

 private:
  void reset_for_next_person(std::int64_t now_ms);

  std::vector<Route>& stack() { return person().routes; }
  bool elderly_ = false;
  bool default_elderly_ = false;
  Session session_;
  std::int64_t notice_until_ms_ = 0;
  std::string notice_;
};

}  // namespace tb::app
