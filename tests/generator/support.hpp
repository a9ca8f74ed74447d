#pragma once

// Helpers of the generator tests: a fresh directory per test, files in and out, the compiler.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "support/run_command.hpp"

namespace retort::testing {

/// An empty directory named after the running test, under the build tree (kept after the test,
/// so a failure can be inspected).
inline std::filesystem::path fresh_directory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::path(RETORT_TEST_WORK) /
             (std::string(info->test_suite_name()) + "." + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + file.string());
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline void write_file(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out << text;
  if (!out) {
    throw std::runtime_error("cannot write " + file.string());
  }
}

/// Compiles a migration file to an object file, as a plugin build would (warnings are errors).
inline run_result compile_migration(const std::filesystem::path& source) {
  auto object = source;
  object += ".o";
  return run(std::string(RETORT_TEST_CXX) +
             " -std=c++20 -Wall -Wextra -Werror -DBOOST_DLL_USE_STD_FS -fPIC -I " +
             shell_quote(std::string(RETORT_SOURCE_DIR) + "/include") + " -c " +
             shell_quote(source.string()) + " -o " + shell_quote(object.string()));
}

}  // namespace retort::testing
