#pragma once
// A camera picture on the screen: RGB pixels uploaded to one OpenGL texture (GL 3 natively, WebGL 1
// in the browser) that Dear ImGui draws as an image. The picture may show a person's document:
// clear() overwrites the texture before deleting it, so nothing of it stays on the GPU side.
#include <imgui.h>

#include "image/image.h"

namespace tb::kiosk {

class PreviewTexture {
 public:
  PreviewTexture() = default;
  PreviewTexture(const PreviewTexture&) = delete;
  PreviewTexture& operator=(const PreviewTexture&) = delete;
  ~PreviewTexture() { clear(); }

  void upload(const image::Rgb& picture);
  void clear();
  bool empty() const { return texture_ == 0; }
  ImTextureID id() const;
  int width() const { return width_; }
  int height() const { return height_; }

 private:
  unsigned texture_ = 0;
  int width_ = 0, height_ = 0;
};

}  // namespace tb::kiosk
