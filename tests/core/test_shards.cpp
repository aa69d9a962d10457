// Token shards: the folder `layermoe tokenize` writes round-trips, ShardBlocks gives exactly
// pack_documents' blocks (so training on either is bit-identical), compressed JSONL reads as
// plain JSONL, and stale sources and other tokenizers are refused by name.
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <thread>

#include <zlib.h>
#include <zstd.h>

#include "core/common/error.h"
#include "core/data/corpus.h"
#include "core/data/corpus_files.h"
#include "core/data/doc_stream.h"
#include "core/data/packing.h"
#include "core/data/shard_writer.h"
#include "core/data/shuffle.h"
#include "core/data/shards.h"
#include "core/data/tokenizer.h"
#include "core/jobs/training_data.h"
#include "core/train/trainer.h"
#include "torch_test_util.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

// Bytes mapped above 65536, so its ids need uint32.
class WideTokenizer final : public Tokenizer {
public:
    static constexpr int32_t kBase = 70000;
    std::vector<int32_t> encode(std::string_view text) const override {
        std::vector<int32_t> out;
        for (unsigned char c : text) out.push_back(kBase + c);
        return out;
    }
    std::string decode(std::span<const int32_t> ids) const override {
        std::string s;
        for (int32_t id : ids)
            if (id >= kBase) s.push_back(char(id - kBase));
        return s;
    }
    int32_t vocab_size() const override { return kBase + 259; }
    int32_t bos_id() const override { return kBase + 256; }
    int32_t eos_id() const override { return kBase + 257; }
    int32_t pad_id() const override { return kBase + 258; }
    nlohmann::json describe() const override { return {{"type", "wide-test"}, {"vocab_size", vocab_size()}}; }
};

std::string doc_text(const std::string& lang, int i) {
    // Lengths from 1 to ~200 bytes, so documents straddle blocks and some fit several in one.
    std::string s = lang + " " + std::to_string(i);
    for (int k = 0; k < (i * 37) % 23; ++k) s += " word" + std::to_string((i + k) % 11);
    return s;
}

void write_file(const fs::path& p, const std::string& bytes) {
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
}

std::string jsonl_of(const std::vector<std::string>& docs) {
    std::string out;
    for (const auto& d : docs) out += nlohmann::json{{"text", d}}.dump() + "\n";
    return out;
}

// A text corpus: eng.jsonl (with blank lines and an empty text), spa.txt (with a BOM and CRs), deu.jsonl.
fs::path write_text_corpus(const fs::path& dir) {
    std::vector<std::string> eng, spa, deu;
    for (int i = 0; i < 240; ++i) eng.push_back(doc_text("eng", i));
    for (int i = 0; i < 130; ++i) spa.push_back(doc_text("spa", i));
    for (int i = 0; i < 3; ++i) deu.push_back(doc_text("deu", i));
    std::string e = jsonl_of(eng);
    e.insert(e.find('\n') + 1, "\n{\"text\": \"\"}\n   \n");
    write_file(dir / "eng.jsonl", e);
    std::string s = "\xEF\xBB\xBF";
    for (const auto& d : spa) s += d + "\r\n";
    write_file(dir / "spa.txt", s);
    write_file(dir / "deu.jsonl", jsonl_of(deu));
    return dir;
}

std::vector<int32_t> block_of(const BlockSource& b, int64_t i, int16_t& lang) {
    std::vector<int32_t> out(size_t(b.block_length()));
    lang = b.copy_block(i, out.data());
    return out;
}

// Every block, token by token, and its language.
void compare_blocks(const PackedBlocks& packed, const ShardBlocks& shards) {
    QCOMPARE(shards.block_count(), packed.block_count());
    QCOMPARE(shards.language_codes(), packed.languages);
    QCOMPARE(shards.padding_id(), packed.pad_id);
    QCOMPARE(shards.real_token_count(), packed.n_real_tokens());
    for (int64_t b = 0; b < packed.block_count(); ++b) {
        int16_t la = 0, lb = 0;
        const auto a = block_of(packed, b, la), s = block_of(shards, b, lb);
        QCOMPARE(lb, la);
        if (a != s) QFAIL(qPrintable(QStringLiteral("block %1 differs").arg(b)));
    }
}

TokenizeOptions tokenize_options(const fs::path& corpus, const fs::path& out, std::vector<std::string> langs = {}) {
    TokenizeOptions o;
    o.corpus = corpus;
    o.out = out;
    o.langs = std::move(langs);
    o.threads = 3;  // more workers than cores: order must not depend on who finishes first
    o.chunk_bytes = 1000;  // many chunks
    return o;
}

std::vector<std::pair<std::string, const std::vector<std::string>*>>
train_lists(const Corpus& c, const std::vector<std::string>& langs) {
    std::vector<std::pair<std::string, const std::vector<std::string>*>> out;
    for (const auto& l : langs) out.emplace_back(l, &c.at(l).train);
    return out;
}

template <class F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestShards : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void round_trip_matches_the_corpus() {
        QTemporaryDir tmp;
        const fs::path corpus = write_text_corpus(fs::path(tmp.path().toStdString()) / "corpus");
        ByteTokenizer tok;
        auto o = tokenize_options(corpus, fs::path(tmp.path().toStdString()) / "shards");
        o.split.seed = 77;
        o.split.heldout_fraction = 0.2;
        const auto r = tokenize_corpus(o, tok);
        CorpusOptions co;
        co.seed = 77;
        co.heldout_fraction = 0.2;
        const Corpus c = load_corpus(corpus, {}, co);
        const ShardSet set(o.out);
        QCOMPARE(set.codes().size(), size_t(3));
        QCOMPARE(set.manifest().tokenizer.kind, std::string("byte"));
        uint64_t docs = 0;
        for (const auto& code : c.codes()) {
            const auto& text = c.at(code);
            const ShardLanguage& l = set.language(code);
            QCOMPARE(l.info().dtype_bytes, 2);
            QCOMPARE(l.info().documents[0], uint64_t(text.train.size()));
            QCOMPARE(l.info().documents[1], uint64_t(text.heldout.size()));
            QCOMPARE(l.heldout_text(0), text.heldout);
            std::vector<uint32_t> rows, counts;
            l.train_documents(0, rows, counts);
            for (size_t k = 0; k < rows.size(); ++k) {
                const auto rec = l.record(rows[k]);
                std::vector<int32_t> ids(rec.token_count);
                l.copy_tokens(rec.token_offset, rec.token_count, ids.data());
                QCOMPARE(tok.decode(ids), text.train[k]);
                QCOMPARE(uint64_t(rec.byte_count), uint64_t(text.train[k].size()));
            }
            docs += text.train.size() + text.heldout.size();
        }
        QCOMPARE(r.documents, docs);
        // load_corpus reads the shard folder as held-out text.
        const Corpus back = load_corpus(o.out, {"spa"}, {});
        QCOMPARE(back.format, std::string("shards"));
        QCOMPARE(back.at("spa").heldout, c.at("spa").heldout);
        QVERIFY(back.at("spa").train.empty());
    }

    void flores_split_is_dev_and_devtest() {
        QTemporaryDir tmp;
        const fs::path corpus = fs::path(tmp.path().toStdString()) / "flores";
        test::write_flores_corpus(corpus, {"eng", "hun"}, 40, 9);
        ByteTokenizer tok;
        auto o = tokenize_options(corpus, fs::path(tmp.path().toStdString()) / "shards");
        tokenize_corpus(o, tok);
        const Corpus c = load_corpus(corpus, {"eng", "hun"});
        const ShardSet set(o.out);
        for (const auto& code : {"eng", "hun"}) {
            QCOMPARE(set.language(code).info().documents[0], uint64_t(40));
            QCOMPARE(set.language(code).heldout_text(0), c.at(code).heldout);
        }
    }

    void dtype_follows_the_vocabulary() {
        QTemporaryDir tmp;
        const fs::path corpus = write_text_corpus(fs::path(tmp.path().toStdString()) / "corpus");
        WideTokenizer wide;
        auto o = tokenize_options(corpus, fs::path(tmp.path().toStdString()) / "wide", {"eng"});
        tokenize_corpus(o, wide);
        const ShardSet set(o.out);
        const ShardLanguage& l = set.language("eng");
        QCOMPARE(l.info().dtype_bytes, 4);
        QCOMPARE(fs::file_size(o.out / l.info().tokens_file), 4 * (l.info().tokens[0] + l.info().tokens[1]));
        const auto rec = l.record(0);
        std::vector<int32_t> ids(rec.token_count);
        l.copy_tokens(rec.token_offset, rec.token_count, ids.data());
        QCOMPARE(ids, wide.encode(doc_text("eng", 0)));
        QCOMPARE(shard_dtype_bytes(65536), 2);
        QCOMPARE(shard_dtype_bytes(65537), 4);
    }

    void blocks_equal_packing() {
        QTemporaryDir tmp;
        const fs::path corpus = write_text_corpus(fs::path(tmp.path().toStdString()) / "corpus");
        ByteTokenizer tok;
        auto o = tokenize_options(corpus, fs::path(tmp.path().toStdString()) / "shards");
        tokenize_corpus(o, tok);
        const Corpus c = load_corpus(corpus, {});
        const fs::path cache = fs::path(tmp.path().toStdString()) / "cache";
        const TrainingCorpus data(o.out, {"spa", "eng", "deu"}, {}, tok, "test", cache);
        const std::vector<std::vector<std::string>> orders = {{"eng"}, {"spa", "eng", "deu"}, {"deu", "spa"}};
        for (const auto& langs : orders)
            for (int64_t len : {1, 7, 65, 257, 5000})
                for (uint64_t seed : {1, 42})
                    for (bool bos : {true, false}) {
                        PackOptions p;
                        p.block_len = len;
                        p.seed = seed;
                        p.add_bos = bos;
                        p.add_eos = !bos || seed == 1;
                        compare_blocks(pack_documents(train_lists(c, langs), tok, p), *data.blocks(langs, p));
                    }
        // A corpus folder goes through the cache and gives the same blocks.
        const TrainingCorpus cached(corpus, {"spa", "eng"}, {}, tok, "test", cache);
        PackOptions p;
        p.block_len = 33;
        compare_blocks(pack_documents(train_lists(c, {"spa", "eng"}), tok, p), *cached.blocks({"spa", "eng"}, p));
        QCOMPARE(cached.heldout().at("eng").heldout, c.at("eng").heldout);
        // max_documents cuts train and held-out lists as load_corpus does.
        CorpusOptions few;
        few.max_documents = 17;
        const Corpus cf = load_corpus(corpus, {}, few);
        const TrainingCorpus limited(o.out, {"eng"}, few, tok, "test", cache);
        compare_blocks(pack_documents(train_lists(cf, {"eng"}), tok, p), *limited.blocks({"eng"}, p));
        QCOMPARE(limited.heldout().at("eng").heldout, cf.at("eng").heldout);
    }

    // The expansion's replay: a seeded draw of old-language documents, as expand_job made in memory.
    void replay_equals_in_memory_replay() {
        QTemporaryDir tmp;
        const fs::path corpus = write_text_corpus(fs::path(tmp.path().toStdString()) / "corpus");
        ByteTokenizer tok;
        const Corpus c = load_corpus(corpus, {});
        const TrainingCorpus data(corpus, {"eng", "deu", "spa"}, {}, tok, "test",
                                  fs::path(tmp.path().toStdString()) / "cache");
        PackOptions p;
        p.block_len = 40;
        p.seed = 9;
        const uint64_t replay_seed = 5;
        const double ratio = 0.3;
        std::vector<std::vector<std::string>> storage;
        std::vector<std::pair<std::string, const std::vector<std::string>*>> docs;
        const auto per_old = size_t(std::llround(ratio * double(c.at("spa").train.size())));
        storage.reserve(2);
        for (const std::string old : {"eng", "deu"}) {
            auto d = c.at(old).train;
            seeded_shuffle(d, mix_seed(replay_seed, stable_hash(old)));
            d.resize(std::min(d.size(), per_old));
            storage.push_back(d);
            docs.emplace_back(old, &storage.back());
        }
        docs.emplace_back("spa", &c.at("spa").train);
        std::vector<size_t> replayed;
        compare_blocks(pack_documents(docs, tok, p),
                       *data.expansion_blocks({"eng", "deu"}, {"spa"}, ratio, replay_seed, p, replayed));
        QCOMPARE(replayed, (std::vector<size_t>{0, 1}));
    }

    void training_is_bit_identical() {
        QTemporaryDir tmp;
        const fs::path corpus = write_text_corpus(fs::path(tmp.path().toStdString()) / "corpus");
        ByteTokenizer tok;
        const Corpus c = load_corpus(corpus, {});
        const TrainingCorpus data(corpus, {"eng", "spa"}, {}, tok, "test",
                                  fs::path(tmp.path().toStdString()) / "cache");
        PackOptions p;
        p.block_len = model_preset("tiny").work_len() + 1;
        p.seed = 5;
        const PackedBlocks packed = pack_documents(train_lists(c, {"eng", "spa"}), tok, p);
        const auto shards = data.blocks({"eng", "spa"}, p);
        TrainConfig t;
        t.steps = 6;
        t.batch_size = 4;
        t.lr = 3e-3;
        t.warmup_steps = 2;
        t.threads = 1;
        t.seed = 5;
        LanguageModel ma(model_preset("tiny")), mb(model_preset("tiny"));
        ma->init_weights(3);
        mb->init_weights(3);
        Trainer a(ma, packed, tok, t);
        Trainer b(mb, *shards, tok, t);
        const auto ra = a.run({});
        const auto rb = b.run({});
        for (size_t i = 0; i < ra.history.size(); ++i) QCOMPARE(rb.history[i].loss, ra.history[i].loss);
        auto pa = ma->parameters(), pb = mb->parameters();
        QCOMPARE(pb.size(), pa.size());
        for (size_t i = 0; i < pa.size(); ++i)
            QVERIFY2(torch::equal(pa[i], pb[i]), qPrintable(QStringLiteral("parameter %1 differs").arg(i)));
    }

    void compressed_jsonl_reads_as_jsonl() {
        QTemporaryDir tmp;
        const fs::path root(tmp.path().toStdString());
        std::vector<std::string> docs;
        for (int i = 0; i < 3000; ++i) docs.push_back(doc_text("eng", i) + " \xC3\xA9\xE4\xB8\xAD");
        std::string text = jsonl_of(docs);
        text.insert(0, "\n\n");
        write_file(root / "plain" / "eng.jsonl", text);
        fs::create_directories(root / "gz");
        {
            gzFile gz = gzopen((root / "gz" / "eng.jsonl.gz").c_str(), "wb");
            gzwrite(gz, text.data(), unsigned(text.size()));
            gzclose(gz);
        }
        std::string z(ZSTD_compressBound(text.size()), '\0');
        z.resize(ZSTD_compress(z.data(), z.size(), text.data(), text.size(), 3));
        write_file(root / "zst" / "eng.jsonl.zst", z);
        const auto plain = load_corpus(root / "plain", {"eng"});
        for (const char* sub : {"gz", "zst"}) {
            const auto c = load_corpus(root / sub, {"eng"});
            QCOMPARE(c.at("eng").train, plain.at("eng").train);
            QCOMPARE(c.at("eng").heldout, plain.at("eng").heldout);
            QCOMPARE(available_languages(root / sub), std::vector<std::string>{"eng"});
            ByteTokenizer tok;
            auto o = tokenize_options(root / sub, root / (std::string(sub) + "-shards"));
            tokenize_corpus(o, tok);
            const ShardSet set(o.out);
            QCOMPARE(set.language("eng").heldout_text(0), plain.at("eng").heldout);
            QCOMPARE(set.language("eng").info().documents[0], uint64_t(plain.at("eng").train.size()));
        }
        QCOMPARE(read_documents_stream(root / "plain" / "eng.jsonl"), docs);
        // A cut zstd stream is an error naming the file.
        write_file(root / "cut" / "eng.jsonl.zst", z.substr(0, z.size() / 2));
        QVERIFY(error_of([&] { load_corpus(root / "cut", {"eng"}); }).contains(QStringLiteral("eng.jsonl.zst")));
    }

    // LineReader::skip (the held-out pass passes over the lines it does not need) keeps the line
    // numbers and contents next() gives, across its 1 MiB reads and for a last line without '\n',
    // in plain, gzip and zstd files.
    void line_reader_skip_matches_next() {
        QTemporaryDir tmp;
        const fs::path root(tmp.path().toStdString());
        std::vector<std::string> lines;
        for (int i = 0; i < 400; ++i) {
            // Mostly short lines, some of 0.3 to 2.3 MiB that span several reads, some empty.
            const size_t n = i % 37 == 5 ? (300000 + size_t(i) * 5000) : size_t((i * 131) % 700);
            std::string line(n, char('a' + i % 26));
            if (n > 0) line += std::to_string(i);
            lines.push_back(line);
        }
        for (const bool final_newline : {true, false}) {
            std::string text;
            for (size_t i = 0; i < lines.size(); ++i)
                text += lines[i] + (i + 1 < lines.size() || final_newline ? "\n" : "");
            const std::string tag = final_newline ? "nl" : "no-nl";
            write_file(root / (tag + ".txt"), text);
            {
                gzFile gz = gzopen((root / (tag + ".txt.gz")).c_str(), "wb");
                gzwrite(gz, text.data(), unsigned(text.size()));
                gzclose(gz);
            }
            std::string z(ZSTD_compressBound(text.size()), '\0');
            z.resize(ZSTD_compress(z.data(), z.size(), text.data(), text.size(), 1));
            write_file(root / (tag + ".txt.zst"), z);
            for (const char* ext : {".txt", ".txt.gz", ".txt.zst"}) {
                for (const int stride : {1, 2, 3, 50}) {
                    LineReader reader(root / (tag + ext));
                    std::string line;
                    for (size_t i = 0; i < lines.size(); ++i) {
                        if (i % size_t(stride) == 0) {
                            QVERIFY(reader.next(line));
                            QCOMPARE(line.size(), lines[i].size());
                            QVERIFY(line == lines[i]);
                        } else {
                            QVERIFY(reader.skip());
                        }
                        QCOMPARE(reader.line_number(), i + 1);
                    }
                    QVERIFY(!reader.skip());
                    QVERIFY(!reader.next(line));
                    QCOMPARE(reader.line_number(), lines.size());
                }
            }
        }
    }

    // The fast reading of {"text": ...} lines gives what the JSON parser gives.
    void jsonl_text_matches_the_parser() {
        const char* lines[] = {"{\"text\": \"a\\\"b\\\\c\\/d\\n\\t\\r\\b\\f\"}",
                               "  { \"text\" :\"x \\u00e9 \\ud83d\\ude00\" }  ", "{\"text\":\"caf\xC3\xA9\"}",
                               "{\"text\": \"\", \"id\": 3}", "{\"id\": 1, \"text\": \"y\"}"};
        for (const std::string line : lines) {
            const auto expected = nlohmann::json::parse(line).at("text").get<std::string>();
            QCOMPARE(jsonl_text_field("f.jsonl", 1, line), expected);
        }
        const char* bad_lines[] = {"{\"text\": \"a", "{\"text\": \"a\"} x", "{\"text\": \"a\tb\"}"};
        for (const std::string bad : bad_lines)
            QVERIFY(error_of([&] { jsonl_text_field("f.jsonl", 7, bad); }).contains(QStringLiteral("f.jsonl:7:")));
    }

    void line_errors_name_file_and_line() {
        QTemporaryDir tmp;
        const fs::path root(tmp.path().toStdString());
        std::string text = jsonl_of({"a", "b", "c"});
        text += "{\"text\": 3}\n";
        write_file(root / "c" / "eng.jsonl", text);
        ByteTokenizer tok;
        const QString e = error_of([&] { tokenize_corpus(tokenize_options(root / "c", root / "s"), tok); });
        QVERIFY2(e.contains(QStringLiteral("eng.jsonl:4:")), qPrintable(e));
        QVERIFY(!fs::exists(root / "s" / kShardsFile));
        write_file(root / "e" / "eng.txt", "\n \n");
        const QString empty = error_of([&] { tokenize_corpus(tokenize_options(root / "e", root / "s2"), tok); });
        QVERIFY2(empty.contains(QStringLiteral("eng.txt")) && empty.contains(QStringLiteral("empty")),
                 qPrintable(empty));
    }

    void stale_source_and_wrong_tokenizer_are_refused() {
        QTemporaryDir tmp;
        const fs::path root(tmp.path().toStdString());
        const fs::path corpus = write_text_corpus(root / "corpus");
        ByteTokenizer tok;
        auto o = tokenize_options(corpus, root / "shards");
        tokenize_corpus(o, tok);
        WideTokenizer wide;
        const QString e1 = error_of([&] { TrainingCorpus(o.out, {"eng"}, {}, wide, "model /models/wide", root); });
        QVERIFY2(e1.contains(QString::fromStdString(o.out.string())) && e1.contains(QStringLiteral("/models/wide")),
                 qPrintable(e1));
        // The cache of a corpus folder follows its source: a changed file is a new cache folder,
        // and the folders of the file as it was (whatever their tokenizer) are removed with it;
        // those of the file as it is, another tokenizer's among them, are kept.
        const fs::path cache = root / "cache";
        auto folders = [&] {
            std::set<fs::path> out;
            for (const auto& e : fs::directory_iterator(cache)) out.insert(e.path());
            return out;
        };
        { TrainingCorpus(corpus, {"spa", "eng"}, {}, tok, "test", cache); }
        const auto before = folders();
        QCOMPARE(before.size(), size_t(2));
        { TrainingCorpus(corpus, {"spa"}, {}, tok, "test", cache); }
        QCOMPARE(folders(), before);
        { TrainingCorpus(corpus, {"spa"}, {}, wide, "test", cache); }
        QCOMPARE(folders().size(), size_t(3));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        std::ofstream(corpus / "spa.txt", std::ios::app) << "una linea nueva\n";
        const QString e2 = error_of([&] { TrainingCorpus(o.out, {"spa"}, {}, tok, "test", cache); });
        QVERIFY2(e2.contains(QString::fromStdString(o.out.string())) && e2.contains(QStringLiteral("spa.txt")) &&
                     e2.contains(QStringLiteral("stale")),
                 qPrintable(e2));
        QVERIFY(error_of([&] { load_corpus(o.out, {"spa"}); }).contains(QStringLiteral("stale")));
        std::vector<std::string> messages;
        const ProgressFn progress = [&](const Progress& p) {
            messages.push_back(p.message);
            return true;
        };
        { TrainingCorpus(corpus, {"spa"}, {}, tok, "test", cache, progress); }
        const auto after = folders();
        QCOMPARE(after.size(), size_t(2));  // eng's kept, spa's new one; both stale spa ones gone
        for (const auto& dir : before) {
            const bool spa = dir.filename().string().starts_with("spa-");
            QCOMPARE(after.count(dir), size_t(spa ? 0 : 1));
            if (spa)
                QVERIFY(std::any_of(messages.begin(), messages.end(), [&](const std::string& m) {
                    return m.starts_with("removed " + dir.string() + ": ");
                }));
        }
    }

    void manifest_errors_name_file_and_key() {
        QTemporaryDir tmp;
        const fs::path root(tmp.path().toStdString());
        const fs::path corpus = write_text_corpus(root / "corpus");
        ByteTokenizer tok;
        auto o = tokenize_options(corpus, root / "shards", {"deu"});
        tokenize_corpus(o, tok);
        auto j = nlohmann::json::parse(std::ifstream(o.out / kShardsFile));
        j["languages"][0]["dtype"] = "int8";
        std::ofstream(o.out / kShardsFile) << j.dump();
        const QString e = error_of([&] { ShardSet set(o.out); });
        QVERIFY2(e.contains(QStringLiteral("shards.json")) && e.contains(QStringLiteral("languages[0].dtype")),
                 qPrintable(e));
        j["languages"][0]["dtype"] = "uint16";
        j["languages"][0]["tokens"]["train"] = 1;
        std::ofstream(o.out / kShardsFile) << j.dump();
        QVERIFY(error_of([&] { ShardSet set(o.out); }).contains(QStringLiteral("deu.tokens")));
        j.erase("tokenizer");
        std::ofstream(o.out / kShardsFile) << j.dump();
        QVERIFY(error_of([&] { ShardSet set(o.out); }).contains(QStringLiteral("key 'tokenizer'")));
    }
};

QTEST_GUILESS_MAIN(TestShards)
#include "test_shards.moc"
