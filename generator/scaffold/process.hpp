#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

/// Running the user's commands: editors and post-write hooks.
namespace retort::scaffold {

/// `text` quoted for /bin/sh: `'...'`, with each `'` written as `'\''`.
[[nodiscard]] std::string shell_quote(std::string_view text);

/// Runs `/bin/sh -c script retort args...` in `directory` (so `"$1"` is `args[0]`), with the
/// standard streams inherited, and waits. Returns the exit status, or 128 + the signal number
/// for a command killed by a signal. Throws `error` when the shell cannot be started.
int run_shell(const std::string& script, const std::vector<std::string>& args,
              const std::filesystem::path& directory);

}  // namespace retort::scaffold
