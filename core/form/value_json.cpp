#include "form/value_json.h"

#include <string>
#include <vector>

#include "form/expr.h"

namespace tb::form {

nlohmann::json value_json(const proto::FormValue& v) {
  switch (static_cast<Value::Kind>(v.kind())) {
    case Value::Kind::Bool: return v.flag();
    case Value::Kind::Number: return v.number();
    case Value::Kind::List: return nlohmann::json(std::vector<std::string>(v.list().begin(), v.list().end()));
    default: return v.text();
  }
}

}  // namespace tb::form
