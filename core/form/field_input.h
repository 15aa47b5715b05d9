#pragma once
// What people type into a form field, and back: typed text normalised into the stored value (the
// identity checks are the shared ones, check/validate.h), and a number as it is shown and kept.
#include <string>

#include "form/expr.h"
#include "proto/form.pb.h"

namespace tb::form {

// Turns what the person typed into the value stored for a field defined by `def`. Returns what is
// wrong, in plain Chinese, when it cannot (`out` then holds what was typed, or nothing); `warning`
// says what is odd but acceptable. `today_yyyymmdd` bounds birth dates in ID numbers (0: unchecked).
std::string normalise_input(const proto::FormField& def, const std::string& input, int today_yyyymmdd, Value* out,
                            std::string* warning);
// A number as people read it: at most two decimals, no trailing zeros ("12.5", "3").
std::string number_text(double v);

}  // namespace tb::form
