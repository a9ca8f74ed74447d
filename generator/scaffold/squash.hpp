#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "scaffold/carried_file.hpp"
#include "scaffold/project.hpp"
#include "scaffold/source_reader.hpp"

/// `retort squash`: one revision in place of a line of them, for history that has not reached
/// production yet. The new revision records the ids it replaces (`.replaces`), so a database
/// still at one of them is recognised and carried forward by the next `upgrade`.
namespace retort::scaffold {

/// A line of revisions that can be squashed, as the project's sources describe it.
struct squash_range {
  /// From `from` to `to`, parents first.
  std::vector<migration_source> revisions;
  /// What the squash stands on and carries: `from`'s parents and dependencies, every label of
  /// the line.
  std::vector<std::string> down_revision;
  std::vector<std::string> depends_on;
  std::vector<std::string> branch_labels;
  /// Every id the squash stands for, oldest first: each revision's own `replaces` (a squash may
  /// replace a squash), then the revision itself.
  std::vector<std::string> replaces;
  /// False when a replaced revision runs outside a transaction: the squash must too.
  bool transactional = true;
  /// Revisions outside the line that name `to` as down_revision or in depends_on: re-pointed to
  /// the squash.
  std::vector<migration_source> children;
};

/// Reads the project's sources and checks that `from`..`to` (ids, prefixes or labels) is one
/// line: `from` is an ancestor of `to`, no revision after `from` merges, none before `to`
/// branches, and nothing outside the line stands on, or depends on, a revision before `to`.
/// Throws `refusal` saying which revision breaks the line; `target_error` for an unknown name.
[[nodiscard]] squash_range find_squash_range(const project& p, std::string_view from,
                                             std::string_view to);

struct squash_request {
  std::string message;
  /// Empty: a fresh id from the environment.
  std::string rev_id{};
  /// The bodies of upgrade() and downgrade(), holding every replaced revision's operations and
  /// their squash points (`op::squash_point`), as `emit::upgrade_body` lays them out.
  std::string upgrades;
  std::string downgrades;
  /// The files of replaced revisions with C++ code, whose functions the bodies call.
  std::vector<carried_file> carried{};
};

struct written_squash {
  std::string revision;
  std::filesystem::path file;
  std::vector<std::filesystem::path> repointed;  ///< children now standing on the squash
  std::vector<std::filesystem::path> removed;    ///< the replaced revisions' files
};

/// The source of the squash revision: its header (with `.replaces`, and `.transactional = false`
/// when needed) and the two bodies. Not the project's script template: the template has no
/// place for `.replaces`, and the file's comment must explain the squash points.
/// `directory` is where the file goes: the carried files' own includes are written from there.
[[nodiscard]] std::string squash_source(const squash_range& range, const squash_request& request,
                                        const std::string& revision, std::string_view create_date,
                                        const std::filesystem::path& directory = {});

/// Writes the squash revision next to `to`'s file, re-points `range.children` to it, and removes
/// the replaced files. Everything is prepared and the new history checked (the new file and the
/// edited children parse back to what was meant, the graph is valid) before the first file is
/// touched. Throws `refusal` for an invalid or used id, or an edit that would not read back.
written_squash write_squash(const project& p, const squash_range& range,
                            const squash_request& request, const environment& env);

}  // namespace retort::scaffold
