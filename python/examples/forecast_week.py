"""A planner's week in Python (docs/python.md): the forecast file from the WFM tool, the agents each
half hour needs by Erlang A, the rostered week simulated, and a chart of both.

    PYTHONPATH=build/python python3 python/examples/forecast_week.py [OUT.png]
"""
import os
import sys

import pandas as pd

import ccsim

here = os.path.dirname(os.path.abspath(__file__))
scenarios = os.path.join(here, "..", "..", "scenarios")

# 1. The forecast as the WFM tool exported it: ';' separators, decimal commas, AHT as hh:mm:ss.
forecast = pd.read_csv(os.path.join(scenarios, "forecast-week.csv"), sep=";", decimal=",")
forecast["aht"] = pd.to_timedelta(forecast["AHT"]).dt.total_seconds()
date = pd.to_datetime(forecast["Date"], format="%d.%m.%Y")
forecast["day"] = (date - date.min()).dt.days + 1  # the scenario's days: 1 = its start_date
forecast["start"] = forecast["Interval"]

# 2. Agents each half hour needs: Erlang A (callers wait 3 minutes on average before they hang
#    up), 80 % answered within 20 s, one call over the whole column.
need = ccsim.erlang_a(calls=forecast["Offered"], aht=forecast["aht"] + 30,  # + 30 s wrap-up
                      interval=1800, patience=180, answer_within=20, sl_target=0.8)
forecast["required"] = need["agents"]
print("agents required: peak %d, %.0f agent-hours in the week"
      % (forecast["required"].max(), forecast["required"].sum() / 2))

# 3. The rostered week (scenarios/forecast-week.json reads the same file), simulated.
week = ccsim.run(os.path.join(scenarios, "forecast-week.json"), replications=40, threads=2)
print(week.summary.loc[["offered", "service_level", "asa", "abandon_rate", "occupancy"]])
print("service level:", week.definitions["service_level"])
# The simulation's intervals cover each day's grid; the forecast's rows are the open half hours.
sim = week.intervals.merge(forecast[["day", "start", "required"]], on=["day", "start"])
short = sim[sim["service_level"] < 0.8]
print("%d of %d open half hours below 80 %%; the worst:" % (len(short), len(sim)))
print(short.nsmallest(3, "service_level")[["day", "weekday", "start", "required", "agents", "offered", "service_level"]])

# 4. Rostered against required agents, and the simulated service level, if matplotlib is there.
try:
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
except ImportError:
    sys.exit(0)
fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 6), sharex=True)
x = range(len(sim))
top.step(x, sim["agents"], where="post", label="rostered (simulation)")
top.step(x, sim["required"], where="post", label="required (Erlang A)")
top.set_ylabel("agents")
top.legend()
bottom.plot(x, sim["service_level"], label="simulated service level")
bottom.fill_between(x, sim["service_level"] - sim["service_level_ci95"],
                    sim["service_level"] + sim["service_level_ci95"], alpha=0.3)
bottom.axhline(0.8, color="grey", linestyle="--", label="target")
bottom.set_ylabel("answered within 20 s")
bottom.set_xlabel("open half hour of the week")
bottom.legend()
out = sys.argv[1] if len(sys.argv) > 1 else "forecast-week.png"
fig.savefig(out, dpi=80, bbox_inches="tight")
print("chart:", out)
