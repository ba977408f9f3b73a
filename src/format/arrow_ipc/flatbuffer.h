// A minimal FlatBuffers encoder and a bounds-checked decoder, just enough for Arrow IPC metadata
// (Schema.fbs / Message.fbs): tables with scalar, offset and union fields, strings, vectors of
// offsets and vectors of structs. Kindred carries its own so that no schema compiler or
// FlatBuffers library is needed; field ids are the positions given in the .fbs files.
// Wire facts relied on: little-endian; a uoffset (uint32) points forward from where it is
// stored; a table starts with an int32 soffset to its vtable (vtable = table - soffset); a vtable
// is uint16 [vtable bytes, table bytes, field offsets...] with 0 meaning "absent, use default".
// Neither class is thread-safe; use one per thread.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"

namespace kindred::fb {

// Builds a buffer back to front, as FlatBuffers does, so children are written before parents
// and every uoffset points forward. An "Ref" is a position counted from the end of the buffer.
class Builder {
 public:
  using Ref = uint32_t;

  Builder() {
    buf_.resize(256);
    head_ = buf_.size();
  }

  Ref CreateString(std::string_view s);
  // A vector of uoffsets to tables or strings.
  Ref CreateOffsetVector(const std::vector<Ref>& refs);
  // A vector of `count` structs of `elem_size` bytes each, aligned to `align`.
  Ref CreateStructVector(const void* data, size_t elem_size, size_t count, size_t align);

  // Table building: StartTable(), then Add*() in any order, then EndTable().
  void StartTable();
  template <typename T>
  void AddScalar(int field_id, T value) {
    Align(sizeof(T));
    PushBytes(&value, sizeof(T));
    RecordField(field_id);
  }
  void AddBool(int field_id, bool v) { AddScalar<uint8_t>(field_id, v ? 1 : 0); }
  void AddOffset(int field_id, Ref target);
  Ref EndTable();

  // Writes the root uoffset and returns the finished buffer (its size a multiple of 8).
  std::string Finish(Ref root);

 private:
  size_t Size() const { return buf_.size() - head_; }
  void Grow(size_t n);
  void PushBytes(const void* p, size_t n) {
    if (head_ < n) Grow(n);
    head_ -= n;
    std::memcpy(buf_.data() + head_, p, n);
  }
  void PushZeros(size_t n) {
    if (head_ < n) Grow(n);
    head_ -= n;
    std::memset(buf_.data() + head_, 0, n);
  }
  // Pads so that Size() + extra is a multiple of `align`.
  void Align(size_t align, size_t extra = 0) {
    if (align > max_align_) max_align_ = align;
    PushZeros((align - ((Size() + extra) % align)) % align);
  }
  void PushUOffset(Ref target) {
    Align(4);
    uint32_t v = static_cast<uint32_t>(Size() + 4 - target);
    PushBytes(&v, 4);
  }
  void RecordField(int field_id) { fields_.push_back({field_id, static_cast<Ref>(Size())}); }

  std::vector<uint8_t> buf_;
  size_t head_ = 0;
  size_t max_align_ = 1;
  size_t table_start_ = 0;
  struct FieldLoc {
    int id;
    Ref pos;
  };
  std::vector<FieldLoc> fields_;
};

// A read-only view of a table inside an untrusted buffer. Every accessor checks bounds and
// reports malformed input as InvalidArgument naming `what` it was reading.
class Table {
 public:
  Table() = default;

  // The root table of a finished buffer.
  static Result<Table> Root(std::string_view buf, const char* what);

  bool valid() const { return data_ != nullptr; }

  // Scalar field `id`, or `def` when absent.
  template <typename T>
  Result<T> Scalar(int id, T def) const {
    uint32_t off = FieldOffset(id);
    if (off == 0) return def;
    if (off + sizeof(T) > table_size_) return Bad("scalar field outside its table");
    T v;
    std::memcpy(&v, data_ + pos_ + off, sizeof(T));
    return v;
  }
  // Sub-table field `id`; an invalid Table (valid() false) when absent.
  Result<Table> SubTable(int id) const;
  // String field `id`; empty when absent.
  Result<std::string_view> String(int id) const;

  // Vector field `id`: position of its first element and element count (count 0 when absent).
  struct Vector {
    size_t start = 0;
    uint32_t count = 0;
  };
  Result<Vector> VectorField(int id, size_t elem_size) const;
  // Element `i` of a vector of tables.
  Result<Table> TableAt(const Vector& v, uint32_t i) const;
  // Element `i` of a vector of strings.
  Result<std::string_view> StringAt(const Vector& v, uint32_t i) const;
  // Raw bytes at absolute position `pos` (already bounds-checked by VectorField).
  template <typename T>
  T Load(size_t pos) const {
    T v;
    std::memcpy(&v, data_ + pos, sizeof(T));
    return v;
  }

 private:
  Table(const uint8_t* data, size_t size, size_t pos, const char* what)
      : data_(data), size_(size), pos_(pos), what_(what) {}
  static Result<Table> At(const uint8_t* data, size_t size, size_t pos, const char* what);
  uint32_t FieldOffset(int id) const;
  // Follows the uoffset stored at absolute position `at`.
  Result<size_t> Deref(size_t at) const;
  Status Bad(const char* problem) const;

  const uint8_t* data_ = nullptr;
  size_t size_ = 0;
  size_t pos_ = 0;
  size_t vtable_ = 0;
  uint32_t vtable_size_ = 0;
  uint32_t table_size_ = 0;
  const char* what_ = "";
};

}  // namespace kindred::fb
