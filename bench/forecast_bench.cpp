// Erlang C over a forecast file: a year of 15-minute intervals (35,040 rows), parsed and solved
// (`ccsim erlang c --forecast`, whose target is under 0.2 s on one core), and the parse alone.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "ccsim/sim/calendar.hpp"
#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/forecast_staffing.hpp"

namespace {

// 365 days x 96 quarter hours, calls following a day curve (0 at night), AHT varying.
std::string year_file() {
  std::string text = "date;interval;calls;aht\n";
  const std::int32_t first = ccsim::sim::parse_date("2027-01-01");
  char row[96];
  for (int d = 0; d < 365; ++d) {
    const std::string date = ccsim::sim::format_date(first + d);
    for (int q = 0; q < 96; ++q) {
      const double hour = q / 4.0;
      const double calls = hour < 7 || hour >= 21 ? 0.0 : 40.0 + 60.0 * std::sin((hour - 7) / 14 * 3.14159265);
      std::snprintf(row, sizeof row, "%s;%02d:%02d;%.1f;00:0%d:%02d\n", date.c_str(), q / 4, 15 * (q % 4), calls, 3 + q % 3, q % 60);
      text += row;
    }
  }
  for (auto& ch : text) {
    if (ch == '.') ch = ',';
  }
  return text;
}

const std::string& file() {
  static const std::string text = year_file();
  return text;
}

void BM_ForecastYearParse(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(ccsim::sim::parse_forecast(file(), "year.csv"));
  state.SetItemsProcessed(state.iterations() * 35040);
}
BENCHMARK(BM_ForecastYearParse)->Unit(benchmark::kMillisecond);

void BM_ErlangCForecastYear(benchmark::State& state) {
  ccsim::sim::ForecastStaffingOptions options;
  options.interval = 900;
  options.targets.service_level = 0.8;
  options.targets.answer_within = 20;
  for (auto _ : state) {
    const auto forecast = ccsim::sim::parse_forecast(file(), "year.csv");
    benchmark::DoNotOptimize(ccsim::sim::staff_forecast(forecast, options));
  }
  state.SetItemsProcessed(state.iterations() * 35040);
}
BENCHMARK(BM_ErlangCForecastYear)->Unit(benchmark::kMillisecond);

}  // namespace
