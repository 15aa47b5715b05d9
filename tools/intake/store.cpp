// open_store: picks the backend from the URL's scheme.
#include "intake/store.h"

namespace tb::intake {

// store_sqlite.cpp, store_pg.cpp
std::unique_ptr<Store> open_sqlite_store(const std::string& path, std::string* error);
std::unique_ptr<Store> open_pg_store(const std::string& url, std::string* error);

namespace {

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The URL as it may be shown in a message: any password replaced by "***".
std::string redacted(const std::string& url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return url;
  const auto authority = scheme_end + 3;
  const auto at = url.find('@', authority);
  const auto slash = url.find('/', authority);
  if (at == std::string::npos || (slash != std::string::npos && slash < at)) return url;
  const auto colon = url.find(':', authority);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon + 1) + "***" + url.substr(at);
}

}  // namespace

const char* reason_key(LookupError e) {
  switch (e) {
    case LookupError::None: return "ok";
    case LookupError::NotFound: return "not-found";
    case LookupError::Ambiguous: return "ambiguous";
    case LookupError::Unavailable: return "unavailable";
  }
  return "";
}

const char* reason_text(LookupError e) {
  switch (e) {
    case LookupError::None: return "";
    case LookupError::NotFound: return "no such submission";
    case LookupError::Ambiguous: return "several devices used this submission id: name the device";
    case LookupError::Unavailable: return "database unavailable";
  }
  return "";
}

Result<StoredSubmission, LookupError> find_submission(Store& store, const std::string& device, const std::string& id,
                                                      bool with_envelope) {
  std::string error;
  std::string from = device;
  if (from.empty()) {
    const auto devices = store.devices_of(id, &error);
    if (!error.empty()) return {LookupError::Unavailable, error};
    if (devices.empty()) return {LookupError::NotFound, id};
    if (devices.size() > 1) {
      std::string names;
      for (const auto& d : devices) names += (names.empty() ? "" : ", ") + d;
      return {LookupError::Ambiguous, id + " (devices " + names + ")"};
    }
    from = devices.front();
  }
  auto s = store.get({from, id}, with_envelope, &error);
  if (!error.empty()) return {LookupError::Unavailable, error};
  if (!s) return {LookupError::NotFound, id};
  return std::move(*s);
}

std::unique_ptr<Store> open_store(const std::string& url, std::string* error) {
  if (starts_with(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (starts_with(path, "//")) path = path.substr(2);  // sqlite:///var/lib/x.db
    return open_sqlite_store(path, error);
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) return open_pg_store(url, error);
  if (error) {
    *error = url.empty() ? std::string("no store URL given")
                         : "unsupported store URL '" + redacted(url) + "'";
    *error += ": expected sqlite:/path/to/intake.db or postgresql://user@host/database";
  }
  return nullptr;
}

}  // namespace tb::intake
