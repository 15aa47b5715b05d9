// open_store: picks the backend from the URL's scheme.
#include "intake/store.h"

namespace tb::intake {

// store_sqlite.cpp, store_pg.cpp
Result<std::unique_ptr<Store>, StoreError> open_sqlite_store(const std::string& path);
Result<std::unique_ptr<Store>, StoreError> open_pg_store(const std::string& url);

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

const char* reason_key(StoreError e) {
  switch (e) {
    case StoreError::None: return "ok";
    case StoreError::Unavailable: return "unavailable";
    case StoreError::BadUrl: return "bad-url";
    case StoreError::NotFound: return "not-found";
    case StoreError::Ambiguous: return "ambiguous";
    case StoreError::KeyConflict: return "key-conflict";
  }
  return "unknown";
}

const char* reason_text(StoreError e) {
  switch (e) {
    case StoreError::None: return "";
    case StoreError::Unavailable: return "数据库不可用";
    case StoreError::BadUrl: return "不支持的存储地址";
    case StoreError::NotFound: return "未找到";
    case StoreError::Ambiguous: return "多台设备用过这个办件编号，请指明设备";
    case StoreError::KeyConflict: return "该设备已用另一把公钥登记";
  }
  return "";
}

Result<StoredSubmission, StoreError> find_submission(Store& store, const std::string& device, const std::string& id,
                                                     bool with_envelope) {
  std::string from = device;
  if (from.empty()) {
    const auto devices = store.devices_of(id);
    if (!devices) return devices;
    if (devices->empty()) return {StoreError::NotFound, id};
    if (devices->size() > 1) {
      std::string names;
      for (const auto& d : *devices) names += (names.empty() ? "" : ", ") + d;
      return {StoreError::Ambiguous, id + " (devices " + names + ")"};
    }
    from = devices->front();
  }
  return store.get({from, id}, with_envelope);
}

Result<std::unique_ptr<Store>, StoreError> open_store(const std::string& url) {
  if (starts_with(url, "sqlite:")) {
    std::string path = url.substr(7);
    if (starts_with(path, "//")) path = path.substr(2);  // sqlite:///var/lib/x.db
    return open_sqlite_store(path);
  }
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) return open_pg_store(url);
  return {StoreError::BadUrl, (url.empty() ? std::string("no store URL given") : "unsupported store URL '" + redacted(url) + "'") +
                                  ": expected sqlite:/path/to/intake.db or postgresql://user@host/database"};
}

}  // namespace tb::intake
