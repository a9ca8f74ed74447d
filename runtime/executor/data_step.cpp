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

// Every difference between the tables and the step's structs, in words; empty when none.
std::vector<std::string> differences(pg::session& connection, const ops::data_step& step) {
  const render::postgres_dialect dialect;
  std::vector<std::string> out;
  for (const auto& shape : step.expects) {
    const auto columns = introspect::read_table_columns(connection, shape.schema, shape.table);
    for (auto& line :
         model::describe(shape, model::shape_differences(shape, columns ? &*columns : nullptr),
                         [&](const column_type& t) { return dialect.render_type(t); })) {
      out.push_back(std::move(line));
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
