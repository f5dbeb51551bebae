#pragma once
// Puts ImGui's frames on the screen, redrawing only what changed.
//
// A frame whose draw lists equal the last one's is not rendered at all. With the
// GLX_MESA_copy_sub_buffer extension (Mesa's software renderers: llvmpipe under Xvfb), a frame
// that changed is rendered only inside the rectangle covering the draw lists that changed, and
// only that rectangle is copied to the window: the back buffer is never swapped, so by the
// extension's definition it keeps the rest of the picture. Without the extension (a GPU driver,
// for which a full frame costs little) a changed frame is rendered whole and swapped.
#include <cstddef>
#include <vector>

struct GLFWwindow;
struct ImDrawData;

namespace ccsim::viz {

class Presenter {
public:
  enum class Mode {
    every_frame,      ///< render and swap every frame (screenshots; measurements)
    changed_frames,   ///< render and swap the frames whose draw lists changed
    changed_regions,  ///< render and copy only the changed rectangle (needs GLX_MESA_copy_sub_buffer)
  };

  /// For the window whose OpenGL context is current; `wanted` falls back to changed_frames when
  /// changed_regions is not available.
  Presenter(GLFWwindow* window, Mode wanted, float clear_r, float clear_g, float clear_b);

  /// Renders into the back buffer what `data` needs redrawn (everything with `force`, e.g. after
  /// the window was exposed). Returns whether anything was rendered.
  bool draw(ImDrawData* data, bool force);
  /// Shows what draw() rendered: swaps, or copies the rendered rectangle. Nothing if nothing was.
  void show();

  [[nodiscard]] Mode mode() const { return mode_; }
  /// Pixels rendered by the last draw() (0 when nothing was).
  [[nodiscard]] long rendered_pixels() const { return rendered_ ? static_cast<long>(width_px_) * height_px_ : 0; }

private:
  struct ListState {
    std::size_t fingerprint;
    float x0, y0, x1, y1;  // bounding box of its vertices, display coordinates
  };
  using CopySubBuffer = void (*)(void* display, unsigned long drawable, int x, int y, int width, int height);

  GLFWwindow* window_;
  Mode mode_;
  float clear_[3];
  CopySubBuffer copy_sub_buffer_ = nullptr;
  std::vector<ListState> previous_, current_;
  int framebuffer_width_ = -1, framebuffer_height_ = -1;
  bool rendered_ = false;
  int x_px_ = 0, y_px_ = 0, width_px_ = 0, height_px_ = 0;  // rendered rectangle, framebuffer pixels, top-left origin
};

}  // namespace ccsim::viz
