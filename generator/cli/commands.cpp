#include "cli/commands.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "migrator/migrator.hpp"

namespace retort::cli {

namespace {

migrator make_migrator(const settings& s, std::ostream& out) {
  return migrator({.url = s.url,
                   .plugin_directory = s.plugins,
                   .version_table = {s.version_table, s.version_table_schema},
                   .out = [&out](std::string_view line) { fmt::print(out, "{}\n", line); }});
}

// Alembic's markers after a revision id: labels, (head), (branchpoint), (mergepoint).
std::string markers(const revision_graph& graph, const std::string& revision,
                    const std::set<std::string>& current) {
  const auto& info = graph.at(revision);
  std::string out;
  if (!info.branch_labels.empty()) {
    out += fmt::format(" ({})", fmt::join(info.branch_labels, ", "));
  }
  auto children = graph.children(revision);
  if (children.empty()) {
    out += " (head)";
  }
  if (current.contains(revision)) {
    out += " (current)";
  }
  if (children.size() > 1) {
    out += " (branchpoint)";
  }
  if (info.down_revisions.size() > 1) {
    out += " (mergepoint)";
  }
  return out;
}

void print_revision(const revision_graph& graph, const std::string& revision, bool verbose,
                    const std::set<std::string>& current, std::ostream& out) {
  const auto& info = graph.at(revision);
  if (!verbose) {
    fmt::print(out, "{} -> {}{}, {}\n",
               info.down_revisions.empty()
                   ? "<base>"
                   : fmt::format("{}", fmt::join(info.down_revisions, ", ")),
               revision, markers(graph, revision, current), info.message);
    return;
  }
  fmt::print(out, "Rev: {}{}\n", revision, markers(graph, revision, current));
  fmt::print(out, "{}: {}\n", info.down_revisions.size() > 1 ? "Merges" : "Parent",
             info.down_revisions.empty() ? "<base>"
                                         : fmt::format("{}", fmt::join(info.down_revisions, ", ")));
  if (!info.depends_on.empty()) {
    fmt::print(out, "Also depends on: {}\n", fmt::join(info.depends_on, ", "));
  }
  auto children = graph.children(revision);
  if (children.size() > 1) {
    fmt::print(out, "Branches into: {}\n", fmt::join(children, ", "));
  }
  fmt::print(out, "Path: {}\n\n    {}\n\n", info.source, info.message);
}

}  // namespace

void upgrade(const settings& s, const std::string& target, std::ostream& out) {
  make_migrator(s, out).upgrade(target);
}

void downgrade(const settings& s, const std::string& target, std::ostream& out) {
  make_migrator(s, out).downgrade(target);
}

void stamp(const settings& s, const std::vector<std::string>& targets, bool purge,
           std::ostream& out) {
  make_migrator(s, out).stamp(targets, purge);
}

void current(const settings& s, bool verbose, std::ostream& out) {
  auto m = make_migrator(s, out);
  auto rows = m.current();
  std::set<std::string> none;
  for (const auto& revision : rows) {
    if (verbose) {
      print_revision(m.graph(), revision, true, none, out);
    } else {
      fmt::print(out, "{}{}\n", revision, markers(m.graph(), revision, none));
    }
  }
}

void heads(const settings& s, bool verbose, std::ostream& out) {
  auto m = make_migrator(s, out);
  std::set<std::string> none;
  for (const auto& head : m.graph().heads()) {
    if (verbose) {
      print_revision(m.graph(), head, true, none, out);
    } else {
      fmt::print(out, "{}{}\n", head, markers(m.graph(), head, none));
    }
  }
}

void history(const settings& s, bool verbose, bool indicate_current, std::ostream& out) {
  auto m = make_migrator(s, out);
  std::set<std::string> current;
  if (indicate_current) {
    auto rows = m.current();
    current.insert(rows.begin(), rows.end());
  }
  auto order = m.graph().topological_order();
  std::reverse(order.begin(), order.end());  // newest first, as Alembic
  for (const auto& revision : order) {
    print_revision(m.graph(), revision, verbose, current, out);
  }
}

}  // namespace retort::cli
