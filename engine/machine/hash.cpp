// hash() as CPython 3.11 computes it on 64-bit Linux, so sets iterate (and print) in CPython's order:
// ints modulo 2**61 - 1, floats by the same modulus, tuples by the xxHash-style mix of their items' hashes,
// frozensets by the xor of their entries' shuffled hashes, and strings by SipHash-1-3 over their code units with
// the all-zero key CPython uses under PYTHONHASHSEED=0 (without it, CPython draws a key at start-up, so string
// order in a set varies from run to run there and is this one of its possible orders here). Objects hash by
// identity, from the same address id() reports.
#include <cmath>
#include <cstring>

#include "machine/interp.hpp"
#include "machine/objects.hpp"
#include "vm/text.hpp"

namespace il {

namespace {

constexpr std::uint64_t kModulus = (1ULL << 61) - 1; // _PyHASH_MODULUS
constexpr int kBits = 61;

std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

// SipHash-1-3 (one compression round, three finalization rounds), keyed with k0 = k1 = 0.
std::uint64_t siphash13(const unsigned char* in, std::size_t n) {
  std::uint64_t v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL;
  std::uint64_t v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
  auto round = [&] {
    v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32);
    v2 += v3; v3 = rotl(v3, 16); v3 ^= v2;
    v0 += v3; v3 = rotl(v3, 21); v3 ^= v0;
    v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32);
  };
  const std::uint64_t b = static_cast<std::uint64_t>(n) << 56;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t m = 0;
    for (int k = 7; k >= 0; --k) m = (m << 8) | in[i + static_cast<std::size_t>(k)];
    v3 ^= m;
    round();
    v0 ^= m;
  }
  std::uint64_t last = 0;
  for (std::size_t k = n; k > i; --k) last = (last << 8) | in[k - 1];
  last |= b;
  v3 ^= last;
  round();
  v0 ^= last;
  v2 ^= 0xff;
  round();
  round();
  round();
  return (v0 ^ v1) ^ (v2 ^ v3);
}

std::int64_t finish(std::uint64_t h) { // -1 is CPython's error value: a hash is never -1
  const auto x = static_cast<std::int64_t>(h);
  return x == -1 ? -2 : x;
}

std::int64_t hash_int(std::int64_t v) {
  const std::uint64_t mag = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
  const auto r = static_cast<std::int64_t>(mag % kModulus);
  return finish(static_cast<std::uint64_t>(v < 0 ? -r : r));
}

std::int64_t hash_float(double v) {
  if (std::isinf(v)) return v > 0 ? 314159 : -314159;
  if (std::isnan(v)) return 0; // CPython hashes a NaN by its address; any fixed value keeps runs reproducible
  int e = 0;
  double m = std::frexp(v, &e);
  int sign = 1;
  if (m < 0) {
    sign = -1;
    m = -m;
  }
  std::uint64_t x = 0;
  while (m != 0) { // 28 bits at a time, reduced modulo 2**61 - 1
    x = ((x << 28) & kModulus) | x >> (kBits - 28);
    m *= 268435456.0;
    e -= 28;
    const auto y = static_cast<std::uint64_t>(m);
    m -= static_cast<double>(y);
    x += y;
    if (x >= kModulus) x -= kModulus;
  }
  e = e >= 0 ? e % kBits : kBits - 1 - ((-1 - e) % kBits);
  x = ((x << e) & kModulus) | x >> (kBits - e);
  return finish(x * static_cast<std::uint64_t>(static_cast<std::int64_t>(sign)));
}

std::int64_t hash_str(std::string_view utf8) {
  // CPython hashes the string's storage: one byte per code point when all are below 256, else two, else four
  // (little-endian), so the same text hashes alike however it was made.
  std::vector<char32_t> cps;
  char32_t widest = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t cp = decode_utf8(utf8, i);
    widest = std::max(widest, cp);
    cps.push_back(cp);
  }
  if (cps.empty()) return 0;
  const std::size_t width = widest < 0x100 ? 1 : widest < 0x10000 ? 2 : 4;
  std::vector<unsigned char> bytes(cps.size() * width);
  for (std::size_t k = 0; k < cps.size(); ++k)
    for (std::size_t b = 0; b < width; ++b) bytes[k * width + b] = static_cast<unsigned char>(cps[k] >> (8 * b));
  return finish(siphash13(bytes.data(), bytes.size()));
}

} // namespace

std::int64_t identity_address(Value v) {
  constexpr std::int64_t base = 140000000000000; // like a CPython heap address; different run to run there
  return base + (v.is_obj() ? v.i * 48 : static_cast<std::int64_t>(v.tag) * 1000003 + v.i * 16);
}

bool try_hash(const Kernel& sim, Value v, std::int64_t& out) {
  switch (v.tag) {
  case Tag::Bool:
  case Tag::Int: out = hash_int(v.i); return true;
  case Tag::Float: out = hash_float(v.f); return true;
  case Tag::Str: out = hash_str(sim.str(v.as_str())); return true;
  case Tag::Obj: {
    const Object* o = sim.object(v.as_obj());
    if (auto* tup = dynamic_cast<const TupleObject*>(o); tup && !dynamic_cast<const RangeObject*>(o)) {
      // tuplehash: xxHash's round over the items' hashes
      constexpr std::uint64_t p1 = 11400714785074694791ULL, p2 = 14029467366897019727ULL, p5 = 2870177450012600261ULL;
      std::uint64_t acc = p5;
      for (Value item : tup->items) {
        std::int64_t h = 0;
        if (!try_hash(sim, item, h)) return false;
        acc += static_cast<std::uint64_t>(h) * p2;
        acc = rotl(acc, 31);
        acc *= p1;
      }
      acc += tup->items.size() ^ (p5 ^ 3527539ULL);
      out = acc == ~0ULL ? 1546275796 : static_cast<std::int64_t>(acc);
      return true;
    }
    if (auto* s = dynamic_cast<const SetObject*>(o)) {
      if (!s->frozen) return false;
      out = s->frozen_hash();
      return true;
    }
    if (o->length() >= 0 && !dynamic_cast<const RangeObject*>(o)) return false; // list, dict, set: mutable
    if (o->cls != kNone && defines_eq(sim, *o)) return false; // __eq__ without __hash__: __hash__ is None
    break;
  }
  default: break;
  }
  // By identity: _Py_HashPointer, the address rotated right by four bits.
  const auto a = static_cast<std::uint64_t>(identity_address(v));
  out = finish((a >> 4) | (a << 60));
  return true;
}

bool hash_value(Kernel& sim, Thread& t, Value v, std::int64_t& out) {
  if (try_hash(sim, v, out)) return true;
  sim.raise(t, "TypeError", "unhashable type: '" + type_name(sim, v) + "'");
  return false;
}

} // namespace il
