#include "scaffold/carried_file.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

#include <fmt/format.h>

#include "scaffold/files.hpp"

namespace retort::scaffold {
namespace {

// `#include <x>` or `#include "x"`, with what may follow the name (a comment).
const std::regex include_line(R"(^[ \t]*#[ \t]*include[ \t]*([<"])([^>"]+)[>"].*$)");

std::string without_carriage_returns(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());
  return text;
}

// The text of the message on one comment line.
std::string one_line(const std::string& message) {
  std::string out;
  for (const char c : message) {
    out += static_cast<unsigned char>(c) < 0x20 || c == 0x7f ? ' ' : c;
  }
  return out;
}

std::string trimmed_blank_lines(const std::string& text) {
  const auto first = text.find_first_not_of('\n');
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of('\n');
  return text.substr(first, last - first + 1) + "\n";
}

}  // namespace

carried_file carry_file(const migration_source& source,
                        const std::filesystem::path& squash_directory) {
  auto text = read_text(source.file);
  if (!text) {
    throw source_error(source.file, 0, "cannot open the file to carry it into the squash");
  }
  constexpr std::string_view bom = "\xEF\xBB\xBF";
  if (text->starts_with(bom)) {
    text->erase(0, bom.size());
  }
  const auto header = header_span(*text, source.file);
  const auto rest =
      without_carriage_returns(text->substr(0, header.begin) + text->substr(header.end));

  carried_file out{.revision = source.revision,
                   .name_space = "replaced_" + source.revision,
                   .includes = {},
                   .block = {}};
  const auto directory = source.file.parent_path();
  std::string body;
  std::istringstream lines(rest);
  for (std::string line; std::getline(lines, line);) {
    std::smatch match;
    if (!std::regex_match(line, match, include_line)) {
      // One blank line where the header and the includes left several.
      if (!line.empty() || !body.ends_with("\n\n")) {
        body += line + "\n";
      }
      continue;
    }
    std::string include = fmt::format("#include <{}>", match[2].str());
    if (match[1] == "\"") {
      std::string name = match[2].str();
      if (std::filesystem::exists(directory / name)) {
        name = std::filesystem::relative(directory / name, squash_directory).generic_string();
      }
      include = fmt::format("#include \"{}\"", name);
    }
    if (std::find(out.includes.begin(), out.includes.end(), include) == out.includes.end()) {
      out.includes.push_back(include);
    }
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
      source.revision, one_line(source.message), out.name_space, trimmed_blank_lines(body),
      out.name_space);
  return out;
}

}  // namespace retort::scaffold
