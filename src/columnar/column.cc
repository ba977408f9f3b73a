#include "columnar/column.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#include "columnar/format_value.h"

namespace kindred {

namespace {
int64_t CountNulls(const Buffer& validity, int64_t length) {
  if (validity.empty()) return 0;
  int64_t valid = 0;
  int64_t full = length / 8;
  for (int64_t b = 0; b < full; ++b) valid += __builtin_popcount(validity[b]);
  for (int64_t i = full * 8; i < length; ++i) valid += GetBit(validity.data(), i);
  return length - valid;
}
}  // namespace

ColumnPtr Column::FromBuffers(DataType type, int64_t length, Buffer validity, Buffer values,
                              Buffer offsets, ColumnPtr child) {
  auto c = std::make_shared<Column>(std::move(type), length);
  c->null_count_ = CountNulls(validity, length);
  if (c->null_count_ == 0) validity.clear();
  c->validity_ = std::move(validity);
  c->values_ = std::move(values);
  c->offsets_ = std::move(offsets);
  c->child_ = std::move(child);
  if ((c->type_.is_string_like() || c->type_.id == TypeId::kList) && c->offsets_.empty()) {
    c->offsets_.assign(sizeof(int32_t) * (length + 1), 0);
  }
  return c;
}

ColumnPtr Column::Nulls(DataType type, int64_t length) {
  ColumnBuilder b(type, length);
  for (int64_t i = 0; i < length; ++i) b.AppendNull();
  return b.Finish();
}

double Column::GetDouble(int64_t i) const {
  switch (type_.id) {
    case TypeId::kBool:
    case TypeId::kInt8: return values<int8_t>()[i];
    case TypeId::kInt16: return values<int16_t>()[i];
    case TypeId::kInt32:
    case TypeId::kDate32: return values<int32_t>()[i];
    case TypeId::kInt64:
    case TypeId::kTimestamp: return static_cast<double>(values<int64_t>()[i]);
    case TypeId::kFloat32: return values<float>()[i];
    case TypeId::kFloat64: return values<double>()[i];
    case TypeId::kDecimal128:
      return static_cast<double>(values<__int128>()[i]) / std::pow(10.0, type_.scale);
    default: return std::nan("");
  }
}

int64_t Column::GetInt64(int64_t i) const {
  switch (type_.id) {
    case TypeId::kBool:
    case TypeId::kInt8: return values<int8_t>()[i];
    case TypeId::kInt16: return values<int16_t>()[i];
    case TypeId::kInt32:
    case TypeId::kDate32: return values<int32_t>()[i];
    case TypeId::kInt64:
    case TypeId::kTimestamp: return values<int64_t>()[i];
    case TypeId::kFloat32: return static_cast<int64_t>(values<float>()[i]);
    case TypeId::kFloat64: return static_cast<int64_t>(values<double>()[i]);
    case TypeId::kDecimal128: {
      __int128 v = values<__int128>()[i];
      for (int s = 0; s < type_.scale; ++s) v /= 10;
      return static_cast<int64_t>(v);
    }
    default: return 0;
  }
}

std::string Column::FormatValue(int64_t i) const {
  switch (type_.id) {
    case TypeId::kNull: return "null";
    case TypeId::kBool: return values<uint8_t>()[i] ? "true" : "false";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64: return std::to_string(GetInt64(i));
    case TypeId::kFloat32: return FormatFloat(values<float>()[i]);
    case TypeId::kFloat64: return FormatDouble(values<double>()[i]);
    case TypeId::kString:
    case TypeId::kBinary: return std::string(GetString(i));
    case TypeId::kDate32: return FormatDate(values<int32_t>()[i]);
    case TypeId::kTimestamp: return FormatTimestamp(values<int64_t>()[i]);
    case TypeId::kDecimal128: return FormatDecimal(values<__int128>()[i], type_.scale);
    case TypeId::kList: {
      std::string out = "[";
      const int32_t* o = offsets();
      for (int32_t k = o[i]; k < o[i + 1]; ++k) {
        if (k > o[i]) out += ", ";
        out += child_->IsNull(k) ? "null" : child_->FormatValue(k);
      }
      return out + "]";
    }
  }
  return "";
}

ColumnBuilder::ColumnBuilder(DataType type, int64_t reserve) : type_(std::move(type)) {
  int w = type_.byte_width();
  if (w > 0) values_.reserve(reserve * w);
  if (type_.is_string_like() || type_.id == TypeId::kList) {
    offsets_.reserve((reserve + 1) * sizeof(int32_t));
    int32_t zero = 0;
    offsets_.resize(sizeof(int32_t));
    std::memcpy(offsets_.data(), &zero, sizeof(zero));
  }
  if (type_.id == TypeId::kList)
    child_ = std::make_unique<ColumnBuilder>(type_.element ? *type_.element : DataType::Null());
}

void ColumnBuilder::MarkValid() {
  if (!validity_.empty()) {
    if (static_cast<int64_t>(validity_.size()) * 8 <= length_) validity_.push_back(0);
    SetBit(validity_.data(), length_);
  }
  ++length_;
}

void ColumnBuilder::AppendNull() {
  if (validity_.empty()) {
    // First null: materialize the bitmap with every earlier row valid.
    validity_.assign((length_ + 8) / 8 + 1, 0);
    for (int64_t i = 0; i < length_; ++i) SetBit(validity_.data(), i);
  }
  if (static_cast<int64_t>(validity_.size()) * 8 <= length_) validity_.push_back(0);
  ClearBit(validity_.data(), length_);
  ++null_count_;
  ++length_;
  int w = type_.byte_width();
  if (w > 0) {
    values_.resize(values_.size() + w, 0);
  } else if (type_.is_string_like() || type_.id == TypeId::kList) {
    int32_t last;
    std::memcpy(&last, offsets_.data() + offsets_.size() - 4, 4);
    size_t n = offsets_.size();
    offsets_.resize(n + 4);
    std::memcpy(offsets_.data() + n, &last, 4);
  }
}

void ColumnBuilder::AppendBool(bool v) {
  if (type_.id == TypeId::kBool) {
    PushRaw<uint8_t>(v ? 1 : 0);
    MarkValid();
  } else {
    AppendInt(v ? 1 : 0);
  }
}

void ColumnBuilder::AppendInt(int64_t v) {
  switch (type_.id) {
    case TypeId::kBool: PushRaw<uint8_t>(v != 0); break;
    case TypeId::kInt8: PushRaw<int8_t>(static_cast<int8_t>(v)); break;
    case TypeId::kInt16: PushRaw<int16_t>(static_cast<int16_t>(v)); break;
    case TypeId::kInt32:
    case TypeId::kDate32: PushRaw<int32_t>(static_cast<int32_t>(v)); break;
    case TypeId::kInt64:
    case TypeId::kTimestamp: PushRaw<int64_t>(v); break;
    case TypeId::kFloat32: PushRaw<float>(static_cast<float>(v)); break;
    case TypeId::kFloat64: PushRaw<double>(static_cast<double>(v)); break;
    case TypeId::kDecimal128: {
      __int128 x = v;
      for (int s = 0; s < type_.scale; ++s) x *= 10;
      PushRaw<__int128>(x);
      break;
    }
    default: AppendString(std::to_string(v)); return;
  }
  MarkValid();
}

void ColumnBuilder::AppendDouble(double v) {
  switch (type_.id) {
    case TypeId::kFloat32: PushRaw<float>(static_cast<float>(v)); break;
    case TypeId::kFloat64: PushRaw<double>(v); break;
    case TypeId::kDecimal128: {
      PushRaw<__int128>(static_cast<__int128>(std::llround(v * std::pow(10.0, type_.scale))));
      break;
    }
    default:
      if (type_.is_integer() || type_.id == TypeId::kBool) {
        AppendInt(static_cast<int64_t>(v));
        return;
      }
      AppendString(FormatDouble(v));
      return;
  }
  MarkValid();
}

void ColumnBuilder::AppendDecimal(__int128 v) {
  PushRaw<__int128>(v);
  MarkValid();
}

void ColumnBuilder::AppendString(std::string_view v) {
  size_t n = values_.size();
  values_.resize(n + v.size());
  if (!v.empty()) std::memcpy(values_.data() + n, v.data(), v.size());
  int32_t end = static_cast<int32_t>(values_.size());
  size_t m = offsets_.size();
  offsets_.resize(m + 4);
  std::memcpy(offsets_.data() + m, &end, 4);
  MarkValid();
}

ColumnBuilder& ColumnBuilder::child_builder() { return *child_; }

void ColumnBuilder::AppendListEnd() {
  int32_t end = static_cast<int32_t>(child_->length());
  size_t m = offsets_.size();
  offsets_.resize(m + 4);
  std::memcpy(offsets_.data() + m, &end, 4);
  MarkValid();
}

void ColumnBuilder::AppendFrom(const Column& src, int64_t row) {
  if (src.IsNull(row)) {
    AppendNull();
    return;
  }
  if (src.type().is_string_like()) {
    AppendString(src.GetString(row));
    return;
  }
  if (src.type().id == TypeId::kList) {
    const int32_t* o = src.offsets();
    for (int32_t k = o[row]; k < o[row + 1]; ++k) child_->AppendFrom(*src.child(), k);
    AppendListEnd();
    return;
  }
  if (src.type().id == TypeId::kNull) {
    AppendNull();
    return;
  }
  int w = type_.byte_width();
  size_t n = values_.size();
  values_.resize(n + w);
  std::memcpy(values_.data() + n, src.values_buffer().data() + row * w, w);
  MarkValid();
}

ColumnPtr ColumnBuilder::Finish() {
  if (!validity_.empty()) validity_.resize((length_ + 7) / 8);
  ColumnPtr child = child_ ? child_->Finish() : nullptr;
  auto c = Column::FromBuffers(type_, length_, std::move(validity_), std::move(values_),
                               std::move(offsets_), std::move(child));
  *this = ColumnBuilder(type_);
  return c;
}

ColumnPtr TakeColumn(const Column& col, const int64_t* idx, int64_t n) {
  const DataType& t = col.type();
  int w = t.byte_width();
  bool any_null = col.has_nulls();
  for (int64_t i = 0; i < n && !any_null; ++i) any_null = idx[i] < 0;
  Buffer validity;
  if (any_null) {
    validity.assign((n + 7) / 8, 0);
    for (int64_t i = 0; i < n; ++i)
      if (idx[i] >= 0 && col.IsValid(idx[i])) SetBit(validity.data(), i);
  }
  if (w > 0) {
    Buffer values(n * w);
    const uint8_t* src = col.values_buffer().data();
    uint8_t* dst = values.data();
    // Specialised widths keep this loop free of memcpy calls.
    switch (w) {
      case 1:
        for (int64_t i = 0; i < n; ++i) dst[i] = idx[i] >= 0 ? src[idx[i]] : 0;
        break;
      case 4: {
        auto* s = reinterpret_cast<const int32_t*>(src);
        auto* d = reinterpret_cast<int32_t*>(dst);
        for (int64_t i = 0; i < n; ++i) d[i] = idx[i] >= 0 ? s[idx[i]] : 0;
        break;
      }
      case 8: {
        auto* s = reinterpret_cast<const int64_t*>(src);
        auto* d = reinterpret_cast<int64_t*>(dst);
        for (int64_t i = 0; i < n; ++i) d[i] = idx[i] >= 0 ? s[idx[i]] : 0;
        break;
      }
      default:
        for (int64_t i = 0; i < n; ++i) {
          if (idx[i] >= 0) std::memcpy(dst + i * w, src + idx[i] * w, w);
          else std::memset(dst + i * w, 0, w);
        }
    }
    return Column::FromBuffers(t, n, std::move(validity), std::move(values));
  }
  if (t.is_string_like()) {
    const int32_t* so = col.offsets();
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i)
      if (idx[i] >= 0) total += so[idx[i] + 1] - so[idx[i]];
    Buffer offsets((n + 1) * 4);
    Buffer bytes(total);
    auto* o = reinterpret_cast<int32_t*>(offsets.data());
    const uint8_t* src = col.values_buffer().data();
    int32_t pos = 0;
    o[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (idx[i] >= 0) {
        int32_t len = so[idx[i] + 1] - so[idx[i]];
        std::memcpy(bytes.data() + pos, src + so[idx[i]], len);
        pos += len;
      }
      o[i + 1] = pos;
    }
    return Column::FromBuffers(t, n, std::move(validity), std::move(bytes), std::move(offsets));
  }
  ColumnBuilder b(t, n);
  for (int64_t i = 0; i < n; ++i) {
    if (idx[i] < 0) b.AppendNull();
    else b.AppendFrom(col, idx[i]);
  }
  return b.Finish();
}

ColumnPtr TakeColumn(const Column& col, const std::vector<int64_t>& indices) {
  return TakeColumn(col, indices.data(), static_cast<int64_t>(indices.size()));
}

ColumnPtr SliceColumn(const Column& col, int64_t offset, int64_t length) {
  const DataType& t = col.type();
  const int w = t.byte_width();
  if (w == 0 && !t.is_string_like()) {
    // Lists and nulls: the general gather.
    std::vector<int64_t> idx(length);
    for (int64_t i = 0; i < length; ++i) idx[i] = offset + i;
    return TakeColumn(col, idx);
  }
  // Contiguous rows: whole-buffer copies, so result streaming slices batches cheaply.
  Buffer validity;
  if (col.has_nulls()) {
    validity.assign((length + 7) / 8, 0);
    const uint8_t* src = col.validity_buffer().data();
    for (int64_t i = 0; i < length; ++i)
      if (GetBit(src, offset + i)) SetBit(validity.data(), i);
  }
  if (w > 0) {
    Buffer values(static_cast<size_t>(length) * w);
    if (length > 0) std::memcpy(values.data(), col.values_buffer().data() + offset * w, length * w);
    return Column::FromBuffers(t, length, std::move(validity), std::move(values));
  }
  const int32_t* so = col.offsets();
  const int32_t base = so[offset];
  Buffer offsets(static_cast<size_t>(length + 1) * sizeof(int32_t));
  auto* o = reinterpret_cast<int32_t*>(offsets.data());
  for (int64_t i = 0; i <= length; ++i) o[i] = so[offset + i] - base;
  const int32_t bytes = so[offset + length] - base;
  Buffer data(bytes);
  if (bytes > 0) std::memcpy(data.data(), col.values_buffer().data() + base, bytes);
  return Column::FromBuffers(t, length, std::move(validity), std::move(data), std::move(offsets));
}

ColumnPtr ConcatColumns(const std::vector<ColumnPtr>& cols) {
  if (cols.size() == 1) return cols[0];
  DataType t = cols.empty() ? DataType::Null() : cols[0]->type();
  int64_t total = 0;
  for (auto& c : cols) total += c->length();
  ColumnBuilder b(t, total);
  for (auto& c : cols)
    for (int64_t i = 0; i < c->length(); ++i) b.AppendFrom(*c, i);
  return b.Finish();
}

}  // namespace kindred
