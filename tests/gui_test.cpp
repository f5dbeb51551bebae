// ccsim-gui end to end under a virtual display (xvfb-run, Mesa's software OpenGL): every view
// renders a non-blank window, a changed parameter changes the plotted data and the picture, and
// bad input exits with status 2.
#include <cmath>
#include <tuple>
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <string>

#include <nlohmann/json.hpp>
#include <stb_image.h>
#include "test_folder.hpp"

namespace {

const std::string scenario = std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json";

int run_gui(const std::string& arguments, const std::string& size = "1200x800") {
  const std::string command = "xvfb-run -a " + std::string(CCSIM_GUI) + " --size " + size + " " + arguments + " > /dev/null 2>&1";
  const int status = std::system(command.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct Image {
  int width = 0, height = 0;
  std::vector<unsigned char> rgba;
  [[nodiscard]] std::uint32_t at(int x, int y) const {
    const auto* p = &rgba[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) + static_cast<std::size_t>(x)) * 4];
    return static_cast<std::uint32_t>(p[0]) << 16 | static_cast<std::uint32_t>(p[1]) << 8 | p[2];
  }
};

Image load(const std::string& path) {
  Image image;
  int channels = 0;
  unsigned char* data = stbi_load(path.c_str(), &image.width, &image.height, &channels, 4);
  if (data) {
    image.rgba.assign(data, data + static_cast<std::size_t>(image.width) * static_cast<std::size_t>(image.height) * 4);
    stbi_image_free(data);
  }
  return image;
}

using ccsim::testing_support::temp;

}  // namespace

class GuiView : public ::testing::TestWithParam<const char*> {};

TEST_P(GuiView, RendersANonBlankWindow) {
  const std::string png = temp(std::string(GetParam()) + ".png"), series = temp(std::string(GetParam()) + ".json");
  ASSERT_EQ(run_gui("--scenario " + scenario + " --set run.replications=10 --view " + GetParam() + " --screenshot " + png +
                    " --dump-series " + series + " --replay-at 9000" +
                    (std::string(GetParam()) == "compare" ? " --compare-set arrivals.calls_per_day=2700" : "")),
            0);
  const Image image = load(png);
  ASSERT_EQ(image.width, 1200);
  ASSERT_EQ(image.height, 800);
  // Not blank: many colours, and the chart area (right of the panel) is not one flat colour.
  std::set<std::uint32_t> colours;
  int differs = 0;
  const std::uint32_t background = image.at(image.width - 5, image.height - 5);
  for (int y = 0; y < image.height; y += 2) {
    for (int x = 380; x < image.width; x += 2) {
      colours.insert(image.at(x, y));
      differs += image.at(x, y) != background ? 1 : 0;
    }
  }
  EXPECT_GT(colours.size(), 40U);
  EXPECT_GT(differs, 5000);
  std::ifstream in(series);
  const auto j = nlohmann::json::parse(in);
  EXPECT_EQ(j["view"], GetParam());
  std::filesystem::remove(png);
  std::filesystem::remove(series);
}

INSTANTIATE_TEST_SUITE_P(Views, GuiView,
                         ::testing::Values("intervals", "distributions", "returning", "kpi", "compare", "erlang", "replay", "queues"));

// Every view's charts at a laptop's 1280x720 and at 1920x1080: no two texts of a chart (title,
// legend entries, axis labels, tick labels, line labels) overlap. Their rectangles come from the
// charts' own drawing calls (--dump-text-boxes), not from pixels.
class GuiLayout : public ::testing::TestWithParam<std::tuple<const char*, const char*>> {};

TEST_P(GuiLayout, NoTwoTextsOfAChartOverlap) {
  const auto [view, size] = GetParam();
  const std::string name = std::string(view) + "_" + size;
  const std::string png = temp(name + ".png"), boxes = temp(name + "_texts.json");
  std::string extra;
  if (std::string(view) == "compare") extra = " --compare-set arrivals.calls_per_day=2700";
  if (std::string(view) == "coverage") extra = " --schedule";
  ASSERT_EQ(run_gui("--scenario " + scenario + " --set run.replications=4 --view " + view + extra + " --replay-at 9000 --screenshot " + png +
                        " --dump-text-boxes " + boxes,
                    size),
            0);
  std::ifstream in(boxes);
  const auto charts = nlohmann::json::parse(in);
  int texts = 0;
  for (const auto& chart : charts) {
    const auto& t = chart["texts"];
    texts += static_cast<int>(t.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
      for (std::size_t j = i + 1; j < t.size(); ++j) {
        const auto &a = t[i]["box"], &b = t[j]["box"];
        const bool overlap = a[0].get<double>() < b[2].get<double>() - 0.5 && b[0].get<double>() < a[2].get<double>() - 0.5 &&
                             a[1].get<double>() < b[3].get<double>() - 0.5 && b[1].get<double>() < a[3].get<double>() - 0.5;
        EXPECT_FALSE(overlap) << view << " at " << size << ", chart \"" << chart["title"].get<std::string>() << "\": \""
                              << t[i]["text"].get<std::string>() << "\" and \"" << t[j]["text"].get<std::string>() << "\"";
      }
    }
  }
  // The views with charts drew them (titles, ticks and labels were recorded).
  const std::set<std::string> without_charts = {"kpi", "erlang", "queues"};
  if (!without_charts.count(view)) {
    EXPECT_GT(texts, 10) << view;
  }
  std::filesystem::remove(png);
  std::filesystem::remove(boxes);
}

INSTANTIATE_TEST_SUITE_P(ViewsAndSizes, GuiLayout,
                         ::testing::Combine(::testing::Values("intervals", "distributions", "returning", "kpi", "compare", "erlang",
                                                              "replay", "queues", "coverage"),
                                            ::testing::Values("1280x720", "1920x1080")),
                         [](const auto& test) { return std::string(std::get<0>(test.param)) + "_" + std::get<1>(test.param); });

// Edits are undoable: two edits, each run, then two undos give the opened scenario's series
// exactly (the same runs), while one edit changes them.
TEST(Gui, UndoingEditsRestoresTheScenarioAndItsResults) {
  const std::string common = "--scenario " + scenario + " --set run.replications=4 --view intervals --screenshot " + temp("undo.png");
  const auto series = [&](const std::string& extra, const std::string& name) {
    const std::string file = temp(name);
    EXPECT_EQ(run_gui(common + " " + extra + " --dump-series " + file), 0);
    std::ifstream in(file);
    auto j = nlohmann::json::parse(in);
    std::filesystem::remove(file);
    return j;
  };
  const auto opened = series("", "undo_a.json");
  const auto edited = series("--edit staffing.shifts[0].agents=20", "undo_b.json");
  const auto undone = series("--edit staffing.shifts[0].agents=20 --edit handle_time.mean=300 --undo 2", "undo_c.json");
  const auto redone = series("--edit staffing.shifts[0].agents=20 --edit handle_time.mean=300 --undo 1", "undo_d.json");
  EXPECT_NE(opened, edited);
  EXPECT_EQ(opened, undone);
  EXPECT_EQ(edited, redone);  // one of the two edits undone: the first one's results
  std::filesystem::remove(temp("undo.png"));
}

// --export-view writes a chart as a PNG of its own rectangle and as a CSV of its series (the
// values the view plots, in full precision), a table as CSV; an unknown name is refused (exit 2,
// nothing written).
TEST(Gui, ExportsChartsAsPngAndCsvAndTablesAsCsv) {
  const std::string png = temp("export_shot.png"), series = temp("export_series.json"), chart_png = temp("offered.png"),
                    chart_csv = temp("offered.csv"), kpi_csv = temp("kpi.csv");
  ASSERT_EQ(run_gui("--scenario " + scenario + " --set run.replications=4 --view intervals --screenshot " + png + " --dump-series " + series +
                    " --export-view offered=" + chart_png + " --export-view offered=" + chart_csv),
            0);
  const Image whole = load(png), chart = load(chart_png);
  ASSERT_GT(chart.width, 200);
  EXPECT_LT(chart.width, whole.width / 2 + 10);  // the chart, not the window: half the view's width
  EXPECT_LT(chart.height, whole.height / 2);
  std::ifstream in(series);
  const auto j = nlohmann::json::parse(in);
  std::ifstream csv(chart_csv);
  std::string line;
  std::getline(csv, line);
  EXPECT_EQ(line.rfind("x,label,offered calls (calls),staffed agents (agents),required (Erlang", 0), 0U) << line;
  std::size_t rows = 0;
  while (std::getline(csv, line)) {
    // x, label, offered: the offered column equals the plotted means.
    const auto first = line.find(','), second = line.find(',', first + 1), third = line.find(',', second + 1);
    const double offered = std::stod(line.substr(second + 1, third - second - 1));
    EXPECT_DOUBLE_EQ(offered, j["offered"]["mean"][rows].get<double>()) << line;
    ++rows;
  }
  EXPECT_EQ(rows, j["offered"]["mean"].size());

  ASSERT_EQ(run_gui("--scenario " + scenario + " --set run.replications=4 --view kpi --screenshot " + png + " --export-view kpi=" + kpi_csv), 0);
  std::ifstream kpi(kpi_csv);
  std::getline(kpi, line);
  EXPECT_EQ(line, "metric,measure,unit,mean,ci95,change,change_ci95,definition");
  bool service_level = false;
  while (std::getline(kpi, line)) service_level |= line.rfind("service_level,Service level,%,", 0) == 0;
  EXPECT_TRUE(service_level);
  const std::string refused = temp("refused.csv");
  EXPECT_EQ(run_gui("--scenario " + scenario + " --set run.replications=4 --view kpi --screenshot " + png + " --export-view no_such_table=" + refused), 2);
  EXPECT_FALSE(std::filesystem::exists(refused));
  for (const auto& f : {png, series, chart_png, chart_csv, kpi_csv}) std::filesystem::remove(f);
}

// The Erlang tab starts from the open scenario: the busiest interval's simulated calls, the call
// type's handle time with wrap-up (240 s + 30 s), its patience (Erlang A), the trunk lines and
// the target; its answer is ccsim erlang a's for the same inputs.
TEST(Gui, ErlangTabStartsFromTheScenarioAndAgreesWithTheCommand) {
  const std::string png = temp("erlang.png"), series = temp("erlang.json");
  ASSERT_EQ(run_gui("--scenario " + scenario + " --set run.replications=6 --view erlang --screenshot " + png + " --dump-series " + series), 0);
  std::ifstream in(series);
  const auto j = nlohmann::json::parse(in);
  EXPECT_DOUBLE_EQ(j["handle_time"].get<double>(), 270.0);
  EXPECT_DOUBLE_EQ(j["patience"].get<double>(), 180.0);
  EXPECT_EQ(j["lines"].get<int>(), 60);
  EXPECT_DOUBLE_EQ(j["interval"].get<double>(), 1800.0);
  EXPECT_DOUBLE_EQ(j["target"].get<double>(), 0.8);
  EXPECT_NE(j["model"].get<std::string>().find("Erlang A"), std::string::npos);
  EXPECT_GT(j["calls"].get<double>(), 100.0);
  char calls[40];
  std::snprintf(calls, sizeof calls, "%.17g", j["calls"].get<double>());
  const std::string answer = temp("erlang_cli.json");
  const std::string command = std::string(CCSIM_BINARY) + " erlang a --calls " + calls +
                              " --interval 30m --aht 270 --patience 180 --lines 60 --answer-within 20 --sl-target 0.8 --json > " + answer;
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream cli(answer);
  EXPECT_EQ(j["agents"], nlohmann::json::parse(cli)["agents"]);
  for (const auto& f : {png, series, answer}) std::filesystem::remove(f);
}

// The interval view's "required (Erlang A)" is ccsim erlang a's answer for each interval's
// simulated calls, the mean handle time with wrap-up (5m + 1m) and the mean patience (2m).
TEST(Gui, TheRequiredSeriesIsTheErlangCommandsAnswer) {
  const std::string team = std::string(CCSIM_SCENARIO_DIR) + "/small-team.json";
  const std::string png = temp("required.png"), series = temp("required.json"), answer = temp("required_cli.json");
  ASSERT_EQ(run_gui("--scenario " + team + " --set run.replications=20 --view intervals --screenshot " + png + " --dump-series " + series), 0);
  std::ifstream in(series);
  const auto j = nlohmann::json::parse(in);
  for (std::size_t i = 0; i < 4; ++i) {
    char calls[40];
    std::snprintf(calls, sizeof calls, "%.17g", j["offered"]["mean"][i].get<double>());
    const std::string command = std::string(CCSIM_BINARY) + " erlang a --calls " + calls +
                                " --interval 1h --aht 360 --patience 120 --answer-within 30 --sl-target 0.8 --json > " + answer;
    ASSERT_EQ(std::system(command.c_str()), 0);
    std::ifstream cli(answer);
    EXPECT_EQ(j["erlang_required"][i].get<double>(), nlohmann::json::parse(cli)["agents"].get<double>()) << "interval " << i;
  }
  for (const auto& f : {png, series, answer}) std::filesystem::remove(f);
}

// Drawing only the changed rectangles (GLX_MESA_copy_sub_buffer, which Mesa's llvmpipe has)
// composes the same picture as drawing every frame whole: a baseline run, then a second run
// after a change, each frame redrawing only what changed (progress, then the results). The only
// pixels allowed to differ are the status line's, which shows each run's wall-clock time.
TEST(Gui, RedrawingOnlyChangedRegionsComposesTheSamePicture) {
  const std::string whole_png = temp("whole.png"), partial_png = temp("partial.png"), out = temp("out.txt");
  const std::string common = "--scenario " + scenario + " --set run.replications=10 --view compare --compare-set arrivals.calls_per_day=2600 --frames 20";
  ASSERT_EQ(run_gui(common + " --screenshot " + whole_png), 0);
  const std::string command = "xvfb-run -a " + std::string(CCSIM_GUI) + " --size 1200x800 " + common + " --redraw changed-regions --screenshot " +
                              partial_png + " > " + out + " 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0);
  std::ifstream printed(out);
  const std::string line((std::istreambuf_iterator<char>(printed)), std::istreambuf_iterator<char>());
  EXPECT_NE(line.find("redraw changed-regions"), std::string::npos) << line;
  const Image whole = load(whole_png), partial = load(partial_png);
  ASSERT_EQ(whole.rgba.size(), partial.rgba.size());
  ASSERT_GT(whole.width, 0);
  int differing = 0, outside_status_line = 0;
  for (int y = 0; y < whole.height; ++y) {
    for (int x = 0; x < whole.width; ++x) {
      if (whole.at(x, y) == partial.at(x, y)) continue;
      ++differing;
      if (y >= 28) ++outside_status_line;
    }
  }
  EXPECT_EQ(outside_status_line, 0) << differing << " pixels differ";
  for (const auto& f : {whole_png, partial_png, out}) std::filesystem::remove(f);
}

TEST(Gui, AChangedParameterChangesThePlottedDataAndThePicture) {
  const std::string a_png = temp("a.png"), b_png = temp("b.png"), a_json = temp("a.json"), b_json = temp("b.json");
  const std::string common = "--scenario " + scenario + " --set run.replications=10 --view intervals";
  ASSERT_EQ(run_gui(common + " --screenshot " + a_png + " --dump-series " + a_json), 0);
  ASSERT_EQ(run_gui(common + " --set arrivals.calls_per_day=3000 --screenshot " + b_png + " --dump-series " + b_json), 0);
  std::ifstream ia(a_json), ib(b_json);
  const auto a = nlohmann::json::parse(ia), b = nlohmann::json::parse(ib);
  // 2400 -> 3000 calls a day: the fresh calls of every interval grow by a quarter, so the
  // offered calls (fresh and returning) of the week grow by at least a fifth; staffing is unchanged.
  double offered_a = 0, offered_b = 0;
  for (const auto& v : a["offered"]["mean"]) offered_a += v.get<double>();
  for (const auto& v : b["offered"]["mean"]) offered_b += v.get<double>();
  EXPECT_GT(offered_b, 1.2 * offered_a);
  EXPECT_EQ(a["staffed"], b["staffed"]);
  EXPECT_NE(a["service_level"]["mean"], b["service_level"]["mean"]);
  // The pictures differ in the chart area.
  const Image ia_img = load(a_png), ib_img = load(b_png);
  ASSERT_EQ(ia_img.rgba.size(), ib_img.rgba.size());
  int changed = 0;
  for (int y = 60; y < ia_img.height; ++y)
    for (int x = 380; x < ia_img.width; ++x) changed += ia_img.at(x, y) != ib_img.at(x, y) ? 1 : 0;
  EXPECT_GT(changed, 2000);
  for (const auto& f : {a_png, b_png, a_json, b_json}) std::filesystem::remove(f);
}

TEST(Gui, SeveralQueuesShowTheChosenCallTypeOrGroup) {
  // The bilingual helpline with the French call type in focus plots French's calls and its own
  // service level, not the centre's; a group in focus, its agents.
  const std::string bilingual = std::string(CCSIM_SCENARIO_DIR) + "/bilingual-helpline.json";
  const std::string all_json = temp("all.json"), fr_json = temp("fr.json"), kpi_json = temp("kpi.json"), png = temp("q.png");
  const std::string common = "--scenario " + bilingual + " --set run.replications=6 --view intervals --screenshot " + png;
  ASSERT_EQ(run_gui(common + " --dump-series " + all_json), 0);
  ASSERT_EQ(run_gui(common + " --focus french --dump-series " + fr_json), 0);
  std::ifstream ia(all_json), ifr(fr_json);
  const auto all = nlohmann::json::parse(ia), fr = nlohmann::json::parse(ifr);
  double offered_all = 0, offered_fr = 0;
  for (const auto& v : all["offered"]["mean"]) offered_all += v.get<double>();
  for (const auto& v : fr["offered"]["mean"]) offered_fr += v.get<double>();
  // French is 750 of 3350 fresh calls a day.
  EXPECT_NEAR(offered_fr / offered_all, 750.0 / 3350.0, 0.02);
  ASSERT_EQ(run_gui("--scenario " + bilingual + " --set run.replications=6 --view queues --focus bilingual --screenshot " + png +
                    " --dump-series " + kpi_json),
            0);
  std::ifstream ik(kpi_json);
  const auto kpi = nlohmann::json::parse(ik);
  EXPECT_EQ(kpi["focus"], "bilingual");
  EXPECT_TRUE(kpi["summary"].contains("occupancy"));
  EXPECT_FALSE(kpi["summary"].contains("service_level"));  // a group has no service level of its own
  // Compare keeps the focus through the changed run: French's own measures are compared.
  ASSERT_EQ(run_gui("--scenario " + bilingual + " --set run.replications=6 --view compare --focus french --compare-set " +
                    "agent_groups[1].staffing.shifts[0].agents=8 --screenshot " + png + " --dump-series " + kpi_json),
            0);
  std::ifstream ic(kpi_json);
  EXPECT_EQ(nlohmann::json::parse(ic)["focus"], "french");
  EXPECT_EQ(run_gui("--scenario " + bilingual + " --focus german --screenshot " + png), 2);
  for (const auto& f : {all_json, fr_json, kpi_json, png}) std::filesystem::remove(f);
}

TEST(Gui, DatesOnTheTimeAxisAndClosedHoursAndHolidaysMarked) {
  // The Christmas week from its forecast file (found next to the scenario, wherever the visualiser runs).
  const std::string week = std::string(CCSIM_SCENARIO_DIR) + "/forecast-week.json";
  const std::string series_json = temp("week.json"), png = temp("week.png");
  ASSERT_EQ(run_gui("--scenario " + week + " --set run.replications=4 --view intervals --screenshot " + png + " --dump-series " + series_json), 0);
  std::ifstream in(series_json);
  const auto j = nlohmann::json::parse(in);
  ASSERT_EQ(j["x_labels"].size(), 140U);
  EXPECT_EQ(j["x_labels"][0], "Mon 21.12. 08:00");
  EXPECT_EQ(j["x_labels"][67], "Thu 24.12. 11:30");
  // Christmas Eve (a holiday closing at noon) and Christmas Day (closed) named; the closed hours shaded.
  std::vector<std::tuple<double, double, std::string, bool>> marks;
  for (const auto& m : j["calendar_marks"]) marks.emplace_back(m["from"], m["to"], m["label"], m["holiday"]);
  const std::vector<std::tuple<double, double, std::string, bool>> expected = {
      {60, 80, "Christmas Eve", true}, {68, 80, "", false},       {80, 100, "Christmas Day", true}, {80, 100, "", false},
      {100, 102, "closed", false},     {110, 120, "closed", false}, {120, 140, "closed", false}};
  EXPECT_EQ(marks, expected);
  // No calls are offered in a closed interval.
  EXPECT_EQ(j["offered"]["mean"][70], 0.0);
  // Another forecast opened as the volume: 300 calls on Monday at 08:00 and nothing else.
  const std::string csv = temp("monday.csv");
  std::ofstream(csv) << "weekday,interval,calls,aht\nmonday,08:00,300,00:03:00\n";
  ASSERT_EQ(run_gui("--scenario " + week + " --forecast " + csv + " --set run.replications=8 --view intervals --screenshot " + png +
                    " --dump-series " + series_json),
            0);
  std::ifstream again(series_json);
  const auto k = nlohmann::json::parse(again);
  EXPECT_NEAR(k["offered"]["mean"][0].get<double>(), 300.0, 4 * std::sqrt(300.0 / 8));
  EXPECT_EQ(k["offered"]["mean"][1], 0.0);
  // A dated forecast needs a calendar with a start date: refused in one line, status 2.
  EXPECT_EQ(run_gui("--scenario " + std::string(CCSIM_SCENARIO_DIR) + "/municipal-week.json --forecast " +
                    std::string(CCSIM_SCENARIO_DIR) + "/forecast-week.csv --screenshot " + png),
            2);
  for (const auto& f : {series_json, png, csv}) std::filesystem::remove(f);
}

TEST(Gui, StaffToTargetFillsTheBarsAndShowsTheSimulatedRequirement) {
  // The small team staffed to its 80/30 target in the background; its answer becomes the bars,
  // and the run that follows meets the target at the mean in every interval.
  const std::string team = std::string(CCSIM_SCENARIO_DIR) + "/small-team.json";
  const std::string series_json = temp("staff.json"), png = temp("staff.png");
  ASSERT_EQ(run_gui("--scenario " + team + " --set run.replications=40 --staff --view intervals --screenshot " + png +
                    " --dump-series " + series_json),
            0);
  std::ifstream in(series_json);
  const auto j = nlohmann::json::parse(in);
  ASSERT_TRUE(j.contains("simulated_requirement"));
  ASSERT_EQ(j["simulated_requirement"].size(), j["staffed"].size());
  for (std::size_t k = 0; k < j["staffed"].size(); ++k) {
    EXPECT_NEAR(j["staffed"][k].get<double>(), j["simulated_requirement"][k].get<double>(), 0.05) << k;  // (agents finishing a call stay a moment)
    EXPECT_GE(j["service_level"]["mean"][k].get<double>(), 0.8) << k;
  }
  for (const auto& f : {series_json, png}) std::filesystem::remove(f);
}

TEST(Gui, ScheduleShiftsCoversTheRequirementAndTheScenarioRunsThePlan) {
  // SimOpt's call centre scheduled in the background (Erlang's requirement, checked by simulation):
  // the Coverage view's shifts cover the requirement they were solved for in every interval, and
  // the scenario then runs the plan (the same seed and replications as the loop's last round):
  // every half hour meets 80 %.
  const std::string ccbaby = std::string(CCSIM_SCENARIO_DIR) + "/simopt-ccbaby.json";
  const std::string coverage_json = temp("coverage.json"), intervals_json = temp("coverage-intervals.json"), png = temp("coverage.png");
  ASSERT_EQ(run_gui("--scenario " + ccbaby + " --set run.replications=40 --schedule --view coverage --screenshot " + png + " --dump-series " +
                    coverage_json),
            0);
  const auto c = nlohmann::json::parse(std::ifstream(coverage_json));
  ASSERT_TRUE(c.contains("coverage")) << c.dump();
  const auto& cov = c["coverage"];
  ASSERT_EQ(cov["required"].size(), 33U);
  for (std::size_t k = 0; k < 33; ++k) EXPECT_GE(cov["scheduled"][k].get<int>(), cov["required"][k].get<int>()) << k;
  EXPECT_NE(cov["summary"].get<std::string>().find("every interval meets its target"), std::string::npos) << cov["summary"];
  ASSERT_EQ(run_gui("--scenario " + ccbaby + " --set run.replications=40 --schedule --view intervals --screenshot " + png + " --dump-series " +
                    intervals_json),
            0);
  const auto r = nlohmann::json::parse(std::ifstream(intervals_json));
  for (std::size_t k = 0; k < 33; ++k) EXPECT_GE(r["service_level"]["mean"][k].get<double>(), 0.8) << k;
  for (const auto& f : {coverage_json, intervals_json, png}) std::filesystem::remove(f);
}

TEST(Gui, BadInputExitsWithStatusTwo) {
  EXPECT_EQ(run_gui("--scenario " + scenario + " --view nowhere --screenshot " + temp("x.png")), 2);
  EXPECT_EQ(run_gui("--scenario " + scenario + " --set staffing.shifts[0].agents=-3 --screenshot " + temp("x.png")), 2);
  EXPECT_EQ(run_gui("--scenario /nonexistent.json --screenshot " + temp("x.png")), 2);
  EXPECT_EQ(run_gui("--screenshot " + temp("x.png")), 2);
  EXPECT_EQ(run_gui("--scenario " + scenario + " --size 10x10 --screenshot " + temp("x.png")), 2);
  EXPECT_FALSE(std::filesystem::exists(temp("x.png")));
}
