#pragma once
// The generated lexicon (tools/gen/pinyin_lexicon.py, build/<preset>/assets/pinyin-lexicon.tsv).
#include <fstream>
#include <sstream>
#include <string>

inline std::string generated_lexicon() {
  std::ifstream in(TB_PINYIN_LEXICON, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
