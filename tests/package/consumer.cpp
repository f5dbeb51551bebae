// A program of another project using ccsim as a library (tests/package_test.sh builds it against
// the installed package with find_package, and through add_subdirectory): Erlang B against a
// published table value, and, when it links ccsim::sim, a simulation of ContactCenters' M/M/12
// example against its published service level.
#include <cmath>
#include <cstdio>

#include "ccsim/models/erlang.hpp"
#ifdef CONSUMER_USES_SIM
#include <nlohmann/json.hpp>

#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#endif

int main() {
  // Erlang B with 10 lines and 5 Erlangs: 0.01838 (standard Erlang B tables).
  const double blocking = ccsim::models::erlang_b(10, 5.0);
  std::printf("Erlang B(10 lines, 5 Erlangs) = %.5f\n", blocking);
  if (std::abs(blocking - 0.01838) > 5e-5) return 1;
#ifdef CONSUMER_USES_SIM
  // ContactCenters' MMC example (scenarios/mm12-validation.json): published service level 0.902.
  const auto document = nlohmann::json::parse(R"({
    "name": "M/M/12", "calendar": {"days": 1, "open": "08:00", "close": "16:00", "interval": "1h"},
    "arrivals": {"rate_per_hour": 252}, "handle_time": {"dist": "exponential", "mean": "2m"},
    "staffing": {"agents": 12}, "service_level": {"answer_within": "20s", "definition": "answered"},
    "run": {"replications": 200, "seed": 1}})");
  const ccsim::sim::Scenario scenario = ccsim::sim::parse_scenario(document);
  ccsim::sim::RunOptions options;
  options.threads = 2;
  const auto result = ccsim::sim::run_replications(scenario, options);
  const auto& sl = result.summary[static_cast<std::size_t>(ccsim::sim::Metric::service_level)];
  std::printf("M/M/12 service level %.4f +- %.4f (published 0.902)\n", *sl.mean, *sl.ci95);
  if (std::abs(*sl.mean - 0.902) > *sl.ci95 + 0.005) return 1;
#endif
  return 0;
}
