#include "cli/lint_command.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <fmt/ranges.h>

#include <retort/errors.hpp>

#include "cli/commands.hpp"
#include "introspect/table_sizes.hpp"
#include "migrator/migrator.hpp"
#include "pg/session.hpp"
#include "printable.hpp"

namespace retort::cli {

namespace {

// A size as PostgreSQL's pg_size_bytes reads one: a number of bytes, or with a unit (bytes, kB,
// MB, GB, TB, PB: powers of 1024), any case, spaces allowed.
std::optional<std::uint64_t> size_in_bytes(std::string_view text) {
  auto trim = [](std::string_view t) {
    while (!t.empty() && t.front() == ' ') {
      t.remove_prefix(1);
    }
    while (!t.empty() && t.back() == ' ') {
      t.remove_suffix(1);
    }
    return t;
  };
  text = trim(text);
  std::size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') {
    ++digits;
  }
  if (digits == 0 || digits > 15) {
    return std::nullopt;
  }
  const auto number = std::stoull(std::string(text.substr(0, digits)));
  std::string unit(trim(text.substr(digits)));
  std::transform(unit.begin(), unit.end(), unit.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  const std::array<std::pair<std::string_view, int>, 7> units{
      {{"", 0}, {"bytes", 0}, {"kb", 1}, {"mb", 2}, {"gb", 3}, {"tb", 4}, {"pb", 5}}};
  for (const auto& [name, power] : units) {
    if (unit == name) {
      return number << (10 * power);
    }
  }
  return std::nullopt;
}

}  // namespace

lint::settings lint_settings(const settings& s) {
  lint::settings out;
  const auto file = s.config_file.value_or("retort.toml").string();
  if (s.lint_small_table) {
    out.small_table_bytes = size_in_bytes(s.lint_small_table->value);
    if (!out.small_table_bytes) {
      throw config_error(fmt::format(
          "{}:{}: lint.small_table must be a size such as \"10 MB\" (bytes, kB, MB, GB, TB) or "
          "a number of bytes, not \"{}\"",
          file, s.lint_small_table->line, s.lint_small_table->value));
    }
  }
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

bool lint(const settings& s, const std::vector<std::string>& plugin_files, const std::string& range,
          bool strict, const std::string& live_url, std::ostream& out) {
  const auto project = lint_settings(s);  // a bad [lint] table is refused before loading
  auto print_line = [&out](std::string_view line) { fmt::print(out, "{}\n", line); };
  // Files given (as the build gives them) are all there is to lint; a configured plugin
  // directory must not add to them.
  auto options = plugin_files.empty() ? migrator_options_for(s, print_line)
                                      : migrator_options_for(s, print_line, nullptr);
  options.plugin_files.assign(plugin_files.begin(), plugin_files.end());
  migrator m(std::move(options));
  std::optional<lint::table_sizes> live;
  if (!live_url.empty()) {
    static_cast<void>(m.graph());  // a broken plugin or graph is refused before connecting
    auto session = pg::session::connect(live_url);
    // Sizes take a share lock on each table: a migration holding one must not stall lint.
    session->exec("SET lock_timeout = '5s'");
    live = lint::table_sizes{introspect::read_table_sizes(*session)};
  }
  const auto report = m.lint(range, project, live ? &*live : nullptr);
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
