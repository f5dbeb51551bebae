// What-if knobs: read from a scenario, written back into its JSON.
#include "ccsim/viz/whatif.hpp"

#include <filesystem>
#include <cmath>

#include "ccsim/sim/duration.hpp"

namespace ccsim::viz {
namespace {

using nlohmann::json;
using models::Distribution;
using models::DistributionKind;

bool same(double a, double b) { return std::abs(a - b) <= 1e-9 * std::max(1.0, std::abs(b)); }

double seconds_of(const json& v) { return v.is_number() ? v.get<double>() : sim::parse_duration(v.get<std::string>()); }

// `spec` (the JSON of distribution `d`) with its mean moved to `mean`, its shape (cv) kept.
json with_mean(const json& spec, const Distribution& d, double mean) {
  if (same(mean, d.mean())) return spec;
  if (spec.contains("mean") && spec["mean"].is_array()) {  // a mean per interval: every value scaled
    json out = spec;
    const double factor = d.mean() > 0 ? mean / d.mean() : 0.0;
    const auto scale = [factor](json& list, const auto& self) -> void {
      for (auto& v : list) {
        if (v.is_array()) {
          self(v, self);
        } else {
          v = seconds_of(v) * factor;
        }
      }
    };
    scale(out["mean"], scale);
    return out;
  }
  if (d.kind() == DistributionKind::mixture) {  // every part scaled, weights kept
    json out = spec;
    const double factor = d.mean() > 0 ? mean / d.mean() : 0.0;
    for (std::size_t i = 0; i < d.parts().size() && i < out["parts"].size(); ++i) {
      json part = out["parts"][i];
      const json weight = part["weight"];
      part.erase("weight");
      json scaled = with_mean(part, d.parts()[i], d.parts()[i].mean() * factor);
      scaled["weight"] = weight;
      out["parts"][i] = scaled;
    }
    return out;
  }
  if (d.kind() == DistributionKind::empirical) {
    json out = spec;
    const double factor = d.mean() > 0 ? mean / d.mean() : 0.0;
    for (auto& v : out["values"]) v = seconds_of(v) * factor;
    return out;
  }
  json out = {{"dist", models::distribution_kind_name(d.kind())}, {"mean", mean}};
  if (d.kind() != DistributionKind::exponential && d.kind() != DistributionKind::fixed) out["cv"] = d.cv();
  return out;
}

// Multiplies a number or a list (of lists) of numbers.
void scale_numbers(json& v, double factor) {
  if (v.is_array()) {
    for (auto& e : v) scale_numbers(e, factor);
  } else if (v.is_number()) {
    v = v.get<double>() * factor;
  }
}

int scaled_count(double count, double factor) { return static_cast<int>(std::lround(count * factor)); }

void scale_counts(json& v, double factor) {
  if (v.is_array()) {
    for (auto& e : v) scale_counts(e, factor);
  } else if (v.is_number()) {
    v = scaled_count(v.get<double>(), factor);
  }
}

}  // namespace

std::vector<std::vector<int>> scheduled_bars(const sim::Scenario& scenario, std::size_t agent_group) {
  std::vector<std::vector<int>> bars(static_cast<std::size_t>(scenario.calendar.days));
  for (int d = 0; d < scenario.calendar.days; ++d) {
    for (int i = 0; i < scenario.calendar.intervals_per_day(); ++i)
      bars[static_cast<std::size_t>(d)].push_back(
          static_cast<int>(std::lround(scenario.staffing.scheduled_agents(agent_group, d, i, scenario.calendar))));
  }
  return bars;
}

namespace {
// Where call type `t`'s demand (arrivals, handle_time, wrap_up, patience) and agent group `g`'s
// staffing live in a scenario's JSON: the top level of a single queue, or the lists' entries.
json& demand_of(json& scenario, std::size_t t) { return scenario.contains("call_types") ? scenario["call_types"][t] : scenario; }
const json& demand_of(const json& scenario, std::size_t t) { return scenario.contains("call_types") ? scenario["call_types"][t] : scenario; }
json& staffing_of(json& scenario, std::size_t g) {
  return scenario.contains("agent_groups") ? scenario["agent_groups"][g]["staffing"] : scenario["staffing"];
}
const json& staffing_of(const json& scenario, std::size_t g) {
  return scenario.contains("agent_groups") ? scenario["agent_groups"][g]["staffing"] : scenario["staffing"];
}
}  // namespace

Knobs knobs_from(const json& json_scenario, std::size_t call_type, std::size_t agent_group) {
  const sim::Scenario s = sim::parse_scenario(json_scenario);
  Knobs k;
  k.call_type = std::min(call_type, s.call_types.size() - 1);
  k.agent_group = std::min(agent_group, s.agent_groups.size() - 1);
  const sim::CallType& type = s.call_types[k.call_type];
  k.day_scale.assign(static_cast<std::size_t>(s.calendar.days), 1.0);
  k.handle_time = type.handle_time.mean();
  k.wrap_up = type.wrap_up.mean();
  if (type.patience) k.patience = type.patience->mean();
  k.lines = s.lines;
  k.bars = scheduled_bars(s, k.agent_group);
  const json& staffing = staffing_of(json_scenario, k.agent_group);
  if (const auto it = staffing.find("shifts"); it != staffing.end()) {
    for (const auto& shift : *it) {
      ShiftKnob sk;
      sk.start = sim::format_time_of_day(sim::parse_time_of_day(shift["start"].get<std::string>(), false));
      sk.end = sim::format_time_of_day(sim::parse_time_of_day(shift["end"].get<std::string>(), true));
      sk.agents = shift["agents"].get<int>();
      k.shifts.push_back(sk);
    }
  }
  if (s.callback) {
    k.callback = true;
    k.callback_after = s.callback->offer_when_wait_exceeds.value_or(120.0);
    k.callback_accept = s.callback->accept_probability;
  }
  k.self_service = s.ivr ? s.ivr->self_service : 0.0;
  k.first_contact_resolution = s.returns.first_contact_resolution;
  k.redial_probability = s.returns.redial_probability;
  k.answer_within = s.service_level.answer_within;
  k.service_level_target = s.service_level.target;
  k.short_abandon = s.service_level.short_abandon;
  k.definition = s.service_level.definition;
  k.replications = s.run.replications;
  k.seed = s.run.seed;
  return k;
}

json apply_knobs(const json& base, const Knobs& k) {
  const sim::Scenario s = sim::parse_scenario(base);
  const std::size_t t = std::min(k.call_type, s.call_types.size() - 1);
  const std::size_t g = std::min(k.agent_group, s.agent_groups.size() - 1);
  const Knobs original = knobs_from(base, t, g);
  json out = base;

  // Volume of every call type: scaled in place, unless days are scaled apart (then as expected
  // calls per interval).
  bool days_apart = false;
  for (double f : k.day_scale) days_apart |= !same(f, 1.0);
  for (std::size_t type = 0; type < s.call_types.size(); ++type) {
    json& demand = demand_of(out, type);
    if (demand["arrivals"].contains("forecast")) {
      // A forecast file stays (its AHT drives the talk time): the knobs become arrivals.factor, per day if need be.
      json& a = demand["arrivals"];
      json factors = json::array();
      for (int d = 0; d < s.calendar.days; ++d) {
        const double own = !a.contains("factor") ? 1.0 : a["factor"].is_array() ? a["factor"][static_cast<std::size_t>(d)].get<double>() : a["factor"].get<double>();
        factors.push_back(own * k.volume_scale * (static_cast<std::size_t>(d) < k.day_scale.size() ? k.day_scale[static_cast<std::size_t>(d)] : 1.0));
      }
      const bool per_day = a.contains("factor") && a["factor"].is_array();
      if (days_apart || (per_day && !same(k.volume_scale, 1.0))) {
        a["factor"] = factors;
      } else if (!same(k.volume_scale, 1.0)) {
        a["factor"] = factors[0];
      }
    } else if (days_apart) {
      json lists = json::array();
      for (int d = 0; d < s.calendar.days; ++d) {
        const auto& profile = s.call_types[type].arrivals[static_cast<std::size_t>(d)];
        const double factor = k.volume_scale * (static_cast<std::size_t>(d) < k.day_scale.size() ? k.day_scale[static_cast<std::size_t>(d)] : 1.0);
        json day = json::array();
        for (std::size_t i = 0; i < profile.intervals(); ++i) day.push_back(profile.expected_calls(i) * factor);
        lists.push_back(day);
      }
      json arrivals = {{"per_interval", lists}};
      if (demand["arrivals"].contains("day_to_day_cv")) arrivals["day_to_day_cv"] = demand["arrivals"]["day_to_day_cv"];
      demand["arrivals"] = arrivals;
    } else if (!same(k.volume_scale, 1.0)) {
      json& a = demand["arrivals"];
      for (const char* field : {"calls_per_day", "rate_per_hour", "per_interval"})
        if (a.contains(field)) scale_numbers(a[field], k.volume_scale);
    }
  }

  // The call type's needs.
  const sim::CallType& type = s.call_types[t];
  const json& base_demand = demand_of(base, t);
  json& demand = demand_of(out, t);
  demand["handle_time"] = with_mean(base_demand["handle_time"], type.handle_time, k.handle_time);
  if (!same(k.wrap_up, original.wrap_up)) {
    demand["wrap_up"] = base_demand.contains("wrap_up") ? with_mean(base_demand["wrap_up"], type.wrap_up, k.wrap_up)
                                                        : json{{"dist", "fixed"}, {"mean", k.wrap_up}};
  }
  if (!k.patience) {
    demand.erase("patience");
  } else if (!type.patience) {
    demand["patience"] = {{"dist", "exponential"}, {"mean", *k.patience}};
  } else {
    demand["patience"] = with_mean(base_demand["patience"], *type.patience, *k.patience);
  }
  if (!k.lines) {
    out.erase("lines");
  } else if (k.lines != s.lines) {
    out["lines"] = *k.lines;
  }

  // Staffing of the agent group: the bars once edited; otherwise the group's own form, scaled.
  // The other groups: scaled.
  for (std::size_t other = 0; other < s.agent_groups.size(); ++other) {
    if (other == g || same(k.staffing_scale, 1.0)) continue;
    json& st = staffing_of(out, other);
    if (st.contains("shifts")) {
      for (auto& shift : st["shifts"]) shift["agents"] = scaled_count(shift["agents"].get<double>(), k.staffing_scale);
    } else {
      for (const char* field : {"agents", "per_interval"})
        if (st.contains(field)) scale_counts(st[field], k.staffing_scale);
    }
  }
  json& staffing = staffing_of(out, g);
  if (k.bars_edited) {
    json lists = json::array();
    for (const auto& day : k.bars) {
      json l = json::array();
      for (int n : day) l.push_back(scaled_count(n, k.staffing_scale));
      lists.push_back(l);
    }
    staffing = {{"per_interval", lists}};
  } else if (staffing.contains("shifts")) {
    bool changed = !same(k.staffing_scale, 1.0) || k.shifts.size() != original.shifts.size();
    for (std::size_t i = 0; !changed && i < k.shifts.size(); ++i) {
      changed = k.shifts[i].start != original.shifts[i].start || k.shifts[i].end != original.shifts[i].end ||
                k.shifts[i].agents != original.shifts[i].agents;
    }
    if (changed) {
      json shifts = json::array();
      for (std::size_t i = 0; i < k.shifts.size(); ++i) {
        json shift = i < staffing["shifts"].size() ? staffing["shifts"][i] : json::object();
        shift["start"] = k.shifts[i].start;
        shift["end"] = k.shifts[i].end;
        shift["agents"] = scaled_count(k.shifts[i].agents, k.staffing_scale);
        shifts.push_back(shift);
      }
      staffing["shifts"] = shifts;
    }
  } else if (!same(k.staffing_scale, 1.0)) {
    for (const char* field : {"agents", "per_interval"})
      if (staffing.contains(field)) scale_counts(staffing[field], k.staffing_scale);
  }

  // Callback offer, self-service, returning customers.
  if (!k.callback) {
    out.erase("callback");
  } else if (!s.callback || !same(k.callback_after, original.callback_after) || !same(k.callback_accept, original.callback_accept) ||
             !s.callback->offer_when_wait_exceeds) {
    json& cb = out["callback"];
    if (!cb.is_object()) cb = json::object();
    cb["offer_when_wait_exceeds"] = k.callback_after;
    cb["accept_probability"] = k.callback_accept;
  }
  if (!same(k.self_service, original.self_service)) {
    if (!out.contains("ivr")) out["ivr"] = {{"time", {{"dist", "fixed"}, {"value", 0}}}};
    out["ivr"]["self_service"] = k.self_service;
  }
  if (!same(k.first_contact_resolution, original.first_contact_resolution))
    out["returns"]["first_contact_resolution"] = k.first_contact_resolution;
  if (!same(k.redial_probability, original.redial_probability))
    out["returns"]["redial_probability"] = k.redial_probability;

  // Service level and replications.
  if (!same(k.answer_within, original.answer_within)) out["service_level"]["answer_within"] = k.answer_within;
  if (!same(k.service_level_target, original.service_level_target)) out["service_level"]["target"] = k.service_level_target;
  if (!same(k.short_abandon, original.short_abandon)) out["service_level"]["short_abandon"] = k.short_abandon;
  if (k.definition != original.definition) out["service_level"]["definition"] = sim::service_level_definition_name(k.definition);
  if (k.replications != original.replications) out["run"]["replications"] = k.replications;
  if (k.seed != original.seed) out["run"]["seed"] = k.seed;
  return out;
}

json with_forecast(const json& scenario, std::size_t call_type, const std::string& file) {
  json out = scenario;
  json& demand = out.contains("call_types") ? out["call_types"][call_type] : out;
  json arrivals = {{"forecast", std::filesystem::absolute(file).lexically_normal().string()}};
  if (demand.contains("arrivals") && demand["arrivals"].contains("day_to_day_cv")) arrivals["day_to_day_cv"] = demand["arrivals"]["day_to_day_cv"];
  demand["arrivals"] = arrivals;
  return out;
}

}  // namespace ccsim::viz
