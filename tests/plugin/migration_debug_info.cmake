# cmake -DREADELF=<readelf> -DEXPECT=<lines|full> -DOBJECTS=<object>;... -P migration_debug_info.cmake
#
# The debug information of a plugin's migration files: in a RelWithDebInfo build line tables
# only (RETORT_MIGRATION_DEBUG_INFO, -g1), so a backtrace still names the file and line; in a
# Debug build the build type's full information, so a debugger shows a migration's variables.
# Line tables have no function parameters (DW_TAG_formal_parameter); full information has them
# for every function with one, and every migration object has such functions.
list(FILTER OBJECTS INCLUDE REGEX "\\.o$")
set(failures "")
foreach(object IN LISTS OBJECTS)
  execute_process(COMMAND ${READELF} --sections --wide "${object}"
                  OUTPUT_VARIABLE sections RESULT_VARIABLE status)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${READELF} failed on ${object}")
  endif()
  if(NOT sections MATCHES "\\.debug_line")
    string(APPEND failures "${object} has no line table\n")
  endif()
  execute_process(COMMAND ${READELF} --debug-dump=info "${object}"
                  COMMAND grep -c DW_TAG_formal_parameter
                  OUTPUT_VARIABLE parameters OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(EXPECT STREQUAL "lines" AND parameters GREATER 0)
    string(APPEND failures "${object} has full debug information (${parameters} parameters)\n")
  elseif(EXPECT STREQUAL "full" AND NOT parameters GREATER 0)
    string(APPEND failures "${object} has line tables only\n")
  endif()
endforeach()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
list(LENGTH OBJECTS count)
message(STATUS "${count} objects: ${EXPECT} debug information")
