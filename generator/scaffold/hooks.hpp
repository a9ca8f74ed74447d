#pragma once

#include <retort/errors.hpp>

#include <filesystem>
#include <ostream>
#include <string>

#include "scaffold/project.hpp"

/// Post-write hooks: Alembic's `post_write_hooks`, as shell commands.
namespace retort::scaffold {

/// A hook that exited non-zero. The new file stays where it was written.
class hook_failed : public error {
 public:
  hook_failed(const std::string& message, std::string hook, int status)
      : error(message), hook_(std::move(hook)), status_(status) {}
  [[nodiscard]] const std::string& hook() const noexcept { return hook_; }
  [[nodiscard]] int status() const noexcept { return status_; }

 private:
  std::string hook_;
  int status_;
};

/// Each hook's command with `${file}` replaced by the shell-quoted path of `file` (`$$` for a
/// literal `$`). Throws `config_error` for a command without `${file}` or with another variable.
[[nodiscard]] std::string hook_command(const post_write_hook& hook,
                                       const std::filesystem::path& file);

/// Runs the project's hooks on `file` in order, in the project's root, printing
/// `Running post write hook "name" ... done` to `out`. Stops at the first hook that fails and
/// throws `hook_failed`, naming the hook, its status, the file (which stays) and the hooks that
/// did not run. Every command is checked before the first one runs.
void run_post_write_hooks(const project& p, const std::filesystem::path& file, std::ostream& out);

}  // namespace retort::scaffold
