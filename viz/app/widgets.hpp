#pragma once
// Small ImGui helpers the views share.
#include <imgui.h>

namespace ccsim::viz {

/// A slider over [lo, hi] for a double.
inline bool slider(const char* label, double& v, double lo, double hi, const char* format) {
  return ImGui::SliderScalar(label, ImGuiDataType_Double, &v, &lo, &hi, format);
}
/// A drag field for a double, clamped to [lo, hi].
inline bool drag(const char* label, double& v, double speed, double lo, double hi, const char* format) {
  return ImGui::DragScalar(label, ImGuiDataType_Double, &v, static_cast<float>(speed), &lo, &hi, format, ImGuiSliderFlags_AlwaysClamp);
}

}  // namespace ccsim::viz
