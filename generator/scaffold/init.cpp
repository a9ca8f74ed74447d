#include "scaffold/init.hpp"

#include <utility>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scaffold/errors.hpp"
#include "scaffold/files.hpp"
#include "scaffold/script.hpp"
#include "scaffold/template_engine.hpp"

namespace retort::scaffold {

namespace {

constexpr std::string_view config_text = R"(# retort configuration. Paths are relative to this file.
# Every key: `retort --help`, docs/cli.md and docs/generator.md in the retort sources.

# The database; RETORT_URL, DATABASE_URL or --url take precedence.
# url = "postgresql:///${project}?host=/run/postgresql"

# Where migrations/CMakeLists.txt builds the plugin (cmake -S migrations -B build/migrations).
plugins = "build/migrations/plugins"

# The migration sources: `retort revision` reads the history here and writes new files here.
versions = "migrations/versions"
script_template = "migrations/script.cpp.tmpl"
# file_template = "%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d_%(rev)s_%(slug)s"
# truncate_slug_length = 40

# Commands run on each new file, in order, from this directory; $${file} is the file's path.
# [[post_write_hooks]]
# name = "format"
# command = "clang-format -i $${file}"
)";

// CMake's own ${...} are written $${...} here: this text goes through the template engine.
constexpr std::string_view cmake_text =
    R"(# The migrations of ${project}: every file under versions/ compiled into one plugin that
# `retort` loads. Build it on its own (cmake -S migrations -B build/migrations), or
# add_subdirectory(migrations) from the application's CMakeLists.txt.
cmake_minimum_required(VERSION 3.25)
if(CMAKE_SOURCE_DIR STREQUAL CMAKE_CURRENT_SOURCE_DIR)
  project(${project}_migrations LANGUAGES CXX)
endif()

# retort_add_migrations() comes with the retort package; a retort source tree brought in by
# add_subdirectory() or FetchContent defines it already.
if(NOT COMMAND retort_add_migrations)
  find_package(retort CONFIG REQUIRED)
endif()

file(GLOB_RECURSE ${project}_migration_sources CONFIGURE_DEPENDS
     $${CMAKE_CURRENT_SOURCE_DIR}/versions/*.cpp)
if(NOT ${project}_migration_sources)
  message(WARNING "No migrations in $${CMAKE_CURRENT_SOURCE_DIR}/versions yet: "
                  "run `retort revision -m \"...\"` first")
  return()
endif()

# UNITY_BATCH_SIZE: twenty migration files to a translation unit, each in a namespace of its
# own, so a long history builds in seconds. Drop it to compile every file on its own.
retort_add_migrations(${project}_migrations
  SOURCES $${${project}_migration_sources}
  OUTPUT_DIRECTORY $${CMAKE_CURRENT_BINARY_DIR}/plugins
  UNITY_BATCH_SIZE 20)
)";

constexpr std::string_view readme_text = R"(# Migrations

The database schema of ${project}, as a history of C++ migrations managed by retort
(Alembic, for C++). Run the commands below from the directory that holds `retort.toml`.

- `versions/` — one file per revision, each with a `RETORT_MIGRATION({...})` header and
  `upgrade()`/`downgrade()` returning `op::` operations.
- `script.cpp.tmpl` — the template of new revision files (`script_template` in `retort.toml`).
- `CMakeLists.txt` — compiles `versions/` into the plugin `retort` loads.

## Next steps

${next_steps}
## Everyday commands

```sh
retort revision -m "add orders table"          # a new revision on top of the head
retort revision -m "..." --head base           # a new, independent root
retort revision -m "..." --head <rev> --splice # a branch from an older revision
retort merge -m "merge branches" heads         # join several heads again
retort edit <rev>                              # open a revision in $$EDITOR
retort heads / history / upgrade head / downgrade -1
```

## The template

`script.cpp.tmpl` may be edited freely. It is plain text with these variables:
`$${revision}`, `$${down_revision_list}` (`{"a1b2..."}`, `{}` for a base), `$${revises}`
(`a1b2..., c3d4...`), `$${message}` (one line, for comments), `$${message_literal}` (a C++
string literal), `$${branch_labels}`, `$${depends_on}` (`{...}` lists), `$${create_date}`.
Write `$$$$` for a literal `$$`. A new file must still parse back to the header that was asked
for, or `retort revision` refuses to write it.
)";

}  // namespace

std::string cmake_identifier(std::string_view name) {
  std::string out;
  for (char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out += ok ? c : '_';
  }
  if (out.empty() || (out[0] >= '0' && out[0] <= '9')) {
    out.insert(0, "app_");
  }
  return out;
}

init_result init_project(const std::filesystem::path& directory, const std::string& shown_as) {
  const auto root = std::filesystem::weakly_canonical(std::filesystem::absolute(directory));
  const auto project_name =
      cmake_identifier((root.has_filename() ? root : root.parent_path()).filename().string());

  auto next_steps = [&](bool with_cd) {
    std::string steps;
    int step = 1;
    auto add = [&](std::string_view line) { steps += fmt::format("{}. {}\n", step++, line); };
    if (with_cd) {
      add(fmt::format("cd {}", shown_as));
    }
    add("retort revision -m \"create the first table\"   # writes migrations/versions/<...>.cpp");
    add("edit the new file: return op:: operations from upgrade() and downgrade()");
    add("cmake -S migrations -B build/migrations && cmake --build build/migrations\n"
        "   (add -DCMAKE_PREFIX_PATH=<retort's prefix> unless retort is installed in /usr)");
    add("retort --url postgresql:///<database> upgrade head   # or set url in retort.toml");
    return steps;
  };

  const template_variables variables{{"project", project_name}, {"next_steps", next_steps(false)}};
  const std::vector<std::pair<std::filesystem::path, std::string>> files{
      {root / "retort.toml", render_template(config_text, variables, "<init: retort.toml>")},
      {root / "migrations" / "CMakeLists.txt",
       render_template(cmake_text, variables, "<init: CMakeLists.txt>")},
      {root / "migrations" / "script.cpp.tmpl", std::string(default_script_template())},
      {root / "migrations" / "README.md",
       render_template(readme_text, variables, "<init: README.md>")},
      {root / "migrations" / "versions" / ".gitkeep", std::string()},
  };

  std::vector<std::string> existing;
  for (const auto& [path, text] : files) {
    if (std::filesystem::exists(std::filesystem::symlink_status(path))) {
      existing.push_back(path.string());
    }
  }
  if (!existing.empty()) {
    throw refusal(fmt::format("{} already exist{}; init writes nothing over existing files",
                              fmt::join(existing, ", "), existing.size() == 1 ? "s" : ""));
  }

  init_result result;
  for (const auto& [path, text] : files) {
    write_new_file(path, text);
    result.files.push_back(path);
  }
  result.next_steps = next_steps(shown_as != ".");
  return result;
}

}  // namespace retort::scaffold
