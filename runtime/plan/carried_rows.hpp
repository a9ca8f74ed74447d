#pragma once

// Version-table rows that name revisions a squash replaced, read as the graph knows them.
// Internal to the plan layer.

#include <string>
#include <vector>

#include "graph/graph_core.hpp"
#include "plan/migration_plan.hpp"

namespace retort::plan {

/// How a row holding replaced revision X (of squash S) is read.
enum class carried_view {
  /// S is still to run, from X's squash point: the rows stand on S's parents. Even at the last
  /// replaced id, S's step runs (nothing) so that the row becomes S: carried forward.
  upgrade,
  /// S is applied, as far as X: the row is S, and reverting S starts at X's squash point.
  applied,
  /// What the database has wholly applied: S at the last replaced id, else S's parents.
  current,
};

/// A version table's rows with replaced ids read as graph revisions, and what it takes to turn
/// steps planned on them back into changes of the real rows.
class carried_rows {
 public:
  /// Throws `graph_error` when the rows hold two ids one squash replaces, or a squash and an id
  /// it replaces. Rows nobody knows pass through unchanged, for the plan's checks to name.
  carried_rows(const retort::detail::graph_core& g, const std::vector<std::string>& rows,
               carried_view view);

  /// The rows as graph revisions; a parent standing in for several rows appears once.
  [[nodiscard]] const std::vector<std::string>& graph_rows() const noexcept { return graph_rows_; }

  /// Rewrites steps planned on `graph_rows()` for the real rows: a squash's step resumes after
  /// the replaced revision its row holds and changes that row; parents that only stood in for
  /// such a row are no rows to remove.
  void rewrite(std::vector<migration_step>& steps) const;

 private:
  void drop_covered_stand_ins(const retort::detail::graph_core& g);

  struct carried {
    std::string row;     // the replaced id, as the table holds it
    std::string squash;  // the squash revision that replaces it
  };
  std::vector<std::string> graph_rows_;
  std::vector<carried> carried_;
  std::vector<std::string> stand_ins_;  // parents standing in for a replaced row (upgrade view)
};

}  // namespace retort::plan
