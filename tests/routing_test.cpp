// Several call types and agent groups: routing checked against independent expectations
// (Erlang C per queue and pooled, Cobham's non-preemptive priority formula, an exact
// continuous-time Markov chain solved with Eigen), conservation, and the scenario's errors.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include <Eigen/SparseCore>
#include <Eigen/SparseLU>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/runner.hpp"
#include "statistics.hpp"
#include "tallies.hpp"

using namespace ccsim;
using nlohmann::json;
using sim::Metric;

namespace {

// A stationary day around the clock with two call types; groups and routing are added by each test.
json two_types(double per_hour_a, double aht_a, double per_hour_b, double aht_b, int replications) {
  json j;
  j["calendar"] = {{"days", 1}, {"open", "00:00"}, {"close", "24:00"}, {"interval", "1h"}};
  j["call_types"] = json::array({
      {{"name", "a"}, {"arrivals", {{"rate_per_hour", per_hour_a}}}, {"handle_time", {{"dist", "exponential"}, {"mean", aht_a}}}},
      {{"name", "b"}, {"arrivals", {{"rate_per_hour", per_hour_b}}}, {"handle_time", {{"dist", "exponential"}, {"mean", aht_b}}}},
  });
  j["service_level"] = {{"answer_within", "20s"}};
  j["run"] = {{"replications", replications}, {"seed", 77}, {"warmup", "2h"}};
  return j;
}

json group(const std::string& name, std::vector<std::string> skills, int agents) {
  return {{"name", name}, {"skills", skills}, {"staffing", {{"agents", agents}}}};
}

const sim::Estimate& of(const sim::ScopeResult& scope, Metric m) { return scope.summary[static_cast<std::size_t>(m)]; }

// Checks that `exact` lies in the simulation's 99% interval of `e`.
void expect_in_99(const sim::Estimate& e, int replications, double exact, const std::string& what) {
  ASSERT_TRUE(e.mean && e.ci95) << what;
  ccsim::testing_support::expect_in_99(*e.mean, *e.ci95, replications, exact, what);
}

models::QueueFigures erlang(double per_hour, double aht, int agents) {
  models::Queue q;
  q.arrival_rate = per_hour / 3600.0;
  q.handle_time = aht;
  q.agents = agents;
  return models::queue_figures(q, 20.0);
}

}  // namespace

TEST(Routing, DedicatedGroupsAreTwoErlangCQueues) {
  json j = two_types(100, 180, 40, 240, 200);
  j["agent_groups"] = json::array({group("ga", {"a"}, 7), group("gb", {"b"}, 4)});
  const sim::Scenario s = sim::parse_scenario(j);
  const auto r = sim::run_replications(s);
  ASSERT_EQ(r.call_types.size(), 2U);
  ASSERT_EQ(r.agent_groups.size(), 2U);
  const std::vector<std::tuple<std::size_t, double, double, int>> queues = {{0, 100, 180, 7}, {1, 40, 240, 4}};
  for (const auto& [t, per_hour, aht, agents] : queues) {
    const auto f = erlang(per_hour, aht, agents);
    const std::string name = r.call_types[t].name;
    expect_in_99(of(r.call_types[t], Metric::p_wait), r.replications, f.p_wait, name + " P(wait)");
    expect_in_99(of(r.call_types[t], Metric::asa), r.replications, f.asa, name + " ASA");
    expect_in_99(of(r.call_types[t], Metric::service_level), r.replications, f.service_level, name + " SL");
    expect_in_99(of(r.call_types[t], Metric::mean_queue), r.replications, f.mean_queue, name + " mean queue");
    expect_in_99(of(r.agent_groups[t], Metric::occupancy), r.replications, f.occupancy, name + " occupancy");
    expect_in_99(of(r.agent_groups[t], Metric::agents), r.replications, agents, name + " agents");
  }
}

TEST(Routing, OneGroupLongestWaitingIsOnePooledErlangCQueue) {
  json j = two_types(100, 180, 60, 180, 200);
  j["agent_groups"] = json::array({group("pool", {"a", "b"}, 10)});
  j["routing"] = {{"agent_picks", "longest_waiting"}};
  const auto r = sim::run_replications(sim::parse_scenario(j));
  const auto pooled = erlang(160, 180, 10);
  for (std::size_t t = 0; t < 2; ++t) {
    const std::string name = r.call_types[t].name;
    expect_in_99(of(r.call_types[t], Metric::asa), r.replications, pooled.asa, name + " ASA = pooled ASA");
    expect_in_99(of(r.call_types[t], Metric::p_wait), r.replications, pooled.p_wait, name + " P(wait) = pooled");
  }
  expect_in_99(r.summary[static_cast<std::size_t>(Metric::asa)], r.replications, pooled.asa, "centre ASA");
  expect_in_99(of(r.agent_groups[0], Metric::occupancy), r.replications, pooled.occupancy, "occupancy");
}

TEST(Routing, PriorityMatchesCobhamsNonPreemptiveFormula) {
  // Cobham (1954): in M/M/c with equal service rates mu and non-preemptive priority, class k
  // waits on average W_k = C(c, A) / (c mu (1 - s_{k-1}) (1 - s_k)), s_k = sum_{i<=k} lambda_i / (c mu).
  const int c = 10;
  const double aht = 180, lambda_a = 90 / 3600.0, lambda_b = 90 / 3600.0;
  json j = two_types(90, aht, 90, aht, 300);
  j["agent_groups"] = json::array({group("pool", {"a", "b"}, c)});  // skills order: a first
  const auto r = sim::run_replications(sim::parse_scenario(j));
  const double mu = 1 / aht;
  const double waiting = models::erlang_c(c, (lambda_a + lambda_b) * aht);
  const double s_a = lambda_a / (c * mu), s_b = s_a + lambda_b / (c * mu);
  const double w_a = waiting / (c * mu * (1 - s_a));
  const double w_b = waiting / (c * mu * (1 - s_a) * (1 - s_b));
  expect_in_99(of(r.call_types[0], Metric::asa), r.replications, w_a, "high priority ASA");
  expect_in_99(of(r.call_types[1], Metric::asa), r.replications, w_b, "low priority ASA");
  // Who waits at all does not depend on the order: both find every agent busy with the same probability.
  expect_in_99(of(r.call_types[1], Metric::p_wait), r.replications, waiting, "P(wait)");
}

// ---- An exact continuous-time Markov chain -----------------------------------------------
// Types A and B; group ga (1 agent, skill A), gb (2 agents, skill B), generalist gg (1 agent,
// skills A then B, so it takes A first); B overflows to gg after a wait of 0; exponential
// handle times and patience; L trunk lines held by every caller waiting or talking.
namespace {

struct Chain {
  double lambda_a, lambda_b, mu_a, mu_b, theta_a, theta_b;
  int lines;
};

struct ChainState {
  int a, b, g, qa, qb;  // g: 0 idle, 1 serving A, 2 serving B
  [[nodiscard]] int total() const { return a + b + (g != 0 ? 1 : 0) + qa + qb; }
  bool operator<(const ChainState& o) const { return std::tie(a, b, g, qa, qb) < std::tie(o.a, o.b, o.g, o.qa, o.qb); }
};

struct ChainFigures {
  double block, abandon_a, abandon_b, queue_a, queue_b, wait_a, wait_b, occupancy_ga, occupancy_gb, occupancy_gg;
};

ChainFigures solve(const Chain& m) {
  // Reachable states: a caller queues only when every agent who may take it is busy.
  std::vector<ChainState> states;
  for (int a = 0; a <= 1; ++a)
    for (int b = 0; b <= 2; ++b)
      for (int g = 0; g <= 2; ++g)
        for (int qa = 0; qa <= m.lines; ++qa)
          for (int qb = 0; qb <= m.lines; ++qb) {
            const ChainState st{a, b, g, qa, qb};
            if (st.total() > m.lines) continue;
            if (qa > 0 && (a == 0 || g == 0)) continue;
            if (qb > 0 && (b < 2 || g == 0)) continue;
            states.push_back(st);
          }
  std::map<ChainState, int> index;
  for (std::size_t i = 0; i < states.size(); ++i) index[states[i]] = static_cast<int>(i);
  const int n = static_cast<int>(states.size());
  std::vector<Eigen::Triplet<double>> q;
  const auto move = [&](int from, ChainState to, double rate) {
    if (rate <= 0) return;
    q.emplace_back(from, index.at(to), rate);
    q.emplace_back(from, from, -rate);
  };
  for (int i = 0; i < n; ++i) {
    const ChainState s = states[i];
    if (s.total() < m.lines) {
      ChainState t = s;  // A arrives: ga, else gg, else it queues
      if (t.a == 0) t.a = 1;
      else if (t.g == 0) t.g = 1;
      else ++t.qa;
      move(i, t, m.lambda_a);
      t = s;  // B arrives: gb, else gg (overflow after 0 s), else it queues
      if (t.b < 2) ++t.b;
      else if (t.g == 0) t.g = 2;
      else ++t.qb;
      move(i, t, m.lambda_b);
    }
    if (s.a == 1) {  // ga finishes: takes the next A
      ChainState t = s;
      if (t.qa > 0) --t.qa;
      else t.a = 0;
      move(i, t, m.mu_a);
    }
    if (s.b > 0) {  // a gb agent finishes: takes the next B
      ChainState t = s;
      if (t.qb > 0) --t.qb;
      else --t.b;
      move(i, t, s.b * m.mu_b);
    }
    if (s.g != 0) {  // gg finishes: A first, then B
      ChainState t = s;
      if (t.qa > 0) {
        --t.qa;
        t.g = 1;
      } else if (t.qb > 0) {
        --t.qb;
        t.g = 2;
      } else {
        t.g = 0;
      }
      move(i, t, s.g == 1 ? m.mu_a : m.mu_b);
    }
    if (s.qa > 0) {
      ChainState t = s;
      --t.qa;
      move(i, t, s.qa * m.theta_a);
    }
    if (s.qb > 0) {
      ChainState t = s;
      --t.qb;
      move(i, t, s.qb * m.theta_b);
    }
  }
  // pi Q = 0 with sum(pi) = 1: solve Q^T pi = 0 with the last equation replaced by the sum.
  Eigen::SparseMatrix<double> qt(n, n);
  std::vector<Eigen::Triplet<double>> transposed;
  for (const auto& e : q) {
    if (e.col() != n - 1) transposed.emplace_back(e.col(), e.row(), e.value());
  }
  for (int i = 0; i < n; ++i) transposed.emplace_back(n - 1, i, 1.0);
  qt.setFromTriplets(transposed.begin(), transposed.end());
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(n);
  rhs(n - 1) = 1.0;
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(qt);
  EXPECT_EQ(lu.info(), Eigen::Success);
  const Eigen::VectorXd pi = lu.solve(rhs);

  ChainFigures f{};
  double wait_a = 0, wait_b = 0;
  for (int i = 0; i < n; ++i) {
    const ChainState& s = states[i];
    const double p = pi(i);
    if (s.total() >= m.lines) f.block += p;
    else {
      if (s.a == 1 && s.g != 0) wait_a += p;  // PASTA: an admitted A finds ga and gg busy
      if (s.b == 2 && s.g != 0) wait_b += p;
    }
    f.queue_a += p * s.qa;
    f.queue_b += p * s.qb;
    f.occupancy_ga += p * s.a;
    f.occupancy_gb += p * s.b / 2.0;
    f.occupancy_gg += s.g != 0 ? p : 0.0;
  }
  const double admitted_a = m.lambda_a * (1 - f.block), admitted_b = m.lambda_b * (1 - f.block);
  f.abandon_a = m.theta_a * f.queue_a / admitted_a;  // abandons per second / admitted per second
  f.abandon_b = m.theta_b * f.queue_b / admitted_b;
  f.wait_a = wait_a / (1 - f.block);
  f.wait_b = wait_b / (1 - f.block);
  return f;
}

}  // namespace

TEST(Routing, SmallSystemMatchesItsExactMarkovChain) {
  const Chain m{50 / 3600.0, 70 / 3600.0, 1 / 150.0, 1 / 120.0, 1 / 200.0, 1 / 300.0, 7};
  const ChainFigures f = solve(m);
  // The chain itself: every probability is a probability.
  ASSERT_GT(f.block, 0.001);
  ASSERT_LT(f.block, 0.5);

  json j = two_types(50, 150, 70, 120, 300);
  j["call_types"][0]["patience"] = {{"dist", "exponential"}, {"mean", 200}};
  j["call_types"][1]["patience"] = {{"dist", "exponential"}, {"mean", 300}};
  j["agent_groups"] = json::array({group("ga", {"a"}, 1), group("gb", {"b"}, 2), group("gg", {"a", "b"}, 1)});
  j["routing"] = {{"agent_picks", "priority"}, {"overflow", json::array({{{"call_type", "b"}, {"agent_group", "gg"}, {"after", 0}}})}};
  j["lines"] = m.lines;
  const auto r = sim::run_replications(sim::parse_scenario(j));
  const int n = r.replications;
  expect_in_99(r.summary[static_cast<std::size_t>(Metric::block_rate)], n, f.block, "blocking");
  expect_in_99(of(r.call_types[0], Metric::block_rate), n, f.block, "A blocking");
  expect_in_99(of(r.call_types[0], Metric::abandon_rate), n, f.abandon_a, "A abandon rate");
  expect_in_99(of(r.call_types[1], Metric::abandon_rate), n, f.abandon_b, "B abandon rate");
  expect_in_99(of(r.call_types[0], Metric::mean_queue), n, f.queue_a, "A mean queue");
  expect_in_99(of(r.call_types[1], Metric::mean_queue), n, f.queue_b, "B mean queue");
  expect_in_99(of(r.call_types[0], Metric::p_wait), n, f.wait_a, "A P(wait)");
  expect_in_99(of(r.call_types[1], Metric::p_wait), n, f.wait_b, "B P(wait)");
  expect_in_99(of(r.agent_groups[0], Metric::occupancy), n, f.occupancy_ga, "ga occupancy");
  expect_in_99(of(r.agent_groups[1], Metric::occupancy), n, f.occupancy_gb, "gb occupancy");
  expect_in_99(of(r.agent_groups[2], Metric::occupancy), n, f.occupancy_gg, "gg occupancy");
}

// ---- Conservation and reproducibility ------------------------------------------------------
namespace {

json centre_with_everything() {
  json j = two_types(120, 200, 80, 300, 6);
  j["calendar"] = {{"days", 2}, {"open", "08:00"}, {"close", "18:00"}, {"interval", "30m"}};
  j["run"]["warmup"] = 0;
  j["call_types"][0]["patience"] = {{"dist", "exponential"}, {"mean", "3m"}};
  j["call_types"][1]["patience"] = {{"dist", "exponential"}, {"mean", "5m"}};
  j["call_types"][1]["service_level"] = {{"answer_within", "60s"}};
  j["agent_groups"] = json::array({group("ga", {"a"}, 5), group("gb", {"b"}, 4), group("gg", {"b", "a"}, 3)});
  j["agent_groups"][2]["handle_time_factor"] = {{"a", 1.3}};
  j["routing"] = {{"agent_picks", "longest_waiting"}, {"overflow", json::array({{{"call_type", "a"}, {"agent_group", "gg"}, {"after", "30s"}}})}};
  j["returns"] = {{"redial_probability", 0.4}, {"first_contact_resolution", 0.8}};
  j["lines"] = 20;
  j["day_to_day_cv"] = 0.1;
  return j;
}

using ccsim::testing_support::sum;

}  // namespace

TEST(Routing, EveryCallIsCountedOncePerTypeAndPerGroup) {
  const sim::Scenario s = sim::parse_scenario(centre_with_everything());
  sim::Engine engine(s);
  for (int rep = 0; rep < 4; ++rep) {
    const auto r = engine.run(rep);
    ASSERT_EQ(r.call_types.size(), 2U);
    ASSERT_EQ(r.agent_groups.size(), 3U);
    const sim::IntervalTally centre = sum(r.intervals);
    sim::IntervalTally types;
    for (std::size_t t = 0; t < 2; ++t) {
      const sim::IntervalTally own = sum(r.call_types[t]);
      // Every call of the type ends blocked, answered or abandoned (the day drains).
      EXPECT_EQ(own.offered, own.blocked + own.answered + own.abandoned) << "type " << t;
      double handled = 0;
      for (std::size_t g = 0; g < 3; ++g) handled += r.handled_by_type[g * 2 + t];
      EXPECT_EQ(handled, own.answered) << "type " << t;
      EXPECT_GT(own.offered, 100);
      types.add_counts(own);
    }
    EXPECT_EQ(types.offered, centre.offered);
    EXPECT_EQ(types.answered, centre.answered);
    EXPECT_EQ(types.abandoned, centre.abandoned);
    EXPECT_EQ(types.answered_within, centre.answered_within);
    EXPECT_EQ(types.customers, centre.customers);
    double group_handled = 0, busy = 0, available = 0;
    for (std::size_t g = 0; g < 3; ++g) {
      const sim::IntervalTally own = sum(r.agent_groups[g]);
      group_handled += own.answered;
      busy += own.busy_time;
      available += own.available_time;
      EXPECT_LE(own.busy_time, own.available_time * (1 + 1e-12)) << "group " << g;
    }
    EXPECT_EQ(group_handled, centre.answered);
    EXPECT_NEAR(busy, centre.busy_time, 1e-6 * centre.busy_time);
    EXPECT_NEAR(available, centre.available_time, 1e-6 * centre.available_time);
    // Overflow: the generalists take some of type a, the specialists of b none of a.
    EXPECT_GT(r.handled_by_type[2 * 2 + 0], 0);
    EXPECT_EQ(r.handled_by_type[1 * 2 + 0], 0);
  }
}

TEST(Routing, ResultsDoNotDependOnTheThreadCount) {
  const sim::Scenario s = sim::parse_scenario(centre_with_everything());
  sim::RunOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const auto a = sim::run_replications(s, one);
  const auto b = sim::run_replications(s, two);
  ASSERT_EQ(a.call_types.size(), b.call_types.size());
  for (std::size_t t = 0; t < a.call_types.size(); ++t) {
    for (std::size_t m = 0; m < sim::metric_count; ++m) {
      EXPECT_EQ(a.call_types[t].summary[m].mean, b.call_types[t].summary[m].mean);
      EXPECT_EQ(a.call_types[t].summary[m].ci95, b.call_types[t].summary[m].ci95);
    }
  }
  for (std::size_t g = 0; g < a.agent_groups.size(); ++g) {
    for (std::size_t m = 0; m < sim::metric_count; ++m) EXPECT_EQ(a.agent_groups[g].summary[m].mean, b.agent_groups[g].summary[m].mean);
  }
}

TEST(Routing, StaffingPassedToTheEngineIsTheStaffingOfTheFile) {
  // The engine takes staffing apart from the model: a changed staffing run on the same model
  // gives exactly what the scenario with that staffing gives.
  json j = centre_with_everything();
  const sim::Scenario base = sim::parse_scenario(j);
  j["agent_groups"][1]["staffing"]["agents"] = 6;
  const sim::Scenario more = sim::parse_scenario(j);
  sim::Engine engine(base);
  for (int rep = 0; rep < 2; ++rep) {
    const auto swapped = engine.run(rep, more.staffing);
    sim::Engine reference(more);
    const auto expected = reference.run(rep);
    const auto x = sum(swapped.intervals), y = sum(expected.intervals);
    EXPECT_EQ(x.answered, y.answered);
    EXPECT_EQ(x.wait_all, y.wait_all);
    EXPECT_EQ(x.busy_time, y.busy_time);
  }
  sim::Staffing wrong = base.staffing;
  wrong.groups.pop_back();
  EXPECT_THROW(engine.run(0, wrong), std::invalid_argument);
}

TEST(Routing, SingleQueueFormatIsOneTypeAndOneGroup) {
  json j;
  j["arrivals"] = {{"rate_per_hour", 100}};
  j["handle_time"] = {{"dist", "exponential"}, {"mean", 180}};
  j["staffing"] = {{"agents", 7}};
  const auto s = sim::parse_scenario(j);
  ASSERT_EQ(s.call_types.size(), 1U);
  ASSERT_EQ(s.agent_groups.size(), 1U);
  EXPECT_FALSE(s.several_queues);
  const auto r = sim::run_replications(s);
  EXPECT_TRUE(r.call_types.empty());  // the whole centre is the one queue
  // The same centre written with call_types: the same figures, bit for bit (type 0 keeps its streams).
  json k;
  k["call_types"] = json::array({{{"name", "calls"}, {"arrivals", j["arrivals"]}, {"handle_time", j["handle_time"]}}});
  k["agent_groups"] = json::array({group("agents", {"calls"}, 7)});
  const auto r2 = sim::run_replications(sim::parse_scenario(k));
  ASSERT_EQ(r2.call_types.size(), 1U);
  for (const auto& info : sim::metric_infos()) {
    const auto m = static_cast<std::size_t>(info.metric);
    EXPECT_EQ(r.summary[m].mean, r2.summary[m].mean) << info.name;
    if (sim::reported(info, sim::parse_scenario(k), sim::Scope::call_type)) {
      EXPECT_EQ(r.summary[m].mean, r2.call_types[0].summary[m].mean) << info.name;
    }
    if (sim::reported(info, sim::parse_scenario(k), sim::Scope::agent_group) && info.metric != Metric::handled) {
      EXPECT_EQ(r.summary[m].mean, r2.agent_groups[0].summary[m].mean) << info.name;
    }
  }
  EXPECT_EQ(r.summary[static_cast<std::size_t>(Metric::answered)].mean,
            r2.agent_groups[0].summary[static_cast<std::size_t>(Metric::handled)].mean);
}

// ---- Errors: the JSON path and the value ---------------------------------------------------
TEST(Routing, BadRoutingIsRefusedNamingThePath) {
  const auto refused = [](const std::function<void(json&)>& change, const std::string& message) {
    json j = two_types(10, 180, 10, 180, 2);
    j["agent_groups"] = json::array({group("ga", {"a"}, 2), group("gb", {"b"}, 2)});
    change(j);
    try {
      sim::parse_scenario(j);
      ADD_FAILURE() << "accepted; expected: " << message;
    } catch (const sim::ScenarioError& e) {
      EXPECT_NE(std::string(e.what()).find(message), std::string::npos) << e.what();
    }
  };
  refused([](json& j) { j["agent_groups"][0]["skills"] = {"a", "c"}; },
          "agent_groups[0].skills[1]: \"c\" is not a call type (known: a, b)");
  refused([](json& j) { j["agent_groups"][1]["skills"] = {"a"}; }, "call_types[1]: \"b\" is served by no agent group");
  refused([](json& j) { j["call_types"][1]["name"] = "a"; }, "call_types[1].name: \"a\" is used twice");
  refused([](json& j) { j["agent_groups"][1]["name"] = "ga"; }, "agent_groups[1].name: \"ga\" is used twice");
  refused([](json& j) { j["call_types"][0]["agent_groups"] = {"gx"}; }, "call_types[0].agent_groups[0]: \"gx\" is not an agent group");
  refused([](json& j) { j["call_types"][0]["agent_groups"] = {"gb"}; },
          "call_types[0].agent_groups[0]: \"gb\" does not have this call type among its skills");
  refused([](json& j) { j["routing"] = {{"overflow", json::array({{{"call_type", "z"}, {"agent_group", "ga"}, {"after", 5}}})}}; },
          "routing.overflow[0].call_type: \"z\" is not a call type");
  refused([](json& j) { j["routing"] = {{"overflow", json::array({{{"call_type", "b"}, {"agent_group", "ga"}, {"after", 5}}})}}; },
          "routing.overflow[0].agent_group: \"ga\" does not serve call type \"b\"");
  refused([](json& j) { j["routing"] = {{"agent_picks", "random"}}; }, "routing.agent_picks: \"random\" is not a rule");
  refused([](json& j) { j["agent_groups"][0]["handle_time_factor"] = {{"b", 1.2}}; },
          "agent_groups[0].handle_time_factor.b: \"b\" is not among this group's skills");
  refused([](json& j) { j["agent_groups"][0]["handle_time_factor"] = {{"q", 1.2}}; },
          "agent_groups[0].handle_time_factor.q: \"q\" is not a call type");
  refused([](json& j) { j["agent_groups"][0]["handle_time_factor"] = {{"a", -1}}; },
          "agent_groups[0].handle_time_factor.a: -1 must be a multiplier above 0");
  refused([](json& j) { j["staffing"] = {{"agents", 3}}; }, "staffing: {\"agents\":3} belongs inside each call type");
  refused([](json& j) { j["arrivals"] = {{"rate_per_hour", 3}}; }, "arrivals: {\"rate_per_hour\":3} belongs inside each call type");
  refused([](json& j) { j.erase("agent_groups"); }, "agent_groups: is missing");
  refused([](json& j) { j["call_types"][0]["service_level"] = {{"definition", "answered"}}; },
          "call_types[0].service_level.definition: \"answered\" is set for the whole centre");
  refused([](json& j) { j["agent_groups"][0]["staffing"] = {{"shifts", json::array({{{"start", "08:00"}, {"end", "12:00"}, {"agents", 1}}})}}; },
          "call_types[0]: call type \"a\": no agent is on duty at closing time");
  refused([](json& j) { j["call_types"][0]["name"] = "all"; }, "call_types[0].name: \"all\" is reserved");
}

TEST(Routing, ACallTypesOwnBlocksReplaceTheTopLevelOnes) {
  // Type b has its own IVR (half resolved there), callbacks and redials; type a takes the
  // top-level blocks: no IVR, no callback, returns with FCR 0.9 and no redials.
  json j = two_types(200, 180, 100, 180, 20);
  j["calendar"] = {{"days", 1}, {"open", "08:00"}, {"close", "16:00"}, {"interval", "1h"}};
  j["run"]["warmup"] = 0;
  j["call_types"][0]["patience"] = {{"dist", "exponential"}, {"mean", "2m"}};
  j["call_types"][1]["patience"] = {{"dist", "exponential"}, {"mean", "2m"}};
  j["returns"] = {{"first_contact_resolution", 0.9}};
  j["call_types"][1]["ivr"] = {{"time", {{"dist", "fixed"}, {"mean", "30s"}}}, {"self_service", 0.5}};
  j["call_types"][1]["callback"] = {{"offer_when_wait_exceeds", "30s"}, {"accept_probability", 0.5}};
  j["call_types"][1]["returns"] = {{"redial_probability", 0.9}, {"first_contact_resolution", 1.0}};
  j["agent_groups"] = json::array({group("ga", {"a"}, 9), group("gb", {"b"}, 2)});
  const sim::Scenario s = sim::parse_scenario(j);
  ASSERT_TRUE(s.follow_customers);
  EXPECT_FALSE(s.call_types[0].ivr.has_value());
  ASSERT_TRUE(s.call_types[1].ivr.has_value());
  sim::Engine engine(s);
  sim::IntervalTally a, b;
  for (int rep = 0; rep < 20; ++rep) {
    const auto r = engine.run(rep);
    a.add(sum(r.call_types[0]));
    b.add(sum(r.call_types[1]));
  }
  EXPECT_EQ(a.self_service, 0);
  EXPECT_EQ(a.callbacks_offered, 0);
  EXPECT_EQ(a.redials, 0);   // the top-level returns have no redials
  EXPECT_GT(a.repeats, 0);   // ... and 10 % of a's problems come back
  EXPECT_EQ(b.repeats, 0);   // b resolves every problem it answers
  EXPECT_GT(b.redials, 0);
  EXPECT_GT(b.callbacks_offered, 0);
  // Half of b's callers who reach the IVR are resolved there (binomial: within 5 standard errors).
  const double in_ivr = b.offered - b.blocked;
  EXPECT_NEAR(b.self_service / in_ivr, 0.5, 5 * std::sqrt(0.25 / in_ivr));
  // Journeys: every customer of each type ends resolved, gave up or pending.
  for (const auto* t : {&a, &b}) EXPECT_EQ(t->customers, t->resolved + t->gave_up + t->pending);
}

TEST(Routing, AnOverflowGroupTakesACallerOnlyAfterItsWait) {
  // One call type, a busy primary group and an idle overflow group that may take it after 60 s.
  // Callers who give up after 30 s never reach the overflow group; those who wait up to 90 s do.
  const auto run_with = [](const char* patience) {
    json j = two_types(200, 300, 1, 300, 10);
    j["call_types"][0]["patience"] = {{"dist", "fixed"}, {"mean", patience}};
    j["agent_groups"] = json::array({group("primary", {"a", "b"}, 10), group("reserve", {"a"}, 5)});
    j["routing"] = {{"overflow", json::array({{{"call_type", "a"}, {"agent_group", "reserve"}, {"after", "60s"}}})}};
    return sim::run_replications(sim::parse_scenario(j));
  };
  const auto impatient = run_with("30s");
  const auto patient = run_with("90s");
  const auto handled_a = [](const sim::RunResult& r, std::size_t g) { return *r.agent_groups[g].handled_by_call_type[0].mean; };
  EXPECT_EQ(handled_a(impatient, 1), 0.0);
  EXPECT_GT(handled_a(patient, 1), 100.0);
  // Every call the reserve answered waited 60 to 90 s: at most the type's calls answered after
  // more than 59 s (answered - answered within 59 s).
  json j = two_types(200, 300, 1, 300, 10);
  j["call_types"][0]["patience"] = {{"dist", "fixed"}, {"mean", "90s"}};
  j["call_types"][0]["service_level"] = {{"answer_within", "59s"}};
  j["agent_groups"] = json::array({group("primary", {"a", "b"}, 10), group("reserve", {"a"}, 5)});
  j["routing"] = {{"overflow", json::array({{{"call_type", "a"}, {"agent_group", "reserve"}, {"after", "60s"}}})}};
  const sim::Scenario scenario = sim::parse_scenario(j);
  sim::Engine engine(scenario);
  for (int rep = 0; rep < 5; ++rep) {
    const auto r = engine.run(rep);
    const sim::IntervalTally a = sum(r.call_types[0]);
    EXPECT_LE(r.handled_by_type[1 * 2 + 0], a.answered - a.answered_within);
    EXPECT_GT(r.handled_by_type[1 * 2 + 0], 0.0);
  }
}
