// COIN-OR CBC is loaded when the first covering program is solved, never by a command that
// schedules nothing (issue 27: `ccsim run` loaded 29 shared libraries, CBC's among them).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "ccsim/models/covering.hpp"
#include "run_cli.hpp"
#include "test_folder.hpp"

namespace {

// Whether a library whose file name contains `name` is mapped into this process.
bool loaded(const std::string& name) {
  std::ifstream maps("/proc/self/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return text.str().find(name) != std::string::npos;
}

TEST(SolverLoading, CbcIsLoadedOnlyWhenACoveringProgramIsSolved) {
  ASSERT_FALSE(loaded("libCbc")) << "loaded before anything ran";
  ccsim::testing_support::WorkingFolder folder(ccsim::testing_support::test_folder().path());
  {
    std::ofstream("mm5.json") << R"({"name": "m", "calendar": {"days": 1, "open": "08:00", "close": "10:00"},
      "arrivals": {"rate_per_hour": 60}, "handle_time": {"dist": "exponential", "mean": "4m"},
      "staffing": {"agents": 6}, "run": {"replications": 2}})";
  }
  const auto run = ccsim::testing_support::run_cli({"run", "mm5.json", "--quiet", "--json", "out.json"});
  ASSERT_EQ(run.status, 0) << run.err;
  const auto version = ccsim::testing_support::run_cli({"--version"});
  ASSERT_EQ(version.status, 0) << version.err;
  EXPECT_FALSE(loaded("libCbc")) << "a run loaded CBC";
  EXPECT_FALSE(loaded("libClp")) << "a run loaded CLP";

  // Three shifts over three intervals needing 2, 3 and 1 agents: by hand, the cheapest cover is
  // two of the first and one of the second (cost 6; with the long shift, 7 or more).
  ccsim::models::CoveringProblem p;
  p.required = {2, 3, 1};
  p.columns = {{{0, 1}, 2.0}, {{1, 2}, 2.0}, {{0, 1, 2}, 3.0}};
  const auto solution = ccsim::models::solve_covering(p);
  ASSERT_TRUE(solution.feasible) << solution.status;
  EXPECT_TRUE(solution.optimal);
  EXPECT_DOUBLE_EQ(solution.cost, 6.0);
  EXPECT_TRUE(loaded("libCbcSolver")) << "solving did not load CBC";
  EXPECT_TRUE(loaded("libClp"));
}

}  // namespace
