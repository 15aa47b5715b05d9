#pragma once
// An identity card read at the kiosk, put into the form being filled (docs/ID-CARD.md). The card
// holder is the applicant: the card fills the fields a form prefills from the person's own profile,
// `prefill: profile.<key>` with the keys name, sex, ethnicity, birth_date, address and id — the
// same declaration the phone's profile uses, so a form author marks "the applicant's own" once.
// What was taken is shown to the person, each field is marked 已从身份证读取 while it still holds
// the card's value, and the submission records which fields came from the card.
#include <cstdint>
#include <string>
#include <vector>

#include "card/id_card.h"
#include "form/session.h"

namespace tb::app {

// One form field the card filled.
struct CardFilled {
  std::string key;    // the profile key: "name", "gender", "ethnicity", "birth_date", "address", "id"
  std::string path;   // the field's path in the form being filled
  std::string label;  // the field's label, for the confirmation
  std::string shown;  // what the card gave, as the person may see it (the ID number masked)
  std::string value;  // the stored answer right after filling (serialized FormValue): unchanged since?
  bool accepted = true;  // false: the form did not take it as it is (the field shows why)
};

struct CardFill {
  std::vector<CardFilled> fields;
  bool empty() const { return fields.empty(); }
};

// Checks the card (card::check_card with today) and fills the form's fields for it. Nothing is
// filled from a card that fails the check; a form with no field for the card fills nothing and
// succeeds (the screen says so).
Result<CardFill, card::CardError> fill_form_from_card(form::FormSession& session, const card::IdCard& card, int today);
// The paths that still hold what the card put there (the person may have changed some since):
// what the submission records as read from the card.
std::vector<std::string> paths_still_from_card(const form::FormSession& session, const CardFill& fill);
// "<division code>|<street>" for an address as printed on a card ("辽宁省葫芦岛市连山区兴工街道…"):
// the longest chain of divisions its start names; "|<address>" when it names none.
std::string address_answer(const std::string& address);

// The card in the person's session (PersonState::card): the card itself (photo included), where it
// went, and the outcome of the last read for the screen. Wiped with the session.
struct CardState {
  card::IdCard card;
  CardFill fill;
  std::string form;          // the form it filled (its marks belong to that form only)
  std::string outcome;       // what the screen says about the last read ("证件已于…过期", "读卡失败…")
  bool ok = false;           // the last read filled the form
  bool confirming = false;   // the list of what was taken is up, waiting for 知道了
  std::int64_t read_at = 0;  // Unix seconds of the last good read
  bool empty() const { return card.name.empty() && fill.empty() && outcome.empty() && !confirming; }
  void wipe();
};

}  // namespace tb::app
