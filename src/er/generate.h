// Synthetic person records with a known truth, in the style of Febrl's data generator: each
// entity has one original record and zero or more corrupted duplicates. Used to train and
// benchmark entity resolution at any size. Reentrant; safe to call from several threads.
#pragma once

#include <cstdint>

#include "columnar/table.h"
#include "common/status.h"

namespace kindred {
class ThreadPool;
}

namespace kindred::er {

struct GenerateOptions {
  int64_t rows = 10000;
  uint64_t seed = 1;
  // Share of rows that are duplicates of an earlier entity. Capped at what
  // max_duplicates_per_entity allows (max / (max + 1)).
  double duplicate_fraction = 0.4;
  int max_duplicates_per_entity = 4;
  // Pool to generate on; null = ThreadPool::Default(). The output does not depend on it.
  ThreadPool* pool = nullptr;
};

// Generates opts.rows records. Same options => byte-identical table, whatever the thread count.
// Columns, all string and lower-case like Febrl (a missing value is the empty string, not null):
//   rec_id ("rec-<entity>-org" / "rec-<entity>-dup-<k>"), given_name, surname, street_number,
//   address_1, address_2, suburb, postcode, state, date_of_birth (yyyymmdd), soc_sec_id, phone,
//   email, entity_id ("<entity>", the truth).
// Duplicates carry corruptions (typos, keyboard and OCR errors, sound-alike spellings,
// nicknames, swapped names, missing values, date and postcode errors, abbreviations, phone
// formats, email domains); some distinct people share a home (address, landline, surname).
// Rows are shuffled. Returns InvalidArgument for rows outside [0, 50,000,000], a
// duplicate_fraction outside [0, 1) or max_duplicates_per_entity outside [0, 1000].
Result<TablePtr> GeneratePersonRecords(const GenerateOptions& opts);

}  // namespace kindred::er
