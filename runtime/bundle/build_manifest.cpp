#include "bundle/build_manifest.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>

#include "bundle/digest.hpp"
#include "bundle/sealed_plugins.hpp"
#include "executor/executor.hpp"
#include "lint/lint_history.hpp"
#include "loader/plugin_files.hpp"
#include "loader/plugin_loader.hpp"
#include "render/describe.hpp"
#include "render/postgres_dialect.hpp"
#include "render/sql_literal.hpp"

namespace retort::bundle {

namespace {

namespace fs = std::filesystem;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw plugin_error(path, "cannot be read");
  }
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

// The source as the compiler named it: absolute, or relative to the directory it ran in, which
// the plugin does not record. Build trees put plugins in or just below that directory, so a
// relative name is looked for from the plugin directory up two levels. None when not found.
std::optional<std::string> source_checksum(const std::string& source_file,
                                           const fs::path& plugin_directory) {
  if (source_file.empty()) {
    return std::nullopt;
  }
  std::vector<fs::path> candidates;
  if (fs::path(source_file).is_absolute()) {
    candidates.emplace_back(source_file);
  } else {
    auto base = fs::absolute(plugin_directory).lexically_normal();
    for (int up = 0; up < 3 && !base.empty(); ++up, base = base.parent_path()) {
      candidates.push_back(base / source_file);
    }
  }
  for (const auto& candidate : candidates) {
    std::error_code ec;
    if (!fs::is_regular_file(candidate, ec)) {
      continue;
    }
    std::ifstream in(candidate, std::ios::binary);
    if (in) {
      std::ostringstream text;
      text << in.rdbuf();
      return source_sha256(text.str());
    }
  }
  return std::nullopt;
}

rendered_direction render(const loaded_migration& migration, plan::direction dir) {
  rendered_direction out;
  const bool up = dir == plan::direction::upgrade;
  try {
    for (const auto& op : up ? migration.upgrade() : migration.downgrade()) {
      out.operations.push_back(render::describe(op));
    }
    // The statements online and offline runs would execute: executor::prepare, then the
    // script form of each.
    std::map<std::string, const loaded_migration*> one{{migration.info().revision, &migration}};
    render::postgres_dialect dialect;
    auto prepared = executor::prepare({{migration.info().revision, dir, {}, {}}}, one, dialect);
    for (const auto& statement : prepared.front().statements) {
      out.sql.push_back(render::script_statement(statement));
    }
    out.renderable = true;
  } catch (const error& e) {
    out.sql.clear();
    out.renderable = false;
    out.reason = e.what();
  }
  return out;
}

// The findings of every revision's upgrade, against the replay of its ancestors.
std::map<std::string, std::vector<lint_note>> lint_notes(
    const std::vector<migration_metadata>& metadata, const std::vector<loaded_migration>& code,
    const lint::settings& project) {
  std::vector<revision_info> infos;
  std::map<std::string, const loaded_migration*> by_revision;
  for (std::size_t i = 0; i < metadata.size(); ++i) {
    infos.push_back(metadata[i].info);
    by_revision.emplace(metadata[i].info.revision, &code[i]);
  }
  const revision_graph graph(std::move(infos));
  auto found = lint::lint_history(
      graph,
      [&](const std::string& revision, verify::direction direction) {
        const auto* m = by_revision.at(revision);
        return direction == verify::direction::upgrade ? m->upgrade() : m->downgrade();
      },
      [&](const std::string& revision) {
        const auto* m = by_revision.at(revision);
        return lint::revision_facts{m->source_file(), m->transactional()};
      },
      {}, project);
  std::map<std::string, std::vector<lint_note>> out;
  for (auto& f : found.findings) {
    out[f.revision].push_back({std::move(f.rule), std::string(lint::name_of(f.level)), f.op_number,
                               std::move(f.operation), std::move(f.detail)});
  }
  return out;
}

}  // namespace

packed_bundle build_manifest(const fs::path& plugin_directory, const lint::settings& lint) {
  packed_bundle out;
  auto& m = out.manifest;
  m.retort_version = RETORT_VERSION;
  m.abi = current_abi_identity();

  std::vector<std::string> names;
  for (const auto& file : loader::list_plugin_files(plugin_directory)) {
    auto name = fs::path(file).filename().string();
    auto bytes = read_file(file);
    m.files.push_back({name, sha256_hex(bytes), bytes.size()});
    out.plugins.emplace(name, std::move(bytes));
    names.push_back(name);
  }

  // Everything below reads the bytes just hashed, never the directory again.
  sealed_plugins sealed(out.plugins);
  std::vector<std::string> paths;
  for (const auto& name : names) {
    paths.push_back(sealed.path_of(name));
  }
  const auto origin = plugin_directory.string();
  auto metadata = sealed.naming_files(origin, [&] { return loader::read_checked_metadata(paths); });
  auto migrations = sealed.naming_files(origin, [&] { return load_plugin_code(metadata); });
  auto findings = lint_notes(metadata, migrations, lint);
  for (std::size_t i = 0; i < metadata.size(); ++i) {
    bundled_revision r;
    r.metadata = metadata[i];
    r.metadata.plugin_file = sealed.name_of(metadata[i].plugin_file);
    // The checksum the build recorded is the one the history table compares; reading the file
    // now is the fallback for plugins that carry none.
    if (!r.metadata.source_checksum.empty()) {
      r.source_sha256 = r.metadata.source_checksum;
    } else {
      r.source_sha256 = source_checksum(r.metadata.source_file, plugin_directory);
    }
    r.upgrade = render(migrations[i], plan::direction::upgrade);
    if (auto it = findings.find(r.metadata.info.revision); it != findings.end()) {
      r.upgrade.lint = std::move(it->second);
    }
    r.downgrade = render(migrations[i], plan::direction::downgrade);
    m.revisions.push_back(std::move(r));
  }
  migrations.clear();  // unloaded before their sealed files close
  return out;
}

}  // namespace retort::bundle
