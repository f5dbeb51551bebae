// Caller identification (CRM, issue 13): a share of callers is identified and handled faster;
// later contacts of identified customers faster still. Checked with fixed handle times and more
// agents than are ever busy, where every saving is known exactly.
#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <nlohmann/json.hpp>

#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "tallies.hpp"

namespace {

using nlohmann::json;
namespace sim = ccsim::sim;

json scenario() {
  return json::parse(R"({
    "calendar": {"days": 2, "open": "08:00", "close": "16:00", "interval": "1h"},
    "arrivals": {"rate_per_hour": 120},
    "handle_time": {"dist": "fixed", "mean": "10m"},
    "staffing": {"agents": 400},
    "crm": {"identified_share": 0.4, "handle_time_factor": 0.5},
    "run": {"replications": 20, "seed": 4}})");
}

using ccsim::testing_support::total;

TEST(Crm, IdentifiedCallersAreHandledFasterByTheFactor) {
  const sim::Scenario s = sim::parse_scenario(scenario());
  sim::Engine engine(s);
  double identified = 0, offered = 0;
  for (int rep = 0; rep < s.run.replications; ++rep) {
    const auto t = total(engine.run(rep));
    // Nobody waits and every call is answered the day it arrives: each identified call saves
    // exactly 600 - 300 s of talk.
    EXPECT_EQ(t.answered, t.offered);
    EXPECT_DOUBLE_EQ(t.crm_time_saved, 300.0 * t.identified);
    identified += t.identified;
    offered += t.offered;
  }
  // The share identified is a binomial proportion around 0.4.
  const double share = identified / offered;
  EXPECT_NEAR(share, 0.4, 4 * std::sqrt(0.4 * 0.6 / offered));
}

TEST(Crm, LaterContactsOfIdentifiedCustomersUseBothFactors) {
  json j = scenario();
  j["returns"] = {{"first_contact_resolution", 0.6}, {"repeat_delay", {{"dist", "exponential"}, {"mean", "2h"}}}};
  j["crm"]["returning_handle_time_factor"] = 0.8;
  const sim::Scenario s = sim::parse_scenario(j);
  sim::Engine engine(s);
  for (int rep = 0; rep < 5; ++rep) {
    const auto t = total(engine.run(rep));
    ASSERT_GT(t.repeats, 0);
    // First contacts save 600 - 300 s, later ones 600 - 240 s: the total lies strictly between.
    EXPECT_GT(t.crm_time_saved, 300.0 * t.identified);
    EXPECT_LT(t.crm_time_saved, 360.0 * t.identified);
  }
}

TEST(Crm, ReportedOnlyWithTheBlockAndNothingChangesWithout) {
  json with = scenario(), without = scenario();
  without.erase("crm");
  with["crm"]["handle_time_factor"] = 1.0;  // identification that saves nothing
  const auto a = sim::run_replications(sim::parse_scenario(with));
  const auto b = sim::run_replications(sim::parse_scenario(without));
  const auto& infos = sim::metric_infos();
  const auto share = infos[static_cast<std::size_t>(sim::Metric::identified_share)];
  EXPECT_TRUE(sim::reported(share, sim::parse_scenario(with)));
  EXPECT_FALSE(sim::reported(share, sim::parse_scenario(without)));
  // Its own stream: every other figure is bit for bit the same.
  for (auto m : {sim::Metric::offered, sim::Metric::answered, sim::Metric::occupancy, sim::Metric::asa}) {
    EXPECT_EQ(a.summary[static_cast<std::size_t>(m)].mean, b.summary[static_cast<std::size_t>(m)].mean);
  }
  EXPECT_EQ(*a.summary[static_cast<std::size_t>(sim::Metric::crm_hours_saved)].mean, 0.0);
}

TEST(Crm, BadValuesNameTheField) {
  const auto refused = [](const char* field, const json& value, const std::string& message) {
    json j = scenario();
    j["crm"][field] = value;
    try {
      (void)sim::parse_scenario(j);
      ADD_FAILURE() << field << " accepted";
    } catch (const sim::ScenarioError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(message, 0), 0U) << e.what();
    }
  };
  refused("identified_share", 1.5, "crm.identified_share: 1.5 must be a fraction between 0 and 1");
  refused("handle_time_factor", 0, "crm.handle_time_factor: 0 must be a multiplier above 0 and at most 1 (0.85: 15 % faster)");
  refused("faster", true, "crm.faster: is not a known field");
}

}  // namespace
