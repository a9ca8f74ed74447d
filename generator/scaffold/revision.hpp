#pragma once

#include <retort/errors.hpp>

#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "scaffold/errors.hpp"
#include "scaffold/project.hpp"
#include "scaffold/script.hpp"

/// New revision files, from the history in the project's sources: `retort revision`, `merge`,
/// and the lookups of `edit`. Alembic's `ScriptDirectory.generate_revision`.
namespace retort::scaffold {

/// What fills a new revision's file around its header.
struct revision_body {
  std::string preamble;  ///< after the includes
  std::string upgrades;
  std::string downgrades;
};

struct revision_request {
  std::string message;
  /// What the new revision stands on, as `--head` names it: `head` (the default, when empty),
  /// `base` (a new root), `heads`, an id, a prefix, a branch label, `label@head`. For `merge`,
  /// the revisions to merge.
  std::vector<std::string> heads{};
  /// Allows a parent that is not a head (a new branch from the middle of the history).
  bool splice = false;
  std::vector<std::string> branch_labels{};
  /// Ids, prefixes (resolved to ids) or branch labels (kept as labels).
  std::vector<std::string> depends_on{};
  /// Empty: a fresh id from the environment.
  std::string rev_id{};
  /// Empty: the first version location, or the directory of the parent's file when the project
  /// has several locations. Must lie inside one of them.
  std::filesystem::path version_path{};
  /// For `--autogenerate`: the bodies of upgrade() and downgrade(); the template must use
  /// `${upgrades}` and `${downgrades}` then.
  std::string upgrades{};
  std::string downgrades{};
  /// For `--data`: what fills the file, computed from the new revision's parents once they are
  /// known.
  std::function<revision_body(const std::vector<std::string>& parents)> body_for{};
};

/// What was written.
struct written_revision {
  script_fields fields;
  std::filesystem::path file;
};

/// Reads the project's sources, decides the new revision's parents, renders the template,
/// checks the result parses back to the same header and the history stays valid, and writes
/// the file (never over an existing one). Hooks are not run here (`run_post_write_hooks`).
///
/// Refuses (`refusal`): several heads without `--head` (with Alembic's advice), a parent that
/// is not a head without `splice`, the same head twice, an invalid or existing `--rev-id`, a
/// reserved name (head, heads, base, current) as id or label, an existing file, a version path
/// outside the version locations. Unknown names give `target_error`; a bad source or history
/// `source_error`/`graph_error`; a bad template or file name template `config_error`.
written_revision write_revision(const project& p, const revision_request& request,
                                const environment& env);

/// `retort merge`: `request.heads` names the revisions to merge (`heads` for all). Refuses
/// unless they resolve to two or more revisions, each a head.
written_revision write_merge(const project& p, revision_request request, const environment& env);

/// The files of the revisions `symbol` names (an id, a prefix, a label, `head`, `heads`,
/// `label@head`), for `retort edit`. Throws `target_error` when it names none.
[[nodiscard]] std::vector<std::filesystem::path> revision_files(const project& p,
                                                                std::string_view symbol);

}  // namespace retort::scaffold
