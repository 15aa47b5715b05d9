// The browser kiosk's input engines. Neither pinyin engine's source can be built for WebAssembly
// here (docs/BUILDING.md), so pinyin is the lexicon engine (pinyin_lexicon.h) over googlepinyin's
// own lexicon; handwriting is Debian's zinnia compiled to WebAssembly as a module of its own
// (wasm/hand/: tongban-hand.js/.wasm) with the tegaki model cut to the characters the kiosk font
// draws. The page (wasm/kiosk-web/kiosk.js, Module.tbOnDemand) fetches the lexicon when a pinyin
// keyboard first opens and the recogniser with its model when the pad is first shown; until then
// these answer Loading, and the kiosk module carries neither.
#include <emscripten.h>

#include <cstring>
#include <optional>

#include "crypto/wipe.h"
#include "input/engines.h"
#include "platform/platform.h"

// clang-format off
// 0: still loading (started by the first call), 1: ready, -1: failed (the reason in tbOnDemand.error).
EM_JS(int, tb_js_on_demand_asset, (const char* name), {
  return Module.tbOnDemand ? Module.tbOnDemand.asset(UTF8ToString(name)) : -1;
});
EM_JS(int, tb_js_on_demand_hand, (), { return Module.tbOnDemand ? Module.tbOnDemand.hand() : -1; });
EM_JS(int, tb_js_on_demand_error_size, (const char* what), {
  const e = (Module.tbOnDemand && Module.tbOnDemand.error[UTF8ToString(what)]) || "not offered by this page";
  return lengthBytesUTF8(e) + 1;
});
EM_JS(void, tb_js_on_demand_error, (const char* what, char* dest, int size), {
  stringToUTF8((Module.tbOnDemand && Module.tbOnDemand.error[UTF8ToString(what)]) || "not offered by this page", dest, size);
});
// Strokes (x, y floats; a point count per stroke) into the recogniser module's memory, classify,
// and the candidates back ("\n"-separated UTF-8); the stroke copy there is overwritten afterwards.
EM_JS(int, tb_js_hand_classify, (const float* xy, const int* counts, int strokes, int width, int height, int max), {
  const hand = Module.tbOnDemand.handModule;
  let points = 0;
  for (let i = 0; i < strokes; i++) points += HEAP32[(counts >> 2) + i];
  const xyBytes = points * 8, countBytes = strokes * 4, outSize = 64 * max + 1;
  const xyAt = hand._malloc(xyBytes || 1), countAt = hand._malloc(countBytes || 1), out = hand._malloc(outSize);
  hand.HEAPU8.set(HEAPU8.subarray(xy, xy + xyBytes), xyAt);
  hand.HEAPU8.set(HEAPU8.subarray(counts, counts + countBytes), countAt);
  const n = hand._tb_hand_classify(xyAt, countAt, strokes, width, height, max, out, outSize);
  Module.tbHandResult = n > 0 ? hand.UTF8ToString(out) : "";
  hand.HEAPU8.fill(0, xyAt, xyAt + xyBytes);
  hand.HEAPU8.fill(0, out, out + outSize);
  hand._free(xyAt); hand._free(countAt); hand._free(out);
  return lengthBytesUTF8(Module.tbHandResult) + 1;
});
EM_JS(void, tb_js_hand_result, (char* dest, int size), {
  stringToUTF8(Module.tbHandResult, dest, size);
  Module.tbHandResult = "";
});
// clang-format on

namespace tb::kiosk::input {
namespace {

constexpr const char* kLexiconAsset = "pinyin-lexicon.tsv";

std::string on_demand_error(const char* what) {
  std::string e(static_cast<std::size_t>(tb_js_on_demand_error_size(what)), '\0');
  tb_js_on_demand_error(what, e.data(), static_cast<int>(e.size()));
  e.resize(std::strlen(e.c_str()));
  return e;
}

struct Lexicon {
  std::optional<PinyinLexicon> engine;
  std::string problem;
  Status<EngineFault> ensure() {
    if (engine) return {};
    if (!problem.empty()) return {EngineFault::Unavailable, problem};
    const int state = tb_js_on_demand_asset(kLexiconAsset);
    if (state == 0) return {EngineFault::Loading};
    if (state < 0) {
      problem = std::string(kLexiconAsset) + ": " + on_demand_error(kLexiconAsset);
      return {EngineFault::Unavailable, problem};
    }
    auto bytes = platform::read_asset(kLexiconAsset);
    if (!bytes) return {EngineFault::Unavailable, problem = bytes.detail()};
    auto parsed = PinyinLexicon::parse(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
    if (!parsed) return {EngineFault::Unavailable, problem = parsed.detail()};
    engine = std::move(parsed.value());
    return {};
  }
};
Lexicon g_lexicon;

}  // namespace

Status<EngineFault> pinyin_candidates(std::string_view letters, std::size_t max, std::vector<PinyinCandidate>& out) {
  out.clear();
  if (auto s = g_lexicon.ensure(); !s) return s;
  out = g_lexicon.engine->candidates(letters, max);
  return {};
}

Status<EngineFault> suggestions(std::string_view history, std::size_t max, std::vector<std::string>& out) {
  out.clear();
  if (auto s = g_lexicon.ensure(); !s) return s;
  out = g_lexicon.engine->predictions(history, max);
  return {};
}

Status<EngineFault> prepare_handwriting() {
  const int state = tb_js_on_demand_hand();
  if (state == 0) return {EngineFault::Loading};
  if (state < 0) return {EngineFault::Unavailable, "handwriting: " + on_demand_error("hand")};
  return {};
}

Status<EngineFault> recognise(const Ink& strokes, float width, float height, std::size_t max, std::vector<std::string>& out) {
  out.clear();
  if (auto s = prepare_handwriting(); !s) return s;
  std::vector<float> xy;
  std::vector<int> counts;
  for (const auto& stroke : strokes) {
    counts.push_back(static_cast<int>(stroke.size()));
    for (const auto& p : stroke) xy.push_back(p.x), xy.push_back(p.y);
  }
  std::string joined(static_cast<std::size_t>(tb_js_hand_classify(xy.data(), counts.data(), static_cast<int>(counts.size()),
                                                                   static_cast<int>(width), static_cast<int>(height), static_cast<int>(max))),
                     '\0');
  tb_js_hand_result(joined.data(), static_cast<int>(joined.size()));
  joined.resize(std::strlen(joined.c_str()));
  for (std::size_t at = 0; at < joined.size();) {
    const std::size_t nl = std::min(joined.find('\n', at), joined.size());
    if (nl > at) out.push_back(joined.substr(at, nl - at));
    at = nl + 1;
  }
  crypto::wipe(xy.data(), xy.size() * sizeof(float));
  crypto::wipe(joined);
  return {};
}

// The lexicon engine keeps no query; the recogniser module's copies are overwritten per call.
void forget() {}

}  // namespace tb::kiosk::input
