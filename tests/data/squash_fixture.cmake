# cmake -DRETORT=<retort> -DPLUGINS=<dir> -DWORK=<dir> -DOUTPUT=<file> -DSOURCES=<a|b|...>
#       -DFROM=<rev> -DTO=<rev> -P squash_fixture.cmake
#
# Squashes FROM..TO of SOURCES, copied into WORK, with the retort built here and the plugins
# built from those sources, and copies the squash to OUTPUT: a file as `retort squash` writes it,
# built into a plugin by the tests like any other.
cmake_minimum_required(VERSION 3.25)
file(REMOVE_RECURSE "${WORK}")
file(MAKE_DIRECTORY "${WORK}/versions")
string(REPLACE "|" ";" sources "${SOURCES}")
file(COPY ${sources} DESTINATION "${WORK}/versions")
file(WRITE "${WORK}/retort.toml" "plugins = \"${PLUGINS}\"\nversions = \"versions\"\n")
execute_process(
  COMMAND "${RETORT}" squash "${FROM}" "${TO}" -m "producers in one" --rev-id da7a000000f0
  WORKING_DIRECTORY "${WORK}"
  RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "retort squash ${FROM} ${TO} failed with status ${status}")
endif()
file(GLOB written "${WORK}/versions/*_da7a000000f0_*.cpp")
list(LENGTH written count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "retort squash wrote ${count} files for da7a000000f0: ${written}")
endif()
get_filename_component(directory "${OUTPUT}" DIRECTORY)
file(MAKE_DIRECTORY "${directory}")
file(COPY_FILE "${written}" "${OUTPUT}")
