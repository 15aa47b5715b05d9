#pragma once
// 读给我听: what the kiosk says about the screen, decided here from what the screen shows, as
// Chinese text any speech engine reads naturally. Numbers are written out the way a person reads
// them aloud: an ID or phone number digit by digit in groups (幺幺零幺零五，…), a date as
// 二零二四年一月五日, money as 一千二百元五角, a count as 一千二百, a time slot as 九点到十点; a masked
// value says what is hidden (隐藏八位) instead of inventing it. The shell's speech port turns this
// text into sound (natively through text/spoken_pinyin.h for espeak-ng; in a browser its voice
// reads the characters). Pure functions: nothing here keeps what it was given.
#include <string>
#include <string_view>
#include <vector>

#include "form/session.h"

namespace tb::app {

// The screen when 读给我听 is tapped, as the shell drew it.
struct ScreenSpeech {
  std::string title;
  // The body's texts the person can see, in the order drawn: header and footer left out, and what
  // is scrolled out of sight too (a long form page says the questions on screen, not the others).
  std::vector<std::string> texts;
  // The field being typed on the editor sheet (nullptr: none): its view, what has been typed so far
  // (not yet in the form) and why the last 确定 was refused.
  const form::FieldView* field = nullptr;
  std::string typed, refusal;
};

// What to say: the screen's title, then the field being typed (its label, what is typed, its hint,
// its error, its choices) when there is one, else the body's texts in order, each once.
std::string speech_text(const ScreenSpeech& screen);

// A field's value read by its type (form::FieldView::type): resident_id and mobile digit by digit
// in groups, date, money, number with its unit, yes_no, a choice by its label; other text through
// spoken_text.
std::string spoken_value(const form::FieldView& field, std::string_view value);

// Free text with numbers in it read naturally: dates (2024-01-05, 2024年1月5日), times
// (09:00-10:00), money (12.50元), percentages, long digit runs and masked numbers digit by digit,
// other numbers as counts (第1步 → 第一步).
std::string spoken_text(std::string_view text);

// The pieces, also for tests:
std::string spoken_digits(std::string_view digits);     // "1380013" → "幺三八零零幺三"; X → 叉, * → hidden
std::string spoken_count(std::string_view number);      // "1200.5" → "一千二百点五", "-3" → "负三"
std::string spoken_money(std::string_view amount);      // "1200.50" → "一千二百元五角"
std::string spoken_date(std::string_view yyyy_mm_dd);   // "2024-01-05" → "二零二四年一月五日"

}  // namespace tb::app
