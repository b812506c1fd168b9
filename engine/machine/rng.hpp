// The simulation's one source of randomness: xoshiro256** seeded by splitmix64, with our own range
// mapping so native (libstdc++) and wasm (libc++) builds draw identical numbers.
#pragma once
#include <cstdint>

namespace il {

class Rng {
public:
  explicit Rng(std::uint64_t seed) {
    std::uint64_t x = seed;
    for (auto& s : s_) {
      x += 0x9e3779b97f4a7c15ULL;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      s = z ^ (z >> 31);
    }
  }
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, n) by Lemire's multiply-shift on the top bits; n > 0. The tiny bias is irrelevant here, and the
  // mapping is ours, so it is the same on every standard library.
  std::uint64_t below(std::uint64_t n) {
    if (n <= (1ULL << 32)) return ((next() >> 32) * n) >> 32; // one 64-bit multiply (cheap in wasm32 too)
    __extension__ typedef unsigned __int128 u128;
    return static_cast<std::uint64_t>((static_cast<u128>(next()) * n) >> 64);
  }
  // Uniform in [-1, 1) as a multiple of 2^-52, exactly reproducible.
  double symmetric() { return static_cast<double>(next() >> 11) * 0x1.0p-52 - 1.0; }
  bool chance(std::uint64_t num, std::uint64_t den) { return below(den) < num; }

private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

} // namespace il
