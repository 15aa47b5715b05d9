#include "result.h"

namespace tb {

const char* reason_key(Fault f) {
  switch (f) {
    case Fault::None: return "ok";
    case Fault::Malformed: return "malformed";
    case Fault::Invalid: return "invalid";
    case Fault::NotFound: return "not-found";
    case Fault::TooLarge: return "too-large";
    case Fault::Unsupported: return "unsupported";
    case Fault::Refused: return "refused";
  }
  return "";
}

const char* reason_text(Fault f) {
  switch (f) {
    case Fault::None: return "";
    case Fault::Malformed: return "格式不对";
    case Fault::Invalid: return "内容不符合要求";
    case Fault::NotFound: return "找不到";
    case Fault::TooLarge: return "超出大小限制";
    case Fault::Unsupported: return "版本或类型不受支持";
    case Fault::Refused: return "不予受理";
  }
  return "";
}

}  // namespace tb
