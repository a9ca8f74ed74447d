#pragma once

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "integration/database.hpp"
#include "support/postgres_server.hpp"

extern char** environ;

/// What the integrity tests share: the `retort` program run with a pid the test can kill, and a
/// bounded wait for something to happen in the database.
namespace retort::testing {

/// `retort args...`, started at construction, its output (stdout and stderr) kept in a file.
/// Without a shell in between, so SIGKILL reaches retort itself.
class runner {
 public:
  explicit runner(std::vector<std::string> args) {
    output_ = std::filesystem::temp_directory_path() /
              ("retort-integrity-" + std::to_string(getpid()) + "-" + std::to_string(++count()));
    std::vector<std::string> argv_text{RETORT_CLI};
    argv_text.insert(argv_text.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_text) {
      argv.push_back(a.data());
    }
    argv.push_back(nullptr);
    // The test's own environment, without settings that would change what retort connects to.
    std::vector<std::string> env_text;
    for (char** e = environ; *e != nullptr; ++e) {
      std::string entry = *e;
      bool dropped = false;
      for (const char* name :
           {"RETORT_URL=", "DATABASE_URL=", "RETORT_PLUGINS=", "RETORT_CONFIG=", "PGOPTIONS="}) {
        dropped = dropped || entry.starts_with(name);
      }
      if (!dropped) {
        env_text.push_back(entry);
      }
    }
    std::vector<char*> envp;
    for (auto& e : env_text) {
      envp.push_back(e.data());
    }
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 1, output_.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                     0600);
    posix_spawn_file_actions_adddup2(&actions, 1, 2);
    const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) {
      throw std::runtime_error("posix_spawn failed");
    }
  }
  ~runner() {
    if (pid_ > 0) {
      kill(pid_, SIGKILL);
      waitpid(pid_, nullptr, 0);
    }
    std::error_code ignored;
    std::filesystem::remove(output_, ignored);
  }
  runner(const runner&) = delete;
  runner& operator=(const runner&) = delete;

  /// Kills it with SIGKILL: no destructor, no rollback, no goodbye to the server.
  void kill_hard() {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
  }
  /// Waits for the exit; the exit status, or -1 when it died of a signal.
  int finish() {
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  [[nodiscard]] std::string output() const {
    std::ifstream in(output_);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  static int& count() {
    static int n = 0;
    return n;
  }
  pid_t pid_ = 0;
  std::filesystem::path output_;
};

struct run_result {
  int status;
  std::string output;
};

inline run_result run(std::vector<std::string> args) {
  runner r(std::move(args));
  int status = r.finish();
  return {status, r.output()};
}

/// Polls `query` (one boolean) every 50 ms, for at most 60 s; whether it became true.
inline bool eventually(database& db, const std::string& query) {
  using namespace std::chrono_literals;
  for (int i = 0; i < 1200; ++i) {
    if (db.scalar(query) == "t") {
      return true;
    }
    std::this_thread::sleep_for(50ms);
  }
  return false;
}

/// True once another session waits for advisory lock 4242 (the blocking test migrations).
inline constexpr const char* waiting_on_4242 =
    "SELECT EXISTS (SELECT FROM pg_locks WHERE locktype = 'advisory' AND objid = 4242 AND NOT "
    "granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database()))";

/// True once no other session of this database is left (a killed runner's backends are gone).
inline constexpr const char* others_gone =
    "SELECT NOT EXISTS (SELECT FROM pg_stat_activity WHERE datname = current_database() AND pid "
    "<> pg_backend_pid() AND application_name = 'retort')";

}  // namespace retort::testing

namespace retort::testing {

/// A fresh database and the arguments that point `retort` at it and at a test bundle.
class integrity_fixture : public ::testing::Test {
 protected:
  integrity_fixture() : url_(fresh_database_url()), db_(url_) {}

  static std::string bundle(const std::string& name) {
    return std::string(RETORT_TEST_BUNDLES) + "/" + name;
  }
  std::vector<std::string> args(const std::string& name, std::vector<std::string> more) const {
    std::vector<std::string> out{"--url", url_, "--plugins", bundle(name)};
    out.insert(out.end(), more.begin(), more.end());
    return out;
  }
  std::vector<std::string> history(const std::string& columns) {
    return db_.column("SELECT " + columns + " FROM alembic_version_history ORDER BY id");
  }

  std::string url_;
  database db_;
};

}  // namespace retort::testing
