#include "scratch/scratch_server.hpp"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/wait.h>
#include <unistd.h>

#include <retort/errors.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <vector>

#include <fmt/format.h>

namespace fs = std::filesystem;

namespace retort::scratch {

namespace {

// A socket path holds at most 107 bytes: "<dir>/.s.PGSQL.5432".
constexpr std::size_t max_socket_directory = 90;
constexpr int port = 5432;

bool has_server_programs(const fs::path& dir) {
  return ::access((dir / "initdb").c_str(), X_OK) == 0 &&
         ::access((dir / "pg_ctl").c_str(), X_OK) == 0;
}

// "15" < "16" < "100": versions compare as numbers.
bool older_version(const fs::path& a, const fs::path& b) {
  auto number = [](const fs::path& p) {
    return std::strtol(p.parent_path().filename().c_str(), nullptr, 10);
  };
  return number(a) < number(b);
}

struct account {
  uid_t uid;
  gid_t gid;
  std::string name;
};

account account_of(const std::string& name) {
  const passwd* pw = ::getpwnam(name.c_str());
  if (pw == nullptr) {
    throw error(fmt::format("the scratch server's user {} does not exist", name));
  }
  return {pw->pw_uid, pw->pw_gid, name};
}

std::string tail_of(const fs::path& log, std::size_t lines) {
  std::ifstream in(log);
  std::vector<std::string> all;
  for (std::string line; std::getline(in, line);) {
    all.push_back(line);
  }
  std::string out;
  for (std::size_t i = all.size() > lines ? all.size() - lines : 0; i < all.size(); ++i) {
    out += "\n  " + all[i];
  }
  return out;
}

// Runs `argv` as `user` (empty: ourselves), output appended to `log`; returns its exit status.
// Everything the child needs is prepared before fork: after it, only async-signal-safe calls.
int run(const std::vector<std::string>& args, const std::string& user, const fs::path& log) {
  std::vector<char*> argv;
  std::vector<std::string> copies = args;
  for (auto& a : copies) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  std::optional<account> as;
  if (!user.empty()) {
    as = account_of(user);
  }
  const int log_fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (log_fd < 0) {
    throw error(fmt::format("cannot write {}: {}", log.string(), std::strerror(errno)));
  }
  const int null_fd = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(null_fd, STDIN_FILENO);
    ::dup2(log_fd, STDOUT_FILENO);
    ::dup2(log_fd, STDERR_FILENO);
    if (as && (::setgroups(0, nullptr) != 0 || ::setgid(as->gid) != 0 || ::setuid(as->uid) != 0)) {
      ::_exit(126);
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(log_fd);
  ::close(null_fd);
  if (pid < 0) {
    throw error(fmt::format("cannot start {}: {}", args.front(), std::strerror(errno)));
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw error(fmt::format("waiting for {} failed: {}", args.front(), std::strerror(errno)));
    }
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

fs::path temporary_parent() {
  const char* tmpdir = std::getenv("TMPDIR");
  if (tmpdir != nullptr && *tmpdir == '/' &&
      std::strlen(tmpdir) + sizeof("/retort-check-XXXXXX") < max_socket_directory) {
    return tmpdir;
  }
  return "/tmp";
}

}  // namespace

fs::path find_server_programs() {
  if (const char* configured = std::getenv("RETORT_PG_BINDIR"); configured && *configured) {
    if (!has_server_programs(configured)) {
      throw error(fmt::format("RETORT_PG_BINDIR={} holds no initdb and pg_ctl", configured));
    }
    return configured;
  }
  std::vector<fs::path> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator("/usr/lib/postgresql", ec)) {
    if (has_server_programs(entry.path() / "bin")) {
      found.push_back(entry.path() / "bin");
    }
  }
  if (!found.empty()) {
    return *std::max_element(found.begin(), found.end(), older_version);
  }
  if (const char* path = std::getenv("PATH")) {
    std::istringstream dirs(path);
    for (std::string dir; std::getline(dirs, dir, ':');) {
      if (!dir.empty() && has_server_programs(dir)) {
        return dir;
      }
    }
  }
  throw error(
      "a scratch PostgreSQL needs the server programs initdb and pg_ctl, and none were found in "
      "/usr/lib/postgresql/*/bin or on PATH: install the postgresql package, or set "
      "RETORT_PG_BINDIR to their directory");
}

scratch_server::scratch_server(fs::path bindir, fs::path directory, std::string run_as)
    : bindir_(std::move(bindir)), directory_(std::move(directory)), run_as_(std::move(run_as)) {
  url_ = fmt::format("postgresql://postgres@/postgres?host={}&port={}", directory_.string(), port);
}

std::unique_ptr<scratch_server> scratch_server::start() {
  auto bindir = find_server_programs();
  std::string run_as;
  if (::geteuid() == 0) {
    run_as = ::getpwnam("postgres") != nullptr ? "postgres" : "nobody";
  }
  // As root the server's user must reach the directory, and it can always reach /tmp.
  auto pattern =
      ((run_as.empty() ? temporary_parent() : fs::path("/tmp")) / "retort-check-XXXXXX").string();
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw error(fmt::format("cannot make a directory for a scratch PostgreSQL ({}): {}", pattern,
                            std::strerror(errno)));
  }
  std::unique_ptr<scratch_server> server(new scratch_server(bindir, pattern, run_as));
  const auto& dir = server->directory_;
  if (!run_as.empty()) {
    auto owner = account_of(run_as);
    if (::chown(dir.c_str(), owner.uid, owner.gid) != 0) {
      throw error(
          fmt::format("cannot give {} to user {}: {}", dir.string(), run_as, std::strerror(errno)));
    }
  }
  const auto log = dir / "server.log";
  const auto data = dir / "data";
  auto failed = [&](std::string_view what) {
    return error(fmt::format("the scratch PostgreSQL in {} {}; the end of its log:{}", dir.string(),
                             what, tail_of(log, 20)));
  };
  // The log first, created by its future writer.
  if (run({"/usr/bin/touch", log.string()}, run_as, "/dev/null") != 0) {
    throw failed("could not create its log");
  }
  if (run({(bindir / "initdb").string(), "-D", data.string(), "-A", "trust", "-U", "postgres", "-E",
           "UTF8", "--locale=C", "--no-sync"},
          run_as, log) != 0) {
    throw failed("did not initialise (initdb failed)");
  }
  {
    std::ofstream conf(data / "postgresql.conf", std::ios::app);
    conf << "\n# retort scratch server: private, throwaway\n"
         << "listen_addresses = ''\n"
         << "port = " << port << "\n"
         << "unix_socket_directories = '" << dir.string() << "'\n"
         << "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n";
    if (!conf) {
      throw failed("could not be configured");
    }
  }
  if (run({(bindir / "pg_ctl").string(), "start", "-D", data.string(), "-l", log.string(), "-w",
           "-t", "60", "-s"},
          run_as, log) != 0) {
    server->running_ = true;  // it may have started late: stop it anyway
    throw failed("did not start");
  }
  server->running_ = true;
  return server;
}

void scratch_server::stop() noexcept {
  if (running_) {
    try {
      run({(bindir_ / "pg_ctl").string(), "stop", "-D", (directory_ / "data").string(), "-m",
           "immediate", "-w", "-s"},
          run_as_, "/dev/null");
    } catch (...) {
      // Nothing more can be done; the directory goes anyway.
    }
    running_ = false;
  }
  std::error_code ignored;
  fs::remove_all(directory_, ignored);
}

scratch_server::~scratch_server() {
  stop();
}

}  // namespace retort::scratch
