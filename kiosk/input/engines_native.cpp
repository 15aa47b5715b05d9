// The native kiosk's input engines: Debian's libgooglepinyin and libzinnia, used as packaged.
// googlepinyin keeps one decoder per process (global state); zinnia one recogniser. Both open on
// first use, so a kiosk nobody types Chinese on never reads their data.
#include <pinyinime.h>
#include <zinnia.h>

#include <memory>

#include "crypto/wipe.h"
#include "input/engines.h"
#include "text/utf8.h"

namespace tb::kiosk::input {
namespace {

// googlepinyin writes the words people pick into its user dictionary. A kiosk must learn nothing
// from the people who use it: this path can never be created (nothing can be made under /proc),
// so the decoder opens without one and stores nothing.
constexpr const char* kNoUserDictionary = "/proc/tongban-no-user-dictionary/user_dict.dat";
constexpr std::size_t kMaxLetters = 32, kMaxHanzi = 16;

std::string utf8_of(const ime_pinyin::char16* s, std::size_t max) {
  std::u32string cps;
  for (std::size_t i = 0; i < max && s[i]; ++i) {
    char32_t c = s[i];
    if (c >= 0xD800 && c < 0xDC00 && i + 1 < max && s[i + 1] >= 0xDC00 && s[i + 1] < 0xE000)
      c = 0x10000 + ((c - 0xD800) << 10) + (s[i + 1] - 0xDC00), ++i;
    cps.push_back(c);
  }
  return text::encode_utf8(cps);
}

struct Pinyin {
  bool tried = false, open = false;
  Status<EngineFault> ensure() {
    if (!tried) {
      tried = true;
      open = ime_pinyin::im_open_decoder(TB_GOOGLEPINYIN_DICT, kNoUserDictionary);
      if (open) ime_pinyin::im_set_max_lens(kMaxLetters, kMaxHanzi);
    }
    if (!open) return {EngineFault::Unavailable, std::string("libgooglepinyin cannot open ") + TB_GOOGLEPINYIN_DICT};
    return {};
  }
  void close() {
    if (open) ime_pinyin::im_close_decoder();  // its buffers go back through forget_on_free
    tried = open = false;
  }
};
Pinyin g_pinyin;

struct Handwriting {
  std::unique_ptr<zinnia::Recognizer> recognizer;
  bool tried = false;
  std::string problem;
  Status<EngineFault> ensure() {
    if (!tried) {
      tried = true;
      recognizer.reset(zinnia::Recognizer::create());
      if (!recognizer->open(TB_ZINNIA_MODEL)) {
        problem = std::string("zinnia cannot open ") + TB_ZINNIA_MODEL + ": " + recognizer->what();
        recognizer.reset();
      }
    }
    if (!recognizer) return {EngineFault::Unavailable, problem};
    return {};
  }
};
Handwriting g_hand;

}  // namespace

Status<EngineFault> pinyin_candidates(std::string_view letters, std::size_t max, std::vector<PinyinCandidate>& out) {
  out.clear();
  if (auto s = g_pinyin.ensure(); !s) return s;
  if (letters.empty()) return {};
  const std::size_t n = ime_pinyin::im_search(letters.data(), std::min(letters.size(), kMaxLetters));
  const ime_pinyin::uint16* starts = nullptr;
  const std::size_t syllables = ime_pinyin::im_get_spl_start_pos(starts);
  std::size_t decoded = 0;
  ime_pinyin::im_get_sps_str(&decoded);
  ime_pinyin::char16 buf[kMaxHanzi + 2];
  for (std::size_t i = 0; i < n && out.size() < max; ++i) {
    if (!ime_pinyin::im_get_candidate(i, buf, kMaxHanzi + 1)) continue;
    PinyinCandidate c;
    c.text = utf8_of(buf, kMaxHanzi + 1);
    // The first is the sentence for everything decoded; the others are words from the start, one
    // syllable a character.
    const std::size_t chars = text::count_code_points(c.text);
    c.letters = i == 0 || chars >= syllables ? decoded : starts[chars];
    crypto::wipe(buf, sizeof buf);
    out.push_back(std::move(c));
  }
  return {};
}

Status<EngineFault> suggestions(std::string_view history, std::size_t max, std::vector<std::string>& out) {
  out.clear();
  if (auto s = g_pinyin.ensure(); !s) return s;
  const std::u32string h = text::decode_utf8_lossy(history);
  if (h.empty()) return {};
  // googlepinyin predicts from the last few characters it is handed.
  ime_pinyin::char16 tail[ime_pinyin::kMaxPredictSize + 1] = {};
  const std::size_t take = std::min<std::size_t>(h.size(), ime_pinyin::kMaxPredictSize);
  for (std::size_t i = 0; i < take; ++i) tail[i] = static_cast<ime_pinyin::char16>(h[h.size() - take + i]);
  ime_pinyin::char16 (*predicted)[ime_pinyin::kMaxPredictSize + 1] = nullptr;
  const std::size_t n = ime_pinyin::im_get_predicts(tail, predicted);
  for (std::size_t i = 0; i < n && out.size() < max; ++i) out.push_back(utf8_of(predicted[i], ime_pinyin::kMaxPredictSize + 1));
  crypto::wipe(tail, sizeof tail);
  return {};
}

Status<EngineFault> prepare_handwriting() { return g_hand.ensure(); }

Status<EngineFault> recognise(const Ink& strokes, float width, float height, std::size_t max, std::vector<std::string>& out) {
  out.clear();
  if (auto s = g_hand.ensure(); !s) return s;
  std::unique_ptr<zinnia::Character> ch(zinnia::Character::create());  // freed (and overwritten) after the call
  ch->set_width(static_cast<std::size_t>(width));
  ch->set_height(static_cast<std::size_t>(height));
  for (std::size_t i = 0; i < strokes.size(); ++i)
    for (const auto& p : strokes[i]) ch->add(i, static_cast<int>(p.x), static_cast<int>(p.y));
  std::unique_ptr<zinnia::Result> r(g_hand.recognizer->classify(*ch, max));
  if (r)
    for (std::size_t i = 0; i < r->size(); ++i) out.emplace_back(r->value(i));
  return {};
}

void forget() {
  // Closing drops everything the decoder built from the last pinyin; it reopens on the next use.
  g_pinyin.close();
}

}  // namespace tb::kiosk::input
