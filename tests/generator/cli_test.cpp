// The scaffold verbs as a user runs them: init, revision, merge, edit, hooks, and their refusals.
// (end_to_end_test.cpp builds what they write and migrates a database with it.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "generator/cli_support.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using testing::generated_by;
using ::testing::HasSubstr;
using testing::read_file;
using testing::retort_cli;
using ::testing::UnorderedElementsAre;
using testing::write_file;
namespace exit_code = cli::exit_code;

class scaffold_cli : public ::testing::Test {
 protected:
  // A project made by `retort init`.
  std::filesystem::path init_project() {
    auto init = retort_cli("init shop", root_);
    EXPECT_EQ(init.status, exit_code::ok) << init.output;
    return root_ / "shop";
  }

  std::filesystem::path root_ = testing::fresh_directory();
};

TEST_F(scaffold_cli, init_revisions_splice_merge_and_a_new_root) {
  auto init = retort_cli("init shop", root_);
  ASSERT_EQ(init.status, exit_code::ok) << init.output;
  const auto project = root_ / "shop";
  EXPECT_THAT(init.output,
              HasSubstr("Creating " + (project / "retort.toml").string() + " ... done"));
  EXPECT_THAT(init.output, HasSubstr("Next steps:\n1. cd shop\n2. retort revision -m"));

  // Three revisions: two in a line, and a branch from the first with --head and --splice.
  auto first = retort_cli("revision -m 'create accounts table'", project);
  ASSERT_EQ(first.status, exit_code::ok) << first.output;
  const auto r1 = generated_by(first);
  EXPECT_THAT(r1.revision, ::testing::MatchesRegex("[0-9a-f]{12}"));
  EXPECT_THAT(
      r1.file.filename().string(),
      ::testing::MatchesRegex("[0-9]{8}_[0-9]{4}_" + r1.revision + "_create_accounts_table\\.cpp"));
  EXPECT_EQ(r1.file.parent_path(), project / "migrations/versions");

  auto second = retort_cli("revision -m 'add email to accounts'", project);
  ASSERT_EQ(second.status, exit_code::ok) << second.output;
  const auto r2 = generated_by(second);

  auto not_a_head = retort_cli("revision -m 'audit log' --head " + r1.revision, project);
  EXPECT_EQ(not_a_head.status, exit_code::refused);
  EXPECT_THAT(not_a_head.output,
              HasSubstr("error: Revision " + r1.revision +
                        " is not a head revision; please specify --splice to create a new branch "
                        "from this revision\n"));

  auto third = retort_cli("revision -m 'audit log' --splice --head " + r1.revision, project);
  ASSERT_EQ(third.status, exit_code::ok) << third.output;
  const auto r3 = generated_by(third);
  EXPECT_THAT(scaffold::read_migration_file(r3.file).down_revision, ElementsAre(r1.revision));

  // Two heads now: a plain `revision` is refused with Alembic's advice, and nothing is written.
  auto refused = retort_cli("revision -m 'one more'", project);
  EXPECT_EQ(refused.status, exit_code::refused);
  EXPECT_THAT(refused.output,
              HasSubstr("error: Multiple heads are present; please specify the head revision on "
                        "which the new revision should be based, or perform a merge."));
  EXPECT_THAT(refused.output, HasSubstr(r2.revision));
  EXPECT_THAT(refused.output, HasSubstr(r3.revision));

  auto merge = retort_cli("merge -m 'merge email and audit log' heads", project);
  ASSERT_EQ(merge.status, exit_code::ok) << merge.output;
  const auto m = generated_by(merge);
  const auto merged = scaffold::read_migration_file(m.file);
  EXPECT_THAT(merged.down_revision, UnorderedElementsAre(r2.revision, r3.revision));
  EXPECT_THAT(read_file(m.file), HasSubstr("// Revises: " + merged.down_revision[0] + ", " +
                                           merged.down_revision[1] + "\n"));

  // A second, independent root with a label.
  auto root =
      retort_cli("revision -m 'reporting schema' --head base --branch-label reporting", project);
  ASSERT_EQ(root.status, exit_code::ok) << root.output;
  const auto r5 = generated_by(root);
  const auto r5_source = scaffold::read_migration_file(r5.file);
  EXPECT_TRUE(r5_source.down_revision.empty());
  EXPECT_THAT(r5_source.branch_labels, ElementsAre("reporting"));

  const auto versions = scaffold::read_version_locations({project / "migrations/versions"});
  EXPECT_EQ(versions.size(), 5U);
  const auto graph = scaffold::make_graph(versions);
  EXPECT_THAT(graph.heads(), UnorderedElementsAre(m.revision, r5.revision));
  // Each file, as written from the project's template, compiles.
  for (const auto& source : versions) {
    auto compiled = testing::compile_migration(source.file);
    EXPECT_EQ(compiled.status, 0) << source.file << "\n" << compiled.output;
  }
}

TEST_F(scaffold_cli, init_refuses_to_overwrite) {
  (void)init_project();
  auto again = retort_cli("init shop", root_);
  EXPECT_EQ(again.status, exit_code::refused);
  EXPECT_THAT(again.output, HasSubstr("init writes nothing over existing files"));
}

TEST_F(scaffold_cli, revision_outside_a_project_says_what_to_do) {
  auto run = retort_cli("revision -m x", root_);
  EXPECT_EQ(run.status, exit_code::usage);
  EXPECT_THAT(run.output, HasSubstr("does not exist: run `retort init`"));
}

TEST_F(scaffold_cli, an_unreadable_migration_is_refused_with_its_file_and_line) {
  const auto project = init_project();
  const auto broken = project / "migrations/versions/broken.cpp";
  write_file(broken,
             "#include <retort/migration.hpp>\n\nRETORT_MIGRATION({\n"
             "    .revision = \"abc\",\n    .mesage = \"typo\",\n});\n");
  auto run = retort_cli("revision -m x", project);
  EXPECT_EQ(run.status, exit_code::refused);
  EXPECT_THAT(run.output, HasSubstr("error: " + broken.string() + ":5: unknown field `.mesage`"));
}

TEST_F(scaffold_cli, rev_id_and_labels_from_the_command_line) {
  const auto project = init_project();
  auto bad = retort_cli("revision -m x --rev-id 'not-valid'", project);
  EXPECT_EQ(bad.status, exit_code::refused);
  EXPECT_THAT(bad.output, HasSubstr("--rev-id \"not-valid\" is not valid"));
  auto first = retort_cli(
      "revision -m 'first' --rev-id first_rev --branch-label core --branch-label main", project);
  ASSERT_EQ(first.status, exit_code::ok) << first.output;
  EXPECT_THAT(scaffold::read_migration_file(generated_by(first).file).branch_labels,
              ElementsAre("core", "main"));
  auto clash = retort_cli("revision -m x --rev-id first_rev", project);
  EXPECT_EQ(clash.status, exit_code::refused);
  EXPECT_THAT(clash.output, HasSubstr("already used by revision first_rev"));
  auto dependent = retort_cli("revision -m 'second' --head base --depends-on core", project);
  ASSERT_EQ(dependent.status, exit_code::ok) << dependent.output;
  EXPECT_THAT(scaffold::read_migration_file(generated_by(dependent).file).depends_on,
              ElementsAre("core"));
}

TEST_F(scaffold_cli, edit_opens_the_file_in_the_editor) {
  const auto project = init_project();
  auto made = retort_cli("revision -m 'first' --rev-id first_rev", project);
  ASSERT_EQ(made.status, exit_code::ok) << made.output;
  const auto file = generated_by(made).file;
  auto edit = retort_cli("edit first", project, "EDITOR='echo editing'");
  ASSERT_EQ(edit.status, exit_code::ok) << edit.output;
  EXPECT_EQ(edit.output, "Opening " + file.string() + "\nediting " + file.string() + "\n");
  auto visual = retort_cli("edit head", project, "VISUAL='echo visual'");
  EXPECT_THAT(visual.output, HasSubstr("visual " + file.string() + "\n"));
  auto unset = retort_cli("edit head", project);
  EXPECT_EQ(unset.status, exit_code::usage);
  EXPECT_THAT(unset.output, HasSubstr("error: no editor: set EDITOR (or VISUAL)"));
  auto unknown = retort_cli("edit zzzz", project, "EDITOR=true");
  EXPECT_EQ(unknown.status, exit_code::refused);
}

TEST_F(scaffold_cli, post_write_hooks_and_file_template_from_retort_toml) {
  const auto project = init_project();
  auto config = read_file(project / "retort.toml");
  write_file(project / "retort.toml",
             "file_template = \"%(rev)s_%(slug)s\"\ntruncate_slug_length = 10\n" + config +
                 "\n[[post_write_hooks]]\nname = \"stamp\"\n"
                 "command = \"echo '// stamped' >> ${file}\"\n");
  auto ok = retort_cli("revision -m 'a message longer than ten' --rev-id r1", project);
  ASSERT_EQ(ok.status, exit_code::ok) << ok.output;
  const auto file = project / "migrations/versions/r1_a_message_.cpp";
  EXPECT_EQ(ok.output, "Generating " + file.string() +
                           " ... done\nRunning post write hook \"stamp\" ... done\n");
  EXPECT_THAT(read_file(file), ::testing::EndsWith("}\n// stamped\n"));

  write_file(project / "retort.toml",
             read_file(project / "retort.toml") +
                 "\n[[post_write_hooks]]\nname = \"lint\"\ncommand = \"false ${file}\"\n");
  auto failed = retort_cli("revision -m 'second' --rev-id r2", project);
  EXPECT_EQ(failed.status, exit_code::failure);
  const auto second = project / "migrations/versions/r2_second.cpp";
  EXPECT_THAT(failed.output, HasSubstr("Running post write hook \"lint\" ... FAILED\n"));
  EXPECT_THAT(failed.output,
              HasSubstr("error: post write hook \"lint\" failed with exit status 1"));
  EXPECT_THAT(failed.output, HasSubstr("the new file stays: " + second.string()));
  EXPECT_TRUE(std::filesystem::exists(second));
}

TEST_F(scaffold_cli, bad_scaffold_settings_name_the_line) {
  const auto project = init_project();
  write_file(project / "retort.toml",
             "versions = \"migrations/versions\"\n"
             "truncate_slug_length = \"long\"\n");
  auto run = retort_cli("revision -m x", project);
  EXPECT_EQ(run.status, exit_code::usage);
  EXPECT_THAT(run.output, HasSubstr("retort.toml:2: `truncate_slug_length` must be a positive "
                                    "integer"));
  write_file(project / "retort.toml",
             "[[post_write_hooks]]\nname = \"x\"\ncommand = \"true ${file}\"\ncwd = \"/\"\n");
  auto hook = retort_cli("revision -m x", project);
  EXPECT_EQ(hook.status, exit_code::usage);
  EXPECT_THAT(hook.output, HasSubstr("retort.toml:4: unknown key `cwd` in [[post_write_hooks]]"));
}

}  // namespace
}  // namespace retort
