#include "ccsim/sim/schedule_requirements.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"
#include "ccsim/sim/staffing_search.hpp"

namespace ccsim::sim {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}
std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n\"");
  const auto z = s.find_last_not_of(" \t\r\n\"");
  return a == std::string::npos ? std::string() : s.substr(a, z - a + 1);
}

// Fills the requirement, one (days, start, group, agents) at a time; `where` names the source.
class Filler {
 public:
  Filler(const Scenario& s, std::string file) : s_(s), file_(std::move(file)) {
    const int per_day = s.calendar.intervals_per_day();
    horizon_ = static_cast<std::size_t>(s.calendar.days) * static_cast<std::size_t>(per_day);
    out_.assign(s.agent_groups.size(), std::vector<int>(horizon_, 0));
    given_.assign(s.agent_groups.size(), std::vector<std::string>(horizon_));
  }
  // "FILE:LINE:COLUMN (NAME): why" for a CSV, "FILE: intervals[3].start: why" for a JSON result.
  [[noreturn]] void fail(const std::string& where, const std::string& why) const {
    const bool line = !where.empty() && std::isdigit(static_cast<unsigned char>(where.front()));
    throw ScenarioError(file_ + (line ? ":" : ": ") + where + ": " + why);
  }

  // The days a day, date or weekday field names.
  std::vector<int> days_of(const std::string& kind, const std::string& text, const std::string& where) const {
    const Calendar& c = s_.calendar;
    if (kind == "day") {
      int d = 0;
      try {
        std::size_t used = 0;
        d = std::stoi(text, &used);
        if (used != text.size()) throw std::invalid_argument("");
      } catch (const std::exception&) {
        fail(where, "\"" + text + "\" is not a day number");
      }
      if (d < 1 || d > c.days) fail(where, "day " + text + " is not a day of the calendar (1 to " + std::to_string(c.days) + ")");
      return {d - 1};
    }
    if (kind == "date") {
      std::int32_t date = 0;
      try {
        date = parse_date(text);
      } catch (const std::invalid_argument&) {
        fail(where, "\"" + text + "\" is not a date");
      }
      if (!c.start_date) fail(where, "a date (\"" + text + "\") needs the calendar's start_date");
      const std::int64_t d = static_cast<std::int64_t>(date) - *c.start_date;
      if (d < 0 || d >= c.days) fail(where, text + " is not a day of the calendar (" + c.date_text(0) + " to " + c.date_text(c.days - 1) + ")");
      return {static_cast<int>(d)};
    }
    const int w = parse_weekday(text);
    if (w < 0) fail(where, "\"" + text + "\" is not a weekday");
    std::vector<int> days;
    for (int d = 0; d < c.days; ++d)
      if (c.weekday(d) == w) days.push_back(d);
    return days;
  }
  std::size_t interval_of(const std::string& text, const std::string& where) const {
    const Calendar& c = s_.calendar;
    double start = 0;
    try {
      start = parse_time_of_day(text, false);
    } catch (const std::invalid_argument&) {
      fail(where, "\"" + text + "\" is not a time of day");
    }
    double k = (start - c.open) / c.interval;
    if (k < -1e-9 && c.open_length() >= 86400) k += 86400 / c.interval;
    if (k < -1e-9 || k > c.intervals_per_day() - 1 + 1e-9 || std::abs(k - std::round(k)) > 1e-9)
      fail(where, text + " is not the start of an interval of the calendar (every " + format_duration(c.interval) + " from " +
                      format_time_of_day(c.open) + ")");
    return static_cast<std::size_t>(std::lround(k));
  }
  std::size_t group_of(const std::string& name, const std::string& where) const {
    for (std::size_t g = 0; g < s_.agent_groups.size(); ++g)
      if (s_.agent_groups[g].name == name) return g;
    fail(where, "\"" + name + "\" is not an agent group of the scenario");
  }
  std::size_t group_of_type(const std::string& name, const std::string& where) const {
    for (std::size_t t = 0; t < s_.call_types.size(); ++t)
      if (s_.call_types[t].name == name) return first_groups(s_)[t];
    if (s_.call_types.size() == 1) return first_groups(s_)[0];  // a single queue's forecast may name its queue
    fail(where, "\"" + name + "\" is not a call type of the scenario");
  }
  std::size_t only_group(const std::string& where) const {
    if (s_.agent_groups.size() > 1)
      fail(where, "names no agent group; the scenario has " + std::to_string(s_.agent_groups.size()) + " (add agent_group, or call_type)");
    return 0;
  }
  static int agents_of(const json& v) {
    if (v.is_number_integer() && v.get<std::int64_t>() >= 0 && v.get<std::int64_t>() <= 1000000) return static_cast<int>(v.get<std::int64_t>());
    if (v.is_number() && v.get<double>() >= 0 && v.get<double>() <= 1e6) return static_cast<int>(std::ceil(v.get<double>() - 1e-9));
    return -1;
  }
  // `adds`: call types' requirements add up; otherwise an interval given twice is an error.
  void set(const std::vector<int>& days, std::size_t interval, std::size_t group, int agents, bool adds, const std::string& where) {
    const std::size_t per_day = static_cast<std::size_t>(s_.calendar.intervals_per_day());
    for (int d : days) {
      const std::size_t k = static_cast<std::size_t>(d) * per_day + interval;
      std::string& before = given_[group][k];
      if (!before.empty() && !adds)
        fail(where, "gives " + s_.calendar.date_text(d) + " " + format_time_of_day(s_.calendar.open + static_cast<double>(interval) * s_.calendar.interval) +
                        " again (first at " + before + ")");
      before = where;
      out_[group][k] = adds ? out_[group][k] + agents : agents;
    }
  }
  Requirement take() { return std::move(out_); }

 private:
  const Scenario& s_;
  std::string file_;
  std::size_t horizon_ = 0;
  Requirement out_;
  std::vector<std::vector<std::string>> given_;
};

void read_json(const std::string& body, Filler& f) {
  const json j = json::parse(body, nullptr, false);
  if (j.is_discarded() || !j.is_object() || !j.contains("intervals") || !j["intervals"].is_array())
    f.fail("intervals", "is missing or not a list: not a ccsim staff --json or ccsim erlang --forecast --json result");
  for (std::size_t i = 0; i < j["intervals"].size(); ++i) {
    const json& r = j["intervals"][i];
    const std::string where = "intervals[" + std::to_string(i) + "]";
    if (!r.is_object()) f.fail(where, r.dump() + " is not an object");
    const char* kind = r.contains("day") ? "day" : r.contains("date") ? "date" : r.contains("weekday") ? "weekday" : nullptr;
    if (kind == nullptr) f.fail(where, "has no day, date or weekday");
    const json& when = r[kind];
    if (!when.is_string() && !when.is_number_integer()) f.fail(where + "." + kind, when.dump() + " is not a " + kind);
    const std::string when_text = when.is_string() ? when.get<std::string>() : std::to_string(when.get<std::int64_t>());
    const auto days = f.days_of(kind, when_text, where + "." + kind);
    if (!r.contains("start") || !r["start"].is_string()) f.fail(where + ".start", "is missing or not a time of day");
    const std::size_t interval = f.interval_of(r["start"].get<std::string>(), where + ".start");
    if (r.contains("agents_by_group")) {
      const json& by = r["agents_by_group"];
      if (!by.is_object()) f.fail(where + ".agents_by_group", by.dump() + " is not an object of agents by group");
      for (const auto& item : by.items()) {
        const std::string name = item.key();
        const int n = Filler::agents_of(item.value());
        if (n < 0) f.fail(where + ".agents_by_group." + name, item.value().dump() + " is not a number of agents from 0 to 1000000");
        f.set(days, interval, f.group_of(name, where + ".agents_by_group." + name), n, false, where);
      }
      continue;
    }
    if (!r.contains("agents")) f.fail(where + ".agents", "is missing");
    const int n = Filler::agents_of(r["agents"]);
    if (n < 0) f.fail(where + ".agents", r["agents"].dump() + " is not a number of agents from 0 to 1000000");
    if (r.contains("agent_group") && r["agent_group"].is_string()) {
      f.set(days, interval, f.group_of(r["agent_group"].get<std::string>(), where + ".agent_group"), n, false, where);
    } else if (r.contains("call_type") && r["call_type"].is_string()) {
      f.set(days, interval, f.group_of_type(r["call_type"].get<std::string>(), where + ".call_type"), n, true, where);
    } else {
      f.set(days, interval, f.only_group(where), n, false, where);
    }
  }
}

void read_csv(const std::string& body, Filler& f) {
  std::istringstream lines(body);
  std::string line;
  int number = 0;
  char separator = ',';
  int when = -1, start = -1, agents = -1, group = -1, type = -1;
  std::string when_kind;
  std::vector<std::string> names;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    if (names.empty()) {
      separator = line.find('\t') != std::string::npos ? '\t' : line.find(';') != std::string::npos ? ';' : ',';
    }
    std::vector<std::string> cells;
    std::stringstream split(line);
    std::string cell;
    while (std::getline(split, cell, separator)) cells.push_back(trim(cell));
    if (!line.empty() && line.back() == separator) cells.emplace_back();
    if (names.empty()) {
      names = cells;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const std::string h = lower(cells[i]);
        const int col = static_cast<int>(i);
        if (h == "day" || h == "date" || h == "weekday") when = col, when_kind = h;
        else if (h == "start" || h == "interval" || h == "time") start = col;
        else if (h == "agents" || h == "required" || h == "requirement") agents = col;
        else if (h == "agent_group" || h == "group") group = col;
        else if (h == "call_type" || h == "queue" || h == "type") type = col;
      }
      if (when < 0 || start < 0 || agents < 0)
        f.fail(std::to_string(number), "the header needs day (or date, or weekday), start and agents columns (it has " + line + ")");
      continue;
    }
    const auto at = [&](int col) -> std::pair<std::string, std::string> {
      const std::string where = std::to_string(number) + ":" + std::to_string(col + 1) + " (" + names[static_cast<std::size_t>(col)] + ")";
      if (static_cast<std::size_t>(col) >= cells.size()) f.fail(where, "is missing (the line has " + std::to_string(cells.size()) + " fields)");
      return {cells[static_cast<std::size_t>(col)], where};
    };
    const auto [when_text, when_where] = at(when);
    const auto days = f.days_of(when_kind, when_text, when_where);
    const auto [start_text, start_where] = at(start);
    const std::size_t interval = f.interval_of(start_text, start_where);
    const auto [agents_text, agents_where] = at(agents);
    json value;
    try {
      std::size_t used = 0;
      const double x = std::stod(agents_text, &used);
      if (used != agents_text.size()) throw std::invalid_argument("");
      value = x;
    } catch (const std::exception&) {
      f.fail(agents_where, "\"" + agents_text + "\" is not a number of agents");
    }
    const int n = Filler::agents_of(value);
    if (n < 0) f.fail(agents_where, "\"" + agents_text + "\" is not a number of agents from 0 to 1000000");
    const std::string where = std::to_string(number);
    if (group >= 0) {
      const auto [g, g_where] = at(group);
      f.set(days, interval, f.group_of(g, g_where), n, false, where);
    } else if (type >= 0) {
      const auto [t, t_where] = at(type);
      f.set(days, interval, f.group_of_type(t, t_where), n, true, where);
    } else {
      f.set(days, interval, f.only_group(where), n, false, where);
    }
  }
  if (names.empty()) f.fail("1", "is empty (a header with day, start and agents is needed)");
}

}  // namespace

Requirement read_requirements(const std::filesystem::path& file, const Scenario& scenario) {
  const std::string name = file.string();
  std::error_code error;
  if (!std::filesystem::is_regular_file(file, error)) throw ScenarioError(name + ": is not a readable file (the requirements)");
  std::ifstream in(file, std::ios::binary);
  if (!in) throw ScenarioError(name + ": cannot open the requirements");
  std::stringstream text;
  text << in.rdbuf();
  const std::string body = text.str();
  Filler f(scenario, name);
  const auto first = body.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && body[first] == '{') {
    read_json(body, f);
  } else {
    read_csv(body, f);
  }
  return f.take();
}

Requirement requirement_from_scenario(const Scenario& s) {
  const Calendar& c = s.calendar;
  const int per_day = c.intervals_per_day();
  const std::size_t horizon = static_cast<std::size_t>(c.days) * static_cast<std::size_t>(per_day);
  Requirement out(s.agent_groups.size(), std::vector<int>(horizon, 0));
  for (std::size_t g = 0; g < out.size(); ++g)
    for (std::size_t k = 0; k < horizon; ++k)
      out[g][k] = static_cast<int>(std::ceil(s.staffing.scheduled_agents(g, static_cast<int>(k) / per_day, static_cast<int>(k) % per_day, c) - 1e-9));
  return out;
}

}  // namespace ccsim::sim
