#include "loader/plugin_loader.hpp"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/errors.hpp>
#include <retort/op.hpp>
#include <retort/plugin_abi.hpp>

#include "plugin/plugin_test_support.hpp"

namespace {

namespace fs = std::filesystem;
namespace op = retort::op;
using retort::plugin_test::canonical_path;
using retort::plugin_test::scenario;
using retort::plugin_test::source;
using retort::plugin_test::temp_directory;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr const char* beta_loaded = "RETORT_PLUGIN_TEST_BETA_LOADED";
constexpr const char* entry_called = "RETORT_PLUGIN_TEST_ENTRY_CALLED";

using retort::plugin_test::is_loaded;

retort::plugin_error load_error(const fs::path& directory) {
  try {
    auto migrations = retort::load_plugin_directory(directory);
    ADD_FAILURE() << "loaded " << migrations.size() << " migrations from " << directory;
  } catch (const retort::plugin_error& e) {
    return e;
  }
  throw std::logic_error("the load did not fail");
}

retort::migration_code_error code_error(const retort::loaded_migration& migration, bool up) {
  try {
    auto ops = up ? migration.upgrade() : migration.downgrade();
    ADD_FAILURE() << migration.info().revision << " returned " << ops.size() << " operations";
  } catch (const retort::migration_code_error& e) {
    return e;
  }
  throw std::logic_error("the migration did not fail");
}

class plugin_loader : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv(beta_loaded);
    ::unsetenv(entry_called);
  }
  static bool ran(const char* witness) { return std::getenv(witness) != nullptr; }
};

// --- Good plugins ---------------------------------------------------------------------------

TEST_F(plugin_loader, loads_every_plugin_of_a_directory_in_file_name_order) {
  auto migrations = retort::load_plugin_directory(scenario("good"));

  // alpha.so before beta.so, though beta's revision id sorts first; within alpha, link order.
  ASSERT_EQ(migrations.size(), 3U);
  const auto& base = migrations[0];
  EXPECT_EQ(base.info().revision, "bbbb00000001");
  EXPECT_THAT(base.info().down_revisions, IsEmpty());
  EXPECT_THAT(base.info().branch_labels, ElementsAre("cellar"));
  EXPECT_THAT(base.info().depends_on, IsEmpty());
  EXPECT_EQ(base.info().message, "create wines");
  EXPECT_TRUE(base.transactional());
  EXPECT_EQ(base.source_file(), source("alpha_base.cpp"));
  EXPECT_EQ(base.info().source, source("alpha_base.cpp"));
  EXPECT_EQ(base.plugin_file(), canonical_path(scenario("good") / "alpha.so"));

  const auto& second = migrations[1];
  EXPECT_EQ(second.info().revision, "bbbb00000002");
  EXPECT_THAT(second.info().down_revisions, ElementsAre("bbbb00000001"));
  EXPECT_THAT(second.info().branch_labels, IsEmpty());
  EXPECT_THAT(second.info().depends_on, ElementsAre("aaaa00000001"));
  EXPECT_EQ(second.info().message, "add wine names");
  EXPECT_TRUE(second.transactional());
  EXPECT_EQ(second.source_file(), source("alpha_second.cpp"));
  EXPECT_EQ(second.plugin_file(), canonical_path(scenario("good") / "alpha.so"));

  const auto& search = migrations[2];
  EXPECT_EQ(search.info().revision, "aaaa00000001");
  EXPECT_THAT(search.info().down_revisions, IsEmpty());
  EXPECT_EQ(search.info().message, "enable trigram search");
  EXPECT_FALSE(search.transactional());
  EXPECT_EQ(search.source_file(), source("beta_search.cpp"));
  EXPECT_EQ(search.plugin_file(), canonical_path(scenario("good") / "beta.so"));
}

TEST_F(plugin_loader, upgrade_and_downgrade_return_the_operations_the_file_wrote) {
  auto migrations = retort::load_plugin_directory(scenario("good"));
  ASSERT_EQ(migrations.size(), 3U);

  EXPECT_EQ(migrations[0].upgrade(),
            retort::operations{op::create_table("wines", {op::column("id", op::type::integer())})});
  EXPECT_EQ(migrations[0].downgrade(), retort::operations{op::drop_table("wines")});
  EXPECT_EQ(migrations[1].upgrade(),
            retort::operations{op::add_column("wines", op::column("name", op::type::text()))});
  EXPECT_EQ(migrations[1].downgrade(), retort::operations{op::drop_column("wines", "name")});
  EXPECT_EQ(migrations[2].upgrade(), retort::operations{op::create_extension("pg_trgm")});
  EXPECT_EQ(migrations[2].downgrade(), retort::operations{op::drop_extension("pg_trgm")});
}

TEST_F(plugin_loader, keeps_the_registries_of_plugins_loaded_together_apart) {
  auto alpha = retort::load_plugin_file(scenario("good") / "alpha.so");
  auto beta = retort::load_plugin_file(scenario("good") / "beta.so");

  ASSERT_EQ(alpha.size(), 2U);
  ASSERT_EQ(beta.size(), 1U);
  EXPECT_EQ(beta[0].info().revision, "aaaa00000001");
}

TEST_F(plugin_loader, accepts_a_relative_directory_and_reports_absolute_plugin_files) {
  const auto previous = fs::current_path();
  fs::current_path(scenario("good").parent_path());
  std::optional<std::vector<retort::loaded_migration>> migrations;
  try {
    migrations = retort::load_plugin_directory("good");
  } catch (...) {
    fs::current_path(previous);
    throw;
  }
  fs::current_path(previous);

  ASSERT_EQ(migrations->size(), 3U);
  EXPECT_EQ(migrations->front().plugin_file(), canonical_path(scenario("good") / "alpha.so"));
}

TEST_F(plugin_loader, returns_nothing_for_a_directory_without_plugins) {
  temp_directory empty;
  EXPECT_THAT(retort::load_plugin_directory(empty.path()), IsEmpty());
}

TEST_F(plugin_loader, follows_a_symbolic_link_to_a_plugin_inside_the_directory) {
  temp_directory dir;
  fs::create_directory(dir.path() / "releases");
  fs::copy_file(scenario("good") / "beta.so", dir.path() / "releases" / "beta.so");
  fs::create_symlink("releases/beta.so", dir.path() / "search.so");

  auto migrations = retort::load_plugin_directory(dir.path());

  ASSERT_EQ(migrations.size(), 1U);
  EXPECT_EQ(migrations[0].plugin_file(), canonical_path(dir.path() / "releases" / "beta.so"));
}

// --- Lifetime -------------------------------------------------------------------------------

TEST_F(plugin_loader, keeps_a_plugin_loaded_while_a_copy_of_one_of_its_migrations_lives) {
  const auto alpha = canonical_path(scenario("good") / "alpha.so");
  const auto beta = canonical_path(scenario("good") / "beta.so");
  std::optional<retort::loaded_migration> copy;
  {
    auto migrations = retort::load_plugin_directory(scenario("good"));
    ASSERT_EQ(migrations.size(), 3U);
    EXPECT_TRUE(is_loaded(alpha));
    EXPECT_TRUE(is_loaded(beta));
    copy = migrations[1];
  }

  EXPECT_TRUE(is_loaded(alpha));
  EXPECT_FALSE(is_loaded(beta)) << "no migration from beta.so is left: it must be unloaded";
  EXPECT_EQ(copy->upgrade(),
            retort::operations{op::add_column("wines", op::column("name", op::type::text()))});
  EXPECT_EQ(copy->plugin_file(), alpha);

  copy.reset();
  EXPECT_FALSE(is_loaded(alpha)) << "the last migration from alpha.so is gone: it must be unloaded";
}

// --- Exceptions from migration code ---------------------------------------------------------

TEST_F(plugin_loader, converts_a_standard_exception_from_upgrade) {
  auto migrations = retort::load_plugin_directory(scenario("throws"));
  ASSERT_EQ(migrations.size(), 2U);

  auto error = code_error(migrations[0], true);

  EXPECT_EQ(error.revision(), "eeee00000001");
  EXPECT_STREQ(error.what(),
               "upgrade() threw std::runtime_error: the catalogue feed is unreachable");
  EXPECT_EQ(migrations[0].downgrade(), retort::operations{op::drop_table("feed")});
}

TEST_F(plugin_loader, converts_a_non_standard_exception_from_upgrade) {
  auto migrations = retort::load_plugin_directory(scenario("throws"));
  ASSERT_EQ(migrations.size(), 2U);

  auto error = code_error(migrations[1], true);

  EXPECT_EQ(error.revision(), "eeee00000002");
  EXPECT_STREQ(error.what(),
               "upgrade() threw a non-standard exception of type int (not derived from "
               "std::exception)");
}

TEST_F(plugin_loader, converts_an_exception_thrown_by_a_migration_whose_vector_is_gone) {
  std::optional<retort::loaded_migration> copy;
  copy = retort::load_plugin_directory(scenario("throws")).at(0);

  auto error = code_error(*copy, true);

  EXPECT_EQ(error.revision(), "eeee00000001");
  EXPECT_THAT(error.what(), HasSubstr("the catalogue feed is unreachable"));
}

// --- Refused directories and entries --------------------------------------------------------

TEST_F(plugin_loader, refuses_a_missing_directory) {
  const auto missing = scenario("no_such_scenario");

  auto error = load_error(missing);

  EXPECT_EQ(error.file(), missing.string());
  EXPECT_EQ(std::string(error.what()), missing.string() + ": plugin directory does not exist");
}

TEST_F(plugin_loader, refuses_an_empty_directory_name) {
  auto error = load_error("");

  EXPECT_STREQ(error.what(), "\"\": no plugin directory given");
}

TEST_F(plugin_loader, refuses_a_file_given_as_the_directory) {
  const auto file = scenario("good") / "alpha.so";

  auto error = load_error(file);

  EXPECT_EQ(error.file(), file.string());
  EXPECT_THAT(error.what(), HasSubstr("not a directory"));
}

TEST_F(plugin_loader, refuses_a_fifo_named_like_a_plugin) {
  temp_directory dir;
  const auto fifo = dir.path() / "pipe.so";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);

  auto error = load_error(dir.path());

  EXPECT_EQ(error.file(), fifo.string());
  EXPECT_EQ(std::string(error.what()),
            fifo.string() + ": not a regular file but a FIFO; a plugin is a shared library file");
}

TEST_F(plugin_loader, refuses_a_dangling_symbolic_link) {
  temp_directory dir;
  const auto link = dir.path() / "gone.so";
  fs::create_symlink(dir.path() / "nowhere" / "gone.so", link);

  auto error = load_error(dir.path());

  EXPECT_EQ(error.file(), link.string());
  EXPECT_THAT(error.what(),
              HasSubstr("a symbolic link to " + (dir.path() / "nowhere" / "gone.so").string() +
                        ", which does not exist"));
}

TEST_F(plugin_loader, refuses_two_names_for_one_plugin_file) {
  temp_directory dir;
  fs::copy_file(scenario("good") / "alpha.so", dir.path() / "a.so");
  fs::create_symlink("a.so", dir.path() / "b.so");

  auto error = load_error(dir.path());

  EXPECT_EQ(error.file(), (dir.path() / "b.so").string());
  EXPECT_THAT(error.what(), HasSubstr("the same file as " + (dir.path() / "a.so").string()));
}

TEST_F(plugin_loader, refuses_a_missing_plugin_file) {
  const auto missing = scenario("good") / "missing.so";
  try {
    (void)retort::load_plugin_file(missing);
    FAIL() << "loaded " << missing;
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), missing.string());
    EXPECT_EQ(std::string(e.what()), missing.string() + ": no such file");
  }
}

// --- Refused plugins: nothing of the directory is returned ----------------------------------

TEST_F(plugin_loader, refuses_a_text_file_before_running_any_plugin_code) {
  auto error = load_error(scenario("not_elf"));

  EXPECT_EQ(error.file(), canonical_path(scenario("not_elf") / "zz_notes.so"));
  EXPECT_EQ(std::string(error.what()),
            error.file() +
                ": not a shared library (not an ELF file); build plugins with "
                "retort_add_migrations()");
  EXPECT_FALSE(ran(beta_loaded)) << "aa_beta.so was loaded before every file was checked";
}

TEST_F(plugin_loader, refuses_the_same_text_file_given_alone) {
  const auto file = scenario("not_elf") / "zz_notes.so";
  try {
    (void)retort::load_plugin_file(file);
    FAIL() << "loaded " << file;
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), canonical_path(file));
    EXPECT_THAT(e.what(), HasSubstr("not a shared library (not an ELF file)"));
  }
}

TEST_F(plugin_loader, refuses_a_truncated_plugin_before_running_any_plugin_code) {
  auto error = load_error(scenario("truncated"));

  EXPECT_EQ(error.file(), canonical_path(scenario("truncated") / "zz_half.so"));
  EXPECT_THAT(error.what(), HasSubstr(": truncated or corrupt: "));
  EXPECT_THAT(error.what(), HasSubstr("lies past the end of the file"));
  EXPECT_FALSE(ran(beta_loaded));
}

TEST_F(plugin_loader, refuses_a_stripped_plugin_saying_why) {
  auto error = load_error(scenario("stripped"));

  EXPECT_EQ(error.file(), canonical_path(scenario("stripped") / "zz_stripped.so"));
  EXPECT_THAT(error.what(), HasSubstr("has no symbol table (.symtab): it was stripped"));
  EXPECT_FALSE(ran(beta_loaded));
}

TEST_F(plugin_loader, refuses_a_library_without_the_entry_point) {
  auto error = load_error(scenario("no_entry"));

  EXPECT_EQ(error.file(), canonical_path(scenario("no_entry") / "zz_no_entry.so"));
  EXPECT_EQ(std::string(error.what()),
            error.file() +
                ": no retort entry point (retort_abi_v1 and retort_migrations_v1 in section "
                "\"retort\"): not built with retort_add_migrations()");
  EXPECT_FALSE(ran(beta_loaded));
}

TEST_F(plugin_loader, refuses_a_plugin_with_an_unresolved_symbol_naming_it) {
  auto error = load_error(scenario("unresolved"));

  EXPECT_EQ(error.file(), canonical_path(scenario("unresolved") / "zz_unresolved.so"));
  EXPECT_EQ(std::string(error.what()),
            error.file() +
                ": cannot be loaded: undefined symbol: _Z28retort_test_missing_functioni "
                "(retort_test_missing_function(int)); link the plugin with what defines it");
}

TEST_F(plugin_loader, refuses_a_plugin_built_for_another_plugin_abi_without_calling_it) {
  auto error = load_error(scenario("abi_version"));

  EXPECT_EQ(error.file(), canonical_path(scenario("abi_version") / "zz_abi999.so"));
  EXPECT_EQ(std::string(error.what()),
            error.file() + ": built for retort plugin ABI 999, this runtime reads ABI " +
                std::to_string(retort::plugin_abi::version) +
                "; rebuild the plugin against this retort");
  EXPECT_FALSE(ran(entry_called)) << "the entry point ran before the ABI block was checked";
}

TEST_F(plugin_loader, refuses_a_plugin_built_with_another_compiler_without_calling_it) {
  const std::string runtime_compiler = retort::plugin_abi::current_abi().compiler;

  auto error = load_error(scenario("abi_compiler"));

  EXPECT_EQ(error.file(), canonical_path(scenario("abi_compiler") / "zz_clang15.so"));
  EXPECT_EQ(std::string(error.what()), error.file() + ": built with clang 15, this runtime with " +
                                           runtime_compiler + "; rebuild the plugin with " +
                                           runtime_compiler);
  EXPECT_FALSE(ran(entry_called));
}

TEST_F(plugin_loader, refuses_a_revision_declared_in_two_plugins_naming_both) {
  auto error = load_error(scenario("duplicate"));

  const auto one = canonical_path(scenario("duplicate") / "one.so");
  const auto two = canonical_path(scenario("duplicate") / "two.so");
  EXPECT_EQ(error.file(), two);
  EXPECT_EQ(std::string(error.what()), two + ": revision cccc00000001 is declared by " +
                                           source("duplicate_two.cpp") + " in this plugin and by " +
                                           source("duplicate_one.cpp") + " in " + one +
                                           "; give one of them a new revision id");
}

TEST_F(plugin_loader, refuses_a_revision_declared_twice_in_one_plugin_naming_both_sources) {
  auto error = load_error(scenario("duplicate_within"));

  const auto both = canonical_path(scenario("duplicate_within") / "both.so");
  EXPECT_EQ(error.file(), both);
  EXPECT_EQ(std::string(error.what()),
            both + ": revision cccc00000001 is declared twice in this plugin, by " +
                source("duplicate_one.cpp") + " and by " + source("duplicate_two.cpp") +
                "; give one of them a new revision id");
}

}  // namespace
