// libFuzzer target: a forecast CSV (sim/scenario/include/ccsim/sim/forecast.hpp), parsed, then solved with
// Erlang C for 80/20 as `ccsim erlang c --forecast` does. Bad input must end in ScenarioError
// (or, for a row the solvers cannot take, std::invalid_argument naming it); anything else is a bug.
#include <cstddef>
#include <cstdint>
#include <string>

#include "ccsim/models/erlang.hpp"
#include "ccsim/sim/forecast.hpp"
#include "ccsim/sim/forecast_staffing.hpp"
#include "ccsim/sim/input_error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const ccsim::sim::Forecast f = ccsim::sim::parse_forecast(text, "fuzz.csv");
    ccsim::sim::ForecastStaffingOptions options;
    options.interval = ccsim::sim::forecast_step(f).value_or(1800.0);
    if (options.interval <= 0) return 0;
    options.aht = 180;
    options.targets.service_level = 0.8;
    (void)ccsim::sim::staff_forecast(f, options);
  } catch (const ccsim::sim::ScenarioError&) {
  } catch (const ccsim::models::TargetsUnreachable&) {
  } catch (const std::invalid_argument&) {
  }
  return 0;
}
