#include "present.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <string_view>

#include <GLFW/glfw3.h>
#include <GL/glx.h>
#include <imgui.h>
#include <imgui_impl_opengl3.h>

namespace ccsim::viz {

namespace {

// A fingerprint of everything a draw list draws: vertices, indices and commands.
std::size_t fingerprint(const ImDrawList& list) {
  std::size_t h = 0;
  const auto mix = [&h](const void* bytes, std::size_t size) {
    h = (h * 0x9e3779b97f4a7c15ULL) ^ std::hash<std::string_view>{}(std::string_view(static_cast<const char*>(bytes), size));
  };
  mix(list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size) * sizeof(ImDrawVert));
  mix(list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size) * sizeof(ImDrawIdx));
  for (const ImDrawCmd& cmd : list.CmdBuffer) {
    const std::uintptr_t fields[] = {reinterpret_cast<std::uintptr_t>(cmd.TextureId), cmd.VtxOffset, cmd.IdxOffset, cmd.ElemCount,
                                     reinterpret_cast<std::uintptr_t>(cmd.UserCallback)};
    mix(fields, sizeof fields);
    mix(&cmd.ClipRect, sizeof cmd.ClipRect);
  }
  return h;
}

}  // namespace

Presenter::Presenter(GLFWwindow* window, Mode wanted, float clear_r, float clear_g, float clear_b)
    : window_(window), mode_(wanted), clear_{clear_r, clear_g, clear_b} {
  if (mode_ != Mode::changed_regions) return;
  Display* display = glXGetCurrentDisplay();
  const char* extensions = display != nullptr ? glXQueryExtensionsString(display, DefaultScreen(display)) : nullptr;
  if (extensions != nullptr && std::strstr(extensions, "GLX_MESA_copy_sub_buffer") != nullptr) {
    copy_sub_buffer_ = reinterpret_cast<CopySubBuffer>(glXGetProcAddressARB(reinterpret_cast<const GLubyte*>("glXCopySubBufferMESA")));
  }
  if (copy_sub_buffer_ == nullptr) mode_ = Mode::changed_frames;
}

bool Presenter::draw(ImDrawData* data, bool force) {
  rendered_ = false;
  const float scale_x = data->FramebufferScale.x, scale_y = data->FramebufferScale.y;
  const int fb_width = static_cast<int>(data->DisplaySize.x * scale_x), fb_height = static_cast<int>(data->DisplaySize.y * scale_y);
  if (fb_width <= 0 || fb_height <= 0) return false;

  current_.clear();
  for (int l = 0; l < data->CmdListsCount; ++l) {
    const ImDrawList& list = *data->CmdLists[l];
    ListState state{fingerprint(list), 1e30f, 1e30f, -1e30f, -1e30f};
    for (const ImDrawVert& v : list.VtxBuffer) {
      state.x0 = std::min(state.x0, v.pos.x);
      state.y0 = std::min(state.y0, v.pos.y);
      state.x1 = std::max(state.x1, v.pos.x);
      state.y1 = std::max(state.y1, v.pos.y);
    }
    current_.push_back(state);
  }
  bool everything = force || mode_ == Mode::every_frame || fb_width != framebuffer_width_ || fb_height != framebuffer_height_ ||
                    current_.size() != previous_.size();
  // The damaged rectangle: where the lists that changed were, and are.
  float x0 = 1e30f, y0 = 1e30f, x1 = -1e30f, y1 = -1e30f;
  if (!everything) {
    for (std::size_t i = 0; i < current_.size(); ++i) {
      if (current_[i].fingerprint == previous_[i].fingerprint) continue;
      for (const ListState* s : {&previous_[i], &current_[i]}) {
        x0 = std::min(x0, s->x0);
        y0 = std::min(y0, s->y0);
        x1 = std::max(x1, s->x1);
        y1 = std::max(y1, s->y1);
      }
    }
  }
  previous_.swap(current_);
  framebuffer_width_ = fb_width;
  framebuffer_height_ = fb_height;
  if (!everything && x1 < x0) return false;  // nothing changed
  if (mode_ != Mode::changed_regions) everything = true;

  // The rectangle in framebuffer pixels (a pixel of margin for anti-aliased edges).
  const ImVec2 origin = data->DisplayPos;
  int px0 = 0, py0 = 0, px1 = fb_width, py1 = fb_height;
  if (!everything) {
    px0 = std::max(0, static_cast<int>(std::floor((x0 - origin.x) * scale_x)) - 1);
    py0 = std::max(0, static_cast<int>(std::floor((y0 - origin.y) * scale_y)) - 1);
    px1 = std::min(fb_width, static_cast<int>(std::ceil((x1 - origin.x) * scale_x)) + 1);
    py1 = std::min(fb_height, static_cast<int>(std::ceil((y1 - origin.y) * scale_y)) + 1);
    if (px1 <= px0 || py1 <= py0) return false;
    // Every command clipped to the rectangle: the renderer skips those left empty.
    const ImVec4 damage{origin.x + static_cast<float>(px0) / scale_x, origin.y + static_cast<float>(py0) / scale_y,
                        origin.x + static_cast<float>(px1) / scale_x, origin.y + static_cast<float>(py1) / scale_y};
    for (int l = 0; l < data->CmdListsCount; ++l) {
      for (ImDrawCmd& cmd : data->CmdLists[l]->CmdBuffer) {
        cmd.ClipRect = {std::max(cmd.ClipRect.x, damage.x), std::max(cmd.ClipRect.y, damage.y), std::min(cmd.ClipRect.z, damage.z),
                        std::min(cmd.ClipRect.w, damage.w)};
      }
    }
  }
  glViewport(0, 0, fb_width, fb_height);
  glEnable(GL_SCISSOR_TEST);
  glScissor(px0, fb_height - py1, px1 - px0, py1 - py0);
  glClearColor(clear_[0], clear_[1], clear_[2], 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  glDisable(GL_SCISSOR_TEST);
  ImGui_ImplOpenGL3_RenderDrawData(data);
  rendered_ = true;
  x_px_ = px0;
  y_px_ = py0;
  width_px_ = px1 - px0;
  height_px_ = py1 - py0;
  return true;
}

void Presenter::show() {
  if (!rendered_) return;
  if (mode_ == Mode::changed_regions) {
    copy_sub_buffer_(glXGetCurrentDisplay(), glXGetCurrentDrawable(), x_px_, framebuffer_height_ - y_px_ - height_px_, width_px_, height_px_);
  } else {
    glfwSwapBuffers(window_);
  }
}

}  // namespace ccsim::viz
