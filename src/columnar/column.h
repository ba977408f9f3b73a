// Column: one typed, immutable array of values with a validity bitmap, in Arrow's layout so
// Arrow IPC writing is buffer copies:
//  - validity: LSB-first bitmap, bit i set = row i valid; empty buffer = no nulls;
//  - fixed-width types: `values` holds length * byte_width bytes (bool: one byte per value);
//  - string/binary: `offsets` holds length+1 int32, `values` holds the bytes;
//  - list: `offsets` holds length+1 int32 into `child`.
// Columns are shared as ColumnPtr (shared_ptr<const Column>) and never mutated after Finish().
// Safe for concurrent reads from multiple threads.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "columnar/types.h"

namespace kindred {

// 64-byte aligned growable byte buffer (Arrow recommends 64-byte alignment for SIMD).
// Elements are default-initialised: Buffer(n) and resize(n) do not zero-fill, since kernels
// write every byte of their outputs and zeroing every new column cost a tenth of a query's
// time. Code that needs zeros says so: resize(n, 0), assign(n, 0), Buffer(n, 0).
// Building with -DKINDRED_POISON_BUFFERS fills new buffers with garbage instead, so that tests
// expose any code that still counts on zeros.
template <typename T>
struct AlignedAllocator {
  using value_type = T;
  AlignedAllocator() = default;
  template <typename U>
  AlignedAllocator(const AlignedAllocator<U>&) {}
  T* allocate(size_t n) {
    T* p = static_cast<T*>(::operator new(n * sizeof(T), std::align_val_t(64)));
#ifdef KINDRED_POISON_BUFFERS
    std::memset(static_cast<void*>(p), 0xA5, n * sizeof(T));
#endif
    return p;
  }
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  void deallocate(T* p, size_t) { ::operator delete(p, std::align_val_t(64)); }
  template <typename U>
  bool operator==(const AlignedAllocator<U>&) const { return true; }
};
using Buffer = std::vector<uint8_t, AlignedAllocator<uint8_t>>;

inline bool GetBit(const uint8_t* bits, int64_t i) { return (bits[i >> 3] >> (i & 7)) & 1; }
inline void SetBit(uint8_t* bits, int64_t i) { bits[i >> 3] |= uint8_t(1u << (i & 7)); }
inline void ClearBit(uint8_t* bits, int64_t i) { bits[i >> 3] &= uint8_t(~(1u << (i & 7))); }

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

class Column {
 public:
  Column() = default;
  Column(DataType type, int64_t length) : type_(std::move(type)), length_(length) {}

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }
  int64_t null_count() const { return null_count_; }
  bool has_nulls() const { return null_count_ > 0; }
  bool IsValid(int64_t i) const { return validity_.empty() || GetBit(validity_.data(), i); }
  bool IsNull(int64_t i) const { return !IsValid(i); }

  template <typename T>
  const T* values() const { return reinterpret_cast<const T*>(values_.data()); }
  template <typename T>
  T Value(int64_t i) const { return values<T>()[i]; }
  const int32_t* offsets() const { return reinterpret_cast<const int32_t*>(offsets_.data()); }
  // String/binary value i (empty for a null).
  std::string_view GetString(int64_t i) const {
    const int32_t* o = offsets();
    return std::string_view(reinterpret_cast<const char*>(values_.data()) + o[i], o[i + 1] - o[i]);
  }
  const ColumnPtr& child() const { return child_; }

  // Raw buffers, for writers and kernels.
  const Buffer& validity_buffer() const { return validity_; }
  const Buffer& values_buffer() const { return values_; }
  const Buffer& offsets_buffer() const { return offsets_; }

  // Assembles a column from buffers (validity may be empty). Counts the nulls.
  static ColumnPtr FromBuffers(DataType type, int64_t length, Buffer validity, Buffer values,
                               Buffer offsets = {}, ColumnPtr child = nullptr);
  // A column of `length` nulls of `type`.
  static ColumnPtr Nulls(DataType type, int64_t length);

  // Numeric value i widened to double / int64 (any integer, float, decimal, date, bool).
  double GetDouble(int64_t i) const;
  int64_t GetInt64(int64_t i) const;

  // Value i as Spark's `show()` / CSV writer print it; "null" handling is the caller's.
  std::string FormatValue(int64_t i) const;

 private:
  friend class ColumnBuilder;
  DataType type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  Buffer validity_;
  Buffer values_;
  Buffer offsets_;
  ColumnPtr child_;
};

// Appends values of one type and produces a Column. Not thread-safe; use one per thread.
// The typed Append* methods convert where it is lossless and obvious (AppendInt into a double
// column); appending a wrong kind of value (a string into an int column) is a programming error.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(DataType type, int64_t reserve = 0);

  const DataType& type() const { return type_; }
  int64_t length() const { return length_; }

  void AppendNull();
  void AppendBool(bool v);
  void AppendInt(int64_t v);       // any integer, date32 (days), timestamp (micros)
  void AppendDouble(double v);     // float32/float64
  void AppendDecimal(__int128 v);  // unscaled
  void AppendString(std::string_view v);  // string/binary
  // Copies row `row` of `src` (same type; for lists, the whole element list).
  void AppendFrom(const Column& src, int64_t row);
  // Appends an empty list entry; fill its elements through child_builder() first.
  void AppendListEnd();
  ColumnBuilder& child_builder();

  // Finishes the column and resets the builder.
  ColumnPtr Finish();

 private:
  void MarkValid();
  template <typename T>
  void PushRaw(T v) {
    size_t n = values_.size();
    values_.resize(n + sizeof(T));
    std::memcpy(values_.data() + n, &v, sizeof(T));
  }
  DataType type_;
  int64_t length_ = 0;
  int64_t null_count_ = 0;
  Buffer validity_;  // built lazily once the first null arrives
  Buffer values_;
  Buffer offsets_;
  std::unique_ptr<ColumnBuilder> child_;
};

// Gathers rows `indices` of `col` (an index of -1 yields a null).
ColumnPtr TakeColumn(const Column& col, const int64_t* indices, int64_t n);
ColumnPtr TakeColumn(const Column& col, const std::vector<int64_t>& indices);
// Rows [offset, offset+length) as a new column.
ColumnPtr SliceColumn(const Column& col, int64_t offset, int64_t length);
// Concatenates columns of the same type.
ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& cols);

}  // namespace kindred
