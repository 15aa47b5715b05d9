#include "seal/submission.h"

#include <sodium.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "crypto/keys.h"

#include "form/value_json.h"

namespace tb::seal {
namespace {

using json = nlohmann::json;

const proto::ServiceItem* find_item(const proto::Catalogue& c, const std::string& id) {
  for (const auto& it : c.items())
    if (it.id() == id) return &it;
  return nullptr;
}

// Invalid UTF-8 can't reach here through the validators, but a dump must never abort the shell.
std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string mime_for(const std::string& name) {
  auto dot = name.rfind('.');
  std::string ext = dot == std::string::npos ? "" : name.substr(dot + 1);
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "heic") return "image/heic";
  if (ext == "pdf") return "application/pdf";
  return "application/octet-stream";
}

// A single-part submission to the item's department.
Planned plan_to_item(const proto::Catalogue& c, const std::string& kind, const std::string& item_id, json data,
                     std::int64_t created_at) {
  const auto* item = find_item(c, item_id);
  if (!item) return {SealError::NoSuchItem, "no item '" + item_id + "' in the catalogue"};
  auto key = department_key(c, item->department());
  if (!key) return key;
  SubmissionPlan p;
  p.seal.kind = kind;
  p.seal.item = item_id;
  p.seal.created_at = created_at;
  data["item"] = item_id;
  p.seal.parts.push_back({item->department(), *key, dump(data), {}});
  return p;
}

}  // namespace

Result<crypto::PublicKey, SealError> department_key(const proto::Catalogue& catalogue, const std::string& department) {
  for (const auto& d : catalogue.departments()) {
    if (d.id() != department) continue;
    // The key's length names its suite (both are inside the signed catalogue): 32 bytes X25519,
    // 65 bytes an uncompressed SM2 point. Anything else means no online submissions.
    const std::size_t size = d.seal_key().size();
    const bool sm = size == crypto::public_key_size(crypto::KeyKind::Sm2Seal) && d.seal_key()[0] == '\x04';
    if (size != crypto::public_key_size(crypto::KeyKind::Seal) && !sm)
      return {SealError::NoOnlineKey, "department '" + d.name() + "' has no key for online submissions (请到窗口办理)"};
    crypto::PublicKey k;
    k.kind = sm ? crypto::KeyKind::Sm2Seal : crypto::KeyKind::Seal;
    k.name = d.id();
    k.key.assign(d.seal_key().begin(), d.seal_key().end());
    k.id = crypto::key_id_of(k.key.data(), k.key.size());
    return k;
  }
  return {SealError::NoSuchDepartment, "department '" + department + "' is not in the catalogue"};
}

std::string attachment_value(std::string_view bytes, std::string name) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::replace(name.begin(), name.end(), ':', '_');
  return "att:" + crypto::to_hex(digest, sizeof digest) + ":" + name + ":" + std::to_string(bytes.size());
}

std::optional<AttachmentValue> parse_attachment_value(const std::string& value) {
  // att:<64 hex>:<name>:<size> — the name may not contain ':' (the shell replaces it).
  if (value.rfind("att:", 0) != 0 || value.size() < 4 + 64 + 4) return std::nullopt;
  const std::string digest = value.substr(4, 64);
  if (digest.find_first_not_of("0123456789abcdef") != std::string::npos || value[68] != ':') return std::nullopt;
  const auto last = value.rfind(':');
  if (last <= 68) return std::nullopt;
  const std::string size = value.substr(last + 1);
  if (size.empty() || size.size() > 12 || size.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  AttachmentValue a;
  a.ref = value.substr(0, 68);
  a.name = value.substr(69, last - 69);
  a.size = std::stoull(size);
  if (a.name.empty()) a.name = "attachment";
  return a;
}

Planned plan_application(const proto::Catalogue& catalogue, const form::MergedForm& merged,
                         const std::vector<proto::FormValue>& answers, std::int64_t created_at) {
  SubmissionPlan p;
  p.seal.kind = "application";
  p.seal.form = merged.def.id();
  p.seal.form_version = merged.def.version();
  p.seal.item = merged.def.item();
  p.seal.created_at = created_at;
  for (const auto& part : form::split_answers(merged, answers)) {
    auto key = department_key(catalogue, part.department);
    if (!key) return key;
    // One part per department: two forms for the same department (rare) share it.
    auto existing = std::find_if(p.seal.parts.begin(), p.seal.parts.end(),
                                 [&](const PartPlan& x) { return x.department == part.department; });
    if (existing != p.seal.parts.end())
      return {SealError::InvalidPlan,
              "two forms in this 一件事 go to department '" + part.department + "'; merge them in the catalogue"};
    const std::size_t index = p.seal.parts.size();
    PartPlan plan{part.department, *key, {}, {}};
    json values = json::object();
    for (const auto& v : part.values) {
      if (auto att = parse_attachment_value(v.text())) {
        AttachmentPlan a{att->name, mime_for(att->name), att->size};
        values[v.path()] = json{{"attachment", plan.attachments.size()}, {"name", att->name}};
        plan.attachments.push_back(a);
        p.attachments.push_back({index, att->ref, a});
        continue;
      }
      values[v.path()] = form::value_json(v);
    }
    std::uint32_t version = merged.def.version();  // the part's own form's version, from the catalogue
    for (const auto& f : catalogue.forms())
      if (f.id() == part.form_id) version = f.version();
    plan.data_json = dump(json{{"form", part.form_id}, {"form_version", version}, {"item", part.item}, {"values", values}});
    p.seal.parts.push_back(std::move(plan));
  }
  if (p.seal.parts.empty())
    return {SealError::NothingToSubmit, "nothing to submit: the form has no answers for any department"};
  return p;
}

Planned plan_rating(const proto::Catalogue& catalogue, const Rating& r, std::int64_t created_at) {
  if (r.stars < 1 || r.stars > 5) return {SealError::InvalidPlan, "a rating is 1 to 5 stars, not " + std::to_string(r.stars)};
  if (r.comment.size() > 2000) return {SealError::InvalidPlan, "the comment is too long (at most 2000 bytes)"};
  return plan_to_item(catalogue, "rating", r.item,
                      json{{"rates", r.submission_id}, {"stars", r.stars}, {"comment", r.comment}}, created_at);
}

Planned plan_appointment(const proto::Catalogue& catalogue, const Appointment& a, std::int64_t created_at) {
  const bool hall_known = std::any_of(catalogue.halls().begin(), catalogue.halls().end(),
                                      [&](const proto::Hall& h) { return h.id() == a.hall; });
  if (!hall_known) return {SealError::NoSuchHall, "no hall '" + a.hall + "' in the catalogue"};
  if (a.date < 20000101 || a.date > 29991231 || a.slot.empty())
    return {SealError::InvalidPlan, "an appointment needs a date (YYYYMMDD) and a time slot"};
  return plan_to_item(catalogue, "appointment", a.item,
                      json{{"hall", a.hall}, {"date", a.date}, {"slot", a.slot}, {"name", a.name}, {"mobile", a.mobile}},
                      created_at);
}

}  // namespace tb::seal
