#include "ccsim/sim/replication_record.hpp"

namespace ccsim::sim {

RecordLayout::RecordLayout(const Scenario& s) {
  interval_count_ = static_cast<std::size_t>(s.calendar.days) * static_cast<std::size_t>(s.calendar.intervals_per_day());
  day_count_ = static_cast<std::size_t>(s.calendar.days);
  if (s.several_queues) {
    types_ = s.call_types.size();
    groups_ = s.agent_groups.size();
  }
  intervals_ = metric_count;
  days_ = intervals_ + interval_count_ * metric_count;
  scopes_ = days_ + day_count_ * metric_count;
  scope_size_ = metric_count + interval_count_ * metric_count;
  handled_ = scopes_ + (types_ + groups_) * scope_size_;
  active_.assign(handled_ + groups_ * types_, 0);
  for (const auto& info : metric_infos()) {
    const auto m = static_cast<std::size_t>(info.metric);
    if (reported(info, s)) {
      active_[summary(m)] = 1;
      if (info.per_interval) {
        for (std::size_t i = 0; i < interval_count_; ++i) active_[interval(i, m)] = 1;
        for (std::size_t d = 0; d < day_count_; ++d) active_[day(d, m)] = 1;
      }
    }
    for (std::size_t scope = 0; scope < types_ + groups_; ++scope) {
      const Scope kind = scope < types_ ? Scope::call_type : Scope::agent_group;
      if (!reported(info, s, kind)) continue;
      active_[scope_summary(scope, m)] = 1;
      if (info.per_interval)
        for (std::size_t i = 0; i < interval_count_; ++i) active_[scope_interval(scope, i, m)] = 1;
    }
  }
  for (std::size_t k = handled_; k < active_.size(); ++k) active_[k] = 1;
}

ReplicationRecord make_record(const Scenario& s, const RecordLayout& layout, const ReplicationResult& result) {
  ReplicationRecord out;
  out.pairs.assign(layout.size(), Pair{});
  out.events = result.events;
  out.calls = result.calls;
  const auto& infos = metric_infos();
  const std::size_t per_day = layout.day_count() > 0 ? layout.interval_count() / layout.day_count() : 0;
  const auto per_interval_pairs = [&](const IntervalTally& t, const ServiceLevelSpec& spec, auto&& slot) {
    for (const auto& info : infos) {
      const auto m = static_cast<std::size_t>(info.metric);
      if (info.per_interval && layout.active(slot(m))) out.pairs[slot(m)] = metric_pair(info.metric, t, spec);
    }
  };
  // The whole centre: intervals, days (sums of their intervals, in order), the horizon (of days).
  IntervalTally total;
  for (std::size_t d = 0; d < layout.day_count(); ++d) {
    IntervalTally day;
    for (std::size_t i = d * per_day; i < (d + 1) * per_day; ++i) {
      const IntervalTally& t = result.intervals[i];
      day.add(t);
      per_interval_pairs(t, s.service_level, [&](std::size_t m) { return layout.interval(i, m); });
    }
    per_interval_pairs(day, s.service_level, [&](std::size_t m) { return layout.day(d, m); });
    total.add(day);
  }
  for (const auto& info : infos) {
    const auto m = static_cast<std::size_t>(info.metric);
    if (!layout.active(layout.summary(m))) continue;
    Pair p;
    if (info.metric == Metric::wait_p90) p = {result.wait_p90, 1};
    else if (info.metric == Metric::max_queue) p = {result.max_queue, 1};
    else p = metric_pair(info.metric, total, s.service_level);
    out.pairs[layout.summary(m)] = p;
  }
  // Call types and agent groups.
  const auto scope_pairs = [&](std::size_t scope, const std::vector<IntervalTally>& tallies, const ServiceLevelSpec& spec, double max_queue) {
    IntervalTally whole;
    for (std::size_t i = 0; i < layout.interval_count(); ++i) {
      whole.add(tallies[i]);
      per_interval_pairs(tallies[i], spec, [&](std::size_t m) { return layout.scope_interval(scope, i, m); });
    }
    for (const auto& info : infos) {
      const auto m = static_cast<std::size_t>(info.metric);
      if (!layout.active(layout.scope_summary(scope, m))) continue;
      out.pairs[layout.scope_summary(scope, m)] = info.metric == Metric::max_queue ? Pair{max_queue, 1} : metric_pair(info.metric, whole, spec);
    }
  };
  for (std::size_t t = 0; t < layout.types(); ++t)
    scope_pairs(t, result.call_types[t], s.call_types[t].service_level, result.call_type_max_queue[t]);
  for (std::size_t g = 0; g < layout.groups(); ++g) {
    scope_pairs(layout.types() + g, result.agent_groups[g], s.service_level, 0);
    for (std::size_t t = 0; t < layout.types(); ++t) out.pairs[layout.handled(g, t)] = {result.handled_by_type[g * layout.types() + t], 1};
  }
  return out;
}

ResultBuilder::ResultBuilder(const Scenario& s) : scenario_(s), layout_(s), estimators_(layout_.size()) {}

void ResultBuilder::add(const ReplicationRecord& record) {
  for (std::size_t k = 0; k < estimators_.size(); ++k)
    if (layout_.active(k)) estimators_[k].add(record.pairs[k].x, record.pairs[k].y);
  events_ += record.events;
  calls_ += record.calls;
  ++replications_;
}

RunResult ResultBuilder::finish(int threads, double wall_seconds) const {
  const auto& infos = metric_infos();
  RunResult out;
  out.replications = replications_;
  out.threads = threads;
  out.seed = scenario_.run.seed;
  out.summary.resize(metric_count);
  for (std::size_t m = 0; m < metric_count; ++m) out.summary[m] = estimators_[layout_.summary(m)].estimate();
  out.intervals.assign(layout_.interval_count(), std::vector<Estimate>(metric_count));
  for (std::size_t i = 0; i < layout_.interval_count(); ++i)
    for (std::size_t m = 0; m < metric_count; ++m)
      if (infos[m].per_interval) out.intervals[i][m] = estimators_[layout_.interval(i, m)].estimate();
  out.days.assign(layout_.day_count(), std::vector<Estimate>(metric_count));
  for (std::size_t d = 0; d < layout_.day_count(); ++d)
    for (std::size_t m = 0; m < metric_count; ++m)
      if (infos[m].per_interval) out.days[d][m] = estimators_[layout_.day(d, m)].estimate();
  for (std::size_t scope = 0; scope < layout_.types() + layout_.groups(); ++scope) {
    ScopeResult r;
    const bool type = scope < layout_.types();
    r.name = type ? scenario_.call_types[scope].name : scenario_.agent_groups[scope - layout_.types()].name;
    r.summary.resize(metric_count);
    for (std::size_t m = 0; m < metric_count; ++m) r.summary[m] = estimators_[layout_.scope_summary(scope, m)].estimate();
    r.intervals.assign(layout_.interval_count(), std::vector<Estimate>(metric_count));
    for (std::size_t i = 0; i < layout_.interval_count(); ++i)
      for (std::size_t m = 0; m < metric_count; ++m)
        if (infos[m].per_interval) r.intervals[i][m] = estimators_[layout_.scope_interval(scope, i, m)].estimate();
    if (!type)
      for (std::size_t t = 0; t < layout_.types(); ++t) r.handled_by_call_type.push_back(estimators_[layout_.handled(scope - layout_.types(), t)].estimate());
    (type ? out.call_types : out.agent_groups).push_back(std::move(r));
  }
  out.events = events_;
  out.calls = calls_;
  out.wall_seconds = wall_seconds;
  return out;
}

}  // namespace ccsim::sim
