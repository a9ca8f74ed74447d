#include "executor/data_step.hpp"

#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <retort/errors.hpp>
#include <retort/session.hpp>

#include "executor/data_session.hpp"
#include "introspect/table_columns.hpp"
#include "model/table_shape.hpp"
#include "printable.hpp"
#include "render/postgres_dialect.hpp"

namespace retort::executor {

namespace {

std::string table_name(const ops::table_shape& shape) {
  return shape.schema.empty() ? shape.table : shape.schema + "." + shape.table;
}

std::string struct_name(const ops::table_shape& shape) {
  return shape.row_type.empty() ? "its row struct" : shape.row_type;
}

// Every difference between the tables and the step's structs, in words; empty when none.
std::vector<std::string> differences(pg::session& connection, const ops::data_step& step) {
  const render::postgres_dialect dialect;
  std::vector<std::string> out;
  for (const auto& shape : step.expects) {
    const auto columns = introspect::read_table_columns(connection, shape.schema, shape.table);
    for (const auto& d : model::shape_differences(shape, columns ? &*columns : nullptr)) {
      using kind = model::shape_difference::kind;
      switch (d.what) {
        case kind::missing_table:
          out.push_back(fmt::format("table {} does not exist", table_name(shape)));
          break;
        case kind::missing_column:
          out.push_back(fmt::format("{} has no column {} ({} in {})", table_name(shape), d.column,
                                    dialect.render_type(d.expected), struct_name(shape)));
          break;
        case kind::other_type:
          out.push_back(fmt::format("{}.{} is {}, but {} in {}", table_name(shape), d.column,
                                    dialect.render_type(d.found), dialect.render_type(d.expected),
                                    struct_name(shape)));
          break;
        case kind::may_be_null:
          out.push_back(
              fmt::format("{}.{} may be NULL, but its member in {} is not a "
                          "std::optional",
                          table_name(shape), d.column, struct_name(shape)));
          break;
      }
    }
  }
  return out;
}

}  // namespace

void run_data_step(pg::session& connection, const ops::data_step& step) {
  const auto name = printable(step.name);
  if (auto found = differences(connection, step); !found.empty()) {
    throw database_error(
        fmt::format("data step \"{}\" was refused before its code ran: the database does not "
                    "hold the rows its structs describe: {}",
                    name, fmt::join(found, "; ")),
        "", "");
  }
  data_session session(connection);
  try {
    step.code(session);
  } catch (const database_error& e) {
    throw database_error(fmt::format("data step \"{}\": {}", name, e.what()), e.sqlstate(),
                         e.statement());
  } catch (const std::exception& e) {
    throw database_error(fmt::format("data step \"{}\" threw: {}", name, printable(e.what())), "",
                         "");
  } catch (...) {
    throw database_error(
        fmt::format("data step \"{}\" threw an exception that is not a std::exception", name), "",
        "");
  }
}

}  // namespace retort::executor
