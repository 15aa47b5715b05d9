#include <boost/test/unit_test.hpp>

#include <map>

#include "form/expr.h"

using namespace tb::form;

namespace {
// A tiny world of fields for expressions: age (number), name (text), born (date), kids (group)
// with kids.income (number) in rows, pets (choices), ok (bool).
struct World final : Env {
  std::map<std::uint32_t, Value> top;
  std::vector<std::map<std::uint32_t, Value>> row_values;
  Value self_value;
  std::size_t row = 0;
  int day = 20250601;
  const Value& get(std::uint32_t slot, bool in_group) const override {
    static const Value none;
    if (in_group) {
      if (row >= row_values.size()) return none;
      auto it = row_values[row].find(slot);
      return it == row_values[row].end() ? none : it->second;
    }
    auto it = top.find(slot);
    return it == top.end() ? none : it->second;
  }
  std::size_t rows(std::uint32_t) const override { return row_values.size(); }
  const Value& row_value(std::uint32_t, std::size_t r, std::uint32_t slot) const override {
    static const Value none;
    auto it = row_values[r].find(slot);
    return it == row_values[r].end() ? none : it->second;
  }
  const Value& self() const override { return self_value; }
  int today() const override { return day; }
};

const Resolver resolver = [](std::string_view n) -> std::optional<Symbol> {
  if (n == "age") return Symbol{1, Type::Number, false, 1};
  if (n == "name") return Symbol{2, Type::Text, false, 2};
  if (n == "born") return Symbol{3, Type::Date, false, 3};
  if (n == "kids") return Symbol{4, Type::Group, false, 4};
  if (n == "kids.income" || n == "income") return Symbol{5, Type::Number, true, 4};
  if (n == "pets") return Symbol{6, Type::Choices, false, 6};
  if (n == "ok") return Symbol{7, Type::Bool, false, 7};
  return std::nullopt;
};

Value run(const std::string& src, const World& w, Type self = Type::Any) {
  CompileError e;
  auto x = compile(src, Type::Any, resolver, self, &e);
  BOOST_REQUIRE_MESSAGE(x, src << ": " << e.message);
  return x->eval(w);
}

std::string error_of(const std::string& src, Type expected = Type::Any, Type self = Type::Any) {
  CompileError e;
  auto x = compile(src, expected, resolver, self, &e);
  BOOST_TEST(!x, src << " should not compile");
  return e.message;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(form_expr)

BOOST_AUTO_TEST_CASE(arithmetic_logic_and_precedence) {
  World w;
  w.top[1] = Value::number(30);
  BOOST_TEST(run("1 + 2 * 3", w).n == 7);
  BOOST_TEST(run("(1 + 2) * 3", w).n == 9);
  BOOST_TEST(run("-age + 5", w).n == -25);
  BOOST_TEST(run("age >= 18 and age < 60", w).b);
  BOOST_TEST(run("not (age = 30) or false", w).b == false);
  BOOST_TEST(run("10 / 4", w).n == 2.5);
  BOOST_TEST(run("1 / 0", w).is_empty());  // no crash, no infinity: empty
  BOOST_TEST(run("round(2 / 3, 2)", w).n == 0.67);
  BOOST_TEST(run("if(age > 18, '成年', '未成年')", w).s == "成年");
  BOOST_TEST(run("'身份证' + '补领'", w).s == "身份证补领");
}

BOOST_AUTO_TEST_CASE(empty_values_are_safe) {
  World w;  // nothing filled
  BOOST_TEST(run("age + 1", w).is_empty());
  BOOST_TEST(run("age > 1", w).b == false);
  BOOST_TEST(run("age < 1", w).b == false);
  BOOST_TEST(run("empty(age) and not filled(name)", w).b);
  BOOST_TEST(run("age = 0", w).b == false);
  BOOST_TEST(run("len(name)", w).n == 0);
  BOOST_TEST(run("sum(kids.income)", w).n == 0);
  BOOST_TEST(run("max(kids.income)", w).is_empty());
  BOOST_TEST(run("count(kids)", w).n == 0);
}

BOOST_AUTO_TEST_CASE(dates_text_choices_and_groups) {
  World w;
  w.top[3] = Value::text("2009-06-02");
  w.top[2] = Value::text("张·三𠮷");
  w.top[6] = Value::choices({"cat", "dog"});
  w.row_values = {{{5, Value::number(100)}}, {{5, Value::number(250.5)}}, {}};
  BOOST_TEST(run("age(born)", w).n == 15);  // the 16th birthday is tomorrow
  w.day = 20250602;
  BOOST_TEST(run("age(born)", w).n == 16);
  BOOST_TEST(run("born < today()", w).b);
  BOOST_TEST(run("today()", w).s == "2025-06-02");
  BOOST_TEST(run("len(name)", w).n == 4);  // characters, not bytes; 𠮷 is one
  BOOST_TEST(run("contains(name, '·')", w).b);
  BOOST_TEST(run("selected(pets, 'dog') and not selected(pets, 'fish')", w).b);
  BOOST_TEST(run("count_selected(pets)", w).n == 2);
  BOOST_TEST(run("count(kids)", w).n == 3);
  BOOST_TEST(run("sum(kids.income)", w).n == 350.5);
  BOOST_TEST(run("min(kids.income) + max(kids.income)", w).n == 350.5);
  w.row = 1;
  BOOST_TEST(run("income > 200", w).b);  // inside a row: the row's own field
}

BOOST_AUTO_TEST_CASE(self_in_constraints) {
  World w;
  w.self_value = Value::number(5000);
  BOOST_TEST(run(". >= 500 and . <= 6000", w, Type::Number).b);
  BOOST_TEST(error_of(". > 1").find("only be used in a constraint") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(type_errors_and_unknown_names_are_caught_at_compile_time) {
  BOOST_TEST(error_of("agee > 3") == "unknown field 'agee'");
  BOOST_TEST(error_of("name > 3").find("cannot compare text with number") != std::string::npos);
  BOOST_TEST(error_of("age + 'x'").find("needs text values") != std::string::npos);
  BOOST_TEST(error_of("age", Type::Bool).find("gives number, but yes/no is needed") != std::string::npos);
  BOOST_TEST(error_of("not age").find("'not' needs a yes/no") != std::string::npos);
  BOOST_TEST(error_of("kids > 1").find("is a repeat group") != std::string::npos);
  BOOST_TEST(error_of("sum(age)").find("is not a repeat group") != std::string::npos);
  BOOST_TEST(error_of("sum(kids.nothing)").find("is not a field of group") != std::string::npos);
  BOOST_TEST(error_of("kids.income > 1").find("only be used inside sum()") != std::string::npos);
  BOOST_TEST(error_of("frobnicate(1)") == "unknown function 'frobnicate'");
  BOOST_TEST(error_of("len(name, name)").find("takes 1 argument") != std::string::npos);
  BOOST_TEST(error_of("if(age > 1, 1, 'x')").find("same type") != std::string::npos);
  BOOST_TEST(error_of("age > ").find("ends too early") != std::string::npos);
  BOOST_TEST(error_of("'open").find("no closing quote") != std::string::npos);
  BOOST_TEST(error_of("age > 1 )").find("after the expression") != std::string::npos);
  BOOST_TEST(error_of("age $ 1").find("unexpected character") != std::string::npos);
  BOOST_TEST(error_of("1.2.3").find("is not a number") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(bounded_size_and_depth) {
  std::string deep(200, '(');
  deep += "1" + std::string(200, ')');
  BOOST_TEST(error_of(deep).find("nested too deeply") != std::string::npos);
  std::string longest(2001, ' ');
  longest[0] = '1';
  BOOST_TEST(error_of(longest).find("longer than") != std::string::npos);
  std::string many = "1";
  for (int i = 0; i < 300; ++i) many += " + 1";
  World w;
  BOOST_TEST(run(many, w).n == 301);  // long but flat is fine
}

BOOST_AUTO_TEST_CASE(dependencies_are_recorded) {
  CompileError e;
  auto x = compile("age > 1 and sum(kids.income) > 0 and len(name) > 0", Type::Bool, resolver, Type::Any, &e);
  BOOST_REQUIRE(x);
  std::vector<std::uint32_t> reads = x->reads();
  std::sort(reads.begin(), reads.end());
  BOOST_TEST(reads == (std::vector<std::uint32_t>{1, 2, 4}));  // the group counts, not its rows' slot
}

BOOST_AUTO_TEST_CASE(renaming_keeps_strings_functions_and_keywords) {
  const auto r = rename_fields("selected(relation, 'mother') and age(birth) < 16 and sum(members.age) > 0 or true",
                               [](const std::string& n) { return "f__" + n; });
  BOOST_TEST(r == "selected(f__relation, 'mother') and age(f__birth) < 16 and sum(f__members.age) > 0 or true");
}

BOOST_AUTO_TEST_SUITE_END()
