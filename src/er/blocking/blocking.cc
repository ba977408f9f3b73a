#include "er/blocking/blocking.h"

#include <algorithm>
#include <cmath>
#include <mutex>
#include <unordered_map>

#include "common/thread_pool.h"
#include "er/similarity/phonetic.h"

namespace kindred::er {

namespace {

struct KindName {
  KeyKind kind;
  const char* name;
};
constexpr KindName kKindNames[] = {
    {KeyKind::kExact, "exact"},           {KeyKind::kPrefix, "prefix"},
    {KeyKind::kSuffix, "suffix"},         {KeyKind::kFirstWord, "first_word"},
    {KeyKind::kLastWord, "last_word"},    {KeyKind::kSoundex, "soundex"},
    {KeyKind::kMetaphone, "metaphone"},   {KeyKind::kSortedWords, "sorted_words"},
    {KeyKind::kDigitsPrefix, "digits_prefix"}, {KeyKind::kInitials, "initials"},
    {KeyKind::kNumericBucket, "numeric_bucket"},
};

const char* KindName(KeyKind k) {
  for (const auto& e : kKindNames)
    if (e.kind == k) return e.name;
  return "?";
}

bool HasParam(KeyKind k) {
  return k == KeyKind::kPrefix || k == KeyKind::kSuffix || k == KeyKind::kDigitsPrefix ||
         k == KeyKind::kNumericBucket;
}

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

inline uint64_t HashBytes(std::string_view s, uint64_t seed) {
  uint64_t h = 0xcbf29ce484222325ULL ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
  h = Mix(h);
  return h == 0 ? 1 : h;
}

std::string_view FirstWord(std::string_view s) {
  size_t sp = s.find(' ');
  return sp == std::string_view::npos ? s : s.substr(0, sp);
}

std::string_view LastWord(std::string_view s) {
  size_t sp = s.rfind(' ');
  return sp == std::string_view::npos ? s : s.substr(sp + 1);
}

std::string KeyText(KeyKind kind, int param, std::string_view s) {
  switch (kind) {
    case KeyKind::kExact: return std::string(s);
    case KeyKind::kPrefix: return std::string(s.substr(0, param));
    case KeyKind::kSuffix:
      return std::string(s.size() > static_cast<size_t>(param) ? s.substr(s.size() - param) : s);
    case KeyKind::kFirstWord: return std::string(FirstWord(s));
    case KeyKind::kLastWord: return std::string(LastWord(s));
    case KeyKind::kSoundex: return Soundex(FirstWord(s));
    case KeyKind::kMetaphone: return Metaphone(FirstWord(s), 6);
    case KeyKind::kSortedWords: {
      std::vector<std::string_view> words;
      size_t start = 0;
      while (start <= s.size()) {
        size_t sp = s.find(' ', start);
        if (sp == std::string_view::npos) sp = s.size();
        if (sp > start) words.push_back(s.substr(start, sp - start));
        start = sp + 1;
      }
      std::sort(words.begin(), words.end());
      return StrJoin(words, " ");
    }
    case KeyKind::kDigitsPrefix: {
      std::string d;
      for (char c : s) {
        if (c >= '0' && c <= '9') d.push_back(c);
        if (static_cast<int>(d.size()) == param) break;
      }
      return static_cast<int>(d.size()) == param ? d : std::string();
    }
    case KeyKind::kInitials: {
      std::string out;
      bool start = true;
      for (char c : s) {
        if (c == ' ') start = true;
        else if (start) {
          out.push_back(c);
          start = false;
        }
      }
      return out;
    }
    case KeyKind::kNumericBucket: return {};
  }
  return {};
}

// Blocks are emitted as pair codes (left << 32 | right) into a per-task vector.
struct PairSink {
  std::vector<uint64_t> codes;
  const std::vector<int32_t>* source = nullptr;
  int64_t oversized = 0;
  void Emit(uint32_t a, uint32_t b) {
    if (a == b) return;
    if (a > b) std::swap(a, b);
    if (source && (*source)[a] == (*source)[b]) return;
    codes.push_back((static_cast<uint64_t>(a) << 32) | b);
  }
};

void EmitBlock(std::vector<uint32_t>& rows, size_t depth,
               const std::vector<const std::vector<uint64_t>*>& refine, int64_t cap,
               PairSink* sink) {
  const size_t n = rows.size();
  if (n < 2) return;
  if (static_cast<int64_t>(n) <= cap) {
    for (size_t i = 0; i < n; ++i)
      for (size_t j = i + 1; j < n; ++j) sink->Emit(rows[i], rows[j]);
    return;
  }
  if (depth == 0) sink->oversized++;
  // Split the oversized block by the next refinement key that actually divides it.
  while (depth < refine.size()) {
    const auto& h = *refine[depth];
    std::sort(rows.begin(), rows.end(), [&](uint32_t a, uint32_t b) {
      return h[a] != h[b] ? h[a] < h[b] : a < b;
    });
    if (h[rows.front()] == h[rows.back()]) {
      ++depth;
      continue;
    }
    size_t b = 0;
    while (b < n) {
      size_t e = b + 1;
      while (e < n && h[rows[e]] == h[rows[b]]) ++e;
      std::vector<uint32_t> sub(rows.begin() + b, rows.begin() + e);
      EmitBlock(sub, depth + 1, refine, cap, sink);
      b = e;
    }
    return;
  }
  // Nothing splits it further: compare neighbours within a window over the sorted order.
  const size_t window = static_cast<size_t>(std::max<int64_t>(2, cap / 2));
  for (size_t i = 0; i < n; ++i)
    for (size_t j = i + 1; j < n && j <= i + window; ++j) sink->Emit(rows[i], rows[j]);
}

std::vector<uint64_t> CombineKeys(const std::vector<const std::vector<uint64_t>*>& keys,
                                  int64_t n) {
  std::vector<uint64_t> out(n);
  for (int64_t i = 0; i < n; ++i) {
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    bool ok = true;
    for (const auto* k : keys) {
      uint64_t v = (*k)[i];
      if (v == 0) {
        ok = false;
        break;
      }
      h = Mix(h ^ v) + 0x9e3779b97f4a7c15ULL;
    }
    out[i] = ok ? (h == 0 ? 1 : h) : 0;
  }
  return out;
}

void ParallelSortUnique(std::vector<uint64_t>* v) {
  auto& a = *v;
  if (a.size() > (1u << 20) && ThreadPool::Default().size() > 1) {
    size_t mid = a.size() / 2;
    ThreadPool::Default().ParallelTasks(2, [&](int t) {
      if (t == 0) std::sort(a.begin(), a.begin() + mid);
      else std::sort(a.begin() + mid, a.end());
    });
    std::inplace_merge(a.begin(), a.begin() + mid, a.end());
  } else {
    std::sort(a.begin(), a.end());
  }
  a.erase(std::unique(a.begin(), a.end()), a.end());
}

}  // namespace

std::string KeyFunction::Name(const std::vector<PreparedField>& fields) const {
  std::string f = field < static_cast<int>(fields.size()) ? fields[field].def->field_name : "?";
  return HasParam(kind) ? StrCat(KindName(kind), param, "(", f, ")")
                        : StrCat(KindName(kind), "(", f, ")");
}

nlohmann::json BlockingScheme::ToJson(const std::vector<PreparedField>& fields) const {
  nlohmann::json rules_json = nlohmann::json::array();
  for (const auto& r : rules) {
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& k : r.keys)
      keys.push_back({{"field", fields[k.field].def->field_name},
                      {"function", KindName(k.kind)},
                      {"param", k.param}});
    rules_json.push_back({{"keys", keys}});
  }
  return {{"blockCap", block_cap}, {"rules", rules_json}};
}

Result<BlockingScheme> BlockingScheme::FromJson(const nlohmann::json& j,
                                                const std::vector<PreparedField>& fields) {
  BlockingScheme s;
  if (!j.is_object() || !j.contains("rules") || !j["rules"].is_array())
    return InvalidArgument("blocking: 'rules' list is missing");
  s.block_cap = j.value("blockCap", 100);
  for (const auto& r : j["rules"]) {
    BlockingRule rule;
    if (!r.contains("keys") || !r["keys"].is_array())
      return InvalidArgument("blocking: a rule has no 'keys' list");
    for (const auto& k : r["keys"]) {
      KeyFunction kf;
      std::string field = k.value("field", "");
      kf.field = -1;
      for (size_t i = 0; i < fields.size(); ++i)
        if (fields[i].def->field_name == field) kf.field = static_cast<int>(i);
      if (kf.field < 0)
        return InvalidArgument("blocking: field '", field,
                               "' of the model is not a used field of the config");
      std::string fn = k.value("function", "");
      bool found = false;
      for (const auto& e : kKindNames)
        if (fn == e.name) {
          kf.kind = e.kind;
          found = true;
        }
      if (!found) return InvalidArgument("blocking: unknown key function '", fn, "'");
      kf.param = k.value("param", 0);
      rule.keys.push_back(kf);
    }
    s.rules.push_back(std::move(rule));
  }
  return s;
}

std::string BlockingScheme::Describe(const std::vector<PreparedField>& fields) const {
  std::vector<std::string> parts;
  for (const auto& r : rules) {
    std::vector<std::string> keys;
    for (const auto& k : r.keys) keys.push_back(k.Name(fields));
    parts.push_back(StrJoin(keys, " AND "));
  }
  return StrJoin(parts, "  OR  ");
}

std::vector<uint64_t> ComputeKeys(const KeyFunction& key, const PreparedField& field) {
  const Column& text = *field.text;
  const int64_t n = text.length();
  std::vector<uint64_t> out(n, 0);
  const uint64_t seed = (static_cast<uint64_t>(key.kind) << 8) ^ static_cast<uint64_t>(key.param);
  ThreadPool::Default().ParallelFor(n, 1 << 14, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      if (key.kind == KeyKind::kNumericBucket) {
        if (!field.number || field.number->IsNull(i)) continue;
        double v = field.number->Value<double>(i);
        double width = std::pow(10.0, key.param);
        int64_t bucket = static_cast<int64_t>(std::floor(v / width));
        out[i] = Mix(static_cast<uint64_t>(bucket) ^ seed) | 1;
        continue;
      }
      if (text.IsNull(i)) continue;
      std::string_view s = text.GetString(i);
      if (key.kind == KeyKind::kExact) {
        out[i] = HashBytes(s, seed);
        continue;
      }
      if (key.kind == KeyKind::kPrefix) {
        // A value shorter than the prefix is still its own key: short names block together.
        out[i] = HashBytes(s.substr(0, key.param), seed);
        continue;
      }
      std::string t = KeyText(key.kind, key.param, s);
      if (!t.empty()) out[i] = HashBytes(t, seed);
    }
  });
  return out;
}

CandidatePairs GenerateCandidates(const BlockingScheme& scheme, const PreparedData& data,
                                  const std::vector<int32_t>* source) {
  const int64_t n = data.num_rows();
  CandidatePairs result;
  if (n < 2 || scheme.rules.empty()) return result;
  // Every distinct key once; refinement uses the single keys, most selective first.
  std::vector<KeyFunction> singles;
  auto add_single = [&](const KeyFunction& k) {
    if (std::find(singles.begin(), singles.end(), k) == singles.end()) singles.push_back(k);
  };
  for (const auto& r : scheme.rules)
    for (const auto& k : r.keys) add_single(k);
  for (size_t f = 0; f < data.fields.size(); ++f)
    add_single(KeyFunction{static_cast<int>(f), KeyKind::kExact, 0});
  std::vector<std::vector<uint64_t>> hashes(singles.size());
  for (size_t i = 0; i < singles.size(); ++i)
    hashes[i] = ComputeKeys(singles[i], data.fields[singles[i].field]);
  auto index_of = [&](const KeyFunction& k) {
    return static_cast<size_t>(std::find(singles.begin(), singles.end(), k) - singles.begin());
  };
  std::vector<const std::vector<uint64_t>*> refine;
  for (size_t f = 0; f < data.fields.size(); ++f)
    refine.push_back(&hashes[index_of(KeyFunction{static_cast<int>(f), KeyKind::kExact, 0})]);

  std::vector<PairSink> sinks(scheme.rules.size());
  ThreadPool::Default().ParallelTasks(static_cast<int>(scheme.rules.size()), [&](int r) {
    const auto& rule = scheme.rules[r];
    std::vector<const std::vector<uint64_t>*> keys;
    for (const auto& k : rule.keys) keys.push_back(&hashes[index_of(k)]);
    std::vector<uint64_t> combined = keys.size() == 1 ? *keys[0] : CombineKeys(keys, n);
    std::vector<std::pair<uint64_t, uint32_t>> entries;
    entries.reserve(n);
    for (int64_t i = 0; i < n; ++i)
      if (combined[i]) entries.emplace_back(combined[i], static_cast<uint32_t>(i));
    std::sort(entries.begin(), entries.end());
    PairSink& sink = sinks[r];
    sink.source = source;
    std::vector<uint32_t> rows;
    size_t b = 0;
    while (b < entries.size()) {
      size_t e = b + 1;
      while (e < entries.size() && entries[e].first == entries[b].first) ++e;
      if (e - b > 1) {
        rows.clear();
        for (size_t i = b; i < e; ++i) rows.push_back(entries[i].second);
        EmitBlock(rows, 0, refine, scheme.block_cap, &sink);
      }
      b = e;
    }
  });
  size_t total = 0;
  for (auto& s : sinks) {
    total += s.codes.size();
    result.oversized_blocks += s.oversized;
  }
  std::vector<uint64_t> codes;
  codes.reserve(total);
  for (auto& s : sinks) {
    codes.insert(codes.end(), s.codes.begin(), s.codes.end());
    std::vector<uint64_t>().swap(s.codes);
  }
  ParallelSortUnique(&codes);
  result.left.resize(codes.size());
  result.right.resize(codes.size());
  for (size_t i = 0; i < codes.size(); ++i) {
    result.left[i] = static_cast<int64_t>(codes[i] >> 32);
    result.right[i] = static_cast<int64_t>(codes[i] & 0xffffffffULL);
  }
  return result;
}

namespace {

std::vector<KeyFunction> CandidateKeys(const PreparedData& data) {
  std::vector<KeyFunction> keys;
  for (size_t f = 0; f < data.fields.size(); ++f) {
    int fi = static_cast<int>(f);
    const auto& def = *data.fields[f].def;
    keys.push_back({fi, KeyKind::kExact, 0});
    if (def.has(MatchType::kExact) && def.match_types.size() == 1) continue;
    if (data.fields[f].number && !def.has(MatchType::kFuzzy)) {
      for (int p = 0; p <= 3; ++p) keys.push_back({fi, KeyKind::kNumericBucket, p});
      continue;
    }
    for (int p : {2, 3, 4, 5, 6}) keys.push_back({fi, KeyKind::kPrefix, p});
    for (int p : {3, 4}) keys.push_back({fi, KeyKind::kSuffix, p});
    keys.push_back({fi, KeyKind::kFirstWord, 0});
    keys.push_back({fi, KeyKind::kLastWord, 0});
    keys.push_back({fi, KeyKind::kSoundex, 0});
    keys.push_back({fi, KeyKind::kMetaphone, 0});
    keys.push_back({fi, KeyKind::kSortedWords, 0});
    keys.push_back({fi, KeyKind::kInitials, 0});
    for (int p : {3, 5}) keys.push_back({fi, KeyKind::kDigitsPrefix, p});
  }
  return keys;
}

// Comparisons per record that a rule costs on the full data, measured on a uniform sample.
// A block of c sampled rows stands for about c/f rows of the full data (f = sample share), and
// its pair count scales with 1/f^2; keys seen once in the sample add nothing, as expected.
double RuleCost(const std::vector<uint64_t>& combined, int64_t full_rows, int64_t cap) {
  std::vector<uint64_t> keys;
  keys.reserve(combined.size());
  for (uint64_t k : combined)
    if (k) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  const double f = full_rows > 0 ? double(combined.size()) / double(full_rows) : 1.0;
  double total = 0;
  size_t b = 0;
  while (b < keys.size()) {
    size_t e = b + 1;
    while (e < keys.size() && keys[e] == keys[b]) ++e;
    double c = double(e - b);
    if (c >= 2) total += std::min(c * (c - 1) / 2 / (f * f), c / f * double(cap) / 2);
    b = e;
  }
  return full_rows > 0 ? total / double(full_rows) : 0;
}

}  // namespace

BlockingScheme DefaultBlockingScheme(const PreparedData& data, int64_t block_cap) {
  BlockingScheme s;
  s.block_cap = block_cap;
  // Keys that are costly here (few distinct values, like a state) would flood the sample with
  // pairs that teach nothing, so only the affordable ones are kept.
  const double max_cost_per_record = 8;
  for (size_t f = 0; f < data.fields.size(); ++f) {
    int fi = static_cast<int>(f);
    std::vector<KeyFunction> keys;
    if (data.fields[f].number && !data.fields[f].def->has(MatchType::kFuzzy)) {
      keys.push_back(KeyFunction{fi, KeyKind::kNumericBucket, 0});
    } else {
      keys.push_back(KeyFunction{fi, KeyKind::kPrefix, 4});
      keys.push_back(KeyFunction{fi, KeyKind::kSoundex, 0});
    }
    for (const auto& k : keys) {
      auto hashes = ComputeKeys(k, data.fields[f]);
      if (RuleCost(hashes, data.num_rows(), block_cap) <= max_cost_per_record)
        s.rules.push_back({{k}});
    }
  }
  if (s.rules.empty() && !data.fields.empty())
    s.rules.push_back({{KeyFunction{0, KeyKind::kExact, 0}}});
  return s;
}

Result<BlockingScheme> LearnBlockingScheme(const PreparedData& data, const PreparedData& left,
                                           const PreparedData& right,
                                           const std::vector<int>& is_match,
                                           const BlockingLearnOptions& opts,
                                           BlockingLearnReport* report) {
  std::vector<int64_t> positives;
  for (size_t i = 0; i < is_match.size(); ++i)
    if (is_match[i] == 1) positives.push_back(static_cast<int64_t>(i));
  if (positives.empty())
    return FailedPrecondition("cannot learn blocking: no labelled matches yet; label at least a "
                              "few pairs as matches");
  std::vector<KeyFunction> singles = CandidateKeys(data);
  const int64_t n = data.num_rows();
  // Cost is measured on an evenly spaced sample of the data.
  std::vector<int64_t> sample_rows;
  int64_t step = std::max<int64_t>(1, n / std::max<int64_t>(1, opts.cost_sample_rows));
  for (int64_t i = 0; i < n; i += step) sample_rows.push_back(i);
  PreparedData sample = data;
  if (step > 1) {
    for (auto& f : sample.fields) {
      f.text = TakeColumn(*f.text, sample_rows);
      f.bigrams = nullptr;  // not used for blocking; would describe the unsampled rows
      if (f.number) f.number = TakeColumn(*f.number, sample_rows);
    }
    sample.table = data.table->Take(sample_rows);
  }

  struct Candidate {
    BlockingRule rule;
    std::vector<char> covers;  // per positive
    int coverage = 0;
    double cost = 0;
  };
  std::vector<std::vector<uint64_t>> sample_keys(singles.size());
  std::vector<std::vector<char>> agree(singles.size());
  ThreadPool::Default().ParallelTasks(static_cast<int>(singles.size()), [&](int i) {
    const auto& k = singles[i];
    sample_keys[i] = ComputeKeys(k, sample.fields[k.field]);
    auto l = ComputeKeys(k, left.fields[k.field]);
    auto r = ComputeKeys(k, right.fields[k.field]);
    agree[i].resize(positives.size());
    for (size_t p = 0; p < positives.size(); ++p)
      agree[i][p] = l[positives[p]] != 0 && l[positives[p]] == r[positives[p]];
  });
  // Keys that split the sample identically (exact, first word and sorted words of a one-word
  // value) are the same rule; keep the first, so coverage is not counted twice for one rule.
  std::vector<char> redundant(singles.size(), 0);
  {
    std::vector<uint64_t> signature(singles.size());
    for (size_t i = 0; i < singles.size(); ++i) {
      std::unordered_map<uint64_t, int64_t> first;
      uint64_t h = 1469598103934665603ULL;
      for (size_t r = 0; r < sample_keys[i].size(); ++r) {
        uint64_t k = sample_keys[i][r];
        int64_t id = k == 0 ? -1 : first.emplace(k, static_cast<int64_t>(r)).first->second;
        h = Mix(h ^ static_cast<uint64_t>(id + 2));
      }
      signature[i] = h;
      for (size_t j = 0; j < i; ++j)
        if (!redundant[j] && signature[j] == h) {
          redundant[i] = 1;
          break;
        }
    }
  }
  std::vector<Candidate> cands;
  for (size_t i = 0; i < singles.size(); ++i) {
    if (redundant[i]) continue;
    Candidate c;
    c.rule.keys = {singles[i]};
    c.covers = agree[i];
    for (char x : c.covers) c.coverage += x;
    if (c.coverage == 0) continue;
    c.cost = RuleCost(sample_keys[i], n, opts.block_cap);
    cands.push_back(std::move(c));
  }
  // Conjunctions of two keys on different fields, from the best-covering singles: cheap rules
  // that still keep most matches together.
  std::vector<size_t> order(singles.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto single_coverage = [&](size_t i) {
    int c = 0;
    for (char x : agree[i]) c += x;
    return c;
  };
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return single_coverage(a) > single_coverage(b); });
  order.erase(std::remove_if(order.begin(), order.end(), [&](size_t i) { return redundant[i]; }),
              order.end());
  const size_t top = std::min<size_t>(order.size(), 24);
  std::vector<std::pair<size_t, size_t>> combos;
  for (size_t a = 0; a < top; ++a)
    for (size_t b = a + 1; b < top; ++b)
      if (singles[order[a]].field != singles[order[b]].field)
        combos.emplace_back(order[a], order[b]);
  std::vector<Candidate> combo_cands(combos.size());
  ThreadPool::Default().ParallelTasks(static_cast<int>(combos.size()), [&](int ci) {
    auto [a, b] = combos[ci];
    Candidate& c = combo_cands[ci];
    c.rule.keys = {singles[a], singles[b]};
    c.covers.resize(positives.size());
    for (size_t p = 0; p < positives.size(); ++p) {
      c.covers[p] = agree[a][p] && agree[b][p];
      c.coverage += c.covers[p];
    }
    if (c.coverage == 0) return;
    c.cost = RuleCost(CombineKeys({&sample_keys[a], &sample_keys[b]}, sample.num_rows()), n,
                      opts.block_cap);
  });
  for (auto& c : combo_cands)
    if (c.coverage > 0) cands.push_back(std::move(c));

  // Greedy weighted set cover: each labelled match wants `coverage_target` rules, and a rule
  // only counts for a match when it shares no field with the rules already covering it. Covers
  // on different fields fail independently: a typo in one field cannot lose the pair.
  auto field_mask = [](const BlockingRule& r) {
    uint64_t m = 0;
    for (const auto& k : r.keys) m |= uint64_t{1} << (k.field % 64);
    return m;
  };
  std::vector<uint64_t> masks(cands.size());
  for (size_t i = 0; i < cands.size(); ++i) masks[i] = field_mask(cands[i].rule);
  std::vector<int> need(positives.size(), opts.coverage_target);
  std::vector<uint64_t> fields_used(positives.size(), 0);
  BlockingScheme scheme;
  scheme.block_cap = opts.block_cap;
  double total_cost = 0;
  std::vector<char> used(cands.size(), 0);
  while (static_cast<int>(scheme.rules.size()) < opts.max_rules) {
    double best_score = 0;
    int best = -1;
    for (size_t i = 0; i < cands.size(); ++i) {
      if (used[i] || total_cost + cands[i].cost > opts.max_comparisons_per_record) continue;
      double gain = 0;
      for (size_t p = 0; p < positives.size(); ++p)
        if (cands[i].covers[p] && need[p] > 0 && (fields_used[p] & masks[i]) == 0)
          gain += need[p] == opts.coverage_target ? 2.0 : 1.0;
      double score = gain / (cands[i].cost + 1.0);
      if (score > best_score) {
        best_score = score;
        best = static_cast<int>(i);
      }
    }
    if (best < 0) break;
    used[best] = 1;
    total_cost += cands[best].cost;
    for (size_t p = 0; p < positives.size(); ++p)
      if (cands[best].covers[p] && need[p] > 0 && (fields_used[p] & masks[best]) == 0) {
        --need[p];
        fields_used[p] |= masks[best];
      }
    scheme.rules.push_back(cands[best].rule);
  }
  if (scheme.rules.empty())
    return FailedPrecondition("cannot learn blocking: every rule that keeps a labelled match "
                              "together costs more than ", opts.max_comparisons_per_record,
                              " comparisons per record; raise blockSize or label more pairs");
  if (report) {
    report->positives = static_cast<int>(positives.size());
    report->covered = 0;
    for (int x : need) report->covered += x < opts.coverage_target;
    report->estimated_comparisons_per_record = total_cost;
  }
  return scheme;
}

double BlockingRecall(const BlockingScheme& scheme, const PreparedData& left,
                      const PreparedData& right, const std::vector<int>& is_match) {
  int positives = 0, covered = 0;
  std::vector<std::vector<char>> rule_agree;
  for (const auto& r : scheme.rules) {
    std::vector<char> ok(is_match.size(), 1);
    for (const auto& k : r.keys) {
      auto l = ComputeKeys(k, left.fields[k.field]);
      auto rr = ComputeKeys(k, right.fields[k.field]);
      for (size_t i = 0; i < is_match.size(); ++i) ok[i] = ok[i] && l[i] && l[i] == rr[i];
    }
    rule_agree.push_back(std::move(ok));
  }
  for (size_t i = 0; i < is_match.size(); ++i) {
    if (is_match[i] != 1) continue;
    ++positives;
    for (const auto& ok : rule_agree)
      if (ok[i]) {
        ++covered;
        break;
      }
  }
  return positives ? double(covered) / positives : 1.0;
}

}  // namespace kindred::er
