#include "migrator/migrator.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <map>
#include <span>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "digest/file_hashes.hpp"
#include "executor/executor.hpp"
#include "loader/plugin_files.hpp"
#include "pg/session.hpp"
#include "plan/migration_plan.hpp"
#include "printable.hpp"
#include "render/postgres_dialect.hpp"
#include "store/advisory_lock.hpp"
#include "store/busy_sessions.hpp"

namespace retort {

namespace {

// PostgreSQL's lock_timeout.
constexpr const char* lock_not_available = "55P03";

}  // namespace

migrator::migrator(migrator_options options) : options_(std::move(options)) {}
migrator::~migrator() = default;

void migrator::load() {
  if (graph_) {
    return;
  }
  metadata_by_revision_.clear();
  if (options_.bundle) {
    metadata_ = options_.bundle->metadata();
  } else if (!options_.plugin_files.empty()) {
    std::vector<std::string> files;
    for (const auto& file : options_.plugin_files) {
      files.push_back(loader::canonical_plugin_path(file));
    }
    metadata_ = loader::read_checked_metadata(files);
  } else if (options_.plugin_directory.empty()) {
    throw config_error(
        "no plugin directory: pass --plugins DIR, set RETORT_PLUGINS, or set plugins in "
        "retort.toml");
  } else {
    // Metadata only: reading it runs no plugin code, so read-only commands never load any.
    metadata_ = read_plugin_metadata(options_.plugin_directory);
  }
  std::vector<revision_info> infos;
  infos.reserve(metadata_.size());
  for (const auto& m : metadata_) {
    infos.push_back(m.info);
  }
  graph_.emplace(std::move(infos));
}

void migrator::load_code() {
  load();
  if (migrations_.empty() && !metadata_.empty()) {
    if (options_.bundle) {
      auto code = options_.bundle->load_code();
      sealed_ = std::move(code.sealed);
      migrations_ = std::move(code.migrations);
    } else {
      migrations_ = load_plugin_code(metadata_);
    }
  }
}

const revision_graph& migrator::graph() {
  load();
  return *graph_;
}

pg::session& migrator::connect() {
  if (!session_) {
    if (options_.url.empty()) {
      throw config_error(
          "no database URL: pass --url, or set RETORT_URL or DATABASE_URL, or set url in "
          "retort.toml");
    }
    session_ = pg::session::connect(options_.url);
  }
  return *session_;
}

std::map<std::string, const loaded_migration*> migrator::migrations_by_revision() const {
  std::map<std::string, const loaded_migration*> out;
  for (const auto& m : migrations_) {
    out.emplace(m.info().revision, &m);
  }
  return out;
}

std::vector<std::string> migrator::heads_checked(store::version_table& versions) {
  auto heads = versions.heads();
  plan::check_current_heads(*graph_, heads);
  return heads;
}

void migrator::check_version_width(store::version_table& versions,
                                   const std::vector<plan::migration_step>& steps) {
  auto width = versions.version_num_width();
  if (!width) {
    return;
  }
  for (const auto& step : steps) {
    for (const auto& id : step.heads_added) {
      if (static_cast<int>(id.size()) > *width) {
        throw database_error(
            fmt::format("revision {} is {} characters long but {}.version_num is varchar({}); "
                        "widen it first: ALTER TABLE {} ALTER COLUMN version_num TYPE "
                        "varchar(255)",
                        id, id.size(), versions.sql().qualified_name(), *width,
                        versions.sql().qualified_name()),
            "", "");
      }
    }
  }
}

std::vector<std::string> migrator::run(std::vector<plan::migration_step> steps,
                                       store::history_table& history, const run_checks& checks,
                                       const std::string& resuming) {
  const auto by_id = migrations_by_revision();
  // The history rows record each plugin file's hash: read beside the run, in the steps' order.
  std::vector<std::string> plugin_files;
  for (const auto& step : steps) {
    if (auto found = by_id.find(step.revision);
        found != by_id.end() && !found->second->plugin_file().empty()) {
      plugin_files.push_back(found->second->plugin_file());
    }
  }
  const digest::file_hashes hashes(plugin_files);
  render::postgres_dialect dialect;
  std::vector<executor::prepared_step> prepared;
  try {
    prepared = executor::prepare(steps, by_id, dialect);
  } catch (const migration_failed& e) {
    // The migration's own code refused: nothing ran, but the attempt is on the record.
    const auto* m = metadata_of(e.revision());
    const auto& step = steps.front();
    history.append({e.revision(),
                    step.dir == plan::direction::upgrade ? "upgrade" : "downgrade",
                    "failed",
                    {},
                    m != nullptr ? m->source_checksum : "",
                    "",
                    e.file(),
                    e.what()});
    throw;
  }

  for (auto& step : prepared) {
    if (const auto* code = by_id.at(step.step.revision); !code->plugin_file().empty()) {
      step.plugin_sha256 = hashes.of(code->plugin_file());
    }
  }
  if (const auto& p = options_.policy; p.forward_only && p.force_downgrade) {
    for (auto& step : prepared) {
      if (step.step.dir == plan::direction::downgrade) {
        step.override_note = fmt::format(
            "forced with --force-downgrade in {}, whose policy is forward-only", p.environment);
      }
    }
  }
  if (!resuming.empty()) {
    prepared.front().resuming = true;
    options_.out(
        fmt::format("Continuing revision {}, interrupted earlier: its finished "
                    "statements and batches stay done",
                    resuming));
  }
  checks.prepared(prepared);

  store::version_table versions(*session_, options_.version_table);
  const auto& c = options_.concurrency;
  executor::executor runner(*session_, versions,
                            {.single_transaction = c.single_transaction, .retries = c.retries},
                            &history);
  executor::progress listener;
  listener.retrying = [&](const executor::prepared_step& step, int n,
                          std::chrono::milliseconds pause, const migration_failed& e) {
    options_.out(fmt::format(
        "Retrying {} of {} in {:g} s (retry {} of {}): a lock was not "
        "granted within the lock timeout (SQLSTATE {})",
        step.step.dir == plan::direction::upgrade ? "upgrade" : "downgrade", step.step.revision,
        static_cast<double>(pause.count()) / 1000.0, n, c.retries, e.sqlstate()));
  };
  listener.backfilled = [&](const executor::prepared_step&, const ops::backfill& o,
                            const executor::backfill_status& status) {
    if (options_.backfill_progress) {
      options_.backfill_progress(o, status);
    }
    if (status.finished) {
      const auto seconds = std::chrono::duration<double>(status.elapsed).count();
      options_.out(fmt::format(
          "Backfilled \"{}\": {} rows in {} batches ({} rows in {:.1f} s in this run, {:.0f} "
          "rows/s)",
          printable(o.name), status.rows, status.batches, status.rows_this_run, seconds,
          seconds > 0 ? static_cast<double>(status.rows_this_run) / seconds : 0.0));
    }
  };
  applied_in_last_run_.clear();
  listener.finished = [&](const executor::prepared_step& step,
                          std::chrono::steady_clock::duration elapsed) {
    applied_in_last_run_.push_back(step.step.revision);
    auto ms = std::chrono::duration<double, std::milli>(elapsed).count();
    options_.out(fmt::format(
        "{} ({:.1f} ms)",
        executor::running_line(step, graph_->at(step.step.revision).down_revisions), ms));
  };
  try {
    runner.run(prepared, listener);
  } catch (const migration_failed& e) {
    // When a migration's own SQL ended the run's transaction, what it held was committed or
    // discarded by that SQL, not rolled back by retort: its message says so.
    if (c.single_transaction && dynamic_cast<const executor::transaction_ended*>(&e) == nullptr) {
      applied_in_last_run_.clear();
      options_.out("Rolled back every step of this run (--single-transaction)");
    }
    if (e.sqlstate() != lock_not_available) {
      throw;
    }
    // The lock may be held by a killed run's backend, still at its statement.
    std::vector<store::busy_session> busy;
    try {
      busy = store::busy_retort_sessions(*session_, {session_->backend_pid()});
    } catch (const database_error&) {
    }
    if (busy.empty()) {
      throw;
    }
    throw migration_failed(fmt::format("{}\n{}", e.what(), store::describe_busy_sessions(busy)),
                           e.revision(), e.file(), e.sqlstate(), e.statement());
  } catch (...) {
    if (c.single_transaction) {
      applied_in_last_run_.clear();
      options_.out("Rolled back every step of this run (--single-transaction)");
    }
    throw;
  }
  return applied_in_last_run_;
}

std::vector<std::string> migrator::upgrade(std::string_view target) {
  return migrate(plan::direction::upgrade, target);
}

std::vector<std::string> migrator::downgrade(std::string_view target) {
  const auto& policy = options_.policy;
  if (policy.forward_only) {
    if (!policy.force_downgrade) {
      throw policy_error(fmt::format(
          "downgrade refused: the environment {} is forward-only; undo a change with a new "
          "revision and upgrade, or pass --force-downgrade to override the policy for this run",
          policy.environment.empty() ? "(default)" : policy.environment));
    }
    options_.out(fmt::format("Downgrading {} against its forward-only policy (--force-downgrade)",
                             policy.environment));
  }
  return migrate(plan::direction::downgrade, target);
}

void migrator::check_target(plan::direction dir, std::string_view target) {
  load_code();
  plan::check_target(*graph_, target, dir);
}

std::vector<std::string> migrator::migrate_checked(plan::direction dir, std::string_view target,
                                                   const run_checks& checks) {
  return migrate(dir, target, checks);
}

pending_run migrator::pending(plan::direction dir, std::string_view target) {
  load();
  plan::check_target(*graph_, target, dir);
  store::version_table versions(connect(), options_.version_table);
  auto heads = heads_checked(versions);
  auto steps = dir == plan::direction::upgrade ? plan::plan_upgrade_to(*graph_, heads, target)
                                               : plan::plan_downgrade_to(*graph_, heads, target);
  return {std::move(heads), std::move(steps)};
}

std::vector<std::string> migrator::migrate(plan::direction dir, std::string_view target,
                                           const run_checks& checks) {
  applied_in_last_run_.clear();
  // Every plugin is loaded and checked, and the target too, before connecting: a broken plugin
  // or a bad target means nothing is touched.
  check_target(dir, target);
  bool up = dir == plan::direction::upgrade;
  // Read and plan only under the lock: a run that waited sees what the previous one applied.
  auto lock = lock_for_run();
  store::version_table versions(*session_, options_.version_table);
  auto heads = heads_checked(versions);
  store::history_table history(*session_, options_.version_table);
  const auto resume = check_integrity(history, heads, true);
  auto steps = up ? plan::plan_upgrade_to(*graph_, heads, target)
                  : plan::plan_downgrade_to(*graph_, heads, target);
  if (resume &&
      (steps.empty() || steps.front().revision != resume->revision ||
       (steps.front().dir == plan::direction::upgrade) != (resume->direction == "upgrade"))) {
    throw unresumable(*resume);  // this run would not continue it first
  }
  checks.planned(heads, steps);
  refuse_non_transactional(steps);
  if (up) {
    versions.ensure_exists();
  }
  if (up || !steps.empty()) {
    history.ensure_exists();
  }
  if (steps.empty()) {
    options_.out(fmt::format("Nothing to {}: the database is at {}", up ? "upgrade" : "downgrade",
                             heads.empty() ? "base" : fmt::format("{}", fmt::join(heads, ", "))));
    return {};
  }
  check_version_width(versions, steps);
  return run(std::move(steps), history, checks, resume ? resume->revision : std::string());
}

std::string migrator::check_stamp_policy(const std::vector<std::string>& rows,
                                         const plan::stamp_change& change, bool purge) {
  const auto& policy = options_.policy;
  if (!policy.forward_only) {
    return {};
  }
  std::vector<std::string> unapplied;  // what the next upgrade would run again
  if (!purge) {
    std::vector<std::string> after;
    for (const auto& row : rows) {
      if (std::find(change.heads_removed.begin(), change.heads_removed.end(), row) ==
          change.heads_removed.end()) {
        after.push_back(row);
      }
    }
    after.insert(after.end(), change.heads_added.begin(), change.heads_added.end());
    // Rows may hold revisions a squash replaced: read them as `current` does.
    const auto kept = graph_->ancestors_inclusive(plan::current_revisions(*graph_, after));
    for (const auto& revision :
         graph_->ancestors_inclusive(plan::current_revisions(*graph_, rows))) {
      if (!kept.contains(revision)) {
        unapplied.push_back(revision);
      }
    }
    if (unapplied.empty()) {
      return {};
    }
  }
  const std::string environment = policy.environment.empty() ? "(default)" : policy.environment;
  std::string what = "--purge empties the version table whatever it holds";
  if (!purge) {
    constexpr std::size_t named = 5;
    const std::span<const std::string> shown(unapplied.data(), std::min(unapplied.size(), named));
    what = fmt::format(
        "it would mark {} revision{} as not applied ({}{}), so the next upgrade would run {} "
        "again",
        unapplied.size(), unapplied.size() == 1 ? "" : "s", fmt::join(shown, ", "),
        unapplied.size() > named ? ", ..." : "", unapplied.size() == 1 ? "it" : "them");
  }
  if (!policy.force_downgrade) {
    throw policy_error(fmt::format(
        "stamp refused: the environment {} is forward-only and {}; stamp forward only, or pass "
        "--force-downgrade to override the policy for this run",
        environment, what));
  }
  options_.out(
      fmt::format("Stamping {} against its forward-only policy (--force-downgrade)", environment));
  return fmt::format("forced with --force-downgrade in {}, whose policy is forward-only",
                     environment);
}

void migrator::stamp(const std::vector<std::string>& targets, bool purge) {
  load();
  auto lock = lock_for_run();
  auto& session = connect();
  store::version_table versions(session, options_.version_table);
  versions.ensure_exists();
  // --purge is the way out of a table naming unknown revisions, so only then skip the check.
  auto rows = purge ? std::vector<std::string>{} : heads_checked(versions);
  auto change = plan::plan_stamp(*graph_, rows, targets, purge);
  const std::string override_note = check_stamp_policy(rows, change, purge);
  check_version_width(versions, {{"", plan::direction::upgrade, {}, change.heads_added}});
  store::history_table history(session, options_.version_table);
  history.ensure_exists();
  const auto removed = purge ? versions.heads() : change.heads_removed;
  session.begin();
  try {
    if (purge) {
      versions.replace_all(change.heads_added);
    } else {
      for (const auto& move : change.moves) {
        versions.apply(move.removed, move.added ? std::vector<std::string>{*move.added}
                                                : std::vector<std::string>{});
      }
    }
    for (const auto& revision : removed) {
      history.append({revision, "stamp", "unstamped", {}, "", "", "", override_note});
    }
    for (const auto& revision : change.heads_added) {
      const auto* m = metadata_of(revision);
      history.append({revision,
                      "stamp",
                      "stamped",
                      {},
                      m != nullptr ? m->source_checksum : "",
                      "",
                      m != nullptr ? m->source_file : "",
                      override_note});
    }
    session.commit();
  } catch (...) {
    session.rollback();
    throw;
  }
  auto now = versions.heads();
  options_.out(
      fmt::format("Stamped {}", now.empty() ? "base" : fmt::format("{}", fmt::join(now, ", "))));
}

std::vector<std::string> migrator::current() {
  load();
  auto& session = connect();
  store::version_table versions(session, options_.version_table);
  return heads_checked(versions);
}

}  // namespace retort
