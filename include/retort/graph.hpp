#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace retort {

/// What the graph knows of one revision: metadata only, no code and no SQL.
struct revision_info {
  std::string revision;
  std::vector<std::string> down_revisions{};
  std::vector<std::string> branch_labels{};
  std::vector<std::string> depends_on{};
  std::string message{};
  std::string source{};  ///< where it came from (a file), for error messages
  /// The revisions this squash revision stands for, oldest first (see `migration_info`).
  std::vector<std::string> replaces{};
};

class revision_graph;
namespace detail {
struct graph_core;
const graph_core& core_of(const revision_graph& graph) noexcept;
}  // namespace detail

/// The revision map: revisions ordered by `down_revision`, as Alembic's `RevisionMap`.
///
/// Building it validates the whole history (duplicates, missing parents, cycles, bad ids,
/// duplicate labels) and throws `graph_error` naming the revisions and their sources.
/// Revisions are kept in the order given (discovery order), which is Alembic's map order: it
/// orders `heads()`, `bases()` and every tie between independent branches.
class revision_graph {
 public:
  explicit revision_graph(std::vector<revision_info> revisions);
  ~revision_graph();
  revision_graph(revision_graph&&) noexcept;
  revision_graph& operator=(revision_graph&&) noexcept;

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] bool contains(std::string_view revision) const;
  /// The squash revision that lists `id` in its `replaces`, if one does (`id` is then not a
  /// revision of the graph).
  [[nodiscard]] std::optional<std::string> replaced_by(std::string_view id) const;
  /// Throws `target_error` for an unknown id.
  [[nodiscard]] const revision_info& at(std::string_view revision) const;
  /// Every revision, parents (and dependencies) first, in the order `upgrade heads` applies
  /// them from an empty database: `history` read backwards.
  [[nodiscard]] std::vector<std::string> topological_order() const;

  /// Revisions no other revision names as a down revision, in discovery order (`alembic heads`).
  [[nodiscard]] std::vector<std::string> heads() const;
  /// Heads that no revision names in `depends_on` either (`alembic heads
  /// --resolve-dependencies`, and what the target `heads` means).
  [[nodiscard]] std::vector<std::string> heads_resolving_dependencies() const;
  /// Heads that some revision depends on: Alembic marks them "(effective head)".
  [[nodiscard]] std::vector<std::string> effective_heads() const;
  /// Revisions with no down revision (they may have dependencies), in discovery order.
  [[nodiscard]] std::vector<std::string> bases() const;
  /// Revisions named as down revision by two or more others, in discovery order.
  [[nodiscard]] std::vector<std::string> branch_points() const;
  /// Revisions with more than one down revision, in discovery order.
  [[nodiscard]] std::vector<std::string> merge_points() const;
  /// The revisions that name `revision` as a down revision, in discovery order.
  [[nodiscard]] std::vector<std::string> children(std::string_view revision) const;
  /// How many revisions name `revision` as a down revision: `children(revision).size()`,
  /// without copying their ids.
  [[nodiscard]] std::size_t child_count(std::string_view revision) const;
  /// The revisions that name `revision` (or one of its labels) in `depends_on`.
  [[nodiscard]] std::vector<std::string> dependents(std::string_view revision) const;
  /// The branch labels that apply to `revision`, sorted: its own, those of every revision it
  /// stands on by down revision, and, as Alembic does, those of the revision above it when the
  /// line between them neither branches nor merges.
  [[nodiscard]] std::vector<std::string> branch_labels(std::string_view revision) const;

  /// `revisions` and everything they stand on (down revisions and dependencies, transitively).
  [[nodiscard]] std::set<std::string> ancestors_inclusive(
      const std::vector<std::string>& revisions) const;
  /// `revisions` and everything that stands on them.
  [[nodiscard]] std::set<std::string> descendants_inclusive(
      const std::vector<std::string>& revisions) const;

  /// Resolves a revision id, a branch label, or a unique prefix of at least 4 characters of
  /// either, to one revision id. Throws `target_error` listing candidates when ambiguous or
  /// unknown.
  [[nodiscard]] std::string resolve_revision(std::string_view id_or_label) const;

 private:
  friend const detail::graph_core& detail::core_of(const revision_graph& graph) noexcept;
  std::unique_ptr<detail::graph_core> core_;
};

}  // namespace retort
