// ccsim-gui: the what-if visualiser. A GLFW window with an OpenGL 3.3 context and Dear ImGui;
// with --screenshot it renders without user input and writes a PNG (for tests and docs).
#include <algorithm>
#include <cfloat>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <fstream>
#include <iostream>
#include <numeric>
#include <string>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>
#include <stb_image_write.h>

#include "app.hpp"
#include "export.hpp"
#include "plot.hpp"
#include "ccsim/sim/output_files.hpp"
#include "present.hpp"

namespace {

using Clock = std::chrono::steady_clock;

std::vector<std::string> scenario_files() {
  std::vector<std::string> files;
  for (const std::filesystem::path& dir : {std::filesystem::path("scenarios"), std::filesystem::path(CCSIM_SCENARIO_DIR)}) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) continue;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(dir, ec))
      if (entry.path().extension() == ".json") files.push_back(entry.path().string());
    if (!files.empty()) break;
  }
  std::sort(files.begin(), files.end());
  return files;
}

// The back buffer as PNG bytes on `os`.
// The framebuffer's rectangle [x0, x1) x [y0, y1) (pixels from the top left; the whole window by
// default) as a PNG.
void write_png(std::ostream& os, int width, int height, int x0 = 0, int y0 = 0, int x1 = -1, int y1 = -1) {
  if (x1 < 0) x1 = width;
  if (y1 < 0) y1 = height;
  x0 = std::clamp(x0, 0, width), x1 = std::clamp(x1, x0, width), y0 = std::clamp(y0, 0, height), y1 = std::clamp(y1, y0, height);
  const int w = x1 - x0, h = y1 - y0;
  if (w <= 0 || h <= 0) throw std::runtime_error("the chart is not on screen");
  std::vector<unsigned char> pixels(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4);
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(x0, height - y1, w, h, GL_RGBA, GL_UNSIGNED_BYTE, pixels.data());
  // OpenGL's rows run bottom-up; PNG's top-down.
  std::vector<unsigned char> flipped(pixels.size());
  const std::size_t row = static_cast<std::size_t>(w) * 4;
  for (int y = 0; y < h; ++y)
    std::copy_n(&pixels[static_cast<std::size_t>(h - 1 - y) * row], row, &flipped[static_cast<std::size_t>(y) * row]);
  const auto to_stream = [](void* context, void* data, int size) {
    static_cast<std::ostream*>(context)->write(static_cast<const char*>(data), size);
  };
  if (stbi_write_png_to_func(to_stream, &os, w, h, 4, flipped.data(), static_cast<int>(row)) == 0)
    throw std::runtime_error("the PNG could not be encoded");
}

// Adds `item` of the frame just drawn to `outputs` as FILE: a chart as .png (its rectangle of the
// framebuffer) or .csv (its series), a table as .csv.
void add_export(ccsim::sim::OutputFiles& outputs, const std::string& flag, const ccsim::viz::ExportItem& item, const std::string& file,
                int fw, int fh) {
  const std::string ext = std::filesystem::path(file).extension().string();
  if (ext == ".png") {
    if (!item.chart) throw ccsim::sim::OutputError(flag + ": \"" + item.name + "\" is a table: export it as .csv");
    const float scale_x = static_cast<float>(fw) / ImGui::GetIO().DisplaySize.x, scale_y = static_cast<float>(fh) / ImGui::GetIO().DisplaySize.y;
    const int x0 = static_cast<int>(item.min.x * scale_x), y0 = static_cast<int>(item.min.y * scale_y);
    const int x1 = static_cast<int>(item.max.x * scale_x), y1 = static_cast<int>(item.max.y * scale_y);
    outputs.add(flag, file, [=](std::ostream& os) { write_png(os, fw, fh, x0, y0, x1, y1); });
  } else if (ext == ".csv") {
    const std::string text = ccsim::viz::csv_text(item.rows);
    outputs.add(flag, file, [text](std::ostream& os) { os << text; });
  } else {
    throw ccsim::sim::OutputError(flag + ": \"" + file + "\" should end in .png (a chart) or .csv (a chart's series or a table)");
  }
}

// The --redraw name of a presentation mode.
const char* redraw_name(ccsim::viz::Presenter::Mode mode) {
  switch (mode) {
    case ccsim::viz::Presenter::Mode::every_frame: return "every-frame";
    case ccsim::viz::Presenter::Mode::changed_frames: return "changed-frames";
    case ccsim::viz::Presenter::Mode::changed_regions: return "changed-regions";
  }
  return "changed-regions";
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

bool window_needs_redraw = true;  // set by GLFW when the window's contents were damaged

}  // namespace

int main(int argc, char** argv) {
  CLI::App cli{"ccsim-gui: what-if visualiser for contact-centre scenarios"};
  std::string scenario_path, screenshot, view_name = "intervals", size = "1600x1000", dump_series, dump_text_boxes;
  std::vector<std::string> sets, compare_sets, edit_sets, export_views;
  int undo_count = 0;
  int frames = 3, measure_edits = 0, threads = 0, fps_limit = 60;
  std::string redraw = "changed-regions";
  double replay_at = -1;
  cli.add_option("--scenario", scenario_path, "scenario JSON file to open");
  cli.add_option("--screenshot", screenshot, "render without user input and write this PNG, then exit");
  cli.add_option("--view", view_name, "view to show: intervals, distributions, returning, kpi, compare, erlang, replay, queues");
  std::string focus_name, forecast_file;
  bool staff_flag = false, schedule_flag = false;
  cli.add_flag("--schedule", schedule_flag,
               "press Schedule shifts (checked by simulation) once the first results are in (with --screenshot: shot after the plan's run)");
  cli.add_flag("--staff", staff_flag, "press Staff to target once the first results are in (with --screenshot: shot after its answer's run)");
  cli.add_option("--forecast", forecast_file, "a forecast CSV as the volume (of the --focus call type, else the first)");
  cli.add_option("--focus", focus_name, "show this call type or agent group (by name) in every view (scenarios with several queues)");
  cli.add_option("--set", sets, "override a scenario field, PATH=VALUE (repeatable)");
  cli.add_option("--compare-set", compare_sets, "pin the first results as baseline, then apply PATH=VALUE (repeatable)");
  cli.add_option("--edit", edit_sets, "once the first results are in, edit PATH=VALUE as the panel would (repeatable: one undoable edit each)");
  cli.add_option("--export-view", export_views,
                 "with --screenshot: write a chart (NAME=FILE.png or .csv) or table (NAME=FILE.csv) of the view; NAME as the Export button names it")
      ->type_name("NAME=FILE");
  cli.add_option("--undo", undo_count, "then undo this many edits (Ctrl+Z)")->check(CLI::Range(0, 1000));
  cli.add_option("--frames", frames, "frames to draw after the results arrive, before the screenshot")->check(CLI::Range(1, 10000));
  cli.add_option("--size", size, "window size, WIDTHxHEIGHT");
  cli.add_option("--dump-series", dump_series, "with --screenshot: write the plotted series of the view as JSON");
  cli.add_option("--dump-text-boxes", dump_text_boxes,
                 "with --screenshot: write where each chart's texts (title, legend, axis labels, ticks) were drawn, as JSON");
  cli.add_option("--replay-at", replay_at, "replay clock, seconds after the first opening");
  cli.add_option("--measure-edits", measure_edits, "make N volume edits and print edit-to-results times and frame rates (JSON)")
      ->check(CLI::Range(1, 1000));
  cli.add_option("--fps", fps_limit, "frames per second to draw at most (0: no limit; screenshots draw unlimited)")
      ->check(CLI::Range(0, 1000));
  auto* redraw_option = cli.add_option("--redraw", redraw,
                 "what to redraw: changed-regions (default; falls back to changed-frames without GLX_MESA_copy_sub_buffer), "
                 "changed-frames, every-frame (screenshots redraw every frame unless --redraw is given)")
      ->check(CLI::IsMember({"changed-regions", "changed-frames", "every-frame"}));
  cli.add_option("--threads", threads, "simulation threads (0: every core but one, kept for drawing)")->check(CLI::Range(0, 256));
  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e) == 0 ? 0 : 2;
  }
  int width = 0, height = 0;
  if (std::sscanf(size.c_str(), "%dx%d", &width, &height) != 2 || width < 400 || height < 300 || width > 8000 || height > 8000) {
    std::cerr << "ccsim-gui: --size: \"" << size << "\" is not WIDTHxHEIGHT (at least 400x300)\n";
    return 2;
  }
  const auto view = ccsim::viz::view_from_name(view_name);
  if (!view) {
    std::cerr << "ccsim-gui: --view: \"" << view_name << "\" is not a view (intervals, distributions, returning, kpi, compare, erlang, replay, queues)\n";
    return 2;
  }
  const bool headless = !screenshot.empty() || measure_edits > 0;
  if (headless && scenario_path.empty()) {
    std::cerr << "ccsim-gui: --screenshot and --measure-edits need --scenario FILE\n";
    return 2;
  }
  nlohmann::json scenario_json;
  std::optional<ccsim::viz::Focus> focus;
  if ((!focus_name.empty() || !forecast_file.empty()) && scenario_path.empty()) {
    std::cerr << "ccsim-gui: " << (focus_name.empty() ? "--forecast" : "--focus") << " needs --scenario FILE\n";
    return 2;
  }
  if (!scenario_path.empty()) {
    try {
      scenario_json = ccsim::sim::read_scenario_file(scenario_path);
      ccsim::sim::resolve_relative_paths(scenario_json, ccsim::sim::scenario_folder(scenario_path));
      for (const auto& s : sets) ccsim::sim::apply_override(scenario_json, s);
      if (!forecast_file.empty()) {
        std::size_t type = 0;
        if (scenario_json.contains("call_types") && scenario_json["call_types"].is_array()) {
          for (std::size_t t = 0; t < scenario_json["call_types"].size(); ++t)
            if (scenario_json["call_types"][t].value("name", "") == focus_name) type = t;
        }
        scenario_json = ccsim::viz::with_forecast(scenario_json, type, forecast_file);
      }
      (void)ccsim::sim::parse_scenario(scenario_json);
      nlohmann::json probe = scenario_json;
      for (const auto& s : compare_sets) ccsim::sim::apply_override(probe, s);
      (void)ccsim::sim::parse_scenario(probe);
      if (!focus_name.empty()) {
        const ccsim::sim::Scenario parsed = ccsim::sim::parse_scenario(scenario_json);
        for (std::size_t t = 0; t < parsed.call_types.size() && !focus; ++t)
          if (parsed.several_queues && parsed.call_types[t].name == focus_name) focus = ccsim::viz::Focus{ccsim::sim::Scope::call_type, t};
        for (std::size_t g = 0; g < parsed.agent_groups.size() && !focus; ++g)
          if (parsed.several_queues && parsed.agent_groups[g].name == focus_name) focus = ccsim::viz::Focus{ccsim::sim::Scope::agent_group, g};
        if (!focus) throw std::invalid_argument("--focus: \"" + focus_name + "\" is not a call type or agent group of the scenario");
      }
    } catch (const std::exception& e) {
      std::cerr << "ccsim-gui: " << e.what() << "\n";
      return 2;
    }
  }

  if (!glfwInit()) {
    std::cerr << "ccsim-gui: cannot initialise GLFW (no display? try xvfb-run -a)\n";
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  GLFWwindow* window = glfwCreateWindow(width, height, "ccsim what-if", nullptr, nullptr);
  if (!window) {
    std::cerr << "ccsim-gui: cannot open an OpenGL 3.3 window\n";
    glfwTerminate();
    return 1;
  }
  glfwMakeContextCurrent(window);
  glfwSwapInterval(headless ? 0 : 1);
  glfwSetWindowRefreshCallback(window, [](GLFWwindow*) { window_needs_redraw = true; });
  // Frames are paced by the clock too: a software-rendered display (Xvfb) has no vertical sync,
  // and a loop drawing as fast as it can would take the CPU from the simulation.
  const double frame_budget = (!screenshot.empty() || fps_limit == 0) ? 0.0 : 1.0 / fps_limit;

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  const char* font = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
  // The interface font, then a large one for the replay clock (Fonts[1]).
  if (std::filesystem::exists(font)) {
    io.Fonts->AddFontFromFileTTF(font, 15.0f);
    io.Fonts->AddFontFromFileTTF(font, 34.0f);
  }
  ImGui::StyleColorsLight();
  ImGuiStyle& style = ImGui::GetStyle();
  style.FrameRounding = 3;
  style.WindowPadding = ImVec2(8, 8);
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  ImGui_ImplOpenGL3_Init("#version 330");

  int status = 0;
  {
    if (threads == 0) threads = std::max(1, static_cast<int>(std::thread::hardware_concurrency()) - 1);
    ccsim::viz::App app(scenario_files(), threads);
    if (!scenario_path.empty()) app.open_json(scenario_json, scenario_path);
    app.show(*view);
    if (focus) app.set_focus(*focus, 0);
    if (replay_at >= 0) app.set_replay_time(replay_at);
    const auto start = Clock::now();
    const auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };

    // Per frame: the period from one frame's start to the next (what the eye sees), and the work
    // (events, interface, rendering, swap) that must fit in the budget.
    std::vector<double> periods, periods_running, periods_idle, work_running, work_idle, edit_times;
    std::vector<double> rendered_running, rendered_idle;  // work of the frames that were rendered
    const auto background = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];  // the clear colour: see App::frame
    const bool every = redraw == "every-frame" || (!screenshot.empty() && redraw_option->count() == 0);
    const auto mode = every                                          ? ccsim::viz::Presenter::Mode::every_frame
                      : redraw == "changed-frames"                   ? ccsim::viz::Presenter::Mode::changed_frames
                                                                     : ccsim::viz::Presenter::Mode::changed_regions;
    ccsim::viz::Presenter presenter(window, mode, background.x, background.y, background.z);
    long pixels_running = 0, pixels_idle = 0;
    int fw_last = 0, fh_last = 0;
    int after_results = 0, edits_done = 0, undos_done = 0;
    std::size_t edits_scripted = 0;
    bool compared = compare_sets.empty();
    double frame_start = seconds(), next_start = frame_start;
    bool frame_was_busy = false;
    int frames_drawn = 0;
    std::vector<ccsim::viz::plot::ChartTexts> chart_texts;  // the last frame's, for --dump-text-boxes
    if (!dump_text_boxes.empty()) ccsim::viz::plot::record_texts(&chart_texts);
    if (!export_views.empty()) ccsim::viz::collecting_exports() = true;
    while (!glfwWindowShouldClose(window)) {
      chart_texts.clear();
      if (frame_budget > 0) {
        next_start += frame_budget;
        const double wait = next_start - seconds();
        if (wait > 0) {
          std::this_thread::sleep_for(std::chrono::duration<double>(wait));
        } else {
          next_start = seconds();  // late: start now, do not try to catch up
        }
      }
      const double started = seconds();
      const double period = started - frame_start;
      frame_start = started;
      if (frames_drawn > 0) {
        periods.push_back(period);
        (frame_was_busy ? periods_running : periods_idle).push_back(period);
      }
      glfwPollEvents();
      ImGui_ImplOpenGL3_NewFrame();
      ImGui_ImplGlfw_NewFrame();
      // Without a user the pointer is nowhere: no hover read-out is frozen into a screenshot.
      if (headless) ImGui::GetIO().MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
      ImGui::NewFrame();
      const double now = seconds();
      const bool was_busy = app.busy();
      frame_was_busy = was_busy;
      app.frame(now);
      ImGui::Render();
      int fw = 0, fh = 0;
      glfwGetFramebufferSize(window, &fw, &fh);
      fw_last = fw;
      fh_last = fh;
      // Only what changed is rendered: a software rasterizer then leaves the CPU to the simulation.
      const bool render = presenter.draw(ImGui::GetDrawData(), window_needs_redraw);
      window_needs_redraw = false;
      (was_busy ? pixels_running : pixels_idle) += presenter.rendered_pixels();
      // "Export view": every chart (PNG and CSV) and table (CSV) of the frame just drawn.
      if (auto folder = app.take_export_request()) {
        try {
          std::filesystem::create_directories(*folder);
          ccsim::sim::OutputFiles outputs({});
          int files = 0;
          for (const auto& item : ccsim::viz::frame_exports()) {
            const std::string stem = (std::filesystem::path(*folder) / (app.current_view_name() + "-" + item.name)).string();
            add_export(outputs, "export", item, stem + ".csv", fw, fh);
            ++files;
            if (item.chart) {
              add_export(outputs, "export", item, stem + ".png", fw, fh);
              ++files;
            }
          }
          outputs.commit();
          app.say(std::to_string(files) + " files written to " + *folder);
        } catch (const std::exception& e) {
          app.say(std::string("export failed: ") + e.what());
        }
      }

      if (headless) {
        if (now > 300) {
          std::cerr << "ccsim-gui: no results after 300 s\n";
          status = 1;
          break;
        }
        if (!app.error().empty()) {
          std::cerr << "ccsim-gui: " << app.error() << "\n";
          status = 2;
          break;
        }
        if (!app.busy() && app.results()) {
          if (staff_flag) {  // the search, then its answer's run
            app.staff_to_target();
            staff_flag = false;
          } else if (schedule_flag) {  // the schedule, then its plan's run
            app.schedule_shifts(true);
            schedule_flag = false;
          } else if (!compared) {  // pin the baseline, then change the scenario
            app.pin_baseline();
            nlohmann::json changed = scenario_json;
            for (const auto& s : compare_sets) ccsim::sim::apply_override(changed, s);
            app.open_json(changed, scenario_path);  // (opening resets the focus: the same one again)
            app.show(*view);
            if (focus) app.set_focus(*focus, 0);
            compared = true;
          } else if (edits_scripted < edit_sets.size()) {  // --edit: each an undoable edit, then its run
            nlohmann::json changed = app.edited_scenario();
            ccsim::sim::apply_override(changed, edit_sets[edits_scripted++]);
            app.edit_json(changed, seconds());
          } else if (undos_done < undo_count) {  // --undo: Ctrl+Z, then its run
            app.undo(seconds());
            ++undos_done;
          } else if (measure_edits > 0 && edits_done < measure_edits) {
            if (edits_done > 0) edit_times.push_back(app.last_edit_to_results());
            if (edits_done == 0) {  // frames from the first edit on
              periods_running.clear();
              work_running.clear();
              rendered_running.clear();
              pixels_running = 0;
            }
            app.knobs().volume_scale = edits_done % 2 == 0 ? 1.1 : 1.0;
            app.knobs_changed(seconds());
            ++edits_done;
          } else if (measure_edits > 0) {
            if (after_results == 0) edit_times.push_back(app.last_edit_to_results());
            if (++after_results >= 120) break;  // then two seconds of idle frames
          } else if (++after_results >= frames) {
            // The picture and the series it shows, written together (whole, or not at all).
            try {
              ccsim::sim::OutputFiles outputs(scenario_path.empty() ? std::vector<std::string>{}
                                                                    : std::vector<std::string>{scenario_path});
              outputs.add("--screenshot", screenshot, [&](std::ostream& os) { write_png(os, fw, fh); });
              for (const auto& request : export_views) {
                const auto eq = request.find('=');
                if (eq == std::string::npos || eq == 0 || eq + 1 == request.size())
                  throw ccsim::sim::OutputError("--export-view: \"" + request + "\" is not NAME=FILE");
                const std::string name = request.substr(0, eq);
                const auto& items = ccsim::viz::frame_exports();
                const auto it = std::find_if(items.begin(), items.end(), [&](const auto& i) { return i.name == name; });
                if (it == items.end()) {
                  std::string names;
                  for (const auto& i : items) names += (names.empty() ? "" : ", ") + i.name;
                  throw ccsim::sim::OutputError("--export-view: the view shows no chart or table \"" + name + "\" (it shows: " +
                                                (names.empty() ? "nothing to export" : names) + ")");
                }
                add_export(outputs, "--export-view", *it, request.substr(eq + 1), fw, fh);
              }
              const auto series = app.plotted_series();
              if (!dump_series.empty())
                outputs.add("--dump-series", dump_series, [&](std::ostream& os) { os << series.dump(1) << "\n"; });
              nlohmann::json charts = nlohmann::json::array();
              if (!dump_text_boxes.empty()) {
                for (const auto& chart : chart_texts) {
                  nlohmann::json texts = nlohmann::json::array();
                  for (const auto& t : chart.texts) texts.push_back({{"text", t.text}, {"box", {t.min.x, t.min.y, t.max.x, t.max.y}}});
                  charts.push_back({{"title", chart.title}, {"texts", texts}});
                }
                outputs.add("--dump-text-boxes", dump_text_boxes, [&](std::ostream& os) { os << charts.dump(1) << "\n"; });
              }
              outputs.commit();
              std::cout << "ccsim-gui: wrote " << screenshot << " (" << fw << "x" << fh << ", redraw " << redraw_name(presenter.mode()) << ")\n";
            } catch (const std::exception& e) {
              std::cerr << "ccsim-gui: " << e.what() << "\n";
              status = 2;
            }
            break;
          }
        }
      }
      presenter.show();
      const double work = seconds() - started;
      (was_busy ? work_running : work_idle).push_back(work);
      if (render) (was_busy ? rendered_running : rendered_idle).push_back(work);
      ++frames_drawn;
    }
    if (measure_edits > 0 && status == 0) {
      const auto fps = [](const std::vector<double>& v) { return v.empty() ? 0.0 : 1.0 / percentile(v, 0.5); };
      const auto ms = [](const std::vector<double>& v) {
        return nlohmann::json{{"median", percentile(v, 0.5) * 1e3}, {"p95", percentile(v, 0.95) * 1e3}, {"max", percentile(v, 1.0) * 1e3}};
      };
      const auto on_time = [&](const std::vector<double>& v) {  // share of frames whose work fit the budget
        if (v.empty() || frame_budget <= 0) return 0.0;
        return static_cast<double>(std::count_if(v.begin(), v.end(), [&](double t) { return t <= frame_budget; })) / static_cast<double>(v.size());
      };
      nlohmann::json report = {
          {"edits", edit_times.size()},
          {"debounce_pause_s", 0.25},
          {"edit_to_results_s", {{"median", percentile(edit_times, 0.5)}, {"max", percentile(edit_times, 1.0)}}},
          {"fps_limit", fps_limit},
          {"redraw", redraw_name(presenter.mode())},
          {"window", {fw_last, fh_last}},
          {"frames", periods.size()}};
      // The same figures for the frames while runs went on and for the idle ones.
      const auto phase = [&](const char* suffix, const std::vector<double>& period, const std::vector<double>& work,
                             const std::vector<double>& rendered, long pixels) {
        const auto key = [suffix](const char* name) { return std::string(name) + "_" + suffix; };
        report[key("rendered_megapixels_per_frame")] =
            static_cast<double>(pixels) / 1e6 / static_cast<double>(std::max<std::size_t>(1, work.size()));
        report[key("frame_period") + "_ms"] = ms(period);
        report[key("frame_work") + "_ms"] = ms(work);
        report[key("frames_on_time")] = on_time(work);
        report[key("rendered_frames")] = rendered.size();
        report[key("rendered_frame_work") + "_ms"] = ms(rendered);
        report[key("rendered_frames_on_time")] = on_time(rendered);
        report[key("fps")] = fps(period);
      };
      phase("while_running", periods_running, work_running, rendered_running, pixels_running);
      phase("idle", periods_idle, work_idle, rendered_idle, pixels_idle);
      std::cout << report.dump(2) << "\n";
    }
  }
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(window);
  glfwTerminate();
  return status;
}
