#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <retort/graph.hpp>

namespace retort::plan {

enum class direction { upgrade, downgrade };

/// One migration to run, and what it does to the version table: the rows it removes and the
/// rows it adds (an update when one of each). Alembic's rules: a new branch inserts, a linear
/// step updates parent to child, a merge deletes all parents but one and updates the last.
struct migration_step {
  std::string revision;
  direction dir;
  std::vector<std::string> heads_removed;
  std::vector<std::string> heads_added;

  friend bool operator==(const migration_step&, const migration_step&) = default;
};

/// Resolves a target to the revisions it names: `head`, `heads`, `base` (no revisions), an id,
/// a unique prefix, a branch label, `label@head`, `label@base`, `+N`/`-N` (relative to
/// `current_heads`), `<rev>+N`, `<rev>-N`. Throws `target_error` with Alembic's wording.
[[nodiscard]] std::vector<std::string> resolve_target(
    const revision_graph& graph, std::string_view target,
    const std::vector<std::string>& current_heads);

/// Whether resolving `target` needs the database's current heads (`+N`, `-N`); every other
/// target can be resolved, and refused, before connecting.
[[nodiscard]] bool depends_on_current_heads(std::string_view target);

/// The steps that bring a database at `current_heads` up to `targets`, parents first.
[[nodiscard]] std::vector<migration_step> plan_upgrade(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    const std::vector<std::string>& targets);

/// The steps that bring a database at `current_heads` down to `targets` (empty: base),
/// children first. Only applied descendants of the targets are removed; other branches stay.
[[nodiscard]] std::vector<migration_step> plan_downgrade(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    const std::vector<std::string>& targets);

/// What `stamp` does to the version table: the rows to remove and to add. Follows Alembic: each
/// target replaces the current heads on its own lineage (its ancestors and descendants), heads
/// of unrelated branches stay; `purge` starts from an empty table.
struct stamp_change {
  std::vector<std::string> heads_removed;
  std::vector<std::string> heads_added;
  friend bool operator==(const stamp_change&, const stamp_change&) = default;
};
[[nodiscard]] stamp_change plan_stamp(const revision_graph& graph,
                                      const std::vector<std::string>& current_heads,
                                      const std::vector<std::string>& targets, bool purge);

/// The revisions `history` lists for `range` (`A:B`, `A:`, `:B`, or empty for all; ends may be
/// ids, labels, `current`, relative targets), newest first, in Alembic's order.
[[nodiscard]] std::vector<std::string> history(const revision_graph& graph, std::string_view range,
                                               const std::vector<std::string>& current_heads);

/// The heads the version table should hold for `targets`: the targets minus any that is an
/// ancestor of another (used by `stamp`).
[[nodiscard]] std::vector<std::string> normalize_heads(const revision_graph& graph,
                                                       const std::vector<std::string>& targets);

/// Throws `graph_error` when a version-table row is unknown to the graph or is an ancestor of
/// another row: the database and the migrations disagree, and nothing should run.
void check_current_heads(const revision_graph& graph,
                         const std::vector<std::string>& current_heads);

}  // namespace retort::plan
