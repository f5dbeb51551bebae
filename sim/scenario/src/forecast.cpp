#include "ccsim/sim/forecast.hpp"

#include <csv.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <set>
#include <sstream>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/calendar.hpp"
#include "ccsim/sim/duration.hpp"
#include "ccsim/sim/input_error.hpp"

namespace ccsim::sim {
namespace {

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

// The parse in progress: libcsv calls back with each field and each record's end.
struct CsvState {
  std::vector<Record> records;
  Record current;
  int line = 1;  // the line being fed
  bool in_record = false;
};

void on_field(void* data, std::size_t length, void* state_ptr) {
  auto& st = *static_cast<CsvState*>(state_ptr);
  if (!st.in_record) {
    st.current.line = st.line;
    st.in_record = true;
  }
  st.current.fields.emplace_back(static_cast<const char*>(data), length);
}

void on_record(int, void* state_ptr) {
  auto& st = *static_cast<CsvState*>(state_ptr);
  if (!st.in_record) {  // (libcsv reports an empty record for a line that is only a separator)
    st.current.line = st.line;
  }
  st.records.push_back(std::move(st.current));
  st.current = {};
  st.in_record = false;
}

[[noreturn]] void fail(const std::string& where, const std::string& message) { throw ScenarioError(where + ": " + message); }

// "text" with its quotes (built by appending: g++ 12 warns falsely on "\"" + std::string&&); a
// long value is shortened (its first 40 bytes, whole characters, and its length), so that every
// message stays one short line.
std::string in_quotes(const std::string& text) {
  constexpr std::size_t longest = 60, kept = 40;
  std::string out;
  out += '"';
  if (text.size() <= longest) {
    out += one_line(text);
    out += '"';
    return out;
  }
  std::size_t cut = kept;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
  out += one_line(text.substr(0, cut));
  out += "...\" (" + std::to_string(text.size()) + " bytes)";
  return out;
}

// A header name as messages show it: one line, at most 40 bytes.
std::string short_text(const std::string& text) {
  if (text.size() <= 40) return one_line(text);
  std::size_t cut = 37;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return one_line(text.substr(0, cut)) + "...";
}

std::string trim(const std::string& s) {
  std::size_t a = 0, b = s.size();
  while (a < b && std::isspace(static_cast<unsigned char>(s[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(s[b - 1]))) --b;
  return s.substr(a, b - a);
}

// "Interval Start" -> "interval_start"
std::string header_key(const std::string& s) {
  std::string out;
  for (char ch : trim(s)) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c)) {
      out += static_cast<char>(std::tolower(c));
    } else if (!out.empty() && out.back() != '_') {
      out += '_';
    }
  }
  while (!out.empty() && out.back() == '_') out.pop_back();
  return out;
}

enum Column { date_column, weekday_column, interval_column, calls_column, aht_column, type_column, column_count };
const char* const column_names[column_count] = {"date", "weekday", "interval", "calls", "aht", "call_type"};

int column_of(const std::string& key) {
  static const std::vector<std::pair<const char*, Column>> synonyms = {
      {"date", date_column},         {"day", date_column},           {"datum", date_column},
      {"weekday", weekday_column},   {"day_of_week", weekday_column}, {"dow", weekday_column},
      {"interval", interval_column}, {"start", interval_column},     {"time", interval_column},
      {"interval_start", interval_column}, {"period", interval_column}, {"start_time", interval_column},
      {"calls", calls_column},       {"volume", calls_column},       {"offered", calls_column},
      {"contacts", calls_column},    {"calls_offered", calls_column}, {"offered_calls", calls_column},
      {"forecast", calls_column},
      {"aht", aht_column},           {"handle_time", aht_column},    {"average_handle_time", aht_column},
      {"avg_handle_time", aht_column},
      {"call_type", type_column},    {"queue", type_column},         {"skill", type_column},
      {"type", type_column},         {"split", type_column},
  };
  for (const auto& [name, column] : synonyms) {
    if (key == name) return column;
  }
  return -1;
}

// "08:00", "8:00", "08:00:00", "08:00-08:30" (the start): seconds since midnight, or -1.
double clock_time(const std::string& text) {
  std::string t = text;
  if (const auto dash = t.find('-'); dash != std::string::npos) t = t.substr(0, dash);
  t = trim(t);
  int parts[3] = {0, 0, 0};
  int count = 0;
  std::size_t i = 0;
  while (i <= t.size() && count < 3) {
    const std::size_t colon = std::min(t.find(':', i), t.size());
    const std::string piece = t.substr(i, colon - i);
    if (piece.empty() || piece.size() > 2 || !std::all_of(piece.begin(), piece.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return -1;
    parts[count++] = std::stoi(piece);
    i = colon + 1;
    if (colon == t.size()) break;
  }
  if (i <= t.size() && count == 3 && i != t.size() + 1) return -1;  // more than three parts
  if (count < 2 || parts[0] > 23 || parts[1] > 59 || parts[2] > 59) return -1;
  return parts[0] * 3600.0 + parts[1] * 60.0 + parts[2];
}

}  // namespace

Forecast parse_forecast(const std::string& text_in, const std::string& name) {
  std::string_view text = text_in;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a byte-order mark (spreadsheet exports)
  std::size_t bad_byte = 0;
  if (!valid_utf8(text, bad_byte)) fail(name, "byte " + std::to_string(bad_byte + 1) + " is not UTF-8");
  Forecast f;
  f.name = name;
  // The separator, from the header line (outside quotes).
  const std::string_view header_line = text.substr(0, text.find_first_of("\r\n"));
  std::size_t semicolons = 0, commas = 0, tabs = 0;
  bool quoted = false;
  for (char ch : header_line) {
    if (ch == '"') quoted = !quoted;
    if (quoted) continue;
    semicolons += ch == ';';
    commas += ch == ',';
    tabs += ch == '\t';
  }
  f.separator = semicolons > 0 ? ';' : tabs > 0 && commas == 0 ? '\t' : ',';
  const bool decimal_comma = f.separator == ';';

  // Parsed line by line, so that each record knows the line it starts on (a quoted field may span lines).
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) fail(name, "cannot start the CSV reader");
  csv_set_delim(&parser, static_cast<unsigned char>(f.separator));
  // A field grows by this much at a time: libcsv's default (128 bytes) reallocates a 10 MB field
  // 80,000 times, which takes minutes where realloc always copies (the sanitizers).
  csv_set_blk_size(&parser, 1 << 16);
  CsvState st;
  struct Free {
    csv_parser* p;
    ~Free() { csv_free(p); }
  } free_parser{&parser};
  std::size_t pos = 0;
  while (pos < text.size()) {
    // A line ends at LF, CR LF or a lone CR (old Mac exports), so that positions name the right line.
    std::size_t end = text.find_first_of("\r\n", pos);
    if (end == std::string_view::npos) {
      end = text.size();
    } else {
      end += text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n' ? 2 : 1;
    }
    const std::string_view chunk = text.substr(pos, end - pos);
    if (csv_parse(&parser, chunk.data(), chunk.size(), on_field, on_record, &st) != chunk.size())
      fail(name + ":" + std::to_string(st.line), std::string("malformed CSV (") + csv_strerror(csv_error(&parser)) +
                                                     "): a quote inside an unquoted field, or text after a closing quote");
    pos = end;
    ++st.line;
    if (st.records.size() > static_cast<std::size_t>(limits::max_list_length) * 4)
      fail(name, "has over " + std::to_string(limits::max_list_length * 4) + " rows; split it (a year of 5-minute intervals fits)");
  }
  if (csv_fini(&parser, on_field, on_record, &st) != 0)
    fail(name + ":" + std::to_string(st.line - 1), "malformed CSV: a quoted field is not closed");
  if (st.records.empty()) fail(name, "is empty (it needs a header and rows)");

  // The header.
  const Record& header = st.records.front();
  int columns[column_count];
  std::fill(std::begin(columns), std::end(columns), -1);
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    const std::string key = header_key(header.fields[i]);
    const int c = column_of(key);
    const std::string where = name + ":" + std::to_string(header.line) + ":" + std::to_string(i + 1);
    if (c < 0) {
      fail(where, in_quotes(trim(header.fields[i])) +
                      " is not a known column (date or weekday, interval, calls, and optionally aht and call_type, "
                      "with synonyms such as volume, offered, start, time, handle_time, queue)");
    }
    if (columns[c] >= 0) fail(where, in_quotes(trim(header.fields[i])) + " is a second " + column_names[c] + " column");
    columns[c] = static_cast<int>(i);
  }
  if (columns[interval_column] < 0) fail(name + ":1", "has no interval column (interval, start or time)");
  if (columns[calls_column] < 0) fail(name + ":1", "has no calls column (calls, volume or offered)");
  f.has_aht = columns[aht_column] >= 0;
  f.has_call_type = columns[type_column] >= 0;

  for (std::size_t r = 1; r < st.records.size(); ++r) {
    const Record& rec = st.records[r];
    if (rec.fields.size() == 1 && trim(rec.fields[0]).empty()) continue;  // a blank line
    const auto where = [&](int column) {
      return name + ":" + std::to_string(rec.line) + ":" + std::to_string(column + 1) + " (" +
             short_text(trim(header.fields[static_cast<std::size_t>(column)])) + ")";
    };
    if (rec.fields.size() != header.fields.size())
      fail(name + ":" + std::to_string(rec.line), "has " + std::to_string(rec.fields.size()) + " fields; the header has " +
                                                      std::to_string(header.fields.size()) + " (separator '" +
                                                      (f.separator == '\t' ? std::string("tab") : std::string(1, f.separator)) + "')");
    const auto field = [&](int column) { return trim(rec.fields[static_cast<std::size_t>(column)]); };
    ForecastRow row;
    row.line = rec.line;
    // The interval, perhaps with its date.
    std::string interval = field(columns[interval_column]);
    std::optional<std::int32_t> date_in_interval;
    if (const auto split = interval.find_first_of(" T"); split != std::string::npos && split >= 8) {
      try {
        date_in_interval = parse_date(interval.substr(0, split));
      } catch (const std::invalid_argument&) {
        fail(where(columns[interval_column]), in_quotes(interval) + " is not a date and time (2026-12-07 08:00)");
      }
      interval = trim(interval.substr(split + 1));
    }
    row.start_since_midnight = clock_time(interval);
    if (row.start_since_midnight < 0)
      fail(where(columns[interval_column]), in_quotes(field(columns[interval_column])) + " is not a time of day (08:00 or 08:00:00)");
    if (const auto dash = interval.find('-'); dash != std::string::npos) {  // a range: its end too
      const std::string end_text = trim(interval.substr(dash + 1));
      const double end = end_text == "24:00" || end_text == "24:00:00" ? 86400.0 : clock_time(end_text);
      if (end < 0) fail(where(columns[interval_column]), in_quotes(field(columns[interval_column])) + " does not end at a time of day (08:00-08:30)");
      if (end <= row.start_since_midnight && end != 0)
        fail(where(columns[interval_column]), in_quotes(field(columns[interval_column])) + " ends before it starts");
      row.end_since_midnight = end == 0 ? 86400.0 : end;
    }
    // The day: a date, or a weekday.
    if (columns[date_column] >= 0) {
      const std::string day = field(columns[date_column]);
      const int weekday = parse_weekday(day);
      if (weekday >= 0) {
        row.weekday = weekday;
      } else {
        try {
          row.date = parse_date(day);
        } catch (const std::invalid_argument& e) {
          if (std::string(e.what()).find("outside the years") != std::string::npos) fail(where(columns[date_column]), e.what());
          fail(where(columns[date_column]), in_quotes(day) + " is not a date (2026-12-07) or a weekday (monday)");
        }
      }
    }
    if (columns[weekday_column] >= 0) {
      const std::string day = field(columns[weekday_column]);
      row.weekday = parse_weekday(day);
      if (row.weekday < 0) fail(where(columns[weekday_column]), in_quotes(day) + " is not a weekday (monday or mon)");
    }
    if (date_in_interval) {
      if (row.date && *row.date != *date_in_interval)
        fail(where(columns[interval_column]), in_quotes(field(columns[interval_column])) + " has another date than the date column");
      row.date = date_in_interval;
    }
    if (row.date && row.weekday >= 0 && weekday_of_date(*row.date) != row.weekday)
      fail(where(columns[weekday_column] >= 0 ? columns[weekday_column] : columns[date_column]),
           in_quotes(field(columns[weekday_column] >= 0 ? columns[weekday_column] : columns[date_column])) + " contradicts the date " +
               format_date(*row.date) + ", a " + weekday_names[weekday_of_date(*row.date)]);
    if (!row.date && row.weekday < 0)
      fail(name + ":" + std::to_string(rec.line), "has no date or weekday (a date or weekday column, or the date in the interval)");
    if (row.date) {
      f.has_dates = true;
    } else {
      f.has_weekdays = true;
    }
    if (f.has_dates && f.has_weekdays)
      fail(name + ":" + std::to_string(rec.line), "mixes rows by date and rows by weekday; give one or the other");
    // Calls.
    {
      std::string calls = field(columns[calls_column]);
      if (decimal_comma) std::replace(calls.begin(), calls.end(), ',', '.');
      double x = 0;
      const auto [end, error] = std::from_chars(calls.data(), calls.data() + calls.size(), x);
      if (calls.empty() || error != std::errc() || end != calls.data() + calls.size() || !std::isfinite(x))
        fail(where(columns[calls_column]), in_quotes(field(columns[calls_column])) + " is not a number of calls");
      if (x < 0) fail(where(columns[calls_column]), in_quotes(field(columns[calls_column])) + " is negative");
      if (x > 1e7) fail(where(columns[calls_column]), in_quotes(field(columns[calls_column])) + " calls in one interval is implausible (at most 1e7)");
      row.calls = x;
    }
    if (f.has_aht) {
      std::string aht = field(columns[aht_column]);
      if (!aht.empty()) {
        if (decimal_comma) std::replace(aht.begin(), aht.end(), ',', '.');
        try {
          row.aht = parse_duration(aht);
        } catch (const std::invalid_argument&) {
          fail(where(columns[aht_column]), in_quotes(field(columns[aht_column])) + " is not a handle time (seconds, 3m45s or 00:03:45)");
        }
        if (!(*row.aht > 0) && row.calls > 0) fail(where(columns[aht_column]), in_quotes(field(columns[aht_column])) + " must be more than 0 when calls are offered");
        if (*row.aht > 86400) fail(where(columns[aht_column]), in_quotes(field(columns[aht_column])) + " is over a day");
      } else if (row.calls > 0) {
        fail(where(columns[aht_column]), "is empty, but the interval has calls");
      }
    }
    if (f.has_call_type) {
      row.call_type = field(columns[type_column]);
      if (row.call_type.empty()) fail(where(columns[type_column]), "is empty");
    }
    f.rows.push_back(std::move(row));
  }
  if (f.rows.empty()) fail(name, "has a header but no rows");
  return f;
}

Forecast read_forecast(const std::filesystem::path& path) {
  std::error_code kind_error;
  const auto status = std::filesystem::status(path, kind_error);
  if (std::filesystem::exists(status) && !std::filesystem::is_regular_file(status))
    throw ScenarioError(path.string() + ": is not a regular file (a forecast is read whole: no devices, pipes or folders)");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path.string() + ": cannot open the forecast file");
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > (std::uintmax_t{512} << 20)) throw ScenarioError(path.string() + ": over 512 MB; split the forecast");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return parse_forecast(buffer.str(), path.string());
}

std::optional<double> forecast_step(const Forecast& forecast) {
  std::set<double> starts;
  for (const auto& r : forecast.rows) starts.insert(r.start_since_midnight);
  std::optional<double> step;
  for (auto it = starts.begin(); it != starts.end() && std::next(it) != starts.end(); ++it) {
    const double gap = *std::next(it) - *it;
    step = step ? std::min(*step, gap) : gap;
  }
  return step;
}

}  // namespace ccsim::sim
