// hash(): Spark's Murmur3Hash (x86_32, seed 42), bit-compatible so hash-derived ids and
// buckets match Spark. Columns chain: each non-null value is hashed with the previous hash as
// seed; nulls leave it unchanged.
#include <cstring>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

inline uint32_t Rotl(uint32_t x, int r) { return (x << r) | (x >> (32 - r)); }
inline uint32_t MixK1(uint32_t k1) {
  k1 *= 0xcc9e2d51u;
  k1 = Rotl(k1, 15);
  return k1 * 0x1b873593u;
}
inline uint32_t MixH1(uint32_t h1, uint32_t k1) {
  h1 ^= k1;
  h1 = Rotl(h1, 13);
  return h1 * 5 + 0xe6546b64u;
}
inline uint32_t Fmix(uint32_t h1, uint32_t len) {
  h1 ^= len;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6bu;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35u;
  h1 ^= h1 >> 16;
  return h1;
}
inline uint32_t HashInt(uint32_t v, uint32_t seed) { return Fmix(MixH1(seed, MixK1(v)), 4); }
inline uint32_t HashLong(uint64_t v, uint32_t seed) {
  uint32_t h1 = MixH1(seed, MixK1(static_cast<uint32_t>(v)));
  h1 = MixH1(h1, MixK1(static_cast<uint32_t>(v >> 32)));
  return Fmix(h1, 8);
}
// Spark's hashUnsafeBytes: 4-byte little-endian words, then each trailing byte (sign-extended)
// as a whole round.
uint32_t HashBytes32(std::string_view s, uint32_t seed) {
  uint32_t h1 = seed;
  size_t aligned = s.size() & ~size_t{3};
  for (size_t i = 0; i < aligned; i += 4) {
    uint32_t w;
    std::memcpy(&w, s.data() + i, 4);
    h1 = MixH1(h1, MixK1(w));
  }
  for (size_t i = aligned; i < s.size(); ++i) {
    int32_t b = static_cast<int8_t>(s[i]);
    h1 = MixH1(h1, MixK1(static_cast<uint32_t>(b)));
  }
  return Fmix(h1, static_cast<uint32_t>(s.size()));
}

// Folds column `c` into the running hashes `h` (one per row).
void HashColumn(const Column& c, std::vector<uint32_t>& h) {
  int64_t n = c.length();
  auto each = [&](auto f) {
    for (int64_t i = 0; i < n; ++i)
      if (c.IsValid(i)) h[i] = f(i, h[i]);
  };
  switch (c.type().id) {
    case TypeId::kBool: each([&](int64_t i, uint32_t s) { return HashInt(c.values<uint8_t>()[i] ? 1 : 0, s); }); break;
    case TypeId::kInt8: each([&](int64_t i, uint32_t s) { return HashInt(static_cast<uint32_t>(int32_t{c.values<int8_t>()[i]}), s); }); break;
    case TypeId::kInt16: each([&](int64_t i, uint32_t s) { return HashInt(static_cast<uint32_t>(int32_t{c.values<int16_t>()[i]}), s); }); break;
    case TypeId::kInt32:
    case TypeId::kDate32: each([&](int64_t i, uint32_t s) { return HashInt(static_cast<uint32_t>(c.values<int32_t>()[i]), s); }); break;
    case TypeId::kInt64:
    case TypeId::kTimestamp: each([&](int64_t i, uint32_t s) { return HashLong(static_cast<uint64_t>(c.values<int64_t>()[i]), s); }); break;
    case TypeId::kFloat32:
      each([&](int64_t i, uint32_t s) {
        float f = c.values<float>()[i];
        if (f == 0.0f) f = 0.0f;  // -0.0 hashes as 0.0
        uint32_t bits;
        std::memcpy(&bits, &f, 4);
        if (f != f) bits = 0x7fc00000u;  // Java's canonical NaN
        return HashInt(bits, s);
      });
      break;
    case TypeId::kFloat64:
      each([&](int64_t i, uint32_t s) {
        double d = c.values<double>()[i];
        if (d == 0.0) d = 0.0;
        uint64_t bits;
        std::memcpy(&bits, &d, 8);
        if (d != d) bits = 0x7ff8000000000000ULL;
        return HashLong(bits, s);
      });
      break;
    case TypeId::kDecimal128:
      // Decimals of precision <= 18 hash their unscaled long, as Spark does.
      each([&](int64_t i, uint32_t s) { return HashLong(static_cast<uint64_t>(static_cast<int64_t>(c.values<__int128>()[i])), s); });
      break;
    case TypeId::kString:
    case TypeId::kBinary: each([&](int64_t i, uint32_t s) { return HashBytes32(c.GetString(i), s); }); break;
    case TypeId::kList: {
      const int32_t* o = c.offsets();
      for (int64_t i = 0; i < n; ++i) {
        if (c.IsNull(i)) continue;
        // Elements chain like columns.
        ColumnPtr part = SliceColumn(*c.child(), o[i], o[i + 1] - o[i]);
        uint32_t acc = h[i];
        for (int64_t k = 0; k < part->length(); ++k) {
          std::vector<uint32_t> x{acc};
          HashColumn(*SliceColumn(*part, k, 1), x);
          acc = x[0];
        }
        h[i] = acc;
      }
      break;
    }
    default: break;
  }
}

}  // namespace

void RegisterHashFunctions(FunctionRegistry& r) {
  r.Add("hash", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    std::string sql = CallSql(called, args);
    return BoundCall("hash", sql, DataType::Int32(), false, args,
                     [](const BoundExpr&, const std::vector<ColumnPtr>& a, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       std::vector<uint32_t> h(static_cast<size_t>(n), 42u);
                       for (const auto& c : a) HashColumn(*c, h);
                       Buffer values = MakeValues<int32_t>(n);
                       std::memcpy(values.data(), h.data(), static_cast<size_t>(n) * 4);
                       return Column::FromBuffers(DataType::Int32(), n, {}, std::move(values));
                     });
  });
}

}  // namespace kindred::sql
