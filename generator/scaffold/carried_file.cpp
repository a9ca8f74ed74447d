#include "scaffold/carried_file.hpp"

#include <algorithm>
#include <regex>
#include <set>

#include <fmt/format.h>

#include "scaffold/errors.hpp"
#include "scaffold/files.hpp"
#include "scaffold/script.hpp"

namespace retort::scaffold {
namespace {

// An include line as the lexer found it: `#include <x>` or `#include "x"`, maybe a comment after.
const std::regex include_line(
    R"re(^[ \t]*#[ \t]*include[ \t]*(<([^>]+)>|"([^"]+)")[ \t]*(//.*|/\*.*\*/[ \t]*)?\r?$)re");

bool blank(std::string_view line) {
  return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t from = 0;
  while (from <= text.size()) {
    const auto end = text.find('\n', from);
    if (end == std::string::npos) {
      if (from < text.size()) {
        lines.push_back(text.substr(from));
      }
      break;
    }
    lines.push_back(text.substr(from, end - from));
    from = end + 1;
  }
  return lines;
}

}  // namespace

carried_file carry_file(const migration_source& source) {
  auto text = read_text(source.file);
  if (!text) {
    throw source_error(source.file, 0, "cannot open the file to carry it into the squash");
  }
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text->starts_with(bom)) {
    text->erase(0, bom.size());
  }
  const auto header = header_span(*text, source.file);
  const auto outline = outline_source(*text, source.file);
  auto refuse = [&](int line, const std::string& why) {
    throw refusal(fmt::format(
        "revision {} runs C++ code, so squash would carry its file into the squash, but {}:{}: "
        "{}; squash the revisions before it and after it apart, leaving it as it is",
        source.revision, source.file.string(), line, why));
  };
  std::set<int> include_lines;
  for (const auto& directive : outline.directives) {
    if (directive.name != "include") {
      refuse(directive.line, fmt::format("#{} would not mean the same inside a namespace, after "
                                         "the other files' includes",
                                         directive.name));
    }
    if (directive.depth != 0) {
      refuse(directive.line, "a file is included inside a function or a declaration");
    }
    include_lines.insert(directive.line);
  }
  for (const auto& word : outline.identifiers) {
    if (word.text == "__FILE__" || word.text.starts_with("retort_migration_")) {
      refuse(word.line, fmt::format("{} would name the squash instead", word.text));
    }
  }
  if (!outline.explicit_specialisations.empty()) {
    refuse(outline.explicit_specialisations.front(),
           "a template specialisation cannot be declared inside a namespace of its own (move it "
           "into a header the file includes)");
  }

  carried_file out{.revision = source.revision,
                   .name_space = "replaced_" + source.revision,
                   .includes = {},
                   .block = {}};
  // The header's characters become spaces, so every line keeps its number.
  auto blanked = *text;
  std::replace_if(
      blanked.begin() + static_cast<std::ptrdiff_t>(header.begin),
      blanked.begin() + static_cast<std::ptrdiff_t>(header.end), [](char c) { return c != '\n'; },
      ' ');
  const auto header_first_line =
      1 + static_cast<int>(std::count(text->begin(), text->begin() + header.begin, '\n'));
  const auto header_last_line =
      1 + static_cast<int>(std::count(text->begin(), text->begin() + header.end, '\n'));

  const auto directory = source.file.parent_path();
  std::string body;
  // Blank lines next to what was taken out are outside any literal (a line taken out is not in
  // one), so only those are folded into one.
  bool in_gap = true;
  int number = 0;
  for (const auto& line : lines_of(blanked)) {
    ++number;
    const bool in_header = number >= header_first_line && number <= header_last_line;
    if (include_lines.contains(number)) {
      std::smatch match;
      if (!std::regex_match(line, match, include_line)) {
        refuse(number,
               "an #include that names its file through a macro, or goes on over "
               "several lines, cannot be moved to the top");
      }
      carried_include include{.name = match[2].matched ? match[2].str() : match[3].str(),
                              .quoted = match[3].matched,
                              .found = {}};
      if (include.quoted && std::filesystem::exists(directory / include.name)) {
        include.found = std::filesystem::weakly_canonical(directory / include.name);
      }
      if (std::find(out.includes.begin(), out.includes.end(), include) == out.includes.end()) {
        out.includes.push_back(std::move(include));
      }
      in_gap = true;
      continue;
    }
    if (in_header && blank(line)) {
      in_gap = true;
      continue;
    }
    if (in_gap && blank(line)) {
      if (!body.empty() && !body.ends_with("\n\n")) {
        body += "\n";
      }
      continue;
    }
    in_gap = false;
    body += line + "\n";
  }
  while (body.ends_with("\n\n")) {
    body.pop_back();
  }
  // The declarations RETORT_MIGRATION made for the file, which its definitions complete.
  out.block = fmt::format(
      "// Revision {}: {}\n"
      "// It runs C++ code, which cannot be written out again as operations: its file is carried\n"
      "// here, without its header and #include lines, and its upgrade() and downgrade() are\n"
      "// called where its operations stood.\n"
      "namespace {} {{\n"
      "static ::retort::operations upgrade();\n"
      "static ::retort::operations downgrade();\n"
      "\n"
      "{}"
      "\n"
      "}}  // namespace {}\n",
      source.revision, one_line(source.message), out.name_space, body, out.name_space);
  return out;
}

std::string include_directive(const carried_include& include,
                              const std::filesystem::path& squash_directory) {
  if (!include.found.empty()) {
    const auto from = std::filesystem::weakly_canonical(squash_directory);
    return fmt::format("#include \"{}\"",
                       std::filesystem::relative(include.found, from).generic_string());
  }
  return include.quoted ? fmt::format("#include \"{}\"", include.name)
                        : fmt::format("#include <{}>", include.name);
}

}  // namespace retort::scaffold
