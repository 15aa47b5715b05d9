#include "app/speech.h"

#include <algorithm>
#include <cstdint>

#include "ui_strings.h"
#include "check/divisions.h"
#include "text/utf8.h"

namespace tb::app {
namespace {

constexpr const char* kDigit[] = {"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
// Read one by one (phone and ID numbers), 1 is 幺: it cannot be heard as 七.
constexpr const char* kDigitAlone[] = {"零", "幺", "二", "三", "四", "五", "六", "七", "八", "九"};

bool is_digit(char32_t c) { return c >= U'0' && c <= U'9'; }
bool ends_with_pause(const std::string& s) {
  for (const char* p : {"。", "，", "：", "；", "？", "！", "…", "、"})
    if (s.size() >= 3 && s.compare(s.size() - 3, 3, p) == 0) return true;
  return !s.empty() && (s.back() == '.' || s.back() == ',' || s.back() == ':');
}

// 0..9999, without the top-level 十 shortening.
std::string section(int v) {
  static constexpr const char* kPlace[] = {"千", "百", "十", ""};
  const int d[4] = {v / 1000, v / 100 % 10, v / 10 % 10, v % 10};
  std::string out;
  bool started = false, zero = false;
  for (int i = 0; i < 4; ++i) {
    if (d[i] == 0) {
      zero = started;
      continue;
    }
    if (zero) out += "零";
    out += kDigit[d[i]];
    out += kPlace[i];
    started = true;
    zero = false;
  }
  return out;
}

// A whole number written with digits only (leading zeros ignored), up to 16 digits.
std::string whole(std::string_view digits) {
  while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
  if (digits.empty() || digits == "0") return "零";
  if (digits.size() > 16) {
    std::string out;
    for (char c : digits) out += kDigit[c - '0'];
    return out;
  }
  static constexpr const char* kUnit[] = {"", "万", "亿", "万亿"};
  std::vector<int> sections;
  for (std::size_t end = digits.size(); end > 0;) {
    const std::size_t begin = end >= 4 ? end - 4 : 0;
    sections.push_back(std::stoi(std::string(digits.substr(begin, end - begin))));
    end = begin;
  }
  std::string out;
  bool zero = false;
  for (std::size_t i = sections.size(); i-- > 0;) {
    const int v = sections[i];
    if (v == 0) {
      zero = !out.empty();
      continue;
    }
    if (!out.empty() && (zero || v < 1000)) out += "零";
    out += section(v);
    out += kUnit[i];
    zero = false;
  }
  if (out.rfind("一十", 0) == 0) out.erase(0, 3);  // 十五, 十万: not 一十五
  return out;
}

std::string plain_digits(std::string_view digits) {
  std::string out;
  for (char c : digits) out += kDigit[c - '0'];
  return out;
}

// Digits (and X, and * for a hidden digit) one by one, in groups of the given sizes (then fours)
// with a pause between; a run of hidden digits is said as how many are hidden.
std::string grouped_digits(std::string_view s, const std::vector<std::size_t>& groups) {
  std::string out;
  std::size_t at = 0;
  for (std::size_t g = 0; at < s.size(); ++g) {
    const std::size_t size = g < groups.size() ? groups[g] : 4;
    const std::string_view group = s.substr(at, size);
    at += group.size();
    if (!out.empty() && !ends_with_pause(out)) out += "，";
    for (std::size_t k = 0; k < group.size();) {
      if (group[k] == '*') {
        std::size_t hidden = 0;
        while (k < group.size() && group[k] == '*') ++k, ++hidden;
        // A masked run may go on into the next group: say it once, whole.
        while (k == group.size() && at < s.size() && s[at] == '*') ++at, ++hidden;
        out += "隐藏" + whole(std::to_string(hidden)) + "位";
        continue;
      }
      const char c = group[k++];
      out += (c == 'X' || c == 'x') ? "叉" : (c >= '0' && c <= '9') ? kDigitAlone[c - '0'] : "";
    }
  }
  return out;
}

// Groups for a digit string by its shape: an ID (6 area, 8 birth date, 4), a mobile (3-4-4), up to
// six digits as one group, else fours.
std::vector<std::size_t> groups_for(std::size_t n) {
  if (n == 18) return {6, 8, 4};
  if (n == 11) return {3, 4, 4};
  if (n <= 6) return {n};
  return {};
}

std::string money(std::string_view amount) {
  std::string out;
  if (!amount.empty() && amount.front() == '-') out = "负", amount.remove_prefix(1);
  const auto dot = amount.find('.');
  const std::string_view yuan = amount.substr(0, dot);
  std::string_view cents = dot == std::string_view::npos ? std::string_view{} : amount.substr(dot + 1);
  const int jiao = !cents.empty() ? cents[0] - '0' : 0;
  const int fen = cents.size() > 1 ? cents[1] - '0' : 0;
  const bool has_yuan = !yuan.empty() && yuan.find_first_not_of('0') != std::string_view::npos;
  if (has_yuan || (jiao == 0 && fen == 0)) out += whole(yuan.empty() ? "0" : yuan) + "元";
  if (jiao) out += std::string(kDigit[jiao]) + "角";
  if (fen) out += std::string(has_yuan && !jiao ? "零" : "") + kDigit[fen] + "分";
  return out;
}

std::string count(std::string_view number) {
  std::string out;
  if (!number.empty() && number.front() == '-') out = "负", number.remove_prefix(1);
  const auto dot = number.find('.');
  out += whole(number.substr(0, dot));
  if (dot != std::string_view::npos && dot + 1 < number.size()) out += "点" + plain_digits(number.substr(dot + 1));
  return out;
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How a run of ASCII digits (with '*' and a final X) found in text is read.
std::string digit_run(const std::string& run) {
  const bool masked = run.find('*') != std::string::npos;
  const bool id = run.size() == 18 && (run.back() == 'X' || run.back() == 'x' || is_digit(static_cast<unsigned char>(run.back())));
  // Five digits or more is a code, a phone or an ID (服务热线 12345), not a count.
  if (masked || id || run.size() >= 5 || (run.size() >= 2 && run[0] == '0')) return grouped_digits(run, groups_for(run.size()));
  return whole(run);
}

}  // namespace

std::string spoken_digits(std::string_view digits) { return grouped_digits(digits, groups_for(digits.size())); }
std::string spoken_count(std::string_view number) { return count(number); }
std::string spoken_money(std::string_view amount) { return money(amount); }

std::string spoken_date(std::string_view d) {
  // YYYY-MM-DD (or / or .), as the forms store dates.
  if (d.size() >= 8 && all_digits(d.substr(0, 4)) && (d[4] == '-' || d[4] == '/' || d[4] == '.')) {
    const auto sep2 = d.find(d[4], 5);
    if (sep2 != std::string_view::npos) {
      const std::string_view m = d.substr(5, sep2 - 5), day = d.substr(sep2 + 1);
      if (all_digits(m) && all_digits(day) && m.size() <= 2 && day.size() <= 2)
        return plain_digits(d.substr(0, 4)) + "年" + whole(m) + "月" + whole(day) + "日";
    }
  }
  return spoken_text(d);
}

std::string spoken_text(std::string_view text) {
  const std::u32string cps = text::decode_utf8_lossy(text);
  std::string out;
  const std::size_t n = cps.size();
  auto at = [&](std::size_t i) -> char32_t { return i < n ? cps[i] : 0; };
  auto digits_from = [&](std::size_t i) {
    std::size_t j = i;
    while (j < n && is_digit(cps[j])) ++j;
    return j;
  };
  auto ascii = [&](std::size_t b, std::size_t e) {
    std::string s;
    for (std::size_t k = b; k < e; ++k) s += static_cast<char>(cps[k]);
    return s;
  };
  for (std::size_t i = 0; i < n;) {
    const char32_t c = cps[i];
    if (is_digit(c)) {
      const std::size_t e = digits_from(i);
      // A date: 2024-01-05.
      if (e - i == 4 && (at(e) == U'-' || at(e) == U'/') && is_digit(at(e + 1))) {
        const std::size_t me = digits_from(e + 1);
        if (me - e - 1 <= 2 && at(me) == at(e) && is_digit(at(me + 1))) {
          const std::size_t de = digits_from(me + 1);
          if (de - me - 1 <= 2) {
            out += spoken_date(ascii(i, de));
            i = de;
            continue;
          }
        }
      }
      // A year: 2024年.
      if (e - i == 4 && at(e) == U'年') {
        out += plain_digits(ascii(i, e));
        i = e;
        continue;
      }
      // A time of day, and a slot: 09:00-10:00.
      if (e - i <= 2 && (at(e) == U':' || at(e) == U'：') && is_digit(at(e + 1)) && digits_from(e + 1) - e - 1 == 2) {
        std::size_t k = i;
        for (int slot = 0; slot < 2; ++slot) {
          const std::size_t he = digits_from(k), me = digits_from(he + 1);
          const std::string minutes = ascii(he + 1, me);
          out += whole(ascii(k, he)) + "点" + (minutes == "00" ? "" : (minutes == "30" ? "半" : whole(minutes) + "分"));
          k = me;
          const bool range = (at(k) == U'-' || at(k) == U'~' || at(k) == U'—' || at(k) == U'至') && is_digit(at(k + 1)) &&
                             digits_from(k + 1) - k - 1 <= 2 && (at(digits_from(k + 1)) == U':' || at(digits_from(k + 1)) == U'：');
          if (slot == 1 || !range) break;
          out += "到";
          k = k + 1;
        }
        i = k;
        continue;
      }
      // A decimal number, money, a percentage.
      std::size_t end = e;
      if (at(e) == U'.' && is_digit(at(e + 1))) end = digits_from(e + 1);
      if (end > e) {
        const std::string number = ascii(i, end);
        if (at(end) == U'元') out += money(number), end += 1;
        else if (at(end) == U'%') out += "百分之" + count(number), end += 1;
        else out += count(number);
        i = end;
        continue;
      }
      // A run of digits, maybe masked (110105********002X, 138****8000).
      std::size_t r = i;
      while (r < n && (is_digit(cps[r]) || cps[r] == U'*')) ++r;
      if ((at(r) == U'X' || at(r) == U'x') && r - i == 17) ++r;
      const std::string run = ascii(i, r);
      if (at(r) == U'元' && all_digits(run)) out += money(run), r += 1;
      else if (at(r) == U'%' && all_digits(run)) out += "百分之" + whole(run), r += 1;
      else out += digit_run(run);
      // "2/3" (done of total): 二，共三.
      if (at(r) == U'/' && is_digit(at(r + 1))) out += "，共", r += 1;
      i = r;
      continue;
    }
    if (c == U'-' && is_digit(at(i + 1)) && (i == 0 || cps[i - 1] == U' ')) {
      out += "负";
      ++i;
      continue;
    }
    if (c == U'*') {
      std::size_t e = i;
      while (e < n && cps[e] == U'*') ++e;
      if (e == n && i > 0 && cps[i - 1] == U' ') out += "，必填";  // a label's required mark
      else
        for (std::size_t k = i; k < e; ++k) out += "某";  // a masked name: 张*三
      i = e;
      continue;
    }
    text::append_utf8(out, c);
    ++i;
  }
  return out;
}

std::string spoken_value(const form::FieldView& f, std::string_view value) {
  if (value.empty()) return {};
  const std::string v(value);
  // Grouped by the field's shape even while half typed.
  if (f.type == "resident_id") return grouped_digits(v, {6, 8, 4});
  if (f.type == "mobile") return grouped_digits(v, {3, 4, 4});
  if (f.type == "date") return spoken_date(v);
  if (f.type == "money") {
    if (f.unit.empty() || f.unit == "元") return spoken_text(v + "元");
    return spoken_text(v) + f.unit;
  }
  if (f.type == "number") return spoken_text(v) + f.unit;
  if (f.type == "yes_no") return v == "true" ? "是" : v == "false" ? "否" : spoken_text(v);
  if (f.type == "single_choice" || f.type == "multi_choice") {
    std::string out;
    for (const auto& ch : f.choices)
      if (ch.selected) out += (out.empty() ? "" : "、") + ch.label;
    return out.empty() ? spoken_text(v) : out;
  }
  if (f.type == "address") {
    const auto bar = v.find('|');
    if (bar == std::string::npos || bar != 6 || !all_digits(std::string_view(v).substr(0, 6))) return spoken_text(v);
    const std::string place = check::Divisions::builtin().full_name(static_cast<std::uint32_t>(std::stoul(v.substr(0, 6))));
    return place + spoken_text(v.substr(bar + 1));
  }
  return spoken_text(v);
}

std::string speech_text(const ScreenSpeech& s) {
  std::string out;
  auto sentence = [&](const std::string& text) {
    if (text.empty()) return;
    out += text;
    if (!ends_with_pause(out)) out += "。";
  };
  // Where the person is first, so what follows has its context.
  sentence(spoken_text(s.title));
  if (s.field) {
    const form::FieldView& f = *s.field;
    sentence("正在填写：" + spoken_text(f.label));
    sentence(s.typed.empty() ? std::string("还没有填写") : "已输入：" + spoken_value(f, s.typed));
    if (!f.hint.empty()) sentence("提示：" + spoken_text(f.hint));
    const std::string& problem = !s.refusal.empty() ? s.refusal : f.error;
    if (!problem.empty()) sentence("请注意：" + spoken_text(problem));
    if (!f.choices.empty()) {
      std::string list;
      for (const auto& ch : f.choices) list += (list.empty() ? "" : "、") + ch.label;
      sentence("可以选择：" + list);
    }
    return out;
  }
  std::vector<const std::string*> said{&s.title};
  for (const auto& t : s.texts) {
    if (t.empty() || std::any_of(said.begin(), said.end(), [&](const std::string* x) { return *x == t; })) continue;
    // The kiosk's own controls are not the screen's content.
    if (t == ui::kPageUp || t == ui::kPageDown || t == ui::kBack) continue;
    said.push_back(&t);
    sentence(spoken_text(t));
  }
  return out;
}

}  // namespace tb::app
