// Identity-data validators: every line of tests/data/vectors/*.tsv, then properties (random valid
// numbers round-trip through what people type; every single substitution and adjacent
// transposition is refused; random bytes never crash).
#include <boost/test/unit_test.hpp>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "check/validate.h"
#include "text/utf8.h"

using namespace tb::check;

namespace {

const char* severity_name(Severity s) {
  return s == Severity::Ok ? "ok" : s == Severity::Warning ? "warn" : "error";
}

}  // namespace

namespace tb::check {  // so that Boost.Test can print a Severity (found by ADL)
std::ostream& operator<<(std::ostream& out, Severity s) { return out << severity_name(s); }
}  // namespace tb::check

namespace {

// The stable machine code of a result ("id.checksum"), as the vector files write it; "" when Ok.
std::string code_of(const CheckResult& r) { return r ? std::string() : reason_key(r.reason()); }

std::string vector_path(const std::string& file) {
  return std::string(TB_SOURCE_DIR) + "/tests/data/vectors/" + file;
}

std::vector<std::string> split(const std::string& line, char sep) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, sep)) out.push_back(field);
  if (!line.empty() && line.back() == sep) out.emplace_back();
  return out;
}

// The invariants every result keeps, whatever the input.
void check_shape(const CheckResult& r, const std::string& where) {
  switch (r.severity) {
    case Severity::Ok:
      BOOST_TEST(bool(r), where << ": Ok with a reason");
      BOOST_TEST(r.message().empty(), where << ": Ok with a message");
      BOOST_TEST(!r.normalized.empty(), where << ": Ok without a normalized value");
      break;
    case Severity::Warning:
      BOOST_TEST(!r, where << ": Warning without a reason");
      BOOST_TEST(!r.message().empty(), where << ": Warning without a message");
      BOOST_TEST(!r.normalized.empty(), where << ": Warning without a normalized value");
      break;
    case Severity::Error:
      BOOST_TEST(!r, where << ": Error without a reason");
      BOOST_TEST(!r.message().empty(), where << ": Error without a message");
      BOOST_TEST(r.normalized.empty(), where << ": Error with a normalized value");
      break;
  }
  BOOST_TEST(tb::text::decode_utf8(r.message()).has_value(), where << ": message is not valid UTF-8");
  BOOST_TEST(tb::text::decode_utf8(r.normalized).has_value(), where << ": normalized is not valid UTF-8");
}

// Runs one vector file: `input <TAB> ok|warn|error <TAB> normalized-or-code <TAB> comment`, with
// "#! key values…" context lines handed to `configure`. Returns the number of vectors.
template <class Configure, class Check>
int run_vectors(const std::string& file, Configure configure, Check check) {
  std::ifstream in(vector_path(file));
  BOOST_REQUIRE_MESSAGE(in, "cannot open " << vector_path(file));
  std::string line;
  int line_no = 0, count = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const std::string where = file + ":" + std::to_string(line_no);
    if (line.rfind("#!", 0) == 0) {
      std::istringstream words(line.substr(2));
      std::string key;
      words >> key;
      std::vector<long> values;
      for (long v; words >> v;) values.push_back(v);
      BOOST_REQUIRE_MESSAGE(configure(key, values), where << ": unknown directive '" << key << "'");
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    const auto f = split(line, '\t');
    BOOST_REQUIRE_MESSAGE(f.size() == 4, where << ": expected 4 tab-separated fields, got " << f.size());
    const std::string &input = f[0], &want_severity = f[1], &want = f[2], &comment = f[3];
    BOOST_REQUIRE_MESSAGE(want_severity == "ok" || want_severity == "warn" || want_severity == "error",
                          where << ": bad severity '" << want_severity << "'");
    const CheckResult r = check(input);
    const std::string got = r.severity == Severity::Ok ? r.normalized : code_of(r);
    BOOST_TEST((severity_name(r.severity) == want_severity && got == want),
               where << " '" << input << "' (" << comment << "): want " << want_severity << " " << want << ", got "
                     << severity_name(r.severity) << " " << got << " — " << r.message());
    check_shape(r, where);
    // What we store checks again to itself (the checks are idempotent on their output).
    if (r.severity != Severity::Error) {
      const CheckResult again = check(r.normalized);
      BOOST_TEST(again.severity != Severity::Error, where << ": normalized '" << r.normalized << "' is refused");
      BOOST_TEST(again.normalized == r.normalized, where << ": normalizing twice changes '" << r.normalized << "'");
    }
    ++count;
  }
  BOOST_TEST_MESSAGE(file << ": " << count << " vectors");
  return count;
}

auto no_directives = [](const std::string&, const std::vector<long>&) { return false; };

// ISO 7064 MOD 11-2 in its recursive form (not the weight table the library uses).
char iso7064_mod11_2(const std::string& digits17) {
  int p = 0;
  for (char c : digits17) p = ((p + (c - '0')) * 2) % 11;
  const int check = (12 - p) % 11;
  return check == 10 ? 'X' : static_cast<char>('0' + check);
}

const std::vector<std::uint32_t> kKnownAreas = {110101, 110105, 310115, 440305, 510107, 650102, 460105};

IdOptions test_options() {
  IdOptions o;
  o.today_yyyymmdd = 20260601;
  o.area_known = [](std::uint32_t a) {
    for (auto k : kKnownAreas)
      if (k == a) return true;
    return false;
  };
  return o;
}

std::string random_valid_id(std::mt19937& rng) {
  std::uniform_int_distribution<int> area(0, static_cast<int>(kKnownAreas.size()) - 1), year(1900, 2025),
      month(1, 12), day(1, 31), seq(0, 999);
  int y, m, d;
  do {
    y = year(rng), m = month(rng), d = day(rng);
  } while (!is_valid_date(y, m, d));
  char buf[20];
  std::snprintf(buf, sizeof buf, "%06u%04d%02d%02d%03d", kKnownAreas[area(rng)], y, m, d, seq(rng));
  std::string id = buf;
  return id + iso7064_mod11_2(id);
}

// What people type: full-width characters, spaces, dashes, lower case.
std::string as_typed(const std::string& s, std::mt19937& rng) {
  std::string out;
  std::uniform_int_distribution<int> pick(0, 9);
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z' && pick(rng) < 5) c = static_cast<char>(c + 32);
    if (pick(rng) < 3) tb::text::append_utf8(out, static_cast<char32_t>(0xFF01 + (c - 0x21)));  // full-width
    else out.push_back(c);
    const int sep = pick(rng);
    if (i + 1 < s.size() && sep == 0) out += " ";
    if (i + 1 < s.size() && sep == 1) out += "-";
    if (i + 1 < s.size() && sep == 2 && i % 4 == 3) out += "\u3000";
  }
  return out;
}

const std::string kUsccAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";

}  // namespace

BOOST_AUTO_TEST_SUITE(validate)

BOOST_AUTO_TEST_CASE(vector_files) {
  int total = 0, n;
  IdOptions id_options;
  n = run_vectors(
      "resident-ids.tsv",
      [&](const std::string& key, const std::vector<long>& v) {
        if (key == "today" && v.size() == 1) {
          id_options.today_yyyymmdd = static_cast<int>(v[0]);
          return true;
        }
        if (key == "known_areas") {
          const std::set<std::uint32_t> known(v.begin(), v.end());
          id_options.area_known = [known](std::uint32_t a) { return known.count(a) > 0; };
          return true;
        }
        return false;
      },
      [&](const std::string& s) { return check_resident_id(s, id_options); });
  BOOST_TEST(n >= 100);
  total += n;
  n = run_vectors("usccs.tsv", no_directives, [](const std::string& s) { return check_uscc(s); });
  BOOST_TEST(n >= 30);
  total += n;
  n = run_vectors("mobiles.tsv", no_directives, [](const std::string& s) { return check_mobile(s); });
  BOOST_TEST(n >= 20);
  total += n;
  NameScript script = NameScript::Chinese;
  n = run_vectors(
      "names.tsv",
      [&](const std::string& key, const std::vector<long>& v) {
        if (key != "foreign" || v.size() != 1) return false;
        script = v[0] ? NameScript::ChineseOrLatin : NameScript::Chinese;
        return true;
      },
      [&](const std::string& s) { return check_person_name(s, script); });
  BOOST_TEST(n >= 20);
  total += n;
  int min = 0, max = 0;
  n = run_vectors(
      "dates.tsv",
      [&](const std::string& key, const std::vector<long>& v) {
        if (key != "range" || v.size() != 2) return false;
        min = static_cast<int>(v[0]), max = static_cast<int>(v[1]);
        return true;
      },
      [&](const std::string& s) { return check_date(s, min, max); });
  BOOST_TEST(n >= 20);
  total += n;
  BOOST_TEST(total >= 150);
}

BOOST_AUTO_TEST_CASE(check_characters_match_the_standards) {
  BOOST_TEST(resident_id_check_char("11010519491231002") == 'X');  // GB 11643-1999 example
  BOOST_TEST(resident_id_check_char("1101051949123100") == '\0');
  BOOST_TEST(resident_id_check_char("1101051949123100A") == '\0');
  BOOST_TEST(org_code_check_char("12345678") == '8');  // 201 mod 11 = 3, 11 − 3 = 8
  BOOST_TEST(org_code_check_char("1234567") == '\0');
  BOOST_TEST(uscc_check_char("91110105123456788") == '3');
  BOOST_TEST(uscc_check_char("9111010512345678I") == '\0');
  std::mt19937 rng(7);
  std::uniform_int_distribution<int> digit(0, 9);
  for (int i = 0; i < 2000; ++i) {
    std::string s;
    for (int k = 0; k < 17; ++k) s.push_back(static_cast<char>('0' + digit(rng)));
    BOOST_TEST(resident_id_check_char(s) == iso7064_mod11_2(s));
  }
}

BOOST_AUTO_TEST_CASE(random_valid_ids_round_trip_through_what_people_type) {
  std::mt19937 rng(20261121);
  const IdOptions options = test_options();
  for (int i = 0; i < 2000; ++i) {
    const std::string id = random_valid_id(rng);
    const std::string typed = as_typed(id, rng);
    const CheckResult r = check_resident_id(typed, options);
    BOOST_TEST((bool(r) && r.normalized == id),
               "'" << typed << "' → " << severity_name(r.severity) << " " << r.normalized << " " << code_of(r));
  }
}

BOOST_AUTO_TEST_CASE(every_single_substitution_and_adjacent_transposition_of_an_id_is_refused) {
  std::mt19937 rng(11643);
  const IdOptions options = test_options();
  int refused = 0;
  for (int i = 0; i < 200; ++i) {
    const std::string id = random_valid_id(rng);
    BOOST_REQUIRE(bool(check_resident_id(id, options)));
    for (std::size_t pos = 0; pos < id.size(); ++pos) {
      for (char c : std::string("0123456789X")) {
        if (c == id[pos]) continue;
        std::string bad = id;
        bad[pos] = c;
        const CheckResult r = check_resident_id(bad, options);
        BOOST_TEST(r.severity == Severity::Error, id << " with position " << pos + 1 << " → " << c << " accepted");
        ++refused;
      }
      if (pos + 1 < id.size() && id[pos] != id[pos + 1]) {
        std::string swapped = id;
        std::swap(swapped[pos], swapped[pos + 1]);
        BOOST_TEST(check_resident_id(swapped, options).severity == Severity::Error,
                   id << " with positions " << pos + 1 << "," << pos + 2 << " swapped accepted");
      }
    }
  }
  BOOST_TEST(refused == 200 * (17 * 10 + 10));
}

BOOST_AUTO_TEST_CASE(legacy_15_digit_numbers_are_upgraded) {
  const IdOptions options = test_options();
  CheckResult r = check_resident_id("110105491231002", options);
  BOOST_TEST(int(r.severity) == int(Severity::Warning));
  BOOST_TEST(code_of(r) == "id.legacy15");
  BOOST_TEST(r.normalized == "11010519491231002X");
  BOOST_TEST(r.message().find("11010519491231002X") != std::string::npos);
  std::mt19937 rng(1989);
  for (int i = 0; i < 500; ++i) {
    std::string id = random_valid_id(rng);
    if (id.compare(6, 2, "19") != 0) continue;
    const std::string legacy = id.substr(0, 6) + id.substr(8, 9);
    r = check_resident_id(as_typed(legacy, rng), options);
    BOOST_TEST((code_of(r) == "id.legacy15" && r.normalized == id), legacy << " → " << r.normalized << " " << code_of(r));
  }
  // A redistricted area on an old number: still the legacy warning, and the message says both.
  r = check_resident_id("110103650315021", options);
  BOOST_TEST(code_of(r) == "id.legacy15");
  BOOST_TEST(r.message().find("110103") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(historical_area_codes_warn_and_unknown_provinces_fail) {
  const IdOptions options = test_options();
  auto id_for = [](const std::string& area) {
    const std::string body = area + "19700315041";
    return body + iso7064_mod11_2(body);
  };
  CheckResult r = check_resident_id(id_for("110103"), options);  // 崇文区, merged in 2010
  BOOST_TEST(code_of(r) == "id.area");
  BOOST_TEST(int(r.severity) == int(Severity::Warning));
  BOOST_TEST(r.normalized == id_for("110103"));
  r = check_resident_id(id_for("990101"), options);
  BOOST_TEST(code_of(r) == "id.area");
  BOOST_TEST(int(r.severity) == int(Severity::Error));
  // Future births: only when today is given.
  const std::string future = [] {
    const std::string body = "11010120300101001";
    return body + iso7064_mod11_2(body);
  }();
  BOOST_TEST(code_of(check_resident_id(future, options)) == "id.date");
  IdOptions no_today = options;
  no_today.today_yyyymmdd = 0;
  BOOST_TEST(bool(check_resident_id(future, no_today)));
}

BOOST_AUTO_TEST_CASE(default_area_check_uses_the_builtin_division_table) {
  // 110105 朝阳区 is current; 110103 崇文区 was merged into 东城区 in 2010.
  CheckResult r = check_resident_id("11010519491231002X");
  BOOST_TEST(bool(r), code_of(r) << " " << r.message());
  const std::string body = "11010319700315041";
  r = check_resident_id(body + iso7064_mod11_2(body));
  BOOST_TEST(code_of(r) == "id.area");
  BOOST_TEST(int(r.severity) == int(Severity::Warning));
}

BOOST_AUTO_TEST_CASE(random_valid_usccs_round_trip_and_every_substitution_is_refused) {
  std::mt19937 rng(32100);
  std::uniform_int_distribution<int> any(0, 30), digit(0, 9);
  const std::string prefixes[] = {"91", "92", "93", "11", "12", "51", "52", "53", "Y1"};
  for (int i = 0; i < 300; ++i) {
    std::string body = prefixes[i % 9];
    for (int k = 0; k < 6; ++k) body.push_back(static_cast<char>('0' + digit(rng)));
    std::string org;
    for (int k = 0; k < 8; ++k) org.push_back(kUsccAlphabet[any(rng)]);
    body += org;
    body.push_back(org_code_check_char(org));
    const std::string code = body + uscc_check_char(body);
    CheckResult r = check_uscc(as_typed(code, rng));
    BOOST_TEST((bool(r) && r.normalized == code), code << " → " << severity_name(r.severity) << " " << code_of(r));
    for (std::size_t pos = 0; pos < 18; ++pos) {
      for (char c : kUsccAlphabet) {
        if (c == code[pos]) continue;
        std::string bad = code;
        bad[pos] = c;
        r = check_uscc(bad);
        if (r.severity != Severity::Error)
          BOOST_ERROR(code << " with position " << pos + 1 << " → " << c << " accepted as " << code_of(r));
      }
      if (pos + 1 < 18 && code[pos] != code[pos + 1]) {
        std::string swapped = code;
        std::swap(swapped[pos], swapped[pos + 1]);
        BOOST_TEST(check_uscc(swapped).severity == Severity::Error, code << " swapped at " << pos + 1);
      }
    }
    // Pilot-region shape: a wrong organisation check character under a correct overall check.
    std::string pilot = body;
    pilot[16] = pilot[16] == '1' ? '2' : '1';
    pilot += uscc_check_char(pilot);
    r = check_uscc(pilot);
    BOOST_TEST((int(r.severity) == int(Severity::Warning) && code_of(r) == "uscc.org_checksum" && r.normalized == pilot));
  }
}

BOOST_AUTO_TEST_CASE(every_day_of_two_centuries_parses_in_every_written_form) {
  int days = 0, leap_days = 0;
  for (int y = 1900; y <= 2100; ++y)
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= 31; ++d) {
        char iso[16], slash[16], compact[16];
        std::snprintf(iso, sizeof iso, "%04d-%02d-%02d", y, m, d);
        std::snprintf(slash, sizeof slash, "%d/%d/%d", y, m, d);
        std::snprintf(compact, sizeof compact, "%04d%02d%02d", y, m, d);
        const std::string chinese = std::to_string(y) + "年" + std::to_string(m) + "月" + std::to_string(d) + "日";
        const bool valid = is_valid_date(y, m, d);
        for (const std::string& s : {std::string(iso), std::string(slash), std::string(compact), chinese}) {
          const CheckResult r = check_date(s);
          if (valid ? !(bool(r) && r.normalized == iso) : code_of(r) != "date.invalid")
            BOOST_ERROR(s << " → " << severity_name(r.severity) << " " << r.normalized << code_of(r));
        }
        days += valid;
        leap_days += valid && m == 2 && d == 29;
      }
  BOOST_TEST(leap_days == 49);  // 1904…2096 (2000 included), not 1900 or 2100
  BOOST_TEST(days == 201 * 365 + 49);
}

BOOST_AUTO_TEST_CASE(names_count_code_points_not_bytes) {
  std::string fifty;
  for (int i = 0; i < 50; ++i) fifty += "\xF0\xA0\xAE\xB7";  // 𠮷, 4 bytes each
  BOOST_TEST(bool(check_person_name(fifty)));
  BOOST_TEST(code_of(check_person_name(fifty + "\xF0\xA0\xAE\xB7")) == "name.length");
  BOOST_TEST(code_of(check_person_name("\xE5\xBC\xA0\xFF")) == "name.chars");  // malformed UTF-8
}

BOOST_AUTO_TEST_CASE(random_bytes_never_crash_and_keep_the_result_shape) {
  std::mt19937 rng(404);
  std::uniform_int_distribution<int> len(0, 40), byte(0, 255), small(0, 3);
  const std::string pieces[] = {"1", "9", "X", "x", "-", " ", "+86", "年", "月", "日", "·", "\xEF\xBC\x91", "/", "."};
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = len(rng);
    for (int k = 0; k < n; ++k) {
      if (small(rng) == 0) s.push_back(static_cast<char>(byte(rng)));
      else s += pieces[byte(rng) % 14];
    }
    const std::string where = "random input #" + std::to_string(i);
    check_shape(check_resident_id(s, test_options()), where);
    check_shape(check_uscc(s), where);
    check_shape(check_mobile(s), where);
    check_shape(check_person_name(s), where);
    check_shape(check_date(s, 19000101, 21001231), where);
  }
}

BOOST_AUTO_TEST_SUITE_END()
