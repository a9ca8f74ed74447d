#include "lint/lint_history.hpp"

#include <map>
#include <set>

#include "render/postgres_dialect.hpp"

namespace retort::lint {

history_findings lint_history(const revision_graph& graph, const verify::migration_code& code,
                              const std::function<revision_facts(const std::string&)>& facts,
                              const std::vector<std::string>& wanted, const settings& project,
                              const table_sizes* live) {
  const std::set<std::string> chosen(wanted.begin(), wanted.end());
  render::postgres_dialect dialect;
  std::map<std::string, std::vector<finding>> by_revision;
  std::vector<std::string> walked;
  verify::replay_upgrades(
      graph, code,
      [&](const std::string& revision, const model::schema& before, const operations* upgrade) {
        if ((!chosen.empty() && !chosen.contains(revision)) || upgrade == nullptr) {
          return;
        }
        const auto about = facts(revision);
        by_revision[revision] =
            lint_migration({revision, about.source, about.transactional, *upgrade, &before},
                           dialect, project, live);
        walked.push_back(revision);
      });
  history_findings out;
  for (const auto& revision : wanted.empty() ? walked : wanted) {
    auto it = by_revision.find(revision);
    if (it == by_revision.end()) {
      continue;
    }
    out.findings.insert(out.findings.end(), std::make_move_iterator(it->second.begin()),
                        std::make_move_iterator(it->second.end()));
    ++out.revisions;
  }
  return out;
}

}  // namespace retort::lint
