#include "digest/file_hashes.hpp"

#include "digest/sha256.hpp"

namespace retort::digest {

namespace {

// The hash, or why the file could not be read, for whoever waits on `promise`.
void hash_into(std::promise<std::string>& promise, const std::string& file) {
  try {
    promise.set_value(sha256_file_hex(file));
  } catch (...) {
    promise.set_exception(std::current_exception());
  }
}

}  // namespace

file_hashes::file_hashes(const std::vector<std::string>& files) {
  std::vector<std::pair<std::string, std::promise<std::string>>> work;
  for (const auto& file : files) {
    if (hashes_.contains(file)) {
      continue;
    }
    std::promise<std::string> promise;
    hashes_.emplace(file, promise.get_future().share());
    work.emplace_back(file, std::move(promise));
  }
  if (!work.empty()) {
    worker_ = std::thread([this, work = std::move(work)]() mutable { hash_all(std::move(work)); });
  }
}

file_hashes::~file_hashes() {
  stopping_ = true;
  if (worker_.joinable()) {
    worker_.join();
  }
}

void file_hashes::hash_all(std::vector<std::pair<std::string, std::promise<std::string>>> work) {
  for (auto& [file, promise] : work) {
    if (stopping_) {
      return;  // nobody waits any more: the rest are abandoned with their promises
    }
    hash_into(promise, file);
  }
}

std::shared_future<std::string> file_hashes::of(const std::string& file) const {
  if (auto found = hashes_.find(file); found != hashes_.end()) {
    return found->second;
  }
  std::promise<std::string> now;
  hash_into(now, file);
  return now.get_future().share();
}

}  // namespace retort::digest
