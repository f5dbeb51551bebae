// The simulator against queueing theory and published figures, conservation laws in every
// replication, determinism, and common random numbers.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <tuple>
#include <optional>
#include <string>


#include "ccsim/models/erlang.hpp"
#include "ccsim/models/retrial.hpp"
#include "ccsim/sim/runner.hpp"
#include "statistics.hpp"
#include "scenarios.hpp"
#include "tallies.hpp"

using nlohmann::json;
namespace sim = ccsim::sim;
namespace models = ccsim::models;
using sim::Metric;

namespace {

sim::Scenario load(const std::string& file) {
  return sim::load_scenario(ccsim::testing_support::scenario_path(file));
}

const sim::Estimate& summary(const sim::RunResult& r, Metric m) { return r.summary[static_cast<std::size_t>(m)]; }

// A stationary single-day run around the clock, long enough for steady state after a warm-up.
json stationary(double load, double aht, int agents, int replications) {
  json j;
  j["calendar"] = {{"days", 1}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}};
  j["arrivals"] = {{"rate_per_hour", load / aht * 3600.0}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", aht}};
  j["staffing"] = {{"agents", agents}};
  j["service_level"] = {{"answer_within", "20s"}};
  j["run"] = {{"replications", replications}, {"seed", 2024}, {"warmup", "2h"}};
  return j;
}

// The exact stationary figures of the same queue (models/erlang.hpp), AHT 180 s, T = 20 s.
models::QueueFigures exact(double load, int agents, double patience = models::never, std::optional<int> lines = {}) {
  models::Queue q;
  q.arrival_rate = load / 180.0;
  q.handle_time = 180.0;
  q.agents = agents;
  q.mean_patience = patience;
  if (lines) q.lines = *lines;
  return models::queue_figures(q, 20.0);
}

// Checks that `exact` lies in the simulation's 99% interval.
void expect_in_99(const sim::RunResult& r, Metric m, double exact, const char* what) {
  const auto& e = summary(r, m);
  ASSERT_TRUE(e.mean && e.ci95) << what;
  ccsim::testing_support::expect_in_99(*e.mean, *e.ci95, r.replications, exact, what);
}

}  // namespace

TEST(Engine, ReproducesContactCentersMMcDay) {
  // ContactCenters (Univ. of Montreal), doc/examples/MMC.java and MMC.res: lambda 4.2/min,
  // exponential service of mean 2 min, 12 agents, 8-hour day starting empty, AWT 20 s,
  // 1,000 days. Published: contacts in target 1816.158 (95% CI 1812.618..1819.698), service
  // level 0.902 (0.900..0.904), speed of answer 0.099 min (0.097..0.102), occupancy 0.695
  // (0.694..0.697). Our 95% interval must overlap theirs.
  const sim::Scenario s = load("mm12-validation.json");
  ASSERT_EQ(s.run.replications, 1000);
  const auto r = sim::run_replications(s);
  const auto overlap = [&](Metric m, double scale, double published, double published_half) {
    const auto& e = summary(r, m);
    ASSERT_TRUE(e.mean && e.ci95);
    EXPECT_LE(std::abs(*e.mean * scale - published), *e.ci95 * scale + published_half)
        << sim::metric_infos()[static_cast<std::size_t>(m)].name << ": ours " << *e.mean * scale << " +- "
        << *e.ci95 * scale << ", published " << published << " +- " << published_half;
  };
  overlap(Metric::answered_within_target, 1.0, 1816.158, 3.54);
  overlap(Metric::service_level, 1.0, 0.902, 0.002);
  overlap(Metric::asa, 1.0 / 60.0, 0.0995, 0.0025);
  overlap(Metric::occupancy, 1.0, 0.6955, 0.0015);
}

TEST(Engine, StationaryErlangC) {
  const auto s = sim::parse_scenario(stationary(17.0, 180.0, 20, 200));
  const auto r = sim::run_replications(s);
  const auto f = exact(17.0, 20);
  expect_in_99(r, Metric::p_wait, f.p_wait, "P(wait)");
  expect_in_99(r, Metric::service_level, f.service_level, "service level");
  expect_in_99(r, Metric::asa, f.asa, "ASA");
  expect_in_99(r, Metric::occupancy, f.occupancy, "occupancy");
  expect_in_99(r, Metric::mean_queue, f.mean_queue, "mean queue");
}

TEST(Engine, StationaryErlangAOverloaded) {
  json j = stationary(16.0, 180.0, 15, 200);
  j["patience"] = {{"dist", "exponential"}, {"mean", "4m"}};
  const auto r = sim::run_replications(sim::parse_scenario(j));
  const auto f = exact(16.0, 15, 240.0);
  expect_in_99(r, Metric::abandon_rate, f.p_abandon, "P(abandon)");
  expect_in_99(r, Metric::p_wait, f.p_wait, "P(wait)");
  expect_in_99(r, Metric::service_level_offered, f.service_level, "service level");
  expect_in_99(r, Metric::service_level_answered, f.service_level_answered, "SL of answered");
  expect_in_99(r, Metric::asa, f.asa, "ASA");
  expect_in_99(r, Metric::mean_wait, f.mean_wait, "mean wait");
  expect_in_99(r, Metric::occupancy, f.occupancy, "occupancy");
  expect_in_99(r, Metric::mean_queue, f.mean_queue, "mean queue");
}

TEST(Engine, StationaryFiniteLinesWithPatience) {
  json j = stationary(14.0, 180.0, 15, 200);
  j["patience"] = {{"dist", "exponential"}, {"mean", "5m"}};
  j["lines"] = 18;
  const auto r = sim::run_replications(sim::parse_scenario(j));
  const auto f = exact(14.0, 15, 300.0, 18);
  expect_in_99(r, Metric::block_rate, f.p_block, "P(block)");
  expect_in_99(r, Metric::abandon_rate, f.p_abandon, "P(abandon)");
  expect_in_99(r, Metric::p_wait, f.p_wait, "P(wait)");
  // Default definition with no short-abandon threshold: within T / (answered + abandoned) = admitted.
  expect_in_99(r, Metric::service_level, f.service_level, "service level");
  expect_in_99(r, Metric::asa, f.asa, "ASA");
  expect_in_99(r, Metric::occupancy, f.occupancy, "occupancy");
}

TEST(Engine, StationaryErlangB) {
  // Lines = agents: a pure loss system.
  json j = stationary(10.0, 180.0, 12, 200);
  j["lines"] = 12;
  const auto r = sim::run_replications(sim::parse_scenario(j));
  expect_in_99(r, Metric::block_rate, models::erlang_b(12, 10.0), "Erlang B");
  EXPECT_EQ(*summary(r, Metric::p_wait).mean, 0.0);
}

TEST(Engine, ConservationInEveryReplicationAndInterval) {
  for (const char* file : {"municipal-week.json", "retail-peak.json", "small-team.json"}) {
    sim::Scenario s = load(file);
    s.run.replications = 6;
    int checked = 0;
    sim::RunOptions options;
    options.on_replication = [&](int, const sim::ReplicationResult& rep) {
      double offered = 0;
      for (const auto& t : rep.intervals) {
        EXPECT_EQ(t.offered, t.answered + t.abandoned + t.blocked + t.self_service + t.balked + t.callbacks_accepted) << file;
        EXPECT_LE(t.answered_within, t.answered);
        EXPECT_LE(t.abandoned_short, t.abandoned);
        EXPECT_LE(t.busy_time, t.available_time + 1e-6);
        offered += t.offered;
      }
      EXPECT_EQ(static_cast<double>(rep.calls), offered) << "no warm-up: every simulated call is counted";
      ++checked;
    };
    (void)sim::run_replications(s, options);
    EXPECT_EQ(checked, 6);
  }
}

TEST(Engine, SameSeedSameResultsWhateverTheThreadCount) {
  sim::Scenario s = load("municipal-week.json");
  s.run.replications = 12;
  sim::RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = sim::run_replications(s, one);
  const auto b = sim::run_replications(s, two);
  const auto c = sim::run_replications(s, two);
  ASSERT_EQ(a.intervals.size(), b.intervals.size());
  for (std::size_t m = 0; m < sim::metric_count; ++m) {
    EXPECT_EQ(a.summary[m].mean, b.summary[m].mean) << "metric " << m;
    EXPECT_EQ(a.summary[m].ci95, b.summary[m].ci95) << "metric " << m;
    EXPECT_EQ(b.summary[m].mean, c.summary[m].mean);
    for (std::size_t i = 0; i < a.intervals.size(); ++i) {
      EXPECT_EQ(a.intervals[i][m].mean, b.intervals[i][m].mean);
      EXPECT_EQ(a.intervals[i][m].ci95, b.intervals[i][m].ci95);
    }
  }
  EXPECT_EQ(a.events, b.events);
  s.run.seed = 2;
  const auto d = sim::run_replications(s, one);
  EXPECT_NE(a.summary[static_cast<std::size_t>(Metric::offered)].mean, d.summary[static_cast<std::size_t>(Metric::offered)].mean);
}

TEST(Engine, WhatIfVariantsShareRandomNumbers) {
  // More staff changes waits, not the customers: every replication has exactly the same fresh
  // calls in every interval (returning contacts follow the waits), and the better-staffed
  // variant answers more within the target over the week.
  json base = sim::read_scenario_file(ccsim::testing_support::scenario_path("municipal-week.json"));
  json more = base;
  sim::apply_override(more, "staffing.shifts[0].agents=14");
  sim::Scenario a = sim::parse_scenario(base), b = sim::parse_scenario(more);
  a.run.replications = b.run.replications = 8;
  std::vector<sim::ReplicationResult> ra, rb;
  sim::RunOptions oa, ob;
  oa.on_replication = [&](int, const sim::ReplicationResult& r) { ra.push_back(r); };
  ob.on_replication = [&](int, const sim::ReplicationResult& r) { rb.push_back(r); };
  (void)sim::run_replications(a, oa);
  (void)sim::run_replications(b, ob);
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t r = 0; r < ra.size(); ++r) {
    double within_a = 0, within_b = 0;
    for (std::size_t i = 0; i < ra[r].intervals.size(); ++i) {
      EXPECT_EQ(ra[r].intervals[i].fresh, rb[r].intervals[i].fresh);
      within_a += ra[r].intervals[i].answered_within;
      within_b += rb[r].intervals[i].answered_within;
    }
    EXPECT_GT(within_b, within_a) << "replication " << r;
  }
}

TEST(Engine, WarmupExcludesEarlyCalls) {
  json j = stationary(5.0, 120.0, 8, 3);
  j["calendar"]["close"] = "04:00";
  j["run"]["warmup"] = "1h";
  const auto s = sim::parse_scenario(j);
  sim::RunOptions options;
  options.on_replication = [&](int, const sim::ReplicationResult& r) {
    EXPECT_EQ(r.intervals[0].offered, 0.0);
    EXPECT_EQ(r.intervals[0].elapsed, 0.0);
    EXPECT_GT(r.intervals[1].offered, 0.0);
    EXPECT_DOUBLE_EQ(r.intervals[1].elapsed, 3600.0);
    double counted = 0;
    for (const auto& t : r.intervals) counted += t.offered;
    EXPECT_LT(counted, static_cast<double>(r.calls));
  };
  (void)sim::run_replications(s, options);
}

TEST(Engine, ShiftsAndBreaksSetTheAgentsAvailable) {
  // Light load: agents are nearly always free when a break starts, so the simulated available
  // agents follow the schedule (breaks deducted) closely, and exactly where nothing changes.
  json j = sim::read_scenario_file(ccsim::testing_support::scenario_path("bank-helpline.json"));
  j["arrivals"]["calls_per_day"] = 150;
  j["run"]["replications"] = 5;
  const auto s = sim::parse_scenario(j);
  const auto r = sim::run_replications(s);
  const int per_day = s.calendar.intervals_per_day();
  for (int i = 0; i < per_day; ++i) {
    const double simulated = *r.intervals[static_cast<std::size_t>(i)][static_cast<std::size_t>(Metric::agents)].mean;
    EXPECT_NEAR(simulated, s.scheduled_agents(0, i), 0.05) << "interval " << i;
  }
  EXPECT_DOUBLE_EQ(*r.intervals[0][static_cast<std::size_t>(Metric::agents)].mean, 8.0);  // 07:00, early shift only
}

TEST(Engine, DayToDayVariationWidensTheSpreadOfDailyVolume) {
  // Gamma day factors of cv 0.3 on 1,000 expected calls: the daily count's variance is
  // 1000 + (0.3 * 1000)^2 (mixed Poisson) instead of 1000.
  json j = stationary(5.0, 120.0, 8, 400);
  j["calendar"]["close"] = "01:00";
  j["arrivals"] = {{"rate_per_hour", 1000}, {"day_to_day_cv", 0.3}};
  j["run"]["warmup"] = "0s";
  const auto s = sim::parse_scenario(j);
  double sum = 0, sum_sq = 0;
  sim::RunOptions options;
  options.on_replication = [&](int, const sim::ReplicationResult& r) {
    sum += r.intervals[0].offered;
    sum_sq += r.intervals[0].offered * r.intervals[0].offered;
  };
  (void)sim::run_replications(s, options);
  const double n = 400, mean = sum / n, variance = (sum_sq - n * mean * mean) / (n - 1);
  EXPECT_NEAR(mean, 1000.0, 4 * std::sqrt(91000.0 / n));
  // The sample variance of 400 draws is within about 20% of the truth (chi-square, kurtosis).
  EXPECT_NEAR(variance, 91000.0, 0.2 * 91000.0);
}

// ---- Returning customers, callbacks, IVR ----------------------------------------------------

namespace {

// FNV-1a over the bits of doubles.
struct Fnv1a {
  std::uint64_t value = 0xcbf29ce484222325ULL;
  void add(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int i = 0; i < 8; ++i) {
      value ^= (bits >> (8 * i)) & 0xffU;
      value *= 0x100000001b3ULL;
    }
  }
};

// FNV-1a over the bits of the core model's tallies (the fields before the returning-customer ones).
std::uint64_t core_digest(const sim::ReplicationResult& r) {
  Fnv1a h;
  const auto mix = [&](double v) { h.add(v); };
  for (const auto& t : r.intervals) {
    for (double v : {t.offered, t.blocked, t.answered, t.abandoned, t.abandoned_short, t.answered_within, t.waited,
                     t.wait_answered, t.wait_all, t.busy_time, t.available_time, t.queue_time, t.elapsed, t.max_queue})
      mix(v);
  }
  mix(r.wait_p90);
  mix(r.max_queue);
  return h.value;
}

// FNV-1a over the bits of every tally (core and returning-customer fields), the wait histogram,
// the 90th percentile, the longest queue and the counts of events and calls.
std::uint64_t full_digest(const sim::ReplicationResult& r) {
  Fnv1a h;
  const auto mix = [&](double v) { h.add(v); };
  for (const auto& t : r.intervals) {
    for (double v : {t.offered, t.blocked, t.answered, t.abandoned, t.abandoned_short, t.answered_within, t.waited,
                     t.wait_answered, t.wait_all, t.busy_time, t.available_time, t.queue_time, t.elapsed, t.max_queue,
                     t.fresh, t.redials, t.retries, t.repeats, t.reopens, t.closed, t.callbacks_placed, t.self_service,
                     t.balked, t.callbacks_offered, t.callbacks_accepted, t.callbacks_completed, t.callbacks_failed,
                     t.promises_kept, t.promises_broken, t.callback_wait, t.estimated, t.estimate_error,
                     t.estimate_abs_error, t.customers, t.resolved, t.resolved_first, t.gave_up, t.pending,
                     t.self_served, t.customers_within})
      mix(v);
  }
  for (double v : r.answered_waits) mix(v);
  mix(r.wait_p90);
  mix(r.max_queue);
  mix(static_cast<double>(r.events));
  mix(static_cast<double>(r.calls));
  return h.value;
}

json without_returning_features(json j) {
  for (const char* key : {"ivr", "callback", "announcement", "returns", "closed"}) j.erase(key);
  return j;
}

using ccsim::testing_support::scenario_json;

std::vector<sim::ReplicationResult> replications(const sim::Scenario& s) {
  std::vector<sim::ReplicationResult> out;
  sim::RunOptions options;
  options.on_replication = [&](int, const sim::ReplicationResult& r) { out.push_back(r); };
  (void)sim::run_replications(s, options);
  return out;
}

using ccsim::testing_support::total;

}  // namespace

TEST(Returning, EventQueueRestructuringKeepsEveryResult) {
  // Digests recorded from the engine of commit 2febff4, before the follow-only events got their
  // own heap and later days' contacts their per-day lists (how events wait may change; which
  // event comes next, and so every figure, may not): the municipal week; every behaviour (the
  // callback what-if with a wait announcement); and callbacks offered at a queue position,
  // promised within a window and served only when no inbound caller waits.
  const json municipal = scenario_json("municipal-week.json");
  json every = scenario_json("what-if/callback-2m.json");
  every["announcement"] = {{"half_balk_wait", "15m"}};
  json window = every;
  window["callback"] = {{"offer_at_position", 4}, {"accept_probability", 0.5}, {"mode", "window"}, {"window", "1h"}, {"serve", "when_idle"}};
  struct Golden {
    const json* scenario;
    int replication;
    std::uint64_t digest;
  };
  const Golden golden[] = {
      {&municipal, 0, 0x6f7bd81959af255dULL}, {&municipal, 1, 0x38e253fd70288dbcULL}, {&municipal, 2, 0x1d5f31e877a9deb9ULL},
      {&every, 0, 0x1122ba5592a69667ULL},     {&every, 1, 0x2afa1524598b9cf2ULL},     {&every, 2, 0x8f23ba3cc98c8393ULL},
      {&window, 0, 0x2e5465f6b2f65fb2ULL},    {&window, 1, 0xf30d14a15137274bULL},    {&window, 2, 0x2b47d64f5bd4d5faULL},
  };
  for (const auto& g : golden) {
    const sim::Scenario scenario = sim::parse_scenario(*g.scenario);
    sim::Engine engine(scenario);
    const auto result = engine.run(g.replication);
    EXPECT_GT(total(result).callbacks_accepted + total(result).redials, 0.0) << "the behaviours are exercised";
    EXPECT_EQ(full_digest(result), g.digest) << scenario.name << " replication " << g.replication;
  }
}

TEST(Returning, FeaturesOffIsTheCoreModelBitForBit) {
  // Digests of the core model's tallies recorded from the engine before returning customers
  // existed (commit 19d8cce), replications 0-2 of each shipped scenario as it was then.
  struct Golden {
    const char* file;
    int replication;
    std::uint64_t digest;
  };
  const Golden golden[] = {
      {"bank-helpline.json", 0, 0xde1cd546580db57bULL},
      {"bank-helpline.json", 1, 0x6f9e687e8f8f8e56ULL},
      {"bank-helpline.json", 2, 0xcb254ef85d6dad23ULL},
      {"mm12-validation.json", 0, 0x5ab4af3042866592ULL},
      {"mm12-validation.json", 1, 0xe4a81b8412a750a1ULL},
      {"mm12-validation.json", 2, 0xb960b3601517c876ULL},
      {"municipal-week.json", 0, 0x9cc4c96694c98f41ULL},
      {"municipal-week.json", 1, 0x1e90c067694698a3ULL},
      {"municipal-week.json", 2, 0xd43f5a429fa9e708ULL},
      {"retail-peak.json", 0, 0x85aab7fff0a6cfd9ULL},
      {"retail-peak.json", 1, 0x4696ba1621e7d445ULL},
      {"retail-peak.json", 2, 0xd801282f39806161ULL},
      {"small-team.json", 0, 0x3210d60f420891fbULL},
      {"small-team.json", 1, 0xecb3157a8fc62102ULL},
      {"small-team.json", 2, 0x69a3c8df919b75a0ULL},
  };
  for (const auto& g : golden) {
    const sim::Scenario scenario = sim::parse_scenario(without_returning_features(scenario_json(g.file)));
    sim::Engine plain(scenario);
    EXPECT_EQ(core_digest(plain.run(g.replication)), g.digest) << g.file << " replication " << g.replication;
  }
  // The same with the returning-customer blocks present but inert: customers are followed, and
  // nothing else changes.
  for (const char* file : {"municipal-week.json", "retail-peak.json", "small-team.json"}) {
    json inert = without_returning_features(scenario_json(file));
    inert["returns"] = {{"redial_probability", 0}, {"retry_probability", 0}, {"first_contact_resolution", 1}};
    inert["closed"] = {{"calls_per_hour", 0}};
    const sim::Scenario plain = sim::parse_scenario(without_returning_features(scenario_json(file)));
    const sim::Scenario followed = sim::parse_scenario(inert);
    ASSERT_TRUE(followed.follow_customers);
    sim::Engine a(plain), b(followed);
    for (int r = 0; r < 3; ++r) {
      const auto ra = a.run(r), rb = b.run(r);
      EXPECT_EQ(core_digest(ra), core_digest(rb)) << file << " replication " << r;
      const auto t = total(rb);
      EXPECT_EQ(t.redials + t.retries + t.repeats + t.reopens + t.closed, 0.0) << "no returning contacts";
      EXPECT_EQ(t.fresh, t.offered);
      EXPECT_EQ(t.customers, t.resolved + t.gave_up) << "every customer answered resolves, every other gives up";
    }
  }
}

TEST(Returning, FlowBalanceAndEveryJourneyEndsOnce) {
  for (const char* file : {"municipal-week.json", "what-if/callback-2m.json", "what-if/peak-60-lines.json"}) {
    sim::Scenario s = load(file);
    s.run.replications = 6;
    for (const auto& rep : replications(s)) {
      for (const auto& t : rep.intervals) {
        EXPECT_EQ(t.offered, t.fresh + t.redials + t.retries + t.repeats + t.reopens) << file;
        EXPECT_EQ(t.offered, t.answered + t.abandoned + t.blocked + t.self_service + t.balked + t.callbacks_accepted) << file;
      }
      const auto t = total(rep);
      EXPECT_EQ(t.customers, t.resolved + t.gave_up + t.pending) << file << ": every journey ends exactly once";
      EXPECT_EQ(t.promises_kept + t.promises_broken, t.callbacks_accepted) << file;
      EXPECT_EQ(t.callbacks_completed + t.callbacks_failed, t.callbacks_accepted) << file;
      EXPECT_LE(t.resolved_first, t.resolved);
      EXPECT_GT(t.pending, 0) << file << ": repeat contacts due after the last day are reported";
      EXPECT_EQ(static_cast<double>(rep.calls), t.offered) << "no warm-up: every contact is counted";
    }
  }
}

TEST(Returning, CallbacksNeverExceedTheirAttempts) {
  // Nobody answers a callback: each accepted callback is dialled exactly `attempts` times, then
  // fails, and every promise is broken. With everyone reached, one dial each and none fail.
  json j = scenario_json("what-if/callback-2m.json");
  j["run"]["replications"] = 4;
  for (const int attempts : {1, 3}) {
    j["callback"]["attempts"] = attempts;
    j["callback"]["reach_probability"] = 0;
    for (const auto& rep : replications(sim::parse_scenario(j))) {
      const auto t = total(rep);
      ASSERT_GT(t.callbacks_accepted, 0);
      EXPECT_EQ(t.callbacks_placed, attempts * t.callbacks_accepted);
      EXPECT_EQ(t.callbacks_failed, t.callbacks_accepted);
      EXPECT_EQ(t.promises_broken, t.callbacks_accepted);
    }
  }
  j["callback"]["reach_probability"] = 1;
  for (const auto& rep : replications(sim::parse_scenario(j))) {
    const auto t = total(rep);
    EXPECT_EQ(t.callbacks_placed, t.callbacks_accepted);
    EXPECT_EQ(t.callbacks_failed, 0);
    EXPECT_EQ(t.callbacks_completed, t.callbacks_accepted);
    EXPECT_LE(t.callbacks_accepted, t.callbacks_offered);
  }
}

TEST(Returning, FirstContactResolution) {
  json j = scenario_json("municipal-week.json");
  j["run"]["replications"] = 10;
  j["closed"]["calls_per_hour"] = 0;
  j["returns"]["redial_probability"] = 0;
  j["returns"]["retry_probability"] = 0;
  j["returns"]["first_contact_resolution"] = 1;
  for (const auto& rep : replications(sim::parse_scenario(j))) {
    const auto t = total(rep);
    EXPECT_EQ(t.redials + t.retries + t.repeats + t.reopens + t.closed, 0.0) << "FCR 1 and no redials: nobody returns";
    EXPECT_EQ(t.resolved_first, t.resolved);
  }
  // Raising FCR lowers the contacts, in every replication (common random numbers) and on average.
  const auto fcr70 = replications(load("what-if/fcr-70.json"));
  const auto fcr85 = replications(load("what-if/fcr-85.json"));
  ASSERT_EQ(fcr70.size(), fcr85.size());
  double contacts70 = 0, contacts85 = 0, fcr_achieved85 = 0, customers85 = 0;
  for (std::size_t r = 0; r < fcr70.size(); ++r) {
    const auto a = total(fcr70[r]), b = total(fcr85[r]);
    EXPECT_EQ(a.fresh, b.fresh) << "the same fresh calls";
    EXPECT_LT(b.repeats, a.repeats) << "replication " << r;
    contacts70 += a.offered + a.closed;
    contacts85 += b.offered + b.closed;
    fcr_achieved85 += b.resolved_first;
    customers85 += b.customers;
  }
  EXPECT_LT(contacts85, contacts70);
  // FCR achieved is below the configured 85%: some customers first abandon, are blocked, reach
  // the closed message or self-serve after more than one contact.
  EXPECT_LT(fcr_achieved85 / customers85, 0.85);
  EXPECT_GT(fcr_achieved85 / customers85, 0.6);
}

// The simulated retrial queue against the Markov-chain solver: blocked and abandoning callers
// ring again with probability p after an exponential delay.
class RetrialAgreement : public testing::TestWithParam<std::tuple<double, int, std::optional<int>, double, double, double>> {};

TEST_P(RetrialAgreement, SimulationWithinItsNinetyNinePercentIntervals) {
  const auto [load, agents, lines, patience, persistence, delay] = GetParam();
  json j = stationary(load, 180.0, agents, 300);
  if (lines) j["lines"] = *lines;
  if (patience > 0) j["patience"] = {{"dist", "exponential"}, {"mean", patience}};
  j["returns"] = {{"redial_probability", persistence},
                  {"redial_delay", {{"dist", "exponential"}, {"mean", delay}}},
                  {"retry_probability", persistence},
                  {"retry_delay", {{"dist", "exponential"}, {"mean", delay}}}};
  const auto result = sim::run_replications(sim::parse_scenario(j));

  models::RetrialQueue q;
  q.queue.arrival_rate = load / 180.0;
  q.queue.handle_time = 180.0;
  q.queue.agents = agents;
  if (lines) q.queue.lines = *lines;
  q.queue.mean_patience = patience > 0 ? patience : models::never;
  q.redial_probability = persistence;
  q.redial_delay = delay;
  const auto f = models::retrial_figures(q, 20.0);
  ASSERT_LT(f.truncation_mass, 1e-10);

  const double counted = 22 * 3600.0;  // 24 h less the 2 h warm-up
  expect_in_99(result, Metric::offered, (q.queue.arrival_rate + f.retrial_rate) * counted, "attempts (fresh + retrials)");
  if (lines) expect_in_99(result, Metric::block_rate, f.p_block, "P(block) per attempt");
  if (patience > 0) expect_in_99(result, Metric::abandon_rate, f.p_abandon, "P(abandon)");
  expect_in_99(result, Metric::p_wait, f.p_wait, "P(wait)");
  expect_in_99(result, Metric::service_level, f.service_level, "service level");
  expect_in_99(result, Metric::occupancy, f.occupancy, "occupancy");
  expect_in_99(result, Metric::mean_queue, f.mean_queue, "mean queue");
  if (f.p_wait > 0.01) expect_in_99(result, Metric::asa, f.asa, "ASA");
}

INSTANTIATE_TEST_SUITE_P(
    ThreeSettings, RetrialAgreement,
    testing::Values(
        // No waiting room (lines = agents), nobody abandons: a loss system with retrials.
        std::make_tuple(9.0, 10, std::optional<int>(10), 0.0, 0.7, 300.0),
        // A waiting room of 6 with exponential patience.
        std::make_tuple(19.0, 20, std::optional<int>(26), 180.0, 0.6, 240.0),
        // High persistence near saturation.
        std::make_tuple(14.5, 15, std::optional<int>(18), 120.0, 0.95, 180.0)),
    [](const auto& param_info) { return "setting" + std::to_string(param_info.index); });

// ---- the replay trace and the wait histogram ----

TEST(Trace, RecordingChangesNothingAndLinesBalance) {
  // Lines are held by callers in the IVR, waiting and talking (wrap-up frees the line), so at
  // every snapshot of a scenario without callbacks: lines in use = in IVR + waiting + talking.
  for (const char* file : {"municipal-week.json", "retail-peak.json"}) {
    SCOPED_TRACE(file);
    const sim::Scenario s = load(file);
    sim::Engine plain(s), traced(s);
    sim::Trace trace;
    trace.step = 7.0;
    const auto a = plain.run(3);
    const auto b = traced.run(3, &trace);
    EXPECT_EQ(core_digest(a), core_digest(b));
    EXPECT_EQ(a.events, b.events);
    ASSERT_GT(trace.snapshots.size(), 1000U);
    const bool has_lines = s.lines.has_value();
    bool saw_wrap = false, saw_break = false, saw_queue = false;
    for (std::size_t i = 0; i < trace.snapshots.size(); ++i) {
      const sim::Snapshot& snap = trace.snapshots[i];
      if (i > 0) {
        ASSERT_GT(snap.time, trace.snapshots[i - 1].time);
      }
      if (has_lines) {
        ASSERT_EQ(snap.lines_in_use, snap.in_ivr + snap.waiting + snap.talking) << "at " << snap.time;
      }
      if (snap.waiting > 0) {
        ASSERT_EQ(snap.idle, 0U) << "a caller waits while an agent is idle, at " << snap.time;
      }
      saw_wrap |= snap.wrapping > 0;
      saw_break |= snap.on_break > 0;
      saw_queue |= snap.waiting > 0;
    }
    EXPECT_TRUE(saw_wrap && saw_queue);
    EXPECT_TRUE(saw_break || file == std::string("retail-peak.json"));
  }
}

TEST(Trace, SnapshotsAverageToTheTimeWeightedQueueAndBusyAgents) {
  // Snapshots every second sample the state; their averages over the opening hours approach the
  // engine's exact time integrals (queue_time, busy_time) of the same replication.
  const sim::Scenario s = load("municipal-week.json");
  sim::Engine engine(s);
  sim::Trace trace;
  trace.step = 1.0;
  const auto r = engine.run(0, &trace);
  double queue = 0, busy = 0, samples = 0;
  for (const auto& snap : trace.snapshots) {
    if (!snap.open) continue;
    queue += snap.waiting;
    busy += snap.talking + snap.wrapping;
    samples += 1;
  }
  const auto t = total(r);
  EXPECT_NEAR(samples, t.elapsed, 0.001 * t.elapsed);
  EXPECT_NEAR(queue / samples, t.queue_time / t.elapsed, 0.01 * t.queue_time / t.elapsed);
  EXPECT_NEAR(busy / samples, t.busy_time / t.elapsed, 0.01 * t.busy_time / t.elapsed);
}

TEST(WaitHistogram, CountsEveryAnsweredCallAndAgreesWithTheServiceLevel) {
  // T = 20 s is four 5-second bins: answered within T = the first four bins (a wait of exactly
  // 20 s has probability zero).
  for (const char* file : {"municipal-week.json", "bank-helpline.json", "small-team.json"}) {
    SCOPED_TRACE(file);
    sim::Scenario s = load(file);
    s.service_level.answer_within = 20.0;
    s.call_types[0].service_level.answer_within = 20.0;  // the engine reads each call type's
    sim::Engine engine(s);
    for (int rep = 0; rep < 3; ++rep) {
      const auto r = engine.run(rep);
      const auto t = total(r);
      ASSERT_EQ(r.answered_waits.size(), sim::wait_histogram_bins);
      double sum = 0, within = 0;
      for (std::size_t b = 0; b < r.answered_waits.size(); ++b) {
        sum += r.answered_waits[b];
        if (b < 4) within += r.answered_waits[b];
      }
      EXPECT_EQ(sum, t.answered);
      EXPECT_EQ(within, t.answered_within);
      EXPECT_EQ(r.answered_waits[0] >= t.answered - t.waited, true);
    }
  }
}

namespace {

// full_digest, and every per-type and per-group tally, the calls handled by group and type and
// each type's longest queue (scenarios of several queues).
std::uint64_t whole_digest(const sim::ReplicationResult& r) {
  Fnv1a h;
  h.add(static_cast<double>(full_digest(r) >> 11));
  h.add(static_cast<double>(full_digest(r) & 0x7ffU));
  for (const auto* part : {&r.call_types, &r.agent_groups}) {
    for (const auto& tallies : *part) {
      for (const auto& t : tallies) {
        for (double v : {t.offered, t.answered, t.abandoned, t.answered_within, t.waited, t.wait_answered, t.wait_all,
                         t.busy_time, t.available_time, t.queue_time, t.elapsed, t.max_queue, t.callbacks_completed,
                         t.identified, t.crm_time_saved, t.customers, t.resolved})
          h.add(v);
      }
    }
  }
  for (double v : r.handled_by_type) h.add(v);
  for (double v : r.call_type_max_queue) h.add(v);
  return h.value;
}

}  // namespace

TEST(House, SixScenariosStayBitForBit) {
  // Recorded at 0fbfaa4, before sim/ was split into scenario, engine and run (issue 27): the
  // municipal week, the bilingual helpline (two types, two groups, overflow), the forecast week
  // (means per interval from a forecast file), the 24/7 line (days run through midnight) and the
  // callback what-if (IVR, callbacks, returning customers), and the CRM what-if (talk time
  // scaled by caller identification). Moving code may not move a bit.
  struct Golden {
    const char* file;
    int replication;
    std::uint64_t digest;
  };
  const Golden golden[] = {
      {"municipal-week.json", 0, 0x6432f587b8de5fe3ULL},          {"municipal-week.json", 1, 0x9e3c77c30fd94d5eULL},
      {"bilingual-helpline.json", 0, 0x35d097f3ff716634ULL},      {"bilingual-helpline.json", 1, 0x471d0fb1cb6e03f6ULL},
      {"forecast-week.json", 0, 0x52f95502791b8bceULL},           {"forecast-week.json", 1, 0x40eba3e065108741ULL},
      {"emergency-line-24x7.json", 0, 0xd250c85e64bd4725ULL},     {"emergency-line-24x7.json", 1, 0x61547abecbcefff8ULL},
      {"what-if/crm-80.json", 0, 0x7237a8bfef6385d8ULL},   {"what-if/crm-80.json", 1, 0xed3f8cd27e567fc5ULL},
      {"what-if/callback-2m.json", 0, 0xfb16f3a2da0d266dULL},     {"what-if/callback-2m.json", 1, 0x97bf2b2e7c598c3eULL},
  };
  for (const auto& g : golden) {
    const sim::Scenario scenario = sim::load_scenario(ccsim::testing_support::scenario_path(g.file));
    sim::Engine engine(scenario);
    EXPECT_EQ(whole_digest(engine.run(g.replication)), g.digest)
        << g.file << " replication " << g.replication << std::hex << " digest 0x" << whole_digest(engine.run(g.replication));
  }
}
