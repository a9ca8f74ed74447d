#include "cli/revision_format.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "printable.hpp"

namespace retort::cli {

revision_formatter::revision_formatter(const revision_graph& graph, std::set<std::string> current)
    : graph_(graph), current_(std::move(current)) {}

bool revision_formatter::is_depended_on(const std::string& revision) const {
  return !graph_.dependents(revision).empty();
}

void revision_formatter::append_parents(std::string& out, const revision_info& info) const {
  if (info.down_revisions.empty()) {
    out += "<base>";
  } else {
    fmt::format_to(std::back_inserter(out), "{}", fmt::join(info.down_revisions, ", "));
  }
}

std::string revision_formatter::parents(const revision_info& info) const {
  std::string out;
  append_parents(out, info);
  return out;
}

std::string revision_formatter::line(const std::string& revision,
                                     const format_options& options) const {
  std::string text;
  append_line(text, revision, options);
  return text;
}

void revision_formatter::append_line(std::string& out, const std::string& revision,
                                     const format_options& options) const {
  const auto& info = graph_.at(revision);
  auto at_end = std::back_inserter(out);
  if (options.include_parents) {
    append_parents(out, info);
    if (!info.depends_on.empty()) {
      fmt::format_to(at_end, " ({})", fmt::join(info.depends_on, ", "));
    }
    out += " -> ";
  }
  out += revision;
  if (options.include_branches && !info.branch_labels.empty()) {
    fmt::format_to(at_end, " ({})", fmt::join(info.branch_labels, ", "));
  }
  const auto children = graph_.child_count(revision);
  // Alembic: a head nothing depends on is a "head"; one that is only depended on is an
  // "effective head".
  if (children == 0) {
    out += is_depended_on(revision) ? " (effective head)" : " (head)";
  }
  if (current_.contains(revision)) {
    out += " (current)";
  }
  if (options.tree_indicators) {
    if (children > 1) {
      out += " (branchpoint)";
    }
    if (info.down_revisions.size() > 1) {
      out += " (mergepoint)";
    }
  }
  if (options.include_doc) {
    out += ", ";
    append_printable(out, info.message);
  }
}

std::string revision_formatter::entry(const std::string& revision) const {
  const auto& info = graph_.at(revision);
  auto children = graph_.children(revision);
  std::string out = fmt::format("Rev: {}{}{}{}{}\n", revision, children.empty() ? " (head)" : "",
                                children.size() > 1 ? " (branchpoint)" : "",
                                info.down_revisions.size() > 1 ? " (mergepoint)" : "",
                                current_.contains(revision) ? " (current)" : "");
  out +=
      fmt::format("{}: {}\n", info.down_revisions.size() > 1 ? "Merges" : "Parent", parents(info));
  if (!info.depends_on.empty()) {
    out += fmt::format("Also depends on: {}\n", fmt::join(info.depends_on, ", "));
  }
  if (children.size() > 1) {
    out += fmt::format("Branches into: {}\n", fmt::join(children, ", "));
  }
  if (!info.branch_labels.empty()) {
    out += fmt::format("Branch names: {}\n", fmt::join(info.branch_labels, ", "));
  }
  out += fmt::format("Path: {}\n\n    {}\n", printable(info.source), printable(info.message));
  return out;
}

}  // namespace retort::cli
