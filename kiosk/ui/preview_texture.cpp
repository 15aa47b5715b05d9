#include "ui/preview_texture.h"

#ifdef __EMSCRIPTEN__
#include <GLES2/gl2.h>
#else
#include <SDL_opengl.h>
#endif

#include <cstdint>
#include <vector>

namespace tb::kiosk {

void PreviewTexture::upload(const image::Rgb& picture) {
  if (picture.width <= 0 || picture.height <= 0) return;
  GLuint t = texture_;
  if (!t || picture.width != width_ || picture.height != height_) {
    clear();
    glGenTextures(1, &t);
    glBindTexture(GL_TEXTURE_2D, t);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB, picture.width, picture.height, 0, GL_RGB, GL_UNSIGNED_BYTE, picture.pixels.data());
    texture_ = t, width_ = picture.width, height_ = picture.height;
    return;
  }
  glBindTexture(GL_TEXTURE_2D, t);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, picture.pixels.data());
}

void PreviewTexture::clear() {
  if (!texture_) return;
  GLuint t = texture_;
  const std::vector<std::uint8_t> black(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_) * 3, 0);
  glBindTexture(GL_TEXTURE_2D, t);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexSubImage2D(GL_TEXTURE_2D, 0, 0, 0, width_, height_, GL_RGB, GL_UNSIGNED_BYTE, black.data());
  glDeleteTextures(1, &t);
  texture_ = 0, width_ = height_ = 0;
}

ImTextureID PreviewTexture::id() const { return reinterpret_cast<ImTextureID>(static_cast<std::intptr_t>(texture_)); }

}  // namespace tb::kiosk
