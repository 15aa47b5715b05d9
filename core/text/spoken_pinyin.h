#pragma once
// Hanzi as toned pinyin, for speech engines that read pinyin better than characters: espeak-ng's
// cmn-latn-pinyin voice reads "yin2 hang2" right, where given 银行 it says "yin xing". Each word of
// rime's pinyin lexicon that holds a character with several readings is read as that word is
// (银行 yin2 hang2, 行长 hang2 zhang3, 重庆 chong2 qing4), longest word first; other characters take
// their most used reading (core's hanzi tables) with its tone (Unihan). 不 before a falling tone
// rises (不是 bu2 shi4). Tables generated at build time by tools/gen/spoken_tables.py.
#include <string>
#include <string_view>

namespace tb::text {

// "请到银行办理。" → "qing3 dao4 yin2 hang2 ban4 li3. " Chinese punctuation becomes the ASCII
// punctuation engines pause at; Latin letters, digits and other text pass through, set apart by
// spaces. Malformed UTF-8 is read leniently (never throws).
std::string to_toned_pinyin(std::string_view utf8);

}  // namespace tb::text
