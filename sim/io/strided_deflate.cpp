#include "hedgesim/io/strided_deflate.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

// The format is RFC 1951: blocks of Huffman-coded literals and (length, distance) matches, each
// block with code lengths of its own; RFC 1950 wraps them in a two-byte header and an Adler-32.
// General encoders spend most of their time hashing to find matches anywhere in a 32 KiB window.
// In a shuffled history chunk nearly every repeat lies one byte back (the high bytes of floats)
// or one row back (values that did not change since the previous step), so looking there alone
// finds about what libdeflate's level 1 finds, at a fraction of the time (docs/performance.md).

namespace hedgesim::io {

namespace {

constexpr std::size_t kMinMatch = 3;
constexpr std::size_t kMaxMatch = 258;
constexpr std::size_t kWindow = 32768;
constexpr std::size_t kMaxStored = 65535; // bytes in one stored block
constexpr std::size_t kSmallBlock = 512;  // bytes; smaller blocks are coded with the fixed codes
constexpr int kMaxCodeLength = 15;        // literal/length and distance codes
constexpr int kMaxCodeLengthCode = 7;     // the code that sends those lengths
constexpr unsigned kEndOfBlock = 256;
constexpr std::size_t kLiteralLengthSymbols = 286;
constexpr std::size_t kDistanceSymbols = 30;
constexpr std::size_t kCodeLengthSymbols = 19;
// The order in which a dynamic block's header lists the code-length code's lengths.
constexpr std::array<std::uint8_t, kCodeLengthSymbols> kCodeLengthOrder{16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
                                                                        11, 4,  12, 3, 13, 2, 14, 1, 15};

// A symbol of the literal/length or distance alphabet with its extra bits.
struct Coded {
  std::uint16_t symbol = 0;
  std::uint8_t extra_bits = 0;
  std::uint16_t extra = 0;
};

// Match lengths 3..258 as length symbols 257..285 (RFC 1951 section 3.2.5).
constexpr std::array<Coded, kMaxMatch + 1> make_length_codes()
{
  constexpr std::array<std::uint16_t, 29> base{3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                               31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
  constexpr std::array<std::uint8_t, 29> extra{0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                                               2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
  std::array<Coded, kMaxMatch + 1> codes{};
  for (std::size_t length = kMinMatch; length <= kMaxMatch; ++length) {
    std::size_t k = base.size() - 1;
    while (base[k] > length) {
      --k;
    }
    codes[length] = Coded{static_cast<std::uint16_t>(257 + k), extra[k], static_cast<std::uint16_t>(length - base[k])};
  }
  return codes;
}
constexpr std::array<Coded, kMaxMatch + 1> kLengthCodes = make_length_codes();

// Distance 1..32768 as a distance symbol 0..29.
Coded distance_code(std::size_t distance)
{
  if (distance <= 4) {
    return Coded{static_cast<std::uint16_t>(distance - 1), 0, 0};
  }
  // Symbols come in pairs per power of two: 2k + 2 and 2k + 3 cover 2^(k+1) + 1 .. 2^(k+2).
  const std::size_t d = distance - 1;
  const auto top = static_cast<int>(std::bit_width(d)) - 1; // d lies in [2^top, 2^(top+1))
  const int extra_bits = top - 1;
  const std::size_t second_half = (d >> extra_bits) & 1U;
  return Coded{static_cast<std::uint16_t>(2 * static_cast<std::size_t>(top) + second_half),
               static_cast<std::uint8_t>(extra_bits),
               static_cast<std::uint16_t>(d & ((std::size_t{1} << extra_bits) - 1))};
}

// Codes per length: count[b] symbols have a code of b bits (count[0] is unused).
using LengthCounts = std::array<std::uint16_t, kMaxCodeLength + 1>;

// Huffman code lengths, at most `limit` bits, for `freq` (symbols of frequency 0 get length 0),
// and how many codes have each length. If fewer than two symbols have a frequency, the first
// unused ones get a code too: inflaters want a complete code.
LengthCounts build_lengths(std::span<const std::uint32_t> freq, int limit, std::span<std::uint8_t> lengths)
{
  std::fill(lengths.begin(), lengths.end(), std::uint8_t{0});
  std::array<std::uint16_t, kLiteralLengthSymbols> used; // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::size_t m = 0;
  for (std::size_t s = 0; s < freq.size(); ++s) {
    used[m] = static_cast<std::uint16_t>(s);
    m += freq[s] > 0 ? 1 : 0;
  }
  std::array<std::uint32_t, kLiteralLengthSymbols> weight_of; // NOLINT(cppcoreguidelines-pro-type-member-init)
  for (std::size_t i = 0; i < m; ++i) {
    weight_of[i] = freq[used[i]];
  }
  for (std::size_t s = 0; m < 2; ++s) {
    if (freq[s] == 0) {
      used[m] = static_cast<std::uint16_t>(s);
      weight_of[m++] = 1;
    }
  }
  // The used symbols in order of weight, then symbol: a counting sort by weight, with the weights
  // too big for a bucket of their own sorted after it as plain integers.
  constexpr std::size_t kBuckets = kLiteralLengthSymbols;
  std::array<std::uint16_t, kBuckets + 1> start{};
  for (std::size_t i = 0; i < m; ++i) {
    ++start[std::min<std::size_t>(weight_of[i], kBuckets - 1) + 1];
  }
  for (std::size_t k = 1; k <= kBuckets; ++k) {
    start[k] = static_cast<std::uint16_t>(start[k] + start[k - 1]);
  }
  std::array<std::uint16_t, kLiteralLengthSymbols> order; // NOLINT(cppcoreguidelines-pro-type-member-init)
  for (std::size_t i = 0; i < m; ++i) {
    order[start[std::min<std::size_t>(weight_of[i], kBuckets - 1)]++] = static_cast<std::uint16_t>(i);
  }
  const std::size_t big = start[kBuckets - 2]; // where the last bucket begins
  if (m - big > 1) {
    std::array<std::uint64_t, kLiteralLengthSymbols> keys; // NOLINT(cppcoreguidelines-pro-type-member-init)
    for (std::size_t i = big; i < m; ++i) {
      keys[i] = static_cast<std::uint64_t>(weight_of[order[i]]) << 16U | order[i];
    }
    std::sort(keys.begin() + static_cast<std::ptrdiff_t>(big), keys.begin() + static_cast<std::ptrdiff_t>(m));
    for (std::size_t i = big; i < m; ++i) {
      order[i] = static_cast<std::uint16_t>(keys[i] & 0xFFFFU);
    }
  }
  std::array<std::uint16_t, kLiteralLengthSymbols> symbols; // NOLINT(cppcoreguidelines-pro-type-member-init)
  for (std::size_t i = 0; i < m; ++i) {
    symbols[i] = used[order[i]];
  }

  // Two queues: the leaves in order of weight, and the internal nodes as they are made (also in
  // order of weight). Nodes 0..m-1 are leaves, m.. internal. An infinite weight ends each queue,
  // so taking the lighter head needs no branch: which queue wins is unpredictable.
  constexpr std::uint64_t kEnd = std::numeric_limits<std::uint64_t>::max();
  std::array<std::uint64_t, kLiteralLengthSymbols + 1> leaf_weight; // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::array<std::uint64_t, kLiteralLengthSymbols> inner_weight;    // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::array<std::uint16_t, 2 * kLiteralLengthSymbols> parent;      // NOLINT(cppcoreguidelines-pro-type-member-init)
  for (std::size_t i = 0; i < m; ++i) {
    leaf_weight[i] = weight_of[order[i]];
  }
  leaf_weight[m] = kEnd;
  inner_weight[0] = kEnd;
  std::size_t leaf = 0;
  std::size_t inner = 0;
  auto take = [&](std::uint64_t& weight) {
    const bool from_leaves = leaf_weight[leaf] <= inner_weight[inner];
    const std::size_t node = from_leaves ? leaf : m + inner;
    weight = from_leaves ? leaf_weight[leaf] : inner_weight[inner];
    leaf += from_leaves ? 1 : 0;
    inner += from_leaves ? 0 : 1;
    return node;
  };
  for (std::size_t made = 0; made + 1 < m; ++made) {
    std::uint64_t wa = 0;
    std::uint64_t wb = 0;
    const std::size_t a = take(wa);
    const std::size_t b = take(wb);
    inner_weight[made] = wa + wb;
    inner_weight[made + 1] = kEnd;
    parent[a] = parent[b] = static_cast<std::uint16_t>(m + made);
  }
  const std::size_t next = 2 * m - 1;               // nodes
  std::array<int, 2 * kLiteralLengthSymbols> depth; // NOLINT(cppcoreguidelines-pro-type-member-init)
  std::array<int, kMaxCodeLength + 1> count{};      // leaves per length
  depth[next - 1] = 0;
  for (std::size_t node = next - 1; node-- > 0;) {
    depth[node] = depth[parent[node]] + 1;
  }
  for (std::size_t i = 0; i < m; ++i) {
    ++count[std::min(depth[i], limit)];
  }
  // Clamping made the code over-full; lengthen the longest codes under the limit until it fits
  // (Kraft sum, in units of 2^-limit), then shorten the longest ones while it is not full.
  const std::uint64_t full = std::uint64_t{1} << limit;
  std::uint64_t kraft = 0;
  for (int bits = 1; bits <= limit; ++bits) {
    kraft += static_cast<std::uint64_t>(count[bits]) << (limit - bits);
  }
  while (kraft > full) {
    int bits = limit - 1;
    while (count[bits] == 0) {
      --bits;
    }
    --count[bits];
    ++count[bits + 1];
    kraft -= std::uint64_t{1} << (limit - bits - 1);
  }
  while (kraft < full) {
    int bits = limit;
    while (count[bits] == 0 || (std::uint64_t{1} << (limit - bits)) > full - kraft) {
      --bits;
    }
    --count[bits];
    ++count[bits - 1];
    kraft += std::uint64_t{1} << (limit - bits);
  }
  // The rarest symbols take the longest codes.
  std::size_t i = 0;
  LengthCounts counts{};
  for (int bits = limit; bits >= 1; --bits) {
    counts[static_cast<std::size_t>(bits)] = static_cast<std::uint16_t>(count[bits]);
    for (int k = 0; k < count[bits]; ++k) {
      lengths[symbols[i++]] = static_cast<std::uint8_t>(bits);
    }
  }
  return counts;
}

constexpr std::array<std::uint8_t, 256> make_reversed_bytes()
{
  std::array<std::uint8_t, 256> table{};
  for (unsigned byte = 0; byte < 256; ++byte) {
    unsigned reversed = 0;
    for (unsigned b = 0; b < 8; ++b) {
      reversed |= ((byte >> b) & 1U) << (7 - b);
    }
    table[byte] = static_cast<std::uint8_t>(reversed);
  }
  return table;
}
constexpr std::array<std::uint8_t, 256> kReversedBytes = make_reversed_bytes();

// Canonical codes for `lengths`, of which `count` has how many there are of each, bit-reversed,
// since deflate sends Huffman codes from the top bit, each as code | length << 16: one load finds both.
void build_codes(std::span<const std::uint8_t> lengths, const LengthCounts& count, std::span<std::uint32_t> codes)
{
  std::array<std::uint16_t, kMaxCodeLength + 1> next{};
  std::uint16_t code = 0;
  for (std::size_t bits = 1; bits <= kMaxCodeLength; ++bits) {
    code = static_cast<std::uint16_t>((code + (bits > 1 ? count[bits - 1] : 0)) << 1U);
    next[bits] = code;
  }
  for (std::size_t s = 0; s < lengths.size(); ++s) {
    const unsigned length = lengths[s];
    if (length == 0) { // unused symbols often come in runs; counting them up would chain through next[0]
      codes[s] = 0;
      continue;
    }
    const unsigned value = next[length]++;
    codes[s] = ((kReversedBytes[value & 0xFFU] << 8U | kReversedBytes[(value >> 8U) & 0xFFU]) >> (16 - length)) |
               length << 16U;
  }
}

//! build_codes for lengths whose counts are not known yet.
void build_codes(std::span<const std::uint8_t> lengths, std::span<std::uint32_t> codes)
{
  LengthCounts count{};
  for (const std::uint8_t length : lengths) {
    ++count[length];
  }
  build_codes(lengths, count, codes);
}

// Writes bits from the lowest up, as deflate packs them. put() only adds to a 64-bit buffer, and
// flush() stores all of it and keeps what is short of a byte: no branch per symbol. The caller
// flushes before the buffer could hold more than 64 bits, and the memory written to needs 8 bytes
// of slack beyond the stream.
class BitWriter {
public:
  explicit BitWriter(unsigned char* out) noexcept : first_(out), next_(out) {}
  void put(std::uint64_t value, unsigned count) noexcept
  {
    buffer_ |= value << filled_;
    filled_ += count;
  }
  void flush() noexcept
  {
    std::memcpy(next_, &buffer_, 8); // little-endian hosts; see the static_assert
    const unsigned whole = filled_ / 8;
    next_ += whole;
    buffer_ = whole == 8 ? 0 : buffer_ >> (8 * whole);
    filled_ -= 8 * whole;
  }
  //! Pads with zero bits to a whole byte, written.
  void align() noexcept
  {
    flush();
    if (filled_ > 0) {
      ++next_;
      buffer_ = 0;
      filled_ = 0;
    }
  }
  void bytes(const unsigned char* data, std::size_t size) noexcept // after align()
  {
    std::memcpy(next_, data, size);
    next_ += size;
  }
  [[nodiscard]] std::uint64_t bit_count() const noexcept
  {
    return static_cast<std::uint64_t>(next_ - first_) * 8 + filled_;
  }
  [[nodiscard]] std::size_t byte_count() const noexcept { return static_cast<std::size_t>(next_ - first_); }

private:
  unsigned char* first_;
  unsigned char* next_;
  std::uint64_t buffer_ = 0;
  unsigned filled_ = 0;
};
static_assert(std::endian::native == std::endian::little, "BitWriter stores words little-endian");

// A token is a run of that many literal bytes, or a match: kMatch | length << 1 | (1 if one stride back).
constexpr std::uint32_t kMatch = 1U << 31;

std::size_t match_length(const unsigned char* a, const unsigned char* b, std::size_t most) noexcept
{
  std::size_t n = 0;
  while (n + 8 <= most) {
    std::uint64_t x = 0;
    std::uint64_t y = 0;
    std::memcpy(&x, a + n, 8);
    std::memcpy(&y, b + n, 8);
    if (x != y) {
      return n + static_cast<std::size_t>(std::countr_zero(x ^ y)) / 8;
    }
    n += 8;
  }
  while (n < most && a[n] == b[n]) {
    ++n;
  }
  return n;
}

// One block's tokens and symbol frequencies.
struct BlockTokens {
  std::vector<std::uint32_t> tokens; // the first `count`; kept at its largest size, never shrunk
  std::size_t count = 0;
  std::array<std::uint32_t, kLiteralLengthSymbols> literal_freq{};
  std::array<std::uint32_t, kDistanceSymbols> distance_freq{};
  std::uint64_t extra_bits = 0; // of the length and distance symbols
};

// Greedy parse of data[begin, end): at each position the longer of the matches one byte back and
// one stride back (stride 0: none), if at least kMinMatch long, else a literal.
class Tokenizer {
public:
  Tokenizer(const unsigned char* data, std::size_t stride, Coded near, Coded far) noexcept
      : data_(data), stride_(stride), near_(near), far_(far)
  {
  }

  void run(std::size_t begin, std::size_t end, BlockTokens& out) const
  {
    if (out.tokens.size() < end - begin) {
      out.tokens.resize(end - begin);
    }
    std::uint32_t* token = out.tokens.data();
    std::uint32_t literals = 0; // in the run not yet closed
    auto add_literals = [&](std::size_t at, std::size_t count) {
      for (std::size_t k = 0; k < count; ++k) {
        ++out.literal_freq[data_[at + k]];
      }
      literals += static_cast<std::uint32_t>(count);
    };
    std::size_t i = begin;
    // Positions with a full stride of history, where both distances can be tried 16 at a time.
    const std::size_t history = std::max<std::size_t>(stride_, 1);
    while (i < end) {
#if defined(__SSE2__)
      if (i >= history && i + 32 <= end) {
        const std::uint32_t starts = match_starts(i);
        const std::size_t before = starts == 0 ? 16 : static_cast<std::size_t>(std::countr_zero(starts));
        add_literals(i, before);
        i += before;
        if (starts == 0) {
          continue;
        }
      }
#endif
      const std::size_t most = std::min(kMaxMatch, end - i);
      const std::size_t by_one = i >= 1 ? match_length(data_ + i, data_ + i - 1, most) : 0;
      const std::size_t by_row = stride_ > 1 && i >= stride_ ? match_length(data_ + i, data_ + i - stride_, most) : 0;
      const std::size_t length = std::max(by_one, by_row);
      if (length < kMinMatch) {
        add_literals(i, 1);
        ++i;
        continue;
      }
      if (literals > 0) {
        *token++ = literals;
        literals = 0;
      }
      const bool row = by_row > by_one; // ties go to distance 1, the cheaper code
      const Coded& distance = row ? far_ : near_;
      const Coded& coded = kLengthCodes[length];
      ++out.literal_freq[coded.symbol];
      ++out.distance_freq[distance.symbol];
      out.extra_bits += coded.extra_bits + distance.extra_bits;
      *token++ = kMatch | static_cast<std::uint32_t>(length << 1U) | (row ? 1U : 0U);
      i += length;
    }
    if (literals > 0) {
      *token++ = literals;
    }
    out.count = static_cast<std::size_t>(token - out.tokens.data());
  }

private:
#if defined(__SSE2__)
  // Bit k set: a match of at least kMinMatch starts at i + k (k < 16), one byte or one stride back.
  [[nodiscard]] std::uint32_t match_starts(std::size_t i) const noexcept
  {
    auto equal = [&](std::size_t distance) {
      const unsigned char* p = data_ + i;
      const auto* q = reinterpret_cast<const __m128i*>(p);
      const auto* r = reinterpret_cast<const __m128i*>(p - distance);
      const auto low =
          static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(q), _mm_loadu_si128(r))));
      const auto high =
          static_cast<std::uint32_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_loadu_si128(q + 1), _mm_loadu_si128(r + 1))));
      const std::uint32_t mask = low | (high << 16U);
      return mask & (mask >> 1U) & (mask >> 2U);
    };
    std::uint32_t starts = equal(1);
    if (stride_ > 1) {
      starts |= equal(stride_);
    }
    return starts & 0xFFFFU;
  }
#endif

  const unsigned char* data_;
  std::size_t stride_;
  Coded near_;
  Coded far_;
};

// The Huffman codes of one block: lengths, and codes bit-reversed for sending.
struct Codes {
  std::array<std::uint8_t, kLiteralLengthSymbols> literal_lengths{};
  std::array<std::uint32_t, kLiteralLengthSymbols> literal_codes{}; // code | length << 16
  std::array<std::uint8_t, kDistanceSymbols> distance_lengths{};
  std::array<std::uint32_t, kDistanceSymbols> distance_codes{}; // code | length << 16

  //! Bits the block's symbols take in these codes, end of block and extra bits included.
  [[nodiscard]] std::uint64_t data_bits(const BlockTokens& block) const noexcept
  {
    std::uint64_t bits = block.extra_bits;
    for (std::size_t s = 0; s < kLiteralLengthSymbols; ++s) {
      bits += static_cast<std::uint64_t>(block.literal_freq[s]) * literal_lengths[s];
    }
    for (std::size_t s = 0; s < kDistanceSymbols; ++s) {
      bits += static_cast<std::uint64_t>(block.distance_freq[s]) * distance_lengths[s];
    }
    return bits;
  }
};

// The fixed codes of block type 01 (RFC 1951 section 3.2.6): cheapest for small blocks, having
// no header to send.
Codes make_fixed_codes()
{
  Codes codes;
  for (std::size_t s = 0; s < kLiteralLengthSymbols; ++s) {
    codes.literal_lengths[s] = s < 144 ? 8 : s < 256 ? 9 : s < 280 ? 7 : 8;
  }
  codes.distance_lengths.fill(5);
  // Symbols 286 and 287 have codes too, which fixes the codes of the ones below them.
  std::array<std::uint8_t, 288> all{};
  std::copy(codes.literal_lengths.begin(), codes.literal_lengths.end(), all.begin());
  all[286] = all[287] = 8;
  std::array<std::uint32_t, 288> all_codes{};
  build_codes(all, all_codes);
  std::copy_n(all_codes.begin(), kLiteralLengthSymbols, codes.literal_codes.begin());
  build_codes(codes.distance_lengths, codes.distance_codes);
  return codes;
}

// A dynamic block's codes and the header that sends them.
struct DynamicCodes {
  Codes codes;
  std::array<std::uint8_t, kCodeLengthSymbols> header_lengths{};
  std::array<std::uint32_t, kCodeLengthSymbols> header_codes{}; // code | length << 16
  std::vector<std::uint16_t> header_symbols;                    // code-length symbol | extra value << 5
  std::size_t literal_count = 257;                              // HLIT + 257
  std::size_t distance_count = 1;                               // HDIST + 1
  std::size_t header_count = 4;                                 // HCLEN + 4
  std::uint64_t bits = 0;                                       // the whole block, from its 3-bit block header on
};

// Run-length codes of the code lengths (symbols 16: repeat the last 3-6 times, 17: 3-10 zeros,
// 18: 11-138 zeros), as symbol | extra << 5.
void run_length_code(std::span<const std::uint8_t> lengths, std::vector<std::uint16_t>& out)
{
  out.clear();
  auto put = [&](unsigned symbol, unsigned extra) { out.push_back(static_cast<std::uint16_t>(symbol | extra << 5U)); };
  std::size_t i = 0;
  while (i < lengths.size()) {
    const std::uint8_t value = lengths[i];
    std::size_t run = 1;
    while (i + run < lengths.size() && lengths[i + run] == value) {
      ++run;
    }
    i += run;
    if (value == 0) {
      while (run >= 11) {
        const std::size_t n = std::min<std::size_t>(run, 138);
        put(18, static_cast<unsigned>(n - 11));
        run -= n;
      }
      if (run >= 3) {
        put(17, static_cast<unsigned>(run - 3));
        run = 0;
      }
    } else {
      put(value, 0);
      --run;
      while (run >= 3) {
        const std::size_t n = std::min<std::size_t>(run, 6);
        put(16, static_cast<unsigned>(n - 3));
        run -= n;
      }
    }
    for (; run > 0; --run) {
      put(value, 0);
    }
  }
}

constexpr unsigned extra_bits_of_code_length_symbol(unsigned symbol) noexcept
{
  return symbol == 16 ? 2 : symbol == 17 ? 3 : symbol == 18 ? 7 : 0;
}

void plan_dynamic(const BlockTokens& block, DynamicCodes& dynamic)
{
  Codes& codes = dynamic.codes;
  build_codes(codes.literal_lengths, build_lengths(block.literal_freq, kMaxCodeLength, codes.literal_lengths),
              codes.literal_codes);
  build_codes(codes.distance_lengths, build_lengths(block.distance_freq, kMaxCodeLength, codes.distance_lengths),
              codes.distance_codes);
  dynamic.literal_count = kLiteralLengthSymbols;
  while (dynamic.literal_count > 257 && codes.literal_lengths[dynamic.literal_count - 1] == 0) {
    --dynamic.literal_count;
  }
  dynamic.distance_count = kDistanceSymbols;
  while (dynamic.distance_count > 1 && codes.distance_lengths[dynamic.distance_count - 1] == 0) {
    --dynamic.distance_count;
  }
  std::array<std::uint8_t, kLiteralLengthSymbols + kDistanceSymbols> all{};
  std::copy_n(codes.literal_lengths.begin(), dynamic.literal_count, all.begin());
  std::copy_n(codes.distance_lengths.begin(), dynamic.distance_count,
              all.begin() + static_cast<std::ptrdiff_t>(dynamic.literal_count));
  run_length_code(std::span(all.data(), dynamic.literal_count + dynamic.distance_count), dynamic.header_symbols);
  std::array<std::uint32_t, kCodeLengthSymbols> header_freq{};
  for (const std::uint16_t entry : dynamic.header_symbols) {
    ++header_freq[entry & 31U];
  }
  build_codes(dynamic.header_lengths, build_lengths(header_freq, kMaxCodeLengthCode, dynamic.header_lengths),
              dynamic.header_codes);
  dynamic.header_count = kCodeLengthSymbols;
  while (dynamic.header_count > 4 && dynamic.header_lengths[kCodeLengthOrder[dynamic.header_count - 1]] == 0) {
    --dynamic.header_count;
  }

  std::uint64_t bits = 3 + 5 + 5 + 4 + 3 * dynamic.header_count;
  for (const std::uint16_t entry : dynamic.header_symbols) {
    const unsigned symbol = entry & 31U;
    bits += dynamic.header_lengths[symbol] + extra_bits_of_code_length_symbol(symbol);
  }
  dynamic.bits = bits + codes.data_bits(block);
}

void write_dynamic_header(const DynamicCodes& dynamic, bool last, BitWriter& out)
{
  out.put((last ? 1U : 0U) | (2U << 1U), 3);
  out.put(dynamic.literal_count - 257, 5);
  out.put(dynamic.distance_count - 1, 5);
  out.put(dynamic.header_count - 4, 4);
  out.flush();
  for (std::size_t k = 0; k < dynamic.header_count; ++k) {
    out.put(dynamic.header_lengths[kCodeLengthOrder[k]], 3);
    out.flush();
  }
  for (const std::uint16_t entry : dynamic.header_symbols) {
    const unsigned symbol = entry & 31U;
    out.put(dynamic.header_codes[symbol] & 0xFFFFU, dynamic.header_lengths[symbol]);
    out.put(entry >> 5U, extra_bits_of_code_length_symbol(symbol));
    out.flush();
  }
}

// The symbols of the block of `data` that `block` tokenised, and its end, after a block header.
void write_symbols(const unsigned char* data, const BlockTokens& block, const Codes& codes, Coded near, Coded far,
                   BitWriter& out)
{
  // A match's length code with its extra bits, then its distance code with its extra bits: at most
  // 15 + 5 + 15 + 13 bits. Three literals take at most 45. With at most 7 bits left over from the
  // last flush, either fits the 64-bit buffer.
  auto distance_bits = [&](const Coded& d) {
    const std::uint32_t code = codes.distance_codes[d.symbol];
    return std::pair<std::uint64_t, unsigned>{(code & 0xFFFFU) | static_cast<std::uint64_t>(d.extra) << (code >> 16U),
                                              (code >> 16U) + d.extra_bits};
  };
  const auto near_bits = distance_bits(near);
  const auto far_bits = distance_bits(far);
  const std::uint32_t* literal_codes = codes.literal_codes.data();
  auto put_code = [&](std::uint32_t code) { out.put(code & 0xFFFFU, code >> 16U); };
  for (const std::uint32_t token : std::span(block.tokens.data(), block.count)) {
    if ((token & kMatch) == 0) {
      const unsigned char* end = data + token;
      for (; data + 3 <= end; data += 3) {
        put_code(literal_codes[data[0]]);
        put_code(literal_codes[data[1]]);
        put_code(literal_codes[data[2]]);
        out.flush();
      }
      for (; data < end; ++data) {
        put_code(literal_codes[*data]);
      }
      out.flush();
      continue;
    }
    const std::uint32_t length_value = (token & ~kMatch) >> 1U;
    const Coded& length = kLengthCodes[length_value];
    const std::uint32_t code = literal_codes[length.symbol];
    out.put((code & 0xFFFFU) | static_cast<std::uint64_t>(length.extra) << (code >> 16U),
            (code >> 16U) + length.extra_bits);
    const auto& [value, count] = (token & 1U) != 0 ? far_bits : near_bits;
    out.put(value, count);
    out.flush();
    data += length_value;
  }
  put_code(literal_codes[kEndOfBlock]);
  out.flush();
}

// Bits that `size` bytes take as stored blocks when the writer stands at bit `at`.
std::uint64_t stored_bits(std::uint64_t at, std::size_t size)
{
  std::uint64_t bits = 0;
  std::size_t left = size;
  do {
    const std::size_t piece = std::min(left, kMaxStored);
    bits += 3;
    bits += (8 - (at + bits) % 8) % 8; // padding to a byte
    bits += 32 + 8 * static_cast<std::uint64_t>(piece);
    left -= piece;
  } while (left > 0);
  return bits;
}

void write_stored(const unsigned char* data, std::size_t size, bool last, BitWriter& out)
{
  std::size_t left = size;
  do {
    const std::size_t piece = std::min(left, kMaxStored);
    left -= piece;
    out.put(last && left == 0 ? 1U : 0U, 3); // block type 00
    out.align();
    const auto length = static_cast<std::uint32_t>(piece);
    out.put(length | ((~length & 0xFFFFU) << 16U), 32);
    out.flush();
    out.bytes(data, piece);
    data += piece;
  } while (left > 0);
}

} // namespace

std::size_t strided_deflate(std::span<const unsigned char> input, std::size_t stride, std::size_t block_size,
                            std::span<unsigned char> output)
{
  constexpr std::size_t kHeader = 2;
  constexpr std::size_t kTrailer = 4;
  if (output.size() < kHeader + kTrailer + 1) {
    return 0;
  }
  const std::uint64_t room = static_cast<std::uint64_t>(output.size() - kTrailer) * 8;
  // The stream is written where the BitWriter has its 8 bytes of slack, then copied out.
  thread_local std::vector<unsigned char> stream;
  if (stream.size() < output.size() + 8) {
    stream.resize(output.size() + 8);
  }
  // 0x78: deflate with a 32 KiB window; 0x01: the "fastest" level flag, and the pair is a
  // multiple of 31 as RFC 1950 requires.
  stream[0] = 0x78;
  stream[1] = 0x01;
  BitWriter out(stream.data() + kHeader);
  const std::uint64_t header_bits = kHeader * 8;

  if (stride > kWindow || stride <= 1) {
    stride = 0;
  }
  const Coded near = distance_code(1);
  const Coded far = stride > 0 ? distance_code(stride) : near;
  const Tokenizer tokenizer(input.data(), stride, near, far);
  const std::size_t step = block_size > 0 ? block_size : std::max<std::size_t>(input.size(), 1);
  thread_local BlockTokens block;
  thread_local DynamicCodes dynamic;
  static const Codes kFixed = make_fixed_codes();
  std::size_t begin = 0;
  do {
    const std::size_t end = std::min(input.size(), begin + step);
    const bool last = end == input.size();
    block.literal_freq.fill(0);
    block.literal_freq[kEndOfBlock] = 1; // every block ends with it
    block.distance_freq.fill(0);
    block.extra_bits = 0;
    tokenizer.run(begin, end, block);
    // A dynamic block's header alone takes tens of bytes, so the fixed codes serve small blocks,
    // without the cost of planning codes.
    if (end - begin >= kSmallBlock) {
      plan_dynamic(block, dynamic);
    } else {
      dynamic.bits = std::numeric_limits<std::uint64_t>::max();
    }
    const std::uint64_t as_fixed = 3 + kFixed.data_bits(block);
    const std::uint64_t as_stored = stored_bits(out.bit_count(), end - begin);
    const std::uint64_t bits = std::min({dynamic.bits, as_fixed, as_stored});
    if (header_bits + out.bit_count() + bits > room) {
      return 0;
    }
    if (bits == as_stored) {
      write_stored(input.data() + begin, end - begin, last, out);
    } else if (bits == as_fixed) {
      out.put((last ? 1U : 0U) | (1U << 1U), 3);
      write_symbols(input.data() + begin, block, kFixed, near, far, out);
    } else {
      write_dynamic_header(dynamic, last, out);
      write_symbols(input.data() + begin, block, dynamic.codes, near, far, out);
    }
    begin = end;
  } while (begin < input.size());
  out.align();
  std::size_t size = kHeader + out.byte_count();
  std::memcpy(output.data(), stream.data(), size);
  const std::uint32_t adler = libdeflate_adler32(1, input.data(), input.size());
  for (int shift = 24; shift >= 0; shift -= 8) {
    output[size++] = static_cast<unsigned char>(adler >> static_cast<unsigned>(shift));
  }
  return size;
}

} // namespace hedgesim::io
