#include "guide/bundle.h"

#include <algorithm>
#include <map>
#include <set>

#include "proto/canonical.h"
#include "proto/quiet.h"

namespace tb::guide {
namespace {

Opened refuse(Refusal r, std::string detail) { return Opened(r, std::move(detail)); }

Refusal from_sign_error(crypto::SignError e) {
  switch (e) {
    case crypto::SignError::None: return Refusal::None;
    case crypto::SignError::Unsigned: return Refusal::Unsigned;
    case crypto::SignError::WrongFormat: return Refusal::WrongFormat;
    case crypto::SignError::UnsupportedVersion:
    case crypto::SignError::UnknownSuite: return Refusal::Malformed;
    case crypto::SignError::UnknownIssuer:
    case crypto::SignError::IssuerNotAllowed: return Refusal::UnknownIssuer;
    case crypto::SignError::BadSignature: return Refusal::BadSignature;
  }
  return Refusal::Malformed;
}

void sort_items(proto::Catalogue& c) {
  std::sort(c.mutable_items()->begin(), c.mutable_items()->end(),
            [](const proto::ServiceItem& a, const proto::ServiceItem& b) { return a.id() < b.id(); });
}

std::string serialize(const google::protobuf::MessageLite& m) {
  std::string out;
  m.SerializeToString(&out);
  return out;
}

// Verifies a signed manifest and that `body` is what it signed; fills `o` on success.
Opened check_manifest(const proto::Signed& signed_manifest, std::string body, const crypto::TrustStore& trust,
                      const Current* current) {
  const auto v = crypto::verify_document(signed_manifest, kManifestFormat, kFormatVersion, trust, 0);
  if (!v) return refuse(from_sign_error(v.reason()), v.detail());
  Opened o;
  if (auto parsed = proto::parse_canonical(o.manifest, signed_manifest.body()); !parsed)
    return refuse(Refusal::Malformed, "manifest: " + parsed.detail());
  // The suite has been checked against the issuer's key: its digest (BLAKE2b-256 or SM3) is the one signed.
  if (crypto::digest_for_suite(signed_manifest.suite(), body) != o.manifest.body_digest())
    return refuse(Refusal::Tampered, "body does not match the digest the issuer signed");
  if (current && !current->city.empty() && o.manifest.city() != current->city)
    return refuse(Refusal::WrongCity, "bundle for " + o.manifest.city() + ", device serves " + current->city);
  if (current && o.manifest.version() <= current->version)
    return refuse(Refusal::RolledBack, "version " + std::to_string(o.manifest.version()) +
                                           " is not newer than the installed " + std::to_string(current->version));
  if (auto parsed = proto::parse_canonical(o.catalogue, body); !parsed)
    return refuse(Refusal::Malformed, "catalogue: " + parsed.detail());
  if (static_cast<std::uint32_t>(o.catalogue.items_size()) != o.manifest.item_count())
    return refuse(Refusal::Tampered, "item count differs from the manifest");
  proto::GuideBundle b;
  *b.mutable_manifest() = signed_manifest;
  b.set_body(std::move(body));
  o.bundle_bytes = serialize(b);
  return o;
}

}  // namespace

const char* reason_key(Refusal r) {
  switch (r) {
    case Refusal::None: return "ok";
    case Refusal::Malformed: return "malformed";
    case Refusal::Unsigned: return "unsigned";
    case Refusal::UnknownIssuer: return "unknown-issuer";
    case Refusal::BadSignature: return "bad-signature";
    case Refusal::WrongFormat: return "wrong-format";
    case Refusal::Tampered: return "tampered";
    case Refusal::RolledBack: return "rolled-back";
    case Refusal::WrongBase: return "wrong-base";
    case Refusal::WrongCity: return "wrong-city";
    case Refusal::NotStored: return "not-stored";
  }
  return "";
}

const char* reason_text(Refusal r) {
  switch (r) {
    case Refusal::None: return "";
    case Refusal::Malformed: return "文件损坏或格式错误";
    case Refusal::Unsigned: return "未签名";
    case Refusal::UnknownIssuer: return "非受信任的签发方";
    case Refusal::BadSignature: return "签名无效，可能被篡改";
    case Refusal::WrongFormat: return "文件类型不符";
    case Refusal::Tampered: return "内容与签名不符";
    case Refusal::RolledBack: return "版本回退";
    case Refusal::WrongBase: return "增量包与当前版本不匹配";
    case Refusal::WrongCity: return "非本地区的指南";
    case Refusal::NotStored: return "无法保存（存储空间不足？）";
  }
  return "";
}

Current current_of(const Opened& o) { return {o.manifest.version(), o.manifest.body_digest(), o.manifest.city()}; }

std::string build_bundle(proto::Catalogue catalogue, std::uint64_t version, std::int64_t issued_at,
                         const crypto::KeyPair& issuer) {
  sort_items(catalogue);
  std::string body = serialize(catalogue);
  proto::GuideManifest m;
  m.set_city(catalogue.city());
  m.set_version(version);
  m.set_issued_at(issued_at);
  m.set_body_digest(crypto::digest_for_suite(crypto::suite_of(issuer.kind), body));
  m.set_item_count(static_cast<std::uint32_t>(catalogue.items_size()));
  proto::GuideBundle b;
  *b.mutable_manifest() = crypto::sign_document(kManifestFormat, kFormatVersion, serialize(m), issuer);
  b.set_body(std::move(body));
  return serialize(b);
}

Opened open_bundle(const std::string& bytes, const crypto::TrustStore& trust, const Current* current) {
  proto::quiet_protobuf_logging();
  proto::GuideBundle b;
  if (bytes.empty()) return refuse(Refusal::Malformed, "not a guide bundle (.tbg): empty");
  if (auto parsed = proto::parse_canonical(b, bytes); !parsed)
    return refuse(Refusal::Malformed, "not a guide bundle (.tbg): " + parsed.detail());
  if (!b.has_manifest()) return refuse(Refusal::Malformed, "not a guide bundle (.tbg): no manifest");
  if (b.manifest().format() == kDeltaFormat) return refuse(Refusal::WrongFormat, "this is a delta (.tbd), not a bundle");
  return check_manifest(b.manifest(), std::move(*b.mutable_body()), trust, current);
}

Result<std::string, Refusal> build_delta(const std::string& old_bundle, const std::string& new_bundle,
                                         const crypto::TrustStore& trust, const crypto::KeyPair& issuer) {
  const Opened a = open_bundle(old_bundle, trust, nullptr);
  if (!a) return {a.reason(), "old bundle: " + a.detail()};
  const Opened b = open_bundle(new_bundle, trust, nullptr);
  if (!b) return {b.reason(), "new bundle: " + b.detail()};
  if (b.manifest.version() <= a.manifest.version())
    return {Refusal::RolledBack, "new bundle's version must be greater than the old one's"};
  proto::GuideDeltaBody d;
  d.set_base_version(a.manifest.version());
  d.set_base_digest(a.manifest.body_digest());
  proto::GuideBundle nb;
  nb.ParseFromString(new_bundle);
  *d.mutable_manifest() = nb.manifest();
  std::map<std::string, std::string> old_items;
  for (const auto& it : a.catalogue.items()) old_items[it.id()] = serialize(it);
  std::set<std::string> seen;
  for (const auto& it : b.catalogue.items()) {
    seen.insert(it.id());
    auto found = old_items.find(it.id());
    if (found == old_items.end() || found->second != serialize(it)) *d.add_upserts() = it;
  }
  for (const auto& [id, bytes] : old_items)
    if (!seen.count(id)) d.add_removed(id);
  proto::Catalogue meta_a = a.catalogue, meta_b = b.catalogue;
  meta_a.clear_items();
  meta_b.clear_items();
  if (serialize(meta_a) != serialize(meta_b)) {
    d.set_meta_changed(true);
    *d.mutable_meta() = meta_b;
  }
  proto::GuideDelta delta;
  *delta.mutable_delta() = crypto::sign_document(kDeltaFormat, kFormatVersion, serialize(d), issuer);
  return serialize(delta);
}

Opened apply_delta(const Opened& current, const std::string& delta_bytes, const crypto::TrustStore& trust) {
  proto::quiet_protobuf_logging();
  proto::GuideDelta delta;
  if (delta_bytes.empty()) return refuse(Refusal::Malformed, "not a guide delta (.tbd): empty");
  if (auto parsed = proto::parse_canonical(delta, delta_bytes); !parsed) {
    proto::GuideBundle bundle;
    if (proto::parse_canonical(bundle, delta_bytes) && bundle.manifest().format() == kManifestFormat)
      return refuse(Refusal::WrongFormat, "this is a bundle (.tbg), not a delta");
    return refuse(Refusal::Malformed, "not a guide delta (.tbd): " + parsed.detail());
  }
  if (!delta.has_delta()) return refuse(Refusal::Malformed, "not a guide delta (.tbd): no signed delta");
  if (delta.delta().format() == kManifestFormat) return refuse(Refusal::WrongFormat, "this is a bundle (.tbg), not a delta");
  const auto v = crypto::verify_document(delta.delta(), kDeltaFormat, kFormatVersion, trust, 0);
  if (!v) return refuse(from_sign_error(v.reason()), v.detail());
  proto::GuideDeltaBody d;
  if (auto parsed = proto::parse_canonical(d, delta.delta().body()); !parsed)
    return refuse(Refusal::Malformed, "delta body: " + parsed.detail());
  if (d.base_version() != current.manifest.version() || d.base_digest() != current.manifest.body_digest())
    return refuse(Refusal::WrongBase, "delta is for version " + std::to_string(d.base_version()) + ", installed is " +
                                          std::to_string(current.manifest.version()));
  // Rebuild the new catalogue from the current one; the manifest's digest decides if it is right.
  proto::Catalogue next = d.meta_changed() ? d.meta() : current.catalogue;
  next.clear_items();
  std::set<std::string> removed(d.removed().begin(), d.removed().end());
  std::map<std::string, const proto::ServiceItem*> upserts;
  for (const auto& it : d.upserts()) upserts[it.id()] = &it;
  for (const auto& it : current.catalogue.items()) {
    if (removed.count(it.id()) || upserts.count(it.id())) continue;
    *next.add_items() = it;
  }
  for (const auto& [id, it] : upserts) *next.add_items() = *it;
  sort_items(next);
  const Current cur = current_of(current);
  Opened o = check_manifest(d.manifest(), serialize(next), trust, &cur);
  if (o.reason() == Refusal::Tampered) return refuse(Refusal::Tampered, "applying the delta does not give the body the issuer signed");
  return o;
}

}  // namespace tb::guide
