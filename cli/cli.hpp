#pragma once
// Entry point of the `ccsim` command line, callable in-process (tests) or from main().
#include <iosfwd>

namespace ccsim::cli {

/// Exit status for bad input (malformed flags or values, impossible or unstable requests).
inline constexpr int exit_bad_input = 2;
/// Exit status when the work was interrupted on request (sim::request_interrupt: Ctrl-C in Python).
inline constexpr int exit_interrupted = 130;
/// Exit status for a failure that is ccsim's own fault (an unexpected exception): EX_SOFTWARE.
inline constexpr int exit_internal_error = 70;

/// Runs `ccsim` with the given arguments (argv[0] is the program name); writes results to `out`
/// and one-line error messages to `err`. Returns the process exit status.
int run(int argc, const char* const* argv, std::ostream& out, std::ostream& err);

}  // namespace ccsim::cli
