# cmake -DREADELF=<readelf> -DENTRY_LEVEL=<-O2> -DMIGRATION_LEVEL=<-O0> -DOBJECTS=<object>;...
#       -P entry_optimization.cmake
#
# A plugin's entry source, which compiles the DSL's code once, is optimized
# (RETORT_DSL_OPTIMIZATION); its migration files are not (RETORT_MIGRATION_OPTIMIZATION). Read
# from the flags each object's debug information records (DW_AT_producer): the last -O wins.
list(FILTER OBJECTS INCLUDE REGEX "\\.o$")
set(failures "")
set(entry_seen FALSE)
foreach(object IN LISTS OBJECTS)
  execute_process(COMMAND ${READELF} --debug-dump=info "${object}"
                  COMMAND grep -m1 DW_AT_producer
                  OUTPUT_VARIABLE producer RESULT_VARIABLE status)
  if(NOT producer)
    string(APPEND failures "${object} records no producer (no debug information?)\n")
    continue()
  endif()
  string(REGEX MATCHALL " -O[0-9sgz]?" levels "${producer}")
  list(POP_BACK levels level)
  string(STRIP "${level}" level)
  if(object MATCHES "retort_plugin_entry")
    set(entry_seen TRUE)
    set(expected "${ENTRY_LEVEL}")
  elseif(object MATCHES "_dsl_header_header\\.cpp\\.o$")
    continue()  # the helper's source that only includes the precompiled header
  else()
    set(expected "${MIGRATION_LEVEL}")
  endif()
  if(NOT level STREQUAL expected)
    string(APPEND failures "${object} was compiled at ${level}, not ${expected}\n")
  endif()
endforeach()
if(NOT entry_seen)
  string(APPEND failures "no entry object among ${OBJECTS}\n")
endif()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
message(STATUS "the entry object at ${ENTRY_LEVEL}, the migration objects at ${MIGRATION_LEVEL}")
