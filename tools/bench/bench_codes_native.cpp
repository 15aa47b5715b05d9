// City-code benchmark, native: the revocation list at city scale (5,000,000 revoked 16-byte ids),
// Base45 on a typical signed payload (120 bytes), and the codes themselves (core/code/codes.h):
// verifying a dynamic and a printed code (with the city-scale revocation list installed) and making
// a dynamic code, each timed one operation at a time. Prints one JSON object on stdout.
//   bench_codes_native [--ids N] [--fingerprint-bits F] [--no-variants]
// Ids and queries come from fixed-seed std::mt19937_64 streams, so runs are comparable.
#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <sodium.h>
#include <time.h>

#include "code/base45.h"
#include "code/codes.h"
#include "code/revocation.h"
#include "crypto/keys.h"

using namespace tb::code;
using Clock = std::chrono::steady_clock;

namespace {

// Thread CPU time: what the operation cost, without the time slices a busy machine gives to others.
double thread_cpu_us() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::vector<std::string> random_ids(std::size_t n, std::mt19937_64& rng) {
  std::vector<std::string> ids(n, std::string(16, '\0'));
  for (auto& id : ids) {
    const std::uint64_t a = rng(), b = rng();
    std::memcpy(&id[0], &a, 8);
    std::memcpy(&id[8], &b, 8);
  }
  return ids;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const std::size_t i = std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5));
  return v[i];
}

double measured_fp(const RevocationFilter& f, const std::vector<std::string>& non_members) {
  std::size_t hits = 0;
  for (const auto& id : non_members) hits += f.maybe_revoked(id);
  return static_cast<double>(hits) / static_cast<double>(non_members.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::size_t n_ids = 5000000;
  int bits = kRevocationDefaultFingerprintBits;
  bool variants = true;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--ids" && i + 1 < argc)
      n_ids = std::strtoull(argv[++i], nullptr, 10);
    else if (a == "--fingerprint-bits" && i + 1 < argc)
      bits = std::atoi(argv[++i]);
    else if (a == "--no-variants")
      variants = false;
    else {
      std::fprintf(stderr, "usage: bench_codes_native [--ids N] [--fingerprint-bits F] [--no-variants]\n");
      return 2;
    }
  }

  std::mt19937_64 rng(20240601);
  const std::vector<std::string> ids = random_ids(n_ids, rng);
  const std::vector<std::string> non_members = random_ids(1000000, rng);  // 2^-128 chance of overlap
  std::array<unsigned char, 16> seed{};
  for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<unsigned char>(0xA0 + i);

  // --- Build and open ---
  auto t0 = Clock::now();
  const auto built = revocation_build(ids, seed, bits);
  const double build_ms = ms_since(t0);
  if (!built) {
    std::fprintf(stderr, "build failed: %s\n", built.describe().c_str());
    return 1;
  }
  const std::string& bytes = *built;
  t0 = Clock::now();
  const auto filter = RevocationFilter::open(bytes);
  const double open_ms = ms_since(t0);
  if (!filter) {
    std::fprintf(stderr, "open failed: %s\n", filter.describe().c_str());
    return 1;
  }

  // --- Lookups: 1,000,000 queries, members and non-members interleaved at random, timed per batch ---
  constexpr std::size_t kQueries = 1000000, kBatch = 1000;
  // The query ids are copied into one flat buffer so the timing measures the filter, not cache
  // misses on the benchmark's own 5 M heap-allocated strings.
  std::vector<char> queries(kQueries * 16);
  std::size_t member_queries = 0;
  {
    std::uniform_int_distribution<std::size_t> pick_member(0, ids.size() ? ids.size() - 1 : 0);
    std::uniform_int_distribution<std::size_t> pick_other(0, non_members.size() - 1);
    for (std::size_t i = 0; i < kQueries; ++i) {
      const bool member = ids.size() && (rng() & 1);
      member_queries += member;
      const std::string& id = member ? ids[pick_member(rng)] : non_members[pick_other(rng)];
      std::memcpy(&queries[i * 16], id.data(), 16);
    }
  }
  std::vector<double> per_lookup_ns;
  per_lookup_ns.reserve(kQueries / kBatch);
  std::size_t positives = 0;
  for (std::size_t start = 0; start < kQueries; start += kBatch) {
    const auto b0 = Clock::now();
    for (std::size_t i = start; i < start + kBatch; ++i) positives += filter->maybe_revoked(std::string_view(&queries[i * 16], 16));
    per_lookup_ns.push_back(std::chrono::duration<double, std::nano>(Clock::now() - b0).count() / kBatch);
  }
  double mean_ns = 0;
  for (double v : per_lookup_ns) mean_ns += v;
  mean_ns /= static_cast<double>(per_lookup_ns.size());

  std::size_t false_negatives = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(ids.size(), 1000000); ++i) false_negatives += !filter->maybe_revoked(ids[i]);
  const double fp = measured_fp(*filter, non_members);

  // --- Base45 on a 120-byte payload ---
  std::string payload(120, '\0');
  for (auto& c : payload) c = static_cast<char>(rng() & 0xFF);
  constexpr int kB45Reps = 200000;
  std::size_t sink = 0;
  t0 = Clock::now();
  for (int i = 0; i < kB45Reps; ++i) {
    payload[0] = static_cast<char>(i);
    sink += base45_encode(payload).size();
  }
  const double enc_ms = ms_since(t0);
  const std::string text = base45_encode(payload);
  t0 = Clock::now();
  for (int i = 0; i < kB45Reps; ++i) {
    const auto d = base45_decode(text);
    sink += d ? d->size() : 0;
  }
  const double dec_ms = ms_since(t0);
  const double enc_ns = enc_ms * 1e6 / kB45Reps, dec_ns = dec_ms * 1e6 / kB45Reps;

  // --- Codes: one operation at a time, microseconds (wall clock; and thread CPU time, which leaves
  // out preemption on a loaded machine) ---
  auto key = [](tb::crypto::KeyKind kind, unsigned char fill) {
    tb::crypto::Seed s;
    s.fill(fill);
    return tb::crypto::keypair_from_seed(kind, "bench", s);
  };
  const auto issuer = key(tb::crypto::KeyKind::Sign, 1), device = key(tb::crypto::KeyKind::Device, 2);
  constexpr std::int64_t kNow = 1780000000;
  Credential cred;
  cred.holder = {"欧**华", "110105********002X"};
  cred.device_public_key = device.public_key;
  cred.valid_from = kNow - 86400;
  cred.valid_until = kNow + 365 * 86400;
  const std::string credential = issue_credential(cred, issuer);
  Printed printed;
  printed.credential_id = std::string(16, '\x42');
  printed.holder = cred.holder;
  printed.valid_until = cred.valid_until;
  const std::string printed_code = issue_printed(printed, issuer);
  Verifier verifier;
  verifier.trust({tb::crypto::public_half(issuer), {Kind::Dynamic, Kind::Printed}, 0, 0});
  const bool list_installed = static_cast<bool>(verifier.set_revocation_list(sign_revocation_list(bytes, kNow - 60, issuer), kNow));
  constexpr int kCodeReps = 3000;
  std::vector<std::string> dynamic_codes;
  struct Times {
    std::vector<double> wall, cpu;
  };
  Times issue_t, verify_dyn_t, verify_printed_t;
  const auto timed = [](Times& t, const auto& op) {
    const double cpu0 = thread_cpu_us();
    const auto c0 = Clock::now();
    op();
    t.wall.push_back(std::chrono::duration<double, std::micro>(Clock::now() - c0).count());
    t.cpu.push_back(thread_cpu_us() - cpu0);
  };
  for (int i = 0; i < kCodeReps; ++i)
    timed(issue_t, [&] {
      auto text = dynamic_code(credential, device, kNow + 30 * i, 30);
      dynamic_codes.push_back(text ? *text : std::string());
    });
  std::size_t verified = 0;
  for (int i = 0; i < kCodeReps; ++i)  // each in its own window, so none is a replay
    timed(verify_dyn_t, [&] { verified += static_cast<bool>(verifier.verify(dynamic_codes[static_cast<std::size_t>(i)], kNow + 30 * i)); });
  for (int i = 0; i < kCodeReps; ++i) timed(verify_printed_t, [&] { verified += static_cast<bool>(verifier.verify(printed_code, kNow)); });

  std::printf("{\n");
  std::printf("  \"revocation\": {\n");
  std::printf("    \"ids\": %zu,\n    \"fingerprint_bits\": %d,\n", ids.size(), bits);
  std::printf("    \"value_bits\": %d,\n    \"rice_bits\": %d,\n    \"buckets\": %u,\n    \"entries\": %zu,\n",
              filter->list().value_bits, filter->list().rice_bits, filter->list().bucket_count, filter->entries());
  std::string digest_hex;  // the same on every platform: the build is deterministic
  {
    unsigned char d[16];
    crypto_generichash(d, sizeof d, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), nullptr, 0);
    for (unsigned char c : d) {
      char h[3];
      std::snprintf(h, sizeof h, "%02x", c);
      digest_hex += h;
    }
  }
  std::printf("    \"list_blake2b128\": \"%s\",\n", digest_hex.c_str());
  std::printf("    \"build_ms\": %.1f,\n    \"open_validate_ms\": %.1f,\n", build_ms, open_ms);
  std::printf("    \"size_bytes\": %zu,\n    \"bytes_per_id\": %.4f,\n    \"bits_per_id\": %.3f,\n", bytes.size(),
              ids.empty() ? 0.0 : double(bytes.size()) / double(ids.size()),
              ids.empty() ? 0.0 : 8.0 * double(bytes.size()) / double(ids.size()));
  std::printf("    \"lookup_queries\": %zu,\n    \"lookup_member_share\": %.3f,\n    \"lookup_batch\": %zu,\n", kQueries,
              double(member_queries) / kQueries, kBatch);
  std::printf("    \"lookup_ns_median\": %.1f,\n    \"lookup_ns_p99\": %.1f,\n    \"lookup_ns_mean\": %.1f,\n",
              percentile(per_lookup_ns, 0.5), percentile(per_lookup_ns, 0.99), mean_ns);
  std::printf("    \"positives_in_mix\": %zu,\n    \"false_negatives\": %zu,\n", positives, false_negatives);
  std::printf("    \"false_positive_rate_measured\": %.3g,\n    \"false_positive_queries\": %zu,\n", fp, non_members.size());
  std::printf("    \"false_positive_rate_expected\": %.3g,\n    \"false_positive_bound\": %.3g", filter->list().expected_false_positive_rate(),
              1.0 / double(1u << bits));
  if (variants) {
    std::printf(",\n    \"variants\": [");
    bool first = true;
    for (const int f : {14, 16, 17}) {
      if (f == bits) continue;
      const auto v0 = Clock::now();
      const auto built_f = revocation_build(ids, seed, f);
      const double vms = ms_since(v0);
      if (!built_f) continue;
      const std::string& vb = *built_f;
      const auto vf = RevocationFilter::open(vb);
      if (!vf) continue;
      std::printf("%s\n      {\"fingerprint_bits\": %d, \"size_bytes\": %zu, \"bits_per_id\": %.3f, \"build_ms\": %.1f, "
                  "\"false_positive_rate_measured\": %.3g, \"false_positive_rate_expected\": %.3g}",
                  first ? "" : ",", f, vb.size(), 8.0 * double(vb.size()) / double(ids.size()), vms,
                  measured_fp(*vf, non_members), vf->list().expected_false_positive_rate());
      first = false;
    }
    std::printf("\n    ]");
  }
  std::printf("\n  },\n");
  std::printf("  \"base45\": {\n");
  std::printf("    \"payload_bytes\": 120,\n    \"text_chars\": %zu,\n    \"reps\": %d,\n", text.size(), kB45Reps);
  std::printf("    \"encode_ns_per_payload\": %.1f,\n    \"encode_MB_per_s\": %.1f,\n", enc_ns, 120.0 / enc_ns * 1e3);
  std::printf("    \"decode_ns_per_payload\": %.1f,\n    \"decode_MB_per_s\": %.1f\n", dec_ns, 120.0 / dec_ns * 1e3);
  std::printf("  },\n");
  std::printf("  \"codes\": {\n");
  std::printf("    \"reps\": %d,\n    \"revocation_list_installed\": %s,\n    \"revoked_ids\": %zu,\n", kCodeReps,
              list_installed ? "true" : "false", ids.size());
  std::printf("    \"dynamic_chars\": %zu,\n    \"printed_chars\": %zu,\n    \"verified\": %zu,\n", dynamic_codes[0].size(),
              printed_code.size(), verified);
  const auto times = [](const char* name, const Times& t, bool last) {
    std::printf("    \"%s_us_median\": %.1f,\n    \"%s_us_p99\": %.1f,\n", name, percentile(t.wall, 0.5), name, percentile(t.wall, 0.99));
    std::printf("    \"%s_cpu_us_median\": %.1f,\n    \"%s_cpu_us_p99\": %.1f%s\n", name, percentile(t.cpu, 0.5), name,
                percentile(t.cpu, 0.99), last ? "" : ",");
  };
  times("verify_dynamic", verify_dyn_t, false);
  times("verify_printed", verify_printed_t, false);
  times("issue_dynamic", issue_t, true);
  std::printf("  },\n  \"sink\": %zu\n}\n", sink % 7);
  return 0;
}
