#include "scaffold/process.hpp"

#include <spawn.h>
#include <sys/wait.h>

#include <retort/errors.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

extern char** environ;

namespace retort::scaffold {

std::string shell_quote(std::string_view text) {
  std::string out = "'";
  for (char c : text) {
    out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  }
  return out + "'";
}

int run_shell(const std::string& script, const std::vector<std::string>& args,
              const std::filesystem::path& directory) {
  // What we printed must come before what the command prints.
  std::cout.flush();
  std::cerr.flush();
  std::fflush(nullptr);

  std::vector<std::string> argv_strings{"sh", "-c", script, "retort"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& s : argv_strings) {
    argv.push_back(s.data());
  }
  argv.push_back(nullptr);

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const std::string dir = directory.empty() ? std::string(".") : directory.string();
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, "/bin/sh", &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    throw error(fmt::format("cannot run /bin/sh in {}: {}", dir, std::strerror(spawned)));
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      throw error(fmt::format("waiting for /bin/sh failed: {}", std::strerror(errno)));
    }
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}

}  // namespace retort::scaffold
