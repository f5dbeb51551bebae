# Runs the ccsim binary on bad input and checks for exit status 2 and a one-line message.
execute_process(COMMAND ${BIN} erlang c --load 12 --aht 180 --agents 10
                RESULT_VARIABLE status ERROR_VARIABLE message OUTPUT_VARIABLE output)
if(NOT status EQUAL 2)
  message(FATAL_ERROR "expected exit status 2, got ${status}: ${message}")
endif()
if(NOT message MATCHES "unstable.*at least 13 agents")
  message(FATAL_ERROR "unexpected message: ${message}")
endif()
