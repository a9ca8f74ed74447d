#pragma once

/// The DSL's out-of-line bodies, for the one source of a plugin that compiles them when its other
/// sources are built with `RETORT_DSL_OUT_OF_LINE` (see <retort/detail/dsl_linkage.hpp>). In a
/// header-only build the headers include these themselves.

#include <retort/detail/op_definitions.hpp>
#include <retort/detail/operation_destructors.hpp>
#include <retort/detail/operations_definitions.hpp>
