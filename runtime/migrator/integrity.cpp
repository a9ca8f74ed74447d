// What the database records about past runs, checked against the plugins before a run changes
// anything, and the two ways an operator settles a disagreement: `repair` and `resolve`.
#include <retort/errors.hpp>

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "store/advisory_lock.hpp"

namespace retort {

namespace {

std::string marker_refusal(const store::in_progress_marker& marker, std::size_t others) {
  return fmt::format(
      "revision {0} ({1}) did not finish: its {2} began at {3} (backend pid {4}) outside a "
      "transaction (it is non-transactional, or its own SQL ended retort's transaction), and it "
      "never cleared its in-progress marker; the run stopped or failed half-way.\n"
      "Some of its statements may have taken effect and others not: "
      "for example an INVALID index left by CREATE INDEX CONCURRENTLY (list them with `SELECT "
      "indexrelid::regclass FROM pg_index WHERE NOT indisvalid`; drop one with DROP INDEX "
      "CONCURRENTLY and let the migration create it again), or an enum value added by ALTER "
      "TYPE ... ADD VALUE.\n"
      "Check the database against {1}, complete or undo what is half-done, then run `retort "
      "resolve {0} --applied` if the revision's changes are in place or `retort resolve {0} "
      "--reverted` if they are not. The version table still says where the database was before "
      "the {2}.{5}",
      marker.revision, marker.source_file.empty() ? "its source file" : marker.source_file,
      marker.direction, marker.started_at, marker.backend_pid,
      others == 0 ? ""
                  : fmt::format(" ({} more revision{} also did not finish.)", others,
                                others == 1 ? "" : "s"));
}

}  // namespace

const migration_metadata* migrator::metadata_of(const std::string& revision) const {
  if (metadata_by_revision_.empty() && !metadata_.empty()) {
    metadata_by_revision_.reserve(metadata_.size());
    for (const auto& m : metadata_) {
      metadata_by_revision_.emplace(m.info.revision, &m);  // the first, were one declared twice
    }
  }
  const auto found = metadata_by_revision_.find(revision);
  return found != metadata_by_revision_.end() ? found->second : nullptr;
}

std::vector<migrator::checksum_change> migrator::changed_checksums(
    store::history_table& history, const std::vector<std::string>& heads) {
  std::vector<checksum_change> out;
  const auto recorded = history.accepted_checksums();
  if (recorded.empty()) {
    return out;
  }
  // A row still holding a revision a squash replaced stands on that squash's lineage; the
  // squash itself has no recorded checksum until it runs, so it is skipped below.
  std::vector<std::string> lineage;
  for (const auto& head : heads) {
    lineage.push_back(graph_->replaced_by(head).value_or(head));
  }
  for (const auto& revision : graph_->ancestors_inclusive(lineage)) {
    auto found = recorded.find(revision);
    const auto* m = metadata_of(revision);
    if (found == recorded.end() || m == nullptr || found->second == m->source_checksum) {
      continue;
    }
    out.push_back({revision, m->source_file, found->second, m->source_checksum});
  }
  return out;
}

bool migrator::resumable(const store::in_progress_marker& marker) const {
  const auto by_id = migrations_by_revision();
  const auto found = by_id.find(marker.revision);
  if (found == by_id.end() || found->second->transactional()) {
    return false;
  }
  try {
    const auto ops =
        marker.direction == "upgrade" ? found->second->upgrade() : found->second->downgrade();
    return std::any_of(ops.begin(), ops.end(), [](const operation& op) {
      return std::holds_alternative<ops::backfill>(op);
    });
  } catch (const error&) {
    return false;  // preparing the step reports it
  }
}

integrity_error migrator::unresumable(const store::in_progress_marker& marker) const {
  return integrity_error(marker_refusal(marker, 0), marker.revision);
}

std::optional<store::in_progress_marker> migrator::check_integrity(
    store::history_table& history, const std::vector<std::string>& heads, bool may_resume) {
  // An interrupted step first: until it is settled, nothing else the database says is certain.
  auto markers = history.markers();
  std::optional<store::in_progress_marker> resume;
  if (markers.size() == 1 && may_resume && resumable(markers.front())) {
    resume = markers.front();
  } else if (!markers.empty()) {
    throw integrity_error(marker_refusal(markers.front(), markers.size() - 1),
                          markers.front().revision);
  }
  std::vector<std::string> missing;
  for (const auto& revision : history.applied_revisions()) {
    // A squash carries the revisions it replaced: they are not missing.
    if (!graph_->contains(revision) && !graph_->replaced_by(revision)) {
      missing.push_back(revision);
    }
  }
  if (!missing.empty()) {
    if (!options_.allow_missing) {
      throw integrity_error(
          fmt::format("the history table {} says revision{} {} {} applied, but no plugin in {} "
                      "declares {}. A plugin may be missing from the directory, or an old one "
                      "deployed; deploy the plugins that were applied. If {} removed on purpose, "
                      "run again with --allow-missing",
                      history.qualified_name(), missing.size() == 1 ? "" : "s",
                      fmt::join(missing, ", "), missing.size() == 1 ? "is" : "are",
                      options_.plugin_directory.string(), missing.size() == 1 ? "it" : "them",
                      missing.size() == 1 ? "it was" : "they were"),
          missing.front());
    }
    options_.out(fmt::format("Applied revision{} {} not in the plugins (--allow-missing)",
                             missing.size() == 1 ? "" : "s", fmt::join(missing, ", ")));
  }
  auto changed = changed_checksums(history, heads);
  if (!changed.empty()) {
    std::string text;
    for (const auto& c : changed) {
      text += fmt::format(
          "revision {} was applied from a different source than {} holds now\n  recorded "
          "checksum: {}\n  checksum now:      {}\n",
          c.revision, c.source_file, c.recorded, c.current);
    }
    throw integrity_error(
        fmt::format("{}An applied migration must not change: put the source back as it was "
                    "applied (and write a new revision for the change), or, if the change does "
                    "not alter what the migration does (a comment, formatting), accept it with "
                    "`retort repair`. Nothing was changed.",
                    text),
        changed.front().revision);
  }
  return resume;
}

std::vector<std::string> migrator::repair() {
  load();
  auto lock = lock_for_run();
  store::version_table versions(*session_, options_.version_table);
  auto heads = heads_checked(versions);
  store::history_table history(*session_, options_.version_table);
  auto changed = changed_checksums(history, heads);
  std::vector<std::string> out;
  if (changed.empty()) {
    options_.out("Nothing to repair: every applied migration has the checksum it was applied with");
    return out;
  }
  session_->begin();
  try {
    for (const auto& c : changed) {
      const auto* m = metadata_of(c.revision);
      history.append({c.revision,
                      "repair",
                      "accepted",
                      {},
                      c.current,
                      "",
                      m->source_file,
                      fmt::format("checksum was {}", c.recorded)});
    }
    session_->commit();
  } catch (...) {
    session_->rollback();
    throw;
  }
  for (const auto& c : changed) {
    options_.out(fmt::format("Accepted the new checksum of {} ({}): {} -> {}", c.revision,
                             c.source_file, c.recorded, c.current));
    out.push_back(c.revision);
  }
  return out;
}

void migrator::resolve(const std::string& revision, bool applied) {
  load();
  auto lock = lock_for_run();
  store::version_table versions(*session_, options_.version_table);
  store::history_table history(*session_, options_.version_table);
  auto markers = history.markers();
  auto found = std::find_if(markers.begin(), markers.end(),
                            [&](const auto& m) { return m.revision == revision; });
  if (found == markers.end()) {
    std::vector<std::string> names;
    for (const auto& m : markers) {
      names.push_back(m.revision);
    }
    throw config_error(fmt::format(
        "revision {} has no in-progress marker, so there is nothing to resolve ({})", revision,
        names.empty() ? std::string("no step is in progress")
                      : fmt::format("in progress: {}", fmt::join(names, ", "))));
  }
  const auto& marker = *found;
  const bool was_upgrade = marker.direction == "upgrade";
  // The step's version-table change happened exactly when its outcome is the one it aimed at.
  const bool change_done = was_upgrade == applied;
  const auto* m = metadata_of(revision);
  session_->begin();
  try {
    if (change_done) {
      versions.apply(marker.heads_removed, marker.heads_added);
    }
    history.clear_marker(revision);
    history.clear_progress(revision);
    history.append(
        {revision,
         "resolve",
         applied ? "applied" : "reverted",
         {},
         applied && m != nullptr ? m->source_checksum : "",
         "",
         m != nullptr ? m->source_file : marker.source_file,
         fmt::format("interrupted {} started at {}", marker.direction, marker.started_at)});
    session_->commit();
  } catch (...) {
    session_->rollback();
    throw;
  }
  auto now = versions.heads();
  options_.out(fmt::format("Resolved {}: its changes are {}; the {} {}; the database is at {}",
                           revision, applied ? "in place" : "not in place", marker.direction,
                           change_done ? "is recorded as complete" : "is recorded as not done",
                           now.empty() ? "base" : fmt::format("{}", fmt::join(now, ", "))));
}

std::vector<store::history_row> migrator::log(std::size_t limit, const std::string& revision) {
  auto& session = connect();
  store::history_table history(session, options_.version_table);
  return history.rows(limit, revision);
}

std::vector<store::in_progress_marker> migrator::in_progress() {
  auto& session = connect();
  store::history_table history(session, options_.version_table);
  return history.markers();
}

}  // namespace retort
