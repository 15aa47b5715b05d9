#include "form/elicence.h"

#include "check/validate.h"
#include "proto/canonical.h"
#include "proto/quiet.h"

namespace tb::form {

std::string sign_elicence(const proto::ELicence& licence, const crypto::KeyPair& issuer) {
  return crypto::sign_document(kELicenceFormat, 1, proto::serialize_canonical(licence), issuer).SerializeAsString();
}

const char* reason_key(ELicenceError e) {
  switch (e) {
    case ELicenceError::None: return "ok";
    case ELicenceError::Malformed: return "malformed";
    case ELicenceError::UntrustedIssuer: return "untrusted-issuer";
    case ELicenceError::BadSignature: return "bad-signature";
    case ELicenceError::Expired: return "expired";
    case ELicenceError::NotHolder: return "not-holder";
  }
  return "";
}

const char* reason_text(ELicenceError e) {
  switch (e) {
    case ELicenceError::None: return "";
    case ELicenceError::Malformed: return "电子证照格式错误";
    case ELicenceError::UntrustedIssuer: return "电子证照的签发机关不受信任";
    case ELicenceError::BadSignature: return "电子证照签名无效";
    case ELicenceError::Expired: return "电子证照已过期";
    case ELicenceError::NotHolder: return "不是本人的电子证照";
  }
  return "";
}

ELicenceCheck verify_elicence(const std::string& signed_bytes, const crypto::TrustStore& trust, std::int64_t now,
                              const std::string& holder_id) {
  proto::quiet_protobuf_logging();
  proto::Signed doc;
  if (auto parsed = proto::parse_canonical(doc, signed_bytes); !parsed) return {ELicenceError::Malformed, parsed.detail()};
  const auto v = crypto::verify_document(doc, kELicenceFormat, 1, trust, now);
  if (!v) return v.reason() == crypto::SignError::UnknownIssuer ? ELicenceError::UntrustedIssuer : ELicenceError::BadSignature;
  proto::ELicence licence;
  if (auto parsed = proto::parse_canonical(licence, doc.body()); !parsed) return {ELicenceError::Malformed, parsed.detail()};
  if (licence.expires_at() && now > licence.expires_at()) return ELicenceError::Expired;
  if (!holder_id.empty() && licence.holder_id() != holder_id) return ELicenceError::NotHolder;
  return licence;
}

Context make_context(int today, std::map<std::string, std::string> profile, const std::vector<proto::ELicence>& licences,
                     const proto::Catalogue& catalogue, const std::string& item_id) {
  Context c;
  c.today = today;
  c.profile = std::move(profile);
  // What a valid resident ID number states (GB 11643): that the person has one, the birth date and,
  // by the parity of the 17th digit, the gender — so profile.has_id, profile.birth_date and
  // profile.gender prefill without typing.
  auto id = c.profile.find("id");
  if (id != c.profile.end()) {
    check::IdOptions o;
    o.today_yyyymmdd = today;
    const check::CheckResult r = check::check_resident_id(id->second, o);
    if (r.severity != check::Severity::Error && r.normalized.size() == 18) {
      const std::string& n = r.normalized;
      c.profile.emplace("birth_date", n.substr(6, 4) + "-" + n.substr(10, 2) + "-" + n.substr(12, 2));
      c.profile.emplace("gender", (n[16] - '0') % 2 ? "男" : "女");
      c.profile.emplace("has_id", "true");
    }
  }
  for (const auto& l : licences) {
    auto& fields = c.elicences[l.type()];
    for (const auto& [k, v] : l.fields()) fields[k] = v;
    fields["holder_name"] = l.holder_name();
    fields["holder_id"] = l.holder_id();
    fields["number"] = l.number();
  }
  // What to call each licence type: the material it stands for (居民户口簿 for hukou).
  for (const auto& it : catalogue.items())
    for (const auto& m : it.materials())
      if (!m.elicence().empty() && !c.elicence_names.count(m.elicence())) c.elicence_names[m.elicence()] = m.name();
  // 零证明: the item's materials that a held licence replaces (for a 一件事, its parts' too).
  std::vector<std::string> items{item_id};
  for (const auto& it : catalogue.items())
    if (it.id() == item_id) items.insert(items.end(), it.bundle_items().begin(), it.bundle_items().end());
  for (const auto& it : catalogue.items()) {
    if (std::find(items.begin(), items.end(), it.id()) == items.end()) continue;
    for (const auto& m : it.materials())
      if (!m.elicence().empty() && c.elicences.count(m.elicence())) c.covered_materials.insert(m.id());
  }
  return c;
}

}  // namespace tb::form
