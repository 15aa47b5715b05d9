#include "input/engines.h"

namespace tb::kiosk::input {

const char* reason_key(EngineFault f) {
  switch (f) {
    case EngineFault::None: return "ok";
    case EngineFault::Loading: return "loading";
    case EngineFault::Unavailable: return "unavailable";
  }
  return "";
}

const char* reason_text(EngineFault f) {
  switch (f) {
    case EngineFault::None: return "";
    case EngineFault::Loading: return "正在加载输入法，请稍候";
    case EngineFault::Unavailable: return "这种输入方式暂不可用，请换一种方式";
  }
  return "";
}

}  // namespace tb::kiosk::input
