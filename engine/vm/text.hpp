// Python's view of a UTF-8 string: its characters are code points (len('线程') == 2).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace il {

// s split into its code points, each as its UTF-8 bytes (a stray continuation byte stays with the character
// before it).
inline std::vector<std::string> code_points(std::string_view s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t b = i++;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    out.emplace_back(s.substr(b, i - b));
  }
  return out;
}

// The code point that starts at s[i], advancing i past it (a malformed byte stands for itself).
inline char32_t decode_utf8(std::string_view s, std::size_t& i) {
  const auto lead = static_cast<unsigned char>(s[i++]);
  const int extra = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
  char32_t cp = extra == 3 ? lead & 0x07 : extra == 2 ? lead & 0x0F : extra == 1 ? lead & 0x1F : lead;
  for (int k = 0; k < extra && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80; ++k)
    cp = (cp << 6) | (static_cast<unsigned char>(s[i++]) & 0x3F);
  return cp;
}

} // namespace il
