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

} // namespace il
