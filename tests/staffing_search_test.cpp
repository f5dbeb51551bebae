// Staffing by simulation (plan/include/ccsim/sim/staffing_search.hpp): a stationary day gives Erlang C
// from any start; the ISA holds P(wait) at its target across a sinusoidal cycle (Feldman,
// Mandelbaum, Massey & Whitt 2008) where pointwise Erlang staffing swings; the found staffing meets
// its targets again with other random numbers; bad options are refused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/evaluator.hpp"
#include "ccsim/sim/runner.hpp"
#include "ccsim/sim/scenario.hpp"
#include "ccsim/sim/staffing_search.hpp"
#include "scenarios.hpp"

using namespace ccsim;
using nlohmann::json;

namespace {

// 150 calls an hour, exponential 4-minute calls, nobody abandons: Erlang C needs 14 agents for
// 80 % within 20 s (87.5 %); 13 give 77.8 %.
json stationary_day(json staffing) {
  json j;
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "14:00"}, {"interval", "30m"}};
  j["arrivals"] = {{"rate_per_hour", 150}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "4m"}};
  j["staffing"] = std::move(staffing);
  j["service_level"] = {{"answer_within", "20s"}, {"target", 0.8}};
  j["run"] = {{"replications", 150}, {"seed", 8}};
  return j;
}

}  // namespace

TEST(StaffingSearch, AStationaryDayNeedsErlangCFromAnyStart) {
  models::Queue q;
  q.arrival_rate = 150.0 / 3600;
  q.handle_time = 240;
  models::StaffingTargets targets;
  targets.service_level = 0.8;
  const auto erlang = models::agents_for_targets(q, targets);
  ASSERT_EQ(erlang, 14);
  for (const int start : {25, 9}) {
    const auto s = sim::parse_scenario(stationary_day({{"agents", start}}));
    sim::StaffOptions o;
    o.from_scenario = true;
    const auto r = sim::find_staffing(s, o);
    SCOPED_TRACE("from " + std::to_string(start) + " agents: " + r.status);
    EXPECT_EQ(r.missing, 0);
    const auto& day = r.agents[0][0];
    // Erlang's 13 agents give 77.8 %, within noise of the target in a half hour (its SL over 150
    // replications is known to +-3 to 4 points): an interval between two of 14 agents, which
    // drain its queue, may meet the target with 13 at the mean. Every difference is such a one.
    int fewer = 0;
    for (std::size_t i = 0; i < day.size(); ++i) {
      ASSERT_TRUE(day[i] == erlang || day[i] == erlang - 1) << "interval " << i << ": " << day[i];
      if (day[i] == erlang || i == 0) continue;  // (the first half hour starts empty: no queue carried in)
      ++fewer;
      const auto& sl = r.figures[i].service_level;
      EXPECT_GE(*sl.mean, 0.8);
      EXPECT_LE(*sl.mean - 0.8, *sl.ci95) << "interval " << i << " (13 agents) is not within noise of the target";
      if (i > 0) {
        EXPECT_EQ(day[i - 1], erlang) << "two neighbours with 13 agents at " << i;
      }
    }
    EXPECT_LE(fewer, static_cast<int>(day.size()) / 2);
    EXPECT_NE(r.status.find("local optimum"), std::string::npos);
    EXPECT_EQ(r.erlang[5], erlang);
  }
}

namespace {
// Feldman et al.'s example: offered load 100 + 20 sin(t) Erlangs, t in mean service times (100 s
// here), in 30-second intervals over four cycles; with or without abandonment at the service rate.
json sinusoid(bool abandonment) {
  json per_interval = json::array();
  for (int k = 0; k < 84; ++k) {
    const double mid = k * 30.0 + 15;
    per_interval.push_back((100 + 20 * std::sin(mid / 100)) / 100 * 30);
  }
  json j;
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "08:42"}, {"interval", "30s"}};
  j["arrivals"] = {{"per_interval", per_interval}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", "100s"}};
  if (abandonment) j["patience"] = {{"dist", "exponential"}, {"mean", "100s"}};
  j["staffing"] = {{"agents", 130}};
  j["run"] = {{"replications", 600}, {"seed", 2}};
  return j;
}

// The per-interval P(wait) of `s` under `staffing` [interval] (one day, one group).
std::vector<double> p_wait(const sim::Scenario& s, const std::vector<int>& staffing) {
  sim::StaffingEvaluator evaluator(s, s.run.replications, 0);
  const auto& results = evaluator.evaluate(sim::staffing_from_counts({{staffing}}, s.calendar));
  std::vector<double> out;
  for (std::size_t k = 0; k < staffing.size(); ++k) {
    double waited = 0, served = 0;
    for (const auto& r : results) {
      waited += r.intervals[k].waited;
      served += r.intervals[k].answered + r.intervals[k].abandoned;
    }
    out.push_back(waited / served);
  }
  return out;
}
}  // namespace

TEST(StaffingSearch, IsaHoldsTheDelayProbabilityAcrossTheCycle) {
  for (const bool abandonment : {false, true}) {
    const auto s = sim::parse_scenario(sinusoid(abandonment));
    for (const double alpha : {0.1, 0.5, 0.9}) {
      sim::StaffOptions o;
      o.method = sim::StaffMethod::isa;
      o.p_wait = alpha;
      const auto r = sim::find_staffing(s, o);
      SCOPED_TRACE(std::string(abandonment ? "with" : "without") + " abandonment, alpha " + std::to_string(alpha) + ": " + r.status);
      const auto achieved = p_wait(s, r.agents[0][0]);
      double worst = 0;
      for (std::size_t k = 6; k < achieved.size(); ++k) worst = std::max(worst, std::abs(achieved[k] - alpha));
      EXPECT_LE(worst, 0.05);
      // Pointwise stationary Erlang staffing for the same target swings with the cycle.
      std::vector<int> psa;
      for (std::size_t k = 0; k < achieved.size(); ++k) {
        models::Queue q;
        q.arrival_rate = s.call_types[0].arrivals[0].expected_calls(k) / 30.0;
        q.handle_time = 100;
        if (abandonment) q.mean_patience = 100;
        models::StaffingTargets t;
        t.max_p_wait = alpha;
        psa.push_back(static_cast<int>(models::agents_for_targets(q, t)));
      }
      const auto pointwise = p_wait(s, psa);
      double psa_worst = 0;
      for (std::size_t k = 6; k < pointwise.size(); ++k) psa_worst = std::max(psa_worst, std::abs(pointwise[k] - alpha));
      EXPECT_GT(psa_worst, worst) << "pointwise Erlang staffing deviates at most " << psa_worst;
    }
  }
}

TEST(StaffingSearch, TheFoundStaffingMeetsItsTargetsWithOtherRandomNumbers) {
  json j = stationary_day({{"agents", 10}});
  j["arrivals"] = {{"calls_per_day", 900}, {"intraday_profile", {1, 2, 3, 4, 4, 3, 3, 2, 2, 2, 1, 1}}};
  j["patience"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["run"]["replications"] = 100;
  const auto s = sim::parse_scenario(j);
  sim::StaffOptions o;
  o.max_abandon_rate = 0.05;
  const auto r = sim::find_staffing(s, o);
  ASSERT_EQ(r.missing, 0);
  sim::Scenario again = s;
  again.staffing = r.staffing;
  again.run.seed = 99;
  again.run.replications = 400;
  const auto check = sim::run_replications(again);
  for (std::size_t k = 0; k < check.intervals.size(); ++k) {
    const auto& sl = check.intervals[k][static_cast<std::size_t>(sim::Metric::service_level)];
    const auto& ab = check.intervals[k][static_cast<std::size_t>(sim::Metric::abandon_rate)];
    // The search met the targets with 100 replications of seed 8; with others the mean may sit
    // just under, within the search's own noise.
    EXPECT_GE(*sl.mean, 0.8 - 0.03) << "interval " << k;
    EXPECT_LE(*ab.mean, 0.05 + 0.015) << "interval " << k;
  }
}

TEST(StaffingSearch, BadOptionsAreRefused) {
  const auto s = sim::parse_scenario(stationary_day({{"agents", 14}}));
  sim::StaffOptions isa;
  isa.method = sim::StaffMethod::isa;
  isa.p_wait = 1.0;
  EXPECT_THROW((void)sim::find_staffing(s, isa), sim::ScenarioError);
  sim::StaffOptions none;
  none.service_level = false;
  EXPECT_THROW((void)sim::find_staffing(s, none), sim::ScenarioError);
  json perfect = stationary_day({{"agents", 14}});
  perfect["service_level"] = {{"answer_within", 0}, {"target", 1.0}};
  try {
    (void)sim::find_staffing(sim::parse_scenario(perfect), {});
    ADD_FAILURE() << "no error";
  } catch (const sim::ScenarioError& e) {
    EXPECT_NE(std::string(e.what()).find("100 % answered within 0 s cannot be met"), std::string::npos) << e.what();
  }
}

TEST(StaffingSearch, LinesTargetFindsTheFewestLines) {
  // The found lines meet the blocking target in every interval; one line fewer does not (the
  // same replications, so the comparison is exact).
  json j = stationary_day({{"agents", 14}});
  j["patience"] = {{"dist", "exponential"}, {"mean", "2m"}};
  j["run"]["replications"] = 60;
  const auto s = sim::parse_scenario(j);
  sim::StaffOptions o;
  o.lines_target = 0.02;
  const auto r = sim::find_staffing(s, o);
  ASSERT_TRUE(r.lines.has_value());
  const auto worst_blocking = [&](int lines) {
    sim::Scenario with = s;
    with.staffing = r.staffing;
    with.lines = lines;
    const auto run = sim::run_replications(with);
    double worst = 0;
    for (const auto& row : run.intervals) worst = std::max(worst, row[static_cast<std::size_t>(sim::Metric::block_rate)].mean.value_or(0));
    return worst;
  };
  EXPECT_LE(worst_blocking(*r.lines), 0.02);
  EXPECT_GT(worst_blocking(*r.lines - 1), 0.02);
  EXPECT_DOUBLE_EQ(worst_blocking(*r.lines), r.worst_block_rate);
}

TEST(StaffingSearch, SeveralGroupsMeetEveryTypesTarget) {
  // The bilingual helpline (English 80 % in 20 s, French 80 % in 30 s; English, French and
  // bilingual groups, the bilinguals dearest): every type meets its own target in every interval,
  // and the dear bilinguals end with fewer agent-hours than when they cost the same.
  auto s = sim::load_scenario(ccsim::testing_support::scenario_path("bilingual-helpline.json"));
  s.run.replications = 20;
  sim::StaffOptions o;
  const auto equal = sim::find_staffing(s, o);
  EXPECT_EQ(equal.missing, 0);
  for (const auto& f : equal.figures) {
    for (std::size_t t = 0; t < s.call_types.size(); ++t)
      if (f.open && f.type_service_level[t].mean) {
        EXPECT_GE(*f.type_service_level[t].mean, s.call_types[t].service_level.target);
      }
  }
  const auto hours = [&](const sim::StaffResult& r, std::size_t g) {
    double h = 0;
    for (const auto& day : r.agents[g])
      for (int n : day) h += n * s.calendar.interval / 3600;
    return h;
  };
  o.cost_per_hour = {20, 20, 40};
  const auto dear = sim::find_staffing(s, o);
  EXPECT_EQ(dear.missing, 0);
  EXPECT_LE(hours(dear, 2), hours(equal, 2));
  EXPECT_NE(dear.objective.find("least cost"), std::string::npos);
}
