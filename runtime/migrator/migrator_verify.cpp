// `retort verify`: the migrator's loading and checks, then a replay instead of a connection.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "migrator/migrator.hpp"
#include "model/replay.hpp"

namespace retort {

verify::report migrator::verify() {
  // Migration code runs only to give its operations; nothing here connects.
  load_code();
  const auto by_revision = migrations_by_revision();
  return verify::verify_history(
      *graph_, [&](const std::string& revision, verify::direction direction) {
        const auto* m = by_revision.at(revision);
        return direction == verify::direction::upgrade ? m->upgrade() : m->downgrade();
      });
}

model::schema migrator::schema_after(const std::vector<std::string>& revisions) {
  load_code();
  for (const auto& revision : revisions) {
    if (!graph_->contains(revision)) {
      throw graph_error(
          fmt::format("revision {} is in no plugin of {}: build the migrations "
                      "first, as the schema is replayed from their code",
                      revision, options_.plugin_directory.string()));
    }
  }
  const auto by_revision = migrations_by_revision();
  std::map<std::string, model::schema> after;
  verify::replay_upgrades(
      *graph_,
      [&](const std::string& revision, verify::direction direction) {
        const auto* m = by_revision.at(revision);
        return direction == verify::direction::upgrade ? m->upgrade() : m->downgrade();
      },
      [&](const std::string& revision, const model::schema& before, const operations* upgrade) {
        if (std::find(revisions.begin(), revisions.end(), revision) == revisions.end()) {
          return;
        }
        model::replay_state state{before};
        if (upgrade != nullptr) {
          for (const auto& op : *upgrade) {
            (void)model::apply(state, op, revision);
          }
        }
        after[revision] = std::move(state.schema);
      });
  // A merge's parents share their common ancestors' tables; each table is taken once.
  model::schema out;
  for (const auto& revision : revisions) {
    for (const auto& t : after[revision].tables) {
      if (std::none_of(out.tables.begin(), out.tables.end(), [&](const model::table& seen) {
            return seen.schema == t.schema && seen.name == t.name;
          })) {
        out.tables.push_back(t);
      }
    }
  }
  return out;
}

}  // namespace retort
