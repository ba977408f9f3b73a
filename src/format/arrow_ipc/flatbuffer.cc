#include "format/arrow_ipc/flatbuffer.h"

#include <algorithm>

namespace kindred::fb {

void Builder::Grow(size_t n) {
  size_t used = Size();
  size_t cap = std::max(buf_.size() * 2, used + n + 64);
  std::vector<uint8_t> bigger(cap);
  std::memcpy(bigger.data() + cap - used, buf_.data() + head_, used);
  buf_.swap(bigger);
  head_ = cap - used;
}

Builder::Ref Builder::CreateString(std::string_view s) {
  // Layout: uint32 length, bytes, NUL terminator; the length word is 4-aligned.
  Align(4, s.size() + 1);
  PushZeros(1);
  PushBytes(s.data(), s.size());
  uint32_t len = static_cast<uint32_t>(s.size());
  PushBytes(&len, 4);
  return static_cast<Ref>(Size());
}

Builder::Ref Builder::CreateOffsetVector(const std::vector<Ref>& refs) {
  Align(4, refs.size() * 4);
  for (size_t i = refs.size(); i-- > 0;) PushUOffset(refs[i]);
  uint32_t n = static_cast<uint32_t>(refs.size());
  PushBytes(&n, 4);
  return static_cast<Ref>(Size());
}

Builder::Ref Builder::CreateStructVector(const void* data, size_t elem_size, size_t count,
                                         size_t align) {
  align = std::max<size_t>(align, 4);
  Align(align, elem_size * count);
  PushBytes(data, elem_size * count);
  uint32_t n = static_cast<uint32_t>(count);
  PushBytes(&n, 4);
  return static_cast<Ref>(Size());
}

void Builder::StartTable() {
  fields_.clear();
  table_start_ = Size();
}

void Builder::AddOffset(int field_id, Ref target) {
  PushUOffset(target);
  RecordField(field_id);
}

Builder::Ref Builder::EndTable() {
  Align(4);
  int32_t placeholder = 0;
  PushBytes(&placeholder, 4);
  Ref table = static_cast<Ref>(Size());
  int num = 0;
  for (const FieldLoc& f : fields_) num = std::max(num, f.id + 1);
  std::vector<uint16_t> vt(2 + num, 0);
  vt[0] = static_cast<uint16_t>(4 + 2 * num);
  vt[1] = static_cast<uint16_t>(table - table_start_);
  for (const FieldLoc& f : fields_) vt[2 + f.id] = static_cast<uint16_t>(table - f.pos);
  PushBytes(vt.data(), vt.size() * 2);
  int32_t soffset = static_cast<int32_t>(Size() - table);
  std::memcpy(buf_.data() + buf_.size() - table, &soffset, 4);
  fields_.clear();
  return table;
}

std::string Builder::Finish(Ref root) {
  // Total size a multiple of 8 makes end-relative alignment equal start-relative alignment.
  Align(8, 4);
  PushUOffset(root);
  return std::string(reinterpret_cast<const char*>(buf_.data() + head_), Size());
}

Status Table::Bad(const char* problem) const {
  return InvalidArgument("malformed Arrow ", what_, " metadata: ", problem);
}

Result<Table> Table::Root(std::string_view buf, const char* what) {
  const auto* data = reinterpret_cast<const uint8_t*>(buf.data());
  if (buf.size() < 8) return InvalidArgument("malformed Arrow ", what, " metadata: too short");
  uint32_t root;
  std::memcpy(&root, data, 4);
  return At(data, buf.size(), root, what);
}

Result<Table> Table::At(const uint8_t* data, size_t size, size_t pos, const char* what) {
  Table t(data, size, pos, what);
  if (pos > size || size - pos < 4) return t.Bad("table offset out of bounds");
  int32_t soffset;
  std::memcpy(&soffset, data + pos, 4);
  int64_t vt = static_cast<int64_t>(pos) - soffset;
  if (vt < 0 || vt + 4 > static_cast<int64_t>(size)) return t.Bad("vtable out of bounds");
  uint16_t vt_size, table_size;
  std::memcpy(&vt_size, data + vt, 2);
  std::memcpy(&table_size, data + vt + 2, 2);
  if (vt_size < 4 || (vt_size & 1) || vt + vt_size > static_cast<int64_t>(size))
    return t.Bad("bad vtable size");
  if (table_size < 4 || pos + table_size > size) return t.Bad("table extends past the buffer");
  t.vtable_ = static_cast<size_t>(vt);
  t.vtable_size_ = vt_size;
  t.table_size_ = table_size;
  return t;
}

uint32_t Table::FieldOffset(int id) const {
  if (!valid()) return 0;
  uint32_t slot = 4 + 2 * static_cast<uint32_t>(id);
  if (slot + 2 > vtable_size_) return 0;
  uint16_t off;
  std::memcpy(&off, data_ + vtable_ + slot, 2);
  return off;
}

Result<size_t> Table::Deref(size_t at) const {
  if (at > size_ || size_ - at < 4) return Bad("offset out of bounds");
  uint32_t rel;
  std::memcpy(&rel, data_ + at, 4);
  size_t target = at + rel;
  if (target > size_ || size_ - target < 4) return Bad("offset points past the buffer");
  return target;
}

Result<Table> Table::SubTable(int id) const {
  uint32_t off = FieldOffset(id);
  if (off == 0) return Table();
  if (off + 4 > table_size_) return Bad("offset field outside its table");
  ASSIGN_OR_RETURN(size_t target, Deref(pos_ + off));
  return At(data_, size_, target, what_);
}

Result<std::string_view> Table::String(int id) const {
  uint32_t off = FieldOffset(id);
  if (off == 0) return std::string_view();
  if (off + 4 > table_size_) return Bad("offset field outside its table");
  ASSIGN_OR_RETURN(size_t target, Deref(pos_ + off));
  uint32_t len = Load<uint32_t>(target);
  if (len > size_ - target - 4) return Bad("string extends past the buffer");
  return std::string_view(reinterpret_cast<const char*>(data_ + target + 4), len);
}

Result<Table::Vector> Table::VectorField(int id, size_t elem_size) const {
  uint32_t off = FieldOffset(id);
  if (off == 0) return Vector();
  if (off + 4 > table_size_) return Bad("offset field outside its table");
  ASSIGN_OR_RETURN(size_t target, Deref(pos_ + off));
  uint32_t count = Load<uint32_t>(target);
  if (static_cast<uint64_t>(count) * elem_size > size_ - target - 4)
    return Bad("vector extends past the buffer");
  return Vector{target + 4, count};
}

Result<Table> Table::TableAt(const Vector& v, uint32_t i) const {
  if (i >= v.count) return Bad("vector index out of range");
  ASSIGN_OR_RETURN(size_t target, Deref(v.start + 4 * static_cast<size_t>(i)));
  return At(data_, size_, target, what_);
}

Result<std::string_view> Table::StringAt(const Vector& v, uint32_t i) const {
  if (i >= v.count) return Bad("vector index out of range");
  ASSIGN_OR_RETURN(size_t target, Deref(v.start + 4 * static_cast<size_t>(i)));
  uint32_t len = Load<uint32_t>(target);
  if (len > size_ - target - 4) return Bad("string extends past the buffer");
  return std::string_view(reinterpret_cast<const char*>(data_ + target + 4), len);
}

}  // namespace kindred::fb
