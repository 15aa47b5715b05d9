#include "http/budget.h"

namespace tb::http {

bool MemoryBudget::Lease::resize(std::uint64_t bytes) {
  if (bytes == held_) return true;
  if (!budget_.change(peer_, held_, bytes)) return false;
  held_ = bytes;
  return true;
}

std::uint64_t MemoryBudget::in_use() const {
  std::lock_guard<std::mutex> lock(mu_);
  return used_;
}

bool MemoryBudget::change(const std::string& peer, std::uint64_t from, std::uint64_t to) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_peer_.find(peer);
  const std::uint64_t peer_now = it == by_peer_.end() ? 0 : it->second;
  if (to > from) {
    const std::uint64_t more = to - from;
    if (used_ + more > total_ || peer_now + more > per_peer_) return false;
    used_ += more;
    by_peer_[peer] = peer_now + more;
    return true;
  }
  const std::uint64_t less = from - to;
  used_ -= less;
  if (peer_now <= less) {
    if (it != by_peer_.end()) by_peer_.erase(it);
  } else {
    it->second = peer_now - less;
  }
  return true;
}

}  // namespace tb::http
