#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <retort/detail/dsl_linkage.hpp>
#include <retort/types.hpp>

namespace retort {
class session;
class row;
}  // namespace retort

/// Operations are inert values: building one touches no database. The renderer turns them into
/// SQL, `reverse()` turns them into their inverse, and the generator turns them into C++ source.
/// An empty `schema` means the connection's search path.
///
/// Every struct declares its destructor, so that a plugin compiles it once (see
/// <retort/detail/dsl_linkage.hpp>): a migration file destroys the temporaries it builds, and an
/// implicit destructor, with the container and variant code under it, would be compiled into
/// every file. The structs stay aggregates, and a declared destructor leaves them without
/// implicit move operations: moving a whole struct (into an `operation`, or as a vector of them
/// grows) copies it. Building operations is a small part of any run; the destructors were a
/// third of a migration file's compile time (docs/plugins.md).
namespace retort::ops {

/// How an identity column generates values.
enum class identity_kind : std::uint8_t { always, by_default };

/// A column as it is (or will be) in a table.
struct column_definition {
  RETORT_DSL_INLINE ~column_definition();
  std::string name;
  column_type type;
  bool nullable = true;
  std::optional<std::string> server_default{};  ///< an SQL expression, e.g. `now()` or `'x'`
  std::optional<identity_kind> identity{};
  bool primary_key = false;  ///< an inline `PRIMARY KEY`, named by PostgreSQL (`<table>_pkey`)
  std::optional<std::string> comment{};
  /// A stored generated column's SQL expression over the table's other columns:
  /// `GENERATED ALWAYS AS (<generated>) STORED`. Such a column has no default and no identity.
  std::optional<std::string> generated{};
  /// The planner's statistics target for the column (`SET STATISTICS`, 0 to 10000); none: the
  /// server's `default_statistics_target`.
  std::optional<int> statistics{};

  friend bool operator==(const column_definition&, const column_definition&) = default;
};

enum class referential_action : std::uint8_t {
  no_action,
  restrict,
  cascade,
  set_null,
  set_default
};

struct primary_key_constraint {
  RETORT_DSL_INLINE ~primary_key_constraint();
  std::string name;  ///< empty lets PostgreSQL choose (`<table>_pkey`)
  std::vector<std::string> columns;
  friend bool operator==(const primary_key_constraint&, const primary_key_constraint&) = default;
};

struct foreign_key_constraint {
  RETORT_DSL_INLINE ~foreign_key_constraint();
  std::string name;
  std::vector<std::string> columns;
  std::string referent_schema;
  std::string referent_table;
  std::vector<std::string> referent_columns;
  referential_action on_delete = referential_action::no_action;
  referential_action on_update = referential_action::no_action;
  bool deferrable = false;
  bool initially_deferred = false;
  /// `MATCH FULL`: a key with some but not all columns NULL is refused. The default is
  /// `MATCH SIMPLE` (PostgreSQL has no `MATCH PARTIAL`).
  bool match_full = false;
  friend bool operator==(const foreign_key_constraint&, const foreign_key_constraint&) = default;
};

struct unique_constraint {
  RETORT_DSL_INLINE ~unique_constraint();
  std::string name;
  std::vector<std::string> columns;
  bool deferrable = false;
  bool initially_deferred = false;
  friend bool operator==(const unique_constraint&, const unique_constraint&) = default;
};

struct check_constraint {
  RETORT_DSL_INLINE ~check_constraint();
  std::string name;
  std::string condition;  ///< an SQL boolean expression
  friend bool operator==(const check_constraint&, const check_constraint&) = default;
};

using constraint_definition = std::variant<primary_key_constraint, foreign_key_constraint,
                                           unique_constraint, check_constraint>;

/// Where NULLs sort in an index element.
enum class nulls_order : std::uint8_t { unspecified, first, last };

/// One key of an index: a column or an expression, with its operator class and ordering.
struct index_element {
  RETORT_DSL_INLINE ~index_element();
  std::string column_or_expression;
  bool is_expression = false;
  std::string opclass{};  ///< e.g. `gin_trgm_ops`; empty for the type's default
  bool descending = false;
  nulls_order nulls = nulls_order::unspecified;
  friend bool operator==(const index_element&, const index_element&) = default;
};

/// An index as it is (or will be) in the database.
struct index_definition {
  RETORT_DSL_INLINE ~index_definition();
  std::string name;
  std::string table;
  std::string schema{};
  std::vector<index_element> elements{};
  bool unique = false;
  std::string method{};                ///< btree, hash, gin, gist, brin, spgist; empty = btree
  std::vector<std::string> include{};  ///< covering columns (`INCLUDE (...)`)
  std::optional<std::string> where{};  ///< the predicate of a partial index
  friend bool operator==(const index_definition&, const index_definition&) = default;
};

// --- The operations ---------------------------------------------------------------------------

/// A table named with its schema (empty: the search path).
struct table_ref {
  RETORT_DSL_INLINE ~table_ref();
  std::string name;
  std::string schema{};
  friend bool operator==(const table_ref&, const table_ref&) = default;
};

struct create_table {
  RETORT_DSL_INLINE ~create_table();
  std::string name;
  std::vector<column_definition> columns;
  std::vector<constraint_definition> constraints{};
  std::string schema{};
  std::optional<std::string> comment{};
  bool if_not_exists = false;
  /// A partitioned table's key as PostgreSQL prints it: `RANGE (at)`, `LIST (region)`,
  /// `HASH (id)`.
  std::string partition_by{};
  /// An inheritance child's parents (`INHERITS (...)`); `columns` are its own columns only.
  std::vector<table_ref> inherits{};
  /// A partition (`PARTITION OF parent`), whose columns come from the parent (`columns` is
  /// empty), with its bound as PostgreSQL prints it: `FOR VALUES FROM ('2026-01-01') TO (...)`,
  /// `FOR VALUES IN (...)`, `FOR VALUES WITH (MODULUS 4, REMAINDER 0)`, `DEFAULT`.
  std::optional<table_ref> partition_of{};
  std::string partition_bound{};
  friend bool operator==(const create_table&, const create_table&) = default;
};

struct drop_table {
  RETORT_DSL_INLINE ~drop_table();
  std::string name;
  std::string schema{};
  bool if_exists = false;
  bool cascade = false;
  std::optional<create_table> existing{};  ///< the table as it was, so the drop can be reversed
  friend bool operator==(const drop_table&, const drop_table&) = default;
};

struct rename_table {
  RETORT_DSL_INLINE ~rename_table();
  std::string old_name;
  std::string new_name;
  std::string schema{};
  friend bool operator==(const rename_table&, const rename_table&) = default;
};

struct add_column {
  RETORT_DSL_INLINE ~add_column();
  std::string table;
  column_definition column;
  std::string schema{};
  friend bool operator==(const add_column&, const add_column&) = default;
};

struct drop_column {
  RETORT_DSL_INLINE ~drop_column();
  std::string table;
  std::string column;
  std::string schema{};
  std::optional<column_definition> existing{};
  friend bool operator==(const drop_column&, const drop_column&) = default;
};

/// Changes to one column; each engaged field is a change, each `existing_*` what it was before
/// (needed only to reverse that change). `server_default` holding an empty optional means
/// `DROP DEFAULT`.
struct alter_column {
  RETORT_DSL_INLINE ~alter_column();
  std::string table;
  std::string column;
  std::string schema{};
  std::optional<column_type> type{};
  std::optional<std::string> using_expression{};  ///< `USING` for a type change
  std::optional<bool> nullable{};
  std::optional<std::optional<std::string>> server_default{};
  std::optional<std::string> new_name{};
  /// A kind makes the column an identity (or changes its kind); an empty optional drops it.
  std::optional<std::optional<identity_kind>> identity{};
  std::optional<column_type> existing_type{};
  std::optional<bool> existing_nullable{};
  std::optional<std::optional<std::string>> existing_server_default{};
  std::optional<std::optional<identity_kind>> existing_identity{};
  /// A new statistics target (`SET STATISTICS`); -1 is the server's default again.
  std::optional<int> statistics{};
  std::optional<int> existing_statistics{};
  friend bool operator==(const alter_column&, const alter_column&) = default;
};

struct create_index {
  RETORT_DSL_INLINE ~create_index();
  index_definition index;
  bool concurrently = false;
  bool if_not_exists = false;
  friend bool operator==(const create_index&, const create_index&) = default;
};

struct drop_index {
  RETORT_DSL_INLINE ~drop_index();
  std::string name;
  std::string schema{};
  bool concurrently = false;
  bool if_exists = false;
  std::optional<index_definition> existing{};
  friend bool operator==(const drop_index&, const drop_index&) = default;
};

struct add_constraint {
  RETORT_DSL_INLINE ~add_constraint();
  std::string table;
  constraint_definition constraint;
  std::string schema{};
  /// For a foreign key or check: added `NOT VALID`, so only new and changed rows are checked
  /// and the table is not scanned under the lock; `validate_constraint` checks the rest later.
  bool not_valid = false;
  friend bool operator==(const add_constraint&, const add_constraint&) = default;
};

struct drop_constraint {
  RETORT_DSL_INLINE ~drop_constraint();
  std::string name;
  std::string table;
  std::string schema{};
  bool if_exists = false;
  std::optional<constraint_definition> existing{};
  friend bool operator==(const drop_constraint&, const drop_constraint&) = default;
};

/// `ALTER TABLE ... VALIDATE CONSTRAINT`: checks the rows a `NOT VALID` constraint has not
/// seen, holding a lock that lets reads and writes go on. Its own reverse.
struct validate_constraint {
  RETORT_DSL_INLINE ~validate_constraint();
  std::string name;
  std::string table;
  std::string schema{};
  friend bool operator==(const validate_constraint&, const validate_constraint&) = default;
};

/// `SET NOT NULL` without holding a lock through a scan of the table: `CHECK (column IS NOT
/// NULL) NOT VALID`, `VALIDATE` (which scans while writes go on), `SET NOT NULL` (which
/// PostgreSQL 12+ proves from the valid check without scanning), then the check dropped.
/// Each statement commits on its own, so its migration is `.transactional = false`; a check
/// left by a failed attempt is dropped before the next adds it.
struct set_not_null {
  RETORT_DSL_INLINE ~set_not_null();
  std::string table;
  std::string column;
  std::string schema{};
  std::string check_name{};  ///< the temporary check's; empty: `<table>_<column>_not_null`
  friend bool operator==(const set_not_null&, const set_not_null&) = default;
};

struct create_extension {
  RETORT_DSL_INLINE ~create_extension();
  std::string name;
  std::string schema{};
  std::string version{};
  bool if_not_exists = true;
  friend bool operator==(const create_extension&, const create_extension&) = default;
};

struct drop_extension {
  RETORT_DSL_INLINE ~drop_extension();
  std::string name;
  bool if_exists = true;
  bool cascade = false;
  friend bool operator==(const drop_extension&, const drop_extension&) = default;
};

/// Raw SQL, run as written. Reversible only when the author supplies `reverse_sql`.
struct execute {
  RETORT_DSL_INLINE ~execute();
  std::string sql;
  std::optional<std::string> reverse_sql{};
  friend bool operator==(const execute&, const execute&) = default;
};

/// A value for `bulk_insert`; always sent as a query parameter, never spliced into SQL.
using value = std::variant<std::nullptr_t, bool, std::int64_t, double, std::string>;

struct bulk_insert {
  RETORT_DSL_INLINE ~bulk_insert();
  std::string table;
  std::vector<std::string> columns;
  std::vector<std::vector<value>> rows;
  std::string schema{};
  friend bool operator==(const bulk_insert&, const bulk_insert&) = default;
};

/// `COMMENT ON TABLE`; an empty `comment` removes it.
struct set_table_comment {
  RETORT_DSL_INLINE ~set_table_comment();
  std::string table;
  std::optional<std::string> comment;
  std::string schema{};
  std::optional<std::optional<std::string>> existing{};
  friend bool operator==(const set_table_comment&, const set_table_comment&) = default;
};

/// `COMMENT ON COLUMN`; an empty `comment` removes it.
struct set_column_comment {
  RETORT_DSL_INLINE ~set_column_comment();
  std::string table;
  std::string column;
  std::optional<std::string> comment;
  std::string schema{};
  std::optional<std::optional<std::string>> existing{};
  friend bool operator==(const set_column_comment&, const set_column_comment&) = default;
};

/// `CREATE SCHEMA`.
struct create_schema {
  RETORT_DSL_INLINE ~create_schema();
  std::string name;
  bool if_not_exists = false;
  friend bool operator==(const create_schema&, const create_schema&) = default;
};

struct drop_schema {
  RETORT_DSL_INLINE ~drop_schema();
  std::string name;
  bool if_exists = false;
  bool cascade = false;
  friend bool operator==(const drop_schema&, const drop_schema&) = default;
};

/// `CREATE TYPE ... AS ENUM`, its labels in order.
struct create_enum {
  RETORT_DSL_INLINE ~create_enum();
  std::string name;
  std::vector<std::string> values;
  std::string schema{};
  friend bool operator==(const create_enum&, const create_enum&) = default;
};

struct drop_enum {
  RETORT_DSL_INLINE ~drop_enum();
  std::string name;
  std::string schema{};
  bool if_exists = false;
  std::optional<std::vector<std::string>> existing{};  ///< its labels, so the drop can be reversed
  friend bool operator==(const drop_enum&, const drop_enum&) = default;
};

/// `ALTER TYPE ... ADD VALUE`. PostgreSQL cannot remove a label, so this has no reverse.
struct add_enum_value {
  RETORT_DSL_INLINE ~add_enum_value();
  std::string type;
  std::string value;
  std::string schema{};
  std::string before{};  ///< place it before this label; empty: see `after`
  std::string after{};   ///< place it after this label; both empty: at the end
  bool if_not_exists = false;
  friend bool operator==(const add_enum_value&, const add_enum_value&) = default;
};

/// A sequence as it is (or will be); unset numbers take PostgreSQL's defaults.
struct sequence_definition {
  RETORT_DSL_INLINE ~sequence_definition();
  std::string name;
  std::string schema{};
  std::optional<column_type> data_type{};  ///< smallint, integer or bigint (the default)
  std::optional<std::int64_t> start{};
  std::optional<std::int64_t> increment{};
  std::optional<std::int64_t> min_value{};
  std::optional<std::int64_t> max_value{};
  std::optional<std::int64_t> cache{};
  bool cycle = false;
  friend bool operator==(const sequence_definition&, const sequence_definition&) = default;
};

struct create_sequence {
  RETORT_DSL_INLINE ~create_sequence();
  sequence_definition sequence;
  bool if_not_exists = false;
  friend bool operator==(const create_sequence&, const create_sequence&) = default;
};

struct drop_sequence {
  RETORT_DSL_INLINE ~drop_sequence();
  std::string name;
  std::string schema{};
  bool if_exists = false;
  std::optional<sequence_definition> existing{};
  friend bool operator==(const drop_sequence&, const drop_sequence&) = default;
};

/// In a squash revision (one whose header has `.replaces`), where replaced revision `revision`
/// stands: in `upgrade()` just after its operations, in `downgrade()` just before them. A database
/// whose version table still holds `revision` runs only the operations after this point; a
/// database below the squash runs them all. Renders to no SQL, and is its own reverse.
struct squash_point {
  RETORT_DSL_INLINE ~squash_point();
  std::string revision;
  friend bool operator==(const squash_point&, const squash_point&) = default;
};

/// `ALTER TABLE table ATTACH PARTITION partition bound`: an existing table becomes a partition.
struct attach_partition {
  RETORT_DSL_INLINE ~attach_partition();
  std::string table;  ///< the partitioned table
  std::string partition;
  std::string bound;  ///< `FOR VALUES ...` or `DEFAULT`
  std::string schema{};
  std::string partition_schema{};
  friend bool operator==(const attach_partition&, const attach_partition&) = default;
};

/// `ALTER TABLE table DETACH PARTITION partition [CONCURRENTLY]`: it stays as a plain table.
/// `existing_bound` is what a downgrade attaches it with again.
struct detach_partition {
  RETORT_DSL_INLINE ~detach_partition();
  std::string table;
  std::string partition;
  std::string schema{};
  std::string partition_schema{};
  bool concurrently = false;  ///< outside a transaction: the migration is not transactional
  std::optional<std::string> existing_bound{};
  friend bool operator==(const detach_partition&, const detach_partition&) = default;
};

/// A lint waiver (`retort lint`, docs/lint.md): the operation right after it, or with
/// `whole_migration` every operation of its migration, may break lint rule `rule`, for `reason`.
/// Renders to no SQL and changes no schema; its own reverse.
struct lint_waiver {
  RETORT_DSL_INLINE ~lint_waiver();
  std::string rule;
  std::string reason;
  bool whole_migration = false;
  friend bool operator==(const lint_waiver&, const lint_waiver&) = default;
};

/// A column as a data step's C++ code expects to find it.
struct expected_column {
  RETORT_DSL_INLINE ~expected_column();
  std::string name;
  column_type type;
  bool nullable = true;
  friend bool operator==(const expected_column&, const expected_column&) = default;
};

/// A table as a data step's code expects it (the columns of a typed-row struct, frozen in the
/// migration file): checked against the database before the code runs, and against the
/// replayed schema by `retort verify`. Columns the code does not name may exist.
struct table_shape {
  RETORT_DSL_INLINE ~table_shape();
  std::string table;
  std::string schema{};
  std::string row_type{};  ///< the C++ struct, for messages
  std::vector<expected_column> columns{};
  friend bool operator==(const table_shape&, const table_shape&) = default;
};

/// C++ code run with a `retort::session` on the migration's transaction (`op::run`). It changes
/// rows, not the schema: replay and `verify` step over it, offline `--sql` refuses it.
struct data_step {
  RETORT_DSL_INLINE ~data_step();
  std::string name;  ///< what it does, for progress lines and errors
  void (*code)(session&) = nullptr;
  std::vector<table_shape> expects{};
  friend bool operator==(const data_step&, const data_step&) = default;
};

/// Updates a table's rows in batches, each in its own short transaction, in the order of a
/// unique key (`op::backfill`). Each batch commits with its progress (the last key done), so an
/// interrupted backfill continues where it stopped and no row is updated twice. A migration
/// holding one is declared `.transactional = false`.
struct backfill {
  RETORT_DSL_INLINE ~backfill();
  std::string name;  ///< what it does, for progress lines and errors
  std::string table;
  std::string schema{};
  std::string key;  ///< a column with a unique index and no NULLs
  /// SQL assignments for each row of a batch (`full_name = first_name || ' ' || last_name`);
  /// or, when empty, `each`.
  std::string set{};
  /// C++ code run for each row of a batch (all its columns), in the batch's transaction.
  void (*each)(session&, const row&) = nullptr;
  std::string where{};  ///< only rows matching this SQL condition; empty: every row
  std::int64_t batch_size = 10000;
  std::int64_t pause_ms = 0;            ///< between batches
  std::int64_t lock_timeout_ms = 2000;  ///< per batch; a batch that waits longer is retried
  int retries = 10;                     ///< per batch, after a lock timeout
  /// Stop cleanly after this long, to continue in the next `upgrade`; 0: no limit.
  std::int64_t time_limit_s = 0;
  friend bool operator==(const backfill&, const backfill&) = default;
};

}  // namespace retort::ops

namespace retort {

/// One schema change or data step.
using operation =
    std::variant<ops::create_table, ops::drop_table, ops::rename_table, ops::add_column,
                 ops::drop_column, ops::alter_column, ops::create_index, ops::drop_index,
                 ops::add_constraint, ops::drop_constraint, ops::create_extension,
                 ops::drop_extension, ops::execute, ops::bulk_insert, ops::set_table_comment,
                 ops::set_column_comment, ops::create_schema, ops::drop_schema, ops::create_enum,
                 ops::drop_enum, ops::add_enum_value, ops::create_sequence, ops::drop_sequence,
                 ops::squash_point, ops::attach_partition, ops::detach_partition, ops::lint_waiver,
                 ops::data_step, ops::backfill, ops::validate_constraint, ops::set_not_null>;

namespace detail {

/// The position of `T` among the alternatives of `Variant`, or their count when it is not one.
template <class T, class Variant>
inline constexpr std::size_t alternative_index = 0;
template <class T, class... Alternatives>
inline constexpr std::size_t alternative_index<T, std::variant<Alternatives...>> = [] {
  std::size_t index = 0;
  (void)((std::is_same_v<T, Alternatives> || (++index, false)) || ...);
  return index;
}();

/// One element of a braced list of operations, `return {op::create_table(...), ...};`: it only
/// points at the operation. Building the `operation` variants (whose copy, move and destruction
/// are instantiated for every alternative) is left to the list's constructor, which a plugin
/// compiles once rather than in every migration file.
class operation_ref {
 public:
  template <class Op, std::size_t Index = alternative_index<std::remove_cvref_t<Op>, operation>>
  requires(Index < std::variant_size_v<operation>) operation_ref(Op&& op)
  noexcept  // NOLINT: implicit on purpose
      : object_(&op),
        index_(Index),
        movable_(!std::is_lvalue_reference_v<Op> && !std::is_const_v<std::remove_reference_t<Op>>) {
  }
  operation_ref(operation&& op) noexcept  // NOLINT: implicit on purpose
      : object_(&op), index_(variant_index), movable_(true) {}
  operation_ref(const operation& op) noexcept  // NOLINT: implicit on purpose
      : object_(&op), index_(variant_index), movable_(false) {}

  /// `index()` of an `operation` that is already a variant.
  static constexpr std::size_t variant_index = std::variant_size_v<operation>;

  /// The alternative's index, or `variant_index`.
  [[nodiscard]] std::size_t index() const noexcept { return index_; }
  /// The object: an `ops::` struct of alternative `index()`, or an `operation`.
  [[nodiscard]] const void* object() const noexcept { return object_; }
  /// Whether the object is a temporary, which may be moved from.
  [[nodiscard]] bool movable() const noexcept { return movable_; }

 private:
  const void* object_;
  std::size_t index_;
  bool movable_;
};

}  // namespace detail

/// What `upgrade()` and `downgrade()` return: operations, run in order. A vector of
/// `operation`s; a braced list of them is taken in without copying the list.
class operations : public std::vector<operation> {
 public:
  RETORT_DSL_INLINE operations() noexcept;
  RETORT_DSL_INLINE operations(const operations& other);
  RETORT_DSL_INLINE operations(operations&& other) noexcept;
  RETORT_DSL_INLINE operations& operator=(const operations& other);
  RETORT_DSL_INLINE operations& operator=(operations&& other) noexcept;
  RETORT_DSL_INLINE ~operations();
  RETORT_DSL_INLINE operations(std::vector<operation> items) noexcept;  // NOLINT: implicit
  template <class Iterator>
  operations(Iterator first, Iterator last) : std::vector<operation>(first, last) {}
  /// `{op::create_table(...), op::create_index(...)}`: each operation is put in the list once
  /// (a temporary is moved, which for an `ops::` struct copies it; see above).
  RETORT_DSL_INLINE operations(std::initializer_list<detail::operation_ref> items);
  /// Adds operations at the end, as the list constructor takes them.
  RETORT_DSL_INLINE void append(std::initializer_list<detail::operation_ref> items);
  /// Adds another list's operations at the end: `ops.extend(other_upgrade())`.
  RETORT_DSL_INLINE void extend(operations more);
};

}  // namespace retort

#if !defined(RETORT_DSL_OUT_OF_LINE)
#include <retort/detail/operation_destructors.hpp>
#include <retort/detail/operations_definitions.hpp>
#endif
