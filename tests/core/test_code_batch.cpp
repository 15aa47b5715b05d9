// Batch issue of printed codes (core/code/batch.h): every line of a residents' list is checked and
// problems name the line without quoting the person; issued codes verify and carry only masked data;
// the register finds a holder's credential by the issuer-keyed tag, which another key cannot make.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "code/batch.h"
#include "code/codes.h"
#include "crypto/keys.h"

using namespace tb;
using namespace tb::code;

namespace {

constexpr std::int64_t kT0 = 1780000000;
constexpr int kToday = 20261122;

crypto::KeyPair key(unsigned char fill) {
  crypto::Seed s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(fill + 7 * i);
  return crypto::keypair_from_seed(crypto::KeyKind::Sign, "issuer", s);
}

std::string ids_for(std::size_t n) {
  std::string out;
  for (std::size_t i = 0; i < n * kCredentialIdBytes; ++i) out.push_back(static_cast<char>(i * 31 + 5));
  return out;
}

bool mentions(const std::vector<BatchProblem>& ps, std::size_t line, const std::string& what) {
  for (const auto& p : ps)
    if (p.line == line && p.what.find(what) != std::string::npos) return true;
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(code_batch)

BOOST_AUTO_TEST_CASE(list_parsing_checks_every_line_and_never_quotes_people) {
  const std::string list =
      "\xEF\xBB\xBF# 青禾市 2026 第一批\n"
      "张小三\t110105199001010021\n"       // line 2: bad check character
      "李四,11010519491231002X\n"          // line 3: good
      "\n"
      "王 五 ,  11010519491231002x  \r\n"  // line 5: the same person again (lower-case x)
      "赵六\n"                             // line 6: no separator
      ",110105194912310029\n"              // line 7: no name (and a bad ID)
      "钱七\t110105209912310026\n"          // line 8: born after today
      "孙八,110105194912310021,extra\n";   // line 9: three columns
  std::vector<BatchProblem> problems;
  const auto people = parse_residents(list, kToday, &problems);
  BOOST_REQUIRE_EQUAL(people.size(), 1u);
  BOOST_TEST(people[0].line == 3u);
  BOOST_TEST(people[0].name == "李四");
  BOOST_TEST(people[0].id_number == "11010519491231002X");
  BOOST_TEST(mentions(problems, 2, "(id.checksum)"));
  BOOST_TEST(mentions(problems, 5, "listed twice"));
  BOOST_TEST(mentions(problems, 6, "no separator"));
  BOOST_TEST(mentions(problems, 7, "name: missing"));
  BOOST_TEST(mentions(problems, 8, "ID number:"));
  BOOST_TEST(mentions(problems, 9, "more than two columns"));
  for (const auto& p : problems) {
    BOOST_TEST(p.what.find("1101") == std::string::npos, "a problem quotes an ID number: " << p.what);
    BOOST_TEST(p.what.find("张") == std::string::npos, "a problem quotes a name: " << p.what);
    BOOST_TEST(p.what.find("2099") == std::string::npos, "a problem quotes a birth date: " << p.what);
  }
  std::vector<BatchProblem> none;
  BOOST_TEST(parse_residents("# only a comment\n\n", kToday, &none).empty());
  BOOST_TEST(mentions(none, 0, "no residents"));
}

BOOST_AUTO_TEST_CASE(issued_codes_verify_masked_and_the_register_finds_holders) {
  const auto issuer = key(1), other = key(2);
  std::vector<BatchProblem> problems;
  const auto people = parse_residents("欧阳娜华\t11010519491231002X\n张三,110105199001010029\n", kToday, &problems);
  BOOST_REQUIRE(problems.empty());
  const auto issued = issue_printed_batch(people, ids_for(people.size()), kT0, kT0 + 365 * 86400, issuer);
  BOOST_REQUIRE_EQUAL(issued.size(), 2u);
  BOOST_TEST(issued[0].label == "欧**华");
  BOOST_TEST(issued[1].label == "张*");
  BOOST_TEST(issued[0].credential_id != issued[1].credential_id);
  Verifier v(VerifierOptions{Scope::Staff, {}, 90, 30, 1000});
  v.trust(TrustEntry{crypto::public_half(issuer), {Kind::Printed}, 0, 0});
  for (std::size_t k = 0; k < issued.size(); ++k) {
    BOOST_TEST(issued[k].code.find("TBP1:") == 0u);
    const auto r = v.verify(issued[k].code, kT0 + 60);
    BOOST_REQUIRE(r);
    BOOST_TEST((r.kind == Kind::Printed));
    BOOST_TEST(r.name_masked == issued[k].label);
    BOOST_TEST(r.id_masked == (k == 0 ? "110105********002X" : "110105********0029"));
  }
  // The register: no ID numbers or names in it; a holder found again by the issuer's tag only.
  const std::string reg = format_register(issued, kT0 + 365 * 86400);
  BOOST_TEST(reg.find("1101") == std::string::npos);
  std::vector<BatchProblem> reg_problems;
  const auto entries = parse_register(reg, &reg_problems);
  BOOST_REQUIRE(reg_problems.empty());
  BOOST_REQUIRE_EQUAL(entries.size(), 2u);
  const std::string tag = holder_tag("110105199001010029", issuer);
  BOOST_TEST(tag.size() == 32u);
  BOOST_TEST(entries[1].holder == tag);
  BOOST_TEST(entries[1].credential_id == issued[1].credential_id);
  BOOST_TEST(entries[0].holder != tag);
  BOOST_TEST(holder_tag("110105199001010029", other) != tag, "another key makes another tag");
  // Short on credential ids: nothing issued rather than a partial batch.
  BOOST_TEST(issue_printed_batch(people, ids_for(1), kT0, kT0 + 86400, issuer).empty());
}

BOOST_AUTO_TEST_CASE(register_parsing_names_the_line) {
  std::vector<BatchProblem> problems;
  const std::string good = std::string(32, 'a') + "\t" + std::string(32, 'b') + "\t1\n";
  parse_register("# header\n" + good + "zz\tnot-a-tag\t1\n" + good.substr(0, 40) + "\n", &problems);
  BOOST_REQUIRE_EQUAL(problems.size(), 2u);
  BOOST_TEST(problems[0].line == 3u);
  BOOST_TEST(problems[1].line == 4u);
}

BOOST_AUTO_TEST_SUITE_END()
