// New revision files: golden text with an injected clock and ids, each file compiled; the
// refusals; hooks, editor and init.
#include <retort/errors.hpp>

#include <chrono>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/error_of.hpp"

#include "generator/support.hpp"
#include "scaffold/editor.hpp"
#include "scaffold/hooks.hpp"
#include "scaffold/init.hpp"
#include "scaffold/revision.hpp"
#include "scaffold/source_reader.hpp"

namespace retort::scaffold {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using namespace std::chrono;
using retort::testing::compile_migration;
using retort::testing::read_file;
using retort::testing::write_file;

const system_clock::time_point day = sys_days{2026y / November / 5};

using retort::testing::error_of;

class scaffold_revision : public ::testing::Test {
 protected:
  scaffold_revision() {
    project_.root = dir_;
    project_.version_locations = {dir_ / "versions"};
    std::filesystem::create_directories(dir_ / "versions");
  }

  // The next revision gets `id`, written at 10:00 plus `hours`.
  environment at(std::string id, int hours) {
    return {[hours] { return day + 10h + std::chrono::hours(hours); },
            [id = std::move(id)] { return id; }};
  }

  written_revision revise(revision_request request, std::string id, int hours) {
    return write_revision(project_, request, at(std::move(id), hours));
  }

  // Migration sources under versions/ (compiled objects and other files aside).
  std::size_t file_count() const {
    std::size_t n = 0;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_ / "versions")) {
      n += entry.path().extension() == ".cpp" ? 1 : 0;
    }
    return n;
  }

  // The file must compile as written, to an object, warnings as errors.
  static void expect_compiles(const std::filesystem::path& file) {
    auto compiled = compile_migration(file);
    EXPECT_EQ(compiled.status, 0) << file << "\n" << compiled.output;
  }

  std::filesystem::path dir_ = testing::fresh_directory();
  project project_;
};

TEST_F(scaffold_revision, golden_base_revision) {
  auto written = revise({.message = "create accounts table"}, "1a2b3c4d5e6f", 0);
  EXPECT_EQ(written.file, dir_ / "versions/20261105_1000_1a2b3c4d5e6f_create_accounts_table.cpp");
  EXPECT_EQ(read_file(written.file), R"(// create accounts table
//
// Revision ID: 1a2b3c4d5e6f
// Revises:
// Create Date: 2026-11-05 10:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "1a2b3c4d5e6f",
    .down_revision = {},
    .message = "create accounts table",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // The operations that bring the schema to this revision, e.g.
  //   op::add_column("products", op::column("notes", op::type::text())),
  return {};
}

retort::operations downgrade() {
  // The operations that undo upgrade(), in reverse order.
  return {};
}
)");
  expect_compiles(written.file);
}

TEST_F(scaffold_revision, golden_revision_on_the_head) {
  (void)revise({.message = "create accounts table"}, "1a2b3c4d5e6f", 0);
  auto written = revise({.message = "Add e-mail to accounts"}, "2b3c4d5e6f70", 1);
  EXPECT_EQ(written.file, dir_ / "versions/20261105_1100_2b3c4d5e6f70_add_e_mail_to_accounts.cpp");
  EXPECT_THAT(written.fields.down_revision, ElementsAre("1a2b3c4d5e6f"));
  EXPECT_EQ(read_file(written.file), R"(// Add e-mail to accounts
//
// Revision ID: 2b3c4d5e6f70
// Revises: 1a2b3c4d5e6f
// Create Date: 2026-11-05 11:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "2b3c4d5e6f70",
    .down_revision = {"1a2b3c4d5e6f"},
    .message = "Add e-mail to accounts",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // The operations that bring the schema to this revision, e.g.
  //   op::add_column("products", op::column("notes", op::type::text())),
  return {};
}

retort::operations downgrade() {
  // The operations that undo upgrade(), in reverse order.
  return {};
}
)");
  expect_compiles(written.file);
}

TEST_F(scaffold_revision, golden_new_root_with_labels_and_dependencies) {
  (void)revise({.message = "create accounts table", .branch_labels = {"accounts"}}, "1a2b3c4d5e6f",
               0);
  // A prefix is resolved to the full id; a label is kept as written (as Alembic does).
  auto written = revise({.message = "invoices: \"draft\" & paid \\ states\nsecond line",
                         .heads = {"base"},
                         .branch_labels = {"billing"},
                         .depends_on = {"1a2b", "accounts"}},
                        "3c4d5e6f7081", 2);
  EXPECT_EQ(
      written.file,
      dir_ / "versions/20261105_1200_3c4d5e6f7081_invoices_draft_paid_states_second_line.cpp");
  EXPECT_EQ(read_file(written.file), R"(// invoices: "draft" & paid \ states second line
//
// Revision ID: 3c4d5e6f7081
// Revises:
// Create Date: 2026-11-05 12:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "3c4d5e6f7081",
    .down_revision = {},
    .message = "invoices: \"draft\" & paid \\ states\nsecond line",
    .branch_labels = {"billing"},
    .depends_on = {"1a2b3c4d5e6f", "accounts"},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // The operations that bring the schema to this revision, e.g.
  //   op::add_column("products", op::column("notes", op::type::text())),
  return {};
}

retort::operations downgrade() {
  // The operations that undo upgrade(), in reverse order.
  return {};
}
)");
  expect_compiles(written.file);
  // And the reader reads back exactly what was asked for.
  auto back = read_migration_file(written.file);
  EXPECT_EQ(back.message, "invoices: \"draft\" & paid \\ states\nsecond line");
  EXPECT_THAT(back.depends_on, ElementsAre("1a2b3c4d5e6f", "accounts"));
}

TEST_F(scaffold_revision, golden_merge) {
  (void)revise({.message = "create accounts table"}, "1a2b3c4d5e6f", 0);
  (void)revise({.message = "add email"}, "2b3c4d5e6f70", 1);
  (void)revise({.message = "add audit log", .heads = {"1a2b3c4d5e6f"}, .splice = true},
               "3c4d5e6f7081", 2);
  auto written = write_merge(project_, {.message = "merge email and audit log", .heads = {"heads"}},
                             at("4d5e6f708192", 3));
  EXPECT_EQ(written.file,
            dir_ / "versions/20261105_1300_4d5e6f708192_merge_email_and_audit_log.cpp");
  EXPECT_EQ(read_file(written.file), R"(// merge email and audit log
//
// Revision ID: 4d5e6f708192
// Revises: 2b3c4d5e6f70, 3c4d5e6f7081
// Create Date: 2026-11-05 13:00:00 UTC
#include <retort/migration.hpp>

RETORT_MIGRATION({
    .revision = "4d5e6f708192",
    .down_revision = {"2b3c4d5e6f70", "3c4d5e6f7081"},
    .message = "merge email and audit log",
    .branch_labels = {},
    .depends_on = {},
    // .transactional = false,  // for CREATE INDEX CONCURRENTLY, ALTER TYPE ... ADD VALUE
});

retort::operations upgrade() {
  // The operations that bring the schema to this revision, e.g.
  //   op::add_column("products", op::column("notes", op::type::text())),
  return {};
}

retort::operations downgrade() {
  // The operations that undo upgrade(), in reverse order.
  return {};
}
)");
  expect_compiles(written.file);
  const auto graph = make_graph(read_version_locations(project_.version_locations));
  EXPECT_THAT(graph.heads(), ElementsAre("4d5e6f708192"));
}

TEST_F(scaffold_revision, several_heads_are_refused_with_alembics_advice) {
  (void)revise({.message = "one"}, "aaaa00000001", 0);
  (void)revise({.message = "two", .heads = {"base"}}, "bbbb00000002", 1);
  auto message = error_of<refusal>([&] { (void)revise({.message = "three"}, "cccc00000003", 2); });
  EXPECT_EQ(message,
            "Multiple heads are present; please specify the head revision on which the new "
            "revision should be based, or perform a merge. (heads: aaaa00000001, bbbb00000002)");
  EXPECT_EQ(file_count(), 2U);
  // Naming a head is enough.
  auto written = revise({.message = "three", .heads = {"bbbb"}}, "cccc00000003", 2);
  EXPECT_THAT(written.fields.down_revision, ElementsAre("bbbb00000002"));
}

TEST_F(scaffold_revision, a_parent_that_is_not_a_head_needs_splice) {
  (void)revise({.message = "one"}, "aaaa00000001", 0);
  (void)revise({.message = "two"}, "bbbb00000002", 1);
  EXPECT_EQ(error_of<refusal>([&] {
              (void)revise({.message = "three", .heads = {"aaaa00000001"}}, "cccc00000003", 2);
            }),
            "Revision aaaa00000001 is not a head revision; please specify --splice to create a new "
            "branch from this revision");
  EXPECT_EQ(file_count(), 2U);
  auto written =
      revise({.message = "three", .heads = {"aaaa00000001"}, .splice = true}, "cccc00000003", 2);
  EXPECT_THAT(written.fields.down_revision, ElementsAre("aaaa00000001"));
  const auto graph = make_graph(read_version_locations(project_.version_locations));
  EXPECT_THAT(graph.heads(), ElementsAre("bbbb00000002", "cccc00000003"));
  expect_compiles(written.file);
}

TEST_F(scaffold_revision, head_base_starts_a_new_root_and_labels_name_parents) {
  (void)revise({.message = "one", .branch_labels = {"core"}}, "aaaa00000001", 0);
  auto root = revise({.message = "plugin root", .heads = {"base"}, .branch_labels = {"plugin"}},
                     "bbbb00000002", 1);
  EXPECT_TRUE(root.fields.down_revision.empty());
  auto on_label = revise({.message = "plugin two", .heads = {"plugin@head"}}, "cccc00000003", 2);
  EXPECT_THAT(on_label.fields.down_revision, ElementsAre("bbbb00000002"));
  auto on_core = revise({.message = "core two", .heads = {"core"}}, "dddd00000004", 3);
  EXPECT_THAT(on_core.fields.down_revision, ElementsAre("aaaa00000001"));
}

TEST_F(scaffold_revision, the_first_revision_of_an_empty_project_is_a_base) {
  auto written = revise({.message = "first"}, "aaaa00000001", 0);
  EXPECT_TRUE(written.fields.down_revision.empty());
}

TEST_F(scaffold_revision, ids_and_labels_are_checked) {
  (void)revise({.message = "one", .branch_labels = {"core"}}, "aaaa00000001", 0);
  auto with_id = [&](std::string id) {
    return error_of<refusal>([&] { (void)revise({.message = "x", .rev_id = id}, "unused", 1); });
  };
  EXPECT_THAT(with_id("has-dash"), HasSubstr("--rev-id \"has-dash\" is not valid"));
  EXPECT_THAT(with_id("aaaa00000001"), HasSubstr("is already used by revision aaaa00000001 ("));
  EXPECT_THAT(with_id("core"), HasSubstr("is already used by revision aaaa00000001"));
  EXPECT_THAT(with_id("heads"), HasSubstr("is reserved"));
  EXPECT_THAT(error_of<refusal>([&] {
                (void)revise({.message = "x", .branch_labels = {"core"}}, "bbbb00000002", 1);
              }),
              HasSubstr("branch label \"core\" is already used by revision aaaa00000001"));
  EXPECT_THAT(error_of<refusal>([&] {
                (void)revise({.message = "x", .branch_labels = {"a", "a"}}, "bbbb00000002", 1);
              }),
              HasSubstr("branch label \"a\" is given twice"));
  // A random id that happens to exist is refused, never written over.
  EXPECT_THAT(error_of<refusal>([&] { (void)revise({.message = "x"}, "aaaa00000001", 1); }),
              HasSubstr("run the command again"));
  EXPECT_THAT(error_of<refusal>([&] { (void)revise({.message = ""}, "bbbb00000002", 1); }),
              HasSubstr("a revision needs a message"));
  EXPECT_EQ(file_count(), 1U);
  auto chosen = revise({.message = "x", .rev_id = "my_own_id"}, "unused", 1);
  EXPECT_EQ(chosen.fields.revision, "my_own_id");
}

TEST_F(scaffold_revision, unknown_parents_and_dependencies_are_target_errors) {
  (void)revise({.message = "one"}, "aaaa00000001", 0);
  EXPECT_THROW((void)revise({.message = "x", .heads = {"nope"}}, "bbbb00000002", 1), target_error);
  EXPECT_THROW((void)revise({.message = "x", .depends_on = {"nope"}}, "bbbb00000002", 1),
               target_error);
  EXPECT_THAT(error_of<refusal>(
                  [&] { (void)revise({.message = "x", .heads = {"-1"}}, "bbbb00000002", 1); }),
              HasSubstr("relative to the database's revision"));
  EXPECT_THAT(
      error_of<refusal>([&] {
        (void)revise({.message = "x", .heads = {"aaaa", "aaaa00000001"}}, "bbbb00000002", 1);
      }),
      HasSubstr("Duplicate head revisions specified: aaaa00000001"));
}

TEST_F(scaffold_revision, merge_needs_two_heads) {
  (void)revise({.message = "one"}, "aaaa00000001", 0);
  (void)revise({.message = "two"}, "bbbb00000002", 1);
  EXPECT_THAT(error_of<refusal>([&] {
                (void)write_merge(project_, {.message = "m", .heads = {"heads"}},
                                  at("cccc00000003", 2));
              }),
              HasSubstr("nothing to merge: heads names 1 revision (bbbb00000002)"));
  EXPECT_THAT(error_of<refusal>([&] {
                (void)write_merge(project_, {.message = "m", .heads = {"aaaa", "bbbb"}},
                                  at("cccc00000003", 2));
              }),
              HasSubstr("Revision aaaa00000001 is not a head revision"));
  EXPECT_EQ(file_count(), 2U);
}

TEST_F(scaffold_revision, an_existing_file_is_never_overwritten) {
  write_file(dir_ / "versions/20261105_1000_aaaa00000001_one.txt", "not a source");
  write_file(dir_ / "versions/20261105_1000_aaaa00000001_one.cpp.orig", "");
  const std::filesystem::path target = dir_ / "versions/sub/aaaa00000001_one.cpp";
  project_.file_template = "sub/%(rev)s_%(slug)s";
  auto written = revise({.message = "one"}, "aaaa00000001", 0);
  EXPECT_EQ(written.file, target);
  const auto before = read_file(target);
  // Same id and slug again: refused (the id check comes first; with another id, the file check).
  project_.file_template = "sub/aaaa00000001_%(slug)s";
  EXPECT_THAT(error_of<refusal>([&] { (void)revise({.message = "one"}, "bbbb00000002", 1); }),
              HasSubstr("already exists; it was not overwritten"));
  EXPECT_EQ(read_file(target), before);
}

TEST_F(scaffold_revision, a_project_template_is_used_and_checked) {
  project_.script_template = dir_ / "script.cpp.tmpl";
  write_file(*project_.script_template,
             "// ${message} ($$ and ${create_date})\n#include <retort/migration.hpp>\n"
             "RETORT_MIGRATION({.revision = \"${revision}\", .down_revision = "
             "${down_revision_list}, .message = ${message_literal}, .branch_labels = "
             "${branch_labels}, .depends_on = ${depends_on}});\n"
             "retort::operations upgrade() { return {}; }\n"
             "retort::operations downgrade() { return {}; }\n");
  auto written = revise({.message = "custom"}, "aaaa00000001", 0);
  EXPECT_EQ(read_file(written.file),
            "// custom ($ and 2026-11-05 10:00:00 UTC)\n#include <retort/migration.hpp>\n"
            "RETORT_MIGRATION({.revision = \"aaaa00000001\", .down_revision = {}, .message = "
            "\"custom\", .branch_labels = {}, .depends_on = {}});\n"
            "retort::operations upgrade() { return {}; }\n"
            "retort::operations downgrade() { return {}; }\n");
  expect_compiles(written.file);

  // A template that drops the labels would write a file that says less than was asked.
  write_file(*project_.script_template,
             "RETORT_MIGRATION({.revision = \"${revision}\", .down_revision = "
             "${down_revision_list}, .message = ${message_literal}});\n");
  EXPECT_THAT(error_of<config_error>([&] {
                (void)revise({.message = "labelled", .branch_labels = {"x"}}, "bbbb00000002", 1);
              }),
              HasSubstr("renders .branch_labels as [] instead of [\"x\"]"));
  // A template with a message in plain quotes breaks on a quote in the message.
  write_file(*project_.script_template,
             "RETORT_MIGRATION({.revision = \"${revision}\", .down_revision = "
             "${down_revision_list}, .message = \"${message}\"});\n");
  EXPECT_THAT(
      error_of<config_error>([&] { (void)revise({.message = "say \"hi\""}, "bbbb00000002", 1); }),
      HasSubstr("renders a file the source reader rejects"));
  write_file(*project_.script_template, "${revison}\n");
  EXPECT_THAT(error_of<config_error>([&] { (void)revise({.message = "x"}, "bbbb00000002", 1); }),
              HasSubstr("script.cpp.tmpl:1: unknown template variable ${revison}"));
  EXPECT_EQ(file_count(), 1U);
}

TEST_F(scaffold_revision, several_version_locations_follow_alembic) {
  project_.version_locations = {dir_ / "versions", dir_ / "plugin_versions"};
  std::filesystem::create_directories(dir_ / "plugin_versions");
  EXPECT_THAT(error_of<refusal>([&] { (void)revise({.message = "one"}, "aaaa00000001", 0); }),
              HasSubstr("Multiple version locations present, please specify --version-path"));
  auto root =
      revise({.message = "one", .version_path = dir_ / "plugin_versions"}, "aaaa00000001", 0);
  EXPECT_EQ(root.file.parent_path(), dir_ / "plugin_versions");
  // A child goes next to its parent.
  auto child = revise({.message = "two"}, "bbbb00000002", 1);
  EXPECT_EQ(child.file.parent_path(), dir_ / "plugin_versions");
  // A subdirectory of a location is fine; elsewhere is not.
  auto nested =
      revise({.message = "three", .version_path = dir_ / "versions/2026"}, "cccc00000003", 2);
  EXPECT_EQ(nested.file.parent_path(), dir_ / "versions/2026");
  EXPECT_THAT(error_of<refusal>([&] {
                (void)revise({.message = "x", .version_path = dir_ / "elsewhere"}, "dddd00000004",
                             3);
              }),
              HasSubstr("is not represented in current version locations"));
}

TEST_F(scaffold_revision, revision_files_finds_files_by_id_prefix_label_and_head) {
  auto one = revise({.message = "one", .branch_labels = {"core"}}, "aaaa00000001", 0);
  auto two = revise({.message = "two"}, "bbbb00000002", 1);
  EXPECT_THAT(revision_files(project_, "aaaa00000001"), ElementsAre(one.file));
  EXPECT_THAT(revision_files(project_, "bbbb"), ElementsAre(two.file));
  EXPECT_THAT(revision_files(project_, "core"), ElementsAre(one.file));
  EXPECT_THAT(revision_files(project_, "head"), ElementsAre(two.file));
  EXPECT_THROW((void)revision_files(project_, "base"), target_error);
  EXPECT_THROW((void)revision_files(project_, "zzzz"), target_error);
  EXPECT_THROW((void)revision_files(project_, "current"), refusal);
}

TEST_F(scaffold_revision, hooks_run_in_order_and_a_failure_keeps_the_file) {
  auto written = revise({.message = "one"}, "aaaa00000001", 0);
  project_.post_write_hooks = {{"stamp", "echo '// stamped' >> ${file}"},
                               {"where", "pwd > hook_cwd.txt"}};
  EXPECT_THAT(
      error_of<config_error>([&] { run_post_write_hooks(project_, written.file, std::cout); }),
      HasSubstr("post write hook \"where\": the command \"pwd > hook_cwd.txt\" does not "
                "name the file"));
  EXPECT_THAT(read_file(written.file), Not(HasSubstr("stamped")));  // nothing ran

  project_.post_write_hooks = {{"stamp", "echo '// stamped' >> ${file}"},
                               {"where", "pwd > hook_cwd.txt; test -f ${file}"}};
  std::ostringstream out;
  run_post_write_hooks(project_, written.file, out);
  EXPECT_EQ(out.str(),
            "Running post write hook \"stamp\" ... done\nRunning post write hook \"where\" ... "
            "done\n");
  EXPECT_THAT(read_file(written.file), ::testing::EndsWith("}\n// stamped\n"));
  EXPECT_EQ(read_file(dir_ / "hook_cwd.txt"), dir_.string() + "\n");
  expect_compiles(written.file);

  project_.post_write_hooks = {{"broken", "exit 3; ${file}"}, {"never", "touch never ${file}"}};
  std::ostringstream failed;
  try {
    run_post_write_hooks(project_, written.file, failed);
    ADD_FAILURE() << "no error";
  } catch (const hook_failed& e) {
    EXPECT_EQ(e.hook(), "broken");
    EXPECT_EQ(e.status(), 3);
    EXPECT_THAT(std::string(e.what()), HasSubstr("post write hook \"broken\" failed with exit "
                                                 "status 3"));
    EXPECT_THAT(std::string(e.what()), HasSubstr("the new file stays: " + written.file.string()));
    EXPECT_THAT(std::string(e.what()), HasSubstr("not run: \"never\""));
  }
  EXPECT_EQ(failed.str(), "Running post write hook \"broken\" ... FAILED\n");
  EXPECT_TRUE(std::filesystem::exists(written.file));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "never"));
}

TEST_F(scaffold_revision, a_hook_gets_a_quoted_path) {
  EXPECT_EQ(hook_command({"f", "clang-format -i ${file} && echo $$HOME"}, "/tmp/it's here.cpp"),
            "clang-format -i '/tmp/it'\\''s here.cpp' && echo $HOME");
}

TEST(scaffold_editor, editor_comes_from_editor_then_visual) {
  auto lookup = [](std::map<std::string, std::string> vars) -> environment_lookup {
    return [vars](const char* name) -> std::optional<std::string> {
      auto it = vars.find(name);
      return it == vars.end() ? std::nullopt : std::optional(it->second);
    };
  };
  EXPECT_EQ(find_editor(lookup({{"EDITOR", "vi"}, {"VISUAL", "code -w"}})), "vi");
  EXPECT_EQ(find_editor(lookup({{"VISUAL", "code -w"}})), "code -w");
  EXPECT_THAT(error_of<config_error>([&] { (void)find_editor(lookup({})); }),
              HasSubstr("set EDITOR (or VISUAL)"));
}

TEST(scaffold_editor, the_editor_gets_the_path_as_one_argument) {
  const auto dir = testing::fresh_directory();
  const auto file = dir / "a file.cpp";
  write_file(file, "x\n");
  open_in_editor("echo edited >>", file);
  EXPECT_EQ(read_file(file), "x\nedited\n");
  EXPECT_THAT(error_of<error>([&] { open_in_editor("false", file); }),
              HasSubstr("the editor `false` exited with status 1"));
}

TEST(scaffold_init, writes_a_project_and_refuses_to_overwrite_it) {
  const auto dir = testing::fresh_directory() / "my-shop";
  auto result = init_project(dir, "my-shop");
  EXPECT_THAT(result.files,
              ElementsAre(dir / "retort.toml", dir / "migrations/CMakeLists.txt",
                          dir / "migrations/script.cpp.tmpl", dir / "migrations/README.md",
                          dir / "migrations/versions/.gitkeep"));
  EXPECT_EQ(read_file(dir / "migrations/script.cpp.tmpl"), default_script_template());
  const auto cmake = read_file(dir / "migrations/CMakeLists.txt");
  EXPECT_THAT(cmake, HasSubstr("find_package(retort CONFIG REQUIRED)"));
  EXPECT_THAT(cmake, HasSubstr("retort_add_migrations(my_shop_migrations\n"
                               "  SOURCES ${my_shop_migration_sources}\n"
                               "  OUTPUT_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/plugins\n"
                               "  UNITY_BATCH_SIZE 20)"));
  EXPECT_THAT(cmake, HasSubstr("${CMAKE_CURRENT_SOURCE_DIR}/versions/*.cpp"));
  const auto config = read_file(dir / "retort.toml");
  EXPECT_THAT(config, HasSubstr("versions = \"migrations/versions\"\n"));
  EXPECT_THAT(config, HasSubstr("script_template = \"migrations/script.cpp.tmpl\"\n"));
  EXPECT_THAT(config, HasSubstr("# command = \"clang-format -i ${file}\""));
  EXPECT_THAT(result.next_steps, ::testing::StartsWith("1. cd my-shop\n2. retort revision -m"));
  EXPECT_THAT(read_file(dir / "migrations/README.md"), HasSubstr("1. retort revision -m"));

  std::filesystem::remove(dir / "migrations/README.md");
  const auto before = read_file(dir / "retort.toml");
  EXPECT_THAT(error_of<refusal>([&] { (void)init_project(dir, "my-shop"); }),
              HasSubstr("init writes nothing over existing files"));
  EXPECT_FALSE(std::filesystem::exists(dir / "migrations/README.md"));
  EXPECT_EQ(read_file(dir / "retort.toml"), before);
}

TEST(scaffold_init, cmake_identifier) {
  EXPECT_EQ(cmake_identifier("my-shop.v2"), "my_shop_v2");
  EXPECT_EQ(cmake_identifier("2fast"), "app_2fast");
}

}  // namespace
}  // namespace retort::scaffold
