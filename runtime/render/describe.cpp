#include "render/describe.hpp"

#include <fmt/format.h>

namespace retort::render {

namespace {

// Raw SQL can be long; its first line, cut short, is enough to find it in the migration. (A NUL
// ends it too: it would end the message.)
std::string excerpt(std::string_view sql) {
  constexpr std::size_t max_bytes = 60;
  constexpr std::string_view line_ends("\n\r\0", 3);
  auto line = sql.substr(0, sql.find_first_of(line_ends));
  bool cut = line.size() < sql.size() || line.size() > max_bytes;
  if (line.size() > max_bytes) {
    auto end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0U) == 0x80U) {
      --end;  // not inside a UTF-8 sequence
    }
    line = line.substr(0, end);
  }
  return cut ? fmt::format("{}...", line) : std::string(line);
}

std::string_view constraint_name(const ops::constraint_definition& c) {
  return std::visit([](const auto& definition) -> std::string_view { return definition.name; }, c);
}

struct describer {
  std::string operator()(const ops::create_table& o) const {
    return fmt::format("create_table {}", dotted(o.schema, o.name));
  }
  std::string operator()(const ops::drop_table& o) const {
    return fmt::format("drop_table {}", dotted(o.schema, o.name));
  }
  std::string operator()(const ops::rename_table& o) const {
    return fmt::format("rename_table {} to {}", dotted(o.schema, o.old_name), o.new_name);
  }
  std::string operator()(const ops::add_column& o) const {
    return fmt::format("add_column {}.{}", dotted(o.schema, o.table), o.column.name);
  }
  std::string operator()(const ops::drop_column& o) const {
    return fmt::format("drop_column {}.{}", dotted(o.schema, o.table), o.column);
  }
  std::string operator()(const ops::alter_column& o) const {
    return fmt::format("alter_column {}.{}", dotted(o.schema, o.table), o.column);
  }
  std::string operator()(const ops::create_index& o) const {
    return fmt::format("create_index {} on {}", o.index.name,
                       dotted(o.index.schema, o.index.table));
  }
  std::string operator()(const ops::drop_index& o) const {
    return fmt::format("drop_index {}", dotted(o.schema, o.name));
  }
  std::string operator()(const ops::add_constraint& o) const {
    auto name = constraint_name(o.constraint);
    return fmt::format("add_constraint {} on {}", name.empty() ? "(unnamed)" : name,
                       dotted(o.schema, o.table));
  }
  std::string operator()(const ops::drop_constraint& o) const {
    return fmt::format("drop_constraint {} on {}", o.name, dotted(o.schema, o.table));
  }
  std::string operator()(const ops::create_extension& o) const {
    return fmt::format("create_extension {}", o.name);
  }
  std::string operator()(const ops::drop_extension& o) const {
    return fmt::format("drop_extension {}", o.name);
  }
  std::string operator()(const ops::execute& o) const {
    return fmt::format("execute `{}`", excerpt(o.sql));
  }
  std::string operator()(const ops::data_step& o) const {
    return fmt::format("run \"{}\"", excerpt(o.name));
  }
  std::string operator()(const ops::validate_constraint& o) const {
    return fmt::format("validate_constraint {} on {}", o.name, dotted(o.schema, o.table));
  }
  std::string operator()(const ops::set_not_null& o) const {
    return fmt::format("set_not_null {}.{}", dotted(o.schema, o.table), o.column);
  }
  std::string operator()(const ops::backfill& o) const {
    return fmt::format("backfill \"{}\" of {}", excerpt(o.name), dotted(o.schema, o.table));
  }
  std::string operator()(const ops::lint_waiver& o) const {
    return fmt::format("{} {}", o.whole_migration ? "waive_all" : "waive", o.rule);
  }
  std::string operator()(const ops::attach_partition& o) const {
    return fmt::format("attach_partition {} to {}", dotted(o.partition_schema, o.partition),
                       dotted(o.schema, o.table));
  }
  std::string operator()(const ops::detach_partition& o) const {
    return fmt::format("detach_partition {} from {}", dotted(o.partition_schema, o.partition),
                       dotted(o.schema, o.table));
  }
  std::string operator()(const ops::squash_point& o) const {
    return fmt::format("squash_point {}", o.revision);
  }
  std::string operator()(const ops::bulk_insert& o) const {
    return fmt::format("bulk_insert into {}", dotted(o.schema, o.table));
  }
  std::string operator()(const ops::set_table_comment& o) const {
    return fmt::format("set_table_comment {}", dotted(o.schema, o.table));
  }
  std::string operator()(const ops::set_column_comment& o) const {
    return fmt::format("set_column_comment {}.{}", dotted(o.schema, o.table), o.column);
  }
  std::string operator()(const ops::create_schema& o) const {
    return fmt::format("create_schema {}", o.name);
  }
  std::string operator()(const ops::drop_schema& o) const {
    return fmt::format("drop_schema {}", o.name);
  }
  std::string operator()(const ops::create_enum& o) const {
    return fmt::format("create_enum {}", dotted(o.schema, o.name));
  }
  std::string operator()(const ops::drop_enum& o) const {
    return fmt::format("drop_enum {}", dotted(o.schema, o.name));
  }
  std::string operator()(const ops::add_enum_value& o) const {
    return fmt::format("add_enum_value {} to {}", o.value, dotted(o.schema, o.type));
  }
  std::string operator()(const ops::create_sequence& o) const {
    return fmt::format("create_sequence {}", dotted(o.sequence.schema, o.sequence.name));
  }
  std::string operator()(const ops::drop_sequence& o) const {
    return fmt::format("drop_sequence {}", dotted(o.schema, o.name));
  }
};

}  // namespace

std::string dotted(std::string_view schema, std::string_view name) {
  return schema.empty() ? std::string(name) : fmt::format("{}.{}", schema, name);
}

std::string describe(const operation& op) {
  return std::visit(describer{}, op);
}

char change_sign(std::string_view description) {
  auto kind = description.substr(0, description.find(' '));
  if (kind.starts_with("create_") || kind.starts_with("add_") || kind == "bulk_insert") {
    return '+';
  }
  return kind.starts_with("drop_") ? '-' : '~';
}

}  // namespace retort::render
