// Result files: written whole or not at all, never through a link, never over the input, with
// the permissions of the file they replace; and the run's outputs only together.
#include <gtest/gtest.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "run_cli.hpp"
#include "ccsim/sim/output_files.hpp"
#include "test_folder.hpp"

namespace {

namespace fs = std::filesystem;
using ccsim::sim::OutputError;
using ccsim::sim::OutputFiles;

using Result = ccsim::testing_support::CliResult;

Result run(std::vector<std::string> args) { return ccsim::testing_support::run_cli(std::move(args)); }

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh folder per test, holding a small scenario.
class Folder : public testing::Test {
protected:
  void SetUp() override {
    dir = ccsim::testing_support::test_folder().path() / ("ccsim_output_" + std::to_string(::getpid()) + "_" +
                                       testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    scenario = (dir / "s.json").string();
    std::ofstream(scenario) << R"({"calendar": {"days": 1, "open": "08:00", "close": "10:00", "interval": "30m"},
      "arrivals": {"rate_per_hour": 60}, "handle_time": {"dist": "exponential", "mean": "3m"},
      "staffing": {"agents": 5}, "run": {"replications": 2, "seed": 1}})";
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string file(const std::string& name, const std::string& text) {
    const auto path = (dir / name).string();
    std::ofstream(path) << text;
    return path;
  }
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
  }
  Result ccsim_run(std::vector<std::string> more) {
    std::vector<std::string> args{"run", scenario, "--quiet"};
    args.insert(args.end(), more.begin(), more.end());
    return run(args);
  }
  fs::path dir;
  std::string scenario;
};

TEST_F(Folder, RefusesToOverwriteTheScenarioByAnyName) {
  const std::string before = slurp(scenario);
  auto r = ccsim_run({"--json", scenario});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a file this command reads"), std::string::npos) << r.err;
  fs::create_hard_link(scenario, dir / "hard.json");
  r = ccsim_run({"--csv", (dir / "hard.json").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("a file this command reads"), std::string::npos) << r.err;
  r = ccsim_run({"--json", (dir / "." / "s.json").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(slurp(scenario), before);
}

TEST_F(Folder, RefusesTwoOutputsInOneFile) {
  const auto r = ccsim_run({"--json", (dir / "a").string(), "--csv", (dir / "a").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--csv: \"" + (dir / "a").string() + "\" is also the output of --json"), std::string::npos) << r.err;
  EXPECT_EQ(entries(), std::vector<std::string>{"s.json"});
}

TEST_F(Folder, NeverReplacesOrFollowsASymbolicLink) {
  const auto real = file("real.json", "old");
  fs::create_symlink(real, dir / "link.json");
  const auto r = ccsim_run({"--json", (dir / "link.json").string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is a symbolic link"), std::string::npos) << r.err;
  EXPECT_TRUE(fs::is_symlink(dir / "link.json"));
  EXPECT_EQ(slurp(real), "old");
}

TEST_F(Folder, RefusesReadOnlyFilesAndDirectories) {
  const auto ro = file("ro.json", "old");
  fs::permissions(ro, fs::perms::owner_read | fs::perms::group_read);
  auto r = ccsim_run({"--json", ro});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is read-only"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(ro), "old");
  r = ccsim_run({"--json", dir.string()});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("is a directory"), std::string::npos) << r.err;
}

TEST_F(Folder, KeepsThePermissionsOfTheFileItReplaces) {
  const auto secret = file("secret.json", "old");
  ::chmod(secret.c_str(), 0600);
  const auto r = ccsim_run({"--json", secret});
  ASSERT_EQ(r.status, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat(secret.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u);
  EXPECT_NE(slurp(secret).find("\"summary\""), std::string::npos);
  EXPECT_EQ(entries(), (std::vector<std::string>{"s.json", "secret.json"}));  // no temporary left
}

TEST_F(Folder, WritesDevicesInPlace) {
  auto r = ccsim_run({"--json", "/dev/null"});
  EXPECT_EQ(r.status, 0) << r.err;
  struct stat st {};
  ASSERT_EQ(::stat("/dev/null", &st), 0);
  EXPECT_TRUE(S_ISCHR(st.st_mode));
  // A full device: exit 2 naming the path, and the CSV beside it is not replaced either.
  const auto csv = file("old.csv", "old");
  r = ccsim_run({"--json", "/dev/full", "--csv", csv});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("--json: \"/dev/full\" could not be written completely"), std::string::npos) << r.err;
  EXPECT_EQ(slurp(csv), "old");
  EXPECT_EQ(entries(), (std::vector<std::string>{"old.csv", "s.json"}));
}

TEST_F(Folder, AFailedOutputLeavesEveryTargetUntouched) {
  const auto json = file("a.json", "old json");
  const auto csv = file("a.csv", "old csv");
  OutputFiles outputs({scenario});
  outputs.add("--json", json, [](std::ostream& os) { os << "new json"; });
  outputs.add("--csv", csv, [](std::ostream&) { throw std::runtime_error("the writer failed"); });
  EXPECT_THROW(outputs.commit(), std::runtime_error);
  EXPECT_EQ(slurp(json), "old json");
  EXPECT_EQ(slurp(csv), "old csv");
}

TEST_F(Folder, WritesEveryOutputOnlyWhenAllAreComplete) {
  const auto json = file("a.json", "old json");
  const auto csv = (dir / "a.csv").string();
  {
    OutputFiles outputs({scenario});
    outputs.add("--json", json, [](std::ostream& os) { os << "new json"; });
    outputs.add("--csv", csv, [](std::ostream& os) { os << "new csv"; });
    outputs.commit();
  }
  EXPECT_EQ(slurp(json), "new json");
  EXPECT_EQ(slurp(csv), "new csv");
  EXPECT_EQ(entries(), (std::vector<std::string>{"a.csv", "a.json", "s.json"}));
}

// A run killed (SIGTERM, SIGINT, SIGKILL) while it writes leaves the old file and nothing else.
TEST_F(Folder, ASignalWhileWritingLeavesTheOldFileAndNoTemporary) {
  const auto target = file("out.json", "old");
  for (int sig : {SIGTERM, SIGINT, SIGKILL}) {
    const pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      OutputFiles outputs({});
      outputs.add("--json", target, [sig](std::ostream& os) {
        os << std::string(1 << 20, 'x');
        ::raise(sig);
      });
      outputs.commit();
      ::_exit(0);
    }
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == sig) << "signal " << sig;
    EXPECT_EQ(slurp(target), "old") << "signal " << sig;
    EXPECT_EQ(entries(), (std::vector<std::string>{"out.json", "s.json"})) << "signal " << sig;
  }
}

TEST(OutputFilesPaths, EmptyAndMissingFolder) {
  OutputFiles outputs({});
  EXPECT_THROW(outputs.add("--json", "", {}), OutputError);
  try {
    outputs.add("--csv", "/nonexistent/folder/x.csv", {});
    FAIL() << "no error";
  } catch (const OutputError& e) {
    EXPECT_EQ(std::string(e.what()), "--csv: \"/nonexistent/folder/x.csv\" cannot be written (does its folder exist?)");
  }
}

}  // namespace
