// Byte formats the app writes and reads, through stb (Debian's libstb-dev, header-only, so the same code in the
// browser): PNG for the timeline export and the desktop --screenshot, zlib streams (RFC 1950) and base64url
// (RFC 4648 section 5, no padding) for a program carried in a share link.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace il::ui {

// 8-bit RGBA, w*h*4 bytes, top row first. Returns the file's bytes.
std::string encode_png(const std::uint8_t* rgba, int w, int h);

// A zlib stream of bytes (stb's deflate: fixed Huffman codes, hash-chained LZ77).
std::string zlib_compress(std::string_view bytes);
// The bytes a zlib stream holds (any encoder's: zlib's, the browser's CompressionStream('deflate')); nullopt
// when it is not a whole, valid stream or holds more than max_bytes.
std::optional<std::string> zlib_decompress(std::string_view stream, std::size_t max_bytes);

std::string base64url_encode(std::string_view bytes);
std::optional<std::string> base64url_decode(std::string_view text); // nullopt on a character outside the alphabet

} // namespace il::ui
