#include <gtest/gtest.h>

#include "er/similarity/phonetic.h"

namespace kindred::er {
namespace {

TEST(Soundex, KnownCodes) {
  EXPECT_EQ(Soundex("Robert"), "R163");
  EXPECT_EQ(Soundex("Rupert"), "R163");
  EXPECT_EQ(Soundex("Tymczak"), "T522");
  EXPECT_EQ(Soundex("Pfister"), "P236");
  EXPECT_EQ(Soundex("Ashcraft"), "A261");  // 'h' does not separate s and c
  EXPECT_EQ(Soundex("Honeyman"), "H555");  // vowels do separate equal codes
  EXPECT_EQ(Soundex("Lee"), "L000");
  EXPECT_EQ(Soundex("robert"), "R163");
}

TEST(Soundex, IgnoresNonLetters) {
  EXPECT_EQ(Soundex("o'brien"), Soundex("obrien"));
  EXPECT_EQ(Soundex("  robert 2nd"), Soundex("robertnd"));
  EXPECT_EQ(Soundex("1234"), "");
  EXPECT_EQ(Soundex(""), "");
  EXPECT_EQ(Soundex("中文"), "");
}

TEST(Metaphone, KnownCodes) {
  EXPECT_EQ(Metaphone("howl", 4), "HL");
  EXPECT_EQ(Metaphone("testing", 4), "TSTN");
  EXPECT_EQ(Metaphone("The", 4), "0");
  EXPECT_EQ(Metaphone("quick", 4), "KK");
  EXPECT_EQ(Metaphone("brown", 4), "BRN");
  EXPECT_EQ(Metaphone("fox", 4), "FKS");
  EXPECT_EQ(Metaphone("jumped", 4), "JMPT");
  EXPECT_EQ(Metaphone("over", 4), "OFR");
  EXPECT_EQ(Metaphone("lazy", 4), "LS");
  EXPECT_EQ(Metaphone("dogs", 4), "TKS");
}

TEST(Metaphone, Rules) {
  EXPECT_EQ(Metaphone("testing"), "TSTNK");  // default length 6
  EXPECT_EQ(Metaphone("knight"), "NT");      // initial KN, silent GH
  EXPECT_EQ(Metaphone("wright"), "RT");      // initial WR
  EXPECT_EQ(Metaphone("phone"), "FN");       // PH
  EXPECT_EQ(Metaphone("xavier"), "SFR");     // initial X, V
  EXPECT_EQ(Metaphone("school"), "SKL");     // SCH, doubled O
  EXPECT_EQ(Metaphone("dodge"), "TJ");       // DGE
  EXPECT_EQ(Metaphone("thumb"), "0M");       // TH, final MB
  EXPECT_EQ(Metaphone("nation"), "NXN");     // TIO
  EXPECT_EQ(Metaphone("aeon"), "EN");        // initial AE
  EXPECT_EQ(Metaphone("smith"), Metaphone("smyth"));
  EXPECT_EQ(Metaphone("catherine"), Metaphone("kathryn"));
  EXPECT_EQ(Metaphone("123"), "");
  EXPECT_EQ(Metaphone("abcdefghijkl", 3).size(), 3u);
}

TEST(OnlyAlphabets, KeepsLowercaseLetters) {
  EXPECT_EQ(OnlyAlphabets("O'Neil-2"), "oneil");
  EXPECT_EQ(OnlyAlphabets("abc 123 def"), "abcdef");
  EXPECT_EQ(OnlyAlphabets("josé"), "jos");
  EXPECT_EQ(OnlyAlphabets("42"), "");
}

}  // namespace
}  // namespace kindred::er
