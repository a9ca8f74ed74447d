#pragma once

/// Where the DSL's function bodies are compiled.
///
/// By default the DSL is header-only: every function is `inline` and defined in its header. A
/// migration or model plugin built by `retort_add_migrations()` / `retort_add_model()` defines
/// `RETORT_DSL_OUT_OF_LINE` instead: its migration files then see only declarations, and the
/// plugin's entry source compiles the bodies and the DSL's templates once for the whole plugin
/// (<retort/detail/dsl_definitions.hpp>), so that a migration file instantiates and emits almost
/// nothing of its own. (fmt's `FMT_HEADER_ONLY` and its `-inl.h` headers make the same split.)
#if defined(RETORT_DSL_OUT_OF_LINE)
#define RETORT_DSL_INLINE
#else
#define RETORT_DSL_INLINE inline
#endif
