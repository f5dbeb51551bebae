// libFuzzer target: the arguments of `ccsim erlang` (one per line of the input), run in-process.
// Every input must end in exit status 0 or 2 with at most one line on stderr; the internal-error
// status (a bug), a crash, a sanitizer report or a timeout is a finding.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> args{"ccsim", "erlang"};
  std::size_t start = 0;
  while (start <= text.size() && args.size() < 40) {
    const auto end = text.find('\n', start);
    args.push_back(text.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  // (No output files: --csv would let the fuzzer write wherever a path leads.)
  for (const auto& a : args)
    if (a.rfind("--csv", 0) == 0) return 0;
  std::vector<const char*> argv;
  for (const auto& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  const int status = ccsim::cli::run(static_cast<int>(argv.size()), argv.data(), out, err);
  const std::string message = err.str();
  if (status != 0 && status != ccsim::cli::exit_bad_input) std::abort();
  if (status == ccsim::cli::exit_bad_input && (message.empty() || message.find('\n') != message.size() - 1)) std::abort();
  return 0;
}
