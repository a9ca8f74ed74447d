# cmake -DCXX=<compiler> -DINCLUDE=<dir> -DSOURCE=<file> [-DEXPECT=<regex>] -P expect_compile.cmake
#
# Without EXPECT, SOURCE must compile. With it, SOURCE must fail to compile with a diagnostic
# matching EXPECT, so a case passes only because of the mistake it was written for.
execute_process(
  COMMAND ${CXX} -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I${INCLUDE} ${SOURCE}
  RESULT_VARIABLE status
  OUTPUT_VARIABLE output
  ERROR_VARIABLE output)

if(NOT EXPECT)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${SOURCE} must compile, but:\n${output}")
  endif()
  message(STATUS "compiled, as it must")
elseif(status EQUAL 0)
  message(FATAL_ERROR "${SOURCE} compiled, but must fail with a diagnostic matching: ${EXPECT}")
elseif(NOT output MATCHES "${EXPECT}")
  message(FATAL_ERROR "${SOURCE} failed, but not with a diagnostic matching: ${EXPECT}\n${output}")
else()
  message(STATUS "failed to compile, as it must, with: ${CMAKE_MATCH_0}")
endif()
