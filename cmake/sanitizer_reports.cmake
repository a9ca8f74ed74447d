# cmake -DREPORTS=<dir> -DMODE=clear|check -P sanitizer_reports.cmake
#
# The sanitizer build points ASAN_OPTIONS and UBSAN_OPTIONS log_path into one directory (see
# CMakePresets.json), so every process a test starts reports there: the test itself, and each
# retort run or tool a test launches, whether or not the test looks at its exit status.
# `clear` empties the directory before the tests; `check` fails, printing each report, when
# any process wrote one.
if(MODE STREQUAL "clear")
  # Reports written anywhere else would go unchecked: refuse to start without this directory.
  foreach(options IN ITEMS ASAN_OPTIONS UBSAN_OPTIONS)
    string(FIND "$ENV{${options}}" "log_path=${REPORTS}/" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "${options} (\"$ENV{${options}}\") does not set log_path into ${REPORTS}, "
                          "so sanitizer reports would go unchecked: run the tests with "
                          "`ctest --preset asan` (or scripts/test.sh asan)")
    endif()
  endforeach()
  file(REMOVE_RECURSE "${REPORTS}")
  file(MAKE_DIRECTORY "${REPORTS}")
elseif(MODE STREQUAL "check")
  file(GLOB reports "${REPORTS}/*")
  if(reports)
    list(LENGTH reports count)
    set(text "")
    foreach(report IN LISTS reports)
      file(READ "${report}" content)
      string(APPEND text "\n--- ${report}\n${content}")
    endforeach()
    message(FATAL_ERROR "${count} sanitizer report(s) were written during the tests:${text}")
  endif()
  message(STATUS "no sanitizer reports in ${REPORTS}")
else()
  message(FATAL_ERROR "MODE must be clear or check, not '${MODE}'")
endif()
