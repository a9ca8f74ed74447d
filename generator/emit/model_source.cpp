#include "emit/model_source.hpp"

#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "emit/source_doc.hpp"

namespace retort::emit {

namespace {

using namespace detail;

constexpr int statement_indent = 2;
constexpr int chain_indent = statement_indent + continuation;

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

std::string statement(const doc& d) {
  return std::string(statement_indent, ' ') + layout(d, statement_indent, 1) + ";\n";
}

std::string table_statement(const model::table& t) {
  std::vector<doc> options;
  if (!t.schema.empty()) {
    options.push_back(field("schema", str(t.schema)));
  }
  if (t.comment) {
    options.push_back(field("comment", str(*t.comment)));
  }
  std::vector<doc> args{str(t.name)};
  if (!options.empty()) {
    args.push_back(braces(std::move(options)));
  }
  auto head = call("s.table", std::move(args));
  auto calls = chain_of(t);
  if (calls.empty()) {
    return statement(head);
  }
  std::string out = std::string(statement_indent, ' ') + layout(head, statement_indent, 0);
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

}  // namespace

std::string model_source(const model::schema& model, const model_source_options& options) {
  std::string body;
  for (const auto& name : model.schemas) {
    body += statement(call("s.named_schema", {str(name)}));
  }
  for (const auto& e : model.extensions) {
    std::vector<doc> args{str(e.name)};
    if (!e.schema.empty()) {
      args.push_back(str(e.schema));
    }
    body += statement(call("s.extension", std::move(args)));
  }
  for (const auto& e : model.enums) {
    std::vector<doc> args{str(e.name), strings(e.values)};
    if (!e.schema.empty()) {
      args.push_back(braces({field("schema", str(e.schema))}));
    }
    body += statement(call("s.enum_type", std::move(args)));
  }
  for (const auto& q : model.sequences) {
    body += statement(as_builder(sequence_call(q), "s.sequence"));
  }
  for (const auto& t : model.tables) {
    body += "\n" + table_statement(t);
  }
  if (!model.raw_objects.empty()) {
    body += "\n  // What op:: cannot express, as the SQL PostgreSQL prints for it.\n";
  }
  for (const auto& o : model.raw_objects) {
    body += statement(raw_statement(o));
  }
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
