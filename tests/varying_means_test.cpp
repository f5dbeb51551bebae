// Means that change through the day (issue 13): a handle time, wrap-up or patience whose `mean`
// is a list, one value per interval. Checked against M/G/infinity (the busy time of agents who
// are never short is the calls' summed handle times) and against the single-mean form.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/engine.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"

namespace {

using nlohmann::json;
using ccsim::sim::parse_scenario;
using ccsim::sim::ScenarioError;

// Two 8-hour intervals, calls at 100 an hour, more agents than can ever be busy (M/G/infinity).
json two_intervals() {
  return json::parse(R"({
    "calendar": {"days": 1, "open": "00:00", "close": "16:00", "interval": "8h"},
    "arrivals": {"rate_per_hour": 100},
    "handle_time": {"dist": "fixed", "mean": [60, 600]},
    "staffing": {"agents": 400},
    "run": {"replications": 40, "seed": 3}})");
}

TEST(VaryingMeans, EachIntervalDrawsItsOwnMean) {
  const auto scenario = parse_scenario(two_intervals());
  ASSERT_EQ(scenario.call_types[0].handle_time_factor.size(), 2u);
  EXPECT_DOUBLE_EQ(scenario.call_types[0].handle_time.mean(), 330.0);  // stored at the mean of the values
  // Nobody waits, so an interval's busy time is what its calls' fixed handle times put in it:
  // with arrival rate r, E[busy in interval 2] = r [600 (T - 600) + 600^2 / 2] + r 60^2 / 2
  // (calls of interval 2 cut at closing, plus the spill of interval 1's last minute), T = 8 h.
  const double r = 100.0 / 3600.0, T = 8 * 3600.0;
  const double expected_second = r * (600.0 * (T - 600.0) + 600.0 * 600.0 / 2) + r * 60.0 * 60.0 / 2;
  // Interval 1 starts empty; its calls of the last minute spill into interval 2.
  const double expected_first = r * (60.0 * (T - 60.0) + 60.0 * 60.0 / 2);
  ccsim::sim::Engine engine(scenario);
  double busy_first = 0, busy_second = 0, second_sq = 0;
  const int n = scenario.run.replications;
  for (int rep = 0; rep < n; ++rep) {
    const auto result = engine.run(rep);
    busy_first += result.intervals[0].busy_time;
    busy_second += result.intervals[1].busy_time;
    second_sq += result.intervals[1].busy_time * result.intervals[1].busy_time;
  }
  busy_first /= n;
  busy_second /= n;
  const double sd = std::sqrt(second_sq / n - busy_second * busy_second);
  EXPECT_NEAR(busy_second, expected_second, 4 * sd / std::sqrt(n)) << "sd " << sd;
  EXPECT_NEAR(busy_first, expected_first, 0.05 * expected_first);
  EXPECT_LT(busy_first * 5, busy_second);  // ten times the handle time: far more busy time
}

TEST(VaryingMeans, AListOfOneValueIsTheSingleMean) {
  json listed = two_intervals();
  json single = two_intervals();
  listed["handle_time"] = {{"dist", "lognormal"}, {"mean", {180, 180}}, {"cv", 0.8}};
  single["handle_time"] = {{"dist", "lognormal"}, {"mean", 180}, {"cv", 0.8}};
  listed["staffing"]["agents"] = single["staffing"]["agents"] = 5;
  listed["patience"] = {{"dist", "exponential"}, {"mean", json::array({"2m", "2m"})}};
  single["patience"] = {{"dist", "exponential"}, {"mean", "2m"}};
  const auto a = ccsim::sim::run_replications(parse_scenario(listed));
  const auto b = ccsim::sim::run_replications(parse_scenario(single));
  for (std::size_t m = 0; m < a.summary.size(); ++m) {
    EXPECT_EQ(a.summary[m].mean, b.summary[m].mean) << "metric " << m;
  }
}

TEST(VaryingMeans, PatiencePerIntervalGivesEachIntervalItsErlangA) {
  json j = two_intervals();
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["staffing"]["agents"] = 6;  // load 5 on 6 agents
  j["patience"] = {{"dist", "exponential"}, {"mean", json::array({"30s", "10m"})}};
  const auto result = ccsim::sim::run_replications(parse_scenario(j));
  const auto rate = static_cast<std::size_t>(ccsim::sim::Metric::abandon_rate);
  // Eight-hour intervals are long beside the queue's relaxation (minutes): each is close to the
  // stationary M/M/6+M with its own patience.
  for (std::size_t k = 0; k < 2; ++k) {
    ccsim::models::Queue q;
    q.arrival_rate = 100.0 / 3600.0;
    q.handle_time = 180.0;
    q.agents = 6;
    q.mean_patience = k == 0 ? 30.0 : 600.0;
    const double expected = ccsim::models::queue_figures(q, 20.0).p_abandon;
    const auto& e = result.intervals[k][rate];
    EXPECT_NEAR(*e.mean, expected, 2 * *e.ci95 + 0.05 * expected) << "interval " << k;
  }
}

TEST(VaryingMeans, BadListsNameTheEntry) {
  json j = two_intervals();
  j["handle_time"]["mean"] = {60, 600, 60};
  EXPECT_THROW(
      {
        try {
          (void)parse_scenario(j);
        } catch (const ScenarioError& e) {
          EXPECT_STREQ(e.what(), "handle_time.mean: has 3 entries; the day has 2 intervals of 8h");
          throw;
        }
      },
      ScenarioError);
  j["handle_time"]["mean"] = {60, 0};
  try {
    (void)parse_scenario(j);
    FAIL();
  } catch (const ScenarioError& e) {
    EXPECT_STREQ(e.what(), "handle_time.mean[1]: 0 must be longer than 0 seconds");
  }
  j["handle_time"] = {{"dist", "empirical"}, {"values", {60}}, {"mean", {60, 60}}};
  EXPECT_THROW((void)parse_scenario(j), ScenarioError);
}

}  // namespace

TEST(Mixture, AShareOfCallersHangsUpAtOnce) {
  // Patience: a fifth hang up the moment they must wait (0 s), the rest never do. Every caller
  // who finds the agents busy waits; among them the share abandoning is the first weight, and
  // their waits are 0 (short abandons at any threshold above 0).
  json j;
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "16:00"}, {"interval", "1h"}};
  j["arrivals"] = {{"rate_per_hour", 100}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "2m"}};
  j["patience"] = {{"dist", "mixture"},
                   {"parts", json::array({{{"weight", 0.2}, {"dist", "fixed"}, {"value", 0}},
                                          {{"weight", 0.8}, {"dist", "fixed"}, {"value", "10d"}}})}};
  j["staffing"] = {{"agents", 4}};
  j["service_level"] = {{"short_abandon", "1s"}};
  const auto s = parse_scenario(j);
  ccsim::sim::Engine engine(s);
  double waited = 0, abandoned = 0, short_abandons = 0;
  for (int rep = 0; rep < 40; ++rep) {
    for (const auto& t : engine.run(rep).intervals) {
      waited += t.waited;
      abandoned += t.abandoned;
      short_abandons += t.abandoned_short;
    }
  }
  ASSERT_GT(waited, 1000);
  EXPECT_NEAR(abandoned / waited, 0.2, 5 * std::sqrt(0.16 / waited));
  EXPECT_EQ(short_abandons, abandoned);
}
