#include "cli/verify_command.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>

#include "autogen/compare.hpp"
#include "cli/commands.hpp"
#include "emit/cpp_source.hpp"
#include "migrator/migrator.hpp"

namespace retort::cli {

namespace {

// Where in the revision: `upgrade() operation 2 (create_index)`.
std::string place(const verify::finding& f) {
  if (f.phase == verify::phase::restore || f.op_number == 0) {
    return "";
  }
  auto text = fmt::format("{}() operation {} ({})",
                          f.phase == verify::phase::upgrade ? "upgrade" : "downgrade", f.op_number,
                          f.op_name);
  if (!f.merging_into.empty()) {
    text += fmt::format(", replayed onto the other branch of merge {}", f.merging_into);
  }
  return text + ": ";
}

// The operations that would turn what downgrade() left into what upgrade() started from: what
// the downgrade lacks, in the DSL the author writes it in.
void print_difference(const verify::finding& f, std::ostream& out) {
  if (!f.expected || !f.actual) {
    return;
  }
  auto missing = autogen::compare(*f.expected, *f.actual);
  if (missing.upgrade.empty()) {
    fmt::print(out,
               "    (they differ in details autogenerate does not compare, such as a "
               "constraint's name)\n");
    return;
  }
  fmt::print(out, "    to restore it, downgrade() would also need:\n");
  for (const auto& op : missing.upgrade) {
    fmt::print(out, "      {},\n", emit::expression(op, 6));
  }
}

}  // namespace

bool verify(const settings& s, const std::vector<std::string>& plugin_files, bool strict,
            std::ostream& out) {
  auto print_line = [&out](std::string_view line) { fmt::print(out, "{}\n", line); };
  // Files given on the command line (as the build does) are all there is to verify; a plugin
  // directory from the environment or retort.toml must not add to them.
  auto options = plugin_files.empty() ? migrator_options_for(s, print_line)
                                      : migrator_options_for(s, print_line, nullptr);
  options.plugin_files.assign(plugin_files.begin(), plugin_files.end());
  migrator m(std::move(options));
  auto report = m.verify();
  for (const auto& f : report.findings) {
    fmt::print(out, "{}: {}: {}: {}{}\n", f.source, f.revision,
               f.severity == verify::severity::error ? "error" : "warning", place(f), f.message);
    print_difference(f, out);
  }
  fmt::print(out, "verified {}: {}, {}\n", counted(report.revisions, "revision"),
             counted(report.errors(), "error"), counted(report.warnings(), "warning"));
  return report.errors() == 0 && (!strict || report.warnings() == 0);
}

}  // namespace retort::cli
