#include "emit/typed_rows.hpp"

#include <retort/errors.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <set>
#include <string_view>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "emit/source_doc.hpp"

namespace retort::emit {

namespace {

using detail::layout;

// The words a member or struct name cannot be.
constexpr std::array<std::string_view, 97> cpp_keywords = {"alignas",
                                                           "alignof",
                                                           "and",
                                                           "and_eq",
                                                           "asm",
                                                           "auto",
                                                           "bitand",
                                                           "bitor",
                                                           "bool",
                                                           "break",
                                                           "case",
                                                           "catch",
                                                           "char",
                                                           "char8_t",
                                                           "char16_t",
                                                           "char32_t",
                                                           "class",
                                                           "compl",
                                                           "concept",
                                                           "const",
                                                           "consteval",
                                                           "constexpr",
                                                           "constinit",
                                                           "const_cast",
                                                           "continue",
                                                           "co_await",
                                                           "co_return",
                                                           "co_yield",
                                                           "decltype",
                                                           "default",
                                                           "delete",
                                                           "do",
                                                           "double",
                                                           "dynamic_cast",
                                                           "else",
                                                           "enum",
                                                           "explicit",
                                                           "export",
                                                           "extern",
                                                           "false",
                                                           "float",
                                                           "for",
                                                           "friend",
                                                           "goto",
                                                           "if",
                                                           "inline",
                                                           "int",
                                                           "long",
                                                           "mutable",
                                                           "namespace",
                                                           "new",
                                                           "noexcept",
                                                           "not",
                                                           "not_eq",
                                                           "nullptr",
                                                           "operator",
                                                           "or",
                                                           "or_eq",
                                                           "private",
                                                           "protected",
                                                           "public",
                                                           "register",
                                                           "reinterpret_cast",
                                                           "requires",
                                                           "return",
                                                           "short",
                                                           "signed",
                                                           "sizeof",
                                                           "static",
                                                           "static_assert",
                                                           "static_cast",
                                                           "struct",
                                                           "switch",
                                                           "template",
                                                           "this",
                                                           "thread_local",
                                                           "throw",
                                                           "true",
                                                           "try",
                                                           "typedef",
                                                           "typeid",
                                                           "typename",
                                                           "union",
                                                           "unsigned",
                                                           "using",
                                                           "virtual",
                                                           "void",
                                                           "volatile",
                                                           "wchar_t",
                                                           "while",
                                                           "xor",
                                                           "xor_eq",
                                                           "s",
                                                           "op",
                                                           "retort",
                                                           "std",
                                                           "row"};

// A C++ identifier for a PostgreSQL name: other characters become `_`, a leading digit or a
// keyword gets one more, and names are never reused.
std::string identifier(std::string_view name, std::set<std::string>& taken) {
  std::string out;
  for (char c : name) {
    const auto u = static_cast<unsigned char>(c);
    out += std::isalnum(u) != 0 && u < 0x80 ? c : '_';
  }
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front())) != 0 ||
      std::find(cpp_keywords.begin(), cpp_keywords.end(), out) != cpp_keywords.end() ||
      out.find("__") != std::string::npos || out.front() == '_') {
    out += '_';
  }
  while (!taken.insert(out).second) {
    out += '_';
  }
  return out;
}

// The C++ type a column reads as: integers and floating point as themselves, bool, and every
// other type as its text form.
std::string member_type(const ops::column_definition& c, bool not_null) {
  std::string type = "std::string";
  if (c.type.array_dimensions == 0) {
    switch (c.type.kind) {
      case type_kind::smallint:
      case type_kind::smallserial:
        type = "std::int16_t";
        break;
      case type_kind::integer:
      case type_kind::serial:
        type = "std::int32_t";
        break;
      case type_kind::bigint:
      case type_kind::bigserial:
        type = "std::int64_t";
        break;
      case type_kind::real:
        type = "float";
        break;
      case type_kind::double_precision:
        type = "double";
        break;
      case type_kind::boolean:
        type = "bool";
        break;
      default:
        break;
    }
  }
  return not_null ? type : fmt::format("std::optional<{}>", type);
}

// A column name as SQL text: quoted unless PostgreSQL would read it unquoted as itself.
std::string sql_name(const std::string& name) {
  const bool plain =
      !name.empty() &&
      (std::islower(static_cast<unsigned char>(name.front())) != 0 || name.front() == '_') &&
      std::all_of(name.begin(), name.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return std::islower(u) != 0 || std::isdigit(u) != 0 || c == '_';
      });
  if (plain) {
    return name;
  }
  std::string out = "\"";
  for (char c : name) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

const model::table& find(const model::schema& schema, std::string_view name) {
  const auto dot = name.find('.');
  const auto schema_name = dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
  const auto table_name = dot == std::string_view::npos ? name : name.substr(dot + 1);
  for (const auto& t : schema.tables) {
    if (t.name == table_name &&
        (t.schema == schema_name || (schema_name == "public" && t.schema.empty()))) {
      return t;
    }
  }
  throw error(
      fmt::format("table {} is not in the schema the migrations build up to this "
                  "revision; name it as `table` or `schema.table`",
                  name));
}

}  // namespace

data_revision_source data_revision(const model::schema& schema,
                                   const std::vector<std::string>& tables) {
  data_revision_source out;
  out.preamble =
      "#include <retort/session.hpp>\n\n#include <cstdint>\n#include <optional>\n#include "
      "<string>\n\nnamespace {\n";
  std::set<std::string> names{"upgrade", "downgrade"};
  std::vector<std::string> variables;
  std::vector<std::string> loops;
  for (const auto& name : tables) {
    const auto& t = find(schema, name);
    const auto row = identifier(t.name + "_row", names);
    const auto variable = identifier(t.name, names);
    std::set<std::string> members;
    std::vector<std::string> key = t.key ? t.key->columns : std::vector<std::string>{};
    out.preamble += fmt::format(
        "\n// {} as it stands at this revision, frozen here: this file keeps compiling\n// "
        "whatever the table becomes later, and the step is refused if the table no longer\n// "
        "matches.\nstruct {} {{\n",
        t.schema.empty() ? t.name : t.schema + "." + t.name, row);
    std::vector<detail::doc> fields;
    for (const auto& c : t.columns) {
      const bool in_key = std::find(key.begin(), key.end(), c.name) != key.end();
      const auto member = identifier(c.name, members);
      out.preamble += fmt::format("  {} {};\n", member_type(c, in_key || !c.nullable), member);
      // Before RETORT_MIGRATION, which declares the `op` alias: the type's full name.
      auto type = detail::layout(detail::type_call(c.type), 0, 0);
      if (type.starts_with("op::")) {
        type.insert(0, "retort::");
      }
      fields.push_back(detail::call(fmt::format("retort::column<&{}::{}>", row, member),
                                    {detail::str(c.name), detail::leaf(type)}));
    }
    out.preamble += "};\n\n";
    std::vector<detail::doc> options{detail::field("row_type", detail::str(row))};
    if (!t.schema.empty()) {
      options.insert(options.begin(), detail::field("schema", detail::str(t.schema)));
    }
    if (!key.empty()) {
      options.insert(options.end() - 1, detail::field("key", detail::strings(key)));
    }
    const auto declaration = detail::call(fmt::format("const retort::table<{}> {}", row, variable),
                                          {detail::str(t.name), detail::braces(std::move(fields)),
                                           detail::braces(std::move(options))});
    auto text = layout(declaration, 0, 1);
    // A braced declaration, not a call: `name{...}`.
    const auto open = text.find('(');
    text[open] = '{';
    text[text.rfind(')')] = '}';
    out.preamble += text + ";\n";
    variables.push_back(variable);
    std::string order = "ORDER BY ";
    for (const auto& column : key) {
      order += (order.size() == 9 ? "" : ", ") + sql_name(column);
    }
    loops.push_back(fmt::format(
        "  for ({} row : s.rows({}, {})) {{\n"
        "    // Compute the new values from the row, then write them back by its key:\n"
        "    // s.update({}, row, {{\"column\", ...}});\n"
        "  }}\n",
        row, variable, layout(detail::str(key.empty() ? std::string("ORDER BY 1") : order), 0, 0),
        variable));
  }
  const auto function = identifier("migrate_rows", names);
  out.preamble += fmt::format(
      "\n// The data step: reads and writes the rows of {}.\nvoid {}(retort::session& s) {{\n",
      fmt::join(tables, ", "), function);
  for (const auto& loop : loops) {
    out.preamble += loop;
  }
  out.preamble += "}\n\n}  // namespace\n";
  out.upgrades =
      "  " +
      layout(detail::call("return {op::run",
                          {detail::str("TODO: say what this step does"), detail::leaf(function),
                           detail::braces({detail::field("expects", detail::braces([&] {
                                                           std::vector<detail::doc> items;
                                                           for (const auto& v : variables) {
                                                             items.push_back(detail::leaf(v));
                                                           }
                                                           return items;
                                                         }()))})}),
             2, 2) +
      "};";
  out.downgrades =
      "  // A data step has no automatic reverse: undo it with a data step of its own, or leave\n"
      "  // the data as it is.\n  return {};";
  return out;
}

}  // namespace retort::emit
