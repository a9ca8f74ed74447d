#include <retort/reverse.hpp>

#include <retort/errors.hpp>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "render/describe.hpp"

namespace retort {

namespace {

// Each reverse mirrors Alembic's `MigrateOperation.reverse()`: what the forward operation
// removes must be carried in it (`existing`), or the reverse cannot be derived.
class reverser {
 public:
  explicit reverser(const operation& op) : op_(op) {}

  operation operator()(const ops::create_table& o) const {
    return ops::drop_table{
        .name = o.name, .schema = o.schema, .if_exists = o.if_not_exists, .existing = o};
  }

  operation operator()(const ops::drop_table& o) const {
    // Objects a CASCADE dropped with the table are not restored, as in Alembic.
    auto table = require(o.existing, "the table's definition: `op::create_table(...)`");
    table.name = o.name;
    table.schema = o.schema;
    table.if_not_exists = o.if_exists;
    return table;
  }

  operation operator()(const ops::rename_table& o) const {
    return ops::rename_table{.old_name = o.new_name, .new_name = o.old_name, .schema = o.schema};
  }

  operation operator()(const ops::add_column& o) const {
    return ops::drop_column{
        .table = o.table, .column = o.column.name, .schema = o.schema, .existing = o.column};
  }

  operation operator()(const ops::drop_column& o) const {
    auto column = require(o.existing, "the column's definition: `op::column(...)`");
    column.name = o.column;
    return ops::add_column{.table = o.table, .column = std::move(column), .schema = o.schema};
  }

  operation operator()(const ops::alter_column& o) const;

  operation operator()(const ops::create_index& o) const {
    return ops::drop_index{.name = o.index.name,
                           .schema = o.index.schema,
                           .concurrently = o.concurrently,
                           .if_exists = o.if_not_exists,
                           .existing = o.index};
  }

  operation operator()(const ops::drop_index& o) const {
    auto index = require(o.existing, "the index's definition: `op::create_index(...).index`");
    index.name = o.name;
    index.schema = o.schema;
    return ops::create_index{
        .index = std::move(index), .concurrently = o.concurrently, .if_not_exists = o.if_exists};
  }

  operation operator()(const ops::add_constraint& o) const {
    const auto& name =
        std::visit([](const auto& c) -> const std::string& { return c.name; }, o.constraint);
    if (name.empty()) {
      fail(
          "cannot reverse a constraint without a name: PostgreSQL would choose one, and the "
          "drop could not name it; give the constraint a name");
    }
    return ops::drop_constraint{
        .name = name, .table = o.table, .schema = o.schema, .existing = o.constraint};
  }

  operation operator()(const ops::drop_constraint& o) const {
    auto constraint = require(o.existing, "the constraint's definition, e.g. `op::unique(...)`");
    std::visit([&](auto& c) { c.name = o.name; }, constraint);
    return ops::add_constraint{
        .table = o.table, .constraint = std::move(constraint), .schema = o.schema};
  }

  operation operator()(const ops::create_extension& o) const {
    return ops::drop_extension{.name = o.name, .if_exists = o.if_not_exists};
  }

  operation operator()(const ops::drop_extension& o) const {
    // The schema and version it had are unknown: the reverse installs the defaults.
    return ops::create_extension{.name = o.name, .if_not_exists = o.if_exists};
  }

  operation operator()(const ops::execute& o) const {
    if (!o.reverse_sql) {
      fail("cannot reverse raw SQL without `.reverse_sql` (the SQL that undoes it)");
    }
    return ops::execute{.sql = *o.reverse_sql, .reverse_sql = o.sql};
  }

  // A squash point stays where it is relative to its revision's operations, so reversing a
  // squash's upgrade puts each point just before that revision's reversed operations.
  operation operator()(const ops::squash_point& o) const { return o; }

  operation operator()(const ops::attach_partition& o) const {
    return ops::detach_partition{.table = o.table,
                                 .partition = o.partition,
                                 .schema = o.schema,
                                 .partition_schema = o.partition_schema,
                                 .existing_bound = o.bound};
  }

  operation operator()(const ops::detach_partition& o) const {
    if (!o.existing_bound) {
      fail("cannot reverse without `.existing_bound` (the bound to attach it with again)");
    }
    return ops::attach_partition{.table = o.table,
                                 .partition = o.partition,
                                 .bound = *o.existing_bound,
                                 .schema = o.schema,
                                 .partition_schema = o.partition_schema};
  }

  // A waiver keeps its place: autogenerate's downgrade of a waived step is waived too.
  operation operator()(const ops::lint_waiver& o) const { return o; }

  // Validating a valid constraint changes nothing, and nothing un-validates one.
  operation operator()(const ops::validate_constraint& o) const { return o; }

  operation operator()(const ops::set_not_null& o) const {
    return ops::alter_column{.table = o.table,
                             .column = o.column,
                             .schema = o.schema,
                             .nullable = true,
                             .existing_nullable = false};
  }

  operation operator()(const ops::backfill&) const {
    fail("cannot reverse a backfill; give downgrade() the steps that undo it, if any");
  }

  operation operator()(const ops::data_step&) const {
    fail("cannot reverse C++ code; give downgrade() a data step of its own that undoes it");
  }

  operation operator()(const ops::bulk_insert&) const {
    fail(
        "cannot reverse inserted rows; write the downgrade yourself, e.g. `op::execute` with a "
        "DELETE");
  }

  operation operator()(const ops::set_table_comment& o) const {
    auto before = require(o.existing, "the comment it replaces, or `std::nullopt` for none");
    return ops::set_table_comment{
        .table = o.table, .comment = std::move(before), .schema = o.schema, .existing = o.comment};
  }

  operation operator()(const ops::set_column_comment& o) const {
    auto before = require(o.existing, "the comment it replaces, or `std::nullopt` for none");
    return ops::set_column_comment{.table = o.table,
                                   .column = o.column,
                                   .comment = std::move(before),
                                   .schema = o.schema,
                                   .existing = o.comment};
  }

  operation operator()(const ops::create_schema& o) const {
    return ops::drop_schema{.name = o.name, .if_exists = o.if_not_exists};
  }

  operation operator()(const ops::drop_schema& o) const {
    // Objects a CASCADE dropped with the schema are not restored.
    return ops::create_schema{.name = o.name, .if_not_exists = o.if_exists};
  }

  operation operator()(const ops::create_enum& o) const {
    return ops::drop_enum{.name = o.name, .schema = o.schema, .existing = o.values};
  }

  operation operator()(const ops::drop_enum& o) const {
    auto values = require(o.existing, "the type's labels, in order");
    return ops::create_enum{.name = o.name, .values = std::move(values), .schema = o.schema};
  }

  operation operator()(const ops::add_enum_value&) const {
    fail(
        "PostgreSQL cannot remove a label from an enum type; to undo it, create a new type "
        "without the label and convert the columns, or leave the label in place");
  }

  operation operator()(const ops::create_sequence& o) const {
    return ops::drop_sequence{.name = o.sequence.name,
                              .schema = o.sequence.schema,
                              .if_exists = o.if_not_exists,
                              .existing = o.sequence};
  }

  operation operator()(const ops::drop_sequence& o) const {
    auto sequence = require(o.existing, "the sequence's definition: `op::sequence(...)`");
    sequence.name = o.name;
    sequence.schema = o.schema;
    return ops::create_sequence{.sequence = std::move(sequence), .if_not_exists = o.if_exists};
  }

 private:
  [[noreturn]] void fail(std::string_view why) const {
    throw irreversible_operation(fmt::format("{}: {}", render::describe(op_), why));
  }

  template <typename T>
  T require(const std::optional<T>& existing, std::string_view what) const {
    if (!existing) {
      fail(fmt::format("cannot reverse without `.existing` ({})", what));
    }
    return *existing;
  }

  const operation& op_;
};

// Alembic's AlterColumnOp.reverse(): each changed property swaps with its `existing_*`; the
// unchanged `existing_*` stay, so reversing twice gives the operation back (less `USING`, which
// cannot be derived: a reverse type change relies on PostgreSQL's own cast).
operation reverser::operator()(const ops::alter_column& o) const {
  auto r = o;
  std::vector<std::string_view> missing;
  auto swap_with_existing = [&](auto& change, auto& existing, std::string_view existing_field) {
    if (!change) {
      return;
    }
    if (!existing) {
      missing.push_back(existing_field);
      return;
    }
    std::swap(change, existing);
  };
  swap_with_existing(r.type, r.existing_type, "`.existing_type`");
  swap_with_existing(r.nullable, r.existing_nullable, "`.existing_nullable`");
  swap_with_existing(r.server_default, r.existing_server_default, "`.existing_server_default`");
  swap_with_existing(r.identity, r.existing_identity, "`.existing_identity`");
  swap_with_existing(r.statistics, r.existing_statistics, "`.existing_statistics`");
  if (!missing.empty()) {
    fail(fmt::format("cannot reverse without {} (what the column had before)",
                     fmt::join(missing, " and ")));
  }
  r.using_expression.reset();
  if (o.new_name) {
    r.column = *o.new_name;
    r.new_name = o.column;
  }
  return r;
}

}  // namespace

operation reverse(const operation& op) {
  return std::visit(reverser(op), op);
}

operations reverse(const operations& sequence) {
  operations out;
  out.reserve(sequence.size());
  std::for_each(sequence.rbegin(), sequence.rend(),
                [&](const operation& op) { out.push_back(reverse(op)); });
  return out;
}

}  // namespace retort
