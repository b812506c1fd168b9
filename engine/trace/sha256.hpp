// SHA-256 (FIPS 180-4), used to fingerprint text traces so runs can be compared by one short string.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace il {

// Lower-case hex digest of the bytes of `data`.
std::string sha256_hex(std::string_view data);

// Incremental form, for hashing a long text piece by piece without building it.
class Sha256 {
public:
  void update(std::string_view data);
  std::string hex(); // finishes; the object is spent afterwards

private:
  std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char buf_[64] = {};
  std::size_t buf_len_ = 0;
  std::uint64_t total_ = 0;
};

} // namespace il
