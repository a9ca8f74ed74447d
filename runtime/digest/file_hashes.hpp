#pragma once

#include <atomic>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace retort::digest {

/// The SHA-256 of plugin files, read on a thread of its own while the caller goes on.
///
/// Hashing every plugin a run loads costs as much as the run's own client work (hundreds of
/// megabytes for a large project), and a run mostly waits for the server: so the files are
/// hashed beside it, in the order given (the order the run needs them), and each is waited for
/// only when its hash is due.
class file_hashes {
 public:
  /// Starts hashing `files` in this order; a file given twice is hashed once.
  explicit file_hashes(const std::vector<std::string>& files);
  /// Stops after the file being hashed, if any, and waits for it.
  ~file_hashes();
  file_hashes(const file_hashes&) = delete;
  file_hashes& operator=(const file_hashes&) = delete;

  /// The hash of `file`, as 64 lowercase hex digits, once it is read (a file that was not given is
  /// read now); `get()` waits for it and throws `retort::error` naming the file when it could not
  /// be read. Still answers after this object is gone, with `std::future_error` for a file it
  /// had not reached.
  [[nodiscard]] std::shared_future<std::string> of(const std::string& file) const;

 private:
  void hash_all(std::vector<std::pair<std::string, std::promise<std::string>>> work);

  std::map<std::string, std::shared_future<std::string>> hashes_;
  std::atomic<bool> stopping_{false};
  std::thread worker_;
};

}  // namespace retort::digest
