# The engine's event handlers (Replication<Kind>::on_*, sim/engine/src/rules/) are compiled into
# the event loop, never called out of line (issue 27, gate 3): nm finds the engine's other
# members in BIN, and none of its handlers.
# Usage: cmake -D BIN=path/to/ccsim -D NM=path/to/nm -P handlers_inlined.cmake
execute_process(COMMAND ${NM} -C ${BIN} OUTPUT_VARIABLE symbols RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${NM} -C ${BIN} failed (${status})")
endif()
if(NOT symbols MATCHES "Replication<[^\n]*>::run_days")
  message(FATAL_ERROR "no Replication<...>::run_days in ${BIN}: the check reads the wrong binary or names")
endif()
string(REGEX MATCHALL "Replication<[^\n]*>::on_[a-z_]+" handlers "${symbols}")
if(handlers)
  list(REMOVE_DUPLICATES handlers)
  list(JOIN handlers "\n  " text)
  message(FATAL_ERROR "event handlers compiled out of line:\n  ${text}")
endif()
