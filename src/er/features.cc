#include "er/features.h"

#include <cmath>

#include "common/thread_pool.h"

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
  std::vector<float> column(n);
  for (size_t k = 0; k < set.kernels.size(); ++k) {
    const auto& fk = set.kernels[k];
    const auto& lf = left.fields[fk.field];
    const auto& rf = right.fields[fk.field];
    const Column& lc = fk.numeric ? *lf.number : *lf.text;
    const Column& rc = fk.numeric ? *rf.number : *rf.text;
    ComputePairKernel(fk.kernel, lc, rc, li, ri, n, column.data());
    float* dst = m.values.data() + k;
    // NaN (a missing side) becomes 0; the missing indicators below say why.
    for (int64_t r = 0; r < n; ++r) {
      float v = column[r];
      dst[r * cols] = std::isnan(v) ? 0.0f : v;
    }
  }
  const int ind0 = static_cast<int>(set.kernels.size());
  for (int f = 0; f < set.num_fields; ++f) {
    const Column& lt = *left.fields[f].text;
    const Column& rt = *right.fields[f].text;
    float* one = m.values.data() + ind0 + 2 * f;
    float* both = one + 1;
    if (!lt.has_nulls() && !rt.has_nulls()) continue;
    for (int64_t r = 0; r < n; ++r) {
      bool a = lt.IsNull(li[r]), b = rt.IsNull(ri[r]);
      one[r * cols] = (a != b) ? 1.0f : 0.0f;
      both[r * cols] = (a && b) ? 1.0f : 0.0f;
    }
  }
  const int digits0 = ind0 + 2 * set.num_fields;
  ThreadPool::Default().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) {
    for (int f = 0; f < set.num_fields; ++f) {
      const Column& lt = *left.fields[f].text;
      const Column& rt = *right.fields[f].text;
      for (int64_t r = b; r < e; ++r) {
        if (lt.IsNull(li[r]) || rt.IsNull(ri[r])) continue;
        m.values[r * cols + digits0 + f] = DigitsAgreement(lt.GetString(li[r]), rt.GetString(ri[r]));
      }
    }
  });
  // Record-level summaries from each field's main (first) kernel and its exact agreement.
  std::vector<int> main(set.num_fields, -1), exact(set.num_fields, -1);
  for (size_t k = 0; k < set.kernels.size(); ++k) {
    int f = set.kernels[k].field;
    if (main[f] < 0) main[f] = static_cast<int>(k);
    if (exact[f] < 0 && set.kernels[k].kernel == PairKernel::kExact) exact[f] = static_cast<int>(k);
  }
  const int summary = digits0 + set.num_fields;
  ThreadPool::Default().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) {
    for (int64_t r = b; r < e; ++r) {
      float* row = m.values.data() + r * cols;
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
    }
  });
  if (left.record_text && right.record_text) {
    ComputePairKernel(PairKernel::kQGram2, *left.record_text, *right.record_text, li, ri, n,
                      column.data());
    float* dst = m.values.data() + summary + 2;
    for (int64_t r = 0; r < n; ++r) dst[r * cols] = std::isnan(column[r]) ? 0.0f : column[r];
  }
  if (!set.interactions.empty()) {
    ThreadPool::Default().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) {
      for (int64_t r = b; r < e; ++r) {
        float* row = m.values.data() + r * cols;
        for (size_t i = 0; i < set.interactions.size(); ++i)
          row[base + i] = row[set.interactions[i].first] * row[set.interactions[i].second];
      }
    });
  }
  return m;
}

}  // namespace kindred::er
