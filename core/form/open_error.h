#pragma once
// Why a form could not be opened for an item, or a draft could not be resumed in it.
#include "result.h"

namespace tb::form {

enum class OpenError {
  None,
  NoSuchItem,      // the catalogue has no such item (the detail names it)
  NoOnlineForm,    // the item has no form (done at the hall)
  Conflict,        // a 一件事's forms disagree (a shared question with two types)
  DoesNotCompile,  // the form's expressions do not compile (the detail: the first error)
  OtherForm,       // a draft of another form
  OutdatedDraft,   // a draft of an older version of this form
};
const char* reason_key(OpenError e);
const char* reason_text(OpenError e);  // what the person reads: "这份草稿属于另一张表"

}  // namespace tb::form
