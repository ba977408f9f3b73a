// Quality of a clustering against a ground truth: pairwise precision / recall / F1 and
// B-cubed precision / recall / F1. Pairs are counted through the (predicted cluster, true
// entity) contingency table as sums of C(n, 2), never enumerated, so 1M records take well under
// a second. All functions are reentrant and safe to call from several threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "columnar/column.h"
#include "common/status.h"

namespace kindred::er {

struct ClusterMetrics {
  int64_t records = 0, predicted_clusters = 0, true_clusters = 0;
  // Same-cluster pairs: in both the prediction and the truth / in the prediction / in the truth.
  int64_t true_positive_pairs = 0, predicted_pairs = 0, true_pairs = 0;
  // Pairwise. precision = tp / predicted_pairs, recall = tp / true_pairs; a ratio whose
  // denominator is 0 is 1.0 by convention (nothing claimed, nothing wrong). f1 is their
  // harmonic mean (0 when both are 0).
  double precision = 0, recall = 0, f1 = 0;
  // B-cubed: the mean over records of |own predicted cluster ∩ own true cluster| divided by
  // |own predicted cluster| (precision) or |own true cluster| (recall). 1.0 for zero records.
  double bcubed_precision = 0, bcubed_recall = 0, bcubed_f1 = 0;
};

// Compares two labelings of the same records: `predicted` and `truth` hold one label per
// record, of any type (int, string, ...), compared by value within each column (the two columns
// need not share a type). A null label makes that record a singleton. Returns InvalidArgument
// when the columns differ in length.
Result<ClusterMetrics> EvaluateClusters(const Column& predicted, const Column& truth);

// A few human-readable lines ("pairwise  precision 0.9812  recall ...").
std::string FormatMetrics(const ClusterMetrics& m);

// The entity of a Febrl record id: "rec-123-dup-0" and "rec-123-org" -> "123". Any other
// string is returned unchanged.
std::string FebrlEntityId(std::string_view rec_id);

}  // namespace kindred::er
