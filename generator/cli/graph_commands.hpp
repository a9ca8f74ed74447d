#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <retort/graph.hpp>

#include "store/history_table.hpp"

/// What the read-only graph verbs print, given the graph (and, where a verb shows the database,
/// its rows). No database and no plugin code: the front door runs these from plugin metadata
/// alone, the full command after reading the version table.
namespace retort::cli {

/// A row holding the last revision a squash replaced is at that squash; the upgrade that carries
/// it forward only renames the row. Rows at earlier replaced revisions stay as they are.
[[nodiscard]] std::vector<std::string> as_revisions(const revision_graph& graph,
                                                    const std::vector<std::string>& rows);

void print_heads(const revision_graph& graph, bool verbose, bool resolve_dependencies,
                 std::ostream& out);
void print_branches(const revision_graph& graph, bool verbose, std::ostream& out);
/// `show`: each revision's verbose entry (a replaced one is named with its squash).
void print_revisions(const revision_graph& graph, const std::vector<std::string>& revisions,
                     std::ostream& out);
/// `history`: `current` holds the database's rows when the range or `indicate_current` needs
/// them, else nothing.
void print_history(const revision_graph& graph, const std::string& range, bool verbose,
                   bool indicate_current, const std::vector<std::string>& current,
                   std::ostream& out);

/// `current`: the version table's rows (already checked against the graph) and the markers of
/// interrupted steps; with `check_heads`, false (after saying so) unless the rows are the heads.
[[nodiscard]] bool print_current(const revision_graph& graph, const std::vector<std::string>& rows,
                                 const std::vector<store::in_progress_marker>& markers,
                                 bool verbose, bool check_heads, std::ostream& out);

/// Whether a `history` range names `current`, so the database must be read.
[[nodiscard]] bool mentions_current(const std::string& range);

}  // namespace retort::cli
