// Building blocks for vectorized kernels: validity bitmaps, typed dispatch and fixed-width
// output buffers. Header-only so the per-type loops inline into each kernel.
#pragma once

#include <cstring>
#include <vector>

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

}  // namespace kindred::sql

namespace kindred::sql {

// out[i] = op(a[i], b[i], &valid) over fixed-width inputs of one physical type In; rows where
// either input is null are null, and op may null a row by setting valid = false.
template <typename In, typename Out, typename Op>
ColumnPtr BinaryFixedKernel(const DataType& out_type, const Column& a, const Column& b, int64_t n,
                            Op op) {
  Buffer validity = MergeValidity({&a, &b}, n);
  Buffer values = MakeValues<Out>(n);
  Out* o = MutableValues<Out>(values);
  const In* x = a.values<In>();
  const In* y = b.values<In>();
  bool any_invalid = false;
  for (int64_t i = 0; i < n; ++i) {
    bool valid = true;
    o[i] = op(x[i], y[i], &valid);
    any_invalid |= !valid;
  }
  if (any_invalid) {
    if (validity.empty()) validity = AllValid(n);
    // Second pass only when some row was nulled: keeps the main loop branch-free.
    for (int64_t i = 0; i < n; ++i) {
      bool valid = true;
      op(x[i], y[i], &valid);
      if (!valid) ClearBit(validity.data(), i);
    }
  }
  return Column::FromBuffers(out_type, n, std::move(validity), std::move(values));
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
