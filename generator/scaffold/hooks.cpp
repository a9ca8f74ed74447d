#include "scaffold/hooks.hpp"

#include <vector>

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "scaffold/process.hpp"
#include "scaffold/template_engine.hpp"

namespace retort::scaffold {

std::string hook_command(const post_write_hook& hook, const std::filesystem::path& file) {
  const auto source = fmt::format("post write hook \"{}\"", hook.name);
  // A marker no path contains tells whether the command uses ${file} at all.
  const std::string marker = "\x01retort-file\x01";
  if (render_template(hook.command, {{"file", marker}}, source).find(marker) == std::string::npos) {
    throw config_error(
        fmt::format("{}: the command \"{}\" does not name the file; write ${{file}} "
                    "where its path goes, e.g. \"clang-format -i ${{file}}\"",
                    source, hook.command));
  }
  return render_template(hook.command, {{"file", shell_quote(file.string())}}, source);
}

void run_post_write_hooks(const project& p, const std::filesystem::path& file, std::ostream& out) {
  std::vector<std::string> commands;
  for (const auto& hook : p.post_write_hooks) {
    commands.push_back(hook_command(hook, file));
  }
  for (std::size_t i = 0; i < commands.size(); ++i) {
    const auto& hook = p.post_write_hooks[i];
    fmt::print(out, "Running post write hook \"{}\" ...", hook.name);
    out.flush();
    const int status = run_shell(commands[i], {}, p.root);
    out << (status == 0 ? " done\n" : " FAILED\n");
    if (status == 0) {
      continue;
    }
    std::string skipped;
    for (std::size_t k = i + 1; k < commands.size(); ++k) {
      skipped += fmt::format("{}\"{}\"", skipped.empty() ? "" : ", ", p.post_write_hooks[k].name);
    }
    throw hook_failed(
        fmt::format("post write hook \"{}\" failed with exit status {} (command: {}); the new "
                    "file stays: {}{}",
                    hook.name, status, commands[i], file.string(),
                    skipped.empty() ? "" : fmt::format("; not run: {}", skipped)),
        hook.name, status);
  }
}

}  // namespace retort::scaffold
