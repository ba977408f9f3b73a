#include "columnar/table.h"

#include <algorithm>
#include <cassert>


namespace kindred {

Table::Table(Schema schema, std::vector<ColumnPtr> columns, int64_t num_rows)
    : schema_(std::move(schema)), columns_(std::move(columns)), num_rows_(num_rows) {
  assert(static_cast<int>(columns_.size()) == schema_.num_fields());
}

TablePtr Table::Make(Schema schema, std::vector<ColumnPtr> columns) {
  int64_t n = columns.empty() ? 0 : columns[0]->length();
  return std::make_shared<Table>(std::move(schema), std::move(columns), n);
}

Result<TablePtr> Table::MakeChecked(Schema schema, std::vector<ColumnPtr> columns) {
  if (static_cast<int>(columns.size()) != schema.num_fields())
    return InvalidArgument("table has ", columns.size(), " columns but its schema has ",
                           schema.num_fields(), " fields");
  int64_t n = columns.empty() ? 0 : columns[0]->length();
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i]->length() != n)
      return InvalidArgument("column '", schema.field(i).name, "' has ", columns[i]->length(),
                             " rows, expected ", n);
    if (columns[i]->type() != schema.field(i).type)
      return InvalidArgument("column '", schema.field(i).name, "' has type ",
                             columns[i]->type().ToString(), ", schema says ",
                             schema.field(i).type.ToString());
  }
  return std::make_shared<Table>(std::move(schema), std::move(columns), n);
}

TablePtr Table::Empty(const Schema& schema) {
  std::vector<ColumnPtr> cols;
  for (const auto& f : schema.fields()) cols.push_back(ColumnBuilder(f.type).Finish());
  return std::make_shared<Table>(schema, std::move(cols), 0);
}

Result<int> Table::ColumnIndex(std::string_view name) const {
  int i = schema_.FindField(name);
  if (i < 0)
    return NotFound("column '", name, "' not found; available columns: ",
                    StrJoin(schema_.names(), ", "));
  return i;
}

Result<ColumnPtr> Table::GetColumn(std::string_view name) const {
  ASSIGN_OR_RETURN(int i, ColumnIndex(name));
  return columns_[i];
}

TablePtr Table::Slice(int64_t offset, int64_t length) const {
  offset = std::clamp<int64_t>(offset, 0, num_rows_);
  length = std::clamp<int64_t>(length, 0, num_rows_ - offset);
  if (offset == 0 && length == num_rows_) return std::make_shared<Table>(*this);
  std::vector<ColumnPtr> cols;
  for (auto& c : columns_) cols.push_back(SliceColumn(*c, offset, length));
  return std::make_shared<Table>(schema_, std::move(cols), length);
}

TablePtr Table::Take(const std::vector<int64_t>& indices) const {
  std::vector<ColumnPtr> cols;
  for (auto& c : columns_) cols.push_back(TakeColumn(*c, indices));
  return std::make_shared<Table>(schema_, std::move(cols), static_cast<int64_t>(indices.size()));
}

TablePtr Table::AddColumns(const std::vector<Field>& fields,
                           const std::vector<ColumnPtr>& cols) const {
  Schema s = schema_;
  std::vector<ColumnPtr> all = columns_;
  for (size_t i = 0; i < fields.size(); ++i) {
    s.AddField(fields[i]);
    all.push_back(cols[i]);
  }
  return std::make_shared<Table>(std::move(s), std::move(all), num_rows_);
}

TablePtr Table::SelectColumns(const std::vector<int>& indices) const {
  Schema s;
  std::vector<ColumnPtr> cols;
  for (int i : indices) {
    s.AddField(schema_.field(i));
    cols.push_back(columns_[i]);
  }
  return std::make_shared<Table>(std::move(s), std::move(cols), num_rows_);
}

TablePtr Table::RenameColumns(const std::vector<std::string>& names) const {
  std::vector<Field> fields = schema_.fields();
  for (size_t i = 0; i < fields.size() && i < names.size(); ++i) fields[i].name = names[i];
  return std::make_shared<Table>(Schema(std::move(fields)), columns_, num_rows_);
}

Result<TablePtr> Table::Concat(const std::vector<TablePtr>& tables) {
  if (tables.empty()) return InvalidArgument("cannot concatenate zero tables");
  if (tables.size() == 1) return tables[0];
  const Schema& s = tables[0]->schema();
  std::vector<ColumnPtr> cols;
  int64_t total = 0;
  for (auto& t : tables) {
    if (t->num_columns() != s.num_fields())
      return InvalidArgument("cannot concatenate tables with ", s.num_fields(), " and ",
                             t->num_columns(), " columns");
    total += t->num_rows();
  }
  for (int c = 0; c < s.num_fields(); ++c) {
    std::vector<ColumnPtr> parts;
    for (auto& t : tables) {
      if (t->column(c)->type() != s.field(c).type)
        return InvalidArgument("column '", s.field(c).name, "' has type ",
                               t->column(c)->type().ToString(), " in one table and ",
                               s.field(c).type.ToString(), " in another");
      parts.push_back(t->column(c));
    }
    cols.push_back(ConcatColumns(parts));
  }
  return std::make_shared<Table>(s, std::move(cols), total);
}

}  // namespace kindred
