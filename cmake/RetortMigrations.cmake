# retort_add_migrations(<target> SOURCES <file>... [OUTPUT_DIRECTORY <dir>]
#                       [SINGLE_HEAD] [HISTORY_WITH <target>...] [NO_GRAPH_CHECK] [VERIFY] [LINT]
#                       [NO_PRECOMPILED_HEADER] [OPTIMIZATION <flags>...]
#                       [UNITY_BATCH_SIZE <n>])
#
# Compiles migration files into one plugin: a MODULE library that links only the header-only
# DSL, never the runtime or libpqxx, with every symbol resolved at link time.
#
# Before compiling, `retort check-sources` reads the files as `retort revision` does and fails
# the build, naming the file, on an unreadable RETORT_MIGRATION header, a duplicate id, a
# missing parent or a cycle; with SINGLE_HEAD also on a second head. The files of one call are
# one history, unless HISTORY_WITH names other plugin targets whose revisions it builds on or
# shares a plugin directory with: then their files are checked together. NO_GRAPH_CHECK skips
# the check (for plugins that are broken on purpose).
#
# The build also records each migration's source checksum in the plugin: `retort
# source-checksums` reads every file (its revision from its header, the SHA-256 of its text with
# a UTF-8 BOM removed and CRLF turned into LF) and writes a translation unit of checksum records
# (<retort/detail/metadata_record.hpp>) that is linked into the plugin. The runtime records the
# checksum when a migration is applied and refuses to run when an applied one changed. The same
# program computes it everywhere, so the build and `retort source-checksums FILE` always agree.
# This step needs the `retort` program (target retort::retort) and runs even with NO_GRAPH_CHECK.
#
# With VERIFY, once the plugin is linked, `retort verify` replays its migrations (and those of the
# HISTORY_WITH targets) on the schema model, as part of the ALL target: an operation on an object
# that does not exist at that point, one created twice, or a downgrade() that does not restore its
# parent's schema fails the build, naming the file, the revision and the operation. Its stamp is
# written only when verify passes, so every later build fails again until the migration is fixed.
#
# With LINT, `retort lint` reads the plugin's migrations (and those of the HISTORY_WITH targets)
# the same way: an error-level finding (an index built without CONCURRENTLY on an existing
# table, a constraint validated under lock, ...; docs/lint.md) fails the build, naming the rule,
# the file, the revision and the operation, until the migration is fixed or says why the rule
# does not apply (`op::waive(rule, reason)`). The project's retort.toml, if its source directory
# has one, sets the rules' levels ([lint]).
#
# Compile cost. A plugin's migration files are built with RETORT_DSL_OUT_OF_LINE: they see the
# DSL's declarations only, and the plugin's entry source compiles its code once for the whole
# plugin (<retort/detail/dsl_linkage.hpp>). On top of that, unless the project says otherwise:
# - <retort/migration.hpp> is a precompiled header, parsed once rather than once a file, and
#   shared by the plugins of a directory that are compiled alike: NO_PRECOMPILED_HEADER, or
#   RETORT_PRECOMPILE_HEADERS=OFF for every plugin, turns it off;
# - migration files are compiled at ${RETORT_MIGRATION_OPTIMIZATION} (they run once, and their
#   time goes into building operations, not running them): OPTIMIZATION <flags> sets other flags
#   for one plugin, and an empty RETORT_MIGRATION_OPTIMIZATION keeps the build type's flags;
# - in a RelWithDebInfo build, their debug information is RETORT_MIGRATION_DEBUG_INFO (-g1): line
#   tables only, so backtraces still name files and lines, at two thirds of the cost of full
#   information. An empty RETORT_MIGRATION_DEBUG_INFO keeps the build type's, and so does a Debug
#   build, where a debugger is expected. OPTIMIZATION flags come after it: `OPTIMIZATION -O0 -g`
#   gives one plugin full information.
# - the DSL's code, which the entry source compiles once for the plugins built alike, is compiled
#   at RETORT_DSL_OPTIMIZATION (-O2; optimization flags only: the code links with the migration
#   files) and without the precompiled header, after the plugin's own
#   flags: every operation a migration builds passes through it, and at -O0 running the plugins'
#   upgrade() functions took a third of `upgrade --sql` on a long history. An empty
#   RETORT_DSL_OPTIMIZATION compiles it like the migration files.
# - with UNITY_BATCH_SIZE <n> (or RETORT_UNITY_BATCH_SIZE, or CMake's CMAKE_UNITY_BUILD with its
#   CMAKE_UNITY_BUILD_BATCH_SIZE), n migration files are compiled as one translation unit, each
#   inside a namespace of its own (RetortUnitySource.cmake), which shares the compiler's start-up
#   and the DSL's instantiations between them. Every file keeps its own checksum, graph check,
#   metadata and error locations. The #include lines of the files are hoisted to the top of the
#   unit, so a header that is included only under an #if is included there unconditionally.
#   CMake's own unity build cannot combine migrations (they all define upgrade()), so it is off
#   for plugin targets.
# retort_add_model() takes NO_PRECOMPILED_HEADER and OPTIMIZATION too.
set(RETORT_PLUGIN_ENTRY_SOURCE "${CMAKE_CURRENT_LIST_DIR}/retort_plugin_entry.cpp"
    CACHE INTERNAL "The source compiled once into every retort plugin")
set(RETORT_MODEL_ENTRY_SOURCE "${CMAKE_CURRENT_LIST_DIR}/retort_model_entry.cpp"
    CACHE INTERNAL "The source compiled once into every retort model plugin")
option(RETORT_PRECOMPILE_HEADERS "Precompile the DSL header of migration and model plugins" ON)
set(RETORT_UNITY_BATCH_SIZE 0 CACHE STRING
    "Migration files per translation unit in plugins; 0 follows CMAKE_UNITY_BUILD")
set(RETORT_UNITY_SCRIPT "${CMAKE_CURRENT_LIST_DIR}/RetortUnitySource.cmake"
    CACHE INTERNAL "Writes a translation unit of several migration files")
set(RETORT_MIGRATION_OPTIMIZATION "-O0" CACHE STRING
    "Optimization flags for migration and model plugins; empty keeps the build type's")
set(RETORT_DSL_OPTIMIZATION "-O2" CACHE STRING
    "Optimization flags of the DSL code a plugin compiles once (its entry source); empty keeps the plugin's")
set(RETORT_MIGRATION_DEBUG_INFO "-g1" CACHE STRING
    "Debug information of migration and model plugins in RelWithDebInfo builds; empty keeps the build type's")

function(retort_add_migrations target)
  cmake_parse_arguments(PARSE_ARGV 1 arg
                        "SINGLE_HEAD;NO_GRAPH_CHECK;VERIFY;LINT;NO_PRECOMPILED_HEADER"
                        "OUTPUT_DIRECTORY;UNITY_BATCH_SIZE" "SOURCES;HISTORY_WITH;OPTIMIZATION")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "retort_add_migrations(${target}): no SOURCES given")
  endif()
  if("UNITY_BATCH_SIZE" IN_LIST arg_KEYWORDS_MISSING_VALUES)
    message(FATAL_ERROR "retort_add_migrations(${target}): UNITY_BATCH_SIZE needs a number")
  endif()
  _retort_use_precompiled_header(pch "${arg_NO_PRECOMPILED_HEADER}")
  list(LENGTH arg_SOURCES source_count)
  _retort_unity_batch_size(batch_size "${arg_UNITY_BATCH_SIZE}" ${target} ${source_count})
  if(batch_size GREATER 1)
    _retort_unity_sources(compiled ${target} ${batch_size} ${arg_SOURCES})
  elseif(pch)
    _retort_wrapped_sources(compiled ${target} ${arg_SOURCES})
  else()
    set(compiled ${arg_SOURCES})
  endif()
  # With the precompiled header, the entry source is compiled once for the plugins built alike
  # (_retort_precompiled_header); without it, by each plugin.
  if(NOT pch)
    _retort_entry_source(entry ${target} "${RETORT_PLUGIN_ENTRY_SOURCE}")
    list(APPEND compiled "${entry}")
  endif()
  # Imported targets are scoped to the directory that found them: a project that includes
  # retort with add_subdirectory() does not see retort's Boost::headers.
  if(NOT TARGET Boost::headers)
    find_package(Boost 1.74 REQUIRED)
  endif()
  add_library(${target} MODULE ${compiled})
  # The entry source includes Boost.DLL's alias header (header-only; nothing is linked).
  target_link_libraries(${target} PRIVATE retort::dsl Boost::headers)
  _retort_plugin_properties(${target} "${arg_OPTIMIZATION}" "${arg_KEYWORDS_MISSING_VALUES}")
  _retort_source_checksums(${target} ${arg_SOURCES})
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  endif()
  retort_protect_plugin(${target})
  if(NOT arg_NO_GRAPH_CHECK)
    _retort_check_sources(${target} "${arg_SINGLE_HEAD}" "${arg_HISTORY_WITH}" ${arg_SOURCES})
  endif()
  if(arg_VERIFY)
    _retort_verify(${target} "${arg_HISTORY_WITH}")
  endif()
  if(arg_LINT)
    _retort_lint(${target} "${arg_HISTORY_WITH}")
  endif()
  # Given when the directory has been read, so every source of the plugin depends on it.
  if(pch)
    _retort_precompiled_header(${target} "<retort/migration.hpp>" "${RETORT_PLUGIN_ENTRY_SOURCE}")
  endif()
endfunction()

function(_retort_unity_batch_size out given target source_count)
  set(size 0)
  if(NOT "${given}" STREQUAL "")
    set(size "${given}")
  elseif(RETORT_UNITY_BATCH_SIZE)
    set(size "${RETORT_UNITY_BATCH_SIZE}")
  elseif(CMAKE_UNITY_BUILD)
    set(size 8)
    if(DEFINED CMAKE_UNITY_BUILD_BATCH_SIZE)
      set(size "${CMAKE_UNITY_BUILD_BATCH_SIZE}")
    endif()
    # CMake's 0: no limit.
    if(size STREQUAL "0")
      set(size ${source_count})
    endif()
  endif()
  if(NOT size MATCHES "^[0-9]+$")
    message(FATAL_ERROR "retort_add_migrations(${target}): UNITY_BATCH_SIZE must be a number, not "
                        "\"${size}\"")
  endif()
  set(${out} ${size} PARENT_SCOPE)
endfunction()

# The batches follow the order of SOURCES, so a migration added at the end (as file names that
# start with a date sort) changes only the last batch.
function(_retort_unity_sources out target batch_size)
  set(units)
  set(batch)
  set(count 0)
  list(LENGTH ARGN total)
  _retort_absolute_paths(files ${ARGN})
  foreach(file IN LISTS files)
    list(APPEND batch "${file}")
    math(EXPR count "${count} + 1")
    list(LENGTH batch in_batch)
    if(in_batch EQUAL batch_size OR count EQUAL total)
      list(LENGTH units number)
      set(unit "${CMAKE_CURRENT_BINARY_DIR}/${target}_unity/batch_${number}.cpp")
      list(JOIN batch "|" joined)
      add_custom_command(OUTPUT "${unit}"
        COMMAND ${CMAKE_COMMAND} "-DOUTPUT=${unit}" "-DSOURCES=${joined}" -P "${RETORT_UNITY_SCRIPT}"
        DEPENDS ${batch} "${RETORT_UNITY_SCRIPT}"
        COMMENT "Grouping ${in_batch} migrations of ${target} into one translation unit"
        VERBATIM)
      list(APPEND units "${unit}")
      set(batch)
    endif()
  endforeach()
  set(${out} ${units} PARENT_SCOPE)
endfunction()

# What migration and model plugins share: hidden symbols, every symbol resolved at link time, the
# DSL compiled once (RETORT_DSL_OUT_OF_LINE), the precompiled header and the optimization level.
function(_retort_plugin_properties target optimization missing_values)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    UNITY_BUILD OFF)
  target_compile_definitions(${target} PRIVATE RETORT_DSL_OUT_OF_LINE)
  # As it is now: the precompiled-header helper, which compiles the entry for a group of plugins,
  # is made when the directory has been read.
  set_property(TARGET ${target} PROPERTY RETORT_DSL_OPTIMIZATION "${RETORT_DSL_OPTIMIZATION}")
  # -fno-gnu-unique: unique symbols would make dlclose a no-op and hide lifetime bugs.
  target_compile_options(${target} PRIVATE -Wall -Wextra $<$<CXX_COMPILER_ID:GNU>:-fno-gnu-unique>)
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  # OPTIMIZATION with no flags keeps the build type's, like an empty RETORT_MIGRATION_OPTIMIZATION.
  if(NOT optimization AND NOT "OPTIMIZATION" IN_LIST missing_values)
    separate_arguments(optimization UNIX_COMMAND "${RETORT_MIGRATION_OPTIMIZATION}")
  endif()
  separate_arguments(debug_info UNIX_COMMAND "${RETORT_MIGRATION_DEBUG_INFO}")
  list(JOIN debug_info "$<SEMICOLON>" debug_info)
  # After the build type's flags on the command line, so these win; the plugin's own
  # OPTIMIZATION flags come last.
  if(debug_info)
    target_compile_options(${target} PRIVATE "$<$<CONFIG:RelWithDebInfo>:${debug_info}>")
  endif()
  target_compile_options(${target} PRIVATE ${optimization})
endfunction()

# The entry source of `target`, compiled through a one-line source of the target's own, so that
# its flags reach no other target that compiles the shared entry file.
function(_retort_entry_source out target entry)
  _retort_wrapped_sources(wrapper ${target} "${entry}")
  _retort_optimized_entry("${wrapper}" "${RETORT_DSL_OPTIMIZATION}")
  set(${out} "${wrapper}" PARENT_SCOPE)
endfunction()

# The source that compiles the DSL's code once: at `flags` (RETORT_DSL_OPTIMIZATION as it was
# when the plugin was declared), after the plugin's own, except in a Debug build, where a
# debugger is expected; and so without the precompiled header, which GCC refuses at another -O
# level.
function(_retort_optimized_entry source flags)
  separate_arguments(flags UNIX_COMMAND "${flags}")
  if(flags)
    list(JOIN flags "$<SEMICOLON>" flags)
    set_source_files_properties("${source}" PROPERTIES
      COMPILE_OPTIONS "$<$<NOT:$<CONFIG:Debug>>:${flags}>"
      SKIP_PRECOMPILE_HEADERS ON)
  endif()
endfunction()

function(_retort_use_precompiled_header out no_pch)
  if(RETORT_PRECOMPILE_HEADERS AND NOT no_pch AND NOT CMAKE_DISABLE_PRECOMPILE_HEADERS)
    set(${out} TRUE PARENT_SCOPE)
  else()
    set(${out} FALSE PARENT_SCOPE)
  endif()
endfunction()

# A source of the plugin's own for each file, which only includes it: an object must depend on
# the plugin's precompiled header explicitly, and such a dependency is a source property, which
# would reach every other target that compiles the same file (the entry source is in every
# plugin). The compiler still reads, reports on and records the dependency of the file itself.
function(_retort_wrapped_sources out target)
  set(wrappers)
  _retort_absolute_paths(files ${ARGN})
  foreach(file IN LISTS files)
    cmake_path(GET file FILENAME name)
    string(SHA1 key "${file}")
    string(SUBSTRING "${key}" 0 8 key)
    set(wrapper "${CMAKE_CURRENT_BINARY_DIR}/${target}_sources/${key}_${name}")
    file(CONFIGURE OUTPUT "${wrapper}" CONTENT "#include \"@file@\"\n" @ONLY)
    list(APPEND wrappers "${wrapper}")
  endforeach()
  set(${out} ${wrappers} PARENT_SCOPE)
endfunction()

# The DSL header, precompiled once for the plugins of a directory that are compiled alike.
# CMake's own target_precompile_headers() on the plugin would list every source in the plugin's
# flags (the Makefile generator's flags.make), on which every object depends: adding one migration
# would rebuild them all. So a helper target with one fixed source precompiles the header, and the
# plugin's sources include it through one target-wide option.
#
# A precompiled header is tens of megabytes and seconds of CPU, and so is the entry source (the
# DSL's code, compiled once for a plugin), and a project often has several plugins built alike
# (migrations, model, test bundles). The plugins are therefore grouped when
# their directory has been read (a deferred call), by everything of theirs that reaches the
# compiler: the header, options, definitions, include directories, language level and linked
# targets, as they stand by then, so options given to a plugin after retort_add_migrations() count.
# Each group shares the helper of its first plugin, which takes the settings the group shares,
# precompiles the header and compiles the entry source, whose object every plugin of the group
# links (the entry holds nothing of a plugin's own).
# GCC checks that a precompiled header suits each compilation, and -Winvalid-pch says so if one
# ever does not (a setting from another directory, say); the header is then parsed as usual.
# (Clang refuses a precompiled header that does not suit: NO_PRECOMPILED_HEADER then.)
function(_retort_precompiled_header target header entry)
  # A multi-config generator (Ninja Multi-Config, Visual Studio, Xcode) has no flags.make, and
  # puts each configuration's header elsewhere: CMake's own mechanism serves it.
  get_property(multi_config GLOBAL PROPERTY GENERATOR_IS_MULTI_CONFIG)
  if(multi_config)
    _retort_entry_source(wrapped_entry ${target} "${entry}")
    target_sources(${target} PRIVATE "${wrapped_entry}")
    target_precompile_headers(${target} PRIVATE "${header}")
    return()
  endif()
  set_property(TARGET ${target} PROPERTY RETORT_DSL_HEADER "${header}")
  set_property(TARGET ${target} PROPERTY RETORT_DSL_ENTRY "${entry}")
  get_property(deferred DIRECTORY PROPERTY RETORT_DSL_HEADERS_DEFERRED)
  if(NOT deferred)
    set_property(DIRECTORY PROPERTY RETORT_DSL_HEADERS_DEFERRED TRUE)
    cmake_language(DEFER CALL _retort_share_precompiled_headers)
  endif()
  set_property(DIRECTORY APPEND PROPERTY RETORT_DSL_HEADER_PLUGINS ${target})
endfunction()

# Runs at the end of the directory that declared the plugins.
function(_retort_share_precompiled_headers)
  get_property(plugins DIRECTORY PROPERTY RETORT_DSL_HEADER_PLUGINS)
  # Every plugin's settings are read before any plugin is given its header.
  set(helpers)
  foreach(target IN LISTS plugins)
    _retort_compile_settings(settings ${target})
    string(SHA1 key "${settings}")
    get_property(helper DIRECTORY PROPERTY RETORT_DSL_HEADER_${key})
    if(NOT helper)
      set(helper ${target}_dsl_header)
      set_property(DIRECTORY PROPERTY RETORT_DSL_HEADER_${key} ${helper})
      _retort_dsl_header_helper(${helper} ${target})
    endif()
    list(APPEND helpers ${helper})
  endforeach()
  foreach(target helper IN ZIP_LISTS plugins helpers)
    _retort_include_precompiled_header(${target} ${helper})
  endforeach()
endfunction()

function(_retort_compile_settings out target)
  set(settings)
  foreach(property IN ITEMS RETORT_DSL_HEADER RETORT_DSL_ENTRY RETORT_DSL_OPTIMIZATION
                            COMPILE_OPTIONS COMPILE_DEFINITIONS
                            COMPILE_FLAGS
                            INCLUDE_DIRECTORIES SYSTEM_INCLUDE_DIRECTORIES COMPILE_FEATURES
                            LINK_LIBRARIES CXX_STANDARD CXX_STANDARD_REQUIRED CXX_EXTENSIONS
                            POSITION_INDEPENDENT_CODE CXX_VISIBILITY_PRESET
                            VISIBILITY_INLINES_HIDDEN)
    get_target_property(value ${target} ${property})
    string(APPEND settings "${property}=${value}\n")
  endforeach()
  set(${out} "${settings}" PARENT_SCOPE)
endfunction()

function(_retort_dsl_header_helper helper target)
  get_target_property(header ${target} RETORT_DSL_HEADER)
  get_target_property(entry ${target} RETORT_DSL_ENTRY)
  # A source of its own, which only includes the entry: the entry's object then depends on the
  # precompiled header without that dependency reaching other targets.
  cmake_path(GET entry FILENAME entry_name)
  set(source "${CMAKE_CURRENT_BINARY_DIR}/${helper}_${entry_name}")
  file(CONFIGURE OUTPUT "${source}"
       CONTENT "// The DSL header and entry source of @target@ and the plugins built alike.\n#include \"@entry@\"\n"
       @ONLY)
  add_library(${helper} OBJECT "${source}")
  target_precompile_headers(${helper} PRIVATE "${header}")
  get_target_property(dsl_optimization ${target} RETORT_DSL_OPTIMIZATION)
  if(dsl_optimization)
    # The entry skips the precompiled header; CMake builds one only for a target with a source
    # that uses it, and the plugins' sources need it. (CMake itself includes the header.)
    set(header_source "${CMAKE_CURRENT_BINARY_DIR}/${helper}_header.cpp")
    file(CONFIGURE OUTPUT "${header_source}"
         CONTENT "// Precompiles the DSL header of @target@ and the plugins built alike.\n" @ONLY)
    target_sources(${helper} PRIVATE "${header_source}")
    _retort_optimized_entry("${source}" "${dsl_optimization}")
  endif()
  get_target_property(libraries ${target} LINK_LIBRARIES)
  target_link_libraries(${helper} PRIVATE ${libraries})
  # The settings the group was keyed by, as they stand now (none of the plugins includes the
  # header yet), not as the first plugin's may change later.
  foreach(property IN ITEMS COMPILE_OPTIONS COMPILE_DEFINITIONS COMPILE_FLAGS INCLUDE_DIRECTORIES
                            SYSTEM_INCLUDE_DIRECTORIES CXX_STANDARD CXX_STANDARD_REQUIRED
                            CXX_EXTENSIONS)
    get_target_property(value ${target} ${property})
    if(NOT value STREQUAL "value-NOTFOUND")
      set_property(TARGET ${helper} PROPERTY ${property} "${value}")
    endif()
  endforeach()
  set_target_properties(${helper} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    UNITY_BUILD OFF
    EXCLUDE_FROM_ALL ON)
endfunction()

function(_retort_include_precompiled_header target helper)
  set(pch "${CMAKE_CURRENT_BINARY_DIR}/CMakeFiles/${helper}.dir/cmake_pch.hxx")
  target_compile_options(${target} PRIVATE "SHELL:-include \"${pch}\"" -Winvalid-pch)
  add_dependencies(${target} ${helper})
  set_property(TARGET ${target} PROPERTY RETORT_DSL_HELPER ${helper})
  # The compiler lists neither a precompiled header nor the headers in it among an object's
  # dependencies, so each source (the plugin's own: wrappers, unity batches, generated files)
  # depends on the precompiled header explicitly.
  # (Clang precompiles to .pch, GCC to .gch.)
  if(CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    set(compiled "${pch}.pch")
  else()
    set(compiled "${pch}.gch")
  endif()
  get_target_property(sources ${target} SOURCES)
  foreach(source IN LISTS sources)
    if(source MATCHES "\\.(cpp|cc|cxx)$")
      set_property(SOURCE "${source}" APPEND PROPERTY OBJECT_DEPENDS "${compiled}")
    endif()
  endforeach()
  target_sources(${target} PRIVATE "$<TARGET_OBJECTS:${helper}>")
endfunction()

# retort refuses a plugin, or a plugin directory, that its group or everyone may write. The linker
# and CMake create both under the builder's umask, group-writable under umask 002: take the write
# bits away after each link, so that a build can be run as it is under any umask.
function(retort_protect_plugin target)
  add_custom_command(TARGET ${target} POST_BUILD
    COMMAND chmod go-w "$<TARGET_FILE:${target}>" "$<TARGET_FILE_DIR:${target}>"
    VERBATIM)
endfunction()

# The sources, as absolute normalised paths (relative ones from this directory).
function(_retort_absolute_paths out)
  set(files)
  foreach(source IN LISTS ARGN)
    cmake_path(ABSOLUTE_PATH source BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
               OUTPUT_VARIABLE file)
    list(APPEND files "${file}")
  endforeach()
  set(${out} ${files} PARENT_SCOPE)
endfunction()

# The `retort` program that runs at build time.
function(_retort_build_tool out target)
  if(NOT TARGET retort::retort)
    message(FATAL_ERROR
      "retort_add_migrations(${target}): recording source checksums and checking the migration "
      "graph need the `retort` program (target retort::retort), which comes with "
      "find_package(retort) or a retort source tree")
  endif()
  # In a retort source tree, the full command itself: the build's verbs are never the front
  # door's, and a change to it must re-run them.
  if(TARGET retort_full)
    set(${out} retort_full PARENT_SCOPE)
    return()
  endif()
  get_target_property(tool retort::retort ALIASED_TARGET)
  if(NOT tool)
    set(tool retort::retort)
  endif()
  set(${out} ${tool} PARENT_SCOPE)
endfunction()

# Generated per target (a source may be in several plugins); re-run when a source changes.
function(_retort_source_checksums target)
  _retort_build_tool(tool ${target})
  _retort_absolute_paths(files ${ARGN})
  set(generated "${CMAKE_CURRENT_BINARY_DIR}/${target}_source_checksums.cpp")
  add_custom_command(OUTPUT "${generated}"
    COMMAND ${tool} source-checksums --cpp "${generated}" ${files}
    DEPENDS ${files} ${tool}
    COMMENT "Recording the source checksums of ${target}"
    VERBATIM)
  target_sources(${target} PRIVATE "${generated}")
endfunction()

# The check runs as a custom command whose output is a source of the plugin, so the plugin is
# neither compiled nor linked while the check fails, and the check re-runs when a file changes.
function(_retort_check_sources target single_head history_with)
  _retort_build_tool(checker ${target})
  _retort_absolute_paths(files ${ARGN})
  set_property(TARGET ${target} PROPERTY RETORT_MIGRATION_SOURCES "${files}")
  set(shared)
  foreach(other IN LISTS history_with)
    list(APPEND shared "$<TARGET_PROPERTY:${other},RETORT_MIGRATION_SOURCES>")
  endforeach()
  set(flags)
  if(single_head)
    set(flags --single-head)
  endif()
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.sources-checked")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${checker} check-sources ${flags} ${files} ${shared}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${files} ${shared} ${checker}
    COMMENT "Checking the migration history of ${target}"
    COMMAND_EXPAND_LISTS
    VERBATIM)
  target_sources(${target} PRIVATE "${stamp}")
endfunction()

# verify and lint need the plugin's code, so they run after the link: `retort [ARGN] <verb>` on
# the plugin of `target` and those of `history_with` (each file after `file_flag`, when the verb
# wants a flag before it), from a custom target <target>_<verb> in ALL that depends on the
# plugin files. Its stamp <target>.<stamp_suffix> is written only when the command passes, so
# the next build runs it again rather than taking the plugin as checked.
function(_retort_check_plugins target history_with verb file_flag stamp_suffix comment)
  _retort_build_tool(tool ${target})
  set(files)
  foreach(plugin IN LISTS target history_with)
    list(APPEND files ${file_flag} "$<TARGET_FILE:${plugin}>")
  endforeach()
  set(stamp "${CMAKE_CURRENT_BINARY_DIR}/${target}.${stamp_suffix}")
  add_custom_command(OUTPUT "${stamp}"
    COMMAND ${tool} ${ARGN} ${verb} ${files}
    COMMAND ${CMAKE_COMMAND} -E touch "${stamp}"
    DEPENDS ${target} ${history_with} ${tool}
    COMMENT "${comment}"
    VERBATIM)
  add_custom_target(${target}_${verb} ALL DEPENDS "${stamp}")
endfunction()

function(_retort_verify target history_with)
  _retort_check_plugins(${target} "${history_with}" verify "" verified
    "Verifying the migrations of ${target} on the schema model")
endfunction()

function(_retort_lint target history_with)
  # The project's rule levels, when its source directory has a retort.toml.
  set(config)
  if(EXISTS "${PROJECT_SOURCE_DIR}/retort.toml")
    set(config -c "${PROJECT_SOURCE_DIR}/retort.toml")
  endif()
  _retort_check_plugins(${target} "${history_with}" lint --plugin-file linted
    "Linting the migrations of ${target}: what would lock production or lose data" ${config})
endfunction()

# retort_add_model(<target> SOURCES <file>... [OUTPUT_DIRECTORY <dir>]
#                  [NO_PRECOMPILED_HEADER] [OPTIMIZATION <flags>...])
#
# Compiles the application's schema model (a source with `RETORT_MODEL(function)`) into a
# plugin that `retort revision --autogenerate --model <file>` loads. Like a migration plugin it
# links only the header-only DSL and resolves every symbol at link time.
function(retort_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "NO_PRECOMPILED_HEADER" "OUTPUT_DIRECTORY"
                        "SOURCES;OPTIMIZATION")
  if(NOT arg_SOURCES)
    message(FATAL_ERROR "retort_add_model(${target}): no SOURCES given")
  endif()
  _retort_use_precompiled_header(pch "${arg_NO_PRECOMPILED_HEADER}")
  set(compiled ${arg_SOURCES})
  if(pch)
    _retort_wrapped_sources(compiled ${target} ${compiled})
  else()
    _retort_entry_source(entry ${target} "${RETORT_MODEL_ENTRY_SOURCE}")
    list(APPEND compiled "${entry}")
  endif()
  add_library(${target} MODULE ${compiled})
  target_link_libraries(${target} PRIVATE retort::dsl)
  _retort_plugin_properties(${target} "${arg_OPTIMIZATION}" "${arg_KEYWORDS_MISSING_VALUES}")
  if(pch)
    _retort_precompiled_header(${target} "<retort/model.hpp>" "${RETORT_MODEL_ENTRY_SOURCE}")
  endif()
  if(arg_OUTPUT_DIRECTORY)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${arg_OUTPUT_DIRECTORY}")
  endif()
endfunction()
