# cmake -DIN=<file> -DOUT=<file> -P truncate_half.cmake
# Writes the first half of IN to OUT: a plugin cut off in the middle, as by an interrupted copy.
file(SIZE "${IN}" size)
math(EXPR half "${size} / 2")
execute_process(COMMAND head -c ${half} "${IN}" OUTPUT_FILE "${OUT}" RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "cannot write the first half of ${IN} to ${OUT}: ${result}")
endif()
