#include "cli/lint_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <retort/errors.hpp>

#include "cli/commands.hpp"
#include "migrator/migrator.hpp"
#include "printable.hpp"

namespace retort::cli {

namespace {

lint::settings project_settings(const settings& s) {
  lint::settings out;
  const auto file = s.config_file.value_or("retort.toml").string();
  for (const auto& chosen : s.lint_levels) {
    if (lint::find_rule(chosen.rule) == nullptr) {
      std::vector<std::string_view> known;
      for (const auto& r : lint::rules()) {
        known.push_back(r.id);
      }
      throw config_error(fmt::format("{}:{}: [lint] names no rule `{}`; rules: {}", file,
                                     chosen.line, chosen.rule, fmt::join(known, ", ")));
    }
    auto level = lint::level_named(chosen.level);
    if (!level) {
      throw config_error(
          fmt::format("{}:{}: lint.{} must be \"error\", \"warning\" or "
                      "\"off\", not \"{}\"",
                      file, chosen.line, chosen.rule, chosen.level));
    }
    out.levels[chosen.rule] = *level;
  }
  return out;
}

}  // namespace

bool lint(const settings& s, const std::vector<std::string>& plugin_files, const std::string& range,
          bool strict, std::ostream& out) {
  const auto project = project_settings(s);  // a bad [lint] table is refused before loading
  auto print_line = [&out](std::string_view line) { fmt::print(out, "{}\n", line); };
  // Files given (as the build gives them) are all there is to lint; a configured plugin
  // directory must not add to them.
  auto options = plugin_files.empty() ? migrator_options_for(s, print_line)
                                      : migrator_options_for(s, print_line, nullptr);
  options.plugin_files.assign(plugin_files.begin(), plugin_files.end());
  migrator m(std::move(options));
  const auto report = m.lint(range, project);
  for (const auto& f : report.findings) {
    const auto* r = lint::find_rule(f.rule);
    fmt::print(out, "{}: {}: {} [{}]: upgrade() operation {} ({}): {}\n", printable(f.source),
               f.revision, lint::name_of(f.level), f.rule, f.op_number, printable(f.operation),
               printable(f.detail));
    if (r != nullptr) {
      fmt::print(out, "    why: {}\n    fix: {}\n", r->why, r->fix);
    }
  }
  const auto errors = report.count(lint::level::error);
  const auto warnings = report.count(lint::level::warning);
  fmt::print(out, "linted {}: {}, {}\n", counted(report.revisions, "revision"),
             counted(errors, "error"), counted(warnings, "warning"));
  return errors == 0 && (!strict || warnings == 0);
}

}  // namespace retort::cli
