// Reading a plugin's metadata opens the file once and judges the file it opened: a regular file
// of a trusted directory, never what a link leads to, never a FIFO it would wait on.
#include "loader/plugin_files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/errors.hpp>

namespace {

namespace fs = std::filesystem;
using retort::loader::checked_plugin_file;
using ::testing::HasSubstr;

class checked_plugin_file_test : public ::testing::Test {
 protected:
  checked_plugin_file_test() {
    std::string pattern = (fs::temp_directory_path() / "retort-checked-XXXXXX").string();
    directory_ = fs::canonical(::mkdtemp(pattern.data())).string();
    std::ofstream(path("plugin.so")) << "not even ELF: the open is what is checked";
    // Whatever the umask: only its owner may write it.
    fs::permissions(path("plugin.so"), fs::perms::owner_read | fs::perms::owner_write |
                                           fs::perms::group_read | fs::perms::others_read);
  }
  ~checked_plugin_file_test() override { fs::remove_all(directory_); }

  [[nodiscard]] std::string path(const std::string& name) const { return directory_ + "/" + name; }

  // The refusal of opening `file`; empty when it opens.
  [[nodiscard]] std::string refusal(const std::string& file) {
    try {
      const checked_plugin_file opened(file, checked_directories_);
      return {};
    } catch (const retort::plugin_error& e) {
      return e.what();
    }
  }

  std::string directory_;
  std::set<std::string> checked_directories_;
};

TEST_F(checked_plugin_file_test, opens_a_regular_file_with_its_identity) {
  const checked_plugin_file opened(path("plugin.so"), checked_directories_);
  EXPECT_GE(opened.descriptor(), 0);
  struct stat status {};
  ASSERT_EQ(::stat(path("plugin.so").c_str(), &status), 0);
  EXPECT_EQ(opened.identity().inode, status.st_ino);
  EXPECT_EQ(opened.identity().size, status.st_size);
  EXPECT_THAT(checked_directories_, ::testing::ElementsAre(directory_));
}

TEST_F(checked_plugin_file_test, refuses_a_symbolic_link_even_to_a_good_file) {
  fs::create_symlink(path("plugin.so"), path("link.so"));
  EXPECT_THAT(refusal(path("link.so")), HasSubstr("not a regular file"));
}

TEST_F(checked_plugin_file_test, refuses_a_fifo_without_waiting_for_a_writer) {
  ASSERT_EQ(::mkfifo(path("fifo.so").c_str(), 0600), 0);
  EXPECT_THAT(refusal(path("fifo.so")), HasSubstr("not a regular file"));
}

TEST_F(checked_plugin_file_test, refuses_a_directory) {
  fs::create_directory(path("dir.so"));
  EXPECT_THAT(refusal(path("dir.so")), HasSubstr("not a regular file"));
}

TEST_F(checked_plugin_file_test, says_when_the_file_is_gone) {
  EXPECT_THAT(refusal(path("gone.so")), HasSubstr("cannot be accessed: No such file"));
}

TEST_F(checked_plugin_file_test, refuses_a_file_its_group_may_write) {
  fs::permissions(path("plugin.so"), fs::perms::group_write, fs::perm_options::add);
  EXPECT_THAT(refusal(path("plugin.so")), HasSubstr("writable by its group"));
}

TEST_F(checked_plugin_file_test, refuses_a_file_in_a_directory_others_may_write) {
  fs::permissions(directory_, fs::perms::others_write, fs::perm_options::add);
  EXPECT_THAT(refusal(path("plugin.so")), HasSubstr("plugin directory is writable by everyone"));
}

}  // namespace
