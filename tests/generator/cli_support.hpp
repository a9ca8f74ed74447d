#pragma once

// Running the `retort` binary as a user does, and reading what `revision`/`merge` wrote.
#include <filesystem>
#include <regex>
#include <string>

#include <gtest/gtest.h>

#include "generator/support.hpp"
#include "scaffold/source_reader.hpp"

namespace retort::testing {

/// Runs the CLI in `directory` with a clean environment plus `env`.
inline run_result retort_cli(const std::string& args, const std::filesystem::path& directory,
                             const std::string& env = "") {
  return run("cd " + shell_quote(directory.string()) +
             " && env -u RETORT_URL -u DATABASE_URL -u RETORT_PLUGINS -u RETORT_CONFIG "
             "-u EDITOR -u VISUAL " +
             env + " " + RETORT_CLI + " " + args);
}

struct generated_file {
  std::filesystem::path file;
  std::string revision;
};

/// The file a `revision`/`merge` run reports, and the revision it declares.
inline generated_file generated_by(const run_result& run) {
  std::smatch match;
  static const std::regex line("Generating (.+\\.cpp) \\.\\.\\. done\n");
  if (!std::regex_search(run.output, match, line)) {
    ADD_FAILURE() << "no Generating line in:\n" << run.output;
    return {};
  }
  const std::filesystem::path file = match[1].str();
  return {file, scaffold::read_migration_file(file).revision};
}

}  // namespace retort::testing
