#pragma once
// One worker thread for the native kiosk's slow I/O (the intake over HTTP, the receipt printer):
// jobs are done in order, each result waits for the UI thread's next poll, and an SDL user event
// wakes the event loop so that poll comes at once. Made once and never destroyed: at exit the
// thread may still be mid-job.
#include <SDL.h>

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace tb::kiosk::platform {

template <class Job, class Result>
class JobThread {
 public:
  using Work = std::function<Result(std::uint64_t ticket, Job& job)>;
  static JobThread& start(Work work) {
    auto* t = new JobThread(std::move(work));
    std::thread([t] { t->run(); }).detach();
    return *t;
  }
  std::uint64_t push(Job job) {
    std::lock_guard<std::mutex> lock(mu_);
    const std::uint64_t ticket = next_++;
    jobs_.emplace_back(ticket, std::move(job));
    cv_.notify_one();
    return ticket;
  }
  std::vector<Result> take() {
    std::lock_guard<std::mutex> lock(mu_);
    std::vector<Result> out;
    out.swap(done_);
    return out;
  }

 private:
  explicit JobThread(Work work) : work_(std::move(work)) {}
  void run() {
    for (;;) {
      std::pair<std::uint64_t, Job> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [&] { return !jobs_.empty(); });
        job = std::move(jobs_.front());
        jobs_.pop_front();
      }
      Result r = work_(job.first, job.second);
      {
        std::lock_guard<std::mutex> lock(mu_);
        done_.push_back(std::move(r));
      }
      SDL_Event wake{};
      wake.type = SDL_USEREVENT;
      SDL_PushEvent(&wake);
    }
  }

  Work work_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<std::uint64_t, Job>> jobs_;
  std::vector<Result> done_;
  std::uint64_t next_ = 1;
};

}  // namespace tb::kiosk::platform
