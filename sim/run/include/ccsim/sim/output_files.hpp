#pragma once
// Result files written safely: every output first goes to a temporary beside its target (an
// unnamed O_TMPFILE where the file system has them, otherwise a new file created exclusively,
// never through a symbolic link), and only when every output is complete are they renamed over
// their targets. A failed or interrupted run (an error, a full disk, SIGINT, SIGTERM; with
// O_TMPFILE even SIGKILL) leaves the old files as they were and no temporary behind. Used by
// every front end that writes files (ccsim, ccsim-gui).
#include <functional>
#include <iosfwd>
#include <stdexcept>
#include <string>
#include <vector>

namespace ccsim::sim {

/// An output that cannot or may not be written. The message names the flag and the path.
class OutputError : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// The result files of one command, written together by `commit`.
class OutputFiles {
public:
  /// `inputs`: every file the command reads (the scenario, its forecasts, variants, requirements,
  /// shards); no output may be one of them, by any name (hard link, symbolic link).
  explicit OutputFiles(std::vector<std::string> inputs);
  ~OutputFiles();
  OutputFiles(const OutputFiles&) = delete;
  OutputFiles& operator=(const OutputFiles&) = delete;

  /// Adds the output of `flag` at `path`, checked at once: not empty, not an input, not another
  /// output, not a symbolic link, directory or socket, not read-only, in a folder that exists.
  /// A FIFO or character device (/dev/null, /dev/stdout) is written to directly, never replaced.
  /// A new file gets the permissions the umask gives; a replaced one keeps its own.
  void add(const std::string& flag, const std::string& path, std::function<void(std::ostream&)> write);

  /// Writes every output, then moves them into place. Throws OutputError, with every target
  /// untouched (a device written directly may have received part of its output).
  void commit();

  /// Whether this process writes outputs at all (false: commit() writes nothing; the other MPI
  /// ranks of a run, whose rank 0 writes).
  static void set_writes_files(bool writes);

private:
  struct Output;
  std::vector<std::string> inputs_;
  std::vector<Output> outputs_;
};

}  // namespace ccsim::sim
