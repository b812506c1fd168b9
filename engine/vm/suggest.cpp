#include "vm/suggest.hpp"

#include <algorithm>
#include <cstdint>

namespace il {

namespace {

constexpr int kMoveCost = 2, kCaseCost = 1, kMaxStringSize = 40;
constexpr std::size_t kMaxCandidates = 750;

int substitution_cost(char a, char b) {
  if ((a & 31) != (b & 31)) return kMoveCost;
  if (a == b) return 0;
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; };
  return lower(a) == lower(b) ? kCaseCost : kMoveCost;
}

// The distance from a to b (bytes of UTF-8), or max_cost + 1 once it is certain to exceed max_cost.
int distance(std::string_view a, std::string_view b, int max_cost) {
  while (!a.empty() && !b.empty() && a.front() == b.front()) a.remove_prefix(1), b.remove_prefix(1);
  while (!a.empty() && !b.empty() && a.back() == b.back()) a.remove_suffix(1), b.remove_suffix(1);
  if (a.empty() || b.empty()) return static_cast<int>(a.size() + b.size()) * kMoveCost;
  if (a.size() > kMaxStringSize || b.size() > kMaxStringSize) return max_cost + 1;
  if (b.size() < a.size()) std::swap(a, b);
  if (static_cast<int>(b.size() - a.size()) * kMoveCost > max_cost) return max_cost + 1;
  std::vector<int> row(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) row[i] = static_cast<int>(i + 1) * kMoveCost;
  int result = 0;
  for (std::size_t bi = 0; bi < b.size(); ++bi) {
    int diag = result = static_cast<int>(bi) * kMoveCost;
    int minimum = INT32_MAX;
    for (std::size_t ai = 0; ai < a.size(); ++ai) {
      const int substitute = diag + substitution_cost(b[bi], a[ai]);
      diag = row[ai];
      const int insert_delete = std::min(result, diag) + kMoveCost;
      result = std::min(insert_delete, substitute);
      row[ai] = result;
      minimum = std::min(minimum, result);
    }
    if (minimum > max_cost) return max_cost + 1;
  }
  return result;
}

} // namespace

std::string suggest_name(std::string_view name, const std::vector<std::string>& candidates) {
  if (candidates.size() >= kMaxCandidates) return {};
  std::string best;
  int best_distance = INT32_MAX;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    // No more than a third of the characters involved may change, and no worse than the best so far.
    const int max_distance = std::min(static_cast<int>(name.size() + c.size() + 3) * kMoveCost / 6, best_distance - 1);
    const int d = distance(name, c, max_distance);
    if (d > max_distance) continue;
    if (best.empty() || d < best_distance) best = c, best_distance = d;
  }
  return best;
}

} // namespace il
