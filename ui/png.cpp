// PNG encoding (see png.hpp): filter each row, deflate the lot into one zlib stream, wrap it in chunks.
//
// [SECTION] checksums
// [SECTION] deflate
// [SECTION] PNG
#include "png.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cstdlib>
#include <vector>

namespace il::ui {

// [SECTION] checksums

namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> t{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[n] = c;
  }
  return t;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

} // namespace

std::uint32_t crc32(std::string_view bytes, std::uint32_t crc) {
  std::uint32_t c = crc ^ 0xFFFFFFFFu;
  for (unsigned char b : bytes) c = kCrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(std::string_view bytes, std::uint32_t adler) {
  constexpr std::uint32_t kMod = 65521;
  std::uint32_t a = adler & 0xFFFF, b = adler >> 16;
  // 5552 bytes is the most that can be summed before b could overflow 32 bits (zlib's NMAX).
  while (!bytes.empty()) {
    const std::size_t n = std::min<std::size_t>(bytes.size(), 5552);
    for (std::size_t i = 0; i < n; ++i) {
      a += static_cast<unsigned char>(bytes[i]);
      b += a;
    }
    a %= kMod;
    b %= kMod;
    bytes.remove_prefix(n);
  }
  return (b << 16) | a;
}

// [SECTION] deflate

namespace {

// Deflate writes bits least significant first; Huffman codes go most significant bit first.
class BitWriter {
public:
  void bits(std::uint32_t value, int count) {
    assert(count >= 0 && count <= 24);
    acc_ |= static_cast<std::uint64_t>(value) << n_;
    n_ += count;
    while (n_ >= 8) {
      out_ += static_cast<char>(acc_ & 0xFF);
      acc_ >>= 8;
      n_ -= 8;
    }
  }
  void code(std::uint32_t code, int length) {
    std::uint32_t r = 0;
    for (int i = 0; i < length; ++i) r |= ((code >> i) & 1u) << (length - 1 - i);
    bits(r, length);
  }
  std::string finish() {
    if (n_ > 0) bits(0, 8 - n_);
    return std::move(out_);
  }

private:
  std::string out_;
  std::uint64_t acc_ = 0;
  int n_ = 0;
};

constexpr int kLenBase[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
                              31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr int kLenExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr int kDistBase[30] = {1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129,
                               193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr int kDistExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};

// The fixed literal/length code of RFC 1951 3.2.6.
void put_symbol(BitWriter& w, int sym) {
  if (sym < 144) w.code(0x30 + sym, 8);
  else if (sym < 256) w.code(0x190 + (sym - 144), 9);
  else if (sym < 280) w.code(sym - 256, 7);
  else w.code(0xC0 + (sym - 280), 8);
}

void put_match(BitWriter& w, int length, int distance) {
  assert(length >= 3 && length <= 258 && distance >= 1 && distance <= 32768);
  int l = 28;
  while (kLenBase[l] > length) --l;
  put_symbol(w, 257 + l);
  w.bits(static_cast<std::uint32_t>(length - kLenBase[l]), kLenExtra[l]);
  int d = 29;
  while (kDistBase[d] > distance) --d;
  w.code(static_cast<std::uint32_t>(d), 5);
  w.bits(static_cast<std::uint32_t>(distance - kDistBase[d]), kDistExtra[d]);
}

// One final fixed-Huffman block: greedy LZ77 over a 32 KB window, hash chains cut short to bound the time.
std::string deflate_fixed(std::string_view in) {
  constexpr int kWindow = 32768, kMaxChain = 16, kHashBits = 15;
  const auto* p = reinterpret_cast<const unsigned char*>(in.data());
  const std::size_t n = in.size();
  std::vector<std::int64_t> head(std::size_t{1} << kHashBits, -1), prev(kWindow, -1);
  auto hash = [&](std::size_t i) {
    const std::uint32_t v = p[i] | (p[i + 1] << 8) | (p[i + 2] << 16);
    return (v * 2654435761u) >> (32 - kHashBits);
  };
  auto insert = [&](std::size_t i) {
    if (i + 2 >= n) return;
    const auto h = hash(i);
    prev[i % kWindow] = head[h];
    head[h] = static_cast<std::int64_t>(i);
  };
  BitWriter w;
  w.bits(1, 1); // BFINAL
  w.bits(1, 2); // BTYPE 01: fixed codes
  std::size_t i = 0;
  while (i < n) {
    int best_len = 0, best_dist = 0;
    if (i + 2 < n) {
      std::int64_t cand = head[hash(i)];
      const std::size_t max_len = std::min<std::size_t>(258, n - i);
      for (int chain = 0; cand >= 0 && chain < kMaxChain; ++chain) {
        const auto c = static_cast<std::size_t>(cand);
        if (i - c > static_cast<std::size_t>(kWindow)) break;
        std::size_t len = 0;
        while (len < max_len && p[c + len] == p[i + len]) ++len;
        if (static_cast<int>(len) > best_len) {
          best_len = static_cast<int>(len);
          best_dist = static_cast<int>(i - c);
          if (len == max_len) break;
        }
        const std::int64_t next = prev[c % kWindow];
        if (next >= cand) break; // the slot was reused by a newer position: the chain ends here
        cand = next;
      }
    }
    if (best_len >= 3) {
      put_match(w, best_len, best_dist);
      for (int k = 0; k < best_len; ++k) insert(i + static_cast<std::size_t>(k));
      i += static_cast<std::size_t>(best_len);
    } else {
      put_symbol(w, p[i]);
      insert(i);
      ++i;
    }
  }
  put_symbol(w, 256); // end of block
  return w.finish();
}

std::string deflate_stored(std::string_view in) {
  std::string out;
  do { // an empty input still needs one (empty, final) block
    const std::size_t n = std::min<std::size_t>(in.size(), 65535);
    const bool last = n == in.size();
    out += static_cast<char>(last ? 1 : 0); // BFINAL, BTYPE 00, padded to the byte
    const auto len = static_cast<std::uint16_t>(n), nlen = static_cast<std::uint16_t>(~len);
    out += static_cast<char>(len & 0xFF);
    out += static_cast<char>(len >> 8);
    out += static_cast<char>(nlen & 0xFF);
    out += static_cast<char>(nlen >> 8);
    out.append(in.substr(0, n));
    in.remove_prefix(n);
  } while (!in.empty());
  return out;
}

void put_be32(std::string& out, std::uint32_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

} // namespace

std::string zlib_compress(std::string_view bytes, bool compress) {
  std::string body = deflate_stored(bytes);
  if (compress) {
    std::string fixed = deflate_fixed(bytes);
    if (fixed.size() < body.size()) body = std::move(fixed);
  }
  std::string out;
  out.reserve(body.size() + 6);
  out += static_cast<char>(0x78); // deflate, 32 KB window
  out += static_cast<char>(0x01); // fastest-level hint; 0x7801 is a multiple of 31 as the header check needs
  out += body;
  put_be32(out, adler32(bytes));
  return out;
}

// [SECTION] PNG

namespace {

void put_chunk(std::string& out, const char (&type)[5], std::string_view data) {
  put_be32(out, static_cast<std::uint32_t>(data.size()));
  const std::size_t start = out.size();
  out.append(type, 4);
  out.append(data);
  put_be32(out, crc32(std::string_view(out).substr(start)));
}

int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

// Each row with the filter that makes it smallest by libpng's measure (sum of the bytes as signed values):
// Sub for horizontal runs, Up for rows like the one above, both common in a timeline.
std::string filtered_rows(const std::uint8_t* rgba, int w, int h) {
  const std::size_t stride = static_cast<std::size_t>(w) * 4;
  std::string out;
  out.reserve((stride + 1) * static_cast<std::size_t>(h));
  std::vector<std::uint8_t> zero(stride, 0), cand(stride), best(stride);
  for (int y = 0; y < h; ++y) {
    const std::uint8_t* row = rgba + stride * static_cast<std::size_t>(y);
    const std::uint8_t* up = y > 0 ? row - stride : zero.data();
    long best_cost = -1;
    int best_type = 0;
    for (int type = 0; type < 5; ++type) {
      long cost = 0;
      for (std::size_t i = 0; i < stride; ++i) {
        const int a = i >= 4 ? row[i - 4] : 0, b = up[i], c = i >= 4 ? up[i - 4] : 0;
        const int pred = type == 0 ? 0 : type == 1 ? a : type == 2 ? b : type == 3 ? (a + b) / 2 : paeth(a, b, c);
        cand[i] = static_cast<std::uint8_t>(row[i] - pred);
        cost += std::abs(static_cast<int>(static_cast<std::int8_t>(cand[i])));
      }
      if (best_cost < 0 || cost < best_cost) {
        best_cost = cost;
        best_type = type;
        best.swap(cand);
      }
    }
    out += static_cast<char>(best_type);
    out.append(reinterpret_cast<const char*>(best.data()), stride);
  }
  return out;
}

} // namespace

std::string encode_png(const std::uint8_t* rgba, int w, int h) {
  assert(rgba && w > 0 && h > 0);
  std::string out = "\x89PNG\r\n\x1a\n";
  std::string ihdr;
  put_be32(ihdr, static_cast<std::uint32_t>(w));
  put_be32(ihdr, static_cast<std::uint32_t>(h));
  ihdr += '\x08'; // bit depth
  ihdr += '\x06'; // colour type: RGBA
  ihdr += '\x00'; // compression: deflate
  ihdr += '\x00'; // filter method 0 (five per-row filters)
  ihdr += '\x00'; // no interlace
  put_chunk(out, "IHDR", ihdr);
  put_chunk(out, "IDAT", zlib_compress(filtered_rows(rgba, w, h)));
  put_chunk(out, "IEND", {});
  return out;
}

} // namespace il::ui
