// Bits per byte: exact values for a model with known probabilities, agreement with a direct
// computation, long documents split into windows, group means.
#include <QtTest>

#include <cmath>
#include <numbers>

#include "core/common/error.h"
#include "core/data/tokenizer.h"
#include "core/eval/bpb.h"

using namespace layermoe;

namespace {
LanguageModel zero_model() {
    ModelConfig c = model_preset("tiny");
    LanguageModel m(c);
    torch::NoGradGuard ng;
    for (auto& p : m->parameters()) p.zero_();
    return m;
}
}  // namespace

class TestEval : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // All-zero weights give zero logits: every byte costs log2(259) bits, however long the text
    // (documents longer than max_len = 64 are scored in windows).
    void uniform_model_scores_log2_vocab_data() {
        QTest::addColumn<QString>("text");
        QTest::newRow("ascii") << QStringLiteral("hello world");
        QTest::newRow("greek") << QStringLiteral("Όλοι οι άνθρωποι γεννιούνται ελεύθεροι");
        QTest::newRow("long") << QString(QStringLiteral("abcdefghij")).repeated(30);
    }
    void uniform_model_scores_log2_vocab() {
        QFETCH(QString, text);
        auto model = zero_model();
        ByteTokenizer tok;
        std::vector<std::string> docs = {text.toStdString(), "x"};
        auto r = evaluate_bpb(model, tok, {{"eng", &docs}}, {});
        QCOMPARE(r.size(), size_t{1});
        QCOMPARE(r[0].bytes, static_cast<int64_t>(docs[0].size() + 1));
        QCOMPARE(r[0].tokens, r[0].bytes);
        QCOMPARE(r[0].documents, int64_t{2});
        QVERIFY2(std::abs(r[0].bits_per_byte - std::log2(259.0)) < 1e-6 * std::log2(259.0),
                 qPrintable(QString::number(r[0].bits_per_byte, 'g', 12)));
    }

    // Against the sum of log-softmax of a single full forward pass for short documents.
    void matches_direct_computation() {
        torch::manual_seed(3);
        LanguageModel model(model_preset("tiny"));
        model->init_weights(9);
        model->eval();
        ByteTokenizer tok;
        std::vector<std::string> docs = {"a short one", "another document, a bit longer than the first", "z"};
        double nll = 0;
        int64_t bytes = 0;
        {
            torch::NoGradGuard ng;
            for (const auto& d : docs) {
                auto ids = tok.encode(d);
                std::vector<int64_t> input = {tok.bos_id()};
                for (size_t i = 0; i + 1 < ids.size(); ++i) input.push_back(ids[i]);
                auto logp = torch::log_softmax(model->forward(torch::tensor(input).unsqueeze(0))[0], -1);
                for (size_t i = 0; i < ids.size(); ++i) nll -= logp[static_cast<int64_t>(i)][ids[i]].item<double>();
                bytes += static_cast<int64_t>(d.size());
            }
        }
        BpbConfig cfg;
        cfg.batch_size = 2;  // forces padding inside a batch
        auto r = evaluate_bpb(model, tok, {{"eng", &docs}}, cfg);
        const double expected = nll / std::numbers::ln2 / static_cast<double>(bytes);
        QVERIFY2(std::abs(r[0].bits_per_byte - expected) / expected < 1e-5,
                 qPrintable(QStringLiteral("%1 vs %2").arg(r[0].bits_per_byte).arg(expected)));
    }

    void max_documents_and_empty_language() {
        auto model = zero_model();
        ByteTokenizer tok;
        std::vector<std::string> docs = {"one", "two", "three"};
        BpbConfig cfg;
        cfg.max_documents = 2;
        auto r = evaluate_bpb(model, tok, {{"eng", &docs}}, cfg);
        QCOMPARE(r[0].documents, int64_t{2});
        QCOMPARE(r[0].bytes, int64_t{6});
        std::vector<std::string> none;
        QVERIFY_THROWS_EXCEPTION(Error, evaluate_bpb(model, tok, {{"spa", &none}}, {}));
    }

    void group_means_are_unweighted_per_group() {
        std::vector<BpbResult> rs(4);
        rs[0].language = "eng";
        rs[0].bits_per_byte = 1.0;
        rs[1].language = "spa";
        rs[1].bits_per_byte = 2.0;
        rs[2].language = "ell";
        rs[2].bits_per_byte = 5.0;
        rs[3].language = "hun";
        rs[3].bits_per_byte = 7.0;
        LanguageGroups g;
        g.old_langs = {"eng", "spa"};
        g.new1 = {"ell", "hun"};
        auto means = group_means(rs, g);
        QCOMPARE(means.size(), size_t{3});
        QCOMPARE(means[0].group, std::string("old"));
        QCOMPARE(means[0].bits_per_byte, 1.5);
        QCOMPARE(means[1].bits_per_byte, 6.0);
        QCOMPARE(means[2].group, std::string("all"));
        QCOMPARE(means[2].bits_per_byte, 3.75);
    }
};

QTEST_APPLESS_MAIN(TestEval)
#include "test_eval.moc"
