#include "er/pipe_io.h"

#include <cstdio>
#include <filesystem>

#include "common/file_util.h"
#include "format/csv/reader.h"
#include "format/csv/writer.h"
#include "format/json/reader.h"
#include "format/json/writer.h"

namespace kindred::er {

namespace fs = std::filesystem;

Result<TablePtr> ReadPipe(const Pipe& pipe, PipeReadReport* report) {
  std::string where = StrCat("pipe '", pipe.name, "'");
  std::string path = pipe.path();
  if (!FileExists(path)) return NotFound(where, ": input '", path, "' does not exist");
  std::map<std::string, std::string> props = pipe.props;
  props.erase("path");
  std::optional<Schema> schema;
  if (!pipe.schema.empty()) {
    auto s = ParseDdlSchema(pipe.schema);
    if (!s.ok()) return s.status().WithContext(where + " schema");
    schema = *s;
  }
  TablePtr table;
  int64_t bad = 0;
  if (pipe.format == "csv") {
    auto opts = CsvOptionsFromMap(props);
    if (!opts.ok()) return opts.status().WithContext(where);
    // Spark's (and so Zingg's) CSV default is no header line.
    bool has_header_key = false;
    for (const auto& [k, v] : props) has_header_key = has_header_key || EqualsIgnoreCase(k, "header");
    if (!has_header_key) opts->header = false;
    if (schema) opts->schema = schema;
    CsvReadStats stats;
    auto t = ReadCsvFiles({path}, *opts, &stats);
    if (!t.ok()) return t.status().WithContext(where);
    table = *t;
    bad = stats.bad_records;
    if (bad > 0) {
      std::fprintf(stderr, "warning: %s: %lld malformed row(s)%s%s\n", where.c_str(),
                   static_cast<long long>(bad),
                   opts->bad_records_path.empty() ? "" : ", written to ",
                   opts->bad_records_path.c_str());
      for (const auto& e : stats.first_errors) std::fprintf(stderr, "  %s\n", e.c_str());
    }
  } else if (pipe.format == "json") {
    auto opts = JsonOptionsFromMap(props);
    if (!opts.ok()) return opts.status().WithContext(where);
    if (schema) opts->schema = schema;
    auto t = ReadJsonFiles({path}, *opts, &bad);
    if (!t.ok()) return t.status().WithContext(where);
    table = *t;
    if (bad > 0)
      std::fprintf(stderr, "warning: %s: %lld malformed row(s)\n", where.c_str(),
                   static_cast<long long>(bad));
  } else {
    return InvalidArgument(where, ": format '", pipe.format, "' is not supported");
  }
  if (report) {
    report->rows = table->num_rows();
    report->bad_records = bad;
  }
  return table;
}

Result<TablePtr> ReadPipes(const std::vector<Pipe>& pipes, const std::string& source_column) {
  if (pipes.empty()) return InvalidArgument("data: no input pipe is configured");
  std::vector<TablePtr> tables;
  std::vector<std::string> first_names;
  for (const auto& p : pipes) {
    ASSIGN_OR_RETURN(TablePtr t, ReadPipe(p));
    if (tables.empty()) {
      first_names = t->schema().names();
    } else {
      const Schema first(std::vector<Field>(tables[0]->schema().fields().begin(),
                                            tables[0]->schema().fields().begin() + first_names.size()));
      if (t->schema().names() != first_names) {
        // Align by name so pipes whose columns come in another order still stack.
        std::vector<int> order;
        for (const auto& name : first.names()) {
          int i = t->schema().FindField(name);
          if (i < 0)
            return InvalidArgument("pipe '", p.name, "' has no column '", name,
                                   "', which pipe '", pipes[0].name, "' has");
          order.push_back(i);
        }
        t = t->SelectColumns(order);
      }
    }
    if (!source_column.empty()) {
      ColumnBuilder b(DataType::String(), t->num_rows());
      for (int64_t i = 0; i < t->num_rows(); ++i) b.AppendString(p.name);
      t = t->AddColumns({Field{source_column, DataType::String(), false}}, {b.Finish()});
    }
    tables.push_back(t);
  }
  return Table::Concat(tables);
}

Status WritePipe(const Pipe& pipe, const Table& table) {
  std::string path = pipe.path();
  std::string where = StrCat("output pipe '", pipe.name, "'");
  std::string mode = ToLower(pipe.mode.empty() ? "overwrite" : pipe.mode);
  if (mode != "overwrite" && mode != "append" && mode != "error" && mode != "errorifexists" &&
      mode != "ignore")
    return InvalidArgument(where, ": unknown save mode '", pipe.mode,
                           "' (overwrite, append, error, ignore)");
  bool single_file = path.ends_with(".csv") || path.ends_with(".json");
  bool exists = FileExists(path);
  if (exists && (mode == "error" || mode == "errorifexists"))
    return AlreadyExists(where, ": '", path, "' already exists and the save mode is ", mode);
  if (exists && mode == "ignore") return OkStatus();

  std::string ext = pipe.format == "json" ? "json" : "csv";
  auto render = [&](std::string* out) -> Status {
    if (pipe.format == "json") {
      *out = WriteJsonString(table);
    } else {
      std::map<std::string, std::string> props = pipe.props;
      props.erase("path");
      CsvWriteOptions w;
      auto it = props.find("delimiter");
      if (it == props.end()) it = props.find("sep");
      if (it != props.end() && !it->second.empty()) w.delimiter = it->second[0];
      auto h = props.find("header");
      // Zingg writes headers unless told otherwise.
      w.header = h == props.end() || ToLower(h->second) != "false";
      *out = WriteCsvString(table, w);
    }
    return OkStatus();
  };
  std::string content;
  RETURN_IF_ERROR(render(&content));
  if (single_file) {
    if (exists && mode == "append") {
      ASSIGN_OR_RETURN(std::string old, ReadFileToString(path));
      // Appending to a CSV with a header: drop the new header line.
      if (pipe.format == "csv" && !old.empty()) {
        size_t nl = content.find('\n');
        auto h = pipe.props.find("header");
        bool header = h == pipe.props.end() || ToLower(h->second) != "false";
        if (header && nl != std::string::npos) content = content.substr(nl + 1);
      }
      content = old + content;
    }
    return WriteFileAtomic(path, content).WithContext(where);
  }
  // A folder of part files, as Spark writes. Build it beside the target, then swap it in.
  std::error_code ec;
  if (exists && !IsDirectory(path))
    return AlreadyExists(where, ": '", path, "' exists and is a file, not an output folder");
  if (exists && mode == "append") {
    int part = 0;
    std::string name;
    do {
      name = StrCat(path, "/part-", std::string(5 - std::min<size_t>(5, std::to_string(part).size()), '0'), part, ".", ext);
      ++part;
    } while (FileExists(name));
    return WriteFileAtomic(name, content).WithContext(where);
  }
  std::string staging = path + ".kindred-staging";
  fs::remove_all(staging, ec);
  RETURN_IF_ERROR(MakeDirectories(staging));
  RETURN_IF_ERROR(WriteFileAtomic(staging + "/part-00000." + ext, content).WithContext(where));
  RETURN_IF_ERROR(WriteFileAtomic(staging + "/_SUCCESS", ""));
  std::string old = path + ".kindred-old";
  fs::remove_all(old, ec);
  if (exists) {
    fs::rename(path, old, ec);
    if (ec) return IoError(where, ": cannot replace '", path, "': ", ec.message());
  }
  fs::rename(staging, path, ec);
  if (ec) {
    if (exists) fs::rename(old, path, ec);
    return IoError(where, ": cannot move output into '", path, "'");
  }
  fs::remove_all(old, ec);
  return OkStatus();
}

}  // namespace kindred::er
