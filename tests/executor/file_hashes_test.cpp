// Plugin files hashed beside a run: each hash is the file's SHA-256, whatever order they are
// asked for in, and a file that cannot be read says so when its hash is due.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <retort/errors.hpp>

#include "digest/file_hashes.hpp"
#include "digest/sha256.hpp"

namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

class file_hashes : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "retort-hashes-XXXXXX").string();
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string file(const std::string& name, const std::string& content) {
    const auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  fs::path dir_;
};

TEST_F(file_hashes, gives_each_file_its_sha256_in_any_order_asked) {
  std::vector<std::string> files;
  std::vector<std::string> contents;
  for (int i = 0; i < 20; ++i) {
    contents.push_back(
        std::string(static_cast<std::size_t>(1000 * (i + 1)), static_cast<char>('a' + i)));
    files.push_back(file("plugin_" + std::to_string(i) + ".so", contents.back()));
  }
  files.push_back(files.front());  // given twice, hashed once

  const retort::digest::file_hashes hashes(files);

  for (int i = 19; i >= 0; --i) {
    EXPECT_EQ(hashes.of(files[static_cast<std::size_t>(i)]).get(),
              retort::digest::sha256_hex(contents[static_cast<std::size_t>(i)]));
  }
}

TEST_F(file_hashes, reads_a_file_it_was_not_given_when_asked) {
  const retort::digest::file_hashes hashes({});
  const auto late = file("late.so", "loaded later");

  EXPECT_EQ(hashes.of(late).get(), retort::digest::sha256_hex("loaded later"));
}

TEST_F(file_hashes, names_a_file_that_cannot_be_read_when_its_hash_is_due) {
  const auto gone = (dir_ / "gone.so").string();
  const retort::digest::file_hashes hashes({gone});

  const auto hash = hashes.of(gone);

  try {
    (void)hash.get();
    FAIL() << "hashed a missing file";
  } catch (const retort::error& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(gone + ": cannot be read"));
  }
}

TEST_F(file_hashes, stops_without_waiting_for_files_nobody_asked_for) {
  std::vector<std::string> files;
  for (int i = 0; i < 50; ++i) {
    files.push_back(file("big_" + std::to_string(i) + ".so", std::string(1 << 20, 'x')));
  }
  std::shared_future<std::string> last;
  {
    const retort::digest::file_hashes hashes(files);
    last = hashes.of(files.back());
  }
  // Abandoned (std::future_error), or finished before the object went: never a wrong hash.
  try {
    EXPECT_EQ(last.get(), retort::digest::sha256_hex(std::string(1 << 20, 'x')));
  } catch (const std::future_error& e) {
    EXPECT_EQ(e.code(), std::future_errc::broken_promise);
  }
}

}  // namespace
