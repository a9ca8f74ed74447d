#pragma once

#include <set>
#include <string>

#include <retort/graph.hpp>

/// How a revision is printed, as Alembic's `Script.cmd_format` prints it, so output (and what
/// people grep for) carries over.
namespace retort::cli {

struct format_options {
  bool include_branches = false;  ///< ` (label, ...)`
  bool include_doc = false;       ///< `, message`
  bool include_parents = false;   ///< `parents -> ` in front
  bool tree_indicators = true;    ///< ` (branchpoint)`, ` (mergepoint)`
};

/// Lines and entries for revisions of one graph.
class revision_formatter {
 public:
  revision_formatter(const revision_graph& graph, std::set<std::string> current = {});

  /// One line: `a1 -> b2 (label) (head) (current) (branchpoint), message`.
  [[nodiscard]] std::string line(const std::string& revision, const format_options& options) const;
  /// `line()` appended to `out`: thousands of lines (`history`) go into one string.
  void append_line(std::string& out, const std::string& revision,
                   const format_options& options) const;
  /// The verbose block: `Rev:`, `Parent:`/`Merges:`, `Also depends on:`, `Branches into:`,
  /// `Branch names:`, `Path:`, then the message indented.
  [[nodiscard]] std::string entry(const std::string& revision) const;
  /// Whether another revision names `revision` (or one of its labels) in its `depends_on`.
  [[nodiscard]] bool is_depended_on(const std::string& revision) const;

 private:
  [[nodiscard]] std::string parents(const revision_info& info) const;
  void append_parents(std::string& out, const revision_info& info) const;

  const revision_graph& graph_;
  std::set<std::string> current_;
};

}  // namespace retort::cli
