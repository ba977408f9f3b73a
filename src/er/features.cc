#include "er/features.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "common/thread_pool.h"
#include "er/bigram_sets.h"

namespace kindred::er {

namespace {

std::vector<FieldKernel> KernelsFor(int fi, const PreparedField& f, bool compact) {
  const auto& def = *f.def;
  std::vector<FieldKernel> out;
  auto add = [&](PairKernel k, bool numeric = false) {
    for (const auto& e : out)
      if (e.kernel == k && e.numeric == numeric) return;
    out.push_back({fi, k, numeric});
  };
  for (MatchType t : def.match_types) {
    switch (t) {
      case MatchType::kFuzzy:
        add(PairKernel::kJaroWinkler);
        if (!compact) {
          add(PairKernel::kDamerauLevenshtein);
          add(PairKernel::kQGram2);
        }
        add(PairKernel::kExact);
        break;
      case MatchType::kExact: add(PairKernel::kExact); break;
      case MatchType::kEmail:
        add(PairKernel::kEmailLocalExact);
        add(PairKernel::kEmailLocalJaroWinkler);
        add(PairKernel::kExact);
        break;
      case MatchType::kPincode:
        add(PairKernel::kPincodeExact);
        add(PairKernel::kExact);
        break;
      case MatchType::kText:
        add(PairKernel::kJaccardWords);
        if (!compact) {
          add(PairKernel::kQGram3);
          add(PairKernel::kTokenSortJaroWinkler);
        }
        break;
      case MatchType::kNumeric:
        add(PairKernel::kNumeric, f.number != nullptr);
        add(PairKernel::kExact, f.number != nullptr);
        break;
      case MatchType::kNumericWithUnits: add(PairKernel::kNumericWithUnits); break;
      case MatchType::kOnlyAlphabetsExact: add(PairKernel::kOnlyAlphabetsExact); break;
      case MatchType::kOnlyAlphabetsFuzzy:
        add(PairKernel::kOnlyAlphabetsJaroWinkler);
        add(PairKernel::kOnlyAlphabetsExact);
        break;
      case MatchType::kNullOrBlank:  // the missing-value indicators carry it
      case MatchType::kDontUse: break;
    }
  }
  return out;
}

// +1 when both hold digits and the digit sequences match, -1 when both hold digits that differ,
// 0 when either has none. No allocation: both strings are walked digit by digit.
float DigitsAgreement(std::string_view a, std::string_view b) {
  size_t i = 0, j = 0;
  bool any_a = false, any_b = false, equal = true;
  for (;;) {
    while (i < a.size() && (a[i] < '0' || a[i] > '9')) ++i;
    while (j < b.size() && (b[j] < '0' || b[j] > '9')) ++j;
    bool end_a = i >= a.size(), end_b = j >= b.size();
    if (end_a || end_b) {
      if (end_a != end_b) equal = false;
      any_a = any_a || !end_a;
      any_b = any_b || !end_b;
      break;
    }
    any_a = any_b = true;
    if (a[i] != b[j]) equal = false;
    ++i;
    ++j;
  }
  if (!any_a || !any_b) return 0.0f;
  return equal ? 1.0f : -1.0f;
}

}  // namespace

FeatureSet DefaultFeatureSet(const std::vector<PreparedField>& fields, bool compact) {
  FeatureSet set;
  set.num_fields = static_cast<int>(fields.size());
  for (size_t f = 0; f < fields.size(); ++f)
    for (const auto& k : KernelsFor(static_cast<int>(f), fields[f], compact)) set.kernels.push_back(k);
  return set;
}

std::vector<std::pair<int, int>> MainInteractions(const FeatureSet& set) {
  // The first kernel of each field is its main similarity.
  std::vector<int> main(set.num_fields, -1);
  for (size_t k = 0; k < set.kernels.size(); ++k)
    if (main[set.kernels[k].field] < 0) main[set.kernels[k].field] = static_cast<int>(k);
  std::vector<std::pair<int, int>> out;
  for (int a = 0; a < set.num_fields; ++a)
    for (int b = a + 1; b < set.num_fields; ++b)
      if (main[a] >= 0 && main[b] >= 0) out.emplace_back(main[a], main[b]);
  return out;
}

std::vector<std::string> FeatureSet::BaseNames(const std::vector<PreparedField>& fields) const {
  std::vector<std::string> names;
  for (const auto& k : kernels)
    names.push_back(StrCat(fields[k.field].def->field_name, ".", PairKernelName(k.kernel)));
  for (int f = 0; f < num_fields; ++f) {
    names.push_back(StrCat(fields[f].def->field_name, ".one_missing"));
    names.push_back(StrCat(fields[f].def->field_name, ".both_missing"));
  }
  for (int f = 0; f < num_fields; ++f)
    names.push_back(StrCat(fields[f].def->field_name, ".digits_agree"));
  names.push_back("record.mean_similarity");
  names.push_back("record.exact_share");
  names.push_back("record.qgram2");
  return names;
}

nlohmann::json FeatureSet::ToJson(const std::vector<PreparedField>& fields) const {
  nlohmann::json ks = nlohmann::json::array();
  for (const auto& k : kernels)
    ks.push_back({{"field", fields[k.field].def->field_name},
                  {"kernel", PairKernelName(k.kernel)},
                  {"numeric", k.numeric}});
  nlohmann::json inter = nlohmann::json::array();
  for (auto [a, b] : interactions) inter.push_back({a, b});
  return {{"kernels", ks}, {"interactions", inter}, {"baseNames", BaseNames(fields)}};
}

Result<FeatureSet> FeatureSet::FromJson(const nlohmann::json& j,
                                        const std::vector<PreparedField>& fields) {
  FeatureSet set;
  set.num_fields = static_cast<int>(fields.size());
  if (!j.is_object() || !j.contains("kernels")) return InvalidArgument("features: 'kernels' missing");
  for (const auto& k : j["kernels"]) {
    FieldKernel fk;
    std::string field = k.value("field", "");
    fk.field = -1;
    for (size_t i = 0; i < fields.size(); ++i)
      if (fields[i].def->field_name == field) fk.field = static_cast<int>(i);
    if (fk.field < 0)
      return InvalidArgument("features: field '", field,
                             "' of the model is not a used field of the config");
    ASSIGN_OR_RETURN(fk.kernel, PairKernelFromName(k.value("kernel", "")));
    fk.numeric = k.value("numeric", false);
    if (fk.numeric && !fields[fk.field].number)
      return InvalidArgument("features: field '", field, "' is numeric in the model but not in the config");
    set.kernels.push_back(fk);
  }
  for (const auto& p : j.value("interactions", nlohmann::json::array())) {
    int a = p.at(0), b = p.at(1);
    if (a < 0 || b < 0 || a >= set.num_base() || b >= set.num_base())
      return InvalidArgument("features: interaction index out of range");
    set.interactions.emplace_back(a, b);
  }
  if (j.contains("baseNames") && j["baseNames"].size() != static_cast<size_t>(set.num_base()))
    return InvalidArgument("features: the model's fields differ from the config's fields");
  return set;
}

namespace {

// Where one kernel reads its inputs: derived text (computed once by PrepareData), the numeric
// column, or the normalised text; and whether it runs on precomputed bigram sets.
struct KernelPlan {
  PairKernel kernel;
  const Column* left;
  const Column* right;
  const BigramSets* left_bigrams = nullptr;
  const BigramSets* right_bigrams = nullptr;
};

KernelPlan PlanKernel(const FieldKernel& fk, const PreparedField& lf, const PreparedField& rf) {
  PairKernel kernel = fk.kernel;
  ColumnPtr PreparedField::*derived = nullptr;
  switch (fk.kernel) {
    case PairKernel::kEmailLocalExact: kernel = PairKernel::kExact; derived = &PreparedField::email_local; break;
    case PairKernel::kEmailLocalJaroWinkler: kernel = PairKernel::kJaroWinkler; derived = &PreparedField::email_local; break;
    case PairKernel::kOnlyAlphabetsExact: kernel = PairKernel::kExact; derived = &PreparedField::alphabets; break;
    case PairKernel::kOnlyAlphabetsJaroWinkler: kernel = PairKernel::kJaroWinkler; derived = &PreparedField::alphabets; break;
    case PairKernel::kPincodeExact: kernel = PairKernel::kExact; derived = &PreparedField::pincode; break;
    default: break;
  }
  if (derived && (!(lf.*derived) || !(rf.*derived))) {
    derived = nullptr;
    kernel = fk.kernel;
  }
  KernelPlan plan;
  plan.kernel = kernel;
  plan.left = derived ? (lf.*derived).get() : fk.numeric ? lf.number.get() : lf.text.get();
  plan.right = derived ? (rf.*derived).get() : fk.numeric ? rf.number.get() : rf.text.get();
  if (kernel == PairKernel::kQGram2 && !derived && !fk.numeric && lf.bigrams && rf.bigrams) {
    plan.left_bigrams = lf.bigrams.get();
    plan.right_bigrams = rf.bigrams.get();
  }
  return plan;
}

}  // namespace

FeatureMatrix ComputeFeatures(const FeatureSet& set, const PreparedData& left,
                              const PreparedData& right, const int64_t* li, const int64_t* ri,
                              int64_t n) {
  const int base = set.num_base();
  const int cols = base + static_cast<int>(set.interactions.size());
  FeatureMatrix m;
  m.rows = n;
  m.cols = cols;
  m.values.assign(static_cast<size_t>(n) * cols, 0.0f);
  m.names = set.BaseNames(left.fields);
  for (auto [a, b] : set.interactions) m.names.push_back(StrCat(m.names[a], "*", m.names[b]));

  std::vector<KernelPlan> plans;
  for (const auto& fk : set.kernels)
    plans.push_back(PlanKernel(fk, left.fields[fk.field], right.fields[fk.field]));
  std::vector<int> main(set.num_fields, -1), exact(set.num_fields, -1);
  for (size_t k = 0; k < set.kernels.size(); ++k) {
    int f = set.kernels[k].field;
    if (main[f] < 0) main[f] = static_cast<int>(k);
    if (exact[f] < 0 && set.kernels[k].kernel == PairKernel::kExact) exact[f] = static_cast<int>(k);
  }
  const int ind0 = static_cast<int>(set.kernels.size());
  const int digits0 = ind0 + 2 * set.num_fields;
  const int summary = digits0 + set.num_fields;

  // Pairs are processed in blocks whose rows stay in cache while every kernel fills its column;
  // blocks run in parallel and each kernel call inside a block runs on its own thread.
  constexpr int64_t kBlock = 256;
  ThreadPool::Default().ParallelFor(n, kBlock, [&](int64_t b, int64_t e) {
    const int64_t len = e - b;
    const int64_t* lb = li + b;
    const int64_t* rb = ri + b;
    float column[kBlock];
    float* rows = m.values.data() + b * cols;
    for (size_t k = 0; k < plans.size(); ++k) {
      const KernelPlan& p = plans[k];
      if (p.left_bigrams) {
        for (int64_t r = 0; r < len; ++r) column[r] = p.left_bigrams->Jaccard(lb[r], *p.right_bigrams, rb[r]);
      } else {
        ComputePairKernel(p.kernel, *p.left, *p.right, lb, rb, len, column);
      }
      // NaN (a missing side) becomes 0; the missing indicators say why.
      for (int64_t r = 0; r < len; ++r) rows[r * cols + k] = std::isnan(column[r]) ? 0.0f : column[r];
    }
    for (int f = 0; f < set.num_fields; ++f) {
      const Column& lt = *left.fields[f].text;
      const Column& rt = *right.fields[f].text;
      for (int64_t r = 0; r < len; ++r) {
        bool a = lt.IsNull(lb[r]), c = rt.IsNull(rb[r]);
        float* row = rows + r * cols;
        row[ind0 + 2 * f] = (a != c) ? 1.0f : 0.0f;
        row[ind0 + 2 * f + 1] = (a && c) ? 1.0f : 0.0f;
        if (!a && !c) row[digits0 + f] = DigitsAgreement(lt.GetString(lb[r]), rt.GetString(rb[r]));
      }
    }
    if (left.record_bigrams && right.record_bigrams)
      for (int64_t r = 0; r < len; ++r) {
        float v = left.record_bigrams->Jaccard(lb[r], *right.record_bigrams, rb[r]);
        rows[r * cols + summary + 2] = std::isnan(v) ? 0.0f : v;
      }
    for (int64_t r = 0; r < len; ++r) {
      float* row = rows + r * cols;
      float sum = 0, same = 0;
      int present = 0;
      for (int f = 0; f < set.num_fields; ++f) {
        if (main[f] < 0 || row[ind0 + 2 * f] > 0 || row[ind0 + 2 * f + 1] > 0) continue;
        ++present;
        sum += row[main[f]];
        same += exact[f] >= 0 ? row[exact[f]] : (row[main[f]] >= 0.999f ? 1.0f : 0.0f);
      }
      row[summary] = present ? sum / present : 0.0f;
      row[summary + 1] = present ? same / present : 0.0f;
      for (size_t i = 0; i < set.interactions.size(); ++i)
        row[base + i] = row[set.interactions[i].first] * row[set.interactions[i].second];
    }
  });
  return m;
}

}  // namespace kindred::er
