// `retort lint`: the migrator's loading and checks, then the lint rules on each revision's
// upgrade(); nothing connects.
#include <algorithm>

#include <fmt/format.h>

#include "migrator/migrator.hpp"
#include "plan/migration_plan.hpp"
#include "render/postgres_dialect.hpp"

namespace retort {

lint_report migrator::lint(std::string_view range, const lint::settings& project) {
  load_code();
  std::vector<std::string> revisions;
  if (range.find(':') != std::string_view::npos) {
    revisions = plan::history(*graph_, range, {});  // newest first, as `history` lists them
    std::reverse(revisions.begin(), revisions.end());
  } else if (!range.empty()) {
    revisions = {graph_->resolve_revision(range)};
  } else {
    revisions = graph_->topological_order();
  }
  const auto by_revision = migrations_by_revision();
  render::postgres_dialect dialect;
  lint_report report;
  for (const auto& revision : revisions) {
    const auto it = by_revision.find(revision);
    if (it == by_revision.end()) {
      continue;  // a revision the graph knows only as replaced by a squash
    }
    const loaded_migration* found = it->second;
    operations ops;
    try {
      ops = found->upgrade();
    } catch (const migration_code_error&) {
      continue;  // verify reports a throwing migration; lint has nothing to read
    }
    auto findings = lint::lint_migration(
        {revision, found->source_file(), found->transactional(), ops}, dialect, project);
    report.findings.insert(report.findings.end(), std::make_move_iterator(findings.begin()),
                           std::make_move_iterator(findings.end()));
    ++report.revisions;
  }
  return report;
}

std::size_t lint_report::count(lint::level level) const noexcept {
  return static_cast<std::size_t>(std::count_if(
      findings.begin(), findings.end(), [&](const lint::finding& f) { return f.level == level; }));
}

}  // namespace retort
