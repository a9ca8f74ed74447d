#pragma once

/// What a data step's code (`op::run`) works with: a session on the migration's transaction,
/// rows read as C++ types, and tables of typed rows. Include it in migration files that move
/// data; the runtime implements the session, so a plugin links nothing of the database client.

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <type_traits>
#include <utility>
#include <vector>

#include <retort/errors.hpp>
#include <retort/identifier.hpp>
#include <retort/operations.hpp>

namespace retort {

/// A statement parameter: sent apart from the SQL text (`$1`, `$2`, ...), never spliced into it.
using param = ops::value;

/// A value the code reads that does not fit the C++ type it reads it as, a query that does not
/// return what the code expects, or a typed-row struct that does not match its table.
class data_error : public error {
 public:
  using error::error;
};

// --- Reading fields as C++ types ---------------------------------------------------------------

/// How a column's text form becomes a `T`. Specialise it to read a type of your own:
/// `name` (for messages), `accepts(type)` (the PostgreSQL types it reads, as `format_type`
/// names them) and `parse(text, out)` (false when the text is not a `T`).
template <class T>
struct field_type;

template <>
struct field_type<bool> {
  static constexpr std::string_view name = "bool";
  static bool accepts(std::string_view type) { return type == "boolean"; }
  static bool parse(std::string_view text, bool& out) {
    out = text == "t";
    return text == "t" || text == "f";
  }
};

template <class T>
requires(std::is_integral_v<T>&& std::is_signed_v<T> &&
         !std::is_same_v<T, char>) struct field_type<T> {
  static constexpr std::string_view name = sizeof(T) == 2   ? "std::int16_t"
                                           : sizeof(T) == 4 ? "std::int32_t"
                                           : sizeof(T) == 8 ? "std::int64_t"
                                                            : "a signed integer";
  static bool accepts(std::string_view type) {
    return type == "smallint" || type == "integer" || type == "bigint";
  }
  static bool parse(std::string_view text, T& out) {
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
  }
};

template <class T>
requires std::is_floating_point_v<T>
struct field_type<T> {
  static constexpr std::string_view name = sizeof(T) == sizeof(float) ? "float" : "double";
  static bool accepts(std::string_view type) {
    return type == "double precision" || type == "real" || type == "numeric" ||
           type == "smallint" || type == "integer" || type == "bigint";
  }
  static bool parse(std::string_view text, T& out) {
    // from_chars reads PostgreSQL's `Infinity`, `-Infinity` and `NaN`, whatever the locale.
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), out);
    return error == std::errc{} && end == text.data() + text.size();
  }
};

/// Any column reads as its text form, as PostgreSQL prints it.
template <>
struct field_type<std::string> {
  static constexpr std::string_view name = "std::string";
  static bool accepts(std::string_view /*type*/) { return true; }
  static bool parse(std::string_view text, std::string& out) {
    out.assign(text);
    return true;
  }
};

// --- Rows ---------------------------------------------------------------------------------------

/// The rows of a query, fetched by the runtime a page at a time. Implemented by the runtime.
class row_source {
 public:
  virtual ~row_source() = default;
  /// Moves to the next row; false after the last.
  virtual bool next() = 0;
  [[nodiscard]] virtual std::size_t size() const = 0;
  [[nodiscard]] virtual std::string_view column_name(std::size_t column) const = 0;
  /// The column's type as `format_type` names it: `bigint`, `text`, `character varying(20)`.
  [[nodiscard]] virtual std::string_view column_type(std::size_t column) const = 0;
  /// The field's text form in the current row; empty for NULL.
  [[nodiscard]] virtual std::optional<std::string_view> text(std::size_t column) const = 0;
  /// The current row's number, from 1.
  [[nodiscard]] virtual std::size_t row_number() const = 0;
};

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct without_optional {
  using type = T;
};
template <class T>
struct without_optional<std::optional<T>> {
  using type = T;
};

inline std::string quoted_name(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + '"';
}

}  // namespace detail

/// The current row of a `row_stream`: valid until the stream moves on.
class row {
 public:
  /// `key` names the columns that identify a row in messages; empty: the first column.
  row(const row_source& source, std::span<const std::string> key) noexcept
      : source_(&source), key_(key) {}

  [[nodiscard]] std::size_t size() const { return source_->size(); }
  [[nodiscard]] std::string_view column_name(std::size_t column) const {
    return source_->column_name(column);
  }
  /// The position of `column`; throws `data_error` naming the columns there are.
  [[nodiscard]] std::size_t index_of(std::string_view column) const {
    for (std::size_t i = 0; i < size(); ++i) {
      if (column_name(i) == column) {
        return i;
      }
    }
    std::string names;
    for (std::size_t i = 0; i < size(); ++i) {
      names += (i == 0 ? "" : ", ") + std::string(column_name(i));
    }
    throw data_error("the query has no column \"" + std::string(column) + "\"; it has " +
                     (names.empty() ? std::string("none") : names));
  }
  [[nodiscard]] bool is_null(std::string_view column) const {
    return !source_->text(index_of(column)).has_value();
  }

  /// The field as a `T` (`std::optional<U>` for a column that may be NULL); a type that does
  /// not fit throws `data_error` naming the column, the row and both types.
  template <class T>
  [[nodiscard]] T get(std::string_view column) const {
    return get<T>(index_of(column));
  }
  template <class T>
  [[nodiscard]] T get(std::size_t column) const {
    using value_type = typename detail::without_optional<T>::type;
    using reader = field_type<value_type>;
    const auto type = source_->column_type(column);
    if (!reader::accepts(type)) {
      throw data_error(where(column) + " is " + std::string(type) + ", which does not read as " +
                       std::string(reader::name) +
                       " (read it as std::string, or cast it in the query)");
    }
    const auto text = source_->text(column);
    if (!text) {
      if constexpr (detail::is_optional<T>::value) {
        return std::nullopt;
      } else {
        throw data_error(where(column) + " is NULL; read it as std::optional<" +
                         std::string(reader::name) + ">");
      }
    } else {
      value_type out{};
      if (!reader::parse(*text, out)) {
        throw data_error(where(column) + " (" + std::string(type) + ") holds \"" +
                         std::string(*text) + "\", which is not a " + std::string(reader::name));
      }
      return out;
    }
  }

 private:
  // `column "name" of row 17 (id = 5)`.
  [[nodiscard]] std::string where(std::size_t column) const {
    std::string key;
    auto describe = [&](std::size_t index) {
      const auto value = source_->text(index);
      key += (key.empty() ? "" : ", ") + std::string(column_name(index)) + " = " +
             (value ? std::string(*value) : std::string("NULL"));
    };
    if (key_.empty()) {
      if (size() > 0) {
        describe(0);
      }
    } else {
      for (const auto& name : key_) {
        for (std::size_t i = 0; i < size(); ++i) {
          if (column_name(i) == name) {
            describe(i);
          }
        }
      }
    }
    return "column \"" + std::string(column_name(column)) + "\" of row " +
           std::to_string(source_->row_number()) + (key.empty() ? "" : " (" + key + ")");
  }

  const row_source* source_;
  std::span<const std::string> key_;
};

/// The rows of a query, read once from first to last: `for (const retort::row& r : stream)`.
/// Rows are fetched a page at a time, so a stream over a large table holds little memory.
class row_stream {
 public:
  class iterator {
   public:
    using value_type = row;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(row_stream& stream) noexcept : stream_(&stream) {}
    const row& operator*() const noexcept { return stream_->current_; }
    const row* operator->() const noexcept { return &stream_->current_; }
    iterator& operator++() {
      stream_->advance();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return it.at_end();
    }

   private:
    [[nodiscard]] bool at_end() const noexcept { return stream_ == nullptr || stream_->done_; }

    row_stream* stream_ = nullptr;
  };

  row_stream(std::unique_ptr<row_source> source, std::vector<std::string> key = {})
      : source_(std::move(source)), key_(std::move(key)), current_(*source_, key_) {}
  row_stream(row_stream&& other) noexcept
      : source_(std::move(other.source_)),
        key_(std::move(other.key_)),
        current_(*source_, key_),
        started_(other.started_),
        done_(other.done_) {}
  row_stream& operator=(row_stream&&) = delete;

  /// Fetches the first row; a stream is read once.
  iterator begin() {
    if (started_) {
      throw data_error("a row_stream is read once; run the query again to read it again");
    }
    started_ = true;
    advance();
    return iterator(*this);
  }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  void advance() { done_ = !source_->next(); }

  std::unique_ptr<row_source> source_;
  std::vector<std::string> key_;
  row current_;
  bool started_ = false;
  bool done_ = false;
};

// --- Parameters ---------------------------------------------------------------------------------

namespace detail {

template <class T>
inline constexpr bool dependent_false = false;

template <class T>
param to_param(const T& value) {
  if constexpr (std::is_same_v<T, param>) {
    return value;
  } else if constexpr (std::is_same_v<T, std::nullptr_t> || std::is_same_v<T, std::nullopt_t>) {
    return nullptr;
  } else if constexpr (std::is_same_v<T, bool>) {
    return value;
  } else if constexpr (std::is_same_v<T, char>) {
    static_assert(dependent_false<T>, "retort: pass a char as a std::string, or cast it to int");
  } else if constexpr (std::is_integral_v<T>) {
    if constexpr (std::is_unsigned_v<T> && sizeof(T) >= sizeof(std::int64_t)) {
      if (value > static_cast<T>(INT64_MAX)) {
        throw data_error("parameter " + std::to_string(value) + " does not fit in a bigint");
      }
    }
    return static_cast<std::int64_t>(value);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<double>(value);
  } else if constexpr (std::is_convertible_v<const T&, std::string_view>) {
    return std::string(std::string_view(value));
  } else if constexpr (is_optional<T>::value) {
    return value ? to_param(*value) : param(nullptr);
  } else {
    static_assert(
        dependent_false<T>,
        "retort: a parameter is a number, bool, string, nullptr, or std::optional of one");
  }
}

}  // namespace detail

// --- Typed rows ---------------------------------------------------------------------------------

/// One member of a typed-row struct and the column it holds; `retort::column<&Row::member>`.
template <class Row>
struct field {
  std::string name;
  column_type type;
  bool nullable = true;
  void (*read)(Row& into, const row& from, std::size_t column) = nullptr;
  param (*write)(const Row& from) = nullptr;
};

namespace detail {
template <class Member>
struct member_pointer;
template <class Owner, class Value>
struct member_pointer<Value Owner::*> {
  using owner = Owner;
  using value = Value;
};
}  // namespace detail

/// The member `Member` of a typed-row struct holds column `name` of type `type`; it is nullable
/// when the member is a `std::optional`.
template <auto Member>
auto column(std::string name, column_type type) {
  using traits = detail::member_pointer<decltype(Member)>;
  using owner = typename traits::owner;
  using value = typename traits::value;
  check_identifier(name);
  return field<owner>{
      .name = std::move(name),
      .type = std::move(type),
      .nullable = detail::is_optional<value>::value,
      .read = [](owner& into, const row& from,
                 std::size_t index) { into.*Member = from.template get<value>(index); },
      .write = [](const owner& from) { return detail::to_param(from.*Member); }};
}

struct table_options {
  std::string schema{};
  /// The columns that identify a row, for `update` and in messages; empty: the first field.
  std::vector<std::string> key{};
  std::string row_type{};  ///< the struct's name, for messages
};

/// A table read and written as `Row` structs: the fields are the columns the code relies on,
/// checked against the database before the data step runs (list the table in
/// `op::run_options::expects`).
template <class Row>
class table {
 public:
  table(std::string name, std::initializer_list<field<Row>> fields, table_options options = {})
      : name_(std::move(name)), fields_(fields), options_(std::move(options)) {
    check_identifier(name_);
    if (!options_.schema.empty()) {
      check_identifier(options_.schema);
    }
    if (options_.key.empty() && !fields_.empty()) {
      options_.key.push_back(fields_.front().name);
    }
    for (const auto& key : options_.key) {
      (void)field_named(key);
    }
  }

  [[nodiscard]] const std::string& name() const noexcept { return name_; }
  [[nodiscard]] const std::vector<field<Row>>& fields() const noexcept { return fields_; }
  [[nodiscard]] const std::vector<std::string>& key() const noexcept { return options_.key; }

  /// What `op::run_options::expects` checks.
  operator ops::table_shape() const {  // NOLINT: implicit on purpose
    ops::table_shape shape{
        .table = name_, .schema = options_.schema, .row_type = options_.row_type};
    for (const auto& f : fields_) {
      shape.columns.push_back({.name = f.name, .type = f.type, .nullable = f.nullable});
    }
    return shape;
  }

  /// The table's name, quoted and qualified.
  [[nodiscard]] std::string qualified_name() const {
    return (options_.schema.empty() ? "" : detail::quoted_name(options_.schema) + ".") +
           detail::quoted_name(name_);
  }

  /// The fields of `from`, found by column name, as a `Row`.
  [[nodiscard]] Row read(const row& from) const {
    Row out{};
    for (const auto& f : fields_) {
      f.read(out, from, from.index_of(f.name));
    }
    return out;
  }

  [[nodiscard]] const field<Row>& field_named(std::string_view column) const {
    for (const auto& f : fields_) {
      if (f.name == column) {
        return f;
      }
    }
    throw data_error("table " + name_ + " has no field \"" + std::string(column) + "\" in " +
                     (options_.row_type.empty() ? "its row struct" : options_.row_type));
  }

 private:
  std::string name_;
  std::vector<field<Row>> fields_;
  table_options options_;
};

/// The rows of a `table<Row>` as structs, read once from first to last.
template <class Row>
class typed_rows {
 public:
  class iterator {
   public:
    using value_type = Row;
    using difference_type = std::ptrdiff_t;
    iterator() = default;
    explicit iterator(typed_rows& rows) noexcept : rows_(&rows) {}
    const Row& operator*() const noexcept { return rows_->current_; }
    const Row* operator->() const noexcept { return &rows_->current_; }
    iterator& operator++() {
      rows_->advance();
      return *this;
    }
    void operator++(int) { ++*this; }
    friend bool operator==(const iterator& it, std::default_sentinel_t) noexcept {
      return it.at_end();
    }

   private:
    [[nodiscard]] bool at_end() const noexcept {
      return rows_ == nullptr || rows_->at_ == std::default_sentinel;
    }

    typed_rows* rows_ = nullptr;
  };

  typed_rows(const table<Row>& table, row_stream stream)
      : table_(&table), stream_(std::move(stream)) {}

  iterator begin() {
    at_ = stream_.begin();
    load();
    return iterator(*this);
  }
  std::default_sentinel_t end() const noexcept { return {}; }

 private:
  void advance() {
    ++at_;
    load();
  }
  void load() {
    if (at_ != std::default_sentinel) {
      const auto& fields = table_->fields();
      for (std::size_t i = 0; i < fields.size(); ++i) {
        fields[i].read(current_, *at_, i);
      }
    }
  }

  const table<Row>* table_;
  row_stream stream_;
  row_stream::iterator at_{};
  Row current_{};
};

// --- The session --------------------------------------------------------------------------------

/// A data step's connection, on the migration's transaction: what the code does commits or
/// rolls back with the migration. Statements that would end that transaction are refused.
class session {
 public:
  virtual ~session() = default;

  /// Runs one statement with parameters `$1`, `$2`, ...; returns the rows it changed.
  template <class... Params>
  std::int64_t execute(std::string_view sql, const Params&... params) {
    const param values[] = {param(nullptr), detail::to_param(params)...};
    return execute_with(sql, std::span<const param>(values).subspan(1));
  }

  /// The rows of a query with parameters, fetched a page at a time as the code reads them.
  template <class... Params>
  row_stream query(std::string_view sql, const Params&... params) {
    const param values[] = {param(nullptr), detail::to_param(params)...};
    return row_stream(query_with(sql, std::span<const param>(values).subspan(1)));
  }

  /// The one value of a query that returns one row of one column, as a `T`.
  template <class T, class... Params>
  T query_value(std::string_view sql, const Params&... params) {
    auto rows = query(sql, params...);
    auto it = rows.begin();
    if (it == std::default_sentinel) {
      throw data_error("`" + std::string(sql) + "` returned no row; one was expected");
    }
    if (it->size() != 1) {
      throw data_error("`" + std::string(sql) + "` returned " + std::to_string(it->size()) +
                       " columns; one was expected");
    }
    T value = it->template get<T>(std::size_t{0});
    if (++it != std::default_sentinel) {
      throw data_error("`" + std::string(sql) + "` returned more than one row; one was expected");
    }
    return value;
  }

  /// The rows of `table` as structs; `rest` follows `FROM table` (`WHERE ... ORDER BY ...`)
  /// with its own parameters.
  template <class Row, class... Params>
  typed_rows<Row> rows(const table<Row>& table, std::string_view rest = {},
                       const Params&... params) {
    std::string sql = "SELECT ";
    bool first = true;
    for (const auto& f : table.fields()) {
      sql += (first ? "" : ", ") + detail::quoted_name(f.name);
      first = false;
    }
    sql += " FROM " + table.qualified_name();
    if (!rest.empty()) {
      sql += ' ';
      sql += rest;
    }
    const param values[] = {param(nullptr), detail::to_param(params)...};
    return typed_rows<Row>(
        table, row_stream(query_with(sql, std::span<const param>(values).subspan(1)), table.key()));
  }

  /// Writes `columns` of `row` to the table's row with the same key; returns the rows changed.
  template <class Row>
  std::int64_t update(const table<Row>& table, const Row& row,
                      std::initializer_list<std::string_view> columns) {
    std::vector<param> values;
    std::string sql = "UPDATE " + table.qualified_name() + " SET ";
    for (const auto column : columns) {
      values.push_back(table.field_named(column).write(row));
      sql += (values.size() == 1 ? "" : ", ") + detail::quoted_name(column) + " = $" +
             std::to_string(values.size());
    }
    if (values.empty()) {
      throw data_error("an update of table " + table.name() + " names no column to write");
    }
    sql += " WHERE ";
    bool first = true;
    for (const auto& key : table.key()) {
      values.push_back(table.field_named(key).write(row));
      sql += (first ? "" : " AND ") + detail::quoted_name(key) + " = $" +
             std::to_string(values.size());
      first = false;
    }
    return execute_with(sql, values);
  }

  /// Inserts `row` with every field.
  template <class Row>
  std::int64_t insert(const table<Row>& table, const Row& row) {
    std::vector<param> values;
    std::string sql = "INSERT INTO " + table.qualified_name() + " (";
    std::string placeholders;
    for (const auto& f : table.fields()) {
      values.push_back(f.write(row));
      sql += (values.size() == 1 ? "" : ", ") + detail::quoted_name(f.name);
      placeholders += (values.size() == 1 ? "$" : ", $") + std::to_string(values.size());
    }
    return execute_with(sql + ") VALUES (" + placeholders + ")", values);
  }

  /// `execute` with parameters in a sequence built at run time.
  virtual std::int64_t execute_with(std::string_view sql, std::span<const param> params) = 0;
  /// `query` with parameters in a sequence built at run time.
  virtual std::unique_ptr<row_source> query_with(std::string_view sql,
                                                 std::span<const param> params) = 0;
};

}  // namespace retort
