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

// The records of a message whose fields are all length-delimited (GuideBundle, Catalogue): the
// field number and where its value is. Run on bytes check_canonical has accepted.
struct Record {
  std::uint32_t field;
  std::size_t start, value_at, size;  // the record (tag included), its value, the value's size
};
// A varint at `*at` (advanced past it); false at the end of the bytes or past 64 bits.
bool read_varint(std::string_view bytes, std::size_t* at, std::uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 64 && *at < bytes.size(); shift += 7) {
    const auto byte = static_cast<std::uint8_t>(bytes[(*at)++]);
    *value |= static_cast<std::uint64_t>(byte & 0x7F) << shift;
    if (!(byte & 0x80)) return true;
  }
  return false;
}
bool walk_records(std::string_view bytes, std::vector<Record>* out) {
  std::size_t at = 0;
  while (at < bytes.size()) {
    const std::size_t start = at;
    std::uint64_t tag = 0, size = 0;
    if (!read_varint(bytes, &at, &tag) || (tag & 7) != 2 || !read_varint(bytes, &at, &size) || size > bytes.size() - at)
      return false;
    out->push_back({static_cast<std::uint32_t>(tag >> 3), start, at, static_cast<std::size_t>(size)});
    at += static_cast<std::size_t>(size);
  }
  return true;
}

constexpr std::uint32_t kBundleManifest = 1, kBundleBody = 2, kCatalogueItems = 6;

}  // namespace

std::string_view Opened::item_bytes(std::size_t i) const {
  return std::string_view(bundle_bytes).substr(items[i].offset, items[i].size);
}

void Opened::read_item(std::size_t i, proto::ServiceItem* into) const {
  const auto b = item_bytes(i);
  into->ParseFromArray(b.data(), static_cast<int>(b.size()));  // parsed once at open: cannot fail
}

proto::ServiceItem Opened::item(std::size_t i) const {
  proto::ServiceItem it;
  read_item(i, &it);
  return it;
}

proto::Catalogue Opened::catalogue() const {
  proto::Catalogue c = head;
  c.mutable_items()->Reserve(static_cast<int>(items.size()));
  for (std::size_t i = 0; i < items.size(); ++i) read_item(i, c.add_items());
  return c;
}

namespace {

// A bundle's frame: its signed manifest verified and read, and where its body (the catalogue) is.
// The body is not copied out of the bytes, nor checked against the manifest's digest here.
struct Framed {
  proto::Signed signed_manifest;
  proto::GuideManifest manifest;
  std::size_t body_at = 0, body_size = 0;
};
Opened frame_bundle(std::string_view bytes, const crypto::TrustStore& trust, Framed* f) {
  proto::quiet_protobuf_logging();
  if (bytes.empty()) return refuse(Refusal::Malformed, "not a guide bundle (.tbg): empty");
  if (auto checked = proto::check_canonical(bytes, proto::wire_schema<proto::GuideBundle>()); !checked)
    return refuse(Refusal::Malformed, "not a guide bundle (.tbg): " + checked.detail());
  std::vector<Record> records;
  if (!walk_records(bytes, &records)) return refuse(Refusal::Malformed, "not a guide bundle (.tbg): unreadable records");
  const Record* manifest_at = nullptr;
  f->body_at = bytes.size(), f->body_size = 0;  // no body: an empty catalogue (proto3's default)
  for (const auto& r : records) {
    if (r.field == kBundleManifest) manifest_at = &r;
    if (r.field == kBundleBody) f->body_at = r.value_at, f->body_size = r.size;
  }
  if (!manifest_at) return refuse(Refusal::Malformed, "not a guide bundle (.tbg): no manifest");
  if (!f->signed_manifest.ParseFromArray(bytes.data() + manifest_at->value_at, static_cast<int>(manifest_at->size)))
    return refuse(Refusal::Malformed, "not a guide bundle (.tbg): the manifest does not parse");
  if (f->signed_manifest.format() == kDeltaFormat) return refuse(Refusal::WrongFormat, "this is a delta (.tbd), not a bundle");
  const auto v = crypto::verify_document(f->signed_manifest, kManifestFormat, kFormatVersion, trust, 0);
  if (!v) return refuse(from_sign_error(v.reason()), v.detail());
  if (auto parsed = proto::parse_canonical(f->manifest, f->signed_manifest.body()); !parsed)
    return refuse(Refusal::Malformed, "manifest: " + parsed.detail());
  return {};
}

}  // namespace

Result<proto::GuideManifest, Refusal> peek_bundle(std::string_view bytes, const crypto::TrustStore& trust) {
  Framed f;
  if (auto framed = frame_bundle(bytes, trust, &f); !framed) return {framed.reason(), framed.detail()};
  return std::move(f.manifest);
}

Opened open_bundle(std::string bytes, const crypto::TrustStore& trust, const Current* current) {
  // The bundle is read where it lies: its body (the catalogue) is not copied out of it.
  Framed f;
  if (auto framed = frame_bundle(bytes, trust, &f); !framed) return framed;
  Opened o;
  o.manifest = std::move(f.manifest);
  const std::string_view all(bytes);
  const std::size_t body_at = f.body_at;
  const auto& signed_manifest = f.signed_manifest;
  std::vector<Record> records;
  const std::string_view body = all.substr(body_at, f.body_size);
  // The suite has been checked against the issuer's key: its digest (BLAKE2b-256 or SM3) is the one signed.
  if (crypto::digest_for_suite(signed_manifest.suite(), body) != o.manifest.body_digest())
    return refuse(Refusal::Tampered, "body does not match the digest the issuer signed");
  if (current && !current->city.empty() && o.manifest.city() != current->city)
    return refuse(Refusal::WrongCity, "bundle for " + o.manifest.city() + ", device serves " + current->city);
  if (current && o.manifest.version() <= current->version)
    return refuse(Refusal::RolledBack, "version " + std::to_string(o.manifest.version()) +
                                           " is not newer than the installed " + std::to_string(current->version));
  if (auto checked = proto::check_canonical(body, proto::wire_schema<proto::Catalogue>()); !checked)
    return refuse(Refusal::Malformed, "catalogue: " + checked.detail());
  // The catalogue's items stay in the bytes (their places noted); the rest is parsed as the head.
  records.clear();
  if (!walk_records(body, &records)) return refuse(Refusal::Malformed, "catalogue: unreadable records");
  std::string head_bytes;
  for (const auto& r : records) {
    if (r.field == kCatalogueItems)
      o.items.push_back({static_cast<std::uint32_t>(body_at + r.value_at), static_cast<std::uint32_t>(r.size)});
    else
      head_bytes.append(body.substr(r.start, r.value_at + r.size - r.start));
  }
  if (!o.head.ParseFromString(head_bytes)) return refuse(Refusal::Malformed, "catalogue does not parse");
  if (o.items.size() != o.manifest.item_count()) return refuse(Refusal::Tampered, "item count differs from the manifest");
  // Each item parsed once now (protobuf's own checks, such as UTF-8), so reading one later cannot fail.
  {
    proto::ServiceItem scratch;
    for (std::size_t i = 0; i < o.items.size(); ++i) {
      const auto b = body.substr(o.items[i].offset - body_at, o.items[i].size);
      if (!scratch.ParseFromArray(b.data(), static_cast<int>(b.size())))
        return refuse(Refusal::Malformed, "catalogue: item " + std::to_string(i) + " does not parse");
    }
  }
  o.bundle_bytes = std::move(bytes);
  return o;
}


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

Current current_of(const proto::GuideManifest& m) { return {m.version(), m.body_digest(), m.city()}; }
Current current_of(const Opened& o) { return current_of(o.manifest); }

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

Result<std::string, Refusal> build_delta(const std::string& old_bundle, const std::string& new_bundle,
                                         const crypto::TrustStore& trust, const crypto::KeyPair& issuer) {
  const Opened opened_a = open_bundle(old_bundle, trust, nullptr);
  if (!opened_a) return {opened_a.reason(), "old bundle: " + opened_a.detail()};
  const Opened opened_b = open_bundle(new_bundle, trust, nullptr);
  if (!opened_b) return {opened_b.reason(), "new bundle: " + opened_b.detail()};
  struct Whole {
    const proto::GuideManifest& manifest;
    proto::Catalogue catalogue;
  } a{opened_a.manifest, opened_a.catalogue()}, b{opened_b.manifest, opened_b.catalogue()};
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
  proto::Catalogue next = d.meta_changed() ? d.meta() : current.head;
  next.clear_items();
  std::set<std::string> removed(d.removed().begin(), d.removed().end());
  std::map<std::string, const proto::ServiceItem*> upserts;
  for (const auto& it : d.upserts()) upserts[it.id()] = &it;
  {
    proto::ServiceItem it;
    for (std::size_t i = 0; i < current.item_count(); ++i) {
      current.read_item(i, &it);
      if (removed.count(it.id()) || upserts.count(it.id())) continue;
      *next.add_items() = it;
    }
  }
  for (const auto& [id, it] : upserts) *next.add_items() = *it;
  sort_items(next);
  // The rebuilt bundle is opened like any other: the manifest's digest decides if it is right.
  proto::GuideBundle rebuilt;
  *rebuilt.mutable_manifest() = d.manifest();
  rebuilt.set_body(serialize(next));
  next.Clear();
  const Current cur = current_of(current);
  Opened o = open_bundle(serialize(rebuilt), trust, &cur);
  if (o.reason() == Refusal::Tampered) return refuse(Refusal::Tampered, "applying the delta does not give the body the issuer signed");
  return o;
}

}  // namespace tb::guide
