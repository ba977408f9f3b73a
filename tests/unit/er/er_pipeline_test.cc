// Unit tests for the entity-resolution pipeline pieces: config, preprocessing, blocking,
// features, training data and clustering.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>

#include "common/file_util.h"
#include "er/blocking/blocking.h"
#include "er/cluster/linked_clusters.h"
#include "er/config/config.h"
#include "er/features.h"
#include "er/label/training_data.h"
#include "er/preprocess.h"

namespace kindred::er {
namespace {

const char* kConfig = R"({
  "fieldDefinition": [
    {"fieldName": "id", "matchType": "dont_use", "fields": "id", "dataType": "string"},
    {"fieldName": "name", "matchType": "Fuzzy, exact", "fields": "name", "dataType": "string"},
    {"fieldName": "city", "matchType": "FUZZY", "fields": "city", "dataType": "\"string\""},
    {"fieldName": "mail", "matchType": "email", "fields": "mail"}
  ],
  "data": [{"name": "d", "format": "csv", "props": {"path": "/x.csv", "header": true}}],
  "zinggDir": "/tmp/z", "modelId": 7, "labelDataSampleSize": 0.5, "threshold": 0.7
})";

TablePtr People() {
  Schema s({{"id", DataType::String()}, {"name", DataType::String()},
            {"city", DataType::String()}, {"mail", DataType::String()}});
  std::vector<std::vector<const char*>> rows = {
      {"1", "John  Smith", "Boston", "js@x.com"},   {"2", "john smith", "boston", "js@y.org"},
      {"3", "Jon Smith", "Bostn", ""},               {"4", "Mary Jones", "Denver", "mj@x.com"},
      {"5", "mary jones", "Denver", "mj@x.com"},     {"6", "Zed Zulu", "Austin", "zz@z.com"}};
  std::vector<ColumnBuilder> b;
  for (int c = 0; c < 4; ++c) b.emplace_back(DataType::String());
  for (auto& r : rows)
    for (int c = 0; c < 4; ++c) {
      if (std::string(r[c]).empty()) b[c].AppendNull();
      else b[c].AppendString(r[c]);
    }
  std::vector<ColumnPtr> cols;
  for (auto& x : b) cols.push_back(x.Finish());
  return Table::Make(s, cols);
}

TEST(Config, ParsesZinggConfig) {
  auto c = ParseConfig(kConfig, "test");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->model_id, "7");
  EXPECT_EQ(c->ModelDir(), "/tmp/z/7");
  EXPECT_DOUBLE_EQ(c->threshold, 0.7);
  ASSERT_EQ(c->field_definitions.size(), 4u);
  EXPECT_FALSE(c->field_definitions[0].used());
  EXPECT_TRUE(c->field_definitions[1].has(MatchType::kExact));
  EXPECT_EQ(c->field_definitions[2].data_type, "string");
  EXPECT_EQ(c->UsedFields().size(), 3u);
  EXPECT_EQ(c->data[0].props.at("header"), "true");
}

TEST(Config, ErrorsNameTheKey) {
  std::string bad = kConfig;
  bad.replace(bad.find("Fuzzy, exact"), 12, "fuzy");
  auto c = ParseConfig(bad, "test");
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.status().message().find("fieldDefinition[1].matchType: unknown match type 'fuzy'"),
            std::string::npos)
      << c.status();
  auto t = ParseConfig(R"({"fieldDefinition": [{"fieldName": "a", "matchType": "fuzzy"}],
                           "threshold": 2})");
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("threshold"), std::string::npos);
}

TEST(Config, PipeLocationIsThePath) {
  // Zingg's Python pipes name the file "location".
  auto c = ParseConfig(R"({"fieldDefinition": [{"fieldName": "a", "matchType": "fuzzy"}],
                           "data": [{"name": "d", "format": "csv",
                                     "props": {"location": "/data/a.csv", "header": false}}]})",
                       "test");
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->data[0].path(), "/data/a.csv");
  EXPECT_EQ(c->data[0].props.count("location"), 0u);
  auto none = ParseConfig(R"({"fieldDefinition": [{"fieldName": "a", "matchType": "fuzzy"}],
                              "data": [{"name": "d", "props": {"header": false}}]})",
                          "test");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("props.path (or props.location)"), std::string::npos)
      << none.status();
}

TEST(Config, SubstitutesEnvironment) {
  setenv("KINDRED_TEST_DIR", "/data/x", 1);
  auto s = SubstituteEnvironment(R"({"zinggDir": "$KINDRED_TEST_DIR$/m", "cost": "$5"})");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(*s, R"({"zinggDir": "/data/x/m", "cost": "$5"})");
  EXPECT_FALSE(SubstituteEnvironment("$KINDRED_TEST_NOT_SET_VAR$").ok());
}

TEST(Preprocess, NormalisesAndMakesMissingExplicit) {
  EXPECT_EQ(NormalizeText("  John \t SMITH ", nullptr), "john smith");
  std::unordered_set<std::string> stop = {"the", "inc"};
  EXPECT_EQ(NormalizeText("The Acme Inc", &stop), "acme");
  auto c = ParseConfig(kConfig, "test");
  auto d = PrepareData(*c, People());
  ASSERT_TRUE(d.ok()) << d.status();
  ASSERT_EQ(d->fields.size(), 3u);
  EXPECT_EQ(d->fields[0].text->GetString(0), "john smith");
  EXPECT_TRUE(d->fields[2].text->IsNull(2));  // empty mail is missing, not a value
  EXPECT_EQ(d->fields[2].email_local->GetString(0), "js");
}

TEST(Preprocess, MissingColumnNamesFieldAndAvailableColumns) {
  std::string conf = kConfig;
  conf.replace(conf.find("\"fields\": \"city\""), 16, "\"fields\": \"town\"");
  auto c = ParseConfig(conf, "test");
  ASSERT_TRUE(c.ok());
  auto d = PrepareData(*c, People());
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.status().message().find("field 'city' reads column 'town'"), std::string::npos);
  EXPECT_NE(d.status().message().find("available columns: id, name, city, mail"), std::string::npos);
}

TEST(Blocking, KeysAndCandidates) {
  auto c = ParseConfig(kConfig, "test");
  auto d = PrepareData(*c, People());
  ASSERT_TRUE(d.ok());
  auto soundex = ComputeKeys({1, KeyKind::kSoundex, 0}, d->fields[1]);  // city
  EXPECT_EQ(soundex[0], soundex[2]);  // boston / bostn
  EXPECT_NE(soundex[0], soundex[3]);
  BlockingScheme scheme;
  scheme.rules.push_back({{KeyFunction{1, KeyKind::kPrefix, 3}}});
  CandidatePairs pairs = GenerateCandidates(scheme, *d);
  // bos: {0,1,2}, den: {3,4}; "aus" alone.
  ASSERT_EQ(pairs.size(), 4);
  EXPECT_EQ(pairs.left[0], 0);
  EXPECT_EQ(pairs.right[0], 1);
  // Link mode keeps only pairs across sources.
  std::vector<int32_t> source = {0, 1, 0, 0, 1, 1};
  EXPECT_EQ(GenerateCandidates(scheme, *d, &source).size(), 3);
}

TEST(Blocking, OversizedBlocksAreSplitNeverAllPairs) {
  const int n = 1000;
  Schema s({{"name", DataType::String()}, {"city", DataType::String()}});
  ColumnBuilder names(DataType::String()), cities(DataType::String());
  for (int i = 0; i < n; ++i) {
    names.AppendString("name" + std::to_string(i % 50));
    cities.AppendString("samecity");
  }
  auto t = Table::Make(s, {names.Finish(), cities.Finish()});
  auto c = ParseConfig(R"({"fieldDefinition": [{"fieldName": "name", "matchType": "fuzzy"},
                                               {"fieldName": "city", "matchType": "fuzzy"}]})");
  ASSERT_TRUE(c.ok());
  auto d = PrepareData(*c, t);
  ASSERT_TRUE(d.ok());
  BlockingScheme scheme;
  scheme.block_cap = 100;
  scheme.rules.push_back({{KeyFunction{1, KeyKind::kExact, 0}}});  // one block of 1000
  CandidatePairs pairs = GenerateCandidates(scheme, *d);
  EXPECT_EQ(pairs.oversized_blocks, 1);
  // Split by name: 50 blocks of 20 -> 50 * C(20,2) pairs, far below C(1000,2).
  EXPECT_EQ(pairs.size(), 50 * 190);
}

TEST(Blocking, LearnsRulesThatKeepLabelledMatchesTogether) {
  auto c = ParseConfig(kConfig, "test");
  auto d = PrepareData(*c, People());
  ASSERT_TRUE(d.ok());
  std::vector<int64_t> l = {0, 0, 3, 0}, r = {1, 2, 4, 5};
  PreparedData left = *d, right = *d;
  for (auto* side : {&left, &right})
    for (auto& f : side->fields) f.text = TakeColumn(*f.text, side == &left ? l : r);
  std::vector<int> labels = {1, 1, 1, 0};
  BlockingLearnReport report;
  auto scheme = LearnBlockingScheme(*d, left, right, labels, BlockingLearnOptions{}, &report);
  ASSERT_TRUE(scheme.ok()) << scheme.status();
  EXPECT_EQ(report.positives, 3);
  EXPECT_EQ(report.covered, 3);
  EXPECT_DOUBLE_EQ(BlockingRecall(*scheme, left, right, labels), 1.0);
  std::vector<int> none = {0, 0, 0, 0};
  EXPECT_FALSE(LearnBlockingScheme(*d, left, right, none, BlockingLearnOptions{}).ok());
}

TEST(Features, MissingValuesAreIndicatorsNotPerfectMatches) {
  auto c = ParseConfig(kConfig, "test");
  auto d = PrepareData(*c, People());
  ASSERT_TRUE(d.ok());
  FeatureSet set = DefaultFeatureSet(d->fields);
  std::vector<int64_t> l = {0, 0}, r = {1, 2};
  FeatureMatrix x = ComputeFeatures(set, *d, *d, l.data(), r.data(), 2);
  ASSERT_EQ(x.cols, set.num_base());
  auto col = [&](const std::string& name) {
    for (int i = 0; i < x.cols; ++i)
      if (x.names[i] == name) return i;
    return -1;
  };
  int mail_exact = col("mail.exact"), mail_one_missing = col("mail.one_missing");
  ASSERT_GE(mail_exact, 0);
  ASSERT_GE(mail_one_missing, 0);
  EXPECT_EQ(x.at(1, mail_exact), 0.0f);        // missing mail scores 0, not 1
  EXPECT_EQ(x.at(1, mail_one_missing), 1.0f);  // and says that it is missing
  EXPECT_EQ(x.at(0, col("name.exact")), 1.0f);
  EXPECT_GT(x.at(0, col("record.mean_similarity")), 0.9f);
  auto json = set.ToJson(d->fields);
  auto back = FeatureSet::FromJson(json, d->fields);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->kernels.size(), set.kernels.size());
}

TEST(LinkedClusters, OneWrongLinkDoesNotChainTwoEntities) {
  // Entity A = {0,1,2}, entity B = {3,4,5}; one spurious link 2-3 above the threshold (but
  // weaker than the entities' own links); the other pairs between A and B scored low.
  std::vector<int64_t> a = {0, 0, 1, 3, 3, 4, 2, 2, 1, 0};
  std::vector<int64_t> b = {1, 2, 2, 4, 5, 5, 3, 4, 3, 5};
  std::vector<float> s = {0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.9f, 0.7f, 0.1f, 0.1f, 0.1f};
  auto c = LinkedClusters(6, a.data(), b.data(), s.data(), 10, 0.5f);
  EXPECT_EQ(c, (std::vector<int64_t>{0, 0, 0, 3, 3, 3}));
  // Without the low pairs the mean link is high, but one matched pair among nine record pairs is
  // too little evidence to join two groups of three.
  auto kept = LinkedClusters(6, a.data(), b.data(), s.data(), 7, 0.5f);
  EXPECT_EQ(kept, (std::vector<int64_t>{0, 0, 0, 3, 3, 3}));
  // A record matched to two of a pair's records joins them.
  std::vector<int64_t> a2 = {0, 2, 2}, b2 = {1, 0, 1};
  std::vector<float> s2 = {0.9f, 0.6f, 0.6f};
  EXPECT_EQ(LinkedClusters(3, a2.data(), b2.data(), s2.data(), 3, 0.5f),
            (std::vector<int64_t>{0, 0, 0}));
}

TEST(TrainingData, RoundTripsAtomically) {
  std::string dir = std::filesystem::temp_directory_path() / "kindred_training_data_test";
  std::filesystem::remove_all(dir);
  TrainingSet set;
  set.columns = {"name", "city"};
  TrainingPair p;
  p.id = "pair-1";
  p.label = kLabelMatch;
  p.score = 0.75f;
  p.left_zid = 3;
  p.right_zid = 9;
  p.left = {"ann, \"jr\"", ""};
  p.right = {"anne", "paris\nfrance"};
  set.pairs.push_back(p);
  ASSERT_TRUE(SaveTrainingSet(dir + "/marked.csv", set).ok());
  auto back = LoadTrainingSet(dir + "/marked.csv");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_EQ(back->pairs.size(), 1u);
  EXPECT_EQ(back->pairs[0].left[0], "ann, \"jr\"");
  EXPECT_EQ(back->pairs[0].left[1], "");
  EXPECT_EQ(back->pairs[0].right[1], "paris\nfrance");
  EXPECT_EQ(back->pairs[0].label, kLabelMatch);
  EXPECT_EQ(back->pairs[0].right_zid, 9);
  EXPECT_EQ(back->Count(kLabelMatch), 1);
  auto missing = LoadTrainingSet(dir + "/none.csv");
  ASSERT_TRUE(missing.ok());
  EXPECT_TRUE(missing->pairs.empty());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kindred::er
