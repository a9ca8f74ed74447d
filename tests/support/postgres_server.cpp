#include "support/postgres_server.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "pg/session.hpp"
#include "retort/errors.hpp"

extern char** environ;

namespace retort::testing {

namespace {

constexpr std::size_t max_identifier_bytes = 63;  // NAMEDATALEN - 1

// Runs scripts/pg-scratch.sh; its stdout (the socket directory) is not wanted, its stderr is.
int run_scratch_script(const char* verb, const std::string& dir) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  std::string script = RETORT_PG_SCRATCH;
  std::vector<char*> argv{script.data(), const_cast<char*>(verb), const_cast<char*>(dir.c_str()),
                          nullptr};
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, script.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw std::runtime_error(
        fmt::format("cannot run {}: {}", RETORT_PG_SCRATCH, std::strerror(spawned)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw std::runtime_error(fmt::format("waitpid: {}", std::strerror(errno)));
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string read_socket_dir(const std::string& cluster_dir) {
  const std::string file = cluster_dir + "/socket_dir";
  std::ifstream in(file);
  std::string dir;
  if (!in || !std::getline(in, dir) || dir.empty()) {
    throw std::runtime_error(
        fmt::format("no PostgreSQL test server: cannot read {} (has scripts/pg-scratch.sh start "
                    "{} run? under ctest the `postgres` fixture does it)",
                    file, cluster_dir));
  }
  return dir;
}

// The private cluster of a test binary run by hand, stopped at process exit.
std::string private_cluster_dir;

void stop_private_cluster() {
  if (!private_cluster_dir.empty()) {
    run_scratch_script("stop", private_cluster_dir);
  }
}

// A private cluster lives in /tmp/retort-test.<pid>.XXXXXX. One whose process died without
// stopping it (a crash, a kill) is stopped by the next binary that starts one.
constexpr std::string_view private_prefix = "retort-test.";

// Whether `pid` has exited; a zombie not yet reaped counts as exited.
bool process_gone(pid_t pid) {
  if (kill(pid, 0) == -1) {
    return errno == ESRCH;
  }
  std::ifstream stat(fmt::format("/proc/{}/stat", pid));
  std::string line;
  std::getline(stat, line);
  const auto after_name = line.rfind(')');
  return after_name != std::string::npos && line.compare(after_name, 3, ") Z") == 0;
}

void stop_orphaned_private_clusters() {
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/tmp", ec)) {
    const std::string name = entry.path().filename().string();
    if (!name.starts_with(private_prefix)) {
      continue;
    }
    const auto pid = std::atol(name.c_str() + private_prefix.size());
    if (pid > 0 && process_gone(static_cast<pid_t>(pid))) {
      run_scratch_script("stop", entry.path().string());
    }
  }
}

std::string start_private_cluster() {
  stop_orphaned_private_clusters();
  std::string dir = fmt::format("/tmp/{}{}.XXXXXX", private_prefix, getpid());
  if (mkdtemp(dir.data()) == nullptr) {
    throw std::runtime_error(fmt::format("mkdtemp {}: {}", dir, std::strerror(errno)));
  }
  private_cluster_dir = dir;
  std::atexit(stop_private_cluster);
  if (const int rc = run_scratch_script("start", dir); rc != 0) {
    throw std::runtime_error(
        fmt::format("{} start {} failed with status {}", RETORT_PG_SCRATCH, dir, rc));
  }
  return read_socket_dir(dir);
}

// Decided once per process: a server that could not be found or started fails every test
// that asks for it, with the same message, and is not tried again.
const std::string& server_socket_dir() {
  struct outcome {
    std::string socket_dir;
    std::string error;
  };
  static const outcome found = []() -> outcome {
    try {
      const char* host = std::getenv("RETORT_TEST_PGHOST");
      if (host != nullptr && *host != '\0') {
        return {read_socket_dir(host), ""};
      }
      return {start_private_cluster(), ""};
    } catch (const std::exception& e) {
      return {"", e.what()};
    }
  }();
  if (!found.error.empty()) {
    throw std::runtime_error(found.error);
  }
  return found.socket_dir;
}

// A URI query value: everything but unreserved characters and '/' is percent-encoded.
std::string uri_encode(std::string_view text) {
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", u);
    }
  }
  return out;
}

std::string database_url(const std::string& database) {
  return fmt::format("postgresql:///{}?host={}&user=postgres", database,
                     uri_encode(server_socket_dir()));
}

// "t_<suite>_<test>_<pid>_<n>", lower case, [a-z0-9_] only, at most 63 bytes.
std::string database_name() {
  static std::atomic<int> counter{0};
  std::string test = "outside_a_test";
  if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info()) {
    test = std::string(info->test_suite_name()) + "_" + info->name();
  }
  const std::string suffix = fmt::format("_{}_{}", getpid(), counter++);
  std::string name = "t_";
  for (const char c : test) {
    const auto u = static_cast<unsigned char>(c);
    name += std::isalnum(u) != 0 ? static_cast<char>(std::tolower(u)) : '_';
  }
  name.resize(std::min(name.size(), max_identifier_bytes - suffix.size()));
  return name + suffix;
}

}  // namespace

std::string socket_dir() {
  return server_socket_dir();
}

std::string admin_url() {
  return database_url("postgres");
}

std::string fresh_database_url() {
  std::unique_ptr<pg::session> admin;
  try {
    admin = pg::session::connect(admin_url(), "retort-test-support");
  } catch (const database_error& e) {
    const char* host = std::getenv("RETORT_TEST_PGHOST");
    throw std::runtime_error(fmt::format("the PostgreSQL test server ({}) cannot be reached: {}",
                                         host != nullptr ? host : "private cluster", e.what()));
  }
  // A name from an earlier process with the same pid may exist; then take the next one.
  for (int attempt = 0;; ++attempt) {
    const std::string name = database_name();
    try {
      admin->exec(fmt::format("CREATE DATABASE \"{}\" TEMPLATE template0", name));
      return database_url(name);
    } catch (const database_error& e) {
      if (e.sqlstate() != "42P04" || attempt >= 100) {
        throw;
      }
    }
  }
}

}  // namespace retort::testing
