// codec.hpp read back independently: encode_png through a decoder written here (chunk structure and CRCs, the
// zlib header and Adler-32, an inflater for the stored and fixed-Huffman blocks stb writes, all five row
// filters); zlib_decompress on streams of CPython's zlib; base64url against RFC 4648's test vectors.
#include <doctest/doctest.h>

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "codec.hpp"

namespace il::ui::test {

namespace {

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0) {
  std::uint32_t c = crc ^ 0xFFFFFFFFu;
  for (unsigned char b : bytes) {
    c ^= b;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
  }
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(std::string_view bytes, std::uint32_t adler = 1) {
  std::uint32_t a = adler & 0xFFFF, b = adler >> 16;
  for (unsigned char c : bytes) {
    a = (a + c) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

std::uint32_t be32(std::string_view s, std::size_t at) {
  if (at + 4 > s.size()) throw std::runtime_error("truncated");
  return (std::uint32_t(std::uint8_t(s[at])) << 24) | (std::uint32_t(std::uint8_t(s[at + 1])) << 16) |
         (std::uint32_t(std::uint8_t(s[at + 2])) << 8) | std::uint32_t(std::uint8_t(s[at + 3]));
}

// RFC 1951 inflate, the block types the encoder uses (stored, fixed Huffman); a dynamic block throws.
class Inflater {
public:
  explicit Inflater(std::string_view in) : in_(in) {}

  std::string run() {
    bool last = false;
    while (!last) {
      last = bits(1) == 1;
      const unsigned type = bits(2);
      if (type == 0) stored();
      else if (type == 1) fixed();
      else throw std::runtime_error("unexpected block type " + std::to_string(type));
    }
    return out_;
  }
  std::size_t consumed() const { return pos_ + (bit_ ? 1 : 0); }

private:
  unsigned bits(int n) {
    unsigned v = 0;
    for (int i = 0; i < n; ++i) {
      if (pos_ >= in_.size()) throw std::runtime_error("out of input");
      v |= ((std::uint8_t(in_[pos_]) >> bit_) & 1u) << i;
      if (++bit_ == 8) bit_ = 0, ++pos_;
    }
    return v;
  }
  void stored() {
    if (bit_) bit_ = 0, ++pos_;
    const unsigned len = std::uint8_t(in_.at(pos_)) | (std::uint8_t(in_.at(pos_ + 1)) << 8);
    const unsigned nlen = std::uint8_t(in_.at(pos_ + 2)) | (std::uint8_t(in_.at(pos_ + 3)) << 8);
    if ((len ^ 0xFFFFu) != nlen) throw std::runtime_error("stored block LEN/NLEN mismatch");
    pos_ += 4;
    if (pos_ + len > in_.size()) throw std::runtime_error("stored block past the end");
    out_.append(in_.substr(pos_, len));
    pos_ += len;
  }
  // Fixed codes read MSB first: 7 bits cover 256..279, 8 bits 0..143 and 280..287, 9 bits 144..255.
  int symbol() {
    unsigned code = 0;
    for (int len = 1; len <= 9; ++len) {
      code = (code << 1) | bits(1);
      if (len == 7 && code <= 0x17) return 256 + int(code);
      if (len == 8 && code >= 0x30 && code <= 0xBF) return int(code - 0x30);
      if (len == 8 && code >= 0xC0 && code <= 0xC7) return 280 + int(code - 0xC0);
      if (len == 9 && code >= 0x190) return 144 + int(code - 0x190);
    }
    throw std::runtime_error("bad fixed code");
  }
  void fixed() {
    static constexpr int kLenBase[] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
                                       31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    static constexpr int kLenExtra[] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    static constexpr int kDistBase[] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
                                        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
    static constexpr int kDistExtra[] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
    for (;;) {
      const int sym = symbol();
      if (sym < 256) {
        out_ += char(sym);
        continue;
      }
      if (sym == 256) return;
      if (sym > 285) throw std::runtime_error("bad length symbol");
      const int l = sym - 257;
      const int length = kLenBase[l] + int(bits(kLenExtra[l]));
      unsigned d = 0;
      for (int i = 0; i < 5; ++i) d = (d << 1) | bits(1); // distance codes are 5 bits, MSB first
      if (d > 29) throw std::runtime_error("bad distance symbol");
      const int distance = kDistBase[d] + int(bits(kDistExtra[d]));
      if (distance > int(out_.size())) throw std::runtime_error("distance before the start");
      for (int i = 0; i < length; ++i) out_ += out_[out_.size() - std::size_t(distance)];
    }
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  int bit_ = 0;
  std::string out_;
};

std::string inflate_checked(std::string_view z) {
  REQUIRE(z.size() >= 6);
  const unsigned cmf = std::uint8_t(z[0]), flg = std::uint8_t(z[1]);
  CHECK((cmf & 0x0F) == 8);          // deflate
  CHECK((cmf >> 4) <= 7);            // window at most 32 KB
  CHECK((cmf * 256 + flg) % 31 == 0); // header check
  CHECK((flg & 0x20) == 0);          // no preset dictionary
  Inflater inf(z.substr(2));
  std::string out = inf.run();
  REQUIRE(2 + inf.consumed() + 4 == z.size()); // the Adler-32 follows the last block and ends the stream
  CHECK(be32(z, z.size() - 4) == adler32(out));
  return out;
}

struct Decoded {
  int w = 0, h = 0;
  std::vector<std::uint8_t> rgba;
};

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

Decoded decode_png(const std::string& png) {
  REQUIRE(png.size() > 8);
  CHECK(png.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0);
  Decoded d;
  std::string idat, order;
  std::size_t at = 8;
  while (at < png.size()) {
    const std::uint32_t len = be32(png, at);
    REQUIRE(at + 12 + len <= png.size());
    const std::string type = png.substr(at + 4, 4);
    const std::string_view data = std::string_view(png).substr(at + 8, len);
    CHECK_MESSAGE(be32(png, at + 8 + len) == crc32(std::string_view(png).substr(at + 4, 4 + len)), type);
    order += type + " ";
    if (type == "IHDR") {
      REQUIRE(len == 13);
      d.w = int(be32(png, at + 8));
      d.h = int(be32(png, at + 12));
      CHECK(data.substr(8) == std::string_view("\x08\x06\x00\x00\x00", 5)); // 8-bit RGBA, deflate, no interlace
    } else if (type == "IDAT") {
      idat += data;
    }
    at += 12 + len;
  }
  CHECK(order.rfind("IHDR ", 0) == 0);
  CHECK(order.size() >= 10);
  CHECK(order.substr(order.size() - 5) == "IEND ");
  const std::string raw = inflate_checked(idat);
  const std::size_t stride = std::size_t(d.w) * 4;
  REQUIRE(raw.size() == (stride + 1) * std::size_t(d.h));
  d.rgba.resize(stride * std::size_t(d.h));
  for (int y = 0; y < d.h; ++y) {
    const int filter = std::uint8_t(raw[std::size_t(y) * (stride + 1)]);
    REQUIRE(filter <= 4);
    const char* src = &raw[std::size_t(y) * (stride + 1) + 1];
    std::uint8_t* row = &d.rgba[std::size_t(y) * stride];
    const std::uint8_t* up = y > 0 ? row - stride : nullptr;
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= 4 ? row[i - 4] : 0, b = up ? up[i] : 0, c = up && i >= 4 ? up[i - 4] : 0;
      const int pred = filter == 0 ? 0 : filter == 1 ? a : filter == 2 ? b : filter == 3 ? (a + b) / 2 : paeth(a, b, c);
      row[i] = std::uint8_t(std::uint8_t(src[i]) + pred);
    }
  }
  return d;
}

// Deterministic pseudo-random bytes (noise does not compress).
std::vector<std::uint8_t> noise(std::size_t n, std::uint32_t seed) {
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) {
    seed = seed * 1664525u + 1013904223u;
    b = std::uint8_t(seed >> 24);
  }
  return out;
}

// Something like a timeline: bands of flat colour, stripes and a gradient, so every filter has a row it wins.
std::vector<std::uint8_t> picture(int w, int h) {
  std::vector<std::uint8_t> px(std::size_t(w) * std::size_t(h) * 4);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      std::uint8_t* p = &px[(std::size_t(y) * std::size_t(w) + std::size_t(x)) * 4];
      p[0] = std::uint8_t((x / 17) * 40);
      p[1] = std::uint8_t(y * 3 + x);
      p[2] = (y / 9) % 2 ? 200 : std::uint8_t(x * y);
      p[3] = 255;
    }
  return px;
}

} // namespace

TEST_CASE("PNG: the test's own CRC-32 and Adler-32 match their published check values") {
  CHECK(crc32("123456789") == 0xCBF43926u);
  CHECK(crc32("") == 0u);
  CHECK(adler32("Wikipedia") == 0x11E60398u);
  CHECK(adler32("") == 1u);
}

TEST_CASE("zlib: streams inflate back to their input, through the test's inflater and through stb's") {
  const auto rnd = noise(150000, 7);
  for (const std::string& s : {std::string(), std::string("a"), std::string(70000, 'x'), std::string(rnd.begin(), rnd.end()),
                               std::string("abcabcabcabcabcabcabcabd"), std::string(200000, '\0') + "tail"}) {
    CAPTURE(s.size());
    const std::string z = zlib_compress(s);
    CHECK(inflate_checked(z) == s);
    CHECK(zlib_decompress(z, s.size()) == s);
    CHECK(zlib_decompress(z, s.size() - (s.empty() ? 0 : 1)) == (s.empty() ? std::optional<std::string>(s) : std::nullopt));
  }
  CHECK(zlib_compress(std::string(100000, 'z')).size() < 2000); // runs compress
}

TEST_CASE("zlib: streams of CPython's zlib (dynamic Huffman blocks, as the browser's CompressionStream writes) inflate") {
  // python3 -c "import zlib,base64; t=''.join('x%d = [i * %d for i in range(%d)]\\n' % (i, i*7, i+3) for i in
  //   range(30)).encode(); print(base64.urlsafe_b64encode(zlib.compress(t, 9)).decode().rstrip('='))"
  // (1016 bytes in 249, one block of dynamic Huffman codes)
  const auto z = base64url_decode(
      "eNpl0jFuQyEURNE-q6CMUzEDfKDwSqIULpLoN47kysuPeBYPianvVEfzjOEaPs_wEWL4-XuEM5z38Ljdf7_f0-Xr7YmZ657zyJwZee9l9DQ7sfdj9Oy97b2OXmZPZe9t9GP2zL330av3vnfEMWhzUA4ZYAz6HBxJBjQhF6xCiJfhQhRFGCPcsYkjDBIu2UUSRgm37GIJw4RrIgonzBMOCogojBR1TQSVhgpXBYWVxgp3RRJYGizjOpfI0mSJNRFavh66LlrElmZLt8UhuDRc5jURXZoul24VXZoul24TXZoul24T3WS6XLpddJPp0nUZRTcN3X_DQxF_");
  REQUIRE(z);
  CHECK(((std::uint8_t((*z)[2]) >> 1) & 3) == 2);
  std::string want;
  for (int i = 0; i < 30; ++i)
    want += "x" + std::to_string(i) + " = [i * " + std::to_string(i * 7) + " for i in range(" + std::to_string(i + 3) + ")]\n";
  REQUIRE(want.size() == 1016);
  CHECK(zlib_decompress(*z, 1 << 20) == want);
  // Damaged streams are refused, not crashed on: a cut, a flipped bit, not zlib at all.
  CHECK_FALSE(zlib_decompress(z->substr(0, z->size() / 2), 1 << 20));
  for (std::size_t at : {std::size_t{40}, z->size() - 2}) { // in a literal, in the Adler-32
    std::string flipped = *z;
    flipped[at] = char(flipped[at] ^ 0x10);
    CHECK_FALSE(zlib_decompress(flipped, 1 << 20));
  }
  CHECK_FALSE(zlib_decompress("print('not zlib')", 1 << 20));
  CHECK_FALSE(zlib_decompress("", 1 << 20));
}

TEST_CASE("base64url: RFC 4648's vectors, the URL-safe digits, no padding; bad digits refused") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""}, {"f", "Zg"}, {"fo", "Zm8"}, {"foo", "Zm9v"}, {"foob", "Zm9vYg"}, {"fooba", "Zm9vYmE"}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, coded] : vectors) {
    CHECK(base64url_encode(plain) == coded);
    CHECK(base64url_decode(coded) == std::string(plain));
  }
  CHECK(base64url_encode("\xfb\xff") == "-_8");
  CHECK(base64url_decode("-_8") == std::string("\xfb\xff"));
  CHECK_FALSE(base64url_decode("Zm9v+"));
  CHECK_FALSE(base64url_decode("Zm9v="));
  CHECK_FALSE(base64url_decode("Zm9vY")); // a lone leftover digit holds no byte
  std::string all;
  for (int i = 0; i < 256; ++i) all += char(i);
  CHECK(base64url_decode(base64url_encode(all)) == all);
}

TEST_CASE("PNG: encode_png decodes to the same pixels, chunk CRCs and zlib stream intact") {
  SUBCASE("a timeline-like picture compresses") {
    const int w = 301, h = 97;
    const auto px = picture(w, h);
    const std::string png = encode_png(px.data(), w, h);
    CHECK(png.size() < px.size() / 2);
    const Decoded d = decode_png(png);
    CHECK(d.w == w);
    CHECK(d.h == h);
    CHECK(d.rgba == px);
  }
  SUBCASE("noise") {
    const int w = 64, h = 300;
    const auto px = noise(std::size_t(w) * h * 4, 3);
    const Decoded d = decode_png(encode_png(px.data(), w, h));
    CHECK(d.rgba == px);
  }
  SUBCASE("one pixel") {
    const std::uint8_t px[4] = {1, 2, 3, 4};
    const Decoded d = decode_png(encode_png(px, 1, 1));
    CHECK(d.w == 1);
    CHECK(d.h == 1);
    CHECK(d.rgba == std::vector<std::uint8_t>(px, px + 4));
  }
}

} // namespace il::ui::test
