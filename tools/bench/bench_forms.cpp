// Form benchmark, native half: a 200-field form (150 top-level fields + a repeat group of 50
// fields) with relevance, constraints and calculations wired between fields, and 100 rows.
// Measures: compile the definition + start a session + build 100 rows; re-evaluation after one
// edit (top-level and row edits). Writes the form into a signed bundle for the browser half
// (tools/bench/bench_forms.mjs), which runs it in WebAssembly beside SurveyJS.
//   bench_forms OUT_DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>

#include "form/session.h"
#include "guide/bundle.h"

using namespace tb;
using Clock = std::chrono::steady_clock;

namespace {
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

proto::FormField f(const std::string& id, proto::FieldType t) {
  proto::FormField x;
  x.set_id(id);
  x.set_type(t);
  x.set_label(id);
  return x;
}

// The same structure is built as a SurveyJS survey by tools/bench/web/forms-bench.js.
proto::FormDef big_form() {
  proto::FormDef d;
  d.set_id("bench-form");
  d.set_item("bench-item");
  d.set_title("benchmark form");
  d.set_department("bench");
  d.set_version(1);
  auto* p = d.add_pages();
  p->set_id("p1");
  p->set_title("page");
  for (int i = 0; i < 150; ++i) {
    const std::string id = "q" + std::to_string(i);
    switch (i % 5) {
      case 0: {  // number, constrained
        auto x = f(id, proto::NUMBER);
        x.set_constraint(". >= 0 and . < 1000000");
        x.set_constraint_message("range");
        *p->add_fields() = x;
        break;
      }
      case 1: {  // calculated from the previous number
        auto x = f(id, proto::NUMBER);
        x.set_calculate("q" + std::to_string(i - 1) + " * 2 + 1");
        *p->add_fields() = x;
        break;
      }
      case 2: {  // yes/no
        *p->add_fields() = f(id, proto::YES_NO);
        break;
      }
      case 3: {  // text, shown when the yes/no before it is true, required
        auto x = f(id, proto::TEXT);
        x.set_relevant("q" + std::to_string(i - 1));
        x.set_required(true);
        *p->add_fields() = x;
        break;
      }
      default: {  // choice
        auto x = f(id, proto::SINGLE_CHOICE);
        for (const char* v : {"a", "b", "c"}) {
          auto* c = x.add_choices();
          c->set_value(v);
          c->set_label(v);
        }
        *p->add_fields() = x;
      }
    }
  }
  auto members = f("members", proto::GROUP);
  members.set_max_rows(100);
  for (int j = 0; j < 50; ++j) {
    const std::string id = "m" + std::to_string(j);
    switch (j % 5) {
      case 0: {
        auto x = f(id, proto::NUMBER);
        x.set_constraint(". >= 0");
        x.set_constraint_message("range");
        *members.add_fields() = x;
        break;
      }
      case 1: {
        auto x = f(id, proto::NUMBER);
        x.set_calculate("m" + std::to_string(j - 1) + " + 1");
        *members.add_fields() = x;
        break;
      }
      case 2: *members.add_fields() = f(id, proto::YES_NO); break;
      case 3: {
        auto x = f(id, proto::TEXT);
        x.set_relevant("m" + std::to_string(j - 1));
        *members.add_fields() = x;
        break;
      }
      default: *members.add_fields() = f(id, proto::TEXT);
    }
  }
  *p->add_fields() = members;
  // Totals over the rows (what an edit in a row must update).
  auto total = f("total", proto::NUMBER);
  total.set_calculate("sum(members.m1)");
  *p->add_fields() = total;
  auto n = f("rows", proto::NUMBER);
  n.set_calculate("count(members)");
  *p->add_fields() = n;
  return d;
}

form::Context bench_context() {
  form::Context c;
  c.today = 20250601;
  return c;
}

double pct(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * v.size()))];
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_forms OUT_DIR\n");
    return 2;
  }
  const std::string out = argv[1];
  const proto::FormDef def = big_form();
  // Build: compile + session + 100 rows (median of 20).
  std::vector<double> build;
  for (int r = 0; r < 20; ++r) {
    const auto t0 = Clock::now();
    std::vector<form::FormError> errors;
    auto compiled = form::CompiledForm::compile(def, &errors);
    if (!compiled) {
      std::fprintf(stderr, "bench form does not compile: %s\n", errors.empty() ? "?" : errors[0].message.c_str());
      return 1;
    }
    form::FormSession s(*compiled, bench_context());
    for (int i = 0; i < 100; ++i) s.add_row("members");
    build.push_back(ms_since(t0));
  }
  // Edits on one live session.
  std::vector<form::FormError> errors;
  auto compiled = form::CompiledForm::compile(def, &errors);
  form::FormSession s(*compiled, bench_context());
  for (int i = 0; i < 100; ++i) s.add_row("members");
  std::mt19937 rng(7);
  std::vector<double> edit_top, edit_row;
  for (int i = 0; i < 2000; ++i) {
    const int q = static_cast<int>(rng() % 30) * 5;  // a number field (q0, q5, …)
    auto t0 = Clock::now();
    s.set("q" + std::to_string(q), std::to_string(rng() % 1000));
    edit_top.push_back(ms_since(t0));
    const int row = static_cast<int>(rng() % 100), m = static_cast<int>(rng() % 10) * 5;
    t0 = Clock::now();
    s.set("members[" + std::to_string(row) + "].m" + std::to_string(m), std::to_string(rng() % 1000));
    edit_row.push_back(ms_since(t0));
  }
  std::vector<double> all = edit_top;
  all.insert(all.end(), edit_row.begin(), edit_row.end());

  // The same form in a signed catalogue for the browser half.
  proto::Catalogue c;
  c.set_city("bench");
  auto* dep = c.add_departments();
  dep->set_id("bench");
  dep->set_name("bench");
  auto* item = c.add_items();
  item->set_id("bench-item");
  item->set_name("bench");
  item->set_department("bench");
  *c.add_forms() = def;
  crypto::Seed seed{};
  seed[0] = 11;
  const auto key = crypto::keypair_from_seed(crypto::KeyKind::Sign, "bench", seed);
  std::ofstream(out + "/forms-bench.tbg", std::ios::binary) << guide::build_bundle(c, 1, 0, key);
  std::ofstream(out + "/forms-bench-issuer.pub") << crypto::format_public_key_file(crypto::public_half(key));

  nlohmann::json r = {{"fields", 150 + 50},
                      {"rows", 100},
                      {"build_ms_median", pct(build, 0.5)},
                      {"build_ms_p99", pct(build, 0.99)},
                      {"edit_p50_ms", pct(all, 0.5)},
                      {"edit_p99_ms", pct(all, 0.99)},
                      {"edit_top_p99_ms", pct(edit_top, 0.99)},
                      {"edit_row_p99_ms", pct(edit_row, 0.99)},
                      {"evaluations", s.evaluations()}};
  std::printf("%s\n", r.dump().c_str());
  return 0;
}
