#include "cli/graph_commands.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "cli/revision_format.hpp"
#include "plan/migration_plan.hpp"
#include "printable.hpp"

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
  // One string, written once: a history is thousands of lines.
  std::string text;
  for (const auto& revision : plan::history(graph, range, current)) {
    if (verbose) {
      text += format.entry(revision);
    } else {
      format.append_line(text, revision,
                         {.include_branches = true, .include_doc = true, .include_parents = true});
    }
    text += '\n';
  }
  out << text;
}

bool print_current(const revision_graph& graph, const std::vector<std::string>& rows,
                   const std::vector<store::in_progress_marker>& markers, bool verbose,
                   bool check_heads, std::ostream& out) {
  revision_formatter format(graph);
  for (const auto& revision : rows) {
    if (auto squash = graph.replaced_by(revision)) {
      // Recognised, not broken: the next upgrade carries the database forward.
      fmt::print(out, "{} (replaced by squash {}; `upgrade` carries the database forward)\n",
                 revision, *squash);
      continue;
    }
    fmt::print(out, "{}\n", verbose ? format.entry(revision) : format.line(revision, {}));
  }
  // Reported, not refused: `current` is how an operator finds out what to resolve.
  for (const auto& marker : markers) {
    fmt::print(out,
               "In progress: {} ({} started at {}, backend pid {}, outside a transaction): it may "
               "be running, or it was interrupted; if no run is active, check the database and "
               "run `retort resolve {} --applied` or `--reverted`\n",
               printable(marker.revision), printable(marker.direction), marker.started_at,
               marker.backend_pid, printable(marker.revision));
  }
  if (!check_heads) {
    return true;
  }
  auto at = as_revisions(graph, rows);
  auto heads = graph.heads();
  std::sort(heads.begin(), heads.end());
  std::sort(at.begin(), at.end());
  if (at == heads) {
    return true;
  }
  fmt::print(out, "The database is not at head: it is at {}; the heads are {}\n",
             at.empty() ? "base" : fmt::format("{}", fmt::join(at, ", ")), fmt::join(heads, ", "));
  return false;
}

}  // namespace retort::cli
