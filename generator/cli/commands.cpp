#include "cli/commands.hpp"

#include <retort/errors.hpp>

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <memory>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "printable.hpp"

#include "cli/graph_commands.hpp"
#include "migrator/migrator.hpp"
#include "plan/migration_plan.hpp"

namespace retort::cli {

std::string counted(std::size_t n, std::string_view noun) {
  return fmt::format("{} {}{}", n, noun, n == 1 ? "" : "s");
}

migrator make_migrator(const settings& s, std::ostream& out) {
  // Flushed: an operator watching a long run (or a waiting one) sees it live.
  return migrator(migrator_options_for(s, [&out](std::string_view line) {
    fmt::print(out, "{}\n", line);
    out.flush();
  }));
}

// Alembic: "start:end syntax is only allowed in offline mode"; online, the version table says
// where to start.
void refuse_range_online(const std::string& target) {
  if (target.find(':') != std::string::npos) {
    throw config_error(fmt::format(
        "the range {} works only with --sql; online, the version table gives the start", target));
  }
}

// On a terminal, one line that each batch of a backfill rewrites: rows done, rate, time left.
std::function<void(const ops::backfill&, const executor::backfill_status&)> progress_line() {
  if (isatty(STDERR_FILENO) == 0) {
    return {};
  }
  return [](const ops::backfill& o, const executor::backfill_status& status) {
    if (status.finished) {
      fmt::print(stderr, "\r\x1b[K");
      return;
    }
    const auto seconds = std::chrono::duration<double>(status.elapsed).count();
    const double rate = seconds > 0 ? static_cast<double>(status.rows_this_run) / seconds : 0.0;
    std::string left;
    if (rate > 0 && status.estimated_rows > status.rows) {
      left = fmt::format(", about {:.0f} s left",
                         static_cast<double>(status.estimated_rows - status.rows) / rate);
    }
    fmt::print(stderr, "\r\x1b[K  backfill \"{}\": {} of about {} rows, {:.0f} rows/s{}",
               printable(o.name), status.rows, std::max(status.estimated_rows, status.rows), rate,
               left);
  };
}

migrator_options migrator_options_for(const settings& s,
                                      std::function<void(std::string_view)> out) {
  return migrator_options_for(s, std::move(out), open_configured_bundle(s));
}

migrator_options migrator_options_for(const settings& s, std::function<void(std::string_view)> out,
                                      std::shared_ptr<const bundle::verified_bundle> bundle) {
  return {.url = s.url,
          .plugin_directory = s.plugins,
          .version_table = {s.version_table, s.version_table_schema},
          .out = std::move(out),
          .concurrency = {.lock_timeout = s.lock_timeout,
                          .pg_lock_timeout = s.pg_lock_timeout,
                          .statement_timeout = s.statement_timeout,
                          .retries = s.retries,
                          .single_transaction = s.single_transaction},
          .policy = s.policy,
          .allow_missing = s.allow_missing,
          .bundle = std::move(bundle),
          .backfill_progress = progress_line()};
}

std::shared_ptr<const bundle::verified_bundle> open_configured_bundle(const settings& s) {
  if (s.bundle.empty()) {
    return nullptr;
  }
  // Verified in full (signature when a key is configured, every file's SHA-256) before
  // anything else: a bad bundle touches neither plugins nor the database.
  return bundle::open_bundle(s.bundle, public_key_of(s));
}

std::optional<std::filesystem::path> public_key_of(const settings& s) {
  return s.public_key.empty() ? std::nullopt : std::optional(s.public_key);
}

void upgrade(const settings& s, const std::string& target, std::ostream& out) {
  refuse_range_online(target);
  make_migrator(s, out).upgrade(target);
}

void downgrade(const settings& s, const std::string& target, std::ostream& out) {
  refuse_range_online(target);
  make_migrator(s, out).downgrade(target);
}

// An offline script's migrator, with the plugins it loaded, is kept until the process exits:
// unloading a hundred plugins and freeing every migration one by one, just before the system
// reclaims it all at once, cost a tenth of `upgrade --sql` at 5,000 revisions. Not with a bundle,
// whose unpacked files its destructor removes; online commands are not offline scripts (their
// destructors close the session and release the lock).
template <class Script>
std::string offline_script(const settings& s, std::ostream& out, Script script) {
  if (!s.bundle.empty()) {
    auto m = make_migrator(s, out);
    return script(m);
  }
  static auto* const kept = new std::vector<std::unique_ptr<migrator>>();
  // `new`, not make_unique: a migrator cannot be moved, only made in place.
  return script(*kept->emplace_back(new migrator(make_migrator(s, out))));
}

// The script is built whole before anything is printed: a refusal leaves stdout empty.
void upgrade_sql(const settings& s, const std::string& target, std::ostream& out) {
  out << offline_script(s, out,
                        [&](migrator& m) { return m.upgrade_sql(target, s.single_transaction); });
}

void downgrade_sql(const settings& s, const std::string& target, std::ostream& out) {
  out << offline_script(s, out,
                        [&](migrator& m) { return m.downgrade_sql(target, s.single_transaction); });
}

void stamp_sql(const settings& s, const std::vector<std::string>& targets, bool purge,
               std::ostream& out) {
  auto script = make_migrator(s, out).stamp_sql(targets, purge, s.single_transaction);
  out << script;
}

void stamp(const settings& s, const std::vector<std::string>& targets, bool purge,
           std::ostream& out) {
  make_migrator(s, out).stamp(targets, purge);
}

void repair(const settings& s, std::ostream& out) {
  make_migrator(s, out).repair();
}

void resolve(const settings& s, const std::string& revision, bool applied, std::ostream& out) {
  make_migrator(s, out).resolve(revision, applied);
}

void log(const settings& s, std::size_t limit, const std::string& revision, bool verbose,
         std::ostream& out) {
  auto m = make_migrator(s, out);
  for (const auto& row : m.log(limit, revision)) {
    // One line: when, what, how it ended, how long, who; the checksum shortened as git does.
    // Every field comes from a table others can write to: none may forge or overwrite a line.
    fmt::print(out, "{:>5} {} {} {} {} {} ms {}@{} {}\n", row.id, row.started_at,
               printable(row.revision), row.direction, row.outcome, row.duration_ms,
               printable(row.os_user), printable(row.host),
               row.source_checksum.empty() ? "-" : printable(row.source_checksum.substr(0, 12)));
    if (verbose) {
      fmt::print(out,
                 "      database user: {}, application: {}, client: {}\n"
                 "      source: {}\n      source checksum: {}\n      plugin sha256: {}\n",
                 printable(row.db_user), printable(row.application_name),
                 row.client_addr.empty() ? "local socket" : printable(row.client_addr),
                 row.source_file.empty() ? "-" : printable(row.source_file),
                 row.source_checksum.empty() ? "-" : printable(row.source_checksum),
                 row.plugin_sha256.empty() ? "-" : printable(row.plugin_sha256));
      if (!row.detail.empty()) {
        fmt::print(out, "      detail: {}\n", printable(row.detail));
      }
    }
  }
}

bool current(const settings& s, bool verbose, bool check_heads, std::ostream& out) {
  auto m = make_migrator(s, out);
  const auto rows = m.current();
  return print_current(m.graph(), rows, m.in_progress(), verbose, check_heads, out);
}

void heads(const settings& s, bool verbose, bool resolve_dependencies, std::ostream& out) {
  print_heads(make_migrator(s, out).graph(), verbose, resolve_dependencies, out);
}

void branches(const settings& s, bool verbose, std::ostream& out) {
  print_branches(make_migrator(s, out).graph(), verbose, out);
}

void show(const settings& s, const std::string& target, std::ostream& out) {
  auto m = make_migrator(s, out);
  print_revisions(m.graph(),
                  target == "current" ? as_revisions(m.graph(), m.current())
                                      : plan::resolve_target(m.graph(), target, {}),
                  out);
}

void history(const settings& s, const std::string& range, bool verbose, bool indicate_current,
             std::ostream& out) {
  auto m = make_migrator(s, out);
  std::vector<std::string> current;
  if (indicate_current || mentions_current(range)) {
    current = m.current();
  }
  print_history(m.graph(), range, verbose, indicate_current, current, out);
}

}  // namespace retort::cli
