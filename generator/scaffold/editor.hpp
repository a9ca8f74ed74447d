#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

/// `retort edit`: a revision's file in the user's editor.
namespace retort::scaffold {

/// Looks up an environment variable; empty or unset gives nullopt.
using environment_lookup = std::function<std::optional<std::string>(const char*)>;

/// The process environment.
[[nodiscard]] environment_lookup process_environment();

/// `$EDITOR`, else `$VISUAL`. Throws `config_error` when neither is set.
[[nodiscard]] std::string find_editor(const environment_lookup& lookup);

/// Runs `editor file` through /bin/sh, so an editor with arguments (`code -w`) works, and waits.
/// Throws `error` when the editor exits non-zero.
void open_in_editor(const std::string& editor, const std::filesystem::path& file);

}  // namespace retort::scaffold
