// Building blocks for vectorized kernels: validity bitmaps, typed dispatch, fixed-width
// output buffers and the decimal text of integers. Header-only so the per-type loops inline into each kernel.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "columnar/column.h"
#include "sql/expr/bound_expr.h"

namespace kindred::sql {

// AND of the validity of `cols` (all of length n); empty when no input has nulls.
inline Buffer MergeValidity(const std::vector<const Column*>& cols, int64_t n) {
  Buffer out;
  for (const Column* c : cols) {
    if (!c->has_nulls()) continue;
    const Buffer& v = c->validity_buffer();
    size_t bytes = static_cast<size_t>((n + 7) / 8);
    if (out.empty()) {
      out.assign(v.begin(), v.begin() + bytes);
    } else {
      for (size_t i = 0; i < bytes; ++i) out[i] &= v[i];
    }
  }
  return out;
}

inline Buffer AllValid(int64_t n) {
  Buffer b(static_cast<size_t>((n + 7) / 8), 0xFF);
  return b;
}

template <typename T>
Buffer MakeValues(int64_t n) {
  return Buffer(static_cast<size_t>(n) * sizeof(T));
}

template <typename T>
T* MutableValues(Buffer& b) {
  return reinterpret_cast<T*>(b.data());
}

// Calls f(T{}) with the C++ type that stores `id`'s values (int32_t for date, int64_t for
// timestamp, uint8_t for bool). Returns false for non-fixed types.
template <typename F>
bool DispatchFixed(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kBool: f(uint8_t{}); return true;
    case TypeId::kInt8: f(int8_t{}); return true;
    case TypeId::kInt16: f(int16_t{}); return true;
    case TypeId::kInt32:
    case TypeId::kDate32: f(int32_t{}); return true;
    case TypeId::kInt64:
    case TypeId::kTimestamp: f(int64_t{}); return true;
    case TypeId::kFloat32: f(float{}); return true;
    case TypeId::kFloat64: f(double{}); return true;
    case TypeId::kDecimal128: f(__int128{}); return true;
    default: return false;
  }
}

// Sets the validity bit of row i in a bitmap being built (allocated with AllValid).
inline void SetNull(Buffer& validity, int64_t i) { ClearBit(validity.data(), i); }

// Reads a boolean column value (assumes valid).
inline bool BoolAt(const Column& c, int64_t i) { return c.values<uint8_t>()[i] != 0; }


// ---- Decimal text of integers (cast to string, concat of integers) ----

// Decimal digits of v (1 for 0), without a loop: log2 from the leading zeros, times
// log10(2) ~ 1233 / 4096, corrected by one comparison with a power of ten.
inline int DigitCount(uint64_t v) {
  static constexpr uint64_t kPow10[20] = {1ULL,
                                          10ULL,
                                          100ULL,
                                          1000ULL,
                                          10000ULL,
                                          100000ULL,
                                          1000000ULL,
                                          10000000ULL,
                                          100000000ULL,
                                          1000000000ULL,
                                          10000000000ULL,
                                          100000000000ULL,
                                          1000000000000ULL,
                                          10000000000000ULL,
                                          100000000000000ULL,
                                          1000000000000000ULL,
                                          10000000000000000ULL,
                                          100000000000000000ULL,
                                          1000000000000000000ULL,
                                          10000000000000000000ULL};
  const int t = ((64 - __builtin_clzll(v | 1)) * 1233) >> 12;
  return t + 1 - (v < kPow10[t]) + (v == 0);
}

// The eight decimal digits of x < 10^8 (leading zeros included) as byte values 0..9, the most
// significant in the lowest byte, so a little-endian 8-byte store writes them in reading
// order. Splits x into 4-digit halves, then 2-digit pairs, then digits, every step on all
// lanes of one 64-bit word (each multiply stays inside its lane: 9999 * 10486 < 2^32 and
// 99 * 103 < 2^16); the quotients by 100 and 10 are multiply-shifts exact on those ranges.
[[gnu::always_inline]] inline uint64_t EightDigitValues(uint32_t x) {
  const uint32_t hi = x / 10000;
  uint64_t v = hi | (static_cast<uint64_t>(x - hi * 10000) << 32);
  uint64_t q = ((v * 10486) >> 20) & 0x0000007F0000007FULL;
  v = q | ((v - q * 100) << 16);
  q = ((v * 103) >> 10) & 0x000F000F000F000FULL;
  return q | ((v - q * 10) << 8);
}

constexpr uint64_t kAsciiZeros = 0x3030303030303030ULL;

// Writes the decimal text of x < 10^8 at `out` without leading zeros; returns its length.
// Stores 8 bytes: the caller guarantees 8 writable bytes at `out`.
[[gnu::always_inline]] inline int WriteUpTo8Digits(uint32_t x, char* out) {
  const uint64_t d = EightDigitValues(x);
  // Zero digits before the first significant one; the top byte's bit keeps x = 0 to one "0".
  const int skip = __builtin_ctzll(d | (1ULL << 56)) >> 3;
  const uint64_t text = (d + kAsciiZeros) >> (8 * skip);
  std::memcpy(out, &text, 8);
  return 8 - skip;
}

[[gnu::always_inline]] inline void Write8Digits(uint32_t x, char* out) {
  const uint64_t text = EightDigitValues(x) + kAsciiZeros;
  std::memcpy(out, &text, 8);
}

// Writes the decimal text of v at `out`; returns its length (1..20). May store up to 7 bytes
// past the text, so the caller provides that much slack after it.
[[gnu::always_inline]] inline int WriteDecimal(uint64_t v, char* out) {
  if (v < 100000000ULL) return WriteUpTo8Digits(static_cast<uint32_t>(v), out);
  if (v < 10000000000000000ULL) {
    const uint64_t hi = v / 100000000ULL;
    const int len = WriteUpTo8Digits(static_cast<uint32_t>(hi), out);
    Write8Digits(static_cast<uint32_t>(v - hi * 100000000ULL), out + len);
    return len + 8;
  }
  const uint64_t top = v / 10000000000000000ULL;  // at most 1844
  const uint64_t rest = v - top * 10000000000000000ULL;
  const uint64_t mid = rest / 100000000ULL;
  const int len = WriteUpTo8Digits(static_cast<uint32_t>(top), out);
  Write8Digits(static_cast<uint32_t>(mid), out + len);
  Write8Digits(static_cast<uint32_t>(rest - mid * 100000000ULL), out + len + 8);
  return len + 16;
}

// Writes the decimal text of x (with a '-' when negative) at `out`; returns its length. The
// sign byte is stored always and kept only for negatives (no branch on the sign); like
// WriteDecimal it may store up to 7 bytes past the text.
[[gnu::always_inline]] inline int WriteSignedDecimal(int64_t x, char* out) {
  const uint64_t mag = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x);
  const int negative = x < 0;
  out[0] = '-';
  return negative + WriteDecimal(mag, out + negative);
}

// An upper bound on the decimal text length of any row of `v` (sign included). Null rows
// count too: their values are arbitrary, which can only loosen the bound. For 64-bit values,
// from the OR of x ^ (x >> 63) over the rows (x for x >= 0, |x| - 1 below): |x| is at most
// that OR + 1, so the bound is at most one digit loose, and the OR is a branch-free pass
// (two lanes at a time with SSE2).
template <typename T>
inline int MaxDecimalLength(const T* v, int64_t n) {
  if constexpr (sizeof(T) == 1) return 4;
  else if constexpr (sizeof(T) == 2) return 6;
  else if constexpr (sizeof(T) == 4) return 11;
  else {
    uint64_t folded = 0, signs = 0;
    int64_t i = 0;
#if defined(__SSE2__)
    __m128i f = _mm_setzero_si128(), s = _mm_setzero_si128();
    for (; i + 2 <= n; i += 2) {
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(v + i));
      // Each lane's sign spread over the lane: the high dword's sign, copied to both dwords.
      const __m128i sign = _mm_shuffle_epi32(_mm_srai_epi32(x, 31), _MM_SHUFFLE(3, 3, 1, 1));
      f = _mm_or_si128(f, _mm_xor_si128(x, sign));
      s = _mm_or_si128(s, sign);
    }
    alignas(16) uint64_t lanes[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes), f);
    _mm_store_si128(reinterpret_cast<__m128i*>(lanes + 2), s);
    folded = lanes[0] | lanes[1];
    signs = lanes[2] | lanes[3];
#endif
    for (; i < n; ++i) {
      const uint64_t sign = static_cast<uint64_t>(static_cast<int64_t>(v[i]) >> 63);
      folded |= static_cast<uint64_t>(v[i]) ^ sign;
      signs |= sign;
    }
    // folded < 2^63, so folded + 1 does not wrap.
    return DigitCount(folded + 1) + (signs != 0);
  }
}

}  // namespace kindred::sql

namespace kindred::sql {

// Operand readers for BinaryOperandKernel: a column's value converted to T (static_cast, as
// CastColumn converts integers to floating point), or one value for every row.
template <typename S, typename T>
struct ColumnOperand {
  const S* values;
  T operator()(int64_t i) const { return static_cast<T>(values[i]); }
};
template <typename T>
struct ScalarOperand {
  T value;
  T operator()(int64_t) const { return value; }
};

// out[i] = op(x(i), y(i), &valid) for operand readers x and y, with `validity` the inputs'
// merged validity; op may null a row by setting valid = false.
template <typename Out, typename X, typename Y, typename Op>
ColumnPtr BinaryOperandKernel(const DataType& out_type, X x, Y y, Buffer validity, int64_t n,
                              Op op) {
  Buffer values = MakeValues<Out>(n);
  Out* o = MutableValues<Out>(values);
  bool any_invalid = false;
  for (int64_t i = 0; i < n; ++i) {
    bool valid = true;
    o[i] = op(x(i), y(i), &valid);
    any_invalid |= !valid;
  }
  if (any_invalid) {
    if (validity.empty()) validity = AllValid(n);
    // Second pass only when some row was nulled: keeps the main loop branch-free.
    for (int64_t i = 0; i < n; ++i) {
      bool valid = true;
      op(x(i), y(i), &valid);
      if (!valid) ClearBit(validity.data(), i);
    }
  }
  return Column::FromBuffers(out_type, n, std::move(validity), std::move(values));
}

// out[i] = op(a[i], b[i], &valid) over fixed-width inputs of one physical type In; rows where
// either input is null are null, and op may null a row by setting valid = false.
template <typename In, typename Out, typename Op>
ColumnPtr BinaryFixedKernel(const DataType& out_type, const Column& a, const Column& b, int64_t n,
                            Op op) {
  return BinaryOperandKernel<Out>(out_type, ColumnOperand<In, In>{a.values<In>()},
                                  ColumnOperand<In, In>{b.values<In>()},
                                  MergeValidity({&a, &b}, n), n, op);
}

template <typename In, typename Out, typename Op>
ColumnPtr UnaryFixedKernel(const DataType& out_type, const Column& a, int64_t n, Op op) {
  Buffer validity = MergeValidity({&a}, n);
  Buffer values = MakeValues<Out>(n);
  Out* o = MutableValues<Out>(values);
  const In* x = a.values<In>();
  bool any_invalid = false;
  for (int64_t i = 0; i < n; ++i) {
    bool valid = true;
    o[i] = op(x[i], &valid);
    any_invalid |= !valid;
  }
  if (any_invalid) {
    if (validity.empty()) validity = AllValid(n);
    for (int64_t i = 0; i < n; ++i) {
      bool valid = true;
      op(x[i], &valid);
      if (!valid) ClearBit(validity.data(), i);
    }
  }
  return Column::FromBuffers(out_type, n, std::move(validity), std::move(values));
}

// Applies f(string_view..., ColumnBuilder&) per non-null row; null inputs give null.
template <typename F>
ColumnPtr StringRowKernel(const DataType& out_type, const std::vector<ColumnPtr>& args, int64_t n,
                          F f) {
  ColumnBuilder b(out_type, n);
  for (int64_t i = 0; i < n; ++i) {
    bool null = false;
    for (const auto& a : args) null |= a->IsNull(i);
    if (null) {
      b.AppendNull();
      continue;
    }
    f(i, b);
  }
  return b.Finish();
}

}  // namespace kindred::sql
