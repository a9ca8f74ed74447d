#include "cli/squash_command.hpp"

#include <retort/errors.hpp>
#include <retort/op.hpp>

#include <map>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "digest/source_checksum.hpp"
#include "emit/cpp_source.hpp"
#include "loader/plugin_loader.hpp"
#include "scaffold/errors.hpp"
#include "scaffold/hooks.hpp"

namespace retort::cli {

void squash(const settings& s, const std::string& from, const std::string& to,
            scaffold::squash_request request, std::ostream& out) {
  const auto range = scaffold::find_squash_range(s.scaffold, from, to);
  if (s.plugins.empty()) {
    throw config_error(
        "squash copies the operations of the revisions it replaces by running their upgrade() "
        "and downgrade(): give the built plugins with --plugins, RETORT_PLUGINS or `plugins` in "
        "retort.toml");
  }
  const auto migrations = load_plugin_directory(s.plugins);
  std::map<std::string, const loaded_migration*> by_id;
  for (const auto& m : migrations) {
    by_id.emplace(m.info().revision, &m);
  }

  // The operations must be those of the sources about to be removed: a plugin built from an
  // older version of a file would put the old operations into the squash.
  operations upgrade;
  std::vector<const loaded_migration*> line;
  for (const auto& source : range.revisions) {
    auto found = by_id.find(source.revision);
    if (found == by_id.end()) {
      throw scaffold::refusal(
          fmt::format("no plugin in {} holds revision {} ({}): build the plugins, then squash",
                      s.plugins.string(), source.revision, source.file.string()));
    }
    if (digest::source_checksum_of_file(source.file) != found->second->source_checksum()) {
      throw scaffold::refusal(fmt::format(
          "the plugin holding revision {} was built from another version of {}: rebuild the "
          "plugins, then squash",
          source.revision, source.file.string()));
    }
    line.push_back(found->second);
  }
  // C++ code (a data step, a backfill over C++ rows) lives in its file, which squash removes,
  // and cannot be written out again from the operations it built.
  auto carried = [](const loaded_migration& migration, operations ops) {
    for (const auto& op : ops) {
      const auto* step = std::get_if<ops::data_step>(&op);
      const auto* fill = std::get_if<ops::backfill>(&op);
      if (step != nullptr || (fill != nullptr && fill->each != nullptr)) {
        throw scaffold::refusal(fmt::format(
            "revision {} ({}) runs C++ code (\"{}\"), which squash cannot carry into a new "
            "file; squash the revisions before it and after it apart, leaving it as it is",
            migration.info().revision, migration.source_file(),
            step != nullptr ? step->name : fill->name));
      }
    }
    return ops;
  };
  for (const auto* migration : line) {
    auto ops = carried(*migration, migration->upgrade());
    upgrade.insert(upgrade.end(), ops.begin(), ops.end());
    upgrade.push_back(op::squash_point(migration->info().revision));
  }
  operations downgrade;
  for (auto it = line.rbegin(); it != line.rend(); ++it) {
    downgrade.push_back(op::squash_point((*it)->info().revision));
    auto ops = carried(**it, (*it)->downgrade());
    downgrade.insert(downgrade.end(), ops.begin(), ops.end());
  }
  // Both as written: a hand-written downgrade() need not be the reverse of its upgrade().
  request.upgrades = emit::upgrade_body(upgrade);
  request.downgrades = emit::upgrade_body(downgrade);

  const auto written =
      scaffold::write_squash(s.scaffold, range, request, scaffold::system_environment());
  fmt::print(out, "Generating {} ... done\n", written.file.string());
  for (const auto& file : written.repointed) {
    fmt::print(out, "Pointing {} at {} ... done\n", file.string(), written.revision);
  }
  for (const auto& file : written.removed) {
    fmt::print(out, "Removing {} ... done\n", file.string());
  }
  if (!range.transactional) {
    fmt::print(out,
               "note: a replaced revision runs outside a transaction, so the squash does too "
               "(.transactional = false)\n");
  }
  fmt::print(out,
             "note: if retort_add_migrations() lists its SOURCES by name, replace the removed "
             "files with {}\n",
             written.file.filename().string());
  scaffold::run_post_write_hooks(s.scaffold, written.file, out);
}

}  // namespace retort::cli
