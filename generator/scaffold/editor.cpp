#include "scaffold/editor.hpp"

#include <retort/errors.hpp>

#include <cstdlib>

#include <fmt/format.h>

#include "scaffold/process.hpp"

namespace retort::scaffold {

environment_lookup process_environment() {
  return [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') {
      return std::nullopt;
    }
    return std::string(value);
  };
}

std::string find_editor(const environment_lookup& lookup) {
  for (const char* name : {"EDITOR", "VISUAL"}) {
    if (auto value = lookup(name)) {
      return *value;
    }
  }
  throw config_error("no editor: set EDITOR (or VISUAL), e.g. EDITOR=vi retort edit <rev>");
}

void open_in_editor(const std::string& editor, const std::filesystem::path& file) {
  // The editor string is shell text, as git and Alembic users expect; the path is an argument.
  const int status = run_shell(editor + " \"$1\"", {file.string()}, {});
  if (status != 0) {
    throw error(
        fmt::format("the editor `{}` exited with status {} on {}", editor, status, file.string()));
  }
}

}  // namespace retort::scaffold
