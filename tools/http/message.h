#pragma once
// One request as a handler sees it (read whole, within its route's limits) and the answer it gives.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/budget.h"

namespace tb::http {

struct Request {
  std::string method;                  // "GET", "POST", …
  std::string target;                  // as sent: path and query ("/api/v1/uploads/ab?offset=0")
  std::string path;                    // the target's path, percent-decoded
  std::vector<std::string> matches;    // the route pattern's groups; [0] is the whole path
  std::map<std::string, std::string> headers;  // names in lower case
  std::map<std::string, std::string> query;    // percent-decoded; the last of a repeated name wins
  std::string body;
  std::string peer;                    // the client's address (IP, no port)
  // What the body holds of the server's memory budget; a handler that reads more into memory for
  // this request grows it first (and answers 503 when it cannot).
  std::shared_ptr<MemoryBudget::Lease> memory;

  std::string header(std::string_view lower_case_name) const;  // "" when absent
  std::string param(std::string_view name) const;              // query value, "" when absent
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string file;    // when set: send this file's bytes instead of `body` (the static site)
  bool close = false;  // close the connection afterwards

  // A short answer in words (refusals say why), newline-terminated.
  static Response text(int status, std::string_view words);
  static Response json(int status, std::string body);
};

// "%41b+c" → "Ab c" for query values (plus as space) or "Ab+c" for paths.
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace tb::http
