#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "ccsim/sim/duration.hpp"

using ccsim::sim::format_duration;
using ccsim::sim::parse_duration;

TEST(Duration, AcceptsSecondsAndUnits) {
  EXPECT_DOUBLE_EQ(parse_duration("20"), 20.0);
  EXPECT_DOUBLE_EQ(parse_duration("20s"), 20.0);
  EXPECT_DOUBLE_EQ(parse_duration("90s"), 90.0);
  EXPECT_DOUBLE_EQ(parse_duration("3m"), 180.0);
  EXPECT_DOUBLE_EQ(parse_duration("1.5h"), 5400.0);
  EXPECT_DOUBLE_EQ(parse_duration("0"), 0.0);
  EXPECT_DOUBLE_EQ(parse_duration("12.5"), 12.5);
}

TEST(Duration, AcceptsCompoundUnitsAndClocks) {
  EXPECT_DOUBLE_EQ(parse_duration("3m45s"), 225.0);
  EXPECT_DOUBLE_EQ(parse_duration("1h30m"), 5400.0);
  EXPECT_DOUBLE_EQ(parse_duration("1h30m15s"), 5415.0);
  EXPECT_DOUBLE_EQ(parse_duration("2d4h"), 2 * 86400.0 + 4 * 3600.0);
  EXPECT_DOUBLE_EQ(parse_duration("16m40s"), 1000.0);
  EXPECT_THROW((void)parse_duration("1m30"), std::invalid_argument);  // the last part needs its unit too
}

TEST(Duration, AcceptsClocksAsExportsWriteThem) {
  EXPECT_DOUBLE_EQ(parse_duration("3:45"), 225.0);
  EXPECT_DOUBLE_EQ(parse_duration("00:03:45"), 225.0);
  EXPECT_DOUBLE_EQ(parse_duration("1:02:03"), 3723.0);
  EXPECT_DOUBLE_EQ(parse_duration("0:00:07.5"), 7.5);
  EXPECT_DOUBLE_EQ(parse_duration("90:00"), 5400.0);  // minutes may pass 59 when they come first
  EXPECT_DOUBLE_EQ(parse_duration("26:00:00"), 26 * 3600.0);
}

TEST(Duration, RejectsWhatIsNotADurationNamingTheText) {
  for (const char* text : {"", "s", "abc", "3 m", "3x", "-5", "-5s", "nan", "inf", "1e400", "3mm", "m3", "45s3m", "3m3m",
                           "1m30x", "3:75", "3:5", "1:2:3:4", ":30", "3:", "1.5:30", "3:-5", "-3:05", "3m-5s"}) {
    try {
      (void)parse_duration(text);
      FAIL() << "accepted \"" << text << "\"";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("\"") + text + "\""), std::string::npos) << e.what();
    }
  }
}

TEST(Duration, FormatsForPeopleAndRoundTrips) {
  EXPECT_EQ(format_duration(20), "20s");
  EXPECT_EQ(format_duration(180), "3m");
  EXPECT_EQ(format_duration(5400), "1.5h");
  EXPECT_EQ(format_duration(1800), "30m");
  EXPECT_EQ(format_duration(7.25), "7.25s");
  for (double s : {0.5, 20.0, 90.0, 180.0, 1800.0, 5400.0, 86400.0}) {
    EXPECT_DOUBLE_EQ(parse_duration(format_duration(s)), s);
  }
}
