#include "app/person.h"

#include "crypto/wipe.h"

namespace tb::app {

void Photo::wipe() {
  crypto::wipe(path), crypto::wipe(ref), crypto::wipe(jpeg);
}

void ApplyState::keep_photo(Photo photo) {
  for (auto& p : photos)
    if (p.path == photo.path) {
      p.wipe();
      p = std::move(photo);
      return;
    }
  photos.push_back(std::move(photo));
}

const std::string* ApplyState::photo_bytes(const std::string& ref) const {
  for (const auto& p : photos)
    if (p.ref == ref) return &p.jpeg;
  return nullptr;
}

void ApplyState::wipe() {
  for (auto& p : photos) p.wipe();
  photos.clear();
  if (session) session->wipe();
  session.reset();
  compiled.reset();
  crypto::wipe(item);
  merged = form::MergedForm{};
}

void FieldEntry::wipe() {
  crypto::wipe(text.data(), text.size());
  crypto::wipe(path), crypto::wipe(label), crypto::wipe(keypad);
  screen = Screen::Home;
  address = false;
  address_code = 0;
}

void ChineseInput::clear_candidates() {
  for (auto& c : candidates) crypto::wipe(c);
  candidates.clear();
  candidate_letters.clear();
  first_shown = 0;
}

void ChineseInput::clear_strokes() {
  for (auto& s : strokes)
    if (!s.empty()) crypto::wipe(s.data(), s.capacity() * sizeof(InkPoint));
  strokes.clear();
}

void ChineseInput::wipe() {
  crypto::wipe(letters);
  clear_candidates();
  crypto::wipe(last);
  clear_strokes();
}

void ScanState::wipe() {
  view.wipe();
  handoff.wipe();
}

void AppointDraft::wipe() {
  for (std::string* s : {&item, &hall, &slot, &name, &mobile, &error, &sent_id}) crypto::wipe(*s);
  date = 0;
}

void AfterSubmit::wipe() {
  crypto::wipe(error), crypto::wipe(printed_for), crypto::wipe(slip), crypto::wipe(print_problem);
  print_ticket = 0;
  slip_has_code = false;
  stars = 0;
}

bool PersonState::empty() const {
  const bool at_home = routes.size() == 1 && routes[0].screen == Screen::Home && routes[0].arg.empty();
  return at_home && query.empty() && wedge.empty() && query_before_wedge.empty() && composing.empty() && !apply && apply_error.empty() && !entry.open() && entry.text[0] == 0 &&
         chinese.letters.empty() && chinese.candidates.empty() && chinese.last.empty() && chinese.strokes.empty() &&
         scan.view.outcome == ScanOutcome::None && scan.handoff.have() == 0 && appoint.item.empty() && appoint.name.empty() &&
         appoint.mobile.empty() && appoint.sent_id.empty() && submitted.stars == 0 && submitted.printed_for.empty() &&
         card.empty() && submitted.slip.empty() && !read_aloud && !keyboard_hidden;
}

void PersonState::wipe() {
  for (auto& r : routes) {
    crypto::wipe(r.arg);
    for (auto& a : r.answers) crypto::wipe(a);
  }
  routes.assign(1, Route{});
  crypto::wipe(query);
  crypto::wipe(wedge);
  crypto::wipe(query_before_wedge);
  crypto::wipe(composing);
  if (apply) apply->wipe();
  apply.reset();
  crypto::wipe(apply_error);
  entry.wipe();
  chinese.wipe();
  scan.wipe();
  appoint.wipe();
  submitted.wipe();
  card.wipe();
  read_aloud = false;
  keyboard_hidden = false;
}

}  // namespace tb::app
