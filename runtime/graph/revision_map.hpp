#pragma once

// Alembic's `RevisionMap` traversals, rewritten over `graph_core` (script/revision.py in
// Alembic 1.8): how targets are read (`get_revisions`, `_walk`, `_parse_upgrade_target`,
// `_parse_downgrade_target`), which revisions an upgrade or downgrade touches
// (`_collect_upgrade_revisions`, `_collect_downgrade_revisions`) and in which order
// (`_topological_sort`). Each function names the Alembic function whose behaviour it keeps;
// the tests compare them with the real Alembic. Errors are `target_error`.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/graph_core.hpp"

namespace retort::detail {

/// What an Alembic lookup yields: a revision, the symbol "base" (a walk down past a base), or
/// nothing (None: `base` itself, or a walk that went too far).
struct ref {
  enum class kind : std::uint8_t { none, base, revision };
  kind what = kind::none;
  rev index = 0;

  static ref to(rev r) { return {kind::revision, r}; }
  static ref base_symbol() { return {kind::base, 0}; }
  [[nodiscard]] bool is_revision() const { return what == kind::revision; }
  friend bool operator==(const ref&, const ref&) = default;
};
using ref_list = std::vector<ref>;

/// A revision argument as Alembic takes it: one string (a target, a range end), or a tuple of
/// ids (the version table's rows, or a list of targets).
struct rev_arg {
  std::vector<std::string> items;
  bool is_text = false;  // exactly one item, given as a string

  static rev_arg text(std::string_view s) { return {{std::string(s)}, true}; }
  static rev_arg tuple(std::vector<std::string> ids) { return {std::move(ids), false}; }
};

/// `[<branch>@][<symbol>](+|-)<N>`, Alembic's `_relative_destination`.
struct relative_target {
  std::optional<std::string> branch;
  std::optional<std::string> symbol;
  long long steps = 0;
  std::string relative;  // "+2", "-1": the part Alembic quotes in its messages
};
/// Nullopt when `target` is not relative; throws when it starts like one and goes on.
std::optional<relative_target> parse_relative(std::string_view target);

/// Revisions to run and the heads to walk them from, as Alembic's `_collect_*` return them.
struct collected {
  rev_set revisions;
  rev_list heads;
};

class revision_map {
 public:
  explicit revision_map(const graph_core& g) : g_(g) {}

  /// `get_revisions`: what a target string names (several for `heads`; empty for `base`).
  [[nodiscard]] ref_list get_revisions(std::string_view id) const;
  [[nodiscard]] ref_list get_revisions(const rev_arg& arg) const;
  /// `get_revision`: at most one revision; `MultipleHeads` for several.
  [[nodiscard]] ref get_revision(std::string_view id) const;
  /// `_revision_for_ident`: an id, a label, or a unique prefix (retort: of 4 or more
  /// characters); with `branch`, the revision must share its lineage.
  [[nodiscard]] rev revision_for_ident(std::string_view id,
                                       std::optional<std::string_view> branch) const;
  /// `_resolve_branch`.
  [[nodiscard]] rev resolve_branch(std::string_view label) const;
  /// `filter_for_lineage`: the targets that are ancestors or descendants of what
  /// `check_against` names.
  [[nodiscard]] ref_list filter_for_lineage(const ref_list& targets,
                                            std::optional<std::string_view> check_against,
                                            bool include_dependencies) const;
  /// `_walk`: `steps` up (> 0) or down (< 0) from `start`; `target` is for messages.
  [[nodiscard]] ref walk(ref start, long long steps, std::optional<std::string_view> branch,
                         bool no_overwalk, std::string_view target) const;
  /// `_parse_upgrade_target`.
  [[nodiscard]] ref_list parse_upgrade_target(const rev_arg& current, const rev_arg& target,
                                              bool assert_relative_length) const;
  /// `_parse_downgrade_target`: the branch to keep to, and the revision to go down to.
  [[nodiscard]] std::pair<std::optional<std::string>, ref> parse_downgrade_target(
      const rev_arg& current, std::optional<std::string_view> target,
      bool assert_relative_length) const;
  /// `_collect_upgrade_revisions`.
  [[nodiscard]] collected collect_upgrade(const rev_arg& upper, const rev_arg& lower,
                                          bool inclusive, bool implicit_base,
                                          bool assert_relative_length) const;
  /// Where `_collect_downgrade_revisions` starts removing: the destination's children (all
  /// bases for base), kept to the branch the target names.
  struct downgrade_start {
    std::optional<std::string> branch;
    ref destination;
    rev_list roots;
  };
  [[nodiscard]] downgrade_start downgrade_roots(const rev_arg& upper,
                                                std::optional<std::string_view> target,
                                                bool inclusive, bool assert_relative_length) const;
  /// `_collect_downgrade_revisions` (retort never asks for `implicit_base`).
  [[nodiscard]] collected collect_downgrade(const rev_arg& upper,
                                            std::optional<std::string_view> target, bool inclusive,
                                            bool assert_relative_length) const;
  /// `_topological_sort`: `todo` newest first, walking down from `heads`.
  [[nodiscard]] rev_list sort(const rev_set& todo, const rev_list& heads) const;
  /// `iterate_revisions("heads", "base")`: every revision, newest first.
  [[nodiscard]] rev_list walk_all() const;
  /// `_get_all_current`: the rows and everything below them, reduced to branch heads.
  [[nodiscard]] rev_list get_all_current(const rev_list& rows) const;

  /// Ancestors and descendants of `anchors`, inclusive.
  [[nodiscard]] rev_set lineage(const rev_list& anchors, bool include_dependencies) const;

 private:
  const graph_core& g_;

  // `_resolve_revision_number`: heads/head/base become revisions; anything else stays text.
  struct number {
    std::optional<std::string> branch;
    bool symbolic = false;
    rev_list revisions;  // when symbolic
    std::string text;    // when not
    [[nodiscard]] std::optional<std::string_view> branch_if_set() const {
      if (branch && !branch->empty()) {
        return *branch;
      }
      return std::nullopt;
    }
  };
  [[nodiscard]] number resolve_number(std::optional<std::string_view> id) const;
  [[nodiscard]] std::optional<rev> current_head(std::optional<std::string_view> branch) const;
  [[nodiscard]] std::optional<rev> exact(std::string_view key) const;
  [[nodiscard]] rev_list anchors(const number& n) const;
  [[nodiscard]] rev_list revisions_of(const ref_list& refs, std::string_view what) const;
  [[nodiscard]] bool is_convex(const rev_set& todo) const;
};

}  // namespace retort::detail
