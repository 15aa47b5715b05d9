#include "check/validate.h"

#include <algorithm>

#include "check/divisions.h"
#include "text/civil_date.h"
#include "text/normalize.h"
#include "text/utf8.h"

namespace tb::check {
namespace {

CheckResult ok_result(std::string normalized) { return {Severity::Ok, CheckError::None, {}, std::move(normalized)}; }

CheckResult warning(std::string normalized, CheckError reason, std::string message) {
  return {Severity::Warning, reason, std::move(message), std::move(normalized)};
}

CheckResult error(CheckError reason, std::string message) { return {Severity::Error, reason, std::move(message), {}}; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

bool all_digits(std::string_view s) {
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

int digits_value(std::string_view s) {  // caller guarantees digits, at most 9 of them
  int v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string n(long long v) { return std::to_string(v); }

// "1949年12月31日": how dates are spoken about in messages.
std::string date_words(int y, int m, int d) { return n(y) + "年" + n(m) + "月" + n(d) + "日"; }
std::string date_words(int yyyymmdd) { return date_words(yyyymmdd / 10000, yyyymmdd / 100 % 100, yyyymmdd % 100); }

// ---------------------------------------------------------------------------------------------
// Resident ID, GB 11643-1999 《公民身份号码》.
//   §4   structure: 6-digit address code, 8-digit birth date code, 3-digit sequence code, 1 check code.
//   §5.1 address code: the county-level division of the holder's permanent residence, per GB/T 2260.
//   §5.2 birth date code: YYYYMMDD per GB/T 7408.
//   §5.3 sequence code: odd for men, even for women (not checked: nothing to verify against).
//   §5.4 check code: ISO 7064:1983 MOD 11-2. S = Σ a_i·W_i (i = 18..2) with W_i = 2^(i-1) mod 11,
//        i.e. 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2 for the 17 body digits; the check code is the
//        value that makes the whole sum ≡ 1 (mod 11): S mod 11 = 0..10 → 1 0 X 9 8 7 6 5 4 3 2.
// First-generation cards (GB 11643-1989) carry 15 digits: area (6) + YYMMDD + sequence (3), no
// check code; the 1999 standard upgrades them by writing the year in full ("19") and appending the
// check code. (Sequence codes 996–999 marked holders over 100 in 1989; those are born before 1900
// and are not special-cased — the upgraded date would simply be wrong for them.)
constexpr int kIdWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr char kIdCheckChars[] = "10X98765432";

// Province-level codes of GB/T 2260 (11 北京 … 65 新疆, 71 台湾, 81 香港, 82 澳门), plus 83: the
// residence permits of Hong Kong, Macao and Taiwan residents (《港澳台居民居住证申领发放办法》,
// 2018) use the address codes 810000, 820000 and 830000 in an otherwise GB 11643 number.
// Fixed here on purpose: province codes have not changed since the ID system began (46 海南 1988,
// 50 重庆 1997 are both in), and the check must not depend on how complete a data table is.
bool is_province(int pp) {
  switch (pp) {
    case 11: case 12: case 13: case 14: case 15:
    case 21: case 22: case 23:
    case 31: case 32: case 33: case 34: case 35: case 36: case 37:
    case 41: case 42: case 43: case 44: case 45: case 46:
    case 50: case 51: case 52: case 53: case 54:
    case 61: case 62: case 63: case 64: case 65:
    case 71: case 81: case 82: case 83:
      return true;
    default:
      return false;
  }
}

bool is_residence_permit_area(std::uint32_t area) { return area == 810000 || area == 820000 || area == 830000; }

// ---------------------------------------------------------------------------------------------
// USCC, GB 32100-2015 《法人和其他组织统一社会信用代码编码规则》.
//   §4.1 18 characters: 1 registration authority code, 1 organisation type code, 6 administrative
//        division code (GB/T 2260), 9 subject identifier (the organisation code of GB 11714),
//        1 check code.
//   §4.2 characters: Arabic numerals or upper-case Latin letters except I, O, Z, S, V — 31 in all,
//        valued 0..30 in the order of kUsccAlphabet (表 2).
//   §4.3 check code: C18 = 31 − (Σ_{i=1..17} C_i·W_i mod 31), W_i = 3^(i-1) mod 31 =
//        1 3 9 27 19 26 16 17 20 29 25 13 8 24 10 30 28; C18 = 31 → 0. (附录 B)
// GB 11714-1997 《全国组织机构代码编制规则》: 8-character body (digits or upper-case letters,
// valued 0..35) + check code C9 = 11 − (Σ C_i·W_i mod 11), W = 3 7 9 10 5 8 4 2; 10 → X, 11 → 0.
// Positions 3–8 are not checked against the division table: central registrations use 100000 and
// older codes keep the division of their time.
constexpr char kUsccAlphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
constexpr int kUsccWeights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
constexpr int kOrgWeights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

int uscc_value(char c) {
  for (int i = 0; i < 31; ++i)
    if (kUsccAlphabet[i] == c) return i;
  return -1;
}

int org_value(char c) {
  if (is_digit(c)) return c - '0';
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

// ---------------------------------------------------------------------------------------------
// Names.
bool is_han(char32_t c) {
  return (c >= 0x3400 && c <= 0x4DBF)       // CJK Extension A
         || (c >= 0x4E00 && c <= 0x9FFF)    // CJK Unified Ideographs
         || (c >= 0xF900 && c <= 0xFAFF)    // CJK Compatibility Ideographs
         || (c >= 0x20000 && c <= 0x2FA1F)  // Extensions B–F, I, Compatibility Supplement (SIP)
         || (c >= 0x30000 && c <= 0x323AF)  // Extensions G, H (TIP)
         || c == 0x3007;                    // 〇
}
bool is_latin_letter(char32_t c) {
  return (c >= U'A' && c <= U'Z') || (c >= U'a' && c <= U'z') || (c >= 0xC0 && c <= 0xD6) ||
         (c >= 0xD8 && c <= 0xF6) || (c >= 0xF8 && c <= 0x24F) || (c >= 0x1E00 && c <= 0x1EFF);
}
bool is_combining_mark(char32_t c) { return c >= 0x300 && c <= 0x36F; }
bool is_variation_selector(char32_t c) { return (c >= 0xFE00 && c <= 0xFE0F) || (c >= 0xE0100 && c <= 0xE01EF); }
// Some identity systems encode characters missing from Unicode in the private use areas.
bool is_private_use(char32_t c) {
  return (c >= 0xE000 && c <= 0xF8FF) || (c >= 0xF0000 && c <= 0xFFFFD) || (c >= 0x100000 && c <= 0x10FFFD);
}
bool is_name_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == 0x3000 || c == 0xA0 || c == 0x2009 ||
         c == 0x202F;
}
// What people type for the middle dot of 少数民族/外国人 names: · • ・ ． ‧ ･
bool is_middle_dot_variant(char32_t c) {
  return c == 0xB7 || c == 0x2022 || c == 0x30FB || c == 0xFF0E || c == 0x2027 || c == 0xFF65;
}
constexpr char32_t kDot = 0xB7;
bool han_like(char32_t c) { return is_han(c) || is_private_use(c) || is_variation_selector(c); }
// Letters of other scripts (Greek, Cyrillic, Arabic, Tibetan, Mongolian, kana, Hangul …): refused
// like symbols, but the message says what to write instead.
bool is_other_script_letter(char32_t c) {
  return (c >= 0x370 && c <= 0x10FF) || (c >= 0x1100 && c <= 0x11FF) || (c >= 0x1800 && c <= 0x18AF) ||
         (c >= 0x3040 && c <= 0x30FF) || (c >= 0xA000 && c <= 0xA4CF) || (c >= 0xAC00 && c <= 0xD7AF);
}

}  // namespace

const char* reason_key(CheckError e) {
  switch (e) {
    case CheckError::None: return "ok";
    case CheckError::IdEmpty: return "id.empty";
    case CheckError::IdFormat: return "id.format";
    case CheckError::IdLength: return "id.length";
    case CheckError::IdArea: return "id.area";
    case CheckError::IdDate: return "id.date";
    case CheckError::IdChecksum: return "id.checksum";
    case CheckError::IdLegacy15: return "id.legacy15";
    case CheckError::UsccEmpty: return "uscc.empty";
    case CheckError::UsccChars: return "uscc.chars";
    case CheckError::UsccLength: return "uscc.length";
    case CheckError::UsccChecksum: return "uscc.checksum";
    case CheckError::UsccOrgChecksum: return "uscc.org_checksum";
    case CheckError::MobileEmpty: return "mobile.empty";
    case CheckError::MobileFormat: return "mobile.format";
    case CheckError::MobileCountry: return "mobile.country";
    case CheckError::MobileLandline: return "mobile.landline";
    case CheckError::MobileLength: return "mobile.length";
    case CheckError::MobilePrefix: return "mobile.prefix";
    case CheckError::NameEmpty: return "name.empty";
    case CheckError::NameLength: return "name.length";
    case CheckError::NameDigits: return "name.digits";
    case CheckError::NameChars: return "name.chars";
    case CheckError::NameDots: return "name.dots";
    case CheckError::NamePrivateUse: return "name.private_use";
    case CheckError::NameLatin: return "name.latin";
    case CheckError::DateEmpty: return "date.empty";
    case CheckError::DateFormat: return "date.format";
    case CheckError::DateInvalid: return "date.invalid";
    case CheckError::DateTooEarly: return "date.too_early";
    case CheckError::DateTooLate: return "date.too_late";
  }
  return "";
}

const char* reason_text(CheckError) { return ""; }

bool is_valid_date(int year, int month, int day) {
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= text::days_in_month(year, month);
}

char resident_id_check_char(std::string_view first17) {
  if (first17.size() != 17 || !all_digits(first17)) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) sum += (first17[i] - '0') * kIdWeights[i];
  return kIdCheckChars[sum % 11];
}

char uscc_check_char(std::string_view first17) {
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const int v = uscc_value(first17[i]);
    if (v < 0) return '\0';
    sum += v * kUsccWeights[i];
  }
  return kUsccAlphabet[(31 - sum % 31) % 31];
}

char org_code_check_char(std::string_view body8) {
  if (body8.size() != 8) return '\0';
  int sum = 0;
  for (int i = 0; i < 8; ++i) {
    const int v = org_value(body8[i]);
    if (v < 0) return '\0';
    sum += v * kOrgWeights[i];
  }
  const int c = 11 - sum % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : static_cast<char>('0' + c);
}

CheckResult check_resident_id(std::string_view input, const IdOptions& options) {
  const std::string s = text::compact_upper(input);  // full-width, spaces, dashes, x → X
  if (s.empty()) return error(CheckError::IdEmpty, "请填写身份证号码。");
  for (char c : s)
    if (!is_digit(c) && c != 'X')
      return error(CheckError::IdFormat, "身份证号码只能由数字组成，最后一位可能是字母X。请删去其他文字或符号后重新填写。");
  if (s.size() != 18 && s.size() != 15)
    return error(CheckError::IdLength, "身份证号码应为18位，您填写了" + n(static_cast<long long>(s.size())) +
                                  "位，请对照证件核对是否多填或漏填。");
  const bool legacy = s.size() == 15;
  if (!all_digits(s.substr(0, legacy ? 15 : 17)))
    return error(CheckError::IdFormat, "字母X只能出现在18位身份证号码的最后一位，请核对。");

  // §4 / GB 11643-1999 附录: a 15-digit number gets its century ("19") and a check code.
  const std::string first17 = legacy ? s.substr(0, 6) + "19" + s.substr(6) : s.substr(0, 17);

  // §5.1 address code: the province must exist.
  const int province = digits_value(first17.substr(0, 2));
  if (!is_province(province))
    return error(CheckError::IdArea, "身份证号码前两位“" + first17.substr(0, 2) +
                                "”不是有效的省份代码，请对照证件核对号码的前6位。");

  // §5.2 birth date code: a real date, not before 1900, not after today.
  const int y = digits_value(first17.substr(6, 4)), m = digits_value(first17.substr(10, 2)),
            d = digits_value(first17.substr(12, 2));
  const std::string where = legacy ? "第7到12位" : "第7到14位";
  if (!is_valid_date(y, m, d))
    return error(CheckError::IdDate, "身份证号码" + where + "是出生日期，但“" + (legacy ? s.substr(6, 6) : s.substr(6, 8)) +
                                "”不是有效的日期，请核对。");
  if (y < 1900)
    return error(CheckError::IdDate, "身份证号码中的出生日期是" + date_words(y, m, d) + "，早于1900年，请核对。");
  const int birth = y * 10000 + m * 100 + d;
  if (options.today_yyyymmdd > 0 && birth > options.today_yyyymmdd)
    return error(CheckError::IdDate, "身份证号码中的出生日期是" + date_words(y, m, d) + "，晚于今天，请核对。");

  // §5.4 check code (15-digit numbers have none: it is computed).
  const char check = resident_id_check_char(first17);
  if (!legacy && s[17] != check)
    return error(CheckError::IdChecksum, "身份证号码的最后一位（校验码）与前17位对不上，可能有数字输错或前后颠倒，"
                                "请对照证件逐位核对。");
  std::string normalized = first17 + check;

  // The exact county code: IDs keep the code of the place (and time) of first issue, so a code
  // redistricted since (e.g. 110103 崇文区, merged into 东城区 in 2010) is still a real ID.
  const auto area = static_cast<std::uint32_t>(digits_value(first17.substr(0, 6)));
  const bool known = is_residence_permit_area(area) ||
                     (options.area_known ? options.area_known(area) : Divisions::builtin().known(area));
  const std::string area_note = "号码前6位的地区代码" + first17.substr(0, 6) +
                                "不在现行行政区划中。如果当地区划后来调整过，这是正常的；否则请核对前6位。";
  if (legacy)
    return warning(normalized, CheckError::IdLegacy15,
                   "您填写的是15位旧身份证号码，已按国家标准换算为18位：" + normalized +
                       "。请与您现在使用的身份证核对，以证件上的号码为准。" + (known ? "" : area_note));
  if (!known) return warning(std::move(normalized), CheckError::IdArea, "身份证" + area_note);
  return ok_result(std::move(normalized));
}

CheckResult check_uscc(std::string_view input) {
  const std::string s = text::compact_upper(input);
  if (s.empty()) return error(CheckError::UsccEmpty, "请填写统一社会信用代码。");
  for (char c : s) {
    if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
      return error(CheckError::UsccChars, "统一社会信用代码里没有字母I、O、Z、S、V，请检查是否把数字1、0、2、5或字母U"
                                 "看成了这些字母，并对照营业执照或登记证书核对。");
    if (uscc_value(c) < 0)
      return error(CheckError::UsccChars, "统一社会信用代码只由数字和大写字母组成，请删去其他文字或符号后，"
                                 "对照营业执照或登记证书核对。");
  }
  if (s.size() != 18) {
    if (s.size() == 15 && all_digits(s))
      return error(CheckError::UsccLength, "这像是15位的旧营业执照注册号。请填写营业执照上的18位统一社会信用代码。");
    if (s.size() == 9)
      return error(CheckError::UsccLength, "这像是9位的组织机构代码。请填写营业执照或登记证书上的18位统一社会信用代码。");
    return error(CheckError::UsccLength, "统一社会信用代码应为18位，您填写了" + n(static_cast<long long>(s.size())) +
                                    "位，请对照营业执照或登记证书核对。");
  }
  // §4.3: the overall check code decides; a failure here is a typo.
  if (s[17] != uscc_check_char(std::string_view(s).substr(0, 17)))
    return error(CheckError::UsccChecksum, "统一社会信用代码校验不通过，可能有字符输错或前后颠倒，"
                                  "请对照营业执照或登记证书逐位核对。");
  // Positions 9–17: the GB 11714 organisation code. Codes issued in the pilot regions before
  // GB 32100-2015 settled carry subject identifiers that fail GB 11714 — real, so only a warning.
  if (s[16] != org_code_check_char(std::string_view(s).substr(8, 8)))
    return warning(s, CheckError::UsccOrgChecksum,
                   "这个代码第9到17位的组织机构代码校验不通过，但整个代码的校验是正确的。部分试点地区早期"
                   "发放的代码就是这样，可以继续办理；如有疑问，请对照营业执照核对。");
  return ok_result(s);
}

CheckResult check_mobile(std::string_view input) {
  std::string s;
  for (char c : text::compact_upper(input))  // full-width digits, spaces, dashes folded away
    if (c != '(' && c != ')') s.push_back(c);
  if (s.empty()) return error(CheckError::MobileEmpty, "请填写手机号码。");
  if (s.compare(0, 3, "+86") == 0) s.erase(0, 3);
  else if (s.compare(0, 4, "0086") == 0) s.erase(0, 4);
  else if (s[0] == '+' || s.compare(0, 2, "00") == 0)
    return error(CheckError::MobileCountry, "这里只能填写中国大陆的手机号码（11位，以1开头），请换一个大陆手机号码。");
  else if (s.size() == 13 && s.compare(0, 3, "861") == 0) s.erase(0, 2);
  if (s.empty() || !all_digits(s))
    return error(CheckError::MobileFormat, "手机号码只能由数字组成，请删去其他文字或符号后重新填写。");
  if (s[0] == '0')
    return error(CheckError::MobileLandline, "这像是固定电话号码（以区号0开头）。这里需要填写11位手机号码，请核对。");
  if (s.size() != 11)
    return error(CheckError::MobileLength, "手机号码应为11位数字，您填写了" + n(static_cast<long long>(s.size())) +
                                      "位，请核对是否多填或漏填。");
  if (s[0] != '1') return error(CheckError::MobilePrefix, "手机号码应以数字1开头，请核对。");
  if (s[1] < '3') return error(CheckError::MobilePrefix, "手机号码的第二位应是3到9之间的数字，请核对。");
  return ok_result(s);
}

CheckResult check_person_name(std::string_view input, NameScript script) {
  auto decoded = text::decode_utf8(input);
  if (!decoded)
    return error(CheckError::NameChars, "姓名里有无法识别的字符，请删去后重新输入。");

  // 1. Fold what IMEs produce: middle-dot look-alikes → ·, full-width → ASCII, curly apostrophes and
  //    Unicode hyphens → ASCII, every kind of space → ' '.
  std::u32string c;
  c.reserve(decoded->size());
  for (char32_t ch : *decoded) {
    if (is_middle_dot_variant(ch)) ch = kDot;  // before fold_width, which would make ． a '.'
    ch = text::fold_width(ch);
    if (is_name_space(ch)) ch = U' ';
    else if (ch == 0x2018 || ch == 0x2019 || ch == 0x2BC) ch = U'\'';
    else if (ch == 0x2010 || ch == 0x2011) ch = U'-';
    c.push_back(ch);
  }
  // 2. An ASCII '.' between Chinese characters is a middle dot typed on a Latin keyboard.
  auto neighbour = [&](std::size_t i, int dir) -> char32_t {
    for (long j = static_cast<long>(i) + dir; j >= 0 && j < static_cast<long>(c.size()); j += dir)
      if (c[j] != U' ') return c[j];
    return 0;
  };
  for (std::size_t i = 0; i < c.size(); ++i)
    if (c[i] == U'.' && han_like(neighbour(i, -1)) && han_like(neighbour(i, +1))) c[i] = kDot;
  // 3. Spaces: trimmed, runs collapsed, dropped around · and between two Chinese characters.
  std::u32string out;
  out.reserve(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    if (c[i] != U' ') {
      out.push_back(c[i]);
      continue;
    }
    if (out.empty() || out.back() == U' ') continue;
    const char32_t prev = out.back(), next = neighbour(i, +1);
    if (next == 0 || prev == kDot || next == kDot || (han_like(prev) && han_like(next))) continue;
    out.push_back(U' ');
  }

  if (out.empty()) return error(CheckError::NameEmpty, "请填写姓名。");
  const std::size_t count = out.size();
  if (count > 50)
    return error(CheckError::NameLength, "姓名最多50个字，您填写了" + n(static_cast<long long>(count)) +
                                    "个字，请按证件上的姓名填写。");
  bool private_use = false;
  for (std::size_t i = 0; i < count; ++i) {
    const char32_t ch = out[i];
    const char32_t prev = i > 0 ? out[i - 1] : 0, next = i + 1 < count ? out[i + 1] : 0;
    if (ch >= U'0' && ch <= U'9')
      return error(CheckError::NameDigits, "姓名里不能有数字，请按证件上的姓名填写。");
    if (is_han(ch) || is_latin_letter(ch) || ch == U' ') continue;
    if (is_private_use(ch)) {
      private_use = true;
      continue;
    }
    if (is_combining_mark(ch) && (is_latin_letter(prev) || is_combining_mark(prev))) continue;
    if (is_variation_selector(ch) && (is_han(prev) || is_private_use(prev))) continue;
    if (ch == kDot || ch == U'.') {
      if (i == 0 || i + 1 == count)
        return error(CheckError::NameDots, "姓名的开头和结尾不能是间隔点“·”，请删去。");
      if (next == kDot || next == U'.')
        return error(CheckError::NameDots, "姓名里的间隔点“·”不能连用，请只保留一个。");
      if (ch == kDot) continue;
    }
    if ((ch == U'-' || ch == U'\'') && (is_latin_letter(prev) || is_combining_mark(prev)) && is_latin_letter(next))
      continue;
    if (is_other_script_letter(ch))
      return error(CheckError::NameChars, script == NameScript::Chinese
                                              ? "姓名请用汉字填写，与身份证上的姓名一致。"
                                              : "姓名请用汉字填写；外国人姓名请按证件上的拼写，用拉丁字母（英文字母）填写。");
    std::string shown;
    if (ch > 0x20 && ch != 0x7F && !(ch >= 0x80 && ch <= 0x9F) && !is_combining_mark(ch) &&
        !is_variation_selector(ch))
      text::append_utf8(shown, ch);
    return error(CheckError::NameChars, (shown.empty() ? std::string("姓名里有不能用的符号")
                                              : "姓名里不能有“" + shown + "”这样的符号") +
                                   "，请按证件上的姓名填写。少数民族和外国人姓名中的分隔点请用“·”。");
  }
  // Last, so that a name with a digit or a symbol is told about that first.
  if (script == NameScript::Chinese && std::any_of(out.begin(), out.end(), is_latin_letter))
    return error(CheckError::NameLatin, "姓名请用汉字填写，与身份证上的姓名一致，不要用拼音或英文字母。");
  std::string normalized = text::encode_utf8(out);
  if (private_use)
    return warning(std::move(normalized), CheckError::NamePrivateUse,
                   "姓名里有用私用区编码输入的生僻字，有些系统可能无法显示。请确认这个字显示正确；"
                   "如有问题，可请窗口工作人员帮助录入。");
  return ok_result(std::move(normalized));
}

CheckResult check_date(std::string_view input, int min_yyyymmdd, int max_yyyymmdd) {
  std::u32string s;
  for (char32_t ch : text::decode_utf8_lossy(input)) {
    ch = text::fold_width(ch);
    if (ch == U' ' || ch == U'\t' || ch == U'\n' || ch == U'\r' || ch == 0xA0) continue;
    if (ch == 0x2010 || ch == 0x2011 || ch == 0x2012 || ch == 0x2013 || ch == 0x2014 || ch == 0x2212) ch = U'-';
    s.push_back(ch);
  }
  if (s.empty()) return error(CheckError::DateEmpty, "请填写日期。");
  const CheckResult bad_format =
      error(CheckError::DateFormat, "日期的写法无法识别，请按“2024-01-05”或“2024年1月5日”的格式填写，年份写全4位。");

  std::size_t i = 0;
  auto read_digits = [&](std::size_t max) -> std::pair<int, std::size_t> {  // value, count
    int v = 0;
    std::size_t k = 0;
    while (i < s.size() && k < max && s[i] >= U'0' && s[i] <= U'9') v = v * 10 + int(s[i++] - U'0'), ++k;
    if (i < s.size() && s[i] >= U'0' && s[i] <= U'9') k = max + 1;  // too many digits
    return {v, k};
  };
  int y, m, d;
  auto [first, first_len] = read_digits(8);
  if (first_len == 8 && i == s.size()) {  // 20240105
    y = first / 10000, m = first / 100 % 100, d = first % 100;
  } else if (first_len == 4 && i < s.size()) {
    y = first;
    const char32_t sep = s[i++];
    if (sep != U'-' && sep != U'/' && sep != U'.' && sep != U'年') return bad_format;
    auto [mv, ml] = read_digits(2);
    if (ml < 1 || ml > 2 || i >= s.size()) return bad_format;
    const char32_t sep2 = s[i++];
    if (sep2 != (sep == U'年' ? U'月' : sep)) return bad_format;
    auto [dv, dl] = read_digits(2);
    if (dl < 1 || dl > 2) return bad_format;
    if (sep == U'年' && i < s.size() && (s[i] == U'日' || s[i] == U'号')) ++i;
    if (i != s.size()) return bad_format;
    m = mv, d = dv;
  } else {
    return bad_format;
  }

  if (y < 1) return error(CheckError::DateInvalid, "年份不对，请核对。");
  if (m < 1 || m > 12) return error(CheckError::DateInvalid, "月份应在1到12之间，您填写的是" + n(m) + "月，请核对。");
  if (!is_valid_date(y, m, d)) {
    if (d < 1) return error(CheckError::DateInvalid, "日期里的“日”不能是0，请核对。");
    int days = 1;
    while (is_valid_date(y, m, days + 1)) ++days;
    return error(CheckError::DateInvalid, n(y) + "年" + n(m) + "月只有" + n(days) + "天，没有" + n(d) + "日，请核对。");
  }
  const int ymd = y * 10000 + m * 100 + d;
  if (min_yyyymmdd > 0 && ymd < min_yyyymmdd)
    return error(CheckError::DateTooEarly, "日期不能早于" + date_words(min_yyyymmdd) + "，请核对。");
  if (max_yyyymmdd > 0 && ymd > max_yyyymmdd)
    return error(CheckError::DateTooLate, "日期不能晚于" + date_words(max_yyyymmdd) + "，请核对。");
  std::string normalized(10, '-');
  auto put = [&](std::size_t at, int v, int width) {
    for (int k = width - 1; k >= 0; --k, v /= 10) normalized[at + k] = static_cast<char>('0' + v % 10);
  };
  put(0, y, 4);
  put(5, m, 2);
  put(8, d, 2);
  return ok_result(std::move(normalized));
}

}  // namespace tb::check
