// Byte-level BPE from tokenizer.json: merges applied by rank, pre-tokenization (GPT-2's ByteLevel
// regex, Qwen's and LLaMA-3's Split, Oniguruma's \s, Digits), ignore_merges, added and special
// tokens, NFC, exact round trips of any bytes, BOS/EOS/PAD resolution, descriptions and folders,
// and an Error naming the file for every malformed input. The files are tiny ones written here
// (bpe_test_files.h); test_bpe_reference compares real Qwen3 files against Hugging Face's code.
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <optional>
#include <thread>

#include <fmt/format.h>

#include "bpe_test_files.h"
#include "core/common/error.h"
#include "core/data/bpe_model.h"
#include "core/data/bpe_tokenizer.h"
#include "core/data/bpe_train.h"
#include "data_test_files.h"

using namespace layermoe;
using layermoe::testing::error_message;
using layermoe::testing::TinyTokenizer;
using layermoe::testing::write_file;
using json = nlohmann::json;
namespace fs = std::filesystem;

Q_DECLARE_METATYPE(std::string)
Q_DECLARE_METATYPE(std::vector<std::string>)
Q_DECLARE_METATYPE(std::vector<int32_t>)

namespace {

QString show(const std::vector<int32_t>& ids) {
    QStringList items;
    for (int32_t id : ids) items << QString::number(id);
    return QLatin1Char('[') + items.join(QLatin1Char(',')) + QLatin1Char(']');
}

#define COMPARE_IDS(got, want)                                                                                         \
    QVERIFY2((got) == (want), qPrintable(QStringLiteral("got %1, want %2").arg(show(got), show(want))))

struct Files {
    QTemporaryDir dir;
    fs::path path(const char* name) const { return fs::path(dir.path().toStdString()) / name; }
    std::unique_ptr<BpeTokenizer> load(const json& tokenizer, const json* config = nullptr) {
        write_file(path("tokenizer.json"), tokenizer.dump());
        if (config) write_file(path("tokenizer_config.json"), config->dump());
        return BpeTokenizer::from_files(path("tokenizer.json"), path("tokenizer_config.json"));
    }
};

// Merges in rank order; each result gets the next id from 256 on.
TinyTokenizer ranked_merges() {
    TinyTokenizer t;  // <|endoftext|> is 300
    t.merges = {{"b", "c"}, {"a", "b"}, {"a", "bc"}, {"x", "x"}, {"xx", "x"}, {" ", "a"}, {" a", "b"}};
    return t;  // ids: bc 256, ab 257, abc 258, xx 259, xxx 260, " a" 261, " ab" 262
}

json pre_tokenizer_for(const std::string& kind) {
    if (kind == "gpt2") return testing::byte_level(false, true);
    if (kind == "gpt2 prefix") return testing::byte_level(true, true);
    if (kind == "qwen") return testing::split_then_byte_level(testing::kQwenPattern);
    if (kind.starts_with("split:")) return testing::split_then_byte_level(kind.substr(6));
    if (kind.starts_with("digits")) {
        return {{"type", "Sequence"},
                {"pretokenizers",
                 {{{"type", "Digits"}, {"individual_digits", kind == "digits individual"}},
                  testing::byte_level(false, false)}}};
    }
    return nullptr;
}

}  // namespace

class TestBpe : public QObject {
    Q_OBJECT
private slots:
    void mergesByRank_data();
    void mergesByRank();
    void preTokenizer_data();
    void preTokenizer();
    void ignoreMerges();
    void roundTrip_data();
    void roundTrip();
    void addedTokensSplitAndDecode();
    void nfcNormalization();
    void vocabSizeAndDecodeErrors();
    void concurrentEncode();
    void wordCache();
    void specialIds_data();
    void specialIds();
    void describeAndLoadDir();
    void loadDirErrors();
    void malformedTokenizerJson_data();
    void malformedTokenizerJson();
    void malformedFiles_data();
    void malformedFiles();
    void training();
};

void TestBpe::mergesByRank_data() {
    QTest::addColumn<bool>("pairs");
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<int32_t>>("ids");
    for (bool pairs : {false, true}) {
        const char* form = pairs ? "[a, b] " : "\"a b\" ";
        auto row = [&](const char* name) -> QTestData& {
            return QTest::newRow(qPrintable(QLatin1String(form) + QLatin1String(name)));
        };
        row("empty") << pairs << std::string() << std::vector<int32_t>{};
        row("bc merges before ab") << pairs << std::string("abc") << std::vector<int32_t>{258};
        row("ab") << pairs << std::string("ab") << std::vector<int32_t>{257};
        row("no merge for bd") << pairs << std::string("abd") << std::vector<int32_t>{257, 'd'};
        row("ca has no merge") << pairs << std::string("cab") << std::vector<int32_t>{'c', 257};
        row("xxx") << pairs << std::string("xxx") << std::vector<int32_t>{260};
        row("xxxx: rank 3 twice beats rank 4") << pairs << std::string("xxxx") << std::vector<int32_t>{259, 259};
        row("xxxxx: leftmost first") << pairs << std::string("xxxxx") << std::vector<int32_t>{259, 260};
        row("space-a after ab") << pairs << std::string(" ab") << std::vector<int32_t>{' ', 257};
        row("space-a") << pairs << std::string(" a") << std::vector<int32_t>{261};
        row("two words") << pairs << std::string("abcabc abc") << std::vector<int32_t>{258, 258, ' ', 258};
        row("special token") << pairs << std::string("ab<|endoftext|>ab") << std::vector<int32_t>{257, 300, 257};
    }
}

void TestBpe::mergesByRank() {
    QFETCH(bool, pairs);
    QFETCH(std::string, text);
    QFETCH(std::vector<int32_t>, ids);
    auto spec = ranked_merges();
    spec.merges_as_pairs = pairs;
    Files files;
    const auto tok = files.load(spec.json());
    COMPARE_IDS(tok->encode(text), ids);
    std::vector<int32_t> appended{7};
    tok->encode_append(text, appended);
    COMPARE_IDS(std::vector<int32_t>(appended.begin() + 1, appended.end()), ids);
    QCOMPARE(tok->encode(text), ids);  // the second time from the cache
}

void TestBpe::preTokenizer_data() {
    QTest::addColumn<std::string>("kind");
    QTest::addColumn<std::string>("text");
    QTest::addColumn<std::vector<std::string>>("pieces");
    using P = std::vector<std::string>;
    using S = std::string;
    QTest::newRow("gpt2 words") << S("gpt2") << S("Hello world") << P{"Hello", " world"};
    QTest::newRow("gpt2 contractions case-sensitive")
        << S("gpt2") << S("I'LL don't") << P{"I", "'", "LL", " don", "'t"};
    QTest::newRow("gpt2 space run") << S("gpt2") << S("a  b") << P{"a", " ", " b"};
    QTest::newRow("gpt2 newlines") << S("gpt2") << S("x\n\ny") << P{"x", "\n", "\n", "y"};
    QTest::newRow("gpt2 number run") << S("gpt2") << S("12345 abc!?") << P{"12345", " abc", "!?"};
    QTest::newRow("gpt2 trailing spaces") << S("gpt2") << S("a   ") << P{"a", "   "};
    QTest::newRow("gpt2 invalid byte") << S("gpt2") << S("a\xff\xfe b") << P{"a", "\xff\xfe", " b"};
    QTest::newRow("gpt2 prefix space added") << S("gpt2 prefix") << S("Hello you") << P{" Hello", " you"};
    QTest::newRow("gpt2 prefix space kept") << S("gpt2 prefix") << S(" Hello") << P{" Hello"};
    QTest::newRow("qwen contractions any case")
        << S("qwen") << S("I'LL 12345") << P{"I", "'LL", " ", "1", "2", "3", "4", "5"};
    QTest::newRow("qwen punctuation joins letters") << S("qwen") << S("a,b\r\n\r\nc") << P{"a", ",b", "\r\n\r\n", "c"};
    QTest::newRow("qwen VT and NEL are spaces") << S("qwen")
                                                << S("a\v\xc2\x85"
                                                     "b")
                                                << P{"a", "\v",
                                                     "\xc2\x85"
                                                     "b"};
    QTest::newRow("split \\s: VT NEL NBSP ideographic")
        << S(R"(split:\s+)")
        << S("a\vb\xc2\x85"
             "c\xc2\xa0"
             "d\xe3\x80\x80"
             "e f")
        << P{"a", "\v", "b", "\xc2\x85", "c", "\xc2\xa0", "d", "\xe3\x80\x80", "e", " ", "f"};
    QTest::newRow("split \\S") << S(R"(split:\S+)")
                               << S("ab\xc2\x85"
                                    "cd")
                               << P{"ab", "\xc2\x85", "cd"};
    QTest::newRow("split [\\s]") << S(R"(split:[\s]+)") << S("a\vb") << P{"a", "\v", "b"};
    QTest::newRow("split [^\\s]") << S(R"(split:[^\s]+)") << S("ab\vcd") << P{"ab", "\v", "cd"};
    QTest::newRow("split dot stops only at \\n") << S("split:.+")
                                                 << S("a\rb\xe2\x80\xa8"
                                                      "c\nd")
                                                 << P{"a\rb\xe2\x80\xa8"
                                                      "c",
                                                      "\n", "d"};
    QTest::newRow("split {,2}") << S("split:x{,2}") << S("xxxxx") << P{"xx", "xx", "x"};
    QTest::newRow("split (?i:)") << S("split:(?i:'s)") << S("IT'S") << P{"IT", "'S"};
    QTest::newRow("split llama3 digits by three")
        << S(R"(split:(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)")
        << S("1234567 I'm") << P{"123", "456", "7", " I", "'m"};
    QTest::newRow("split 4-byte characters") << S(R"(split:\p{L}+)")
                                             << S("a\xf0\x9d\x90\x80"
                                                  "b\xf0\x9f\x98\x80"
                                                  "c")
                                             << P{"a\xf0\x9d\x90\x80"
                                                  "b",
                                                  "\xf0\x9f\x98\x80", "c"};
    QTest::newRow("digits runs") << S("digits") << S("ab123c4") << P{"ab", "123", "c", "4"};
    QTest::newRow("digits individual") << S("digits individual") << S("ab123c") << P{"ab", "1", "2", "3", "c"};
    QTest::newRow("digits arabic-indic") << S("digits individual") << S("x\xd9\xa1\xd9\xa2")
                                         << P{"x", "\xd9\xa1", "\xd9\xa2"};
}

// Every expected piece of two or more bytes is a vocab token and ignore_merges is on, so the
// ids show the pre-tokens: a wrong split leaves pieces that encode as single bytes.
void TestBpe::preTokenizer() {
    QFETCH(std::string, kind);
    QFETCH(std::string, text);
    QFETCH(std::vector<std::string>, pieces);
    TinyTokenizer spec;
    spec.pre_tokenizer = pre_tokenizer_for(kind);
    spec.ignore_merges = true;
    std::map<std::string, int32_t> ids_of;
    std::vector<int32_t> want;
    for (const auto& piece : pieces) {
        if (piece.size() == 1) {
            want.push_back(static_cast<unsigned char>(piece[0]));
            continue;
        }
        if (!ids_of.contains(piece)) {
            ids_of[piece] = 256 + int32_t(spec.tokens.size());
            spec.tokens.push_back(piece);
        }
        want.push_back(ids_of[piece]);
    }
    Files files;
    const auto tok = files.load(spec.json());
    COMPARE_IDS(tok->encode(text), want);
    const bool prefixed = kind == "gpt2 prefix" && !text.starts_with(' ');
    QCOMPARE(tok->decode(tok->encode(text)), prefixed ? std::string(" ").append(text) : text);  // as Hugging Face
}

void TestBpe::ignoreMerges() {
    TinyTokenizer spec;
    spec.tokens = {"xxxx"};  // 256, no merge makes it
    spec.merges = {{"x", "x"}, {"xx", "x"}};  // xx 257, xxx 258
    Files files;
    const auto merging = files.load(spec.json());
    COMPARE_IDS(merging->encode("xxxx"), (std::vector<int32_t>{257, 257}));
    spec.ignore_merges = true;
    const auto whole = files.load(spec.json());
    COMPARE_IDS(whole->encode("xxxx"), (std::vector<int32_t>{256}));
    COMPARE_IDS(whole->encode("xxx"), (std::vector<int32_t>{258}));
    COMPARE_IDS(whole->encode("xxxx xxxx"), (std::vector<int32_t>{256, ' ', 257, 257}));  // " xxxx" is not a token
}

void TestBpe::roundTrip_data() {
    QTest::addColumn<std::string>("kind");
    QTest::addColumn<std::string>("text");
    std::string all_bytes, all_bytes_reversed;
    for (int b = 0; b < 256; ++b) all_bytes += char(b), all_bytes_reversed += char(255 - b);
    const std::vector<std::pair<const char*, std::string>> texts = {
        {"ascii", "Hello, world!\n\ttabs  and   spaces \r\n"},
        {"cjk", "人人生而自由，在尊严和权利上一律平等。"},
        {"devanagari", "सभी मनुष्यों को गौरव और अधिकारों के मामले में"},
        {"emoji", "ok 😀👍🏽 👨‍👩‍👧"},
        {"invalid ff fe", "\xff\xfe"},
        {"truncated 3-byte", "ab\xe4\xb8"},
        {"truncated 4-byte then text", "\xf0\x9f\x98 x"},
        {"stray continuation", "x\x80y"},
        {"surrogate", "\xed\xa0\x80"},
        {"nul bytes", std::string("a\0b\0", 4)},
        {"all 256 bytes", all_bytes},
        {"all 256 bytes reversed", all_bytes_reversed},
        {"special token text", "a<|endoftext|>"},
    };
    for (const char* kind : {"gpt2", "qwen", "digits individual"})
        for (const auto& [name, text] : texts)
            QTest::newRow(qPrintable(QStringLiteral("%1 %2").arg(QLatin1String(kind), QLatin1String(name))))
                << std::string(kind) << text;
}

void TestBpe::roundTrip() {
    QFETCH(std::string, kind);
    QFETCH(std::string, text);
    auto spec = ranked_merges();
    spec.added_tokens = json::array({testing::added_token(300, "<|endoftext|>", false)});  // decoded, not dropped
    spec.pre_tokenizer = pre_tokenizer_for(kind);
    Files files;
    const auto tok = files.load(spec.json());
    const auto ids = tok->encode(text);
    for (int32_t id : ids) QVERIFY(id >= 0 && id < tok->vocab_size());
    QCOMPARE(tok->decode(ids), text);
    if (text.find("<|") == std::string::npos) QVERIFY(ids.size() <= text.size());
}

void TestBpe::addedTokensSplitAndDecode() {
    TinyTokenizer spec;
    spec.merges = {{"a", "b"}};  // 256
    spec.added_tokens =
        json::array({testing::added_token(300, "<sp>", true), testing::added_token(301, "<tag>", false),
                     testing::added_token(302, "<tag>long", false), testing::added_token(303, "</s>", true)});
    Files files;
    const auto tok = files.load(spec.json());
    const auto ids = tok->encode("ab<sp>ab<tag>long<tag><sp");
    COMPARE_IDS(ids, (std::vector<int32_t>{256, 300, 256, 302, 301, '<', 's', 'p'}));
    QCOMPARE(tok->decode(ids), std::string("abab<tag>long<tag><sp"));
    QVERIFY(tok->is_special(300));
    QVERIFY(!tok->is_special(301) && !tok->is_special(256) && !tok->is_special(-1) && !tok->is_special(100000));
    QCOMPARE(tok->token_id("<tag>long"), 302);
    QCOMPARE(tok->token_id(testing::byte_level_spelling("ab")), 256);
    QCOMPARE(tok->token_id("nothing"), -1);
}

void TestBpe::nfcNormalization() {
    const std::string decomposed = "cafe\xcc\x81", composed = "caf\xc3\xa9";
    TinyTokenizer spec;
    spec.merges = {{"\xc3", "\xa9"}};  // é 256
    Files files;
    const auto plain = files.load(spec.json());
    COMPARE_IDS(plain->encode(composed), (std::vector<int32_t>{'c', 'a', 'f', 256}));
    QVERIFY(plain->encode(decomposed) != plain->encode(composed));
    QCOMPARE(plain->decode(plain->encode(decomposed)), decomposed);

    for (const json& normalizer :
         {json{{"type", "NFC"}}, json{{"type", "Sequence"}, {"normalizers", {{{"type", "NFC"}}}}}}) {
        spec.normalizer = normalizer;
        const auto nfc = files.load(spec.json());
        COMPARE_IDS(nfc->encode(decomposed), (std::vector<int32_t>{'c', 'a', 'f', 256}));
        QCOMPARE(nfc->decode(nfc->encode(decomposed)), composed);
        QCOMPARE(nfc->decode(nfc->encode("\xff"
                                         "e\xcc\x81")),
                 std::string("\xff\xc3\xa9"));  // invalid byte kept
    }
    // An added token marked normalized is matched after NFC; one that is not, on the raw text.
    spec.normalizer = json{{"type", "NFC"}};
    spec.added_tokens.push_back(testing::added_token(301, "\xc3\xa9", false, true));
    COMPARE_IDS(files.load(spec.json())->encode(decomposed), (std::vector<int32_t>{'c', 'a', 'f', 301}));
    spec.added_tokens[1]["normalized"] = false;
    COMPARE_IDS(files.load(spec.json())->encode(decomposed), (std::vector<int32_t>{'c', 'a', 'f', 256}));
}

void TestBpe::vocabSizeAndDecodeErrors() {
    auto spec = ranked_merges();  // vocab 0..262, added 300
    Files files;
    const auto tok = files.load(spec.json());
    QCOMPARE(tok->vocab_size(), 301);
    for (int32_t id : {270, -1, 301}) {
        const std::vector<int32_t> ids{'a', id};
        const auto message = QString::fromStdString(error_message([&] { tok->decode(ids); }));
        QVERIFY2(message.contains(QString::number(id)) && message.contains(QStringLiteral("tokenizer.json")),
                 qPrintable(message));
    }
    QCOMPARE(tok->decode(std::vector<int32_t>{300, 258, 300}), std::string("abc"));  // special dropped
}

// encode is const and shares its cache and regex matchers between threads.
void TestBpe::concurrentEncode() {
    auto spec = ranked_merges();
    spec.pre_tokenizer = testing::split_then_byte_level(testing::kQwenPattern);
    Files files;
    const auto tok = files.load(spec.json());
    std::vector<std::string> texts;
    for (int i = 0; i < 400; ++i)
        texts.push_back("abc xxxx " + std::to_string(i * 7919) + " xx\xc3\xa9 ab" + std::string(size_t(i % 13), 'x'));
    std::vector<std::vector<int32_t>> serial;
    for (const auto& text : texts) serial.push_back(tok->encode(text));
    tok->clear_cache();
    std::vector<std::vector<std::vector<int32_t>>> parallel(4, std::vector<std::vector<int32_t>>(texts.size()));
    std::vector<std::thread> threads;
    for (size_t t = 0; t < parallel.size(); ++t)
        threads.emplace_back([&, t] {
            for (size_t i = 0; i < texts.size(); ++i)
                parallel[t][(i + t * 97) % texts.size()] = tok->encode(texts[(i + t * 97) % texts.size()]);
        });
    for (auto& thread : threads) thread.join();
    for (const auto& result : parallel) QVERIFY(result == serial);
}

// The pre-token cache behind encode: pre-tokens whose hashes collide stay apart, a full cache
// stops storing yet answers for what it holds, two threads inserting the same pre-tokens at once
// leave every lookup right, and clear empties it.
void TestBpe::wordCache() {
    bpe::WordCache cache;
    auto ids_of = [](size_t i) { return std::vector<int32_t>{int32_t(i), int32_t(i * 3 + 1), int32_t(i % 7)}; };
    auto lookup = [&](const std::string& word, uint64_t hash) {
        std::vector<int32_t> out{-5};  // find appends
        if (!cache.find(word, hash, out)) return std::optional<std::vector<int32_t>>();
        return std::optional(std::vector<int32_t>(out.begin() + 1, out.end()));
    };
    // Same hash (same slot, same tag), different bytes; then a different length.
    const std::vector<int32_t> a{1, 2}, b{3}, c{4, 5, 6, 7};
    cache.insert("ab", 42, a.data(), a.size());
    cache.insert("ba", 42, b.data(), b.size());
    cache.insert("abc", 42, c.data(), c.size());
    QCOMPARE(lookup("ab", 42), std::optional(a));
    QCOMPARE(lookup("ba", 42), std::optional(b));
    QCOMPARE(lookup("abc", 42), std::optional(c));
    QVERIFY(!lookup("a", 42));
    QVERIFY(!lookup("ab", 43));
    cache.clear();
    QVERIFY(!lookup("ab", 42));

    // Filled past its limit from two threads, both inserting every word (hashes spread).
    const size_t n = bpe::WordCache::kMaxEntries + 1000;
    auto word = [](size_t i) { return fmt::format("w{}", i); };
    auto hash = [&](size_t i) { return std::hash<std::string_view>{}(word(i)); };
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t)
        threads.emplace_back([&] {
            for (size_t i = 0; i < n; ++i) {
                const auto ids = ids_of(i);
                std::vector<int32_t> out;
                if (!cache.find(word(i), hash(i), out)) cache.insert(word(i), hash(i), ids.data(), ids.size());
            }
        });
    for (auto& t : threads) t.join();
    size_t found = 0;
    for (size_t i = 0; i < n; ++i) {
        const auto got = lookup(word(i), hash(i));
        if (!got) continue;
        ++found;
        QCOMPARE(*got, ids_of(i));
    }
    QVERIFY2(found >= bpe::WordCache::kMaxEntries / 2 && found < n, qPrintable(QString::number(found)));
    QVERIFY(!lookup(word(n - 1), hash(n - 1)));  // inserted after the limit
}

void TestBpe::specialIds_data() {
    QTest::addColumn<std::string>("added");  // JSON array of [id, content] pairs, all special
    QTest::addColumn<std::string>("config");  // "" = no tokenizer_config.json
    QTest::addColumn<std::vector<int32_t>>("bos_eos_pad");
    QTest::addColumn<QString>("error");
    using S = std::string;
    using V = std::vector<int32_t>;
    QTest::newRow("gpt2, no config") << S(R"([[300,"<|endoftext|>"]])") << S() << V{300, 300, 300} << QString();
    QTest::newRow("llama3, no config") << S(R"([[300,"<|begin_of_text|>"],[301,"<|end_of_text|>"]])") << S()
                                       << V{300, 301, 301} << QString();
    QTest::newRow("s and /s, no config") << S(R"([[300,"<s>"],[301,"</s>"],[302,"<pad>"]])") << S() << V{300, 301, 301}
                                         << QString();
    QTest::newRow("qwen: bos null") << S(R"([[300,"<|endoftext|>"],[301,"<|im_end|>"]])")
                                    << S(R"({"bos_token":null,"eos_token":"<|im_end|>","pad_token":"<|endoftext|>"})")
                                    << V{301, 301, 300} << QString();
    QTest::newRow("content objects")
        << S(R"([[300,"<s>"],[301,"</s>"],[302,"<pad>"]])")
        << S(R"({"bos_token":{"__type":"AddedToken","content":"<s>"},"eos_token":{"content":"</s>"},"pad_token":{"content":"<pad>"}})")
        << V{300, 301, 302} << QString();
    QTest::newRow("config without bos, known name")
        << S(R"([[300,"<s>"],[301,"<eos>"]])") << S(R"({"eos_token":"<eos>"})") << V{300, 301, 301} << QString();
    QTest::newRow("eos from the vocab") << S("[]") << S(R"({"eos_token":"z","bos_token":"a"})") << V{'a', 'z', 'z'}
                                        << QString();
    QTest::newRow("no eos anywhere") << S(R"([[300,"<s>"]])") << S() << V{} << QStringLiteral("no EOS");
    QTest::newRow("config names no eos") << S(R"([[300,"<s>"]])") << S(R"({"bos_token":"<s>"})") << V{}
                                         << QStringLiteral("tokenizer_config.json names no eos_token");
    QTest::newRow("unknown eos") << S(R"([[300,"</s>"]])") << S(R"({"eos_token":"<nope>"})") << V{}
                                 << QStringLiteral("eos_token '<nope>'");
    QTest::newRow("eos not a string") << S(R"([[300,"</s>"]])") << S(R"({"eos_token":5})") << V{}
                                      << QStringLiteral("eos_token is 5");
    QTest::newRow("unknown pad") << S(R"([[300,"</s>"]])") << S(R"({"pad_token":"<pad>"})") << V{}
                                 << QStringLiteral("pad_token '<pad>'");
    QTest::newRow("config not an object")
        << S(R"([[300,"</s>"]])") << S("[]") << V{} << QStringLiteral("tokenizer_config.json: not a JSON object");
    QTest::newRow("config not JSON") << S(R"([[300,"</s>"]])") << S("{") << V{}
                                     << QStringLiteral("tokenizer_config.json: invalid JSON");
}

void TestBpe::specialIds() {
    QFETCH(std::string, added);
    QFETCH(std::string, config);
    QFETCH(std::vector<int32_t>, bos_eos_pad);
    QFETCH(QString, error);
    TinyTokenizer spec;
    spec.added_tokens = json::array();
    for (const auto& pair : json::parse(added))
        spec.added_tokens.push_back(testing::added_token(pair[0].get<int>(), pair[1].get<std::string>(), true));
    Files files;
    write_file(files.path("tokenizer.json"), spec.json().dump());
    if (!config.empty()) write_file(files.path("tokenizer_config.json"), config);
    auto load = [&] {
        return BpeTokenizer::from_files(files.path("tokenizer.json"), files.path("tokenizer_config.json"));
    };
    if (!error.isEmpty()) {
        const auto message = QString::fromStdString(error_message(load));
        QVERIFY2(message.contains(error), qPrintable(message));
        return;
    }
    const auto tok = load();
    COMPARE_IDS((std::vector<int32_t>{tok->bos_id(), tok->eos_id(), tok->pad_id()}), bos_eos_pad);
}

void TestBpe::describeAndLoadDir() {
    auto spec = ranked_merges();
    const json config = {{"eos_token", "<|endoftext|>"}, {"bos_token", nullptr}, {"pad_token", "a"}};
    Files original;
    original.load(spec.json(), &config);
    const auto tok = load_tokenizer_dir(original.path(""));
    const auto description = tok->describe();
    QCOMPARE(description, (json{{"type", "bpe"},
                                {"tokenizer_file", "tokenizer.json"},
                                {"config_file", "tokenizer_config.json"},
                                {"vocab_size", 301},
                                {"bos_id", 300},
                                {"eos_id", 300},
                                {"pad_id", 'a'}}));
    const auto files = tok->files();
    QCOMPARE(files.size(), size_t(2));
    for (const auto& file : files) QVERIFY(file.is_absolute() && fs::exists(file));

    // A saved model folder: the description beside copies of the files it names.
    QTemporaryDir saved;
    const fs::path dir = saved.path().toStdString();
    for (const auto& file : files) fs::copy_file(file, dir / file.filename());
    write_file(dir / "layermoe_tokenizer.json", description.dump(2));
    const auto reloaded = load_tokenizer_dir(dir);
    QCOMPARE(reloaded->describe(), description);
    const std::string text = "abc xxxx<|endoftext|> ab";
    COMPARE_IDS(reloaded->encode(text), tok->encode(text));
    QCOMPARE(tokenizer_from_description(description, dir)->describe(), description);

    // Without config_file in the description, a tokenizer_config.json beside it is not read.
    auto without_config = description;
    without_config.erase("config_file");
    without_config.erase("pad_id");
    QCOMPARE(tokenizer_from_description(without_config, dir)->pad_id(), 300);

    auto wrong = description;
    wrong["vocab_size"] = 5;
    const auto message = QString::fromStdString(error_message([&] { tokenizer_from_description(wrong, dir); }));
    QVERIFY2(message.contains(QStringLiteral("vocab_size")), qPrintable(message));
    write_file(dir / "layermoe_tokenizer.json", wrong.dump());
    const auto dir_message = QString::fromStdString(error_message([&] { load_tokenizer_dir(dir); }));
    QVERIFY2(dir_message.contains(QStringLiteral("layermoe_tokenizer.json")) &&
                 dir_message.contains(QStringLiteral("vocab_size")),
             qPrintable(dir_message));

    write_file(dir / "layermoe_tokenizer.json", ByteTokenizer().describe().dump());
    QCOMPARE(load_tokenizer_dir(dir)->describe(), ByteTokenizer().describe());
}

void TestBpe::loadDirErrors() {
    QTemporaryDir empty;
    const fs::path dir = empty.path().toStdString();
    auto message = QString::fromStdString(error_message([&] { load_tokenizer_dir(dir); }));
    QVERIFY2(message.contains(QStringLiteral("no tokenizer")) && message.contains(empty.path()), qPrintable(message));
    write_file(dir / "layermoe_tokenizer.json", "{\"type\": ");
    message = QString::fromStdString(error_message([&] { load_tokenizer_dir(dir); }));
    QVERIFY2(message.contains(QStringLiteral("layermoe_tokenizer.json: invalid JSON")), qPrintable(message));
    write_file(dir / "layermoe_tokenizer.json", R"({"type":"bpe","tokenizer_file":"tokenizer.json"})");
    message = QString::fromStdString(error_message([&] { load_tokenizer_dir(dir); }));
    QVERIFY2(message.contains(QStringLiteral("tokenizer.json, which does not exist")), qPrintable(message));
}

void TestBpe::malformedTokenizerJson_data() {
    QTest::addColumn<std::string>("pointer");  // JSON pointer into a valid tokenizer.json
    QTest::addColumn<std::string>("value");  // its new value; "remove" removes it
    QTest::addColumn<QString>("mentions");
    using S = std::string;
    const auto split = [](const char* regex) { return testing::split_then_byte_level(regex).dump(); };
    QTest::newRow("no model") << S("/model") << S("remove") << QStringLiteral("no object \"model\"");
    QTest::newRow("normalizer Lowercase")
        << S("/normalizer") << S(R"({"type":"Lowercase"})") << QStringLiteral("unsupported normalizer 'Lowercase'");
    QTest::newRow("normalizer NFKC in Sequence")
        << S("/normalizer") << S(R"({"type":"Sequence","normalizers":[{"type":"NFC"},{"type":"NFKC"}]})")
        << QStringLiteral("unsupported normalizer 'NFKC'");
    QTest::newRow("normalizer without type") << S("/normalizer") << S("{}") << QStringLiteral("normalizer {}");
    QTest::newRow("pre_tokenizer Whitespace") << S("/pre_tokenizer") << S(R"({"type":"Whitespace"})")
                                              << QStringLiteral("unsupported pre_tokenizer 'Whitespace'");
    QTest::newRow("pre_tokenizer null") << S("/pre_tokenizer") << S("null") << QStringLiteral("pre_tokenizer is null");
    QTest::newRow("ByteLevel not last")
        << S("/pre_tokenizer")
        << S(R"({"type":"Sequence","pretokenizers":[{"type":"ByteLevel","add_prefix_space":false},{"type":"Digits"}]})")
        << QStringLiteral("ByteLevel must be the last");
    QTest::newRow("Split without ByteLevel")
        << S("/pre_tokenizer") << S(R"({"type":"Split","pattern":{"Regex":"a"},"behavior":"Isolated","invert":false})")
        << QStringLiteral("ByteLevel");
    QTest::newRow("ByteLevel without add_prefix_space")
        << S("/pre_tokenizer") << S(R"({"type":"ByteLevel"})") << QStringLiteral("add_prefix_space");
    QTest::newRow("Split String pattern")
        << S("/pre_tokenizer/pretokenizers/0/pattern") << S(R"({"String":" "})") << QStringLiteral("Split pattern");
    QTest::newRow("Split Removed") << S("/pre_tokenizer/pretokenizers/0/behavior") << S(R"("Removed")")
                                   << QStringLiteral("behavior 'Removed'");
    QTest::newRow("Split invert") << S("/pre_tokenizer/pretokenizers/0/invert") << S("true")
                                  << QStringLiteral("invert");
    QTest::newRow("regex \\w") << S("/pre_tokenizer") << split(R"(\w+)") << QStringLiteral("'\\w'");
    QTest::newRow("regex anchor") << S("/pre_tokenizer") << split("^a") << QStringLiteral("anchor '^'");
    QTest::newRow("regex POSIX class") << S("/pre_tokenizer") << split("[[:alpha:]]") << QStringLiteral("POSIX");
    QTest::newRow("regex {n}+") << S("/pre_tokenizer") << split("a{2}+") << QStringLiteral("{n,m}+");
    QTest::newRow("regex named group") << S("/pre_tokenizer") << split("(?<x>a)") << QStringLiteral("(?<x");
    QTest::newRow("regex unterminated class")
        << S("/pre_tokenizer") << split("[ab") << QStringLiteral("unterminated class");
    QTest::newRow("regex does not compile")
        << S("/pre_tokenizer") << split("(ab") << QStringLiteral("does not compile");
    QTest::newRow("decoder null") << S("/decoder") << S("null") << QStringLiteral("unsupported decoder null");
    QTest::newRow("decoder WordPiece") << S("/decoder") << S(R"({"type":"WordPiece"})")
                                       << QStringLiteral("unsupported decoder \"WordPiece\"");
    QTest::newRow("model WordPiece") << S("/model/type") << S(R"("WordPiece")")
                                     << QStringLiteral("unsupported model \"WordPiece\"");
    QTest::newRow("byte_fallback") << S("/model/byte_fallback") << S("true") << QStringLiteral("byte_fallback");
    QTest::newRow("dropout") << S("/model/dropout") << S("0.1") << QStringLiteral("dropout");
    QTest::newRow("subword prefix") << S("/model/continuing_subword_prefix") << S(R"("##")")
                                    << QStringLiteral("continuing_subword_prefix");
    QTest::newRow("word suffix") << S("/model/end_of_word_suffix") << S(R"("</w>")")
                                 << QStringLiteral("end_of_word_suffix");
    QTest::newRow("no vocab") << S("/model/vocab") << S("remove") << QStringLiteral("no object \"vocab\"");
    QTest::newRow("vocab lacks byte A") << S("/model/vocab/A") << S("remove") << QStringLiteral("byte 0x41");
    QTest::newRow("vocab negative id") << S("/model/vocab/A") << S("-3") << QStringLiteral("vocab token 'A' has id -3");
    QTest::newRow("vocab id not a number") << S("/model/vocab/A") << S(R"("65")") << QStringLiteral("vocab token 'A'");
    QTest::newRow("no merges") << S("/model/merges") << S("remove") << QStringLiteral("no array \"merges\"");
    QTest::newRow("merge of unknown token")
        << S("/model/merges/0") << S(R"("a qq")") << QStringLiteral("merge 0 names 'qq'");
    QTest::newRow("merge result unknown")
        << S("/model/merges/0") << S(R"("q z")") << QStringLiteral("merge 0 names 'qz'");
    QTest::newRow("merge not two tokens") << S("/model/merges/1") << S(R"("abc")") << QStringLiteral("merge 1 \"abc\"");
    QTest::newRow("merge pair of three") << S("/model/merges/1") << S(R"(["a","b","c"])") << QStringLiteral("merge 1");
    QTest::newRow("added tokens not array")
        << S("/added_tokens") << S("{}") << QStringLiteral("\"added_tokens\" is not an array");
    QTest::newRow("added token lstrip") << S("/added_tokens/0/lstrip") << S("true")
                                        << QStringLiteral("'<|endoftext|>' sets lstrip");
    QTest::newRow("added token single_word")
        << S("/added_tokens/0/single_word") << S("true") << QStringLiteral("sets single_word");
    QTest::newRow("added token without content")
        << S("/added_tokens/0/content") << S("remove") << QStringLiteral("\"content\"");
    QTest::newRow("added token empty") << S("/added_tokens/0/content") << S(R"("")") << QStringLiteral("empty content");
    QTest::newRow("not an object") << S("") << S("[1]") << QStringLiteral("not a JSON object");
}

void TestBpe::malformedTokenizerJson() {
    QFETCH(std::string, pointer);
    QFETCH(std::string, value);
    QFETCH(QString, mentions);
    auto spec = ranked_merges();
    spec.pre_tokenizer = testing::split_then_byte_level(testing::kQwenPattern);
    auto file = spec.json();
    const json::json_pointer at(pointer);
    if (value == "remove")
        file[at.parent_pointer()].erase(at.back());
    else
        file[at] = json::parse(value);
    Files files;
    QVERIFY(files.load(spec.json()) != nullptr);  // the unchanged file loads
    const auto message = QString::fromStdString(error_message([&] { files.load(file); }));
    QVERIFY2(message.startsWith(QString::fromStdString(files.path("tokenizer.json").string() + ": ")),
             qPrintable(message));
    QVERIFY2(message.contains(mentions), qPrintable(message));
}

void TestBpe::malformedFiles_data() {
    QTest::addColumn<std::string>("content");  // of tokenizer.json; "missing" = no file
    QTest::addColumn<QString>("mentions");
    QTest::newRow("missing") << std::string("missing") << QStringLiteral("tokenizer.json does not exist");
    QTest::newRow("empty") << std::string() << QStringLiteral("tokenizer.json: invalid JSON");
    QTest::newRow("truncated") << std::string(R"({"model": {"vocab": {)")
                               << QStringLiteral("tokenizer.json: invalid JSON");
    QTest::newRow("binary") << std::string("\x89PNG\r\n\x1a\n", 8) << QStringLiteral("tokenizer.json: invalid JSON");
}

void TestBpe::malformedFiles() {
    QFETCH(std::string, content);
    QFETCH(QString, mentions);
    Files files;
    if (content != "missing") write_file(files.path("tokenizer.json"), content);
    const auto message = QString::fromStdString(error_message(
        [&] { BpeTokenizer::from_files(files.path("tokenizer.json"), files.path("tokenizer_config.json")); }));
    QVERIFY2(message.contains(mentions), qPrintable(message));
}

// Training: merges by count (ties to the smaller pair of ids) until the vocabulary is full or no
// pair is frequent enough; the files load, frequent words become one token, text round-trips.
void TestBpe::training() {
    std::vector<std::string> docs(10, "hello hello hello world");
    docs.push_back("Ελληνικά και 中文 with e\u0301");
    BpeTrainOptions options;
    options.vocab_size = 300;
    const auto trained = train_bpe({&docs}, options);
    // Pairs seen at least twice: hello's four and world's five (with the space), then the words whole.
    QVERIFY(trained.merges > 0 && trained.merges < 300 - 258);
    const auto& merges = trained.tokenizer.at("model").at("merges");
    QCOMPARE(merges.at(0), nlohmann::json({"e", "l"}));  // count 30, the smallest of the tied pairs
    QTemporaryDir tmp;
    const fs::path dir = fs::path(tmp.path().toStdString()) / "tok";
    write_bpe_files(dir, trained);
    const auto tok = load_tokenizer_dir(dir);
    QCOMPARE(tok->vocab_size(), static_cast<int32_t>(256 + trained.merges + 2));
    QCOMPARE(tok->encode("hello hello world").size(), size_t{3});  // "hello", " hello", " world"
    QCOMPARE(tok->bos_id(), tok->eos_id());
    QVERIFY(tok->is_special(tok->pad_id()) && tok->pad_id() != tok->eos_id());
    for (const auto& text : {std::string("unseen text, Ελληνικά! 123"), docs.back()}) {
        QCOMPARE(tok->decode(tok->encode(text)),
                 text.find("e\u0301") != std::string::npos ? std::string("Ελληνικά και 中文 with \u00e9") : text);
    }
    options.vocab_size = 4000;  // more than the pairs seen twice allow: it stops early
    QCOMPARE(train_bpe({&docs}, options).merges, trained.merges);
    options.min_frequency = 1000;
    QCOMPARE(train_bpe({&docs}, options).merges, int64_t{0});
    options.vocab_size = 100;
    try {
        train_bpe({&docs}, options);
        QFAIL("no error for a vocabulary smaller than the bytes");
    } catch (const Error& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("at least 258")));
    }
}

QTEST_APPLESS_MAIN(TestBpe)
#include "test_bpe.moc"
