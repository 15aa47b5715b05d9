#include "app/card_fill.h"

#include <map>

#include "check/divisions.h"
#include "check/ethnicity.h"
#include "crypto/wipe.h"
#include "text/mask.h"

namespace tb::app {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// The stored answer of a top-level field (serialized), or empty when the form has none for it.
std::string answer_of(const std::vector<proto::FormValue>& answers, const std::string& path) {
  for (const auto& a : answers)
    if (a.path() == path) return a.SerializeAsString();
  return {};
}

// What the card gives for a profile key, as typed into a field of `def`'s type.
std::string input_for(const std::string& key, const card::IdCard& c, const proto::FormField& def) {
  if (key == "name") return c.name;
  if (key == "id") return c.id_number;
  if (key == "address") return def.type() == proto::ADDRESS ? address_answer(c.address) : c.address;
  if (key == "birth_date") return c.birth_date.substr(0, 4) + "-" + c.birth_date.substr(4, 2) + "-" + c.birth_date.substr(6, 2);
  if (key == "gender") {
    // A choice takes its value ("male") or its label ("男"); text takes the label.
    const std::string label = c.sex_name();
    for (const auto& ch : def.choices())
      if (ch.label() == label || (c.sex == "1" && ch.value() == "male") || (c.sex == "2" && ch.value() == "female")) return ch.value();
    return label;
  }
  if (key == "ethnicity") {
    const std::string name = c.ethnicity_name();
    for (const auto& ch : def.choices())
      if (ch.label() == name || ch.value() == name || ch.value() == c.ethnicity) return ch.value();
    return name.empty() ? c.ethnicity : name;
  }
  return {};
}

// What the person is shown as taken from the card.
std::string shown_for(const std::string& key, const card::IdCard& c) {
  if (key == "name") return c.name;
  if (key == "id") return text::mask_resident_id(c.id_number);
  if (key == "address") return c.address;
  if (key == "birth_date") return card::chinese_date(c.birth_date);
  if (key == "gender") return c.sex_name();
  if (key == "ethnicity") return c.ethnicity_name().empty() ? c.ethnicity : c.ethnicity_name();
  return {};
}

}  // namespace

std::string address_answer(const std::string& address) {
  const auto& d = check::Divisions::builtin();
  std::uint32_t code = 0;
  std::string_view rest = address;
  std::vector<check::Division> level = d.provinces();
  while (!level.empty()) {
    const check::Division* found = nullptr;
    for (const auto& div : level)
      if (!div.name.empty() && starts_with(rest, div.name) && (!found || div.name.size() > found->name.size())) found = &div;
    if (!found) break;
    code = found->code;
    rest.remove_prefix(found->name.size());
    level = d.children(code);
  }
  return (code ? std::to_string(code) : std::string()) + "|" + std::string(rest);
}

Result<CardFill, card::CardError> fill_form_from_card(form::FormSession& session, const card::IdCard& card, int today) {
  if (auto checked = card::check_card(card, today); !checked) return {checked.reason(), checked.detail()};
  static const char* const kKeys[] = {"name", "gender", "ethnicity", "birth_date", "address", "id"};
  CardFill fill;
  const auto& slots = session.form().slots();
  for (std::uint32_t i = 0; i < slots.size(); ++i) {
    const form::Slot& s = slots[i];
    if (s.group != form::kNoGroup || !starts_with(s.def.prefill(), "profile.")) continue;
    const std::string key = s.def.prefill().substr(8);
    bool known = false;
    for (const char* k : kKeys) known = known || key == k;
    if (!known) continue;
    std::string input = input_for(key, card, s.def);
    const form::SetResult r = session.set(s.id, input);
    crypto::wipe(input);
    fill.fields.push_back({key, s.id, s.def.label(), shown_for(key, card), {}, static_cast<bool>(r)});
  }
  const auto answers = session.answers();
  for (auto& f : fill.fields) f.value = answer_of(answers, f.path);
  return fill;
}

std::vector<std::string> paths_still_from_card(const form::FormSession& session, const CardFill& fill) {
  std::vector<std::string> paths;
  const auto answers = session.answers();
  for (const auto& f : fill.fields)
    if (!f.value.empty() && answer_of(answers, f.path) == f.value) paths.push_back(f.path);
  return paths;
}

void CardState::wipe() {
  card.wipe();
  for (auto& f : fill.fields)
    for (std::string* s : {&f.key, &f.path, &f.label, &f.shown, &f.value}) crypto::wipe(*s);
  fill.fields.clear();
  crypto::wipe(form);
  crypto::wipe(outcome);
  ok = confirming = false;
  read_at = 0;
}

}  // namespace tb::app
