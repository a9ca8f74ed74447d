#pragma once

#include <retort/errors.hpp>
#include <retort/graph.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

/// Reads revision metadata from migration sources, without compiling them: what `revision`,
/// `merge` and `edit` know about a project's history.
namespace retort::scaffold {

/// The `RETORT_MIGRATION({...})` header of one migration file, as written in its source.
struct migration_source {
  std::filesystem::path file;
  int line = 0;  ///< the line of `RETORT_MIGRATION`
  std::string revision;
  std::vector<std::string> down_revision{};
  std::string message{};
  std::vector<std::string> branch_labels{};
  std::vector<std::string> depends_on{};
  bool transactional = true;
  std::vector<std::string> replaces{};

  friend bool operator==(const migration_source&, const migration_source&) = default;
};

/// A migration source the reader cannot read with certainty. The author must act: the message
/// names the file and the line, and says what the reader expected there.
///
/// A `graph_error`, because a history with an unreadable file is not a history anyone can
/// build on (the CLI refuses with exit code 3, as for a cycle or a missing parent).
class source_error : public graph_error {
 public:
  source_error(std::filesystem::path file, int line, std::string reason);
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }
  [[nodiscard]] int line() const noexcept { return line_; }
  /// The message without the `file:line: ` in front.
  [[nodiscard]] const std::string& reason() const noexcept { return reason_; }

 private:
  std::filesystem::path file_;
  int line_;
  std::string reason_;
};

/// A source with no `RETORT_MIGRATION` header at all: not a migration (or one that lost its
/// header). Callers that accept helper sources among migrations tell the two apart by this.
class missing_header_error : public source_error {
 public:
  using source_error::source_error;
};

/// Extracts the header of `text`, the contents of `file`.
///
/// Strict, never a guess: exactly one `RETORT_MIGRATION({...})` outside comments and strings;
/// designated fields only (`.revision`, `.down_revision`, `.message`, `.branch_labels`,
/// `.depends_on`, `.transactional`, `.replaces`), each at most once and in declaration order;
/// values that are string literals (adjacent ones concatenated, escapes decoded, raw strings
/// allowed), braced lists of them, or `true`/`false`. The whole file must lex as C++ (terminated
/// strings and comments, valid escapes, balanced brackets). Ids and the message are checked as the
/// compiler checks them. Throws `source_error` otherwise.
[[nodiscard]] migration_source parse_migration_source(std::string_view text,
                                                      const std::filesystem::path& file);

/// Where a text's `RETORT_MIGRATION(...);` header lies: the offset of its first character and
/// the offset just past its `;`.
struct text_span {
  std::size_t begin = 0;
  std::size_t end = 0;
};

/// The span of the header of `text`, which must parse (else `source_error`, as from
/// `parse_migration_source`).
[[nodiscard]] text_span header_span(std::string_view text, const std::filesystem::path& file);

/// A file's text as far as the compiler's preprocessor and scopes go: what `squash` must know to
/// carry a file into another one. Comments and literals are skipped.
struct source_outline {
  struct directive {
    int line = 0;
    std::string name;  ///< `include`, `define`, `if`...; empty for a lone `#`
    int depth = 0;     ///< brackets of the code open around it (0: at file scope)
  };
  struct word {
    int line = 0;
    std::string text;
  };
  std::vector<directive> directives;
  std::vector<word> identifiers;              ///< outside directives
  std::vector<int> explicit_specialisations;  ///< lines of `template <>`
};

/// The outline of `text`; `source_error` where it does not lex as C++.
[[nodiscard]] source_outline outline_source(std::string_view text,
                                            const std::filesystem::path& file);

/// Reads and parses one file; `source_error` also for a file that cannot be read.
[[nodiscard]] migration_source read_migration_file(const std::filesystem::path& file);

/// Every `*.cpp` file below each location, recursively, ordered by path within a location (so
/// the graph's tie-breaking order does not depend on the file system). Throws `config_error`
/// for a location that is not a directory.
[[nodiscard]] std::vector<migration_source> read_version_locations(
    const std::vector<std::filesystem::path>& locations);

/// What the revision graph needs of a source; `source` is the file's path.
[[nodiscard]] revision_info to_revision_info(const migration_source& source);

/// The graph of `sources`. Throws `graph_error` naming the files for a cycle, a duplicate id, a
/// missing parent, a duplicate label.
[[nodiscard]] revision_graph make_graph(const std::vector<migration_source>& sources);

}  // namespace retort::scaffold
