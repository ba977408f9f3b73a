#include "er/similarity/phonetic.h"

namespace kindred::er {
namespace {

// The ASCII letters of `s`, upper-cased: the alphabet both phonetic codes work on.
std::string UpperLetters(std::string_view s) {
  std::string w;
  w.reserve(s.size());
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') {
      w.push_back(static_cast<char>(ch - 'a' + 'A'));
    } else if (ch >= 'A' && ch <= 'Z') {
      w.push_back(ch);
    }
  }
  return w;
}

// Soundex digit of an upper-case letter; '0' for vowels (and Y), which separate equal codes.
char SoundexCode(char c) {
  //                        ABCDEFGHIJKLMNOPQRSTUVWXYZ
  static const char kCodes[] = "01230120022455012623010202";
  return kCodes[c - 'A'];
}

bool IsVowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }
bool IsFrontVowel(char c) { return c == 'E' || c == 'I' || c == 'Y'; }

}  // namespace

std::string Soundex(std::string_view s) {
  const std::string w = UpperLetters(s);
  if (w.empty()) return "";
  std::string out(1, w[0]);
  char last = SoundexCode(w[0]);
  for (size_t i = 1; i < w.size() && out.size() < 4; ++i) {
    const char c = w[i];
    if (c == 'H' || c == 'W') continue;  // does not separate two equal codes
    const char d = SoundexCode(c);
    if (d != '0' && d != last) out.push_back(d);
    last = d;
  }
  out.resize(4, '0');
  return out;
}

std::string Metaphone(std::string_view s, int max_len) {
  const std::string w = UpperLetters(s);
  if (w.empty() || max_len <= 0) return "";
  const int n = static_cast<int>(w.size());
  auto at = [&](int i) -> char { return i >= 0 && i < n ? w[i] : '\0'; };
  std::string out;
  int i = 0;
  // Initial letter exceptions.
  const char c0 = at(0), c1 = at(1);
  if (c0 == 'A' && c1 == 'E') {
    out.push_back('E');
    i = 2;
  } else if ((c0 == 'G' || c0 == 'K' || c0 == 'P') && c1 == 'N') {
    out.push_back('N');
    i = 2;
  } else if (c0 == 'W' && c1 == 'R') {
    out.push_back('R');
    i = 2;
  } else if (c0 == 'W' && c1 == 'H') {
    out.push_back('W');
    i = 2;
  } else if (c0 == 'X') {
    out.push_back('S');
    i = 1;
  } else if (IsVowel(c0)) {
    out.push_back(c0);
    i = 1;
  }
  for (; i < n && static_cast<int>(out.size()) < max_len; ++i) {
    const char c = w[i];
    const char prev = at(i - 1), next = at(i + 1), next2 = at(i + 2);
    if (c == prev && c != 'C') continue;  // doubled letters sound once ('CC' as in "accent" twice)
    switch (c) {
      case 'A':
      case 'E':
      case 'I':
      case 'O':
      case 'U':
        break;  // vowels only count as the first letter
      case 'B':
        if (!(i == n - 1 && prev == 'M')) out.push_back('B');  // silent in final "-MB"
        break;
      case 'C':
        if (prev == 'S' && IsFrontVowel(next)) break;  // "-SCI-", "-SCE-", "-SCY-"
        if (next == 'I' && next2 == 'A') {
          out.push_back('X');  // "-CIA-"
        } else if (IsFrontVowel(next)) {
          out.push_back('S');
        } else if (next == 'H') {
          out.push_back(prev == 'S' ? 'K' : 'X');  // "SCH" is hard
        } else {
          out.push_back('K');
        }
        break;
      case 'D':
        out.push_back(next == 'G' && IsFrontVowel(next2) ? 'J' : 'T');  // "-DGE-" sounds J
        break;
      case 'G':
        if (next == 'H' && !(i + 2 >= n || IsVowel(next2))) break;  // "NIGHT"
        if (next == 'N' && (i + 2 == n || (i + 4 == n && next2 == 'E' && at(i + 3) == 'D'))) {
          break;  // "SIGN", "SIGNED"
        }
        if (prev == 'D' && IsFrontVowel(next)) break;  // "-DGE-": the D already said J
        out.push_back(IsFrontVowel(next) && prev != 'G' ? 'J' : 'K');
        break;
      case 'H':
        // Sounded only before a vowel and not as part of CH, GH, PH, SH, TH.
        if (IsVowel(next) &&
            !(prev == 'C' || prev == 'G' || prev == 'P' || prev == 'S' || prev == 'T')) {
          out.push_back('H');
        }
        break;
      case 'K':
        if (prev != 'C') out.push_back('K');
        break;
      case 'P':
        out.push_back(next == 'H' ? 'F' : 'P');
        break;
      case 'Q':
        out.push_back('K');
        break;
      case 'S':
        if (next == 'H' || (next == 'I' && (next2 == 'O' || next2 == 'A'))) {
          out.push_back('X');
        } else {
          out.push_back('S');
        }
        break;
      case 'T':
        if (next == 'I' && (next2 == 'O' || next2 == 'A')) {
          out.push_back('X');
        } else if (next == 'H') {
          out.push_back('0');
        } else if (!(next == 'C' && next2 == 'H')) {  // silent in "-TCH-"
          out.push_back('T');
        }
        break;
      case 'V':
        out.push_back('F');
        break;
      case 'W':
      case 'Y':
        if (IsVowel(next)) out.push_back(c);
        break;
      case 'X':
        out.append("KS");
        break;
      case 'Z':
        out.push_back('S');
        break;
      default:  // F J L M N R
        out.push_back(c);
        break;
    }
  }
  if (static_cast<int>(out.size()) > max_len) out.resize(max_len);
  return out;
}

std::string OnlyAlphabets(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char ch : s) {
    if (ch >= 'a' && ch <= 'z') {
      out.push_back(ch);
    } else if (ch >= 'A' && ch <= 'Z') {
      out.push_back(static_cast<char>(ch - 'A' + 'a'));
    }
  }
  return out;
}

}  // namespace kindred::er
