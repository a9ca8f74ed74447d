#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <retort/graph.hpp>

namespace retort::plan {

enum class direction { upgrade, downgrade };

/// "upgrade" or "downgrade", as messages and the history table spell it.
[[nodiscard]] inline std::string verb(direction dir) {
  return dir == direction::upgrade ? "upgrade" : "downgrade";
}

/// One migration to run, and what it does to the version table: the rows it removes and the
/// rows it adds (an update when one of each). Alembic's rules: a new branch inserts, a linear
/// step updates parent to child, a merge deletes all parents but one and updates the last, an
/// unmerge updates one parent and inserts the others; afterwards the table holds one row per
/// head of what is applied (dependencies count as parents).
struct migration_step {
  std::string revision;
  direction dir;
  std::vector<std::string> heads_removed;
  std::vector<std::string> heads_added;
  /// For a squash revision on a database whose row still holds one of the revisions it
  /// replaces: that revision. Only the squash's operations after its squash point run, and
  /// the row is `heads_removed` (upgrade) or replaces the squash there (downgrade).
  std::string resume_after{};

  friend bool operator==(const migration_step&, const migration_step&) = default;
};

/// The steps `upgrade <target>` runs on a database at `current_heads`, in Alembic's order
/// (`ScriptDirectory._upgrade_revs`). Every target form works: `head`, `heads`, ids, prefixes,
/// labels, `<label>@head`, `<label>@heads`, `<id>@head`, `+N`, `<label>@+N`, `<rev>+N`,
/// `<rev>-N`. Throws `target_error` with Alembic's wording.
[[nodiscard]] std::vector<migration_step> plan_upgrade_to(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    std::string_view target);

/// The steps `downgrade <target>` runs (`ScriptDirectory._downgrade_revs`): `base`,
/// `<label>@base`, ids, labels, `-N`, `<label>@-N`, `<rev>-N`, `<rev>+N`. What stands on the
/// target and is applied goes, children first; other branches stay.
[[nodiscard]] std::vector<migration_step> plan_downgrade_to(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    std::string_view target);

/// Refuses, before connecting, a target that cannot work whatever the database holds (unknown
/// revision, several heads for `head`, an ambiguous walk, ...). Targets that depend on the
/// current heads (see `depends_on_current_heads`) are checked as far as possible.
void check_target(const revision_graph& graph, std::string_view target, direction dir);

/// Resolves a target to the revisions it names, as `upgrade` reads it (`-N` forms as
/// `downgrade` reads them); `base` and walks that end below the first revision give none.
/// Prefer `plan_upgrade_to`/`plan_downgrade_to`, which also keep `<label>@` restrictions.
[[nodiscard]] std::vector<std::string> resolve_target(
    const revision_graph& graph, std::string_view target,
    const std::vector<std::string>& current_heads);

/// The revisions a target names as `show <target>` reads it (Alembic's `get_revisions`): an id,
/// a prefix, a label, `head`, `heads`, `<label>@head`, `<label>@heads`, `-N` (down from the
/// heads of the migrations); `base` names none.
[[nodiscard]] std::vector<std::string> revisions_named(const revision_graph& graph,
                                                       std::string_view target);

/// Whether resolving `target` needs the database's current heads (`+N`, `-N`, `<label>@+N`,
/// `<label>@-N`); every other target can be resolved, and refused, before connecting.
[[nodiscard]] bool depends_on_current_heads(std::string_view target);

/// The steps that bring a database at `current_heads` up to the revisions `targets` (ids).
[[nodiscard]] std::vector<migration_step> plan_upgrade(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    const std::vector<std::string>& targets);

/// The steps that bring a database at `current_heads` down to `targets` (ids; empty: base),
/// children first. Only applied descendants of the targets are removed; other branches stay.
[[nodiscard]] std::vector<migration_step> plan_downgrade(
    const revision_graph& graph, const std::vector<std::string>& current_heads,
    const std::vector<std::string>& targets);

/// One of Alembic's StampSteps, as the version table sees it: the `removed` rows give way to
/// `added` (all but the last deleted, the last updated to it, as Alembic's merge does); with
/// nothing removed, `added` is inserted; with nothing added, the rows are deleted.
struct stamp_move {
  std::vector<std::string> removed;
  std::optional<std::string> added;
  friend bool operator==(const stamp_move&, const stamp_move&) = default;
};

/// What `stamp` does to the version table: the rows to remove and to add, and how, move by
/// move, in the order to apply them.
struct stamp_change {
  std::vector<std::string> heads_removed;
  std::vector<std::string> heads_added;  ///< in the order the targets name them
  /// Each added row with the removed rows on its own lineage (ancestors and descendants), so a
  /// row is only ever updated to a revision of its own line; then the removed rows no added
  /// one reaches (`base`), deleted.
  std::vector<stamp_move> moves{};
  friend bool operator==(const stamp_change&, const stamp_change&) = default;
};

/// `stamp <targets>...` (`ScriptDirectory._stamp_revs`): the rows on each target's lineage
/// (its ancestors and descendants, dependencies included) give way to the target; a target on
/// no row's lineage adds a row; `base` (or `<label>@base`) removes its lineage's rows; rows of
/// unrelated branches stay. `purge` starts from an empty table. Targets are read as Alembic's
/// `get_revisions` reads them (`-N` walks down from the heads of the migrations).
/// Stricter than Alembic: targets on one line (one below another) are refused, since the table
/// would hold a revision and its ancestor; where Alembic 1.8 loses or fails on rows of one
/// target's lineage while moving another's, retort moves each lineage on its own.
[[nodiscard]] stamp_change plan_stamp(const revision_graph& graph,
                                      const std::vector<std::string>& current_heads,
                                      const std::vector<std::string>& targets, bool purge);

/// The revisions `history` lists for `range` (`A:B`, `A:`, `:B`, or empty for all; ends may be
/// ids, labels, `<label>@head`, `current`, relative targets), newest first, in Alembic's order.
[[nodiscard]] std::vector<std::string> history(const revision_graph& graph, std::string_view range,
                                               const std::vector<std::string>& current_heads);

/// What `current` shows for the version table's `rows` (Alembic's `get_all_current`): the rows,
/// and each revision below them that is the last applied one of its own branch (a dependency
/// merged into a dependent's row, say), in discovery order. A row holding the last revision a
/// squash replaced shows the squash; one holding an earlier one shows the squash's parents,
/// which is what it has wholly applied.
[[nodiscard]] std::vector<std::string> current_revisions(const revision_graph& graph,
                                                         const std::vector<std::string>& rows);

/// The heads the version table should hold for `targets`: the targets minus any that is an
/// ancestor of another.
[[nodiscard]] std::vector<std::string> normalize_heads(const revision_graph& graph,
                                                       const std::vector<std::string>& targets);

/// Throws `graph_error` when a version-table row is unknown to the graph, appears twice, or is
/// an ancestor of another row: the database and the migrations disagree, and nothing should run.
/// A row holding a revision a squash replaced counts as that squash (see `migration_info`).
void check_current_heads(const revision_graph& graph,
                         const std::vector<std::string>& current_heads);

}  // namespace retort::plan
