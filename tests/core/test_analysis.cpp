// HSA capture and similarity: the O(N d) accumulation against the brute-force N x N cosine mean
// (random data and real hidden states), the sampling rules (token limit and selection, windows,
// BOS and padding excluded), batch-size invariance, the aligned similarity, cancellation.
#include <QtTest>

#include "core/analysis/similarity.h"
#include "core/common/error.h"

using namespace layermoe;

namespace {

// The reference method: the mean of the full N_a x N_b cosine matrix, in fp64.
double brute_force_similarity(const torch::Tensor& a /* [Na, d] */, const torch::Tensor& b /* [Nb, d] */) {
    auto unit = [](const torch::Tensor& x) {
        auto xd = x.to(torch::kFloat64);
        return xd / xd.norm(2, 1, true);
    };
    return torch::matmul(unit(a), unit(b).t()).mean().item<double>();
}

double rel_error(double got, double want) { return std::abs(got - want) / std::max(std::abs(want), 1e-300); }

LanguageModel small_model(const char* preset) {
    ModelConfig c = model_preset(preset);
    c.vocab_size = ByteTokenizer::kVocab;
    LanguageModel m(c);
    m->init_weights(11);
    m->eval();
    return m;
}

std::vector<std::string> docs_of(const std::string& stem, int n) {
    std::vector<std::string> docs;
    for (int i = 0; i < n; ++i) docs.push_back(stem + " " + std::to_string(i * 13));
    return docs;
}

// Every layer's HSAs of each document run on its own (no padding), BOS excluded: [N, d] per layer.
std::vector<torch::Tensor> per_token_hsas(LanguageModel& model, const Tokenizer& tok,
                                          const std::vector<std::string>& docs) {
    torch::NoGradGuard ng;
    std::vector<std::vector<torch::Tensor>> parts(static_cast<size_t>(model->config().n_layers));
    for (const auto& d : docs) {
        std::vector<int64_t> ids{tok.bos_id()};
        for (int32_t id : tok.encode(d)) ids.push_back(id);
        const HsaObserver observe = [&](int64_t layer, const torch::Tensor& hsa) {
            parts[static_cast<size_t>(layer)].push_back(hsa[0].narrow(0, 1, hsa.size(1) - 1).clone());
        };
        ForwardContext ctx;
        ctx.observer = &observe;
        model->hidden_states(torch::tensor(ids, torch::kInt64).unsqueeze(0), ctx);
    }
    std::vector<torch::Tensor> out;
    for (auto& p : parts) out.push_back(torch::cat(p));
    return out;
}

}  // namespace

class TestAnalysis : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        torch::manual_seed(3);
        torch::set_num_threads(1);
    }

    // O(N d) accumulation equals the mean of the N x N cosine matrix, to 1e-9 relative in fp64.
    void accumulator_equals_brute_force_on_random_vectors() {
        const std::vector<int64_t> sizes = {37, 120, 301};
        std::vector<torch::Tensor> data;
        for (size_t i = 0; i < sizes.size(); ++i)
            data.push_back(torch::randn({sizes[i], 24}) + 0.3 * static_cast<double>(i));  // different means
        SimilarityAccumulator acc(2, 24, {"aaa", "bbb", "ccc"});
        for (size_t lang = 0; lang < data.size(); ++lang)
            for (int64_t layer = 0; layer < 2; ++layer)
                for (int64_t first = 0; first < sizes[lang]; first += 50)  // added in chunks
                    acc.add(layer, lang, data[lang].narrow(0, first, std::min<int64_t>(50, sizes[lang] - first)));
        const auto report = acc.report();
        QCOMPARE(report.layers.size(), size_t(2));
        for (size_t a = 0; a < 3; ++a) {
            QCOMPARE(report.layers[1].counts[a], sizes[a]);
            for (size_t b = 0; b < 3; ++b) {
                const double want = brute_force_similarity(data[a], data[b]);
                QVERIFY2(rel_error(report.layers[0].at(a, b), want) < 1e-9,
                         qPrintable(QStringLiteral("%1 vs %2").arg(report.layers[0].at(a, b)).arg(want)));
            }
        }
        QCOMPARE(report.layers[0].at("aaa", "ccc"), report.layers[0].at("ccc", "aaa"));
    }

    // The same on the real hidden states of the small model, layer by layer.
    void accumulator_equals_brute_force_on_model_hsas() {
        auto model = small_model("small");
        ByteTokenizer tok;
        const std::vector<std::vector<std::string>> langs = {docs_of("the river runs north past the market", 6),
                                                             docs_of("el río corre hacia el norte", 6),
                                                             docs_of("ο ποταμός τρέχει βόρεια", 6)};
        std::vector<std::vector<torch::Tensor>> hsas;
        for (const auto& docs : langs) hsas.push_back(per_token_hsas(model, tok, docs));
        const int64_t layers = model->config().n_layers;
        SimilarityAccumulator acc(layers, model->config().d_model, {"eng", "spa", "ell"});
        for (size_t lang = 0; lang < langs.size(); ++lang)
            for (int64_t layer = 0; layer < layers; ++layer)
                acc.add(layer, lang, hsas[lang][static_cast<size_t>(layer)]);
        const auto report = acc.report();
        for (int64_t layer = 0; layer < layers; ++layer)
            for (size_t a = 0; a < 3; ++a)
                for (size_t b = 0; b < 3; ++b) {
                    const double want = brute_force_similarity(hsas[a][static_cast<size_t>(layer)],
                                                               hsas[b][static_cast<size_t>(layer)]);
                    QVERIFY(rel_error(report.layers[static_cast<size_t>(layer)].at(a, b), want) < 1e-9);
                }
    }

    // capture_similarity batches and pads; its result matches documents run one by one.
    void capture_matches_unbatched_reference() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("the market is open every morning", 9), spa = docs_of("la casa es grande y azul", 7);
        CaptureConfig cfg;
        cfg.tokens_select = 100000;
        cfg.batch_size = 4;
        const auto got = capture_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}}, cfg).report;
        const auto ref_eng = per_token_hsas(model, tok, eng), ref_spa = per_token_hsas(model, tok, spa);
        for (int64_t layer = 0; layer < model->config().n_layers; ++layer) {
            const auto& m = got.layers[static_cast<size_t>(layer)];
            QCOMPARE(m.counts[0], ref_eng[0].size(0));
            QCOMPARE(m.counts[1], ref_spa[0].size(0));
            const double want =
                brute_force_similarity(ref_eng[static_cast<size_t>(layer)], ref_spa[static_cast<size_t>(layer)]);
            QVERIFY2(rel_error(m.at("eng", "spa"), want) < 1e-5,
                     qPrintable(QStringLiteral("%1 vs %2").arg(m.at("eng", "spa")).arg(want)));
        }
    }

    void sampling_rules_data() {
        QTest::addColumn<int>("select");
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("expected");
        // Five documents of 100 tokens each.
        QTest::newRow("select cuts inside a document") << 250 << 0 << 250;
        QTest::newRow("limit stops reading after the document that passes it") << 1000 << 150 << 200;
        QTest::newRow("limit exactly reached keeps reading") << 1000 << 200 << 300;
        QTest::newRow("all documents") << 1000 << 0 << 500;
    }
    // Documents in order until more than tokens_limit tokens; the first tokens_select tokens count.
    void sampling_rules() {
        QFETCH(int, select);
        QFETCH(int, limit);
        QFETCH(int, expected);
        auto model = small_model("tiny");  // context 64: each document is two windows
        ByteTokenizer tok;
        std::vector<std::string> docs(5, std::string(100, 'a'));
        CaptureConfig cfg;
        cfg.tokens_select = select;
        cfg.tokens_limit = limit;
        const auto report = capture_similarity(model, tok, {{"eng", &docs}}, cfg).report;
        for (const auto& m : report.layers) QCOMPARE(m.counts[0], int64_t(expected));
    }

    // Padding never leaks into the result: any batch size gives the same similarity.
    void batch_size_does_not_change_the_result() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("short", 5), spa = docs_of("una frase algo mas larga que la otra", 6);
        CaptureConfig one, many;
        one.batch_size = 1;
        many.batch_size = 7;
        const auto a = capture_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}}, one).report;
        const auto b = capture_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}}, many).report;
        for (size_t layer = 0; layer < a.layers.size(); ++layer)
            for (size_t i = 0; i < a.layers[layer].values.size(); ++i)
                QVERIFY(rel_error(b.layers[layer].values[i], a.layers[layer].values[i]) < 1e-5);
    }

    // Aligned similarity pools each sentence; a language paired with an identical copy of itself
    // scores exactly 1, a different language less.
    void aligned_similarity_of_identical_text_is_one() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("the bridge over the river", 10), spa = docs_of("el puente sobre el rio", 10);
        const auto copy = eng;
        CaptureConfig cfg;
        cfg.batch_size = 3;
        const auto report =
            capture_aligned_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}, {"xxx", &copy}}, cfg).report;
        QCOMPARE(report.kind, std::string("aligned"));
        for (const auto& m : report.layers) {
            QCOMPARE(m.counts[0], int64_t(10));
            QVERIFY(std::abs(m.at(size_t(0), size_t(2)) - 1.0) < 1e-12);
            QVERIFY(std::abs(m.at(size_t(1), size_t(1)) - 1.0) < 1e-12);
            QVERIFY(m.at(size_t(0), size_t(1)) < 1.0 - 1e-6);
        }
        cfg.aligned_sentences = 4;
        const auto fewer = capture_aligned_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}}, cfg).report;
        QCOMPARE(fewer.layers[0].counts[1], int64_t(4));
    }

    void aligned_needs_a_parallel_corpus() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("a", 5), spa = docs_of("b", 6);
        try {
            capture_aligned_similarity(model, tok, {{"eng", &eng}, {"spa", &spa}}, {});
            QFAIL("no error for languages with different document counts");
        } catch (const Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("parallel corpus")));
        }
    }

    // The progress callback can stop the capture; nothing half-computed is returned.
    void capture_can_be_cancelled() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("some words here", 40);
        CaptureConfig cfg;
        cfg.batch_size = 2;
        int calls = 0;
        const auto r =
            capture_similarity(model, tok, {{"eng", &eng}}, cfg, [&](const Progress&) { return ++calls < 3; });
        QVERIFY(r.cancelled);
        QCOMPARE(calls, 3);
        QVERIFY(r.report.layers.empty());
    }

    void bad_configs_are_errors() {
        auto model = small_model("tiny");
        ByteTokenizer tok;
        const auto eng = docs_of("x", 2);
        const std::vector<std::string> empty;
        CaptureConfig zero;
        zero.tokens_select = 0;
        QVERIFY_THROWS_EXCEPTION(Error, capture_similarity(model, tok, {{"eng", &eng}}, zero));
        QVERIFY_THROWS_EXCEPTION(Error, capture_similarity(model, tok, {{"eng", &empty}}, {}));
    }
};

QTEST_APPLESS_MAIN(TestAnalysis)
#include "test_analysis.moc"
