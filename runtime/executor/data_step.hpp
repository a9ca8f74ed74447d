#pragma once

#include <retort/operations.hpp>

#include "pg/session.hpp"

namespace retort::executor {

/// Runs a data step on `connection`'s open transaction: first checks that the tables it expects
/// have the columns of its typed rows, then calls its code with a `retort::session`. Whatever
/// stops it (a table that changed, a failing statement, an exception from the code) is thrown as
/// `database_error` naming the step, for the caller to roll back and report.
void run_data_step(pg::session& connection, const ops::data_step& step);

}  // namespace retort::executor
