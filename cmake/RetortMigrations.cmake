# retort_add_migrations(<target> SOURCES <file>... [OUTPUT_DIRECTORY <dir>])
#
# Compiles migration files into one plugin: a MODULE library that links only the header-only
# DSL, never the runtime or libpqxx, with every symbol resolved at link time.
set(RETORT_PLUGIN_ENTRY_SOURCE "${CMAKE_CURRENT_LIST_DIR}/retort_plugin_entry.cpp"
    CACHE INTERNAL "The source compiled once into every retort plugin")

function(retort_add_migrations target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_DIRECTORY" "SOURCES")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "retort_add_migrations(${target}): no SOURCES given")
  endif()
  add_library(${target} MODULE ${arg_SOURCES} "${RETORT_PLUGIN_ENTRY_SOURCE}")
  # The entry source includes Boost.DLL's alias header (header-only; nothing is linked).
  target_link_libraries(${target} PRIVATE retort::dsl Boost::headers)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  # -fno-gnu-unique: unique symbols would make dlclose a no-op and hide lifetime bugs.
  target_compile_options(${target} PRIVATE -Wall -Wextra $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  endif()
endfunction()
