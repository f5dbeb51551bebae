#pragma once
// The tests' one place to write: a fresh folder of the test's own, made with a unique name
// (mkdtemp) in the system's temporary folder and removed with everything in it when the test
// process ends. ctest runs every test in a process of its own, so tests never share a file,
// whatever their order and however many run at once.
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace ccsim::testing_support {

class TestFolder {
public:
  TestFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ccsim-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot make a test folder from " + pattern);
    path_ = pattern;
  }
  ~TestFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TestFolder(const TestFolder&) = delete;
  TestFolder& operator=(const TestFolder&) = delete;

  /// The folder itself.
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  /// The path of `name` inside it (the file is not made).
  [[nodiscard]] std::string file(const std::string& name) const { return (path_ / name).string(); }

private:
  std::filesystem::path path_;
};

/// This test process's folder (made on first use, removed at exit).
inline const TestFolder& test_folder() {
  static const TestFolder folder;
  return folder;
}

/// The path of `name` in this test's own folder.
inline std::string temp(const std::string& name) { return test_folder().file(name); }

/// Runs a scope from another working folder (a command typed in the folder of its files), and
/// goes back at its end.
class WorkingFolder {
public:
  explicit WorkingFolder(const std::filesystem::path& folder) : previous_(std::filesystem::current_path()) {
    std::filesystem::current_path(folder);
  }
  ~WorkingFolder() {
    std::error_code ignored;
    std::filesystem::current_path(previous_, ignored);
  }
  WorkingFolder(const WorkingFolder&) = delete;
  WorkingFolder& operator=(const WorkingFolder&) = delete;

private:
  std::filesystem::path previous_;
};

}  // namespace ccsim::testing_support
