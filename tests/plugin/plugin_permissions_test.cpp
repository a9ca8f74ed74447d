// Plugins and plugin directories that someone else could change are refused before any file is
// read or loaded: whoever can write them can run code as the user who migrates.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/errors.hpp>

#include "loader/plugin_loader.hpp"
#include "loader/plugin_metadata.hpp"
#include "plugin/plugin_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using retort::plugin_test::canonical_path;
using retort::plugin_test::is_loaded;
using retort::plugin_test::scenario;
using retort::plugin_test::temp_directory;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr uid_t nobody = 65534;
constexpr const char* beta_loaded = "RETORT_PLUGIN_TEST_BETA_LOADED";

// A private plugin directory holding copies of the good plugins, as an operator deploys them.
class plugin_permissions : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv(beta_loaded);
    directory_ = canonical_path(dir_.path()) + "/plugins";
    fs::create_directory(directory_);
    fs::permissions(directory_, fs::perms(0755));
    for (const char* name : {"alpha.so", "beta.so"}) {
      fs::copy_file(scenario("good") / name, fs::path(directory_) / name);
      fs::permissions(fs::path(directory_) / name, fs::perms(0755));
    }
  }

  [[nodiscard]] std::string file(const std::string& name) const { return directory_ + "/" + name; }

  // The refusal of both entry points: reading metadata and loading code, with nothing loaded.
  [[nodiscard]] std::string refusal(const std::string& expected_file) const {
    std::string metadata_message;
    try {
      auto metadata = retort::read_plugin_metadata(directory_);
      ADD_FAILURE() << "read " << metadata.size() << " migrations from " << directory_;
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), expected_file);
      metadata_message = e.what();
    }
    try {
      auto migrations = retort::load_plugin_directory(directory_);
      ADD_FAILURE() << "loaded " << migrations.size() << " migrations from " << directory_;
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), expected_file);
      EXPECT_EQ(e.what(), metadata_message) << "the loader and the metadata reader disagree";
    }
    EXPECT_EQ(std::getenv(beta_loaded), nullptr) << "plugin code ran before the refusal";
    EXPECT_FALSE(is_loaded(file("beta.so")));
    return metadata_message;
  }

  temp_directory dir_;
  std::string directory_;
};

TEST_F(plugin_permissions, loads_a_private_directory) {
  EXPECT_EQ(retort::load_plugin_directory(directory_).size(), 3U);
}

TEST_F(plugin_permissions, accepts_a_directory_and_file_readable_by_everyone) {
  fs::permissions(directory_, fs::perms(0555));
  fs::permissions(file("alpha.so"), fs::perms(0444));
  EXPECT_EQ(retort::read_plugin_metadata(directory_).size(), 3U);
  fs::permissions(directory_, fs::perms(0755));
}

TEST_F(plugin_permissions, refuses_a_group_writable_directory) {
  fs::permissions(directory_, fs::perms(0775));
  EXPECT_EQ(refusal(directory_),
            fmt::format("{0}: plugin directory is writable by its group (mode 0775): they could "
                        "replace the migrations that run; run `chmod go-w {0}`",
                        directory_));
}

TEST_F(plugin_permissions, refuses_a_world_writable_directory_even_with_the_sticky_bit) {
  fs::permissions(directory_, fs::perms(01777));
  EXPECT_THAT(refusal(directory_),
              HasSubstr("plugin directory is writable by its group and by everyone (mode 1777)"));
}

TEST_F(plugin_permissions, refuses_an_untrusted_directory_without_plugins) {
  fs::remove(file("alpha.so"));
  fs::remove(file("beta.so"));
  fs::permissions(directory_, fs::perms(0757));
  EXPECT_THAT(refusal(directory_), HasSubstr("writable by everyone (mode 0757)"));
}

TEST_F(plugin_permissions, refuses_a_directory_reached_through_a_link_by_its_real_name) {
  fs::permissions(directory_, fs::perms(0775));
  const auto link = dir_.path() / "current";
  fs::create_symlink(directory_, link);
  try {
    (void)retort::read_plugin_metadata(link);
    FAIL() << "read " << link;
  } catch (const retort::plugin_error& e) {
    EXPECT_EQ(e.file(), directory_);
    EXPECT_THAT(e.what(), HasSubstr("`chmod go-w " + directory_ + "`"));
  }
}

TEST_F(plugin_permissions, refuses_a_directory_inside_one_everyone_may_write) {
  const auto above = canonical_path(dir_.path());
  fs::permissions(above, fs::perms(0777));
  EXPECT_EQ(refusal(above),
            fmt::format("{0}: directory above the plugin directory {1} is writable by everyone "
                        "(mode 0777) without the sticky bit: anyone could move the plugin "
                        "directory away and put their own in its place; run `chmod o-w {0}`",
                        above, directory_));
  fs::permissions(above, fs::perms(0700));
}

TEST_F(plugin_permissions, accepts_a_directory_inside_a_sticky_or_group_writable_one) {
  const auto above = canonical_path(dir_.path());
  fs::permissions(above, fs::perms(01777));
  EXPECT_EQ(retort::read_plugin_metadata(directory_).size(), 3U);
  fs::permissions(above, fs::perms(0775));
  EXPECT_EQ(retort::read_plugin_metadata(directory_).size(), 3U);
  fs::permissions(above, fs::perms(0700));
}

TEST_F(plugin_permissions, refuses_a_group_writable_plugin_file) {
  fs::permissions(file("beta.so"), fs::perms(0775));
  EXPECT_EQ(refusal(file("beta.so")),
            fmt::format("{0}: plugin file is writable by its group (mode 0775): they could "
                        "replace the migrations that run; run `chmod go-w {0}`",
                        file("beta.so")));
}

TEST_F(plugin_permissions, refuses_a_world_writable_plugin_file_after_good_ones) {
  fs::copy_file(file("beta.so"), file("zz_beta.so"));
  fs::remove(file("beta.so"));
  fs::permissions(file("zz_beta.so"), fs::perms(0666));
  EXPECT_THAT(refusal(file("zz_beta.so")), HasSubstr("writable by its group and by everyone"));
  EXPECT_FALSE(is_loaded(file("alpha.so"))) << "a good plugin was loaded before the bad one "
                                               "was checked";
}

TEST_F(plugin_permissions, refuses_a_plugin_file_given_alone_in_an_untrusted_directory) {
  fs::permissions(directory_, fs::perms(0777));
  for (const auto& read :
       {+[](const std::string& f) { (void)retort::load_plugin_file(f); },
        +[](const std::string& f) { (void)retort::read_plugin_metadata_file(f); }}) {
    try {
      read(file("beta.so"));
      ADD_FAILURE() << "read " << file("beta.so");
    } catch (const retort::plugin_error& e) {
      EXPECT_EQ(e.file(), directory_);
      EXPECT_THAT(e.what(), HasSubstr("run `chmod go-w " + directory_ + "`"));
    }
  }
  EXPECT_FALSE(is_loaded(file("beta.so")));
}

TEST_F(plugin_permissions, refuses_a_symbolic_link_leading_out_of_the_directory) {
  const auto outside = canonical_path(dir_.path()) + "/elsewhere.so";
  fs::copy_file(file("beta.so"), outside);
  fs::remove(file("beta.so"));
  fs::create_symlink(outside, file("search.so"));
  EXPECT_EQ(refusal(file("search.so")),
            fmt::format("{}: a symbolic link to {}, outside the plugin directory {}; copy the "
                        "plugin into the directory instead",
                        file("search.so"), outside, directory_));
}

TEST_F(plugin_permissions, refuses_a_relative_link_climbing_out_of_the_directory) {
  fs::rename(file("beta.so"), dir_.path() / "beta.so");
  fs::create_symlink("../beta.so", file("search.so"));
  EXPECT_THAT(refusal(file("search.so")), HasSubstr("outside the plugin directory"));
}

TEST_F(plugin_permissions, refuses_a_link_into_an_untrusted_subdirectory) {
  fs::create_directory(file("shelf"));
  fs::rename(file("beta.so"), file("shelf/beta.so"));
  fs::permissions(file("shelf"), fs::perms(0777));
  fs::create_symlink("shelf/beta.so", file("search.so"));
  EXPECT_THAT(refusal(file("shelf")), HasSubstr("run `chmod go-w " + file("shelf") + "`"));
}

// Ownership can only be given away by root; as another user these cases cannot be set up.
class plugin_ownership : public plugin_permissions {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) {
      GTEST_SKIP() << "giving a file to another user needs root (chown); run as root to cover it";
    }
    plugin_permissions::SetUp();
  }
};

TEST_F(plugin_ownership, refuses_a_directory_owned_by_another_user) {
  ASSERT_EQ(::chown(directory_.c_str(), nobody, 0), 0);
  EXPECT_THAT(refusal(directory_),
              AllOf(StartsWith(fmt::format("{}: plugin directory is owned by ", directory_)),
                    HasSubstr("uid 65534"), HasSubstr("run `chown 0 " + directory_ + "`")));
}

TEST_F(plugin_ownership, refuses_a_plugin_file_owned_by_another_user) {
  ASSERT_EQ(::chown(file("beta.so").c_str(), nobody, 0), 0);
  const auto plugin = file("beta.so");
  EXPECT_THAT(refusal(plugin),
              AllOf(StartsWith(fmt::format("{}: plugin file is owned by ", plugin)),
                    HasSubstr("uid 65534"), HasSubstr("run `chown 0 " + plugin + "`")));
}

}  // namespace
