// The formats of codec.hpp. stb's implementations are compiled here, once, with internal linkage; only the PNG
// decoder of stb_image is kept, for its inflater.
#include "codec.hpp"

#include <array>
#include <cstdlib>

#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wcast-qual"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#pragma GCC diagnostic ignored "-Wunused-function"
#pragma GCC diagnostic ignored "-Wuseless-cast"
#pragma GCC diagnostic ignored "-Wduplicated-branches"
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
#endif
#define STB_IMAGE_WRITE_STATIC
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_WRITE_NO_STDIO
#include <stb_image_write.h>
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_NO_STDIO
#define STBI_NO_LINEAR
#define STBI_NO_HDR
#define STBI_NO_FAILURE_STRINGS
#include <stb_image.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace il::ui {

namespace {

void append_to(void* context, void* data, int size) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

// stb's free for its buffers, owned by a std::string copy as soon as they arrive.
std::string take(unsigned char* buf, int len) {
  std::string out(reinterpret_cast<const char*>(buf), static_cast<std::size_t>(len));
  STBIW_FREE(buf);
  return out;
}

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

constexpr std::array<signed char, 256> make_digits() {
  std::array<signed char, 256> d{};
  for (auto& v : d) v = -1;
  for (int i = 0; i < 64; ++i) d[static_cast<unsigned char>(kAlphabet[i])] = static_cast<signed char>(i);
  return d;
}
constexpr std::array<signed char, 256> kDigits = make_digits();

} // namespace

std::string encode_png(const std::uint8_t* rgba, int w, int h) {
  std::string out;
  stbi_write_png_to_func(append_to, &out, w, h, 4, rgba, w * 4);
  return out;
}

std::string zlib_compress(std::string_view bytes) {
  // stb writes no deflate block at all for no input (an invalid stream); one empty fixed block is what zlib writes.
  if (bytes.empty()) return std::string("\x78\x9c\x03\x00\x00\x00\x00\x01", 8);
  int len = 0;
  // stb reads its input only; its signature predates const.
  unsigned char* z = stbi_zlib_compress(reinterpret_cast<unsigned char*>(const_cast<char*>(bytes.data())),
                                        static_cast<int>(bytes.size()), &len, 8);
  return take(z, len);
}

std::optional<std::string> zlib_decompress(std::string_view stream, std::size_t max_bytes) {
  // A stream of n bytes inflates to at most 1032 n + a little (deflate's best ratio); cut off bombs first.
  if (stream.size() < 6 || stream.size() > (std::size_t{1} << 30)) return std::nullopt;
  int len = 0;
  char* out = stbi_zlib_decode_malloc(stream.data(), static_cast<int>(stream.size()), &len);
  if (!out) return std::nullopt;
  std::string text(out, static_cast<std::size_t>(len));
  STBI_FREE(out);
  if (text.size() > max_bytes) return std::nullopt;
  // stb does not check the stream's Adler-32 (its last four bytes, big-endian): a damaged link must not run.
  std::uint32_t a = 1, b = 0;
  for (unsigned char c : text) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  std::uint32_t want = 0;
  for (std::size_t i = stream.size() - 4; i < stream.size(); ++i) want = (want << 8) | std::uint8_t(stream[i]);
  if (((b << 16) | a) != want) return std::nullopt;
  return text;
}

std::string base64url_encode(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() * 4 + 2) / 3);
  std::size_t i = 0;
  for (; i + 3 <= bytes.size(); i += 3) {
    const std::uint32_t v = (std::uint32_t(std::uint8_t(bytes[i])) << 16) | (std::uint32_t(std::uint8_t(bytes[i + 1])) << 8) |
                            std::uint8_t(bytes[i + 2]);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(v >> s) & 63];
  }
  if (const std::size_t rest = bytes.size() - i; rest > 0) {
    std::uint32_t v = std::uint32_t(std::uint8_t(bytes[i])) << 16;
    if (rest == 2) v |= std::uint32_t(std::uint8_t(bytes[i + 1])) << 8;
    out += kAlphabet[(v >> 18) & 63];
    out += kAlphabet[(v >> 12) & 63];
    if (rest == 2) out += kAlphabet[(v >> 6) & 63];
  }
  return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt; // no whole byte in one leftover digit
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    const int d = kDigits[static_cast<unsigned char>(c)];
    if (d < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(d);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

} // namespace il::ui
