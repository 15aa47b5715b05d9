#include "form/open_error.h"

namespace tb::form {

const char* reason_key(OpenError e) {
  switch (e) {
    case OpenError::None: return "ok";
    case OpenError::NoSuchItem: return "no-such-item";
    case OpenError::NoOnlineForm: return "no-online-form";
    case OpenError::Conflict: return "conflict";
    case OpenError::DoesNotCompile: return "does-not-compile";
    case OpenError::OtherForm: return "other-form";
    case OpenError::OutdatedDraft: return "outdated-draft";
  }
  return "";
}

const char* reason_text(OpenError e) {
  switch (e) {
    case OpenError::None: return "";
    case OpenError::NoSuchItem: return "没有这个事项";
    case OpenError::NoOnlineForm: return "这个事项暂不支持在线填表";
    case OpenError::Conflict: return "一件事的几张表单互相矛盾";
    case OpenError::DoesNotCompile: return "表单有误，暂时无法填写";
    case OpenError::OtherForm: return "这份草稿属于另一张表";
    case OpenError::OutdatedDraft: return "表单已更新，草稿无法继续使用";
  }
  return "";
}

}  // namespace tb::form
