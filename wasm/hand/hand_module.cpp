// The browser kiosk's handwriting recogniser: Debian's zinnia compiled to WebAssembly
// (tools/deps/build-wasm-deps.sh), in a module of its own (tongban-hand.js/.wasm) that the kiosk
// page loads only when the handwriting pad is first shown, with the model handed in as bytes.
// The kiosk module calls it through kiosk/input/engines_web.cpp; nothing here keeps strokes
// between calls (the character is freed and the buffers overwritten by the caller).
#include <emscripten.h>
#include <zinnia.h>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

namespace {
std::unique_ptr<zinnia::Recognizer> g_recognizer;
std::unique_ptr<char[]> g_model;  // zinnia reads the model in place: it must outlive the recogniser
}  // namespace

extern "C" {

// Takes the model's bytes (copied). 1 when zinnia accepts it, else 0 (tb_hand_error says why).
EMSCRIPTEN_KEEPALIVE int tb_hand_open(const char* bytes, int size) {
  g_recognizer.reset();
  g_model.reset(new char[static_cast<std::size_t>(size)]);
  std::memcpy(g_model.get(), bytes, static_cast<std::size_t>(size));
  g_recognizer.reset(zinnia::Recognizer::create());
  return g_recognizer->open(g_model.get(), static_cast<std::size_t>(size)) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE const char* tb_hand_error() { return g_recognizer ? g_recognizer->what() : "not opened"; }

// Strokes as x, y pairs, `counts[i]` points in stroke i, on a pad of width x height pixels. Writes
// up to `max` candidates, best first, "\n"-separated, into out; returns how many (-1: not opened).
EMSCRIPTEN_KEEPALIVE int tb_hand_classify(const float* xy, const int* counts, int strokes, int width, int height, int max,
                                          char* out, int out_size) {
  if (!g_recognizer || out_size < 1) return -1;
  out[0] = 0;
  std::unique_ptr<zinnia::Character> ch(zinnia::Character::create());
  ch->set_width(static_cast<std::size_t>(width));
  ch->set_height(static_cast<std::size_t>(height));
  for (int s = 0, at = 0; s < strokes; ++s)
    for (int k = 0; k < counts[s]; ++k, ++at) ch->add(static_cast<std::size_t>(s), static_cast<int>(xy[2 * at]), static_cast<int>(xy[2 * at + 1]));
  std::unique_ptr<zinnia::Result> r(g_recognizer->classify(*ch, static_cast<std::size_t>(max)));
  ch->clear();
  if (!r) return 0;
  std::string joined;
  int n = 0;
  for (std::size_t i = 0; i < r->size(); ++i) {
    const std::string v = r->value(i);
    if (joined.size() + v.size() + 1 >= static_cast<std::size_t>(out_size)) break;
    joined += (n ? "\n" : "") + v;
    ++n;
  }
  std::memcpy(out, joined.c_str(), joined.size() + 1);
  return n;
}

}  // extern "C"
