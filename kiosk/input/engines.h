#pragma once
// The kiosk's Chinese input engines: pinyin (candidates, next-character suggestions) and
// handwriting recognition. One header, one implementation per build chosen by CMake, like
// platform/platform.h — no virtual dispatch:
//   engines_native.cpp  Debian's libgooglepinyin (its own dict_pinyin.dat) and libzinnia with the
//                       tegaki-zinnia-simplified-chinese model, read from where Debian installs them;
//   engines_web.cpp     the lexicon engine (pinyin_lexicon.h) over googlepinyin's lexicon from
//                       rime-data-pinyin-simp, and zinnia compiled to WebAssembly in a module of its
//                       own (wasm/hand/) with the model cut to GB 2312 level 1; the page fetches each
//                       only when an input first needs it, so neither is in the kiosk module.
// Neither pinyin engine's source can be built for WebAssembly here (docs/BUILDING.md), hence two.
//
// What a person types or draws is handed in on every call and lives in app::PersonState; the
// engines' own buffers (googlepinyin's decoder, zinnia's character) are dropped by forget() when a
// session ends. Engines open on first use; in the browser the first calls answer Loading until the
// download is in — the caller draws again a moment later.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "app/person.h"
#include "input/pinyin_lexicon.h"
#include "result.h"

namespace tb::kiosk::input {

enum class EngineFault {
  None,
  Loading,      // the browser is still fetching it: ask again on a later frame
  Unavailable,  // it could not be opened (missing or broken data): the detail says why
};
const char* reason_key(EngineFault f);
const char* reason_text(EngineFault f);

using Ink = std::vector<std::vector<app::InkPoint>>;

// Pinyin candidates for the letters typed (a-z, '), best first: the whole sentence, then words
// for the longest run of syllables from the start (PinyinCandidate::letters says how far).
Status<EngineFault> pinyin_candidates(std::string_view letters, std::size_t max, std::vector<PinyinCandidate>& out);
// What may come next after `history` (the text just chosen), most likely first.
Status<EngineFault> suggestions(std::string_view history, std::size_t max, std::vector<std::string>& out);
// Characters the strokes may be, best first. Strokes in pad pixels; width/height: the pad's size.
Status<EngineFault> recognise(const Ink& strokes, float width, float height, std::size_t max, std::vector<std::string>& out);
// Starts opening (or, in the browser, fetching) the handwriting recogniser before the first
// stroke, when the pad is first shown; says whether it is ready.
Status<EngineFault> prepare_handwriting();

// The session ended: the engines drop their last query and what they built from it.
void forget();

}  // namespace tb::kiosk::input
