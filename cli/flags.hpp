#pragma once
// Reading command-line values with messages that name the flag, the value and the fix.
#include <cstdint>
#include <string>
#include <utility>

namespace ccsim::cli {

/// Throws std::invalid_argument: `FLAG: "TEXT" WHY`.
[[noreturn]] void bad(const std::string& flag, const std::string& text, const std::string& why);
/// A finite number.
double number(const std::string& flag, const std::string& text);
/// A finite number > 0.
double positive(const std::string& flag, const std::string& text);
/// A finite number >= 0.
double nonnegative(const std::string& flag, const std::string& text);
/// A fraction in [0, 1] with either end excluded as asked.
double fraction(const std::string& flag, const std::string& text, bool allow_zero, bool allow_one);
/// A whole number from 1 to `most`; `limit` names what the most is ("the most agents").
std::int64_t count(const std::string& flag, const std::string& text, std::int64_t most, const std::string& limit);
/// "A:B", items A to B-1 (0-based) of `total` (`what` names them: "replications", "points"):
/// 0 <= A < B <= total.
std::pair<std::int64_t, std::int64_t> index_range(const std::string& flag, const std::string& text, std::int64_t total, const std::string& what);
/// A duration ("20", "20s", "3m", "1.5h") in seconds; zero only if allowed.
double duration(const std::string& flag, const std::string& text, bool allow_zero);

}  // namespace ccsim::cli
