#pragma once
// What the front ends say around an answer (guide/answer.h), in ui_strings.h's words: why a
// question has no answer ("" when it has one), and the title of the section an answer quotes, as
// the item page titles it ("" for the whole item).
#include "guide/answer.h"

namespace tb::ui {

const char* unanswered_text(guide::Unanswered u);
const char* aspect_title(proto::Aspect a);

}  // namespace tb::ui
