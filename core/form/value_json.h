#pragma once
// A form answer as JSON: what a department reads in a submission (core/seal/submission.cpp) and what
// the phone API answers (wasm/phone/api/form_ops.cpp) — one mapping, so both agree.
#include <nlohmann/json.hpp>

#include "proto/form.pb.h"

namespace tb::form {

// Bool → true/false, Number → a number, List → an array of strings, anything else → its text.
nlohmann::json value_json(const proto::FormValue& v);

}  // namespace tb::form
