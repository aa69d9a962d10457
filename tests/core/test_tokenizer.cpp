// Byte tokenizer: exact round trips of any bytes, fixed special ids, descriptions that rebuild
// the same tokenizer, and the strict UTF-8 validator the corpus readers rely on.
#include <random>

#include <QtTest>

#include "core/common/error.h"
#include "core/data/tokenizer.h"
#include "data_test_files.h"

using namespace layermoe;
using layermoe::testing::error_message;

Q_DECLARE_METATYPE(std::string)

class TestTokenizer : public QObject {
    Q_OBJECT
private slots:
    void roundTrip_data();
    void roundTrip();
    void encodeGivesBytes();
    void specialIds();
    void decodeDropsSpecialTokens();
    void decodeRejectsIdsOutsideVocab();
    void describeRoundTrip();
    void fromDescriptionRejects_data();
    void fromDescriptionRejects();
    void utf8Validity_data();
    void utf8Validity();
    void utf8MatchesUnicodeTable();
};

void TestTokenizer::roundTrip_data() {
    QTest::addColumn<std::string>("text");
    std::string all_bytes;
    for (int b = 0; b < 256; ++b) all_bytes += char(b);
    QTest::newRow("empty") << std::string();
    QTest::newRow("ascii") << std::string("Hello, world!\n\ttabs");
    QTest::newRow("cjk") << std::string("人人生而自由，在尊严和权利上一律平等。");
    QTest::newRow("greek") << std::string("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι");
    QTest::newRow("devanagari") << std::string("सभी मनुष्यों को गौरव और अधिकारों के मामले में");
    QTest::newRow("emoji") << std::string("ok 😀👍🏽 👨‍👩‍👧");
    QTest::newRow("invalid ff fe") << std::string("\xff\xfe");
    QTest::newRow("truncated 3-byte") << std::string("ab\xe4\xb8");
    QTest::newRow("truncated 4-byte") << std::string("\xf0\x9f\x98");
    QTest::newRow("stray continuation") << std::string("x\x80y");
    QTest::newRow("surrogate") << std::string("\xed\xa0\x80");
    QTest::newRow("nul bytes") << std::string("a\0b\0", 4);
    QTest::newRow("all 256 bytes") << all_bytes;
}

void TestTokenizer::roundTrip() {
    QFETCH(std::string, text);
    ByteTokenizer tok;
    const auto ids = tok.encode(text);
    QCOMPARE(ids.size(), text.size());
    for (int32_t id : ids) QVERIFY(id >= 0 && id < 256);
    QCOMPARE(tok.decode(ids), text);
    std::vector<int32_t> appended{tok.bos_id()};
    tok.encode_append(text, appended);
    QCOMPARE(std::vector<int32_t>(appended.begin() + 1, appended.end()), ids);
}

void TestTokenizer::encodeGivesBytes() {
    ByteTokenizer tok;
    QCOMPARE(tok.encode("A\xff\x00"), (std::vector<int32_t>{65, 255}));
    QCOMPARE(tok.encode(std::string_view("A\xff\x00", 3)), (std::vector<int32_t>{65, 255, 0}));
    QCOMPARE(tok.encode("é"), (std::vector<int32_t>{0xC3, 0xA9}));
}

void TestTokenizer::specialIds() {
    ByteTokenizer tok;
    QCOMPARE(tok.vocab_size(), 259);
    QCOMPARE(tok.bos_id(), 256);
    QCOMPARE(tok.eos_id(), 257);
    QCOMPARE(tok.pad_id(), 258);
    QVERIFY(tok.is_special(256) && tok.is_special(257) && tok.is_special(258));
    QVERIFY(!tok.is_special(0) && !tok.is_special(255));
}

void TestTokenizer::decodeDropsSpecialTokens() {
    ByteTokenizer tok;
    const std::vector<int32_t> ids{256, 'h', 257, 256, 'i', 257, 258, 258};
    QCOMPARE(tok.decode(ids), std::string("hi"));
}

void TestTokenizer::decodeRejectsIdsOutsideVocab() {
    ByteTokenizer tok;
    const std::vector<int32_t> too_big{'a', 259};
    const std::vector<int32_t> negative{-1};
    QVERIFY_THROWS_EXCEPTION(Error, tok.decode(too_big));
    QVERIFY_THROWS_EXCEPTION(Error, tok.decode(negative));
    QVERIFY(QString::fromStdString(error_message([&] { tok.decode(too_big); })).contains(QStringLiteral("259")));
}

void TestTokenizer::describeRoundTrip() {
    ByteTokenizer tok;
    const auto description = tok.describe();
    QCOMPARE(description.at("type").get<std::string>(), std::string("byte"));
    QCOMPARE(description.at("vocab_size").get<int>(), 259);
    QCOMPARE(description.at("bos_id").get<int>(), 256);
    QCOMPARE(description.at("eos_id").get<int>(), 257);
    QCOMPARE(description.at("pad_id").get<int>(), 258);
    const auto rebuilt = tokenizer_from_description(nlohmann::json::parse(description.dump()));
    QVERIFY(rebuilt != nullptr);
    QCOMPARE(rebuilt->describe(), description);
    QCOMPARE(rebuilt->encode("Ελλάδα"), tok.encode("Ελλάδα"));
    QVERIFY(tokenizer_from_description({{"type", "byte"}}) != nullptr);  // fields are optional
}

void TestTokenizer::fromDescriptionRejects_data() {
    QTest::addColumn<std::string>("description");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("unknown type") << std::string(R"({"type":"wordpiece"})") << QStringLiteral("wordpiece");
    QTest::newRow("bpe without file") << std::string(R"({"type":"bpe"})") << QStringLiteral("tokenizer_file");
    QTest::newRow("bpe file missing") << std::string(R"({"type":"bpe","tokenizer_file":"no-such-tokenizer.json"})")
                                      << QStringLiteral("no-such-tokenizer.json");
    QTest::newRow("bpe file not a name") << std::string(R"({"type":"bpe","tokenizer_file":3})")
                                         << QStringLiteral("tokenizer_file");
    QTest::newRow("no type") << std::string(R"({"vocab_size":259})") << QStringLiteral("type");
    QTest::newRow("type not string") << std::string(R"({"type":5})") << QStringLiteral("type");
    QTest::newRow("not an object") << std::string(R"([1,2])") << QStringLiteral("type");
    QTest::newRow("vocab mismatch") << std::string(R"({"type":"byte","vocab_size":300})")
                                    << QStringLiteral("vocab_size");
    QTest::newRow("bos mismatch") << std::string(R"({"type":"byte","bos_id":0})") << QStringLiteral("bos_id");
    QTest::newRow("eos mismatch") << std::string(R"({"type":"byte","eos_id":"257"})") << QStringLiteral("eos_id");
    QTest::newRow("pad mismatch") << std::string(R"({"type":"byte","pad_id":256})") << QStringLiteral("pad_id");
}

void TestTokenizer::fromDescriptionRejects() {
    QFETCH(std::string, description);
    QFETCH(QString, mentions);
    const auto json = nlohmann::json::parse(description);
    QVERIFY_THROWS_EXCEPTION(Error, tokenizer_from_description(json));
    const auto message = QString::fromStdString(error_message([&] { tokenizer_from_description(json); }));
    QVERIFY2(message.contains(mentions), qPrintable(message));
}

void TestTokenizer::utf8Validity_data() {
    QTest::addColumn<std::string>("bytes");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("bad_offset");
    QTest::newRow("empty") << std::string() << true << -1;
    QTest::newRow("ascii") << std::string("plain ascii text, long enough for blocks") << true << -1;
    QTest::newRow("2-byte e-acute") << std::string("\xc3\xa9") << true << -1;
    QTest::newRow("3-byte euro") << std::string("\xe2\x82\xac") << true << -1;
    QTest::newRow("4-byte emoji") << std::string("\xf0\x9f\x98\x80") << true << -1;
    QTest::newRow("U+D7FF last before surrogates") << std::string("\xed\x9f\xbf") << true << -1;
    QTest::newRow("U+E000 first after surrogates") << std::string("\xee\x80\x80") << true << -1;
    QTest::newRow("U+10FFFF max") << std::string("\xf4\x8f\xbf\xbf") << true << -1;
    QTest::newRow("cjk after ascii block") << std::string("abcdefghij中文") << true << -1;
    QTest::newRow("overlong 2-byte c0") << std::string("\xc0\xaf") << false << 0;
    QTest::newRow("overlong 2-byte c1") << std::string("\xc1\xbf") << false << 0;
    QTest::newRow("overlong 3-byte") << std::string("\xe0\x80\xaf") << false << 0;
    QTest::newRow("overlong 4-byte") << std::string("\xf0\x80\x80\xaf") << false << 0;
    QTest::newRow("surrogate D800") << std::string("ok\xed\xa0\x80") << false << 2;
    QTest::newRow("surrogate DFFF") << std::string("\xed\xbf\xbf") << false << 0;
    QTest::newRow("above U+10FFFF") << std::string("\xf4\x90\x80\x80") << false << 0;
    QTest::newRow("lead f5") << std::string("\xf5\x80\x80\x80") << false << 0;
    QTest::newRow("byte ff") << std::string("\xff") << false << 0;
    QTest::newRow("truncated 3-byte") << std::string("a\xe2\x82") << false << 1;
    QTest::newRow("truncated 4-byte") << std::string("\xf0\x9f\x98") << false << 0;
    QTest::newRow("bad continuation") << std::string("\xe2\x28\xa1") << false << 0;
    QTest::newRow("stray continuation") << std::string("abc\x80") << false << 3;
    QTest::newRow("bad after 9 ascii") << std::string("abcdefghi\xff") << false << 9;
}

void TestTokenizer::utf8Validity() {
    QFETCH(std::string, bytes);
    QFETCH(bool, valid);
    QFETCH(int, bad_offset);
    size_t offset = 12345;
    QCOMPARE(is_valid_utf8(bytes, &offset), valid);
    if (!valid) QCOMPARE(int(offset), bad_offset);
    QCOMPARE(is_valid_utf8(bytes), valid);
}

namespace {

// Well-formed UTF-8 as the Unicode Standard's table 3-7 lists it: per lead byte, the ranges of
// the bytes that follow. Returns where the first ill-formed sequence starts, or npos.
size_t first_ill_formed(const std::string& s) {
    struct Row {
        unsigned lead_lo, lead_hi;
        std::vector<std::pair<unsigned, unsigned>> next;
    };
    static const std::vector<Row> table = {
        {0x00, 0x7F, {}},
        {0xC2, 0xDF, {{0x80, 0xBF}}},
        {0xE0, 0xE0, {{0xA0, 0xBF}, {0x80, 0xBF}}},
        {0xE1, 0xEC, {{0x80, 0xBF}, {0x80, 0xBF}}},
        {0xED, 0xED, {{0x80, 0x9F}, {0x80, 0xBF}}},
        {0xEE, 0xEF, {{0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF0, 0xF0, {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF1, 0xF3, {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF4, 0xF4, {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}},
    };
    size_t i = 0;
    while (i < s.size()) {
        const unsigned lead = static_cast<unsigned char>(s[i]);
        const Row* row = nullptr;
        for (const auto& r : table)
            if (lead >= r.lead_lo && lead <= r.lead_hi) row = &r;
        if (!row || i + row->next.size() >= s.size()) return i;  // no such lead, or cut short
        for (size_t k = 0; k < row->next.size(); ++k) {
            const unsigned b = static_cast<unsigned char>(s[i + 1 + k]);
            if (b < row->next[k].first || b > row->next[k].second) return i;
        }
        i += 1 + row->next.size();
    }
    return std::string::npos;
}

}  // namespace

// Every string of one to three bytes, and random four-byte ones, alone and inside ASCII and
// non-ASCII text at each offset around a 16-byte block: is_valid_utf8 agrees with the table,
// also on where the first ill-formed sequence starts.
void TestTokenizer::utf8MatchesUnicodeTable() {
    const std::vector<std::string> befores = {"", "0123456789abcde", "\xce\xb1\xce\xb2\xce\xb3 0123456789 \xe4\xb8\xad"};
    size_t checked = 0, valid = 0;
    auto check = [&](const std::string& seq) {
        for (const auto& before : befores) {
            const std::string text = before + seq + (before.empty() ? "" : "0123456789abcdefghij");
            const size_t expected = first_ill_formed(text);
            size_t bad = 12345;
            const bool ok = is_valid_utf8(text, &bad);
            if (ok != (expected == std::string::npos) || (!ok && bad != expected)) {
                QString hex;
                for (unsigned char c : seq) hex += QString::asprintf("%02x ", c);
                QFAIL(qPrintable(QStringLiteral("bytes %1after %2 bytes: is_valid_utf8 %3 at %4, the table %5")
                                     .arg(hex)
                                     .arg(before.size())
                                     .arg(ok)
                                     .arg(bad)
                                     .arg(expected == std::string::npos ? QStringLiteral("valid") : QString::number(expected))));
            }
            ++checked;
            valid += ok;
        }
    };
    for (unsigned a = 0; a < 256; ++a) {
        check(std::string(1, char(a)));
        for (unsigned b = 0; b < 256; ++b) {
            check(std::string{char(a), char(b)});
            // Three bytes: every lead and second byte, the third from each of the classes.
            for (unsigned c : {0x00u, 0x41u, 0x7Fu, 0x80u, 0x8Fu, 0x90u, 0x9Fu, 0xA0u, 0xBFu, 0xC0u, 0xC2u, 0xE0u, 0xEDu,
                               0xF0u, 0xF4u, 0xF5u, 0xFFu})
                check(std::string{char(a), char(b), char(c)});
        }
    }
    std::mt19937 rng(7);
    for (int i = 0; i < 200000; ++i) {
        std::string seq(4, '\0');
        seq[0] = char(0xF0 + rng() % 6);
        for (int k = 1; k < 4; ++k) seq[size_t(k)] = char(rng() % 2 ? 0x80 + rng() % 0x40 : rng() % 256);
        check(seq);
    }
    QVERIFY(valid > 1000 && valid < checked);
}

QTEST_APPLESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
