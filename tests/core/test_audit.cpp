// The staff station's audit log (core/app/audit_log.h): entries chained and signed by the device
// key verify; an entry changed, removed, inserted, reordered or signed by another device is refused
// with the line; a writer resumes the chain where the stored log ends.
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

#include "app/audit_log.h"
#include "crypto/keys.h"

using namespace tb;

namespace {

crypto::KeyPair device_key(unsigned char fill) {
  crypto::Seed s;
  for (std::size_t i = 0; i < s.size(); ++i) s[i] = static_cast<unsigned char>(fill * 3 + i);
  return crypto::keypair_from_seed(crypto::KeyKind::Device, "kiosk", s);
}

std::vector<std::string> lines_of(const std::string& log) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < log.size()) {
    const auto end = log.find('\n', at);
    out.push_back(log.substr(at, end - at + 1));
    at = end + 1;
  }
  return out;
}

std::string join(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l;
  return s;
}

std::string five_entries(const crypto::KeyPair& dev) {
  auto chain = app::AuditChain::resume("", crypto::public_half(dev));
  BOOST_REQUIRE(chain);
  std::string log;
  log += chain->append({"start", {{"mode", "station"}}}, 1780000000, dev);
  log += chain->append({"sign-in", {{"staff", "S001"}, {"credential", "5d3d"}}}, 1780000010, dev);
  log += chain->append({"scan", {{"kind", "printed"}}}, 1780000020, dev);
  log += chain->append({"submission", {{"submission", "ab12"}, {"staff", "S001"}}}, 1780000030, dev);
  log += chain->append({"sign-out", {{"staff", "S001"}, {"reason", "idle"}}}, 1780000040, dev);
  return log;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(audit)

BOOST_AUTO_TEST_CASE(a_chained_signed_log_verifies) {
  const auto dev = device_key(1);
  const std::string log = five_entries(dev);
  BOOST_TEST(lines_of(log).size() == 5u);
  auto v = app::verify_audit_log(log, crypto::public_half(dev));
  BOOST_REQUIRE_MESSAGE(v, v.message());
  BOOST_TEST(v->entries.size() == 5u);
  BOOST_TEST(v->entries[1].what.event == "sign-in");
  BOOST_TEST(v->entries[1].what.fields[0].value == "S001");
  BOOST_TEST(v->head.size() == 64u);
  BOOST_TEST(app::describe_audit_entry(v->entries[1]) == "2 2026-05-29 04:26:50 sign-in staff=S001 credential=5d3d");
  BOOST_TEST(bool(app::verify_audit_log("", crypto::public_half(dev))));
}

BOOST_AUTO_TEST_CASE(changed_removed_inserted_reordered_or_foreign_entries_are_refused) {
  const auto dev = device_key(1);
  const auto pub = crypto::public_half(dev);
  const auto lines = lines_of(five_entries(dev));
  auto expect = [&](const std::vector<std::string>& l, app::AuditError why, const std::string& where) {
    auto v = app::verify_audit_log(join(l), pub);
    BOOST_TEST(!v);
    BOOST_TEST((v.reason() == why), app::reason_key(v.reason()) << ": " << v.detail());
    BOOST_TEST(v.detail().rfind(where, 0) == 0u, v.detail());
  };
  // Changed: one character of the third entry's Base64.
  auto changed = lines;
  changed[2][10] = changed[2][10] == 'A' ? 'B' : 'A';
  auto v = app::verify_audit_log(join(changed), pub);
  BOOST_TEST(!v);
  BOOST_TEST(v.detail().rfind("line 3: ", 0) == 0u, v.detail());
  // Removed: the second; the first; the middle.
  expect({lines[0], lines[2], lines[3], lines[4]}, app::AuditError::Broken, "line 2: ");
  expect({lines[1], lines[2], lines[3], lines[4]}, app::AuditError::Broken, "line 1: ");
  // Reordered.
  expect({lines[0], lines[2], lines[1], lines[3], lines[4]}, app::AuditError::Broken, "line 2: ");
  // Duplicated (an entry replayed).
  expect({lines[0], lines[1], lines[1], lines[2]}, app::AuditError::Broken, "line 3: ");
  // An entry of another device's log, in its place.
  const auto other = lines_of(five_entries(device_key(2)));
  expect({lines[0], lines[1], other[2], lines[3]}, app::AuditError::WrongDevice, "line 3: ");
  // Verified with another device's key.
  BOOST_TEST((app::verify_audit_log(join(lines), crypto::public_half(device_key(2))).reason() == app::AuditError::WrongDevice));
  // A line cut short (a write that never finished).
  expect({lines[0], lines[1].substr(0, 20)}, app::AuditError::Malformed, "line 2: ");
  expect({lines[0], "not base64 at all\n"}, app::AuditError::Malformed, "line 2: ");
}

BOOST_AUTO_TEST_CASE(a_writer_resumes_the_stored_chain) {
  const auto dev = device_key(1);
  const auto pub = crypto::public_half(dev);
  std::string log = five_entries(dev);
  auto chain = app::AuditChain::resume(log, pub);
  BOOST_REQUIRE(chain);
  BOOST_TEST(chain->last_seq() == 5u);
  log += chain->append({"start", {}}, 1780000100, dev);
  auto v = app::verify_audit_log(log, pub);
  BOOST_REQUIRE_MESSAGE(v, v.message());
  BOOST_TEST(v->entries.back().seq == 6u);
  // A stored log that does not verify is not continued.
  std::string broken = log;
  broken[5] ^= 1;
  BOOST_TEST(!app::AuditChain::resume(broken, pub));
}

BOOST_AUTO_TEST_SUITE_END()
