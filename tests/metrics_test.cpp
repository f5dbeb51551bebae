// The metric table (sim/metrics.hpp): one row per metric, in Metric order, each with a key, a
// label and a unit people read, and a definition; shares are shown in percent.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "ccsim/sim/metrics.hpp"

using namespace ccsim::sim;

TEST(MetricTable, OneRowPerMetricInOrderWithDistinctKeysAndLabels) {
  const auto& rows = metric_infos();
  ASSERT_EQ(rows.size(), metric_count);
  std::set<std::string> keys, labels;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(static_cast<std::size_t>(rows[i].metric), i);
    EXPECT_TRUE(keys.insert(rows[i].name).second) << rows[i].name;
    EXPECT_TRUE(labels.insert(rows[i].label).second) << rows[i].label;
    EXPECT_NE(std::string(rows[i].definition), "") << rows[i].name;
    EXPECT_NE(std::string(rows[i].unit), "") << rows[i].name;
  }
}

TEST(MetricTable, SharesAreInPercentAndWaitsInSeconds) {
  for (const auto& row : metric_infos()) {
    EXPECT_EQ(row.share, std::string(row.unit) == "%") << row.name;
    EXPECT_EQ(row.share, is_share(row.metric)) << row.name;
    // Every definition that speaks of seconds belongs to a figure in seconds.
    if (std::string(row.definition).find("seconds") != std::string::npos) {
      EXPECT_EQ(std::string(row.unit), "s") << row.name;
    }
  }
  EXPECT_STREQ(metric_infos()[static_cast<std::size_t>(Metric::asa)].unit, "s");
  EXPECT_STREQ(metric_infos()[static_cast<std::size_t>(Metric::service_level)].label, "Service level");
}
