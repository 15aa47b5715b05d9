#pragma once
// How much memory request bodies may take, all requests together and per client address. A body
// is read into memory only as far as its lease grows; when the budget (or the client's share of it)
// cannot give more, the request is answered 503 and the client retries later, so no request and no
// number of requests can make the server hold more than the budget in bodies. Handlers that read
// more into memory for a request (the intake's assembled uploads) grow the same lease.
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace tb::http {

class MemoryBudget {
 public:
  MemoryBudget(std::uint64_t total, std::uint64_t per_peer) : total_(total), per_peer_(per_peer) {}
  MemoryBudget(const MemoryBudget&) = delete;
  MemoryBudget& operator=(const MemoryBudget&) = delete;

  // What one request holds; given back when the lease is destroyed.
  class Lease {
   public:
    Lease(MemoryBudget& budget, std::string peer) : budget_(budget), peer_(std::move(peer)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { resize(0); }
    // Holds `bytes` from now on (more or less than before); false (holding what it held) when the
    // budget or the peer's share cannot give that much.
    bool resize(std::uint64_t bytes);
    std::uint64_t held() const { return held_; }

   private:
    MemoryBudget& budget_;
    const std::string peer_;
    std::uint64_t held_ = 0;
  };

  std::shared_ptr<Lease> lease(std::string peer) { return std::make_shared<Lease>(*this, std::move(peer)); }
  std::uint64_t in_use() const;
  std::uint64_t total() const { return total_; }

 private:
  bool change(const std::string& peer, std::uint64_t from, std::uint64_t to);
  const std::uint64_t total_, per_peer_;
  mutable std::mutex mu_;
  std::uint64_t used_ = 0;
  std::map<std::string, std::uint64_t> by_peer_;  // only peers holding something
};

}  // namespace tb::http
