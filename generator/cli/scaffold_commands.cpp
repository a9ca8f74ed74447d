#include "cli/scaffold_commands.hpp"

#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include "cli/commands.hpp"
#include "emit/typed_rows.hpp"
#include "migrator/migrator.hpp"
#include "scaffold/editor.hpp"
#include "scaffold/hooks.hpp"
#include "scaffold/init.hpp"
#include "scaffold/source_check.hpp"
#include "scaffold/source_checksums.hpp"

namespace retort::cli {

namespace {

// Alembic's status lines: the file first, so a failing hook still tells where it is.
void report_and_run_hooks(const settings& s, const scaffold::written_revision& written,
                          std::ostream& out) {
  fmt::print(out, "Generating {} ... done\n", written.file.string());
  scaffold::run_post_write_hooks(s.scaffold, written.file, out);
}

}  // namespace

void revision(const settings& s, const scaffold::revision_request& request, std::ostream& out) {
  report_and_run_hooks(
      s, scaffold::write_revision(s.scaffold, request, scaffold::system_environment()), out);
}

void data_revision(const settings& s, scaffold::revision_request request,
                   const std::vector<std::string>& tables, std::ostream& out) {
  request.body_for = [&](const std::vector<std::string>& parents) {
    migrator m(migrator_options_for(s, [](std::string_view) {}));
    auto source = emit::data_revision(m.schema_after(parents), tables);
    return scaffold::revision_body{std::move(source.preamble), std::move(source.upgrades),
                                   std::move(source.downgrades)};
  };
  report_and_run_hooks(
      s, scaffold::write_revision(s.scaffold, request, scaffold::system_environment()), out);
}

void merge(const settings& s, const scaffold::revision_request& request, std::ostream& out) {
  report_and_run_hooks(
      s, scaffold::write_merge(s.scaffold, request, scaffold::system_environment()), out);
}

void edit(const settings& s, const std::string& revision, std::ostream& out) {
  const auto editor = scaffold::find_editor(scaffold::process_environment());
  for (const auto& file : scaffold::revision_files(s.scaffold, revision)) {
    fmt::print(out, "Opening {}\n", file.string());
    scaffold::open_in_editor(editor, file);
  }
}

void check_sources(const std::vector<std::string>& files, bool single_head, std::ostream& out) {
  const std::vector<std::filesystem::path> paths(files.begin(), files.end());
  const auto graph = scaffold::check_migration_sources(paths, {.single_head = single_head});
  const auto heads = graph.heads();
  fmt::print(out, "retort: {} migration{} checked, head{} {}\n", graph.size(),
             graph.size() == 1 ? "" : "s", heads.size() == 1 ? "" : "s", fmt::join(heads, ", "));
}

void source_checksums(const std::vector<std::string>& files, const std::string& cpp_output,
                      std::ostream& out) {
  const auto entries =
      scaffold::checksum_sources(std::vector<std::filesystem::path>(files.begin(), files.end()));
  if (cpp_output.empty()) {
    for (const auto& entry : entries) {
      fmt::print(out, "{} {} {}\n", entry.revision, entry.checksum, entry.file.string());
    }
    return;
  }
  const std::filesystem::path target(cpp_output);
  auto temporary = target;
  temporary += ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << scaffold::checksum_translation_unit(entries);
    if (!file.flush()) {
      throw config_error(fmt::format("{}: cannot be written", temporary.string()));
    }
  }
  std::filesystem::rename(temporary, target);
}

void init(const std::string& directory, std::ostream& out) {
  const auto shown = directory.empty() ? std::string(".") : directory;
  auto result = scaffold::init_project(shown, shown);
  for (const auto& file : result.files) {
    fmt::print(out, "Creating {} ... done\n", file.string());
  }
  fmt::print(out, "\nNext steps:\n{}", result.next_steps);
}

}  // namespace retort::cli
