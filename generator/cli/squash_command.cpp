#include "cli/squash_command.hpp"

#include <retort/errors.hpp>
#include <retort/op.hpp>

#include <algorithm>
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
  // C++ code (a data step, a backfill over C++ rows) cannot be written out again from the
  // operations it built: such a revision's file is carried into the squash, and its functions
  // called where its operations stood.
  auto runs_code = [](const operations& ops) {
    return std::any_of(ops.begin(), ops.end(), [](const operation& op) {
      const auto* fill = std::get_if<ops::backfill>(&op);
      return std::holds_alternative<ops::data_step>(op) || (fill != nullptr && fill->each);
    });
  };
  // Operations written out are gathered into one part until a call interrupts them.
  auto add = [](std::vector<emit::body_part>& parts, emit::body_part part) {
    if (part.call.empty() && !parts.empty() && parts.back().call.empty()) {
      auto& last = parts.back().ops;
      last.insert(last.end(), part.ops.begin(), part.ops.end());
    } else {
      parts.push_back(std::move(part));
    }
  };
  // Each revision's part: its operations written out, or calls of its carried functions.
  struct revision_parts {
    emit::body_part up;
    emit::body_part down;
  };
  std::vector<revision_parts> parts;
  for (std::size_t i = 0; i < line.size(); ++i) {
    auto up = line[i]->upgrade();
    auto down = line[i]->downgrade();
    if (runs_code(up) || runs_code(down)) {
      auto file = scaffold::carry_file(range.revisions[i]);
      parts.push_back({.up = {.call = file.name_space + "::upgrade()"},
                       .down = {.call = file.name_space + "::downgrade()"}});
      request.carried.push_back(std::move(file));
    } else {
      parts.push_back({.up = {.ops = std::move(up)}, .down = {.ops = std::move(down)}});
    }
  }
  std::vector<emit::body_part> upgrade;
  for (std::size_t i = 0; i < line.size(); ++i) {
    add(upgrade, std::move(parts[i].up));
    add(upgrade, {.ops = {op::squash_point(line[i]->info().revision)}});
  }
  std::vector<emit::body_part> downgrade;
  for (std::size_t i = line.size(); i-- > 0;) {
    add(downgrade, {.ops = {op::squash_point(line[i]->info().revision)}});
    add(downgrade, std::move(parts[i].down));
  }
  // Both as written: a hand-written downgrade() need not be the reverse of its upgrade().
  request.upgrades = emit::sequence_body(upgrade);
  request.downgrades = emit::sequence_body(downgrade);

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
