// Compiled into every model plugin exactly once by retort_add_model(): the DSL code that the
// model's sources only declare (they are built with RETORT_DSL_OUT_OF_LINE).
#include <retort/detail/dsl_definitions.hpp>
