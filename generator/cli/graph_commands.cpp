#include "cli/graph_commands.hpp"

#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "cli/revision_format.hpp"
#include "plan/migration_plan.hpp"

namespace retort::cli {

std::vector<std::string> as_revisions(const revision_graph& graph,
                                      const std::vector<std::string>& rows) {
  std::vector<std::string> out;
  for (const auto& row : rows) {
    auto squash = graph.replaced_by(row);
    out.push_back(squash && graph.at(*squash).replaces.back() == row ? *squash : row);
  }
  return out;
}

bool mentions_current(const std::string& range) {
  auto colon = range.find(':');
  return colon != std::string::npos &&
         (range.substr(0, colon) == "current" || range.substr(colon + 1) == "current");
}

void print_heads(const revision_graph& graph, bool verbose, bool resolve_dependencies,
                 std::ostream& out) {
  revision_formatter format(graph);
  for (const auto& head : graph.heads()) {
    // Alembic: with --resolve-dependencies a revision that others depend on is not a head.
    if (resolve_dependencies && format.is_depended_on(head)) {
      continue;
    }
    fmt::print(out, "{}\n",
               verbose ? format.entry(head)
                       : format.line(head, {.include_branches = true, .tree_indicators = false}));
  }
}

void print_branches(const revision_graph& graph, bool verbose, std::ostream& out) {
  revision_formatter format(graph);
  for (const auto& revision : plan::history(graph, "", {})) {
    auto children = graph.children(revision);
    if (children.size() < 2) {
      continue;
    }
    fmt::print(
        out, "{}\n",
        verbose ? format.entry(revision) : format.line(revision, {.include_branches = true}));
    const std::string indent(revision.size(), ' ');
    for (const auto& child : children) {
      fmt::print(out, "{} -> {}\n", indent,
                 format.line(child, {.include_branches = true, .include_doc = verbose}));
    }
    fmt::print(out, "\n");
  }
}

void print_revisions(const revision_graph& graph, const std::vector<std::string>& revisions,
                     std::ostream& out) {
  revision_formatter format(graph);
  for (const auto& revision : revisions) {
    if (auto squash = graph.replaced_by(revision)) {
      fmt::print(out, "{} (replaced by squash {})\n", revision, *squash);
      continue;
    }
    fmt::print(out, "{}\n", format.entry(revision));
  }
}

void print_history(const revision_graph& graph, const std::string& range, bool verbose,
                   bool indicate_current, const std::vector<std::string>& current,
                   std::ostream& out) {
  const auto shown = as_revisions(graph, current);
  revision_formatter format(graph, indicate_current
                                       ? std::set<std::string>(shown.begin(), shown.end())
                                       : std::set<std::string>{});
  for (const auto& revision : plan::history(graph, range, current)) {
    fmt::print(out, "{}\n",
               verbose ? format.entry(revision)
                       : format.line(revision, {.include_branches = true,
                                                .include_doc = true,
                                                .include_parents = true}));
  }
}

}  // namespace retort::cli
