// Guide benchmark, native half: builds a synthetic 10,000-item catalogue from the sample one (the
// 79 real items plus variants per district, township and case, as a province-wide catalogue
// has), signs it, and measures load + verify, index build, index memory and search latency for
// the query set; and question answering (tests/data/guide-questions.tsv): top-1, top-3 and the
// section read right on the sample catalogue, tuned and held-out parts apart, and the questions'
// latency on the 10,000 items. Writes the bundle and a plain JSON copy of the searchable text for the browser
// half (tools/bench/bench_guides.mjs), which runs our wasm build and the npm peers on the same data.
//   bench_guides SOURCE_DIR OUT_DIR
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "authoring/guide_source.h"
#include "guide/guides.h"
#include "guide/question.h"

using namespace tb;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

proto::Catalogue synthesize(const proto::Catalogue& base, int target) {
  static const char* places[] = {"长安区", "清河区", "北山县", "南湖县", "新华街道", "河东街道", "水泉镇", "莲花乡",
                                 "东营子村", "西沟村", "刘家村", "高新区", "经开区", "滨海新区", "北关街道", "城南镇"};
  static const char* cases[] = {"（新办）", "（变更）", "（延续）", "（注销）", "（补发）", "（异地办理）", "（委托代办）",
                                "（线上办理）"};
  proto::Catalogue c = base;
  int n = 0;
  for (int round = 0; c.items_size() < target; ++round) {
    for (const auto& it : base.items()) {
      if (c.items_size() >= target) break;
      proto::ServiceItem v = it;
      const char* place = places[(n / base.items_size()) % 16];
      const char* kind = cases[(n / (base.items_size() * 16)) % 8];
      v.set_id(it.id() + "-v" + std::to_string(++n));
      v.set_name(std::string(place) + it.name() + kind);
      v.set_summary(std::string(place) + "：" + it.summary());
      c.add_items()->Swap(&v);
    }
  }
  return c;
}

struct Tally {
  int n = 0, top1 = 0, top3 = 0, section = 0;
};

// The question set against `g` (the sample catalogue: the questions name its items): tuned and
// held-out parts, as tests/core/test_guide_answer.cpp counts them.
nlohmann::json answer_questions(const guide::Guides& g, const std::string& tsv) {
  std::ifstream in(tsv);
  Tally parts[2];
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string q, expect, section, part;
    std::getline(f, q, '\t');
    std::getline(f, expect, '\t');
    std::getline(f, section, '\t');
    std::getline(f, part, '\t');
    const auto asked = g.ask(q, 3);
    int rank = 0;
    for (std::size_t i = 0; i < asked.hits.size() && !rank; ++i) {
      std::istringstream alts(expect);
      for (std::string a; std::getline(alts, a, '|');)
        if (a == g.item_at(static_cast<int>(asked.hits[i].item))->id()) rank = static_cast<int>(i) + 1;
    }
    Tally& t = parts[part == "held" ? 1 : 0];
    ++t.n;
    t.top1 += rank == 1;
    t.top3 += rank >= 1;
    t.section += (section == "-" ? std::string() : section) == guide::aspect_key(asked.aspect);
  }
  auto js = [](const Tally& t) { return nlohmann::json{{"n", t.n}, {"top1", t.top1}, {"top3", t.top3}, {"section", t.section}}; };
  return {{"tuned", js(parts[0])}, {"held", js(parts[1])}};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: bench_guides SOURCE_DIR OUT_DIR\n");
    return 2;
  }
  const std::string src = argv[1], out = argv[2];
  authoring::Diagnostics diag;
  auto base = authoring::load_guide_sources(src + "/assets/guides", diag);
  if (!base) {
    for (const auto& e : diag.errors) std::fprintf(stderr, "%s\n", e.c_str());
    return 1;
  }
  const proto::Catalogue big = synthesize(*base, 10000);
  crypto::Seed seed{};
  seed[0] = 42;
  const auto key = crypto::keypair_from_seed(crypto::KeyKind::Sign, "bench", seed);
  crypto::TrustStore trust;
  trust.add({crypto::public_half(key), 0, 0, {}});
  const std::string bundle = guide::build_bundle(big, 1, 0, key);
  {
    std::ofstream(out + "/guides-10k.tbg", std::ios::binary) << bundle;
    std::ofstream(out + "/bench-issuer.pub") << crypto::format_public_key_file(crypto::public_half(key));
  }
  // Plain text for the peers: the same fields our index reads.
  {
    nlohmann::json docs = nlohmann::json::array();
    for (const auto& it : big.items()) {
      std::string syn, mat, body = it.summary();
      for (const auto& s : it.synonyms()) syn += s + " ";
      for (const auto& s : it.tags()) syn += s + " ";
      for (const auto& m : it.materials()) mat += m.name() + " ";
      for (const auto& s : it.conditions()) body += " " + s;
      body += " " + it.result();
      for (const auto& f : it.faq()) body += " " + f.q();
      docs.push_back({{"id", it.id()}, {"name", it.name()}, {"synonyms", syn}, {"materials", mat}, {"body", body}});
    }
    std::ofstream(out + "/guides-10k.json") << docs.dump();
  }

  // Load + verify, index build (median of 5).
  std::vector<double> open_ms, index_ms;
  guide::Guides g;
  for (int i = 0; i < 5; ++i) {
    auto t0 = Clock::now();
    auto opened = guide::open_bundle(bundle, trust, nullptr);
    open_ms.push_back(ms_since(t0));
    if (!opened) return 1;
    t0 = Clock::now();
    guide::Guides fresh;
    fresh.load(std::move(opened));
    index_ms.push_back(ms_since(t0));
    if (i == 4) g = std::move(fresh);
  }
  std::sort(open_ms.begin(), open_ms.end());
  std::sort(index_ms.begin(), index_ms.end());

  // Queries: the query set, each run 20 times.
  std::ifstream qs(src + "/tests/data/search-queries.tsv");
  std::string line;
  std::vector<double> lat;
  int total = 0, top3 = 0;
  nlohmann::json per_query = nlohmann::json::array();
  while (std::getline(qs, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream f(line);
    std::string q, expect, kind;
    std::getline(f, q, '\t');
    std::getline(f, expect, '\t');
    std::getline(f, kind, '\t');
    std::vector<guide::Hit> hits;
    double worst = 0;
    for (int r = 0; r < 20; ++r) {
      const auto t0 = Clock::now();
      hits = g.search(q, 10);
      lat.push_back(ms_since(t0));
      worst = std::max(worst, lat.back());
    }
    bool ok = false;
    std::string ids;
    for (std::size_t i = 0; i < hits.size() && i < 3; ++i) {
      const std::string id = g.item_at(static_cast<int>(hits[i].item))->id();
      ids += id + " ";
      std::istringstream alts(expect);
      for (std::string a; std::getline(alts, a, '|');) ok |= a == id;
    }
    ++total;
    top3 += ok;
    per_query.push_back({{"q", q}, {"kind", kind}, {"ok", ok}, {"top", ids}, {"ms", worst}});
  }
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * lat.size()))]; };

  // Questions: right answers on the sample catalogue; latency of each asked 20 times of the 10,000.
  const std::string questions = src + "/tests/data/guide-questions.tsv";
  guide::Guides sample;
  sample.load(guide::open_bundle(guide::build_bundle(*base, 1, 0, key), trust, nullptr));
  nlohmann::json answers = answer_questions(sample, questions);
  std::vector<double> ask_lat;
  std::vector<std::pair<double, std::string>> ask_worst;
  {
    std::ifstream in(questions);
    for (std::string l; std::getline(in, l);) {
      if (l.empty() || l[0] == '#') continue;
      const std::string q = l.substr(0, l.find('\t'));
      std::vector<double> mine;
      for (int r = 0; r < 20; ++r) {
        const auto t0 = Clock::now();
        (void)g.ask(q, 10);
        mine.push_back(ms_since(t0));
      }
      ask_lat.insert(ask_lat.end(), mine.begin(), mine.end());
      std::nth_element(mine.begin(), mine.begin() + 10, mine.end());
      ask_worst.emplace_back(mine[10], q);
    }
  }
  // The slowest questions by their median time: where the p99 comes from.
  std::sort(ask_worst.rbegin(), ask_worst.rend());
  nlohmann::json slowest = nlohmann::json::array();
  for (std::size_t i = 0; i < std::min<std::size_t>(8, ask_worst.size()); ++i) slowest.push_back({{"q", ask_worst[i].second}, {"ms", ask_worst[i].first}});
  answers["ask_slowest"] = slowest;
  std::sort(ask_lat.begin(), ask_lat.end());
  answers["ask_p50_ms"] = ask_lat[ask_lat.size() / 2];
  answers["ask_p99_ms"] = ask_lat[std::min(ask_lat.size() - 1, static_cast<std::size_t>(0.99 * ask_lat.size()))];
  nlohmann::json result = {{"items", big.items_size()},
                           {"bundle_bytes", bundle.size()},
                           {"open_ms", open_ms[2]},
                           {"index_ms", index_ms[2]},
                           {"index_bytes", g.index().memory_bytes()},
                           {"search_p50_ms", pct(0.5)},
                           {"search_p99_ms", pct(0.99)},
                           {"search_max_ms", lat.back()},
                           {"queries", total},
                           {"top3", top3},
                           {"questions", answers},
                           {"per_query", per_query}};
  std::ofstream(out + "/guides-native.json") << result.dump(1);
  std::printf("%s\n", result.dump().c_str());
  return 0;
}
