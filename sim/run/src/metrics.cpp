#include "ccsim/sim/metrics.hpp"

#include "ccsim/sim/duration.hpp"

namespace ccsim::sim {

const std::vector<MetricInfo>& metric_infos() {
  static const std::vector<MetricInfo> infos = {
      {Metric::offered, "offered", "Offered", "calls", "calls offered per replication (every arrival, blocked ones included)", false, true, false, false, false, centre | call_type},
      {Metric::blocked, "blocked", "Blocked", "calls", "calls that found every line taken (busy signal)", false, true, false, false, false, centre | call_type},
      {Metric::answered, "answered", "Answered", "calls", "calls answered by an agent", false, true, false, false, false, centre | call_type},
      {Metric::abandoned, "abandoned", "Abandoned", "calls", "callers who hung up while waiting", false, true, false, false, false, centre | call_type},
      {Metric::abandoned_short, "abandoned_short", "Short abandons", "calls", "abandoned within the short-abandon threshold", false, true, false, false, false, centre | call_type},
      {Metric::answered_within_target, "answered_within_target", "Answered within T", "calls", "answered with wait <= answer_within", false, true, false, false, false, centre | call_type},
      {Metric::service_level, "service_level", "Service level", "%", "the configured service level (see service_level_definition)", true, true, false, false, true, centre | call_type},
      {Metric::service_level_answered, "service_level_answered", "Service level of answered", "%", "answered within T / answered", true, true, false, false, true, centre | call_type},
      {Metric::service_level_offered, "service_level_offered", "Service level of offered", "%", "answered within T / offered (blocked included)", true, true, false, false, true, centre | call_type},
      {Metric::asa, "asa", "Average speed of answer", "s", "average speed of answer: mean wait of answered calls, seconds", true, true, false, false, false, centre | call_type},
      {Metric::mean_wait, "mean_wait", "Mean wait (all)", "s", "mean wait of answered, abandoned (and cleared) calls, seconds", true, true, false, false, false, centre | call_type},
      {Metric::abandon_rate, "abandon_rate", "Abandon rate", "%", "abandoned / admitted (offered - blocked)", true, true, false, false, true, centre | call_type},
      {Metric::block_rate, "block_rate", "Busy-signal rate", "%", "blocked / offered", true, true, false, false, true, centre | call_type},
      {Metric::occupancy, "occupancy", "Occupancy", "%", "agent time handling calls (talk + wrap-up) / agent time available (on duty, not on break)", true, true, false, false, true, centre | agent_group},
      {Metric::p_wait, "p_wait", "Probability of waiting", "%", "share of admitted calls that found no agent free", true, true, false, false, true, centre | call_type},
      {Metric::mean_queue, "mean_queue", "Callers waiting (mean)", "callers", "time-average number of callers waiting", true, true, false, false, false, centre | call_type},
      {Metric::agents, "agents", "Agents available (mean)", "agents", "time-average number of agents available (on duty, not on break)", true, true, false, false, false, centre | agent_group},
      {Metric::wait_p90, "wait_p90", "Wait, 90th percentile", "s", "90th percentile of answered calls' waits, seconds (resolution 0.25 s up to an hour, 0.3 % of the wait beyond)", false, false, false, false, false, centre},
      {Metric::max_queue, "max_queue", "Callers waiting (most)", "callers", "most callers waiting at once", false, true, false, false, false, centre | call_type},
      {Metric::fresh, "fresh", "First contacts", "calls", "offered calls that are a customer's first contact", false, true, true, false, false, centre | call_type},
      {Metric::redials, "redials", "Redials", "calls", "offered calls of customers who abandoned or balked before", false, true, true, false, false, centre | call_type},
      {Metric::retries, "retries", "Retries after busy", "calls", "offered calls of customers who heard a busy signal before", false, true, true, false, false, centre | call_type},
      {Metric::repeats, "repeats", "Repeat calls", "calls", "offered calls of customers whose problem was not resolved before (1 - FCR)", false, true, true, false, false, centre | call_type},
      {Metric::reopens, "reopens", "Calls after closed message", "calls", "offered calls of customers who heard the closed message before", false, true, true, false, false, centre | call_type},
      {Metric::closed, "closed", "Closed-message contacts", "contacts", "contacts outside opening hours (closed message)", false, true, true, false, false, centre | call_type},
      {Metric::callbacks_placed, "callbacks_placed", "Callback dials", "dials", "callback dials made by agents", false, true, true, false, false, centre | call_type},
      {Metric::contacts, "contacts", "Contacts", "contacts", "every contact: offered + closed + callbacks_placed", false, true, true, false, false, centre | call_type},
      {Metric::customers, "customers", "Customers", "customers", "unique customers (counted in the interval of their first contact)", false, true, true, false, false, centre | call_type},
      {Metric::contacts_per_customer, "contacts_per_customer", "Contacts per customer", "contacts", "contacts / customers", true, true, true, false, false, centre | call_type},
      {Metric::first_contact_resolution, "first_contact_resolution", "First-contact resolution", "%", "customers resolved at their first contact / customers", true, true, true, false, true, centre | call_type},
      {Metric::resolved, "resolved", "Customers resolved", "customers", "customers whose problem was resolved (by an agent or self-service)", false, true, true, false, false, centre | call_type},
      {Metric::gave_up, "gave_up", "Customers who gave up", "customers", "customers who stopped trying unresolved", false, true, true, false, false, centre | call_type},
      {Metric::pending, "pending", "Customers still trying", "customers", "customers still trying at the end of the horizon", false, true, true, false, false, centre | call_type},
      {Metric::self_service, "self_service", "Resolved in the IVR", "calls", "calls resolved in the IVR", false, true, true, false, false, centre | call_type},
      {Metric::balked, "balked", "Balked on hearing the wait", "callers", "callers who hung up on hearing the expected wait", false, true, true, false, false, centre | call_type},
      {Metric::customer_service_level, "customer_service_level", "Customer service level", "%",
       "customers first reached by an agent within T of their first contact (IVR time excluded) / customers not resolved in self-service", true, true, true, false, true, centre | call_type},
      {Metric::callbacks_offered, "callbacks_offered", "Callbacks offered", "calls", "callers offered a callback", false, true, true, false, false, centre | call_type},
      {Metric::callbacks_accepted, "callbacks_accepted", "Callbacks accepted", "calls", "callers who accepted a callback", false, true, true, false, false, centre | call_type},
      {Metric::callbacks_completed, "callbacks_completed", "Callbacks completed", "calls", "callbacks that reached the customer", false, true, true, false, false, centre | call_type},
      {Metric::callbacks_failed, "callbacks_failed", "Callbacks failed", "calls", "callbacks not reached after the last dial", false, true, true, false, false, centre | call_type},
      {Metric::promises_kept, "promises_kept", "Callback promises kept", "calls", "callbacks that reached the customer within the promised time", false, true, true, false, false, centre | call_type},
      {Metric::promises_broken, "promises_broken", "Callback promises broken", "calls", "callbacks reached late or never (kept + broken = accepted)", false, true, true, false, false, centre | call_type},
      {Metric::promise_kept_rate, "promise_kept_rate", "Promise-kept rate", "%", "promises kept / callbacks accepted", true, true, true, false, true, centre | call_type},
      {Metric::callback_wait, "callback_wait", "Wait for a callback", "s", "mean seconds from accepting a callback to being reached", true, true, true, false, false, centre | call_type},
      {Metric::wait_estimate_error, "wait_estimate_error", "Wait-estimate error", "s", "mean |actual - expected wait| of answered calls given an expected wait, seconds", true, true, true, false, false, centre | call_type},
      {Metric::wait_estimate_bias, "wait_estimate_bias", "Wait-estimate bias", "s", "mean (actual - expected wait), seconds: negative = the estimate is pessimistic", true, true, true, false, false, centre | call_type},
      {Metric::identified_share, "identified_share", "Callers identified", "%", "offered calls whose caller was identified (CRM) / offered", true, true, false, true, true, centre | call_type},
      {Metric::crm_hours_saved, "crm_hours_saved", "Talk hours saved by identification", "hours", "agent hours of talk saved by identifying callers (answered calls)", false, true, false, true, false, centre | call_type},
      {Metric::handled, "handled", "Calls handled", "calls", "calls handled by the group's agents (answered, and callbacks reached), in the interval they arrived in", false, true, false, false, false, agent_group},
      {Metric::cleared, "cleared", "Cleared at closing", "calls", "callers still waiting at closing who heard the closed message (calendar.at_close: clear)", false, true, false, false, false, centre | call_type},
  };
  return infos;
}

bool is_share(Metric metric) { return metric_infos()[static_cast<std::size_t>(metric)].share; }

bool reported(const MetricInfo& info, const Model& scenario, Scope scope) {
  if ((info.scopes & scope) == 0) return false;
  if (scope != Scope::centre && !scenario.several_queues) return false;
  if (info.metric == Metric::cleared && scenario.calendar.at_close != AtClose::clear) return false;
  return (!info.returning || scenario.follow_customers) && (!info.crm || scenario.has_crm());
}

std::string service_level_definition(const ServiceLevelSpec& spec) {
  const std::string within = "answered within " + format_duration(spec.answer_within);
  switch (spec.definition) {
    case ServiceLevelDefinition::excluding_short_abandons:
      return within + " / (answered + abandoned after " + format_duration(spec.short_abandon) + ")";
    case ServiceLevelDefinition::answered: return within + " / answered";
    case ServiceLevelDefinition::offered: return within + " / offered";
  }
  return within;
}

std::string service_level_definition(const Model& model) {
  const ServiceLevelSpec& centre = model.service_level;
  bool same = true;
  for (const CallType& t : model.call_types)
    same &= t.service_level.answer_within == centre.answer_within && t.service_level.short_abandon == centre.short_abandon;
  if (same) return service_level_definition(centre);
  std::string each;
  for (const CallType& t : model.call_types)
    each += (each.empty() ? "" : ", ") + t.name + " " + format_duration(t.service_level.answer_within);
  const std::string within = "answered within its call type's T (" + each + ")";
  switch (centre.definition) {
    case ServiceLevelDefinition::excluding_short_abandons:
      return within + " / (answered + abandoned after the type's short-abandon threshold)";
    case ServiceLevelDefinition::answered: return within + " / answered";
    case ServiceLevelDefinition::offered: return within + " / offered";
  }
  return within;
}

Pair metric_pair(Metric metric, const IntervalTally& t, const ServiceLevelSpec& spec) {
  switch (metric) {
    case Metric::offered: return {t.offered, 1};
    case Metric::blocked: return {t.blocked, 1};
    case Metric::answered: return {t.answered, 1};
    case Metric::abandoned: return {t.abandoned, 1};
    case Metric::abandoned_short: return {t.abandoned_short, 1};
    case Metric::answered_within_target: return {t.answered_within, 1};
    case Metric::service_level:
      switch (spec.definition) {
        case ServiceLevelDefinition::excluding_short_abandons:
          return {t.answered_within, t.answered + t.abandoned - t.abandoned_short + t.cleared};
        case ServiceLevelDefinition::answered: return {t.answered_within, t.answered};
        case ServiceLevelDefinition::offered: return {t.answered_within, t.offered};
      }
      return {};
    case Metric::service_level_answered: return {t.answered_within, t.answered};
    case Metric::service_level_offered: return {t.answered_within, t.offered};
    case Metric::asa: return {t.wait_answered, t.answered};
    case Metric::mean_wait: return {t.wait_all, t.answered + t.abandoned + t.cleared};
    case Metric::abandon_rate: return {t.abandoned, t.offered - t.blocked};
    case Metric::block_rate: return {t.blocked, t.offered};
    case Metric::occupancy: return {t.busy_time, t.available_time};
    case Metric::p_wait: return {t.waited, t.answered + t.abandoned + t.cleared};
    case Metric::mean_queue: return {t.queue_time, t.elapsed};
    case Metric::agents: return {t.available_time, t.elapsed};
    case Metric::max_queue: return {t.max_queue, 1};
    case Metric::fresh: return {t.fresh, 1};
    case Metric::redials: return {t.redials, 1};
    case Metric::retries: return {t.retries, 1};
    case Metric::repeats: return {t.repeats, 1};
    case Metric::reopens: return {t.reopens, 1};
    case Metric::closed: return {t.closed, 1};
    case Metric::callbacks_placed: return {t.callbacks_placed, 1};
    case Metric::contacts: return {t.offered + t.closed + t.callbacks_placed, 1};
    case Metric::customers: return {t.customers, 1};
    case Metric::contacts_per_customer: return {t.offered + t.closed + t.callbacks_placed, t.customers};
    case Metric::first_contact_resolution: return {t.resolved_first, t.customers};
    case Metric::resolved: return {t.resolved, 1};
    case Metric::gave_up: return {t.gave_up, 1};
    case Metric::pending: return {t.pending, 1};
    case Metric::self_service: return {t.self_service, 1};
    case Metric::balked: return {t.balked, 1};
    case Metric::customer_service_level: return {t.customers_within, t.customers - t.self_served};
    case Metric::callbacks_offered: return {t.callbacks_offered, 1};
    case Metric::callbacks_accepted: return {t.callbacks_accepted, 1};
    case Metric::callbacks_completed: return {t.callbacks_completed, 1};
    case Metric::callbacks_failed: return {t.callbacks_failed, 1};
    case Metric::promises_kept: return {t.promises_kept, 1};
    case Metric::promises_broken: return {t.promises_broken, 1};
    case Metric::promise_kept_rate: return {t.promises_kept, t.callbacks_accepted};
    case Metric::callback_wait: return {t.callback_wait, t.callbacks_completed};
    case Metric::wait_estimate_error: return {t.estimate_abs_error, t.estimated};
    case Metric::wait_estimate_bias: return {t.estimate_error, t.estimated};
    case Metric::identified_share: return {t.identified, t.offered};
    case Metric::crm_hours_saved: return {t.crm_time_saved / 3600.0, 1};
    case Metric::handled: return {t.answered + t.callbacks_completed, 1};
    case Metric::cleared: return {t.cleared, 1};
    case Metric::wait_p90:
    case Metric::count_: break;
  }
  return {};
}

}  // namespace ccsim::sim
