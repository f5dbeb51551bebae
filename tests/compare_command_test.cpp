// `ccsim compare`: the JSON's differences agree with the results it embeds, a variant equal to
// its base differs by nothing, a real change is clear of zero with a paired interval narrower
// than the two runs' own, and a variant that cannot be paired is refused (exit 2, one line).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "run_cli.hpp"
#include "test_folder.hpp"
#include "scenarios.hpp"

namespace {
using ccsim::testing_support::run_cli;
const std::string base = ccsim::testing_support::scenario_path("what-if/callback-none.json");
const std::string variant = ccsim::testing_support::scenario_path("what-if/callback-2m.json");
using ccsim::testing_support::temp;
}  // namespace

TEST(CompareCommand, DifferencesArePairedAndAgreeWithTheResults) {
  const std::string csv = temp("ccsim-compare.csv");
  const auto r = run_cli({"compare", base, "--variant-file", variant, "--variant", "same:description=\"the base; again\"", "--set", "run.replications=30",
                          "--json", "-", "--csv", csv});
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["variants"].size(), 2U);
  const auto& b = j["base"];
  EXPECT_EQ(b["replications"], 30);
  for (const auto& v : j["variants"]) {
    // Every summary difference is the variant's mean less the base's, as the embedded results say.
    for (const auto& [metric, d] : v["difference"]["summary"].items()) {
      const auto& bm = b["summary"][metric]["mean"];
      const auto& vm = v["results"]["summary"][metric]["mean"];
      if (bm.is_null() || vm.is_null()) continue;
      EXPECT_NEAR(d["mean"].get<double>(), vm.get<double>() - bm.get<double>(), 1e-9 * (1 + std::abs(bm.get<double>()))) << metric;
    }
    EXPECT_EQ(v["results"]["seed"], b["seed"]);  // common random numbers, whatever the variant asked
  }
  // "same" changed only the description (a quoted ';' inside it is no separator): it is the base, exactly.
  const auto& same = j["variants"][0];  // (--variant ones first, then --variant-file ones)
  EXPECT_EQ(same["name"], "same");
  for (const auto& [metric, d] : same["difference"]["summary"].items()) {
    if (d["mean"].is_null()) continue;
    EXPECT_EQ(d["mean"].get<double>(), 0.0) << metric;
    EXPECT_FALSE(d["clear"].get<bool>()) << metric;
  }
  // Callbacks after 2 minutes: fewer abandoned, clearly, and the paired interval is far narrower
  // than the two runs' own intervals together.
  const auto& cb = j["variants"][1];
  EXPECT_EQ(cb["name"], "callback-2m");
  const auto& ab = cb["difference"]["summary"]["abandoned"];
  EXPECT_TRUE(ab["clear"].get<bool>());
  EXPECT_LT(ab["mean"].get<double>(), 0);
  const double independent = std::hypot(b["summary"]["service_level"]["ci95"].get<double>(), cb["results"]["summary"]["service_level"]["ci95"].get<double>());
  EXPECT_LT(cb["difference"]["summary"]["service_level"]["ci95"].get<double>() * 2, independent);
  // Per interval differences and the CSV's rows.
  EXPECT_EQ(cb["difference"]["intervals"].size(), b["intervals"].size());
  std::ifstream in(csv);
  std::string header, first;
  std::getline(in, header);
  std::getline(in, first);
  EXPECT_EQ(header, "variant,scope,name,day,start,metric,base,variant_value,difference,ci95,clear");
  EXPECT_EQ(first.rfind("same,centre,,,,offered,", 0), 0U) << first;
  std::filesystem::remove(csv);
}

TEST(CompareCommand, RefusesWhatCannotBePaired) {
  auto days = run_cli({"compare", base, "--variant", "short:calendar.days=2"});
  EXPECT_EQ(days.status, 2);
  EXPECT_NE(days.err.find("--variant short: its calendar (days, opening, interval) differs from the base's"), std::string::npos) << days.err;
  auto syntax = run_cli({"compare", base, "--variant", "callback.offer_after=60s"});
  EXPECT_EQ(syntax.status, 2);
  EXPECT_NE(syntax.err.find("is not NAME:PATH=VALUE"), std::string::npos) << syntax.err;
  auto none = run_cli({"compare", base});
  EXPECT_EQ(none.status, 2);
  auto twice = run_cli({"compare", base, "--variant", "a:lines=40", "--variant", "a:lines=41"});
  EXPECT_EQ(twice.status, 2);
  EXPECT_NE(twice.err.find("the name \"a\" is used twice"), std::string::npos) << twice.err;
  // The seed and replications are the base's for every variant: asking otherwise is refused, not dropped.
  for (const char* set : {"a:run.seed=3", "a:lines=40;run.replications=7", "a:run={\"seed\":3}"}) {
    auto fixed = run_cli({"compare", base, "--variant", set});
    EXPECT_EQ(fixed.status, 2) << set;
    EXPECT_NE(fixed.err.find("every variant runs the base's seed and replications"), std::string::npos) << fixed.err;
  }
  // A variant file whose own run block says another seed is refused the same way.
  const std::string other_seed = temp("other-seed.json");
  {
    auto doc = nlohmann::json::parse(std::ifstream(base));
    doc["run"]["seed"] = doc["run"].value("seed", 1) + 1;
    std::ofstream(other_seed) << doc.dump();
  }
  auto file_seed = run_cli({"compare", base, "--variant-file", other_seed});
  EXPECT_EQ(file_seed.status, 2);
  EXPECT_NE(file_seed.err.find("run.seed"), std::string::npos) << file_seed.err;
}
