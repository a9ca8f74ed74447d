#pragma once

#include <retort/graph.hpp>
#include <retort/model/schema.hpp>
#include <retort/operations.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

/// `retort verify`: every migration's operations replayed on the schema model, in graph order,
/// with no database. Knows the graph and the model; not where the operations come from.
namespace retort::verify {

enum class severity : std::uint8_t { error, warning };

/// Which part of a revision a finding is about.
enum class phase : std::uint8_t {
  upgrade,    ///< an operation of `upgrade()`
  downgrade,  ///< an operation of `downgrade()`
  restore,    ///< `downgrade()` does not give back the schema `upgrade()` started from
};

struct finding {
  verify::severity severity = severity::error;
  std::string revision{};
  std::string source{};  ///< the migration's source file, as the graph knows it
  verify::phase phase = phase::upgrade;
  std::size_t op_number = 0;  ///< 1-based; 0 when not about one operation
  std::string op_name{};      ///< `create_table`, ...; empty when not about one operation
  std::string message{};
  /// Set when the finding came up while the branches of this merge (or dependency) were
  /// combined: `revision` then conflicts with another branch, not with its own parents.
  std::string merging_into{};
  /// For `restore`: the schema before `upgrade()`, and what `downgrade()` left.
  std::optional<model::schema> expected{};
  std::optional<model::schema> actual{};
};

struct report {
  std::size_t revisions = 0;
  std::vector<finding> findings{};

  [[nodiscard]] std::size_t errors() const noexcept;
  [[nodiscard]] std::size_t warnings() const noexcept;
};

enum class direction : std::uint8_t { upgrade, downgrade };

/// A migration's operations, as its code returns them; may throw.
using migration_code =
    std::function<operations(const std::string& revision, verify::direction direction)>;

/// Replays the whole history. For each revision R, in topological order: its pre-state is the
/// replay of all its ancestors (down revisions and dependencies) in that order, found from its
/// first parent's state plus the other branches' revisions; state(R) is pre-state +
/// `upgrade()`; then `downgrade()` applied to state(R) must give the pre-state back
/// (`model::comparable`). Findings of the replay become `upgrade`/`downgrade` findings of the
/// revision and operation; a mismatch is a `restore` finding, a warning when R runs raw SQL
/// (the model cannot follow it). A throwing `upgrade()`/`downgrade()` is an error finding.
/// States are kept only until their last child has used them.
[[nodiscard]] report verify_history(const revision_graph& graph, const migration_code& code);

/// Called with the schema a revision starts from, as the replay of its ancestors leaves it, and
/// the operations of its `upgrade()`: null when the code threw.
using pre_state_visitor = std::function<void(
    const std::string& revision, const model::schema& before, const operations* upgrade)>;

/// The same walk as `verify_history`, for what each revision starts from: `visit` is called for
/// every revision in topological order, before its `upgrade()` is replayed. Downgrades are not
/// called; findings are not kept.
void replay_upgrades(const revision_graph& graph, const migration_code& code,
                     const pre_state_visitor& visit);

}  // namespace retort::verify
