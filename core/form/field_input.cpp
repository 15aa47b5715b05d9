#include "form/field_input.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "check/divisions.h"
#include "check/validate.h"
#include "text/normalize.h"
#include "text/utf8.h"
#include "ui_strings.h"

namespace tb::form {
namespace {

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::string ascii_folded(const std::string& s) {
  std::string out;
  for (char32_t c : text::decode_utf8_lossy(s)) text::append_utf8(out, text::fold_width(c));
  return trim(out);
}

}  // namespace

std::string number_text(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string normalise_input(const proto::FormField& def, const std::string& input, int today_yyyymmdd, Value* out,
                            std::string* warning) {
  const std::string in = trim(input);
  warning->clear();
  if (in.empty()) {
    *out = Value::empty();
    return {};
  }
  auto from_check = [&](const check::CheckResult& r) -> std::string {
    if (r.severity == check::Severity::Error) {
      *out = Value::text(in);
      return r.message();
    }
    if (r.severity == check::Severity::Warning) *warning = r.message();
    *out = Value::text(r.normalized);
    return {};
  };
  switch (def.type()) {
    case proto::NUMBER:
    case proto::MONEY: {
      std::string a = ascii_folded(in);
      a.erase(std::remove(a.begin(), a.end(), ','), a.end());
      char* end = nullptr;
      const double v = std::strtod(a.c_str(), &end);
      if (a.empty() || !end || *end || !std::isfinite(v)) {
        *out = Value::text(in);
        return ui::kInputNumber;
      }
      if (def.type() == proto::MONEY && std::fabs(v * 100 - std::round(v * 100)) > 1e-6) {
        *out = Value::text(in);
        return ui::kInputMoneyCents;
      }
      *out = Value::number(v);
      return {};
    }
    case proto::DATE: return from_check(check::check_date(in));
    case proto::RESIDENT_ID: {
      check::IdOptions o;
      o.today_yyyymmdd = today_yyyymmdd;
      return from_check(check::check_resident_id(in, o));
    }
    case proto::USCC: return from_check(check::check_uscc(in));
    case proto::MOBILE: return from_check(check::check_mobile(in));
    case proto::PERSON_NAME:
      return from_check(check::check_person_name(
          in, def.foreign_names() ? check::NameScript::ChineseOrLatin : check::NameScript::Chinese));
    case proto::YES_NO:
    case proto::COMMITMENT: {
      const std::string a = ascii_folded(in);
      if (a == "true" || a == "1" || a == "yes" || in == ui::kYes || in == "同意") {
        *out = Value::boolean(true);
        return {};
      }
      if (a == "false" || a == "0" || a == "no" || in == ui::kNo || in == "不同意") {
        *out = Value::boolean(false);
        return {};
      }
      *out = Value::empty();
      return ui::kInputYesNo;
    }
    case proto::SINGLE_CHOICE:
    case proto::MULTI_CHOICE: {
      std::vector<std::string> picked;
      std::size_t p = 0;
      const std::string list = def.type() == proto::MULTI_CHOICE ? in : in + "\x1f";  // single: whole input
      while (p < list.size()) {
        std::size_t q = list.find(def.type() == proto::MULTI_CHOICE ? ',' : '\x1f', p);
        if (q == std::string::npos) q = list.size();
        const std::string one = trim(list.substr(p, q - p));
        p = q + 1;
        if (one.empty()) continue;
        bool found = false;
        for (const auto& c : def.choices())
          if (c.value() == one || c.label() == one) {
            if (std::find(picked.begin(), picked.end(), c.value()) == picked.end()) picked.push_back(c.value());
            found = true;
          }
        if (!found) {
          *out = Value::empty();
          return ui::fill(ui::kInputNotAChoice, {one});
        }
      }
      if (def.type() == proto::SINGLE_CHOICE) *out = picked.empty() ? Value::empty() : Value::text(picked[0]);
      else *out = Value::choices(picked);
      return {};
    }
    case proto::ADDRESS: {
      // "<6-digit division code>|<street address>"
      const auto bar = in.find('|');
      const std::string code = trim(in.substr(0, bar)), rest = bar == std::string::npos ? "" : trim(in.substr(bar + 1));
      if (code.size() != 6 || code.find_first_not_of("0123456789") != std::string::npos ||
          !check::Divisions::builtin().known(static_cast<std::uint32_t>(std::stoul(code)))) {
        *out = Value::text(in);
        return ui::kInputDivision;
      }
      if (rest.empty()) {
        *out = Value::text(code + "|");
        return ui::kInputAddressDetail;
      }
      *out = Value::text(code + "|" + rest);
      return {};
    }
    case proto::NOTE:
    case proto::GROUP: *out = Value::empty(); return ui::kInputNothingToFill;
    default: {
      if (def.max_length() && text::count_code_points(in) > def.max_length()) {
        *out = Value::text(in);
        return ui::fill(ui::kInputTooLong, {std::to_string(def.max_length())});
      }
      if (!text::decode_utf8(in)) {
        *out = Value::empty();
        return ui::kInputBadCharacters;
      }
      *out = Value::text(in);
      return {};
    }
  }
}


}  // namespace tb::form
