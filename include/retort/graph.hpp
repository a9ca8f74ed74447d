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
};

/// The revision map: revisions ordered by `down_revision`, as Alembic's `RevisionMap`.
///
/// Building it validates the whole history (duplicates, missing parents, cycles, bad ids,
/// duplicate labels) and throws `graph_error` naming the revisions and their sources.
/// Revisions are kept in the order given, which breaks ties between independent branches.
class revision_graph {
 public:
  explicit revision_graph(std::vector<revision_info> revisions);
  ~revision_graph();
  revision_graph(revision_graph&&) noexcept;
  revision_graph& operator=(revision_graph&&) noexcept;

  [[nodiscard]] std::size_t size() const noexcept;
  [[nodiscard]] bool contains(std::string_view revision) const;
  /// Throws `target_error` for an unknown id.
  [[nodiscard]] const revision_info& at(std::string_view revision) const;
  /// Every revision, parents before children.
  [[nodiscard]] std::vector<std::string> topological_order() const;

  /// Revisions no other revision names as a down revision.
  [[nodiscard]] std::vector<std::string> heads() const;
  /// Revisions with no down revision.
  [[nodiscard]] std::vector<std::string> bases() const;
  /// Revisions named as down revision by two or more others.
  [[nodiscard]] std::vector<std::string> branch_points() const;
  /// Revisions with more than one down revision.
  [[nodiscard]] std::vector<std::string> merge_points() const;
  /// The revisions that name `revision` as a down revision, in graph order.
  [[nodiscard]] std::vector<std::string> children(std::string_view revision) const;

  /// `revisions` and everything they stand on (down revisions and dependencies, transitively).
  [[nodiscard]] std::set<std::string> ancestors_inclusive(
      const std::vector<std::string>& revisions) const;
  /// `revisions` and everything that stands on them.
  [[nodiscard]] std::set<std::string> descendants_inclusive(
      const std::vector<std::string>& revisions) const;

  /// Resolves a revision id, a unique prefix of at least 4 characters, or a branch label to one
  /// revision id. Throws `target_error` listing candidates when ambiguous or unknown.
  [[nodiscard]] std::string resolve_revision(std::string_view id_or_label) const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace retort
