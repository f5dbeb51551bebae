#include "ccsim/sim/comparison.hpp"

#include <chrono>
#include <cmath>
#include <string>

namespace ccsim::sim {

Difference paired_difference(const std::vector<Pair>& b, const std::vector<Pair>& c) {
  Difference d;
  const std::size_t n = std::min(b.size(), c.size());
  if (n == 0 || b.size() != c.size()) return d;
  double xb = 0, yb = 0, xc = 0, yc = 0;
  for (std::size_t r = 0; r < n; ++r) xb += b[r].x, yb += b[r].y, xc += c[r].x, yc += c[r].y;
  if (yb != 0) d.base = xb / yb;
  if (yc != 0) d.variant = xc / yc;
  if (!d.base || !d.variant) return d;
  const double rb = *d.base, rc = *d.variant;
  d.difference = rc - rb;
  if (n < 2) return d;
  const double mb = yb / static_cast<double>(n), mc = yc / static_cast<double>(n);
  std::vector<double> z(n);
  double mean = 0;
  for (std::size_t r = 0; r < n; ++r) {
    z[r] = (c[r].x - rc * c[r].y) / mc - (b[r].x - rb * b[r].y) / mb;
    mean += z[r];
  }
  mean /= static_cast<double>(n);
  double var = 0;
  for (double v : z) var += (v - mean) * (v - mean);
  var /= static_cast<double>(n - 1);
  d.ci95 = t_quantile_975(n) * std::sqrt(var / static_cast<double>(n));
  return d;
}

RecordedRun run_recorded(const Scenario& scenario, const RunOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  RecordedRun out;
  ResultBuilder builder(scenario);
  RunOptions whole = options;
  whole.first_replication = 0;
  whole.end_replication = 0;
  const int threads = run_records(scenario, whole, [&](int, ReplicationRecord&& record) {
    builder.add(record);
    out.records.push_back(std::move(record));
  });
  out.result = builder.finish(threads, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return out;
}

std::optional<std::string> unpaired_reason(const Scenario& a, const Scenario& b) {
  if (a.calendar.days != b.calendar.days || a.calendar.intervals_per_day() != b.calendar.intervals_per_day() ||
      a.calendar.open != b.calendar.open || a.calendar.interval != b.calendar.interval)
    return "its calendar (days, opening, interval) differs from the base's, so its intervals cannot be paired";
  if (a.several_queues != b.several_queues || a.call_types.size() != b.call_types.size() || a.agent_groups.size() != b.agent_groups.size())
    return "its call types or agent groups differ from the base's in number";
  for (std::size_t t = 0; t < a.call_types.size(); ++t)
    if (a.call_types[t].name != b.call_types[t].name) return "its call type \"" + b.call_types[t].name + "\" is not the base's \"" + a.call_types[t].name + "\"";
  for (std::size_t g = 0; g < a.agent_groups.size(); ++g)
    if (a.agent_groups[g].name != b.agent_groups[g].name)
      return "its agent group \"" + b.agent_groups[g].name + "\" is not the base's \"" + a.agent_groups[g].name + "\"";
  if (RecordLayout(a).size() != RecordLayout(b).size()) return "its results have another shape than the base's";
  return std::nullopt;
}

std::vector<Difference> compare_records(const RecordLayout& layout, const std::vector<ReplicationRecord>& base,
                                        const std::vector<ReplicationRecord>& variant) {
  std::vector<Difference> out(layout.size());
  std::vector<Pair> b(base.size()), v(variant.size());
  for (std::size_t k = 0; k < layout.size(); ++k) {
    if (!layout.active(k)) continue;
    for (std::size_t r = 0; r < base.size(); ++r) b[r] = base[r].pairs[k];
    for (std::size_t r = 0; r < variant.size(); ++r) v[r] = variant[r].pairs[k];
    out[k] = paired_difference(b, v);
  }
  return out;
}

}  // namespace ccsim::sim
