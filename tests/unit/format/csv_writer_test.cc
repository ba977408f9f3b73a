#include <gtest/gtest.h>

#include <filesystem>

#include "columnar/format_value.h"
#include "common/file_util.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"

namespace kindred {
namespace {

TablePtr SampleTable() {
  ColumnBuilder s(DataType::String()), i(DataType::Int64()), d(DataType::Float64()),
      b(DataType::Bool()), dt(DataType::Date32()), m(DataType::Decimal(10, 2));
  const char* strings[] = {"plain", "with,comma", "say \"hi\"", "two\nlines", "", nullptr};
  for (int r = 0; r < 6; ++r) {
    if (strings[r]) {
      s.AppendString(strings[r]);
    } else {
      s.AppendNull();
    }
    if (r == 2) {
      i.AppendNull();
      d.AppendNull();
      b.AppendNull();
      dt.AppendNull();
      m.AppendNull();
      continue;
    }
    i.AppendInt(r * 1000000000LL);
    d.AppendDouble(r + 0.25);
    b.AppendBool(r % 2);
    dt.AppendInt(19000 + r);
    m.AppendDecimal(static_cast<__int128>(r) * 1234 - 5000);
  }
  Schema schema({{"s", DataType::String()},
                 {"i", DataType::Int64()},
                 {"d", DataType::Float64()},
                 {"b", DataType::Bool()},
                 {"dt", DataType::Date32()},
                 {"m", DataType::Decimal(10, 2)}});
  return Table::Make(schema,
                     {s.Finish(), i.Finish(), d.Finish(), b.Finish(), dt.Finish(), m.Finish()});
}

void ExpectSameTable(const Table& a, const Table& b) {
  ASSERT_EQ(a.num_rows(), b.num_rows());
  ASSERT_EQ(a.num_columns(), b.num_columns());
  for (int c = 0; c < a.num_columns(); ++c) {
    EXPECT_EQ(a.schema().field(c).name, b.schema().field(c).name);
    EXPECT_EQ(a.column(c)->type(), b.column(c)->type());
    for (int64_t r = 0; r < a.num_rows(); ++r) {
      ASSERT_EQ(a.column(c)->IsNull(r), b.column(c)->IsNull(r)) << c << "," << r;
      if (a.column(c)->IsValid(r)) {
        EXPECT_EQ(a.column(c)->FormatValue(r), b.column(c)->FormatValue(r)) << c << "," << r;
      }
    }
  }
}

TEST(CsvWriter, QuotesOnlyWhenNeeded) {
  TablePtr t = SampleTable();
  std::string text = WriteCsvString(*t, {});
  EXPECT_EQ(text.substr(0, text.find('\n')), "s,i,d,b,dt,m");
  EXPECT_NE(text.find("\nplain,0,0.25,false,2022-01-08,-50.00\n"), std::string::npos) << text;
  EXPECT_NE(text.find("\n\"with,comma\",1000000000,1.25,true,"), std::string::npos);
  EXPECT_NE(text.find("\n\"say \"\"hi\"\"\",,,,,\n"), std::string::npos);
  EXPECT_NE(text.find("\n\"two\nlines\","), std::string::npos);
  EXPECT_NE(text.find("\n\"\",4000000000,"), std::string::npos);  // empty string stays ""
  EXPECT_NE(text.find("\n,5000000000,"), std::string::npos);      // null is the null value
}

TEST(CsvWriter, OptionsDelimiterNullValueQuoteAll) {
  TablePtr t = SampleTable();
  CsvWriteOptions o;
  o.delimiter = ';';
  o.null_value = "NULL";
  o.quote_all = true;
  o.header = false;
  std::string text = WriteCsvString(*t, o);
  EXPECT_EQ(text.substr(0, text.find('\n')),
            "\"plain\";\"0\";\"0.25\";\"false\";\"2022-01-08\";\"-50.00\"");
  EXPECT_NE(text.find("\n\"say \"\"hi\"\"\";NULL;NULL;NULL;NULL;NULL\n"), std::string::npos);
}

TEST(CsvWriter, RoundTripThroughFile) {
  TablePtr t = SampleTable();
  std::string dir = (std::filesystem::temp_directory_path() /
                     ("kindred_csv_writer_" + std::to_string(::getpid())))
                        .string();
  std::string path = dir + "/out/data.csv";
  ASSERT_TRUE(WriteCsvFile(*t, path, {}).ok());
  CsvReadOptions ro;
  ro.schema = t->schema();
  CsvReadStats stats;
  Result<TablePtr> back = ReadCsvFile(path, ro, &stats);
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(stats.bad_records, 0);
  ExpectSameTable(*t, **back);

  // With a non-empty null marker a string equal to it is quoted and survives the trip.
  ColumnBuilder s(DataType::String());
  s.AppendString("NA");
  s.AppendNull();
  TablePtr na = Table::Make(Schema({{"s", DataType::String()}}), {s.Finish()});
  CsvWriteOptions wo;
  wo.null_value = "NA";
  ASSERT_TRUE(WriteCsvFile(*na, path, wo).ok());
  ro.schema.reset();
  ro.null_value = "NA";
  back = ReadCsvFile(path, ro);
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSameTable(*na, **back);
  std::filesystem::remove_all(dir);
}

TEST(CsvWriter, LargeTableRoundTripInParallel) {
  ColumnBuilder id(DataType::Int64()), name(DataType::String());
  for (int64_t r = 0; r < 100000; ++r) {
    id.AppendInt(r);
    if (r % 13 == 0) {
      name.AppendNull();
    } else {
      name.AppendString("n\"" + std::to_string(r) + ",x");
    }
  }
  TablePtr t = Table::Make(Schema({{"id", DataType::Int64()}, {"name", DataType::String()}}),
                           {id.Finish(), name.Finish()});
  std::string text = WriteCsvString(*t, {});
  CsvReadOptions ro;
  ro.schema = t->schema();
  Result<TablePtr> back = ReadCsvString(text, ro);
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSameTable(*t, **back);
}

}  // namespace
}  // namespace kindred
