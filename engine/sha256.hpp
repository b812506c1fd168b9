// SHA-256 (FIPS 180-4), used to fingerprint text traces so runs can be compared by one short string.
#pragma once
#include <string>
#include <string_view>

namespace il {

// Lower-case hex digest of the bytes of `data`.
std::string sha256_hex(std::string_view data);

} // namespace il
