// A PNG encoder with nothing to link: zlib's stream format, CRC-32 and Adler-32 written out here, deflate
// with fixed Huffman codes and a greedy LZ77 (timeline pixels are long runs of one colour, so this compresses
// well), stored blocks when that would not help. Used by the PNG export and the desktop --screenshot.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace il::ui {

// 8-bit RGBA, w*h*4 bytes, top row first. Returns the file's bytes.
std::string encode_png(const std::uint8_t* rgba, int w, int h);

// The checksums, as running values: pass the previous result to continue over more bytes.
std::uint32_t crc32(std::string_view bytes, std::uint32_t crc = 0);
std::uint32_t adler32(std::string_view bytes, std::uint32_t adler = 1);

// A zlib stream (RFC 1950) of bytes: fixed-Huffman deflate, or stored blocks if those come out smaller or
// compress is false.
std::string zlib_compress(std::string_view bytes, bool compress = true);

} // namespace il::ui
