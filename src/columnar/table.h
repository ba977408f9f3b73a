// Table: the one table type of Kindred. A schema plus one column per field, all of the same
// length. Immutable once made; shared as TablePtr. Operators that stream data pass Tables as
// batches (a batch is a Table). Safe for concurrent reads from multiple threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "columnar/types.h"

namespace kindred {

class Table;
using TablePtr = std::shared_ptr<const Table>;

class Table {
 public:
  Table() = default;
  // Columns must match the schema in number, type and length (checked in debug builds).
  Table(Schema schema, std::vector<ColumnPtr> columns, int64_t num_rows);
  static TablePtr Make(Schema schema, std::vector<ColumnPtr> columns);
  // Checked construction: returns InvalidArgument when the columns do not fit the schema.
  static Result<TablePtr> MakeChecked(Schema schema, std::vector<ColumnPtr> columns);
  static TablePtr Empty(const Schema& schema);

  const Schema& schema() const { return schema_; }
  int num_columns() const { return static_cast<int>(columns_.size()); }
  int64_t num_rows() const { return num_rows_; }
  const ColumnPtr& column(int i) const { return columns_[i]; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }

  // Index of column `name` (exact, then case-insensitive). NotFound names the column and
  // lists the available ones.
  Result<int> ColumnIndex(std::string_view name) const;
  Result<ColumnPtr> GetColumn(std::string_view name) const;

  // Rows [offset, offset+length), clamped to the table.
  TablePtr Slice(int64_t offset, int64_t length) const;
  // Rows at `indices` (-1 = a row of nulls).
  TablePtr Take(const std::vector<int64_t>& indices) const;
  // The same data with extra columns appended / some selected.
  TablePtr AddColumns(const std::vector<Field>& fields, const std::vector<ColumnPtr>& cols) const;
  TablePtr SelectColumns(const std::vector<int>& indices) const;
  TablePtr RenameColumns(const std::vector<std::string>& names) const;

  // Concatenates tables with equal schemas (types must match).
  static Result<TablePtr> Concat(const std::vector<TablePtr>& tables);

 private:
  Schema schema_;
  std::vector<ColumnPtr> columns_;
  int64_t num_rows_ = 0;
};

}  // namespace kindred
