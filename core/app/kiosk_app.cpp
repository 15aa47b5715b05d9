#include "app/kiosk_app.h"

#include "ui_strings.h"
#include "card/id_card.h"
#include "crypto/wipe.h"
#include "proto/form.pb.h"
#include "text/utf8.h"

namespace tb::app {
namespace {
constexpr std::int64_t kNoticeMs = 4000;

Screen screen_for(Entry e) {
  switch (e) {
    case Entry::Guides: return Screen::Guides;
    case Entry::Scan: return Screen::Scan;
    case Entry::Apply: return Screen::Apply;
    case Entry::Mine: return Screen::Mine;
  }
  return Screen::Home;
}
}  // namespace

const char* screen_key(Screen s) {
  switch (s) {
    case Screen::Home: return "home";
    case Screen::Guides: return "guides";
    case Screen::GuideSearch: return "guide-search";
    case Screen::GuideList: return "guide-list";
    case Screen::GuideItem: return "guide-item";
    case Screen::GuideScenario: return "guide-scenario";
    case Screen::ApplyForm: return "apply-form";
    case Screen::ApplyDone: return "apply-done";
    case Screen::Submitted: return "submitted";
    case Screen::Scan: return "scan";
    case Screen::Apply: return "apply";
    case Screen::Mine: return "mine";
    case Screen::Appoint: return "appoint";
  }
  return "";
}

void KioskApp::open(Entry entry, std::int64_t now_ms) {
  session_.activity(now_ms);
  stack().push_back(Route{screen_for(entry), {}, {}});
}

void KioskApp::open(Route route, std::int64_t now_ms) {
  session_.activity(now_ms);
  stack().push_back(std::move(route));
}

void KioskApp::answer(std::string option_id, std::int64_t now_ms) {
  session_.activity(now_ms);
  if (stack().back().screen == Screen::GuideScenario) stack().back().answers.push_back(std::move(option_id));
}

void KioskApp::restart_scenario(std::int64_t now_ms) {
  session_.activity(now_ms);
  if (stack().back().screen == Screen::GuideScenario) stack().back().answers.clear();
}

void KioskApp::type(const std::string& utf8, std::int64_t now_ms) {
  session_.activity(now_ms);
  std::string& query = person().query;
  if (text::count_code_points(query) + text::count_code_points(utf8) <= 40) query += utf8;
}

void KioskApp::backspace(std::int64_t now_ms) {
  session_.activity(now_ms);
  std::string& query = person().query;
  while (!query.empty()) {  // drop one whole UTF-8 character
    const unsigned char last = static_cast<unsigned char>(query.back());
    query.pop_back();
    if ((last & 0xC0) != 0x80) break;
  }
}

void KioskApp::clear_query(std::int64_t now_ms) {
  session_.activity(now_ms);
  crypto::wipe(person().query);
}

void KioskApp::submitted(const std::string& submission_id, const std::string& item, std::int64_t now_ms) {
  close_form();
  stack().resize(1);
  stack().push_back(Route{Screen::Submitted, submission_id, {item}});
  session_.activity(now_ms);
}

void KioskApp::back(std::int64_t now_ms) {
  session_.activity(now_ms);
  if (stack().size() > 1) stack().pop_back();
}

void KioskApp::go_home(std::int64_t now_ms) {
  session_.activity(now_ms);
  stack().resize(1);
}

void KioskApp::toggle_elderly(std::int64_t now_ms) {
  session_.activity(now_ms);
  elderly_ = !elderly_;
}

void KioskApp::end_session(std::int64_t now_ms) { reset_for_next_person(now_ms); }

bool KioskApp::tick(std::int64_t now_ms) {
  bool changed = false;
  const bool was_signed_in = desk_.phase() == DeskPhase::SignedIn;
  if (desk_.tick(now_ms)) {
    changed = true;
    // A station's clerk signed out for idleness: the resident's session goes with them.
    if (desk_.station() && was_signed_in && desk_.phase() == DeskPhase::SignedOut) reset_for_next_person(now_ms);
  }
  if (session_.tick(now_ms)) {  // the session ended (and wiped the person's state)
    reset_for_next_person(now_ms);
    changed = true;
  }
  if (!notice_.empty() && now_ms >= notice_until_ms_) {
    notice_.clear();
    changed = true;
  }
  return changed;
}

Status<form::OpenError> KioskApp::open_form(const proto::Catalogue& catalogue, const std::string& item, int today,
                                            std::int64_t now_ms) {
  session_.activity(now_ms);
  auto merged = form::form_for_item(catalogue, item);
  if (!merged) return merged;
  auto state = std::make_unique<ApplyState>();
  state->item = item;
  state->merged = std::move(merged).value();
  std::vector<form::FormError> errors;
  auto compiled = form::CompiledForm::compile(state->merged.def, &errors);
  if (!compiled) return {form::OpenError::DoesNotCompile, errors.empty() ? "form does not compile" : errors[0].message};
  state->compiled = std::make_unique<form::CompiledForm>(std::move(*compiled));
  form::Context ctx;
  ctx.today = today;
  state->session = std::make_unique<form::FormSession>(*state->compiled, std::move(ctx));
  close_form();
  person().apply = std::move(state);
  stack().push_back(Route{Screen::ApplyForm, item, {}});
  return {};
}

void KioskApp::close_form() {
  person().card.wipe();  // what a card put into the form belongs to that form
  if (person().apply) person().apply->wipe();
  person().apply.reset();
}

void KioskApp::scanned(std::string_view text, std::int64_t now_ms, std::int64_t now_s, int today, const ScanChannel& channel,
                       code::Verifier* verifier, const guide::Guides* guides) {
  session_.activity(now_ms);
  ScanState& scan = person().scan;
  scan.view.wipe();
  scan.view = decide_scan(text, now_s, channel, verifier, guides, scan.handoff);
  if (screen() != Screen::Scan) open(Entry::Scan, now_ms);
  if (!scan.view.opens()) return;
  // What the code opens replaces the scan's view: the person sees the page itself.
  ScanView v = std::move(scan.view);
  scan.view = ScanView{};
  // decide_scan opens forms only when it has the catalogue.
  const auto open_item_form = [&] {
    return guides ? open_form(guides->catalogue_for(v.item), v.item, today, now_ms) : Status<form::OpenError>(form::OpenError::NoSuchItem, v.item);
  };
  switch (v.outcome) {
    case ScanOutcome::OpenItem: open(Route{Screen::GuideItem, v.item, {}}, now_ms); break;
    case ScanOutcome::OpenChecklist: open(Route{Screen::GuideScenario, v.item, v.answers}, now_ms); break;
    case ScanOutcome::OpenForm:
      if (const auto opened = open_item_form(); !opened) scan.view = ScanView{ScanOutcome::Message, {}, opened.message()};
      break;
    case ScanOutcome::OpenHandOff: {
      // The phone's draft goes on top of a fresh form: what they typed there is not typed twice.
      proto::FormDraft draft;
      const bool parsed = draft.ParseFromString(v.draft);
      std::vector<std::string> skipped;
      if (const auto opened = open_item_form(); !opened) {
        scan.view = ScanView{ScanOutcome::Refused, {}, "无法打开：" + opened.message()};
      } else if (const auto applied = parsed && v.draft.size() ? form()->session->apply_draft(draft, &skipped) : Status<form::OpenError>();
                 !parsed || !applied) {
        close_form();
        back(now_ms);
        scan.view = ScanView{ScanOutcome::Refused, {}, "无法打开：" + (parsed ? applied.message() : std::string("内容格式不对"))};
      }
      draft.Clear();
      break;
    }
    default: break;
  }
  v.wipe();
}

namespace {
// A read that filled nothing: the person is told why; what an earlier card filled stays (and stays
// marked), as the form keeps it.
void card_refused(CardState& state, std::string why) {
  crypto::wipe(state.outcome);
  state.outcome = std::move(why);
  state.ok = state.confirming = false;
}
}  // namespace

std::string KioskApp::card_read(std::string_view bytes, int today, std::int64_t now_s, std::int64_t now_ms) {
  session_.activity(now_ms);
  desk_.activity(now_ms);
  if (screen() != Screen::ApplyForm || !form()) {
    notice_ = ui::kCardNeedsForm;
    notice_until_ms_ = now_ms + kNoticeMs;
    return "no-form";
  }
  CardState& state = person().card;
  auto read = card::parse_card_file(bytes);
  if (!read) {
    card_refused(state, std::string(ui::kCardUnreadable) + "（" + card::reason_text(read.reason()) + "）");
    return card::reason_key(read.reason());
  }
  auto fill = fill_form_from_card(*form()->session, *read, today);
  if (!fill) {
    card_refused(state, (fill.detail().empty() ? std::string(card::reason_text(fill.reason())) : fill.detail()) + ui::kCardRefusedTail);
    read->wipe();
    return card::reason_key(fill.reason());
  }
  state.wipe();
  state.card = std::move(*read);
  state.fill = std::move(*fill);
  state.form = form()->item;
  state.ok = true;
  state.confirming = true;
  state.read_at = now_s;
  state.outcome = state.fill.empty() ? ui::kCardNothingToFill : ui::kCardFilled;
  return "ok";
}

void KioskApp::card_failed(std::string_view why, std::int64_t now_ms) {
  session_.activity(now_ms);
  if (screen() == Screen::ApplyForm) card_refused(person().card, std::string(why));
}

void KioskApp::card_seen(std::int64_t now_ms) {
  session_.activity(now_ms);
  person().card.confirming = false;
}

void KioskApp::staff_sign_out(std::string_view reason, std::int64_t now_ms) {
  desk_.sign_out(reason, now_ms);
  if (desk_.station()) reset_for_next_person(now_ms);
}

void KioskApp::reset_for_next_person(std::int64_t now_ms) {
  // The session's end wipes everything about the person: the form, what was typed, searched,
  // scanned and chosen, and where they were (person.h).
  session_.end();
  if (!desk_.station()) desk_.sign_out("session-end", now_ms);
  elderly_ = default_elderly_;
  notice_ = ui::kSessionEnded;
  notice_until_ms_ = now_ms + kNoticeMs;
}

void KioskApp::show_notice(std::string text, std::int64_t now_ms) {
  notice_ = std::move(text);
  notice_until_ms_ = now_ms + kNoticeMs;
}

std::string KioskApp::notice(std::int64_t now_ms) const {
  return now_ms < notice_until_ms_ ? notice_ : std::string{};
}

std::int64_t KioskApp::ms_until_change(std::int64_t now_ms) const {
  std::int64_t wait = session_.ms_until_change(now_ms);
  if (const std::int64_t d = desk_.ms_until_change(now_ms); d >= 0 && (wait < 0 || d < wait)) wait = d;
  if (!notice_.empty()) {
    const std::int64_t n = notice_until_ms_ - now_ms;
    if (wait < 0 || n < wait) wait = n < 0 ? 0 : n;
  }
  return wait;
}

}  // namespace tb::app
