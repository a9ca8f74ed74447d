// Bundles and plans through the `retort` command, on a real PostgreSQL: pack, verify, every way
// of tampering refused before any plugin code runs, the archive form, and plan -> apply.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "integration/database.hpp"
#include "support/postgres_server.hpp"
#include "support/run_command.hpp"

namespace retort {
namespace {

namespace fs = std::filesystem;
namespace exit_code = cli::exit_code;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::shell_quote;

constexpr const char* base_revision = "b1000000000b";
constexpr const char* head_revision = "b2000000000b";

// A fresh directory per test, with a key pair and a signed bundle of the crates plugins.
class bundle_cli : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::path(RETORT_TEST_WORK) / info->name();
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    marker_ = dir_ / "plugin-code-ran";
    ASSERT_EQ(run("bundle keygen --secret-key " + q(dir_ / "release.key") + " --public-key " +
                  q(dir_ / "release.pub"))
                  .status,
              0);
    ASSERT_EQ(run("bundle keygen --secret-key " + q(dir_ / "other.key") + " --public-key " +
                  q(dir_ / "other.pub"))
                  .status,
              0);
    auto packed = run(fmt::format("bundle pack --plugins {} -o {} --sign-key {}",
                                  RETORT_BUNDLE_PLUGINS, q(bundle()), q(dir_ / "release.key")));
    ASSERT_EQ(packed.status, 0) << packed.output;
    // Packing runs the migrations to render their SQL; from here on the marker means loading.
    fs::remove(marker_);
  }

  static std::string q(const fs::path& p) { return shell_quote(p.string()); }

  // Runs retort with the marker variable set, so any loaded plugin leaves a trace.
  testing::run_result run(const std::string& args) const {
    return testing::run(fmt::format(
        "env -u RETORT_URL -u DATABASE_URL -u RETORT_CONFIG -u RETORT_PLUGINS -u RETORT_BUNDLE "
        "-u RETORT_PUBLIC_KEY RETORT_TEST_MARKER={} {} {}",
        q(marker_), RETORT_CLI, args));
  }

  [[nodiscard]] fs::path bundle() const { return dir_ / "release"; }
  [[nodiscard]] fs::path archive() const { return dir_ / "release.tar.gz"; }
  [[nodiscard]] std::string pub() const { return q(dir_ / "release.pub"); }
  [[nodiscard]] bool plugin_code_ran() const { return fs::exists(marker_); }

  // A copy of the packed bundle directory to tamper with.
  fs::path copy_of_bundle(const std::string& name) const {
    auto copy = dir_ / name;
    fs::copy(bundle(), copy);
    return copy;
  }

  // `upgrade head` from `b` on a fresh database: must be refused before any plugin code runs and
  // before the database is touched. Returns the error output.
  std::string refused_upgrade(const fs::path& b, const std::string& extra = "") {
    auto url = testing::fresh_database_url();
    auto r =
        run(fmt::format("--url {} --bundle {} {} upgrade head", shell_quote(url), q(b), extra));
    EXPECT_EQ(r.status, exit_code::refused) << r.output;
    EXPECT_FALSE(plugin_code_ran()) << "a plugin was loaded before the bundle was refused";
    EXPECT_EQ(testing::database(url).scalar("SELECT to_regclass('alembic_version') IS NULL"), "t");
    return r.output;
  }

  fs::path dir_;
  fs::path marker_;
};

void flip_a_byte(const fs::path& file, std::streamoff at) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(at);
  char c = 0;
  f.get(c);
  f.seekp(at);
  f.put(static_cast<char>(c ^ 0x01));
}

TEST_F(bundle_cli, pack_writes_a_directory_and_an_archive_that_verify) {
  EXPECT_TRUE(fs::exists(bundle() / "manifest.json"));
  EXPECT_TRUE(fs::exists(bundle() / "manifest.sig"));
  EXPECT_TRUE(fs::exists(bundle() / "crates_base.so"));
  for (const auto& b : {bundle(), archive()}) {
    auto r = run(fmt::format("bundle verify {} --public-key {}", q(b), pub()));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_THAT(r.output, HasSubstr("OK: 2 plugin files and 2 revisions match the manifest"));
    EXPECT_THAT(r.output, HasSubstr("signature verified"));
  }
  EXPECT_FALSE(plugin_code_ran()) << "verify must not load plugins";
  std::ifstream manifest(bundle() / "manifest.json");
  std::string text(std::istreambuf_iterator<char>(manifest), {});
  EXPECT_THAT(text, HasSubstr("\"source_sha256\": \""));
  EXPECT_THAT(text, HasSubstr("ALTER TABLE \\\"crates\\\" ADD COLUMN \\\"weight\\\" numeric(8,2)"));
  EXPECT_THAT(text, HasSubstr("\"compiler\": \"gcc"));
  EXPECT_THAT(text, HasSubstr("\"rule\": \"require-concurrent-index-creation\""));
}

TEST_F(bundle_cli, packing_twice_gives_the_same_manifest) {
  auto again =
      run(fmt::format("bundle pack --plugins {} -o {}", RETORT_BUNDLE_PLUGINS, q(dir_ / "again")));
  ASSERT_EQ(again.status, 0) << again.output;
  std::ifstream a(bundle() / "manifest.json");
  std::ifstream b(dir_ / "again" / "manifest.json");
  EXPECT_EQ(std::string(std::istreambuf_iterator<char>(a), {}),
            std::string(std::istreambuf_iterator<char>(b), {}));
}

TEST_F(bundle_cli, an_untampered_bundle_loads_its_plugins_and_migrates) {
  for (const auto& b : {bundle(), archive()}) {
    auto url = testing::fresh_database_url();
    auto r = run(fmt::format("--url {} --bundle {} --public-key {} upgrade head", shell_quote(url),
                             q(b), pub()));
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_EQ(testing::database(url).versions(), std::vector<std::string>{head_revision});
  }
  // The control for every refusal below: loading does leave the marker.
  EXPECT_TRUE(plugin_code_ran());
}

TEST_F(bundle_cli, a_flipped_byte_in_a_plugin_is_refused_naming_it) {
  auto b = copy_of_bundle("flipped");
  flip_a_byte(b / "crates_weight.so", 4000);
  auto out = refused_upgrade(b, "--public-key " + pub());
  EXPECT_THAT(out, HasSubstr("crates_weight.so: altered: its SHA-256 is"));
}

TEST_F(bundle_cli, an_extra_file_is_refused_naming_it) {
  auto b = copy_of_bundle("extra");
  fs::copy_file(b / "crates_base.so", b / "zz_extra.so");
  EXPECT_THAT(refused_upgrade(b, "--public-key " + pub()),
              HasSubstr("zz_extra.so: extra: the manifest does not list it"));
}

TEST_F(bundle_cli, a_missing_file_is_refused_naming_it) {
  auto b = copy_of_bundle("missing");
  fs::remove(b / "crates_base.so");
  EXPECT_THAT(refused_upgrade(b, "--public-key " + pub()),
              HasSubstr("crates_base.so: missing: the manifest lists it"));
}

TEST_F(bundle_cli, an_older_build_swapped_in_is_refused) {
  auto b = copy_of_bundle("older");
  fs::copy_file(fs::path(RETORT_OLDER_PLUGINS) / "crates_weight.so", b / "crates_weight.so",
                fs::copy_options::overwrite_existing);
  EXPECT_THAT(refused_upgrade(b, "--public-key " + pub()), HasSubstr("crates_weight.so: altered"));
  // Without a key the hashes are still checked.
  EXPECT_THAT(refused_upgrade(b), HasSubstr("crates_weight.so: altered"));
}

TEST_F(bundle_cli, a_manifest_changed_after_signing_is_refused) {
  auto b = copy_of_bundle("resigned");
  // Someone swaps in the older build and fixes up the manifest's hash to match.
  auto older = fs::path(RETORT_OLDER_PLUGINS) / "crates_weight.so";
  fs::copy_file(older, b / "crates_weight.so", fs::copy_options::overwrite_existing);
  auto sums = testing::run("sha256sum " + q(bundle() / "crates_weight.so") + " " + q(older));
  auto old_sum = sums.output.substr(0, 64);
  auto new_sum = sums.output.substr(sums.output.find('\n') + 1, 64);
  auto size_old = std::to_string(fs::file_size(bundle() / "crates_weight.so"));
  auto size_new = std::to_string(fs::file_size(older));
  ASSERT_EQ(testing::run(fmt::format("sed -i -e s/{}/{}/ -e 's/\"size\": {}$/\"size\": {}/' {}",
                                     old_sum, new_sum, size_old, size_new, q(b / "manifest.json")))
                .status,
            0);
  EXPECT_THAT(refused_upgrade(b, "--public-key " + pub()),
              HasSubstr("manifest.sig: the signature does not match the signed content"));
}

TEST_F(bundle_cli, a_signature_by_another_key_is_refused) {
  EXPECT_THAT(refused_upgrade(bundle(), "--public-key " + q(dir_ / "other.pub")),
              HasSubstr("signed with another key"));
}

TEST_F(bundle_cli, an_unsigned_bundle_is_refused_when_a_key_is_given) {
  auto b = copy_of_bundle("unsigned");
  fs::remove(b / "manifest.sig");
  EXPECT_THAT(refused_upgrade(b, "--public-key " + pub()),
              HasSubstr("manifest.sig: missing: a public key was given"));
}

TEST_F(bundle_cli, a_tampered_archive_is_refused_like_a_directory) {
  auto b = copy_of_bundle("to-archive");
  flip_a_byte(b / "crates_base.so", 5000);
  auto tampered = dir_ / "tampered.tar.gz";
  ASSERT_EQ(testing::run(fmt::format("tar -czf {} -C {} .", q(tampered), q(b))).status, 0);
  EXPECT_THAT(refused_upgrade(tampered, "--public-key " + pub()),
              HasSubstr("crates_base.so: altered"));
}

TEST_F(bundle_cli, graph_commands_read_the_manifest_and_run_no_plugin_code) {
  auto heads = run(fmt::format("--bundle {} heads", q(archive())));
  EXPECT_EQ(heads.status, 0) << heads.output;
  EXPECT_THAT(heads.output, HasSubstr(std::string(head_revision) + " (head)"));
  auto history = run(fmt::format("--bundle {} history", q(bundle())));
  EXPECT_THAT(history.output, HasSubstr("b1000000000b -> b2000000000b (head), add crate weight"));
  auto url = testing::fresh_database_url();
  auto inspect = run(fmt::format("--url {} bundle inspect {}", shell_quote(url), q(bundle())));
  EXPECT_EQ(inspect.status, 0) << inspect.output;
  EXPECT_THAT(inspect.output, HasSubstr("`upgrade heads` would run 2 steps"));
  EXPECT_THAT(inspect.output, HasSubstr("CREATE INDEX \"ix_crates_weight\""));
  EXPECT_FALSE(plugin_code_ran());
}

TEST_F(bundle_cli, a_plan_applies_on_the_database_it_was_made_for) {
  auto url = testing::fresh_database_url();
  auto plan = dir_ / "plan.json";
  auto made =
      run(fmt::format("--url {} --bundle {} --public-key {} plan head -o {} --sign-key {}",
                      shell_quote(url), q(archive()), pub(), q(plan), q(dir_ / "release.key")));
  ASSERT_EQ(made.status, 0) << made.output;
  EXPECT_FALSE(plugin_code_ran()) << "planning reads the manifest only";
  auto shown = run("plan show " + q(plan));
  EXPECT_EQ(shown.status, 0) << shown.output;
  EXPECT_THAT(shown.output, HasSubstr("starts at:     base"));
  EXPECT_THAT(shown.output, HasSubstr("ends at:       b2000000000b"));
  EXPECT_THAT(shown.output, HasSubstr("+ create_table crates"));
  EXPECT_THAT(shown.output, HasSubstr("+ create_index ix_crates_weight"));
  EXPECT_THAT(shown.output, HasSubstr("ADD COLUMN \"weight\" numeric(8,2);"));
  // What lint found when the bundle was packed is part of what the reviewer reads.
  EXPECT_THAT(made.output, HasSubstr("1 lint error, 0 lint warnings (plan show lists them)"));
  EXPECT_THAT(shown.output,
              HasSubstr("   lint: error [require-concurrent-index-creation]: operation 2 "
                        "(create_index ix_crates_weight on crates): index \"ix_crates_weight\" "
                        "on existing table \"crates\""));

  auto applied = run(fmt::format("--url {} --public-key {} apply {} --bundle {}", shell_quote(url),
                                 pub(), q(plan), q(bundle())));
  EXPECT_EQ(applied.status, 0) << applied.output;
  EXPECT_THAT(applied.output,
              HasSubstr("upgrade b2000000000b: lint findings reviewed with the "
                        "plan:\n  lint: error [require-concurrent-index-creation]"));
  EXPECT_THAT(applied.output, HasSubstr("Applied"));
  EXPECT_EQ(testing::database(url).versions(), std::vector<std::string>{head_revision});
}

TEST_F(bundle_cli, a_plan_is_refused_when_someone_changed_the_database_since) {
  auto url = testing::fresh_database_url();
  auto plan = dir_ / "plan.json";
  ASSERT_EQ(run(fmt::format("--url {} --bundle {} plan head -o {}", shell_quote(url), q(bundle()),
                            q(plan)))
                .status,
            0);
  // Someone else upgrades it by one revision in the meantime.
  ASSERT_EQ(run(fmt::format("--url {} --bundle {} upgrade {}", shell_quote(url), q(bundle()),
                            base_revision))
                .status,
            0);
  auto refused =
      run(fmt::format("--url {} apply {} --bundle {}", shell_quote(url), q(plan), q(bundle())));
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("the database is at b1000000000b, but the plan was made "
                                        "when it was at base"));
  EXPECT_EQ(testing::database(url).versions(), std::vector<std::string>{base_revision});
}

TEST_F(bundle_cli, a_plan_is_refused_when_the_code_would_run_other_sql_than_reviewed) {
  auto url = testing::fresh_database_url();
  auto plan = dir_ / "plan.json";
  ASSERT_EQ(run(fmt::format("--url {} --bundle {} plan head -o {}", shell_quote(url), q(bundle()),
                            q(plan)))
                .status,
            0);
  // The same bundle, but the migration reads its environment and now returns more.
  auto refused =
      testing::run(fmt::format("env RETORT_TEST_SQL_DRIFT=1 {} --url {} apply {} --bundle {}",
                               RETORT_CLI, shell_quote(url), q(plan), q(bundle())));
  EXPECT_EQ(refused.status, exit_code::refused) << refused.output;
  EXPECT_THAT(refused.output, HasSubstr("revision b1000000000b would run other SQL than the plan "
                                        "shows"));
  EXPECT_EQ(testing::database(url).scalar("SELECT to_regclass('crates') IS NULL"), "t");
}

TEST_F(bundle_cli, a_plan_is_refused_with_another_bundle_or_when_changed_after_signing) {
  auto url = testing::fresh_database_url();
  auto plan = dir_ / "plan.json";
  ASSERT_EQ(run(fmt::format("--url {} --plugins {} plan head -o {} --sign-key {}", shell_quote(url),
                            RETORT_BUNDLE_PLUGINS, q(plan), q(dir_ / "release.key")))
                .status,
            0);
  // Made from the plugin directory, it names the bundle packed from it.
  auto older_plugins = dir_ / "older-plugins";
  fs::create_directories(older_plugins);
  fs::copy_file(fs::path(RETORT_BUNDLE_PLUGINS) / "crates_base.so",
                older_plugins / "crates_base.so");
  fs::copy_file(fs::path(RETORT_OLDER_PLUGINS) / "crates_weight.so",
                older_plugins / "crates_weight.so");
  ASSERT_EQ(run(fmt::format("bundle pack --plugins {} -o {}", q(older_plugins), q(dir_ / "older")))
                .status,
            0);
  fs::remove(marker_);  // planning from plugins and packing ran migration code
  auto other = run(
      fmt::format("--url {} apply {} --bundle {}", shell_quote(url), q(plan), q(dir_ / "older")));
  EXPECT_EQ(other.status, exit_code::refused) << other.output;
  EXPECT_THAT(other.output, HasSubstr("is not the bundle it was made from"));

  flip_a_byte(plan, 200);
  auto changed = run(fmt::format("--url {} --public-key {} apply {} --bundle {}", shell_quote(url),
                                 pub(), q(plan), q(bundle())));
  EXPECT_EQ(changed.status, exit_code::refused) << changed.output;
  EXPECT_THAT(changed.output, HasSubstr("plan.json.sig: the signature does not match"));
  EXPECT_EQ(testing::database(url).scalar("SELECT to_regclass('alembic_version') IS NULL"), "t");
  EXPECT_FALSE(plugin_code_ran());
}

TEST_F(bundle_cli, many_databases_and_offline_sql_work_from_a_bundle) {
  std::vector<std::string> urls;
  auto list = dir_ / "databases.txt";
  {
    std::ofstream out(list);
    for (int i = 0; i < 3; ++i) {
      urls.push_back(testing::fresh_database_url());
      out << "shard" << i << " " << urls.back() << "\n";
    }
  }
  auto fleet = run(fmt::format("--bundle {} --public-key {} upgrade head --databases {}",
                               q(archive()), pub(), q(list)));
  EXPECT_EQ(fleet.status, 0) << fleet.output;
  EXPECT_THAT(fleet.output, HasSubstr("3 databases: 3 upgraded, 0 already current, 0 failed"));
  for (const auto& url : urls) {
    EXPECT_EQ(testing::database(url).versions(), std::vector<std::string>{head_revision});
  }
  auto sql = run(fmt::format("--bundle {} upgrade head --sql", q(bundle())));
  EXPECT_EQ(sql.status, 0) << sql.output;
  EXPECT_THAT(sql.output, HasSubstr("CREATE TABLE \"crates\""));
}

}  // namespace
}  // namespace retort
