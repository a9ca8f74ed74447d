#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "fleet/database_list.hpp"

namespace retort::fleet {

/// What happened to one database.
struct database_result {
  enum class outcome { applied, current, failed };

  database db;
  outcome result = outcome::failed;
  /// The revisions applied, in order; also those applied before a failure.
  std::vector<std::string> applied{};
  /// Why it failed: the error's message.
  std::string reason{};
  std::chrono::milliseconds elapsed{0};
};

/// Thrown by a `migrate_one` that failed after applying some revisions, so the report can say
/// where the database stands.
class partial_failure : public std::runtime_error {
 public:
  partial_failure(std::vector<std::string> applied, const std::string& what)
      : std::runtime_error(what), applied_(std::move(applied)) {}
  [[nodiscard]] const std::vector<std::string>& applied() const noexcept { return applied_; }

 private:
  std::vector<std::string> applied_;
};

/// Migrates one database and returns the revisions it applied; throws on failure. It is called
/// from several threads at once, each time for a different database.
using migrate_one = std::function<std::vector<std::string>(const database&)>;

/// Migrates every database with at most `jobs` at a time. A failure is recorded for its
/// database and does not stop the others. Returns the results in the order of `databases`.
/// `finished` (called under a lock, so it may print) hears about each database as it ends.
[[nodiscard]] std::vector<database_result> run(
    const std::vector<database>& databases, int jobs, const migrate_one& migrate,
    const std::function<void(const database_result&)>& finished = [](const database_result&) {});

}  // namespace retort::fleet
