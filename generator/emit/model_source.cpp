#include "emit/model_source.hpp"

#include <algorithm>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "emit/source_doc.hpp"

namespace retort::emit {

namespace {

using namespace detail;

constexpr int statement_indent = 2;
// A model of many tables is declared in groups, each in a lambda called in place.
constexpr std::size_t group_size = statements_per_function;

// `op::column(...)` as the builder spells it: `.column(...)`.
doc as_builder(doc d, std::string name) {
  d.text = std::move(name);
  return d;
}

doc options_or_nothing(std::vector<doc> options) {
  return braces(std::move(options));
}

std::vector<doc> chain_of(const model::table& t) {
  std::vector<doc> calls;
  for (const auto& c : t.columns) {
    calls.push_back(as_builder(column_call(c), ".column"));
  }
  if (t.key) {
    std::vector<doc> args{strings(t.key->columns)};
    if (!t.key->name.empty()) {
      args.push_back(braces({field("name", str(t.key->name))}));
    }
    calls.push_back(call(".primary_key", std::move(args)));
  }
  for (const auto& fk : t.foreign_keys) {
    calls.push_back(as_builder(constraint_call(fk), ".foreign_key"));
  }
  for (const auto& u : t.uniques) {
    calls.push_back(as_builder(constraint_call(u), ".unique"));
  }
  for (const auto& c : t.checks) {
    calls.push_back(call(".check", {str(c.name), str(c.condition)}));
  }
  for (const auto& i : t.indexes) {
    std::vector<doc> keys;
    for (const auto& e : i.elements) {
      keys.push_back(index_key(e));
    }
    std::vector<doc> options;
    if (i.unique) {
      options.push_back(field("unique", leaf("true")));
    }
    if (!i.method.empty() && i.method != "btree") {
      options.push_back(field("method", index_method(i.method)));
    }
    if (!i.include.empty()) {
      options.push_back(field("include", strings(i.include)));
    }
    if (i.where) {
      options.push_back(field("where", str(*i.where)));
    }
    std::vector<doc> args{str(i.name), braces(std::move(keys))};
    if (!options.empty()) {
      args.push_back(braces(std::move(options)));
    }
    calls.push_back(call(".index", std::move(args)));
  }
  return calls;
}

std::string statement(const doc& d, int indent) {
  return std::string(indent, ' ') + layout(d, indent, 1) + ";\n";
}

std::string table_statement(const model::table& t, int indent) {
  std::vector<doc> options;
  if (!t.schema.empty()) {
    options.push_back(field("schema", str(t.schema)));
  }
  if (t.partition_of && !t.partition_of->schema.empty()) {
    options.push_back(field("parent_schema", str(t.partition_of->schema)));
  }
  if (t.comment) {
    options.push_back(field("comment", str(*t.comment)));
  }
  if (!t.partition_by.empty()) {
    options.push_back(field("partition_by", str(t.partition_by)));
  }
  if (!t.inherits.empty()) {
    std::vector<doc> parents;
    for (const auto& p : t.inherits) {
      std::vector<doc> fields{field("name", str(p.name))};
      if (!p.schema.empty()) {
        fields.push_back(field("schema", str(p.schema)));
      }
      parents.push_back(braces(std::move(fields)));
    }
    options.push_back(field("inherits", braces(std::move(parents))));
  }
  std::vector<doc> args{str(t.name)};
  if (t.partition_of) {
    args.push_back(str(t.partition_of->name));
    args.push_back(str(t.partition_bound));
  }
  if (!options.empty()) {
    args.push_back(braces(std::move(options)));
  }
  auto head = call(t.partition_of ? "s.partition" : "s.table", std::move(args));
  auto calls = chain_of(t);
  if (calls.empty()) {
    return statement(head, indent);
  }
  const int chain_indent = indent + continuation;
  std::string out = std::string(indent, ' ') + layout(head, indent, 0);
  for (std::size_t i = 0; i < calls.size(); ++i) {
    bool last = i + 1 == calls.size();
    out += "\n" + std::string(chain_indent, ' ') + layout(calls[i], chain_indent, last ? 1 : 0);
  }
  return out + ";\n";
}

doc raw_statement(const model::raw_object& o) {
  std::vector<doc> options;
  if (!o.schema.empty()) {
    options.push_back(field("schema", str(o.schema)));
  }
  if (!o.depends_on.empty()) {
    options.push_back(field("depends_on", strings(o.depends_on)));
  }
  if (o.after_tables) {
    options.push_back(field("after_tables", leaf("true")));
  }
  if (o.replaceable) {
    options.push_back(field("replaceable", leaf("true")));
  }
  if (!o.table.empty()) {
    options.push_back(field("table", str(o.table)));
  }
  std::vector<doc> args{str(o.kind), str(o.name), str(o.create_sql), str(o.drop_sql)};
  if (!options.empty()) {
    args.push_back(options_or_nothing(std::move(options)));
  }
  return call("s.raw", std::move(args));
}

// The statements of a group, laid out from column `indent`.
using statements = std::vector<std::function<std::string(int indent)>>;

std::string grouped(const statements& all, const std::string& heading) {
  std::string out = heading.empty() || all.empty() ? "" : "\n  // " + heading + "\n";
  if (all.size() <= group_size) {
    for (const auto& s : all) {
      out += s(statement_indent);
    }
    return out;
  }
  for (std::size_t start = 0; start < all.size(); start += group_size) {
    out += "  [&s] {\n";
    for (std::size_t i = start; i < std::min(all.size(), start + group_size); ++i) {
      out += all[i](statement_indent + 2);
    }
    out += "  }();\n";
  }
  return out;
}

}  // namespace

std::string model_source(const model::schema& model, const model_source_options& options) {
  statements types;
  for (const auto& name : model.schemas) {
    types.push_back(
        [&](int indent) { return statement(call("s.named_schema", {str(name)}), indent); });
  }
  for (const auto& e : model.extensions) {
    types.push_back([&](int indent) {
      std::vector<doc> args{str(e.name)};
      if (!e.schema.empty()) {
        args.push_back(str(e.schema));
      }
      return statement(call("s.extension", std::move(args)), indent);
    });
  }
  for (const auto& e : model.enums) {
    types.push_back([&](int indent) {
      std::vector<doc> args{str(e.name), strings(e.values)};
      if (!e.schema.empty()) {
        args.push_back(braces({field("schema", str(e.schema))}));
      }
      return statement(call("s.enum_type", std::move(args)), indent);
    });
  }
  for (const auto& q : model.sequences) {
    types.push_back(
        [&](int indent) { return statement(as_builder(sequence_call(q), "s.sequence"), indent); });
  }
  statements tables;
  for (const auto& t : model.tables) {
    tables.push_back([&](int indent) { return "\n" + table_statement(t, indent); });
  }
  statements raw;
  for (const auto& o : model.raw_objects) {
    raw.push_back([&](int indent) { return statement(raw_statement(o), indent); });
  }
  std::string body = grouped(types, "") + grouped(tables, "") +
                     grouped(raw, "What op:: cannot express, as the SQL PostgreSQL prints for it.");
  auto title = options.title.empty() ? std::string("The schema model") : options.title;
  return fmt::format(
      "// {0}\n"
      "//\n"
      "// Compile it with retort_add_model() and pass the plugin to `retort revision "
      "--autogenerate --model`.\n"
      "#include <retort/model.hpp>\n"
      "\n"
      "namespace {{\n"
      "\n"
      "retort::model::schema {1}() {{\n"
      "  using namespace retort;\n"
      "  model::schema s;\n"
      "{2}"
      "  return s;\n"
      "}}\n"
      "\n"
      "}}  // namespace\n"
      "\n"
      "RETORT_MODEL({1});\n",
      title, options.function, body);
}

}  // namespace retort::emit
