// Digest and encoding functions: md5, sha1, sha2 (224/256/384/512 → 256 and 224 here), crc32,
// base64/unbase64, hex/unhex. Digests print as lower-case hex strings, as Spark's do.
#include <array>
#include <cstring>

#include "sql/errors.h"
#include "sql/expr/function_registry.h"
#include "sql/expr/kernel_util.h"

namespace kindred::sql {

namespace {

inline uint32_t Rol(uint32_t x, int c) { return (x << c) | (x >> (32 - c)); }
inline uint32_t Ror(uint32_t x, int c) { return (x >> c) | (x << (32 - c)); }

std::string ToHex(const uint8_t* d, size_t n) {
  static const char* kHex = "0123456789abcdef";
  std::string out(n * 2, '0');
  for (size_t i = 0; i < n; ++i) {
    out[2 * i] = kHex[d[i] >> 4];
    out[2 * i + 1] = kHex[d[i] & 15];
  }
  return out;
}

// Pads a message as MD5/SHA do: 0x80, zeros, 64-bit length (little- or big-endian).
std::string Pad(std::string_view s, bool big_endian) {
  std::string m(s);
  uint64_t bits = static_cast<uint64_t>(s.size()) * 8;
  m.push_back(static_cast<char>(0x80));
  while (m.size() % 64 != 56) m.push_back(0);
  for (int i = 0; i < 8; ++i)
    m.push_back(static_cast<char>(big_endian ? (bits >> (56 - 8 * i)) : (bits >> (8 * i))));
  return m;
}

std::string Md5(std::string_view s) {
  static const uint32_t K[64] = {
      0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
      0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
      0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
      0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
      0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
      0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
      0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
      0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391};
  static const int R[64] = {7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
                            5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20, 5, 9,  14, 20,
                            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
                            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21};
  uint32_t h[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};
  std::string m = Pad(s, false);
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[16];
    std::memcpy(w, m.data() + off, 64);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
    for (int i = 0; i < 64; ++i) {
      uint32_t f;
      int g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) % 16; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) % 16; }
      else { f = c ^ (b | ~d); g = (7 * i) % 16; }
      uint32_t t = d;
      d = c;
      c = b;
      b = b + Rol(a + f + K[i] + w[g], R[i]);
      a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d;
  }
  uint8_t out[16];
  std::memcpy(out, h, 16);
  return ToHex(out, 16);
}

uint32_t LoadBe(const char* p) {
  return (uint32_t(uint8_t(p[0])) << 24) | (uint32_t(uint8_t(p[1])) << 16) |
         (uint32_t(uint8_t(p[2])) << 8) | uint32_t(uint8_t(p[3]));
}

std::string DigestBe(const uint32_t* h, int words) {
  std::vector<uint8_t> out;
  for (int i = 0; i < words; ++i)
    for (int k = 3; k >= 0; --k) out.push_back(static_cast<uint8_t>(h[i] >> (8 * k)));
  return ToHex(out.data(), out.size());
}

std::string Sha1(std::string_view s) {
  uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string m = Pad(s, true);
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[80];
    for (int i = 0; i < 16; ++i) w[i] = LoadBe(m.data() + off + 4 * i);
    for (int i = 16; i < 80; ++i) w[i] = Rol(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; ++i) {
      uint32_t f, k;
      if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999; }
      else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1; }
      else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDC; }
      else { f = b ^ c ^ d; k = 0xCA62C1D6; }
      uint32_t t = Rol(a, 5) + f + e + k + w[i];
      e = d; d = c; c = Rol(b, 30); b = a; a = t;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
  }
  return DigestBe(h, 5);
}

std::string Sha256(std::string_view s, bool is224) {
  static const uint32_t K[64] = {
      0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
      0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
      0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
      0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
      0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
      0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
      0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
      0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
  uint32_t h[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  if (is224) {
    uint32_t h224[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17, 0xf70e5939, 0xffc00b31, 0x68581511, 0x64f98fa7, 0xbefa4fa4};
    std::memcpy(h, h224, sizeof(h));
  }
  std::string m = Pad(s, true);
  for (size_t off = 0; off < m.size(); off += 64) {
    uint32_t w[64];
    for (int i = 0; i < 16; ++i) w[i] = LoadBe(m.data() + off + 4 * i);
    for (int i = 16; i < 64; ++i) {
      uint32_t s0 = Ror(w[i - 15], 7) ^ Ror(w[i - 15], 18) ^ (w[i - 15] >> 3);
      uint32_t s1 = Ror(w[i - 2], 17) ^ Ror(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (int i = 0; i < 64; ++i) {
      uint32_t S1 = Ror(e, 6) ^ Ror(e, 11) ^ Ror(e, 25);
      uint32_t ch = (e & f) ^ (~e & g);
      uint32_t t1 = hh + S1 + ch + K[i] + w[i];
      uint32_t S0 = Ror(a, 2) ^ Ror(a, 13) ^ Ror(a, 22);
      uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
      uint32_t t2 = S0 + maj;
      hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
    }
    h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
  }
  return DigestBe(h, is224 ? 7 : 8);
}

uint32_t Crc32(std::string_view s) {
  static const std::array<uint32_t, 256> table = [] {
    std::array<uint32_t, 256> t{};
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  uint32_t c = 0xFFFFFFFFu;
  for (unsigned char ch : s) c = table[(c ^ ch) & 0xFF] ^ (c >> 8);
  return c ^ 0xFFFFFFFFu;
}

const char* kB64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view s) {
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8) | uint8_t(s[i + 2]);
    out += kB64[v >> 18]; out += kB64[(v >> 12) & 63]; out += kB64[(v >> 6) & 63]; out += kB64[v & 63];
  }
  if (i + 1 == s.size()) {
    uint32_t v = uint8_t(s[i]) << 16;
    out += kB64[v >> 18]; out += kB64[(v >> 12) & 63]; out += "==";
  } else if (i + 2 == s.size()) {
    uint32_t v = (uint8_t(s[i]) << 16) | (uint8_t(s[i + 1]) << 8);
    out += kB64[v >> 18]; out += kB64[(v >> 12) & 63]; out += kB64[(v >> 6) & 63]; out += '=';
  }
  return out;
}

bool Unbase64(std::string_view s, std::string* out) {
  uint32_t v = 0;
  int bits = 0;
  for (char c : s) {
    if (c == '=' || c == '\n' || c == '\r') continue;
    const char* p = std::strchr(kB64, c);
    if (!p || c == 0) return false;
    v = (v << 6) | static_cast<uint32_t>(p - kB64);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out->push_back(static_cast<char>((v >> bits) & 0xFF));
    }
  }
  return true;
}

template <typename F>
void DefString(FunctionRegistry& r, const char* name, DataType arg_type, F f, DataType out = DataType::String()) {
  r.Add(name, [=](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    BoundPtr a = args[0];
    if (!a->type.is_string_like()) {
      ASSIGN_OR_RETURN(a, ImplicitCast(a, arg_type, 0, sql));
    }
    return BoundCall(called, sql, out, true, {a},
                     [f, out](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                              const EvalContext&) -> Result<ColumnPtr> {
                       return StringRowKernel(out, x, n, [&](int64_t i, ColumnBuilder& b) { f(x[0]->GetString(i), b); });
                     });
  });
}

}  // namespace

void RegisterDigestFunctions(FunctionRegistry& r) {
  DefString(r, "md5", DataType::Binary(), [](std::string_view s, ColumnBuilder& b) { b.AppendString(Md5(s)); });
  DefString(r, "sha1", DataType::Binary(), [](std::string_view s, ColumnBuilder& b) { b.AppendString(Sha1(s)); });
  DefString(r, "sha", DataType::Binary(), [](std::string_view s, ColumnBuilder& b) { b.AppendString(Sha1(s)); });
  DefString(r, "base64", DataType::Binary(), [](std::string_view s, ColumnBuilder& b) { b.AppendString(Base64(s)); });
  DefString(r, "unbase64", DataType::String(), [](std::string_view s, ColumnBuilder& b) {
    std::string out;
    if (Unbase64(s, &out)) b.AppendString(out); else b.AppendNull();
  }, DataType::Binary());
  DefString(r, "crc32", DataType::Binary(), [](std::string_view s, ColumnBuilder& b) { b.AppendInt(Crc32(s)); }, DataType::Int64());
  DefString(r, "unhex", DataType::String(), [](std::string_view s, ColumnBuilder& b) {
    std::string out;
    auto nib = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    size_t i = 0;
    if (s.size() % 2) {  // an odd-length input has an implied leading 0
      int v = nib(s[0]);
      if (v < 0) { b.AppendNull(); return; }
      out.push_back(static_cast<char>(v));
      i = 1;
    }
    for (; i + 1 < s.size() + 1 && i < s.size(); i += 2) {
      int hi = nib(s[i]), lo = nib(s[i + 1]);
      if (hi < 0 || lo < 0) { b.AppendNull(); return; }
      out.push_back(static_cast<char>(hi * 16 + lo));
    }
    b.AppendString(out);
  }, DataType::Binary());
  r.Add("sha2", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 2, 2));
    std::string sql = CallSql(called, args);
    BoundPtr a = args[0];
    if (!a->type.is_string_like()) {
      ASSIGN_OR_RETURN(a, ImplicitCast(a, DataType::Binary(), 0, sql));
    }
    ASSIGN_OR_RETURN(BoundPtr bits, ImplicitCast(args[1], DataType::Int32(), 1, sql));
    return BoundCall(called, sql, DataType::String(), true, {a, bits},
                     [](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                        const EvalContext&) -> Result<ColumnPtr> {
                       return StringRowKernel(DataType::String(), x, n, [&](int64_t i, ColumnBuilder& b) {
                         int64_t len = x[1]->GetInt64(i);
                         // Spark: 0 means 256; 384/512 are not provided here (null).
                         if (len == 0 || len == 256) b.AppendString(Sha256(x[0]->GetString(i), false));
                         else if (len == 224) b.AppendString(Sha256(x[0]->GetString(i), true));
                         else b.AppendNull();
                       });
                     });
  });
  r.Add("hex", [](const std::string& called, std::vector<BoundPtr> args) -> Result<BoundPtr> {
    RETURN_IF_ERROR(CheckArity(called, args, 1, 1));
    std::string sql = CallSql(called, args);
    BoundPtr a = args[0];
    bool integral = a->type.is_integer();
    if (!integral && !a->type.is_string_like()) {
      ASSIGN_OR_RETURN(a, ImplicitCast(a, DataType::String(), 0, sql));
    }
    if (integral) a = CastTo(a, DataType::Int64());
    return BoundCall(called, sql, DataType::String(), a->nullable, {a},
                     [integral](const BoundExpr&, const std::vector<ColumnPtr>& x, int64_t n,
                                const EvalContext&) -> Result<ColumnPtr> {
                       return StringRowKernel(DataType::String(), x, n, [&](int64_t i, ColumnBuilder& b) {
                         if (integral) {
                           char buf[32];
                           std::snprintf(buf, sizeof(buf), "%llX", static_cast<unsigned long long>(x[0]->GetInt64(i)));
                           b.AppendString(buf);
                         } else {
                           std::string_view s = x[0]->GetString(i);
                           std::string h = ToHex(reinterpret_cast<const uint8_t*>(s.data()), s.size());
                           b.AppendString(ToUpper(h));
                         }
                       });
                     });
  });
}

}  // namespace kindred::sql
