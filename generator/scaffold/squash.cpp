#include "scaffold/squash.hpp"

#include <retort/graph.hpp>
#include <retort/migration_info.hpp>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "scaffold/errors.hpp"
#include "scaffold/files.hpp"
#include "scaffold/script.hpp"

namespace retort::scaffold {

namespace {

constexpr std::string_view squash_comment =
    R"(// Written by `retort squash` from the revisions it replaces, their operations in order.
// Each op::squash_point marks where one of them ends (in downgrade(): where it begins): a
// database still at that revision runs only the operations after its point. Keep the points,
// in this order, when you edit the operations.)";

bool contains(const std::vector<std::string>& list, std::string_view item) {
  return std::find(list.begin(), list.end(), item) != list.end();
}

void add_unique(std::vector<std::string>& list, const std::string& item) {
  if (!contains(list, item)) {
    list.push_back(item);
  }
}

std::vector<migration_source> read_sources(const project& p) {
  if (p.version_locations.empty()) {
    throw config_error("no versions directory is configured: set `versions` in retort.toml");
  }
  return read_version_locations(p.version_locations);
}

const migration_source& source_of(const std::vector<migration_source>& sources,
                                  std::string_view revision) {
  for (const auto& source : sources) {
    if (source.revision == revision) {
      return source;
    }
  }
  throw target_error(fmt::format("no such revision: {}", revision));
}

// The line from `first` up to `last`, parents first; refuses anything but a line.
std::vector<std::string> walk_line(const revision_graph& graph, const std::string& first,
                                   const std::string& last) {
  if (!graph.ancestors_inclusive({last}).contains(first)) {
    throw refusal(fmt::format(
        "{} is not an ancestor of {}: squash takes the older revision first, then a newer one "
        "on the same line",
        first, last));
  }
  std::vector<std::string> line{last};
  for (std::string at = last; at != first;) {
    const auto& parents = graph.at(at).down_revisions;
    if (parents.size() != 1) {
      throw refusal(fmt::format(
          "{} is a merge point (of {}); a squash replaces one line without merges: squash the "
          "revisions above it or below it",
          at, fmt::join(parents, ", ")));
    }
    at = parents.front();
    line.push_back(at);
  }
  std::reverse(line.begin(), line.end());
  return line;
}

// Nothing outside the line may stand on a revision that disappears, and nothing the line
// depends on may lie outside it, except what `from` stands on: a database inside the line must
// have applied everything the squash stands on.
void check_line(const revision_graph& graph, const std::vector<std::string>& line) {
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    for (const auto& child : graph.children(line[i])) {
      if (child != line[i + 1]) {
        throw refusal(fmt::format(
            "{} is a branch point: {} also stands on it, so it cannot disappear; squash a range "
            "that ends at {} or starts above it",
            line[i], child, line[i]));
      }
    }
    for (const auto& dependent : graph.dependents(line[i])) {
      if (!contains(line, dependent)) {
        throw refusal(fmt::format(
            "{} depends on {}, which the squash would remove; squash a range that ends at {}, "
            "or make {} depend on a revision outside the range",
            dependent, line[i], line[i], dependent));
      }
    }
  }
  for (std::size_t i = 1; i < line.size(); ++i) {
    for (const auto& dependency : graph.at(line[i]).depends_on) {
      if (!contains(line, graph.resolve_revision(dependency))) {
        throw refusal(fmt::format(
            "{} depends on {}, outside the range: a database at an earlier revision of the range "
            "may not have it yet; squash a range that starts at {}",
            line[i], dependency, line[i]));
      }
    }
  }
}

// `text` with `"old"` spelled `"new"` inside the header at `header_line`, and in its
// `// Revises:` comment. The caller parses the result back, so a miss is caught, not written.
std::string repoint_header(std::string text, int header_line, const std::string& old_id,
                           const std::string& new_id) {
  std::size_t at = 0;
  for (int line = 1; line < header_line && at != std::string::npos; ++line) {
    at = text.find('\n', at);
    at = at == std::string::npos ? at : at + 1;
  }
  const auto begin =
      at == std::string::npos ? std::string::npos : text.find("RETORT_MIGRATION", at);
  if (begin != std::string::npos) {
    const auto end = text.find("});", begin);
    const auto quoted_old = fmt::format("\"{}\"", old_id);
    const auto quoted_new = fmt::format("\"{}\"", new_id);
    std::string header = text.substr(begin, end == std::string::npos ? end : end - begin);
    for (auto pos = header.find(quoted_old); pos != std::string::npos;
         pos = header.find(quoted_old, pos + quoted_new.size())) {
      header.replace(pos, quoted_old.size(), quoted_new);
    }
    text = text.substr(0, begin) + header +
           (end == std::string::npos ? std::string() : text.substr(end));
  }
  constexpr std::string_view revises = "// Revises:";
  for (auto line = text.find(revises); line != std::string::npos;
       line = text.find(revises, line + 1)) {
    if (line != 0 && text[line - 1] != '\n') {
      continue;
    }
    const auto end = std::min(text.find('\n', line), text.size());
    std::string comment = text.substr(line, end - line);
    std::string rewritten;
    std::size_t from = 0;
    for (auto pos = comment.find(old_id); pos != std::string::npos;
         pos = comment.find(old_id, pos + old_id.size())) {
      auto word = [&](std::size_t i) {
        return i < comment.size() &&
               (std::isalnum(static_cast<unsigned char>(comment[i])) != 0 || comment[i] == '_');
      };
      if ((pos > 0 && word(pos - 1)) || word(pos + old_id.size())) {
        continue;
      }
      rewritten += comment.substr(from, pos - from) + new_id;
      from = pos + old_id.size();
    }
    rewritten += comment.substr(from);
    text.replace(line, end - line, rewritten);
  }
  return text;
}

std::vector<std::string> repointed_ids(std::vector<std::string> ids, const std::string& old_id,
                                       const std::string& new_id) {
  std::replace(ids.begin(), ids.end(), old_id, new_id);
  return ids;
}

void write_over(const std::filesystem::path& file, const std::string& text) {
  auto temporary = file;
  temporary += ".squash.tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out.flush()) {
      throw error(fmt::format("{}: cannot be written", temporary.string()));
    }
  }
  std::filesystem::rename(temporary, file);  // whole or not at all
}

}  // namespace

squash_range find_squash_range(const project& p, std::string_view from, std::string_view to) {
  const auto sources = read_sources(p);
  const auto graph = make_graph(sources);
  const auto first = graph.resolve_revision(from);
  const auto last = graph.resolve_revision(to);
  if (first == last) {
    throw refusal(
        fmt::format("{} and {} name the same revision {}: a squash replaces two or more revisions",
                    from, to, first));
  }
  const auto line = walk_line(graph, first, last);
  check_line(graph, line);

  squash_range out;
  out.down_revision = graph.at(first).down_revisions;
  out.depends_on = source_of(sources, first).depends_on;
  for (const auto& id : line) {
    const auto& source = source_of(sources, id);
    out.revisions.push_back(source);
    for (const auto& label : source.branch_labels) {
      add_unique(out.branch_labels, label);
    }
    out.replaces.insert(out.replaces.end(), source.replaces.begin(), source.replaces.end());
    out.replaces.push_back(id);
    out.transactional = out.transactional && source.transactional;
  }
  if (out.replaces.size() > replaced_list::capacity) {
    throw refusal(fmt::format(
        "the squash would replace {} revisions; a header lists at most {}: squash a shorter "
        "range, then squash again",
        out.replaces.size(), replaced_list::capacity));
  }
  for (const auto& source : sources) {
    if (!contains(line, source.revision) &&
        (contains(source.down_revision, last) || contains(source.depends_on, last))) {
      out.children.push_back(source);
    }
  }
  return out;
}

std::string squash_source(const squash_range& range, const squash_request& request,
                          const std::string& revision, std::string_view create_date,
                          const std::filesystem::path& directory) {
  std::string header = fmt::format(
      "    .revision = {},\n"
      "    .down_revision = {},\n"
      "    .message = {},\n"
      "    .branch_labels = {},\n"
      "    .depends_on = {},\n",
      cpp_string_literal(revision), cpp_list(range.down_revision),
      cpp_string_literal(request.message), cpp_list(range.branch_labels),
      cpp_list(range.depends_on));
  if (!range.transactional) {
    header += "    .transactional = false,  // a replaced revision runs outside a transaction\n";
  }
  header += fmt::format("    .replaces = {},\n", cpp_list(range.replaces));
  std::string includes = "#include <retort/migration.hpp>\n";
  std::string carried;
  for (const auto& file : request.carried) {
    for (const auto& include : file.includes) {
      const auto line = include_directive(include, directory) + "\n";
      if (includes.find(line) == std::string::npos) {
        includes += line;
      }
    }
    carried += "\n" + file.block;
  }
  return fmt::format(
      "// {}\n"
      "//\n"
      "// Revision ID: {}\n"
      "// Revises: {}\n"
      "// Replaces: {}\n"
      "// Create Date: {}\n"
      "//\n"
      "{}\n"
      "{}"
      "\n"
      "RETORT_MIGRATION({{\n"
      "{}"
      "}});\n"
      "{}"
      "\n"
      "retort::operations upgrade() {{\n"
      "{}\n"
      "}}\n"
      "\n"
      "retort::operations downgrade() {{\n"
      "{}\n"
      "}}\n",
      one_line(request.message), revision, fmt::join(range.down_revision, ", "),
      fmt::join(range.replaces, ", "), create_date, squash_comment, includes, header, carried,
      request.upgrades, request.downgrades);
}

written_squash write_squash(const project& p, const squash_range& range,
                            const squash_request& request, const environment& env) {
  if (request.message.empty()) {
    throw refusal("a squash needs a message: -m \"what the revisions do together\"");
  }
  const auto sources = read_sources(p);
  const auto graph = make_graph(sources);
  const std::string id = request.rev_id.empty() ? env.new_revision_id() : request.rev_id;
  if (!is_valid_revision_id(id) || id == "head" || id == "heads" || id == "base" ||
      id == "current") {
    throw refusal(fmt::format(
        "\"{}\" cannot be a revision id: use 1 to 64 letters, digits or underscores, and none "
        "of head, heads, base, current",
        id));
  }
  if (graph.contains(id) || graph.replaced_by(id) || contains(range.replaces, id)) {
    throw refusal(fmt::format("revision id {} is already used; choose another --rev-id", id));
  }

  const auto now = env.now();
  const auto& last = range.revisions.back();
  const auto path =
      last.file.parent_path() /
      render_file_name(p.file_template, {.rev = id,
                                         .slug = make_slug(request.message, p.truncate_slug_length),
                                         .create_date = now});
  if (std::filesystem::exists(path)) {
    throw refusal(fmt::format("{} already exists; it was not overwritten", path.string()));
  }
  const auto text = squash_source(range, request, id, format_create_date(now), path.parent_path());
  auto squash = parse_migration_source(text, path);
  if (squash.down_revision != range.down_revision || squash.replaces != range.replaces ||
      squash.message != request.message || squash.transactional != range.transactional) {
    throw refusal(fmt::format("the squash revision {} would not read back as written", id));
  }

  // The new history: the line gone, the squash in, its children pointing at it.
  std::vector<migration_source> next;
  std::vector<std::pair<std::filesystem::path, std::string>> edits;
  for (const auto& source : sources) {
    const bool replaced = std::any_of(range.revisions.begin(), range.revisions.end(),
                                      [&](const auto& r) { return r.revision == source.revision; });
    if (replaced) {
      continue;
    }
    const bool child = std::any_of(range.children.begin(), range.children.end(),
                                   [&](const auto& c) { return c.revision == source.revision; });
    if (!child) {
      next.push_back(source);
      continue;
    }
    auto original = read_text(source.file);
    if (!original) {
      throw refusal(fmt::format("cannot read {} to point it at {}", source.file.string(), id));
    }
    auto edited = repoint_header(*original, source.line, last.revision, id);
    auto expected = source;
    expected.down_revision = repointed_ids(source.down_revision, last.revision, id);
    expected.depends_on = repointed_ids(source.depends_on, last.revision, id);
    if (parse_migration_source(edited, source.file) != expected) {
      throw refusal(fmt::format(
          "cannot point {} at the squash {} safely (its header does not name {} as a plain "
          "string literal); nothing was written: change it by hand after the squash",
          source.file.string(), id, last.revision));
    }
    next.push_back(expected);
    edits.emplace_back(source.file, std::move(edited));
  }
  next.push_back(squash);
  (void)make_graph(next);

  write_new_file(path, text);
  written_squash out{.revision = id, .file = path, .repointed = {}, .removed = {}};
  for (const auto& [file, edited] : edits) {
    write_over(file, edited);
    out.repointed.push_back(file);
  }
  for (const auto& replaced : range.revisions) {
    std::filesystem::remove(replaced.file);
    out.removed.push_back(replaced.file);
  }
  return out;
}

}  // namespace retort::scaffold
