#include <re2/re2.h>

#include <iomanip>
#include <memory>
#include <sstream>

#include "er/phases/phases.h"

namespace kindred::er {

namespace {

// The simulated labeller: the truth column decides, optionally through a regex's first group.
class TruthOracle {
 public:
  static Result<TruthOracle> Make(const TrainingSet& set, const PhaseOptions& opts) {
    TruthOracle o;
    o.column_ = -1;
    for (size_t i = 0; i < set.columns.size(); ++i)
      if (EqualsIgnoreCase(set.columns[i], opts.truth_column)) o.column_ = static_cast<int>(i);
    if (o.column_ < 0)
      return InvalidArgument("--truth-column: column '", opts.truth_column,
                             "' is not in the data; available columns: ",
                             StrJoin(set.columns, ", "));
    if (!opts.truth_regex.empty()) {
      o.regex_ = std::make_shared<RE2>(opts.truth_regex);
      if (!o.regex_->ok())
        return InvalidArgument("--truth-regex: ", o.regex_->error());
      if (o.regex_->NumberOfCapturingGroups() < 1)
        return InvalidArgument("--truth-regex: needs one capturing group, e.g. 'rec-(\\d+)'");
    }
    return o;
  }
  std::string Entity(const std::string& v) const {
    std::string t(Trim(v));
    if (!regex_) return t;
    std::string group;
    if (RE2::PartialMatch(t, *regex_, &group)) return group;
    return t;
  }
  int Label(const TrainingPair& p) const {
    std::string a = Entity(p.left[column_]), b = Entity(p.right[column_]);
    return !a.empty() && a == b ? kLabelMatch : kLabelNoMatch;
  }

 private:
  int column_ = -1;
  std::shared_ptr<RE2> regex_;
};

// Zingg's showConcise: only the compared fields, not every input column.
std::vector<bool> ShownColumns(const Config& config, const TrainingSet& set) {
  std::vector<bool> shown(set.columns.size(), true);
  if (!config.show_concise) return shown;
  for (size_t c = 0; c < set.columns.size(); ++c) {
    bool used = false;
    for (const auto* f : config.UsedFields()) used = used || EqualsIgnoreCase(f->fields, set.columns[c]);
    shown[c] = used;
  }
  return shown;
}

void ShowPair(std::ostream& out, const TrainingSet& set, const TrainingPair& p, size_t index,
              size_t total, int labelled, const std::vector<bool>& shown) {
  size_t w = 6;
  for (const auto& c : set.columns) w = std::max(w, c.size());
  size_t vw = 12;
  for (const auto& v : p.left) vw = std::max(vw, std::min<size_t>(v.size(), 40));
  out << "\n--- pair " << index + 1 << " of " << total << " (" << labelled
      << " labelled so far) ---\n";
  if (p.score >= 0)
    out << "current model: " << (p.score >= 0.5 ? "MATCH" : "NO MATCH") << " (probability "
        << std::fixed << std::setprecision(2) << p.score << ")\n";
  else
    out << "current model: none yet\n";
  out.unsetf(std::ios::floatfield);
  for (size_t c = 0; c < set.columns.size(); ++c) {
    if (!shown[c]) continue;
    const std::string& a = p.left[c];
    const std::string& b = p.right[c];
    const char* mark = a == b ? " " : "*";
    out << mark << " " << std::left << std::setw(static_cast<int>(w)) << set.columns[c] << " | "
        << std::setw(static_cast<int>(vw)) << a.substr(0, 40) << " | " << b.substr(0, 40) << "\n";
  }
}

// Asks for 0/1/2/9 like Zingg's labeller. Returns 9 on quit or end of input.
int Ask(std::istream& in, std::ostream& out) {
  for (;;) {
    out << "Is this a match? 0 = no, 1 = yes, 2 = not sure, 9 = save and quit: " << std::flush;
    std::string line;
    if (!std::getline(in, line)) return 9;
    std::string_view t = Trim(line);
    if (t == "0" || t == "1" || t == "2" || t == "9") return t[0] - '0';
    out << "Please type 0, 1, 2 or 9.\n";
  }
}

}  // namespace

Status RunLabel(const Config& config, const PhaseOptions& opts) {
  std::ostream& out = *opts.out;
  ASSIGN_OR_RETURN(TrainingSet pending, LoadTrainingSet(UnmarkedPath(config)));
  ASSIGN_OR_RETURN(TrainingSet marked, LoadTrainingSet(MarkedPath(config)));
  if (pending.pairs.empty()) {
    out << "label: no pairs waiting for a label; run findTrainingData first\n";
    return OkStatus();
  }
  if (marked.columns.empty()) marked.columns = pending.columns;
  if (marked.columns != pending.columns)
    return InvalidArgument("label: the columns of ", UnmarkedPath(config), " differ from those of ",
                           MarkedPath(config), "; the data changed since labelling started");
  std::optional<TruthOracle> oracle;
  if (!opts.truth_column.empty()) {
    ASSIGN_OR_RETURN(TruthOracle o, TruthOracle::Make(pending, opts));
    oracle = o;
  }
  const size_t total = pending.pairs.size();
  size_t done = 0;
  int matches = 0;
  while (!pending.pairs.empty()) {
    TrainingPair p = pending.pairs.front();
    int answer;
    if (oracle) {
      answer = oracle->Label(p);
    } else {
      ShowPair(out, pending, p, done, total, static_cast<int>(marked.pairs.size()),
               ShownColumns(config, pending));
      answer = Ask(*opts.in, out);
      if (answer == 9) break;
    }
    p.label = answer;
    matches += answer == kLabelMatch;
    marked.pairs.push_back(p);
    pending.pairs.erase(pending.pairs.begin());
    // Save after every answer: an interrupted session loses nothing. Marked first, so a crash
    // between the two writes can only leave a pair in both files (deduplicated on the next find).
    RETURN_IF_ERROR(SaveTrainingSet(MarkedPath(config), marked));
    RETURN_IF_ERROR(SaveTrainingSet(UnmarkedPath(config), pending));
    ++done;
  }
  out << "label: labelled " << done << " of " << total << " pairs (" << matches
      << " matches); in all " << marked.Count(kLabelMatch) << " matches, "
      << marked.Count(kLabelNoMatch) << " non-matches, " << marked.Count(kLabelUnsure)
      << " not sure\n";
  return OkStatus();
}

Status RunUpdateLabel(const Config& config, const PhaseOptions& opts) {
  std::ostream& out = *opts.out;
  ASSIGN_OR_RETURN(TrainingSet marked, LoadTrainingSet(MarkedPath(config)));
  if (marked.pairs.empty()) {
    out << "updateLabel: no labelled pairs yet\n";
    return OkStatus();
  }
  std::optional<TruthOracle> oracle;
  if (!opts.truth_column.empty()) {
    ASSIGN_OR_RETURN(TruthOracle o, TruthOracle::Make(marked, opts));
    oracle = o;
  }
  int changed = 0;
  for (size_t i = 0; i < marked.pairs.size(); ++i) {
    auto& p = marked.pairs[i];
    int answer;
    if (oracle) {
      answer = oracle->Label(p);
    } else {
      ShowPair(out, marked, p, i, marked.pairs.size(), static_cast<int>(marked.pairs.size()),
               ShownColumns(config, marked));
      out << "current label: " << p.label << "\n";
      answer = Ask(*opts.in, out);
      if (answer == 9) break;
    }
    if (answer != p.label) {
      p.label = answer;
      ++changed;
      RETURN_IF_ERROR(SaveTrainingSet(MarkedPath(config), marked));
    }
  }
  out << "updateLabel: changed " << changed << " label(s)\n";
  return OkStatus();
}

}  // namespace kindred::er
