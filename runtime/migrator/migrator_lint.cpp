// `retort lint`: the migrator's loading and checks, then the lint rules on each revision's
// upgrade(); nothing connects.
#include <algorithm>

#include <fmt/format.h>

#include "lint/lint_history.hpp"
#include "migrator/migrator.hpp"
#include "plan/migration_plan.hpp"

namespace retort {

lint_report migrator::lint(std::string_view range, const lint::settings& project,
                           const lint::table_sizes* live) {
  load_code();
  std::vector<std::string> revisions;
  if (range.find(':') != std::string_view::npos) {
    revisions = plan::history(*graph_, range, {});  // newest first, as `history` lists them
    std::reverse(revisions.begin(), revisions.end());
  } else if (!range.empty()) {
    revisions = {graph_->resolve_revision(range)};
  }
  const auto by_revision = migrations_by_revision();
  auto found = lint::lint_history(
      *graph_,
      [&](const std::string& revision, verify::direction direction) {
        const auto it = by_revision.find(revision);
        if (it == by_revision.end()) {
          return operations{};  // a revision the graph knows only as replaced by a squash
        }
        return direction == verify::direction::upgrade ? it->second->upgrade()
                                                       : it->second->downgrade();
      },
      [&](const std::string& revision) {
        const auto it = by_revision.find(revision);
        return it == by_revision.end()
                   ? lint::revision_facts{}
                   : lint::revision_facts{it->second->source_file(), it->second->transactional()};
      },
      revisions, project, live);
  return {found.revisions, std::move(found.findings)};
}

std::size_t lint_report::count(lint::level level) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const lint::finding& f) { return f.level == level; }));
}

}  // namespace retort
