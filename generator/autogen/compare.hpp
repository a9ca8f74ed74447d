#pragma once

#include <retort/model/schema.hpp>
#include <retort/operations.hpp>

#include <string>
#include <vector>

/// Model against model: the operations that turn the `actual` schema into the `desired` one.
/// Knows neither SQL nor databases; both sides are plain `model::schema` values.
namespace retort::autogen {

/// Which objects take part, like Alembic's `include_object`. Patterns are globs (`*`, `?`)
/// matched against a table's name and against `schema.name`; empty lists include everything.
/// A raw object (view, function, ...) is matched by its name without arguments, or by its
/// table's name when it has one (a trigger).
struct filters {
  std::vector<std::string> include_schemas{};
  std::vector<std::string> exclude_schemas{};
  std::vector<std::string> include_tables{};
  std::vector<std::string> exclude_tables{};
};

/// An explicit rename: without one, a renamed table or column is a drop and an add.
struct table_rename {
  std::string schema;
  std::string from;
  std::string to;
};
struct column_rename {
  std::string schema;
  std::string table;  ///< the table's name in the desired model
  std::string from;
  std::string to;
};

struct compare_options {
  autogen::filters filters{};
  std::vector<table_rename> table_renames{};
  std::vector<column_rename> column_renames{};
};

struct comparison {
  /// In dependency order: schemas, extensions, enum types and sequences first; foreign keys
  /// after the tables they reference; drops in reverse. Every drop and alter carries what
  /// existed before (`existing`), so `reverse()` derives the downgrade.
  operations upgrade;
  /// What a person should look at: likely renames (with the `--rename` that says so) and
  /// differences no operation expresses (a removed enum label, a changed sequence).
  std::vector<std::string> notes;
  /// The objects carried as raw SQL (`op::execute`), one line each: `create view v`,
  /// `drop function audit.f(integer)`, `replace function f()`.
  std::vector<std::string> carried_as_sql;
};

[[nodiscard]] comparison compare(model::schema desired, model::schema actual,
                                 const compare_options& options = {});

/// Removes from `s` what `f` leaves out (as `compare` does with both sides, once canonical).
void apply_filters(model::schema& s, const filters& f);
/// Whether `f` lets the comparison see table `t` of a canonical model.
[[nodiscard]] bool table_included(const filters& f, const model::table& t);

/// Reads `--rename` arguments: `old:new` renames a table, `table.old:table.new` a column of
/// `table` (a table in the desired model), `schema.old:schema.new` a table in `schema`.
/// Throws `std::invalid_argument` for anything else.
void parse_rename(const std::string& text, const model::schema& desired, compare_options& into);

/// Whether `text` matches the glob `pattern` (`*` any run, `?` one character).
[[nodiscard]] bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace retort::autogen
