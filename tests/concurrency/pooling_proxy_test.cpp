// Runs through a real pgbouncer. A proxy that pools by transaction gives retort's connections
// whichever server connection is free, so the session lock that keeps two deploys apart means
// nothing there: retort must refuse before changing anything. A session-mode pool keeps each
// client on one server connection, and retort works through it as it does directly.
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/exit_codes.hpp"
#include "concurrency/support.hpp"
#include "integration/database.hpp"
#include "support/postgres_server.hpp"

namespace retort {
namespace {

using ::testing::ElementsAre;
using testing::example_args;
using testing::has_table;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::run_cli;
namespace exit_code = cli::exit_code;
namespace fs = std::filesystem;

constexpr const char* pgbouncer_program = "/usr/sbin/pgbouncer";
constexpr int proxy_port = 6432;

/// A pgbouncer in front of the suite's server, listening on a Unix socket of its own, running
/// until destroyed. pgbouncer will not run as root, so under root it runs as `postgres`.
class pooling_proxy {
 public:
  explicit pooling_proxy(const std::string& pool_mode) {
    if (access(pgbouncer_program, X_OK) != 0) {
      throw std::runtime_error(std::string(pgbouncer_program) +
                               " is missing: scripts/install-deps.sh installs pgbouncer");
    }
    std::string pattern = (fs::temp_directory_path() / "retort-pgbouncer-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) {
      throw std::runtime_error("mkdtemp failed");
    }
    dir_ = pattern;
    try {
      std::ofstream(dir_ / "users.txt") << "\"postgres\" \"\"\n";
      std::ofstream(dir_ / "pgbouncer.ini")
          << "[databases]\n"
          << "* = host=" << testing::socket_dir() << " port=5432\n"
          << "[pgbouncer]\n"
          << "listen_addr =\n"
          << "listen_port = " << proxy_port << "\n"
          << "unix_socket_dir = " << dir_.string() << "\n"
          << "auth_type = trust\n"
          << "auth_file = " << (dir_ / "users.txt").string() << "\n"
          << "pool_mode = " << pool_mode << "\n"
          << "default_pool_size = 4\n"
          << "ignore_startup_parameters = extra_float_digits,options\n"
          << "logfile = " << (dir_ / "pgbouncer.log").string() << "\n";
      std::vector<std::string> args = {pgbouncer_program};
      if (geteuid() == 0) {
        const passwd* user = getpwnam("postgres");
        if (user == nullptr) {
          throw std::runtime_error(
              "running as root, and there is no postgres user to run "
              "pgbouncer as");
        }
        for (const auto& entry : fs::recursive_directory_iterator(dir_)) {
          (void)chown(entry.path().c_str(), user->pw_uid, user->pw_gid);
        }
        (void)chown(dir_.c_str(), user->pw_uid, user->pw_gid);
        args.insert(args.end(), {"-u", "postgres"});
      }
      args.push_back((dir_ / "pgbouncer.ini").string());
      start(args);
      wait_until_listening();
    } catch (...) {
      stop();
      throw;
    }
  }
  ~pooling_proxy() { stop(); }
  pooling_proxy(const pooling_proxy&) = delete;
  pooling_proxy& operator=(const pooling_proxy&) = delete;

  /// `url` of the suite's server, reached through this proxy instead.
  [[nodiscard]] std::string through(const std::string& url) const {
    const auto host = url.find("host=");
    const auto end = url.find('&', host);
    return url.substr(0, host) + "host=" + dir_.string() + "&port=" + std::to_string(proxy_port) +
           (end == std::string::npos ? "" : url.substr(end));
  }

  [[nodiscard]] std::string log() const {
    std::ifstream in(dir_ / "pgbouncer.log");
    return {std::istreambuf_iterator<char>(in), {}};
  }

 private:
  void stop() noexcept {
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      waitpid(pid_, nullptr, 0);
      pid_ = -1;
    }
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  void start(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args) {
      argv.push_back(const_cast<char*>(a.c_str()));
    }
    argv.push_back(nullptr);
    pid_ = fork();
    if (pid_ < 0) {
      throw std::runtime_error("fork failed");
    }
    if (pid_ == 0) {
      const int null = open("/dev/null", O_WRONLY);
      dup2(null, STDOUT_FILENO);
      dup2(null, STDERR_FILENO);
      execv(argv[0], argv.data());
      _exit(127);
    }
  }

  void wait_until_listening() const {
    const auto socket = dir_ / (".s.PGSQL." + std::to_string(proxy_port));
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!fs::exists(socket)) {
      if (waitpid(pid_, nullptr, WNOHANG) == pid_ || std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("pgbouncer did not start listening on " + socket.string() +
                                 "; its log:\n" + log());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  fs::path dir_;
  pid_t pid_ = -1;
};

TEST(pooling_proxy, by_transaction_upgrade_is_refused_before_anything_changes) {
  const auto url = testing::fresh_database_url();
  pooling_proxy proxy("transaction");

  const auto run = run_cli(example_args(proxy.through(url)) + " upgrade head");

  EXPECT_EQ(run.status, exit_code::failure) << run.output;
  EXPECT_THAT(run.output, HasSubstr("is held by the server process that also serves this run's "
                                    "migrating connection: a transaction-pooling proxy"));
  EXPECT_THAT(run.output, HasSubstr("connect retort directly to PostgreSQL or through a "
                                    "session-mode pool"));
  EXPECT_THAT(run.output, Not(HasSubstr("Running upgrade")));
  testing::database db(url);
  EXPECT_FALSE(has_table(db, "alembic_version"));
  EXPECT_FALSE(has_table(db, "products"));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND database = "
                      "(SELECT oid FROM pg_database WHERE datname = current_database())"),
            "0")
      << "the refused run left its lock on a pooled server connection";
}

TEST(pooling_proxy, by_transaction_still_serves_commands_that_only_read) {
  const auto url = testing::fresh_database_url();
  ASSERT_EQ(run_cli(example_args(url) + " upgrade 2b4d6f8a0c12").status, exit_code::ok);
  pooling_proxy proxy("transaction");

  const auto run = run_cli(example_args(proxy.through(url)) + " current");

  EXPECT_EQ(run.status, exit_code::ok) << run.output;
  EXPECT_THAT(run.output, HasSubstr("2b4d6f8a0c12"));
}

TEST(pooling_proxy, by_session_upgrade_runs_as_it_does_directly) {
  const auto url = testing::fresh_database_url();
  pooling_proxy proxy("session");

  const auto run = run_cli(example_args(proxy.through(url)) + " upgrade head");

  EXPECT_EQ(run.status, exit_code::ok) << run.output << proxy.log();
  testing::database db(url);
  EXPECT_THAT(db.versions(), ElementsAre("8b0d2f4a6c78"));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM products"), "4");
}

}  // namespace
}  // namespace retort
