#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <retort/detail/dsl_linkage.hpp>
#include <retort/identifier.hpp>
#include <retort/operations.hpp>
#include <retort/types.hpp>

/// The authoring DSL: each function builds one operation (or part of one) as a value. Names given
/// as string literals are checked at compile time; options are designated-initializer structs, so
/// a misspelled option does not compile.
namespace retort::op {

using ops::identity_kind;
using ops::nulls_order;
using ops::referential_action;

/// A list argument of the `op::` functions: a braced list `{a, b}` or a `std::vector`. It only
/// refers to the elements, which the function copies into the operation it builds, so a braced
/// list costs the migration no container code. A parameter type: a `list_of` kept in a variable
/// outlives the braced list it refers to; keep a `std::vector` instead.
template <class T>
class list_of {
 public:
  list_of() = default;
  // The elements live until the end of the call's full-expression, which is all a list_of needs.
  list_of(std::initializer_list<T> items) noexcept  // NOLINT: implicit on purpose
      : list_of(items.begin(), items.size()) {}
  list_of(const std::vector<T>& items) noexcept  // NOLINT: implicit on purpose
      : first_(items.data()), size_(items.size()) {}

  [[nodiscard]] const T* begin() const noexcept { return first_; }
  [[nodiscard]] const T* end() const noexcept { return first_ + size_; }
  [[nodiscard]] std::size_t size() const noexcept { return size_; }
  [[nodiscard]] bool empty() const noexcept { return size_ == 0; }

 private:
  list_of(const T* first, std::size_t size) noexcept : first_(first), size_(size) {}

  const T* first_ = nullptr;
  std::size_t size_ = 0;
};

/// Renders `text` as an SQL string literal, for use as a server default or in a condition.
/// Text with a backslash uses the `E'...'` form, which reads the same whatever
/// `standard_conforming_strings` is; a NUL byte cannot be in a PostgreSQL string and throws.
RETORT_DSL_INLINE std::string literal(std::string_view text);

// --- Columns ------------------------------------------------------------------------------------

struct column_options {
  bool nullable = true;
  std::optional<std::string> server_default{};  ///< SQL expression: `"now()"`, `op::literal("x")`
  std::optional<identity_kind> identity{};
  bool primary_key = false;
  std::optional<std::string> comment{};
  /// SQL expression of a stored generated column, e.g. `"price * quantity"`: the column is
  /// `GENERATED ALWAYS AS (...) STORED`, computed by PostgreSQL from the row's other columns.
  std::optional<std::string> generated{};
  /// The planner's statistics target (`ALTER COLUMN ... SET STATISTICS`), 0 to 10000.
  std::optional<int> statistics{};
};

/// A column definition for `create_table` and `add_column`.
RETORT_DSL_INLINE ops::column_definition column(name column_name, column_type type,
                                                column_options options = {});

// --- Table-level constraints, for create_table ---------------------------------------------------

struct constraint_name {
  std::string name{};  ///< empty lets PostgreSQL choose
};

RETORT_DSL_INLINE ops::constraint_definition primary_key(list_of<name> columns,
                                                         constraint_name options = {});

struct foreign_key_options {
  std::string name{};
  std::string referent_schema{};
  referential_action on_delete = referential_action::no_action;
  referential_action on_update = referential_action::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
  bool match_full = false;  ///< `MATCH FULL` instead of PostgreSQL's default `MATCH SIMPLE`
};

RETORT_DSL_INLINE ops::constraint_definition foreign_key(list_of<name> columns, name referent_table,
                                                         list_of<name> referent_columns,
                                                         foreign_key_options options = {});

struct unique_options {
  std::string name{};
  bool deferrable = false;
  bool initially_deferred = false;
};

RETORT_DSL_INLINE ops::constraint_definition unique(list_of<name> columns,
                                                    unique_options options = {});

RETORT_DSL_INLINE ops::constraint_definition check(std::string condition,
                                                   constraint_name options = {});

// --- Tables -------------------------------------------------------------------------------------

struct table_options {
  std::string schema{};
  std::optional<std::string> comment{};
  bool if_not_exists = false;
  /// Makes it a partitioned table: `"RANGE (placed_at)"`, `"LIST (region)"`, `"HASH (id)"`.
  std::string partition_by{};
  /// Inheritance parents (`INHERITS`): the columns given are the child's own.
  std::vector<ops::table_ref> inherits{};
};

RETORT_DSL_INLINE ops::create_table create_table(
    name table, list_of<ops::column_definition> columns,
    list_of<ops::constraint_definition> constraints = {}, table_options options = {});

struct partition_options {
  std::string schema{};
  std::string parent_schema{};
  std::optional<std::string> comment{};
  /// A partition that is itself partitioned.
  std::string partition_by{};
  /// Its own constraints, besides those it has from the parent.
  std::vector<ops::constraint_definition> constraints{};
};

/// `CREATE TABLE table PARTITION OF parent bound`: `bound` as PostgreSQL writes it,
/// `"FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')"`, `"FOR VALUES IN ('eu')"`, `"DEFAULT"`.
/// Its columns, and the indexes and keys of a partitioned parent, come from the parent.
RETORT_DSL_INLINE ops::create_table create_partition(name table, name parent, std::string bound,
                                                     partition_options options = {});

struct drop_table_options {
  std::string schema{};
  bool if_exists = false;
  bool cascade = false;
  std::optional<ops::create_table> existing{};  ///< the table's definition, to allow reversal
};

RETORT_DSL_INLINE ops::drop_table drop_table(name table, drop_table_options options = {});

struct schema_option {
  std::string schema{};
};

RETORT_DSL_INLINE ops::rename_table rename_table(name old_name, name new_name,
                                                 schema_option options = {});

// --- Columns of existing tables -------------------------------------------------------------

RETORT_DSL_INLINE ops::add_column add_column(name table, ops::column_definition column,
                                             schema_option options = {});

struct drop_column_options {
  std::string schema{};
  std::optional<ops::column_definition> existing{};  ///< the column as it was, to allow reversal
};

RETORT_DSL_INLINE ops::drop_column drop_column(name table, name column,
                                               drop_column_options options = {});

/// `DROP DEFAULT`, for `alter_column_options::server_default`.
inline const std::optional<std::string> drop_default{};

struct alter_column_options {
  std::optional<column_type> type{};
  std::optional<std::string> using_expression{};
  std::optional<bool> nullable{};
  /// `"now()"` sets a default; `op::drop_default` removes it.
  std::optional<std::optional<std::string>> server_default{};
  std::optional<std::string> new_name{};
  /// `op::identity_kind::always` makes it an identity column; `op::drop_identity` drops that.
  std::optional<std::optional<identity_kind>> identity{};
  std::string schema{};
  std::optional<column_type> existing_type{};
  std::optional<bool> existing_nullable{};
  std::optional<std::optional<std::string>> existing_server_default{};
  std::optional<std::optional<identity_kind>> existing_identity{};
  /// A new statistics target; -1 returns to the server's default.
  std::optional<int> statistics{};
  std::optional<int> existing_statistics{};
};

/// `DROP IDENTITY`, for `alter_column_options::identity`; also "was no identity" for
/// `existing_identity`.
inline const std::optional<identity_kind> drop_identity{};

RETORT_DSL_INLINE ops::alter_column alter_column(name table, name column,
                                                 alter_column_options options);

// --- Indexes ------------------------------------------------------------------------------------

/// An index access method; the common ones are constants below, others are spelled out
/// (`op::index_method{"hnsw"}`).
struct index_method {
  std::string_view name;
};
inline constexpr index_method btree{"btree"};
inline constexpr index_method hash{"hash"};
inline constexpr index_method gin{"gin"};
inline constexpr index_method gist{"gist"};
inline constexpr index_method spgist{"spgist"};
inline constexpr index_method brin{"brin"};

struct key_options {
  std::string opclass{};
  bool descending = false;
  nulls_order nulls = nulls_order::unspecified;
};

/// One key of an index: a column name (a literal converts implicitly) or `op::expression(...)`.
class index_key {
 public:
  // A consteval constructor may not leave a std::string behind, so a literal is kept as a view
  // and turned into an element only when the index is built.
  template <std::size_t N>
  consteval index_key(const char (&column)[N])
      : column_(name(column).view()) {}  // NOLINT: implicit on purpose
  index_key(ops::index_element e) : column_(""), element_(std::move(e)) {}  // NOLINT

  [[nodiscard]] ops::index_element element() const {
    if (element_) {
      return *element_;
    }
    return {.column_or_expression = std::string(column_)};
  }

 private:
  std::string_view column_;
  std::optional<ops::index_element> element_{};
};

/// A column key with an operator class or ordering: `op::key("name", {.opclass = "gin_trgm_ops"})`.
RETORT_DSL_INLINE ops::index_element key(name column, key_options options = {});

/// An expression key such as `lower(name)`; written as SQL, parenthesised when rendered.
RETORT_DSL_INLINE ops::index_element expression(std::string sql, key_options options = {});

struct index_options {
  bool unique = false;
  index_method method = btree;
  std::vector<std::string> include{};
  std::optional<std::string> where{};
  bool concurrently = false;  ///< needs a migration declared `.transactional = false`
  bool if_not_exists = false;
  std::string schema{};
};

RETORT_DSL_INLINE ops::create_index create_index(name index, name table, list_of<index_key> keys,
                                                 index_options options = {});

struct drop_index_options {
  std::string schema{};
  bool concurrently = false;
  bool if_exists = false;
  std::optional<ops::index_definition> existing{};
};

RETORT_DSL_INLINE ops::drop_index drop_index(name index, drop_index_options options = {});

// --- Constraints on existing tables ---------------------------------------------------------

RETORT_DSL_INLINE ops::add_constraint create_primary_key(name constraint, name table,
                                                         list_of<name> columns,
                                                         schema_option options = {});

struct create_foreign_key_options {
  std::string source_schema{};
  std::string referent_schema{};
  referential_action on_delete = referential_action::no_action;
  referential_action on_update = referential_action::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
  bool match_full = false;
  /// `NOT VALID`: existing rows are not checked now; `validate_constraint` checks them later,
  /// without blocking writes (docs/data-migrations.md).
  bool not_valid = false;
};

/// Alembic's argument order: constraint, source table, referent table, local and remote columns.
RETORT_DSL_INLINE ops::add_constraint create_foreign_key(name constraint, name source_table,
                                                         name referent_table,
                                                         list_of<name> local_columns,
                                                         list_of<name> remote_columns,
                                                         create_foreign_key_options options = {});

struct create_unique_options {
  std::string schema{};
  bool deferrable = false;
  bool initially_deferred = false;
};

RETORT_DSL_INLINE ops::add_constraint create_unique_constraint(name constraint, name table,
                                                               list_of<name> columns,
                                                               create_unique_options options = {});

struct create_check_options {
  std::string schema{};
  /// `NOT VALID`: existing rows are not checked now; `validate_constraint` checks them later.
  bool not_valid = false;
};

RETORT_DSL_INLINE ops::add_constraint create_check_constraint(name constraint, name table,
                                                              std::string condition,
                                                              create_check_options options = {});

/// `ALTER TABLE table VALIDATE CONSTRAINT constraint`: checks the existing rows of a constraint
/// added `not_valid`, while reads and writes go on.
RETORT_DSL_INLINE ops::validate_constraint validate_constraint(name constraint, name table,
                                                               schema_option options = {});

struct set_not_null_options {
  std::string schema{};
  std::string check_name{};  ///< the temporary check's; empty: `<table>_<column>_not_null`
};

/// Makes `column` NOT NULL without a long lock, in steps that each commit (see
/// `ops::set_not_null`); its migration is declared `.transactional = false`. For a small table,
/// `alter_column(..., {.nullable = false})` does the same in one statement.
RETORT_DSL_INLINE ops::set_not_null set_not_null(name table, name column,
                                                 set_not_null_options options = {});

struct drop_constraint_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<ops::constraint_definition> existing{};
};

RETORT_DSL_INLINE ops::drop_constraint drop_constraint(name constraint, name table,
                                                       drop_constraint_options options = {});

// --- Extensions ---------------------------------------------------------------------------------

struct extension_options {
  std::string schema{};
  std::string version{};
  bool if_not_exists = true;
};

RETORT_DSL_INLINE ops::create_extension create_extension(name extension,
                                                         extension_options options = {});

struct drop_extension_options {
  bool if_exists = true;
  bool cascade = false;
};

RETORT_DSL_INLINE ops::drop_extension drop_extension(name extension,
                                                     drop_extension_options options = {});

// --- Raw SQL and data ---------------------------------------------------------------------------

struct execute_options {
  std::optional<std::string> reverse_sql{};  ///< what undoes `sql`; without it, irreversible
};

/// Raw SQL, run as written. Prefer `bulk_insert` for values: they travel as parameters.
RETORT_DSL_INLINE ops::execute execute(std::string sql, execute_options options = {});

struct run_options {
  /// The tables the code reads and writes as typed rows (`retort::table`, <retort/session.hpp>):
  /// before the code runs, the database must have their columns with their types.
  std::vector<ops::table_shape> expects{};
};

/// A data step: `code` runs with a `retort::session` (<retort/session.hpp>) on the migration's
/// transaction, and an exception it throws fails and rolls back the migration. `name` says what
/// it does. A lambda without captures converts to the function pointer.
RETORT_DSL_INLINE ops::data_step run(std::string name, void (*code)(session&),
                                     run_options options = {});

struct backfill_options {
  std::string key;  ///< required: a column with a unique index and no NULLs
  /// SQL assignments for each row (`full_name = first_name || ' ' || last_name`); or `each`.
  std::string set{};
  /// C++ code for each row of a batch: it reads the row's columns and writes with the session.
  void (*each)(session&, const row&) = nullptr;
  std::string where{};  ///< only rows matching this SQL condition
  std::string schema{};
  std::int64_t batch_size = 10000;
  std::int64_t pause_ms = 0;            ///< between batches
  std::int64_t lock_timeout_ms = 2000;  ///< per batch; a batch that waits longer is retried
  int retries = 10;                     ///< per batch, after a lock timeout
  std::int64_t time_limit_s = 0;        ///< stop cleanly after this long; 0: no limit
};

/// Updates `table` in batches of `batch_size` rows in `key` order, each batch in its own
/// transaction with its progress, so an interrupted backfill resumes where it stopped (see
/// docs/data-migrations.md). Its migration is declared `.transactional = false`.
RETORT_DSL_INLINE ops::backfill backfill(std::string name, retort::name table,
                                         backfill_options options);

/// Marks where replaced revision `revision` stands in a squash revision's operations; `retort
/// squash` writes these, see `ops::squash_point`.
RETORT_DSL_INLINE ops::squash_point squash_point(std::string revision);

struct attach_options {
  std::string schema{};            ///< the partitioned table's
  std::string partition_schema{};  ///< the partition's
};
/// `ALTER TABLE table ATTACH PARTITION partition bound`; `bound` as for `create_partition`.
RETORT_DSL_INLINE ops::attach_partition attach_partition(name table, name partition,
                                                         std::string bound,
                                                         attach_options options = {});

struct detach_options {
  std::string schema{};
  std::string partition_schema{};
  /// `DETACH ... CONCURRENTLY`: no lock that blocks queries on the parent; the migration must
  /// be declared `.transactional = false`.
  bool concurrently = false;
  std::optional<std::string> existing_bound{};  ///< for the downgrade's ATTACH
};
RETORT_DSL_INLINE ops::detach_partition detach_partition(name table, name partition,
                                                         detach_options options = {});

/// The id of a lint rule a waiver names (docs/lint.md): a string literal, never empty.
class lint_rule {
 public:
  template <std::size_t N>
  consteval lint_rule(const char (&literal)[N]) : text_(literal, N - 1) {  // NOLINT: implicit
    static_assert(N - 1 >= 1, "a lint waiver names the rule it waives, as docs/lint.md spells it");
  }
  [[nodiscard]] std::string str() const { return std::string(text_); }

 private:
  std::string_view text_;
};

/// Why a lint rule does not apply here: a string literal, never empty, so that whoever reads
/// the migration later knows.
class waiver_reason {
 public:
  template <std::size_t N>
  consteval waiver_reason(const char (&literal)[N]) : text_(literal, N - 1) {  // NOLINT: implicit
    static_assert(N - 1 >= 1,
                  "a lint waiver needs a reason: say why the rule does not apply here, e.g. "
                  "\"the table is empty in every environment\"");
  }
  [[nodiscard]] std::string str() const { return std::string(text_); }

 private:
  std::string_view text_;
};

/// Waives lint rule `rule` for the operation right after it in the list, saying why:
/// `op::waive("require-concurrent-index-creation", "the table is empty in every environment"),
/// op::create_index(...)`. A waiver that waives nothing is itself a finding.
RETORT_DSL_INLINE ops::lint_waiver waive(lint_rule rule, waiver_reason reason);

/// Waives lint rule `rule` for every operation of the migration; put it first in `upgrade()`.
RETORT_DSL_INLINE ops::lint_waiver waive_all(lint_rule rule, waiver_reason reason);

namespace detail {
template <class T>
concept boolean_cell = std::is_same_v<T, bool>;
template <class T>
concept integer_cell = (std::is_integral_v<T> && !std::is_same_v<T, bool> &&
                        (std::is_signed_v<T> || sizeof(T) < sizeof(std::int64_t))) ||
                       (std::is_enum_v<T> && std::is_convertible_v<T, std::int64_t>);
template <class T>
concept floating_cell = std::is_floating_point_v<T>;
}  // namespace detail

/// One value of a `bulk_insert` row as the migration writes it: `nullptr` for NULL, a `bool`, an
/// integer, a floating-point number or text (or an `ops::value`). Like `list_of`, it refers to
/// what it was given until the operation is built.
class cell {
 public:
  cell(std::nullptr_t) noexcept : kind_(kind::null) {}  // NOLINT: implicit on purpose
  /// Only a `bool` itself: a pointer is not a boolean cell.
  template <detail::boolean_cell Boolean>
  cell(Boolean b) noexcept : kind_(kind::boolean), integer_(b ? 1 : 0) {}  // NOLINT
  /// An integer whose values an `int64_t` holds (an `unsigned long` does not compile), or an
  /// unscoped enumerator, as its number.
  template <detail::integer_cell Integer>
  cell(Integer i) noexcept
      : kind_(kind::integer), integer_(static_cast<std::int64_t>(i)) {}  // NOLINT
  /// A floating-point number: an integer type an `int64_t` cannot hold does not become one.
  template <detail::floating_cell Floating>
  cell(Floating d) noexcept : kind_(kind::floating), floating_(static_cast<double>(d)) {}  // NOLINT
  cell(const char* text) : kind_(kind::text), text_(text) {}                               // NOLINT
  cell(std::string_view text) noexcept : kind_(kind::text), text_(text) {}                 // NOLINT
  cell(const std::string& text) noexcept : kind_(kind::text), text_(text) {}               // NOLINT
  cell(const ops::value& v) noexcept : kind_(kind::whole), whole_(&v) {}                   // NOLINT

  /// The value, to be sent as a query parameter.
  [[nodiscard]] RETORT_DSL_INLINE ops::value value() const;

 private:
  enum class kind : std::uint8_t { null, boolean, integer, floating, text, whole };
  kind kind_;
  std::int64_t integer_ = 0;
  double floating_ = 0;
  std::string_view text_{};
  const ops::value* whole_ = nullptr;
};

/// Inserts rows; every value is sent as a query parameter, never spliced into the SQL text.
RETORT_DSL_INLINE ops::bulk_insert bulk_insert(name table, list_of<name> columns,
                                               std::vector<std::vector<ops::value>> rows,
                                               schema_option options = {});
/// The same for rows written in place: `op::bulk_insert("t", {"a", "b"}, {{1, "x"}, {2,
/// nullptr}})`.
RETORT_DSL_INLINE ops::bulk_insert bulk_insert(name table, list_of<name> columns,
                                               std::initializer_list<list_of<cell>> rows,
                                               schema_option options = {});

// --- Comments -----------------------------------------------------------------------------------

struct comment_options {
  std::string schema{};
  std::optional<std::optional<std::string>> existing{};  ///< the comment before, for reversal
};

/// Sets a table's comment; `std::nullopt` removes it.
RETORT_DSL_INLINE ops::set_table_comment set_table_comment(name table,
                                                           std::optional<std::string> comment,
                                                           comment_options options = {});

/// Sets a column's comment; `std::nullopt` removes it.
RETORT_DSL_INLINE ops::set_column_comment set_column_comment(name table, name column,
                                                             std::optional<std::string> comment,
                                                             comment_options options = {});

// --- Schemas, enum types and sequences ------------------------------------------------------

RETORT_DSL_INLINE ops::create_schema create_schema(name schema, bool if_not_exists = false);

struct drop_schema_options {
  bool if_exists = false;
  bool cascade = false;
};

RETORT_DSL_INLINE ops::drop_schema drop_schema(name schema, drop_schema_options options = {});

/// `CREATE TYPE name AS ENUM (values...)`.
RETORT_DSL_INLINE ops::create_enum create_enum(name type, std::vector<std::string> values,
                                               schema_option options = {});

struct drop_enum_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<std::vector<std::string>> existing{};  ///< its labels, to allow reversal
};

RETORT_DSL_INLINE ops::drop_enum drop_enum(name type, drop_enum_options options = {});

struct enum_value_options {
  std::string schema{};
  std::string before{};
  std::string after{};
  bool if_not_exists = false;
};

/// `ALTER TYPE type ADD VALUE 'value'`; irreversible (PostgreSQL cannot drop a label).
RETORT_DSL_INLINE ops::add_enum_value add_enum_value(name type, std::string value,
                                                     enum_value_options options = {});

struct sequence_options {
  std::string schema{};
  std::optional<column_type> data_type{};
  std::optional<std::int64_t> start{};
  std::optional<std::int64_t> increment{};
  std::optional<std::int64_t> min_value{};
  std::optional<std::int64_t> max_value{};
  std::optional<std::int64_t> cache{};
  bool cycle = false;
  bool if_not_exists = false;
};

/// The definition part of a sequence, as `create_sequence` and `drop_sequence{.existing}` take.
RETORT_DSL_INLINE ops::sequence_definition sequence(name sequence_name,
                                                    sequence_options options = {});

RETORT_DSL_INLINE ops::create_sequence create_sequence(name sequence_name,
                                                       sequence_options options = {});

struct drop_sequence_options {
  std::string schema{};
  bool if_exists = false;
  std::optional<ops::sequence_definition> existing{};
};

RETORT_DSL_INLINE ops::drop_sequence drop_sequence(name sequence_name,
                                                   drop_sequence_options options = {});

}  // namespace retort::op

#if !defined(RETORT_DSL_OUT_OF_LINE)
#include <retort/detail/op_definitions.hpp>
#endif
