// Zingg's febrl example (../shared/data/zingg_febrl) as Zingg Connect Arguments, and scratch
// folders, for the Zingg and entity-resolution extension tests.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "zingg/spark/connect/zingg.pb.h"

namespace kindred::connect::testing {

inline std::string SharedData() {
  if (const char* d = std::getenv("KINDRED_SHARED_DATA")) return d;
  return std::string(KINDRED_SOURCE_DIR) + "/../shared/data";
}

// An empty folder <tmp>/<prefix>_<name>_<pid>.
inline std::string TempDir(const std::string& prefix, const std::string& name) {
  namespace fs = std::filesystem;
  std::string dir =
      (fs::temp_directory_path() / (prefix + "_" + name + "_" + std::to_string(::getpid())))
          .string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

inline constexpr char kFebrlSchema[] =
    "id string, fname string, lname string, stNo string, add1 string, add2 string, city string, "
    "areacode string, state string, dob string, ssn string";

inline void SetPipe(::zingg::spark::connect::Pipe* p, const std::string& name,
                    const std::string& path, const std::string& schema,
                    const std::string& bad_records = "") {
  p->set_name(name);
  p->set_format("csv");
  (*p->mutable_props())["path"] = path;
  (*p->mutable_props())["delimiter"] = ",";
  (*p->mutable_props())["header"] = "false";
  // training.csv starts with a header line that its schema does not parse.
  if (!bad_records.empty()) (*p->mutable_props())["badRecordsPath"] = bad_records;
  p->set_schema(schema);
}

// The example's arguments (configWithTrainingSamples.json without the samples unless
// `with_samples`), as Zingg's Python client sends them: models under <dir>/models/<model_id>,
// output to <dir>/output.csv.
inline ::zingg::spark::connect::Arguments FebrlArguments(const std::string& dir,
                                                         const std::string& model_id,
                                                         bool with_samples) {
  ::zingg::spark::connect::Arguments a;
  for (const char* name : {"id", "fname", "lname", "stNo", "add1", "add2", "city", "areacode",
                           "state", "dob", "ssn"}) {
    auto* f = a.add_field_definition();
    f->set_field_name(name);
    f->set_fields(name);
    f->set_data_type("string");
    f->add_match_type()->set_name(std::string(name) == "id" ? "DONT_USE" : "FUZZY");
  }
  const std::string data = SharedData() + "/zingg_febrl";
  SetPipe(a.add_data(), "test", data + "/test.csv", kFebrlSchema);
  if (with_samples) {
    SetPipe(a.add_training_samples(), "trainingPos", data + "/training.csv",
            "z_cluster string, z_isMatch integer, fname string, lname string, stNo string, "
            "add1 string, add2 string, city string, areacode string, state string, dob string, "
            "ssn string",
            dir + "/bad");
  }
  auto* out = a.add_output();
  out->set_name("output");
  out->set_format("csv");
  (*out->mutable_props())["path"] = dir + "/output.csv";
  (*out->mutable_props())["header"] = "true";
  a.set_zingg_dir(dir + "/models");
  a.set_model_id(model_id);
  a.set_label_data_sample_size(0.5f);
  a.set_num_partitions(4);
  return a;
}

}  // namespace kindred::connect::testing
