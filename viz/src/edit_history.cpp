#include "ccsim/viz/edit_history.hpp"

#include <stdexcept>

namespace ccsim::viz {

namespace {

// "/staffing/shifts/0/agents" -> "staffing.shifts[0].agents"
std::string dotted(const std::string& pointer) {
  std::string out;
  std::size_t at = 1;
  while (at <= pointer.size() && !pointer.empty()) {
    const std::size_t next = pointer.find('/', at);
    const std::string raw = pointer.substr(at, next == std::string::npos ? std::string::npos : next - at);
    // JSON pointer escapes: "~1" is '/', "~0" is '~'.
    std::string token;
    for (std::size_t p = 0; p < raw.size(); ++p) {
      if (raw[p] == '~' && p + 1 < raw.size() && (raw[p + 1] == '0' || raw[p + 1] == '1')) {
        token.push_back(raw[p + 1] == '1' ? '/' : '~');
        ++p;
      } else {
        token.push_back(raw[p]);
      }
    }
    const bool index = !token.empty() && token.find_first_not_of("0123456789") == std::string::npos;
    if (index) out += "[" + token + "]";
    else out += (out.empty() ? "" : ".") + token;
    if (next == std::string::npos) break;
    at = next + 1;
  }
  return out.empty() ? "the scenario" : out;
}

std::string short_text(const nlohmann::json& value) {
  std::string text = value.is_string() ? value.get<std::string>() : value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

}  // namespace

std::string describe_change(const nlohmann::json& before, const nlohmann::json& after, std::vector<std::string>* paths) {
  const nlohmann::json patch = nlohmann::json::diff(before, after);
  if (paths) paths->clear();
  if (patch.empty()) return "no change";
  std::string what;
  for (std::size_t i = 0; i < patch.size(); ++i) {
    const std::string pointer = patch[i].at("path").get<std::string>();
    if (paths) paths->push_back(dotted(pointer));
    if (i > 0) continue;
    const std::string op = patch[i].at("op").get<std::string>();
    const nlohmann::json::json_pointer where(pointer);
    if (op == "replace") what = dotted(pointer) + ": " + short_text(before.at(where)) + " -> " + short_text(patch[i].at("value"));
    else if (op == "add") what = dotted(pointer) + " = " + short_text(patch[i].at("value"));
    else what = dotted(pointer) + " removed";
  }
  if (patch.size() > 1) what += " and " + std::to_string(patch.size() - 1) + " more";
  return what;
}

void EditHistory::reset(nlohmann::json scenario, std::string what) {
  steps_.clear();
  steps_.push_back({std::move(scenario), std::move(what), {}, 0});
  current_ = 0;
}

bool EditHistory::record(nlohmann::json scenario, double now, double merge_within) {
  if (steps_.empty()) {
    reset(std::move(scenario));
    return true;
  }
  if (scenario == steps_[current_].scenario) return false;
  steps_.resize(current_ + 1);  // what was undone is gone once something else is done
  // A drag: the same fields as the step before moved again, moments later, continue that step.
  std::vector<std::string> paths;
  if (current_ > 0) {
    const Step& last = steps_[current_];
    std::vector<std::string> since_last;
    describe_change(last.scenario, scenario, &since_last);
    if (since_last == last.paths && now - last.at <= merge_within) {
      if (scenario == steps_[current_ - 1].scenario) {  // dragged back to where it began
        steps_.pop_back();
        --current_;
        return true;
      }
      std::string what = describe_change(steps_[current_ - 1].scenario, scenario, &paths);
      steps_[current_] = {std::move(scenario), std::move(what), std::move(paths), now};
      return true;
    }
  }
  const std::string what = describe_change(steps_[current_].scenario, scenario, &paths);
  steps_.push_back({std::move(scenario), what, std::move(paths), now});
  ++current_;
  return true;
}

const nlohmann::json& EditHistory::undo() {
  if (!can_undo()) throw std::logic_error("nothing to undo");
  return steps_[--current_].scenario;
}

const nlohmann::json& EditHistory::redo() {
  if (!can_redo()) throw std::logic_error("nothing to redo");
  return steps_[++current_].scenario;
}

const nlohmann::json& EditHistory::go_to(std::size_t index) {
  current_ = std::min(index, steps_.size() - 1);
  return steps_[current_].scenario;
}

}  // namespace ccsim::viz
