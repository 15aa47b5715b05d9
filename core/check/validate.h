#pragma once
// Validators for Chinese identity data, shared by every front end (kiosk, phone, web, CLI):
// resident ID numbers (GB 11643-1999), unified social credit codes (GB 32100-2015), mainland mobile
// numbers, person names and dates. Each check normalises what people really type (full-width IME
// digits and letters, spaces, dashes, lower-case x …) and says, in plain Simplified Chinese, what is
// wrong and how to fix it. Pure: no I/O, no clock (today is handed in), never throws on bad input
// (malformed UTF-8 included). Test vectors: tests/data/vectors/*.tsv.
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "result.h"

namespace tb::check {

enum class Severity { Ok, Warning, Error };

// Why a check did not simply accept what was typed. A Warning carries a reason too (the value is
// stored, and the person is told what is odd about it). reason_key gives the stable machine code
// ("id.checksum", "uscc.org_checksum", "mobile.landline" …); every code a check can return is listed
// above that check below. reason_text is empty: a check's detail is already the whole sentence for
// the person (what is wrong and how to fix it), so message() is the detail alone.
enum class CheckError {
  None,
  IdEmpty, IdFormat, IdLength, IdArea, IdDate, IdChecksum, IdLegacy15,
  UsccEmpty, UsccChars, UsccLength, UsccChecksum, UsccOrgChecksum,
  MobileEmpty, MobileFormat, MobileCountry, MobileLandline, MobileLength, MobilePrefix,
  NameEmpty, NameLength, NameDigits, NameChars, NameDots, NamePrivateUse, NameLatin,
  DateEmpty, DateFormat, DateInvalid, DateTooEarly, DateTooLate,
};
const char* reason_key(CheckError e);   // "id.checksum"; "ok" for None
const char* reason_text(CheckError e);  // "" (see above)

// A check's outcome (core/result.h): true only when the value is simply fine. A Warning is false
// but acceptable(): `normalized` is set and message() says what to look at.
struct CheckResult : Status<CheckError> {
  CheckResult() = default;
  CheckResult(Severity s, CheckError reason, std::string message, std::string normalized_value)
      : Status(reason, std::move(message)), severity(s), normalized(std::move(normalized_value)) {}

  Severity severity = Severity::Ok;
  // What should be stored: "11010519491231002X", "13800138000", "2024-01-05" … Set for Ok and
  // Warning; empty for Error (nothing should be stored).
  std::string normalized;

  bool acceptable() const { return severity != Severity::Error; }  // Ok or Warning: may be stored
};

struct IdOptions {
  // Birth dates after today are errors; 0 = don't check (the core has no clock: shells pass it in).
  int today_yyyymmdd = 0;
  // Is this 6-digit area code a current administrative division? null: Divisions::builtin().known.
  std::function<bool(std::uint32_t)> area_known;
};

// Resident identity card number (居民身份证号码, GB 11643-1999), also the numbers of residence
// permits for Hong Kong, Macao and Taiwan residents (area 810000/820000/830000), which follow it.
// 18 characters: area (6) + birth date (8) + sequence (3) + ISO 7064 MOD 11-2 check character.
// 15-digit first-generation numbers are upgraded to 18 (Warning "id.legacy15": the upgrade is what
// the standard prescribes, but the person should compare it with the card they hold now).
// Codes: id.empty, id.format, id.length, id.area (Error: no such province; Warning: the exact
// 6-digit code is not current — IDs keep the code of the place and time of first issue),
// id.date, id.checksum, id.legacy15.
CheckResult check_resident_id(std::string_view input, const IdOptions& options = {});

// Unified social credit code (统一社会信用代码, GB 32100-2015) of a company or other organisation.
// Codes: uscc.empty, uscc.chars, uscc.length, uscc.checksum (Error), uscc.org_checksum (Warning:
// the overall check passes but the embedded GB 11714 organisation code's own check does not — codes
// issued in pilot regions before the standard settled look like this).
CheckResult check_uscc(std::string_view input);

// Mainland China mobile number: 11 digits, 1 then 3..9. Accepts +86 / 0086 / 86 prefixes, spaces,
// dashes, brackets and full-width digits; normalised to the 11 digits.
// Codes: mobile.empty, mobile.format, mobile.country, mobile.landline, mobile.length, mobile.prefix.
CheckResult check_mobile(std::string_view input);

// Which letters a legal name may be written in. A resident's name on the 居民身份证 is in Chinese
// characters, so "zhang san" is pinyin typed by mistake; only where the form takes foreign residents
// (FormField.foreign_names) is a name in Latin letters, as on a passport, accepted.
enum class NameScript { Chinese, ChineseOrLatin };

// A person's name as on their identity document: Chinese (incl. rare characters outside the BMP,
// names with the middle dot "·" of ethnic-minority and transliterated names) or, with
// NameScript::ChineseOrLatin, Latin (foreign residents; spaces, hyphens, apostrophes, accents).
// 1..50 characters (code points).
// Normalises: surrounding whitespace trimmed, inner runs of spaces collapsed to one, spaces between
// two Chinese characters and around "·" removed, "•" "・" "．" "‧" "･" (and "." between Chinese
// characters) → "·", full-width letters → ASCII, ’ → '.
// Codes: name.empty, name.length, name.digits, name.chars, name.dots, name.latin (Latin letters
// where only Chinese is taken), name.private_use (Warning: a private-use character, as some
// systems use for characters missing from Unicode).
CheckResult check_person_name(std::string_view input, NameScript script = NameScript::Chinese);

// A calendar date: "2024-01-05", "2024/1/5", "2024.1.5", "2024年1月5日", "20240105" (full-width
// digits too) → "2024-01-05". Must be a real Gregorian date; min/max (YYYYMMDD, 0 = none) inclusive.
// Codes: date.empty, date.format, date.invalid, date.too_early, date.too_late.
CheckResult check_date(std::string_view input, int min_yyyymmdd = 0, int max_yyyymmdd = 0);

// Helpers shared with the shells and tests.
bool is_valid_date(int year, int month, int day);  // real calendar date, year 1..9999
char resident_id_check_char(std::string_view first17);  // '0'..'9' or 'X'; '\0' if not 17 digits
char uscc_check_char(std::string_view first17);         // GB 32100 alphabet; '\0' if not in it
char org_code_check_char(std::string_view body8);       // GB 11714: '0'..'9' or 'X'; '\0' if bad

}  // namespace tb::check
