#pragma once
// The ethnic groups of China as GB/T 3304-1991 codes them (the 民族 on an identity card, in a
// form's 民族 question): two-digit codes 01–56, 97 其他 and 98 外国血统中国籍人士. A standard's code
// list, kept here once for every user (the ID-card reader's mapping onto forms, list pickers).
#include <string_view>
#include <vector>

namespace tb::check {

struct Ethnicity {
  std::string_view code;  // "01"
  std::string_view name;  // "汉族"
};

const std::vector<Ethnicity>& ethnicities();               // in code order
std::string_view ethnicity_name(std::string_view code);    // "01" → "汉族"; empty when unknown
std::string_view ethnicity_code(std::string_view name);    // "汉族" (or "汉") → "01"; empty when unknown

}  // namespace tb::check
