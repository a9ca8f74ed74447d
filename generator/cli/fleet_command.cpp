#include <algorithm>
#include <mutex>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/commands.hpp"
#include "fleet/database_list.hpp"
#include "fleet/fleet_run.hpp"
#include "url.hpp"

namespace retort::cli {

namespace {

std::string_view outcome_name(fleet::database_result::outcome outcome) {
  switch (outcome) {
    case fleet::database_result::outcome::applied:
      return "applied";
    case fleet::database_result::outcome::current:
      return "current";
    case fleet::database_result::outcome::failed:
      return "FAILED";
  }
  return "?";
}

std::string first_line(const std::string& text) {
  return text.substr(0, text.find('\n'));
}

std::string detail(const fleet::database_result& r) {
  switch (r.result) {
    case fleet::database_result::outcome::applied:
      return fmt::format("now at {}", r.applied.back());
    case fleet::database_result::outcome::current:
      return "already current";
    case fleet::database_result::outcome::failed:
      return first_line(r.reason);
  }
  return {};
}

void print_summary(const std::vector<fleet::database_result>& results, std::ostream& out) {
  std::size_t name_width = std::string_view("DATABASE").size();
  for (const auto& r : results) {
    name_width = std::max(name_width, r.db.name.size());
  }
  auto count = [&](fleet::database_result::outcome o) {
    return std::count_if(results.begin(), results.end(),
                         [o](const auto& r) { return r.result == o; });
  };
  fmt::print(out, "\n{:<{}}  {:<7}  {:>7}  {:>9}  {}\n", "DATABASE", name_width, "RESULT",
             "APPLIED", "TIME", "DETAIL");
  for (const auto& r : results) {
    fmt::print(out, "{:<{}}  {:<7}  {:>7}  {:>6} ms  {}\n", r.db.name, name_width,
               outcome_name(r.result), r.applied.size(), r.elapsed.count(), detail(r));
  }
  fmt::print(out, "{} databases: {} upgraded, {} already current, {} failed\n", results.size(),
             count(fleet::database_result::outcome::applied),
             count(fleet::database_result::outcome::current),
             count(fleet::database_result::outcome::failed));
  for (const auto& r : results) {
    if (r.result == fleet::database_result::outcome::failed) {
      fmt::print(out, "\n{} ({}) failed: {}\n", r.db.name, r.db.origin, r.reason);
    }
  }
}

}  // namespace

bool upgrade_fleet(const settings& s, const std::string& target,
                   const std::filesystem::path& database_list, int jobs, std::ostream& out) {
  refuse_range_online(target);
  const auto databases = fleet::read_database_list(database_list);
  // One broken plugin (or bundle) or a bad target, and no database is touched. A bundle is
  // verified once and shared.
  const auto bundle = open_configured_bundle(s);
  migrator(migrator_options_for(
               s, [](std::string_view) {}, bundle))
      .check_target(plan::direction::upgrade, target);

  std::mutex printing;
  auto results = fleet::run(databases, jobs, [&](const fleet::database& db) {
    auto options = migrator_options_for(
        s,
        [&](std::string_view line) {
          std::lock_guard lock(printing);
          fmt::print(out, "[{}] {}\n", db.name, line);
          out.flush();
        },
        bundle);
    options.url = db.url;
    migrator runner(std::move(options));
    try {
      return runner.upgrade(target);
    } catch (const std::exception& e) {
      // What ran before the failure stays applied; the summary says so.
      throw fleet::partial_failure(runner.applied_in_last_run(), redact_secrets(e.what(), db.url));
    }
  });
  print_summary(results, out);
  return std::none_of(results.begin(), results.end(), [](const auto& r) {
    return r.result == fleet::database_result::outcome::failed;
  });
}

}  // namespace retort::cli
