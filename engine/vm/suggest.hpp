// "Did you mean: 'total'?": the name CPython 3.11 suggests for a NameError or AttributeError
// (Python/suggestions.c): the candidate closest to the name by a Levenshtein distance in which a change of
// case costs half a move, no further than a third of the characters involved.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace il {

// The suggestion among `candidates` (tried in order: the first of equally close ones wins), or "".
std::string suggest_name(std::string_view name, const std::vector<std::string>& candidates);

} // namespace il
