// A small result table built column by column (catalog calls and SQL statements answer with
// a few rows of names and flags).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "columnar/column.h"
#include "columnar/table.h"

namespace kindred::connect {

class OutputTable {
 public:
  // A string column; std::nullopt cells are nulls.
  void AddStrings(const std::string& name, const std::vector<std::optional<std::string>>& values,
                  bool nullable = true) {
    ColumnBuilder b(DataType::String());
    for (const auto& v : values) {
      if (v) {
        b.AppendString(*v);
      } else {
        b.AppendNull();
      }
    }
    Add(name, DataType::String(), b.Finish(), nullable);
  }
  void AddBools(const std::string& name, const std::vector<bool>& values) {
    ColumnBuilder b(DataType::Bool());
    for (bool v : values) b.AppendBool(v);
    Add(name, DataType::Bool(), b.Finish(), /*nullable=*/false);
  }
  // One list of strings per row.
  void AddStringLists(const std::string& name, const std::vector<std::vector<std::string>>& rows) {
    DataType type = DataType::List(DataType::String());
    ColumnBuilder b(type);
    for (const auto& row : rows) {
      for (const auto& s : row) b.child_builder().AppendString(s);
      b.AppendListEnd();
    }
    Add(name, type, b.Finish(), /*nullable=*/true);
  }
  TablePtr Finish() { return Table::Make(schema_, std::move(columns_)); }

 private:
  void Add(const std::string& name, DataType type, ColumnPtr col, bool nullable) {
    schema_.AddField(Field{name, std::move(type), nullable});
    columns_.push_back(std::move(col));
  }
  Schema schema_;
  std::vector<ColumnPtr> columns_;
};

}  // namespace kindred::connect
