#include "card/id_card.h"

#include <array>

#include "check/ethnicity.h"
#include "check/validate.h"
#include "crypto/wipe.h"
#include "text/utf8.h"

namespace tb::card {
namespace {

// GA 467's WZ fields, in order: width in UCS-2 characters.
struct Field {
  const char* what;  // for details: which field is wrong
  std::size_t chars;
};
constexpr std::array<Field, 10> kFields = {{{"姓名", 15},
                                            {"性别", 1},
                                            {"民族", 2},
                                            {"出生日期", 8},
                                            {"住址", 35},
                                            {"公民身份号码", 18},
                                            {"签发机关", 15},
                                            {"有效期起始日期", 8},
                                            {"有效期截止日期", 8},
                                            {"保留", 18}}};
constexpr const char* kLongTerm = "长期";

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool is_date(std::string_view s) {
  if (s.size() != 8 || !all_digits(s)) return false;
  const int v = std::stoi(std::string(s));
  return check::is_valid_date(v / 10000, v / 100 % 100, v % 100);
}

int as_int(std::string_view s) { return std::stoi(std::string(s)); }

// One field: UCS-2LE (a surrogate pair is taken as UTF-16, which some readers produce for rare
// characters), trailing spaces and NULs dropped.
bool decode_field(std::string_view bytes, std::string* out) {
  std::u32string cps;
  for (std::size_t i = 0; i + 1 < bytes.size(); i += 2) {
    char32_t u = static_cast<unsigned char>(bytes[i]) | (static_cast<char32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8);
    if (u >= 0xD800 && u <= 0xDBFF) {
      if (i + 3 >= bytes.size()) return false;
      const char32_t lo = static_cast<unsigned char>(bytes[i + 2]) | (static_cast<char32_t>(static_cast<unsigned char>(bytes[i + 3])) << 8);
      if (lo < 0xDC00 || lo > 0xDFFF) return false;
      u = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
      i += 2;
    } else if (u >= 0xDC00 && u <= 0xDFFF) {
      return false;
    }
    cps.push_back(u);
  }
  while (!cps.empty() && (cps.back() == U' ' || cps.back() == 0 || cps.back() == U'\u3000')) cps.pop_back();
  for (char32_t c : cps)
    if (c < 0x20 && c != 0) return false;
  *out = text::encode_utf8(cps);
  crypto::wipe(&cps[0], cps.size() * sizeof(char32_t));
  return true;
}

// Writes `text` into a field of `chars` UCS-2 characters, padded with spaces.
bool encode_field(const std::string& text, std::size_t chars, std::string* out) {
  const auto cps = text::decode_utf8(text);
  if (!cps) return false;
  std::size_t units = 0;
  for (char32_t c : *cps) units += c > 0xFFFF ? 2 : 1;
  if (units > chars) return false;
  auto put = [out](char32_t u) {
    out->push_back(static_cast<char>(u & 0xFF));
    out->push_back(static_cast<char>((u >> 8) & 0xFF));
  };
  for (char32_t c : *cps) {
    if (c > 0xFFFF) {
      put(0xD800 + ((c - 0x10000) >> 10));
      put(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      put(c);
    }
  }
  for (; units < chars; ++units) put(U' ');
  return true;
}

PhotoFormat format_of(std::string_view photo) {
  if (photo.empty()) return PhotoFormat::None;
  if (photo.size() >= 2 && photo[0] == 'B' && photo[1] == 'M') return PhotoFormat::Bmp;
  if (photo.size() >= 2 && static_cast<unsigned char>(photo[0]) == 0xFF && static_cast<unsigned char>(photo[1]) == 0xD8)
    return PhotoFormat::Jpeg;
  return PhotoFormat::Wlt;
}

}  // namespace

const char* photo_format_name(PhotoFormat f) {
  switch (f) {
    case PhotoFormat::None: return "none";
    case PhotoFormat::Wlt: return "wlt";
    case PhotoFormat::Bmp: return "bmp";
    case PhotoFormat::Jpeg: return "jpeg";
  }
  return "";
}

const char* reason_key(CardError e) {
  switch (e) {
    case CardError::None: return "ok";
    case CardError::Unreadable: return "unreadable";
    case CardError::BadNumber: return "bad-number";
    case CardError::Inconsistent: return "inconsistent";
    case CardError::Expired: return "expired";
    case CardError::NotYetValid: return "not-yet-valid";
  }
  return "";
}

const char* reason_text(CardError e) {
  switch (e) {
    case CardError::None: return "";
    case CardError::Unreadable: return "无法识别身份证信息";
    case CardError::BadNumber: return "身份证号码不正确";
    case CardError::Inconsistent: return "身份证信息前后不一致";
    case CardError::Expired: return "证件已过期";
    case CardError::NotYetValid: return "证件尚未生效";
  }
  return "";
}

std::string IdCard::sex_name() const { return sex == "1" ? "男" : sex == "2" ? "女" : ""; }

std::string IdCard::ethnicity_name() const { return std::string(check::ethnicity_name(ethnicity)); }

void IdCard::wipe() {
  for (std::string* s : {&name, &sex, &ethnicity, &birth_date, &address, &id_number, &authority, &valid_from, &valid_until, &photo})
    crypto::wipe(*s);
  photo_format = PhotoFormat::None;
}

Result<IdCard, CardError> parse_wz(std::string_view wz) {
  if (wz.size() != kWzBytes)
    return {CardError::Unreadable, "文字信息应为" + std::to_string(kWzBytes) + "字节，读到" + std::to_string(wz.size()) + "字节"};
  IdCard c;
  std::string* targets[] = {&c.name, &c.sex, &c.ethnicity, &c.birth_date, &c.address, &c.id_number, &c.authority,
                            &c.valid_from, &c.valid_until, nullptr};
  std::size_t at = 0;
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    std::string value;
    if (!decode_field(wz.substr(at, kFields[i].chars * 2), &value)) {
      c.wipe();
      return {CardError::Unreadable, std::string(kFields[i].what) + "不是有效的文字"};
    }
    if (targets[i]) *targets[i] = std::move(value);
    else crypto::wipe(value);
    at += kFields[i].chars * 2;
  }
  const auto bad = [&c](const char* what) -> Result<IdCard, CardError> {
    c.wipe();
    return {CardError::Unreadable, what};
  };
  if (c.name.empty()) return bad("姓名为空");
  if (c.sex.size() != 1 || !all_digits(c.sex)) return bad("性别代码不对");
  if (c.ethnicity.size() != 2 || !all_digits(c.ethnicity)) return bad("民族代码不对");
  if (!is_date(c.birth_date)) return bad("出生日期不对");
  if (c.id_number.size() != 18) return bad("公民身份号码不是18位");
  if (!is_date(c.valid_from)) return bad("有效期起始日期不对");
  if (c.valid_until != kLongTerm && !is_date(c.valid_until)) return bad("有效期截止日期不对");
  return c;
}

Result<IdCard, CardError> parse_card_file(std::string_view bytes) {
  if (bytes.size() < kWzBytes)
    return {CardError::Unreadable, "读到" + std::to_string(bytes.size()) + "字节，不足" + std::to_string(kWzBytes) + "字节的文字信息"};
  auto card = parse_wz(bytes.substr(0, kWzBytes));
  if (!card) return card;
  card->photo.assign(bytes.substr(kWzBytes));
  card->photo_format = format_of(card->photo);
  return card;
}

Result<std::string, CardError> encode_wz(const IdCard& c) {
  const std::string reserved;
  const std::string* values[] = {&c.name, &c.sex, &c.ethnicity, &c.birth_date, &c.address, &c.id_number, &c.authority,
                                 &c.valid_from, &c.valid_until, &reserved};
  std::string out;
  out.reserve(kWzBytes);
  for (std::size_t i = 0; i < kFields.size(); ++i)
    if (!encode_field(*values[i], kFields[i].chars, &out)) {
      crypto::wipe(out);
      return {CardError::Unreadable, std::string(kFields[i].what) + "超过" + std::to_string(kFields[i].chars) + "个字符或不是UTF-8"};
    }
  return out;
}

std::string chinese_date(std::string_view d) {
  if (!is_date(d)) return std::string(d);
  return std::to_string(as_int(d.substr(0, 4))) + "年" + std::to_string(as_int(d.substr(4, 2))) + "月" +
         std::to_string(as_int(d.substr(6, 2))) + "日";
}

Status<CardError> check_card(const IdCard& c, int today) {
  if (!is_date(c.birth_date) || !is_date(c.valid_from) || (!c.long_term() && !is_date(c.valid_until)))
    return {CardError::Unreadable, "日期不对"};
  check::IdOptions options;
  options.today_yyyymmdd = today;
  options.area_known = [](std::uint32_t) { return true; };  // an issued card's area code stays what it was
  const check::CheckResult id = check::check_resident_id(c.id_number, options);
  if (!id.acceptable() || id.normalized != c.id_number)
    return {CardError::BadNumber, id.detail().empty() ? "身份证号码格式不对" : id.message()};
  if (c.id_number.substr(6, 8) != c.birth_date)
    return {CardError::Inconsistent, "出生日期与身份证号码不一致"};
  // The 17th character is odd for men and even for women (GB 11643).
  const bool odd = (c.id_number[16] - '0') % 2 == 1;
  if ((c.sex == "1" && !odd) || (c.sex == "2" && odd)) return {CardError::Inconsistent, "性别与身份证号码不一致"};
  if (today > 0 && as_int(c.valid_from) > today) return {CardError::NotYetValid, "证件自" + chinese_date(c.valid_from) + "起生效"};
  if (today > 0 && !c.long_term() && as_int(c.valid_until) < today)
    return {CardError::Expired, "证件已于" + chinese_date(c.valid_until) + "过期"};
  return {};
}

}  // namespace tb::card
