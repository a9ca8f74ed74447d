# cmake -DNM=<nm> -DOBJECTS=<object>;... -P migration_objects.cmake
#
# A plugin's migration files leave the DSL's code to its entry source (RETORT_DSL_OUT_OF_LINE):
# no migration object may define code that builds, copies, moves or destroys the `operation`
# variant, a body of an op:: function, or a destructor of an ops:: struct or of `operations` (the
# temporaries of every migration file, and the value upgrade() returns). The entry object must
# define all three, which shows that the check can see them. Nor may a migration object keep its
# `migration_info` (224 string views to relocate at load time): its code declares its header as
# record bytes (plugin ABI 7).
set(variant_code "(_Variant_storage|_Variant_base|_Copy_ctor_base|_Move_ctor_base|_Copy_assign_base|_Move_assign_base|_Variadic_union)<(false, |true, )?retort::ops::create_table, retort::ops::drop_table")
set(dsl_body " retort::op::create_table\\(")
set(destructor " retort::(ops::[a-z_]+::~[a-z_]+|operations::~operations)\\(\\)")
list(FILTER OBJECTS INCLUDE REGEX "\\.o$")  # not the precompiled header
set(failures "")
set(entry_seen FALSE)
foreach(object IN LISTS OBJECTS)
  execute_process(COMMAND ${NM} -C --defined-only "${object}"
                  COMMAND grep -E -m1 "${variant_code}"
                  OUTPUT_VARIABLE variant_symbol RESULT_VARIABLE status)
  execute_process(COMMAND ${NM} -C --defined-only "${object}"
                  COMMAND grep -E -m1 "${dsl_body}"
                  OUTPUT_VARIABLE body_symbol)
  execute_process(COMMAND ${NM} -C --defined-only "${object}"
                  COMMAND grep -E -m1 "${destructor}"
                  OUTPUT_VARIABLE destructor_symbol)
  execute_process(COMMAND ${NM} -C --defined-only "${object}"
                  COMMAND grep -E -m1 "retort_migration_info_$"
                  OUTPUT_VARIABLE info_symbol)
  if(status GREATER 1)
    message(FATAL_ERROR "${NM} or grep failed on ${object}")
  endif()
  if(object MATCHES "retort_plugin_entry")
    set(entry_seen TRUE)
    if(NOT variant_symbol OR NOT body_symbol OR NOT destructor_symbol)
      string(APPEND failures "the entry object ${object} defines no DSL code: the check sees nothing\n")
    endif()
  elseif(info_symbol)
    string(APPEND failures "${object} keeps a migration_info: ${info_symbol}\n")
  elseif(variant_symbol OR body_symbol OR destructor_symbol)
    string(APPEND failures
           "${object} defines DSL code: ${variant_symbol}${body_symbol}${destructor_symbol}\n")
  endif()
endforeach()
if(NOT entry_seen)
  string(APPEND failures "no entry object among ${OBJECTS}\n")
endif()
if(failures)
  message(FATAL_ERROR "${failures}")
endif()
list(LENGTH OBJECTS count)
message(STATUS "${count} objects: the DSL's code is in the entry object only")
