#pragma once
// The second-generation resident identity card (第二代居民身份证) as a reader hands it over, and
// what a kiosk checks before it puts the card's fields into a form (docs/ID-CARD.md).
//
// Readers return the card's text block (文字信息, "WZ") in the layout of GA 467: 256 bytes of
// UCS-2 little-endian in fixed-width fields, each padded with spaces (U+0020):
//
//   field                      characters  bytes   offset
//   name            姓名            15        30       0
//   sex             性别             1         2      30   GB/T 2261.1 code: 1 男, 2 女
//   ethnicity       民族             2         4      32   GB/T 3304 code: 01 汉族 …
//   birth date      出生             8        16      36   YYYYMMDD
//   address         住址            35        70      52
//   ID number       公民身份号码    18        36     122
//   authority       签发机关        15        30     158
//   valid from      有效期起始日期   8        16     188   YYYYMMDD
//   valid until     有效期截止日期   8        16     204   YYYYMMDD, or 长期 (long-term)
//   reserved        (最新住址)      18        36     220
//
// and the photo (照片) as 1024 bytes of WLT, a compressed format only the vendor's decoder opens, or
// — with readers that decode it — a BMP or JPEG. The simulated reader's card file (and what the
// vendor adapter assembles) is exactly that: the 256 bytes of WZ, then the photo bytes, if any.
//
// Pure: no I/O, no clock (today comes in as YYYYMMDD). Failures follow core/result.h.
#include <cstdint>
#include <string>
#include <string_view>

#include "result.h"

namespace tb::card {

inline constexpr std::size_t kWzBytes = 256;

enum class PhotoFormat { None, Wlt, Bmp, Jpeg };
const char* photo_format_name(PhotoFormat f);  // "none", "wlt", "bmp", "jpeg"

struct IdCard {
  std::string name;         // 姓名, UTF-8
  std::string sex;          // GB/T 2261.1 code: "1" 男, "2" 女 ("0" 未知, "9" 未说明)
  std::string ethnicity;    // GB/T 3304 code, two digits: "01" 汉族
  std::string birth_date;   // YYYYMMDD
  std::string address;      // 住址
  std::string id_number;    // 公民身份号码, 18 characters (X upper-case)
  std::string authority;    // 签发机关
  std::string valid_from;   // YYYYMMDD
  std::string valid_until;  // YYYYMMDD, or "长期"
  std::string photo;        // as the reader gave it; empty when it gave none
  PhotoFormat photo_format = PhotoFormat::None;

  std::string sex_name() const;        // "男", "女", or empty
  std::string ethnicity_name() const;  // "汉族", or empty when the code is unknown
  bool long_term() const { return valid_until == "长期"; }
  void wipe();                         // overwrites every field (crypto::wipe) before releasing it
};

enum class CardError {
  None,
  Unreadable,    // not a card: wrong size, not UCS-2, a field that is not what GA 467 says
  BadNumber,     // the ID number's check character (GB 11643) is wrong
  Inconsistent,  // the birth date or sex on the card does not match its ID number
  Expired,       // valid_until is before today
  NotYetValid,   // valid_from is after today
};
const char* reason_key(CardError e);   // "unreadable", "bad-number", … (logs, tests)
const char* reason_text(CardError e);  // plain Chinese, for the person

// The WZ block (exactly 256 bytes) → the card's fields. Structure only: see check_card.
Result<IdCard, CardError> parse_wz(std::string_view wz);
// The simulated reader's card file: WZ, then the photo bytes (any length, 0 for none; the format
// is told by its first bytes: "BM" BMP, FF D8 JPEG, anything else WLT).
Result<IdCard, CardError> parse_card_file(std::string_view bytes);
// The other way (tests, demos, `tongban idcard make`): refuses a field that does not fit its width.
Result<std::string, CardError> encode_wz(const IdCard& card);

// What a kiosk checks before using a card, with `today` (YYYYMMDD) from the shell: the ID number's
// check character (check/validate.h), the birth date and sex against the number, and the validity
// period. An expired card's detail is the sentence the person reads: "证件已于2025年3月1日过期".
// (Status::detail() is that sentence for every refusal; the screens show it as it is.)
Status<CardError> check_card(const IdCard& card, int today);

// "2025年3月1日" for YYYYMMDD text; the text itself when it is not a date.
std::string chinese_date(std::string_view yyyymmdd);

}  // namespace tb::card
