#include "ccsim/sim/json_input.hpp"

#include <fstream>
#include <system_error>
#include <vector>

#include "ccsim/models/limits.hpp"
#include "ccsim/sim/input_error.hpp"

namespace ccsim::sim {
namespace {

using nlohmann::json;

// Builds the document as nlohmann's own DOM parser does, and keeps the path of every value so
// that a broken rule is reported where it happens.
class StrictBuilder : public nlohmann::json_sax<json> {
public:
  explicit StrictBuilder(std::string root_name) : root_name_(std::move(root_name)) {}
  json root;
  std::string error;
  bool syntax = false;

  bool null() override { return value(json(nullptr)); }
  bool boolean(bool v) override { return value(json(v)); }
  bool number_integer(number_integer_t v) override { return value(json(v)); }
  bool number_unsigned(number_unsigned_t v) override { return value(json(v)); }
  bool number_float(number_float_t v, const string_t&) override { return value(json(v)); }
  bool string(string_t& v) override { return value(json(std::move(v))); }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }
  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }
  bool key(string_t& k) override {
    if (stack_.back()->contains(k)) {
      const std::string where = path();
      error = (where.empty() ? root_name_ : where) + ": the key \"" + k +
              "\" appears twice (a key may appear once in an object)";
      return false;
    }
    key_ = std::move(k);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at ..." -> "parse error at ..."
    if (const auto bracket = what.find("] "); what.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos)
      what.erase(0, bracket + 2);
    if (e.id == 406) {
      return fail(what + " (numbers must lie within about +-1.8e308)");
    }
    syntax = true;
    error = what;
    return false;
  }

private:
  std::string root_name_;           // what the whole text is called in messages
  std::vector<json*> stack_;       // the open arrays and objects
  std::vector<std::string> names_;  // the path element of each open container ("" for the root)
  std::string key_;

  [[nodiscard]] std::string next_name() const {
    if (stack_.empty()) return "";
    const json& top = *stack_.back();
    if (top.is_array()) {
      std::string index = "[";
      index += std::to_string(top.size());
      index += ']';
      return index;
    }
    std::string name = names_.size() > 1 ? "." : "";
    name += key_;
    return name;
  }
  [[nodiscard]] std::string path() const {
    std::string p;
    for (const auto& n : names_) p += n;
    return p;
  }
  bool fail(const std::string& why) {
    std::string where = path() + next_name();
    if (where.size() > 120) where = where.substr(0, 60) + "..." + where.substr(where.size() - 40);
    error = (where.empty() ? root_name_ : where) + ": " + why;
    return false;
  }
  json* place(json&& v) {
    if (stack_.empty()) {
      root = std::move(v);
      return &root;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(v));
      return &top.back();
    }
    json& slot = top[key_];
    slot = std::move(v);
    return &slot;
  }
  bool value(json&& v) {
    place(std::move(v));
    return true;
  }
  bool open(json&& container) {
    if (stack_.size() >= static_cast<std::size_t>(limits::max_json_depth))
      return fail("nested deeper than " + std::to_string(limits::max_json_depth) + " levels of arrays and objects");
    const std::string name = next_name();
    stack_.push_back(place(std::move(container)));
    names_.push_back(name);
    return true;
  }
  bool close() {
    stack_.pop_back();
    names_.pop_back();
    return true;
  }
};

}  // namespace

JsonParse parse_json(std::string_view text, const std::string& root_name) {
  JsonParse out;
  std::size_t bad = 0;
  if (!valid_utf8(text, bad)) {
    std::size_t line = 1, column = 1;
    for (std::size_t i = 0; i < bad; ++i) {
      if (text[i] == '\n') { ++line; column = 1; } else { ++column; }
    }
    out.error = "line " + std::to_string(line) + ", column " + std::to_string(column) + ": byte " +
                one_line(text.substr(bad, 1)) + " is not UTF-8 (save the file as UTF-8)";
    return out;
  }
  StrictBuilder builder(root_name);
  const bool ok = json::sax_parse(text.begin(), text.end(), &builder, json::input_format_t::json, true, false);
  if (!ok) {
    out.error = one_line(builder.error.empty() ? "is not valid JSON" : builder.error);
    out.syntax = builder.syntax;
    return out;
  }
  out.value = std::move(builder.root);
  return out;
}

json read_json_file(const std::filesystem::path& path) {
  const std::string name = path.string();
  if (name.empty()) throw ScenarioError("the scenario path is empty");
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) throw ScenarioError(name + ": cannot be opened (no such file)");
  if (std::filesystem::is_directory(status)) throw ScenarioError(name + ": is a directory, not a scenario file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(name + ": cannot be opened (permission denied?)");
  std::string text;
  char buffer[65536];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (static_cast<std::int64_t>(text.size()) > limits::max_scenario_bytes)
      throw ScenarioError(name + ": is larger than " + std::to_string(limits::max_scenario_bytes >> 20) +
                          " MiB; a scenario is a small JSON file");
  }
  if (in.bad()) throw ScenarioError(name + ": could not be read");
  JsonParse parsed = parse_json(text);
  if (!parsed.value) throw ScenarioError(name + ": " + (parsed.syntax ? "is not valid JSON (" + parsed.error + ")" : parsed.error));
  return std::move(*parsed.value);
}

}  // namespace ccsim::sim
