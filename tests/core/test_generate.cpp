// Generation and routing: greedy decoding with the cache against the argmax of a full forward pass
// (dense, grouped-query and expanded models), prompts of different lengths in one batch against each
// alone, the routing class decided on the prompt and kept, seeded sampling, stop strings; routing
// shares per layer and language summing to 1, class-0 sequences on expert 0, the store round trip.
#include <QtTest>

#include <numeric>
#include <set>

#include "core/common/error.h"
#include "core/data/tokenizer.h"
#include "core/eval/generate.h"
#include "core/eval/route_stats.h"
#include "core/model/moe.h"
#include "core/report/routes.h"
#include "core/store/store.h"

using namespace layermoe;

namespace {

// A tiny model whose logits are far from flat (embeddings scaled up), so that greedy choices are
// not decided by rounding. kind: "dense" (as many key/value heads as heads), "gqa", "expanded"
// (grouped-query, MoE layers 0 and 1 with a classifier on 1).
LanguageModel make_model(const std::string& kind, double embedding_scale = 40.0, uint64_t seed = 5) {
    ModelConfig c = model_preset("tiny");
    c.vocab_size = ByteTokenizer::kVocab;
    c.max_len = 96;
    if (kind == "dense") c.n_kv_heads = c.n_heads;
    LanguageModel m(c);
    m->init_weights(seed);
    torch::NoGradGuard ng;
    m->model->embed_tokens->weight.mul_(embedding_scale);
    if (kind == "expanded") {
        MoeLayout layout;
        layout.waves.assign(static_cast<size_t>(c.n_layers), {1});
        layout.waves[0] = {1, 2};
        layout.waves[1] = {1, 3};
        layout.classifier.assign(static_cast<size_t>(c.n_layers), false);
        layout.classifier[1] = true;
        layout.top_k = 2;
        apply_moe_layout(*m, layout, seed);
        auto gen = at::detail::createCPUGenerator(seed + 1);
        for (const auto& block : m->model->blocks)
            if (auto moe = std::dynamic_pointer_cast<MoeFfn>(block->mlp)) {
                for (int64_t e = 1; e < moe->n_experts(); ++e)
                    for (auto& p : moe->expert(e)->parameters()) p.add_(at::normal(0.0, 0.05, p.sizes(), gen));
                // Routing that differs from token to token (not so peaked that an allowed
                // expert's probability underflows to 0).
                moe->router->weight.mul_(4.0);
            }
    }
    return m;
}

std::shared_ptr<MoeFfn> moe_at(LanguageModel& m, size_t layer) {
    return std::dynamic_pointer_cast<MoeFfn>(m->model->blocks[layer]->mlp);
}

std::vector<int32_t> ids_of(const Generation& g) {
    std::vector<int32_t> out;
    for (const auto& t : g.tokens) out.push_back(t.id);
    return out;
}

// The classes a full forward pass over the prompt alone decides.
std::map<int64_t, int64_t> classes_on(LanguageModel& m, const std::vector<int32_t>& prompt) {
    torch::NoGradGuard ng;
    std::map<int64_t, torch::Tensor> decided;
    ForwardContext ctx;
    ctx.routing_classes = &decided;
    m->forward(torch::tensor(std::vector<int64_t>(prompt.begin(), prompt.end())).unsqueeze(0), ctx);
    std::map<int64_t, int64_t> out;
    for (const auto& [layer, c] : decided) out[layer] = c[0].item<int64_t>();
    return out;
}

std::vector<std::string> docs(const std::string& stem, int n) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(stem + " " + std::to_string(i * 7) + " " + stem);
    return out;
}

}  // namespace

class TestGenerate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::set_num_threads(1); }

    // At every step the token greedy decoding with the cache picked is the argmax of the logits of
    // a full forward pass over the whole sequence so far (the classes decided on the prompt).
    void greedy_with_cache_is_argmax_of_full_forward_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("dense") << QStringLiteral("dense");
        QTest::newRow("gqa") << QStringLiteral("gqa");
        QTest::newRow("expanded") << QStringLiteral("expanded");
    }
    void greedy_with_cache_is_argmax_of_full_forward() {
        QFETCH(QString, kind);
        auto m = make_model(kind.toStdString());
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 40;
        const auto g = generate(m, tok, {"the river runs"}, o).front();
        QCOMPARE(g.tokens.size(), size_t(40));
        QCOMPARE(g.stop, StopReason::Length);
        const auto classes = classes_on(m, g.prompt_ids);
        if (kind == QStringLiteral("expanded")) QCOMPARE(classes.size(), size_t(1));
        std::vector<int64_t> seq(g.prompt_ids.begin(), g.prompt_ids.end());
        torch::NoGradGuard ng;
        double smallest_margin = 1e9;
        for (size_t i = 0; i < g.tokens.size(); ++i) {
            std::map<int64_t, torch::Tensor> fixed;
            for (const auto& [layer, c] : classes) fixed[layer] = torch::tensor({c});
            ForwardContext ctx;
            ctx.routing_classes = &fixed;
            const auto logits = m->forward(torch::tensor(seq).unsqueeze(0), ctx)[0][-1];
            const auto top = logits.topk(2);
            const auto values = std::get<0>(top);
            smallest_margin = std::min(smallest_margin, (values[0] - values[1]).item<double>());
            QCOMPARE(int64_t(g.tokens[i].id), std::get<1>(top)[0].item<int64_t>());
            seq.push_back(g.tokens[i].id);
        }
        // The comparison means something: no step was a near tie.
        QVERIFY2(smallest_margin > 1e-3, qPrintable(QString::number(smallest_margin)));
        // Recomputing every step (the benchmark's reference) picks the same tokens.
        o.cache = false;
        QCOMPARE(ids_of(generate(m, tok, {"the river runs"}, o).front()), ids_of(g));
    }

    // Prompts of different lengths decoded as one batch (left padding) get what each gets alone.
    void batch_equals_each_alone_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("gqa") << QStringLiteral("gqa");
        QTest::newRow("expanded") << QStringLiteral("expanded");
    }
    void batch_equals_each_alone() {
        QFETCH(QString, kind);
        auto m = make_model(kind.toStdString());
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 25;
        o.routing = true;
        const std::vector<std::string> prompts{"a", "the long river runs north to", "market"};
        const auto batch = generate(m, tok, prompts, o);
        for (size_t i = 0; i < prompts.size(); ++i) {
            const auto alone = generate(m, tok, {prompts[i]}, o).front();
            QCOMPARE(ids_of(batch[i]), ids_of(alone));
            QCOMPARE(batch[i].classes, alone.classes);
            for (size_t t = 0; t < alone.tokens.size(); ++t)
                for (size_t l = 0; l < alone.tokens[t].routing.size(); ++l)
                    QCOMPARE(batch[i].tokens[t].routing[l].experts, alone.tokens[t].routing[l].experts);
        }
    }

    // The routing classifier decides on the prompt; every generated token keeps that class.
    void class_decided_on_the_prompt_is_kept() {
        auto m = make_model("expanded");
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 30;
        o.routing = true;
        int classes_seen[2] = {0, 0};
        for (const char* prompt : {"the river", "το νερό τρέχει", "el agua", "x", "42 houses"}) {
            const auto g = generate(m, tok, {prompt}, o).front();
            const auto decided = classes_on(m, g.prompt_ids);
            QCOMPARE(g.classes, decided);
            ++classes_seen[decided.at(1)];
            for (const auto& t : g.tokens) {
                QCOMPARE(t.routing.size(), size_t(2));  // layers 0 and 1
                QCOMPARE(t.routing[0].routing_class, int64_t(-1));
                QCOMPARE(t.routing[1].routing_class, decided.at(1));
                const float sum = std::accumulate(t.routing[1].weights.begin(), t.routing[1].weights.end(), 0.0f);
                QVERIFY(std::abs(sum - 1.0f) < 1e-5);
                if (decided.at(1) == 0) QCOMPARE(t.routing[1].experts, std::vector<int64_t>{0});
            }
        }
        qInfo("prompts of class 0: %d, class 1: %d", classes_seen[0], classes_seen[1]);
    }

    // A sequence whose classifier decides class 0 routes every token to expert 0 at the
    // classifier layer (all-zero classifier weights: equal logits, argmax the first class).
    void class_zero_routes_everything_to_expert_zero() {
        auto m = make_model("expanded");
        {
            torch::NoGradGuard ng;
            moe_at(m, 1)->classifier->weight.zero_();
        }
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 20;
        o.routing = true;
        o.temperature = 1.0;
        const auto g = generate(m, tok, {"το νερό", "the river"}, o);
        for (const auto& row : g) {
            QCOMPARE(row.classes.at(1), int64_t(0));
            for (const auto& t : row.tokens) {
                QCOMPARE(t.routing[1].experts, std::vector<int64_t>{0});
                QCOMPARE(t.routing[1].weights, std::vector<float>{1.0f});
            }
        }
        const auto a = docs("the river", 6), b = docs("το νερό τρέχει", 6);
        const auto table = measure_routes(m, tok, {{"eng", "old", &a}, {"ell", "G1", &b}}, {}, {});
        QCOMPARE(table.layers.size(), size_t(2));
        const auto& l1 = table.layers[1];
        QCOMPARE(l1.layer, int64_t(1));
        for (size_t i = 0; i < 2; ++i) {
            QCOMPARE(l1.share[i][0], 1.0);
            for (size_t e = 1; e < l1.share[i].size(); ++e) QCOMPARE(l1.share[i][e], 0.0);
            QCOMPARE(l1.classes[i][0], table.languages[i].sequences);
        }
        // Layer 0 has no classifier: its new experts are used.
        QVERIFY(table.layers[0].share[0][0] < 1.0);
        QVERIFY(table.layers[0].classes.empty());
    }

    // The same seed gives the same sample; another seed another one.
    void seed_gives_the_same_sample() {
        auto m = make_model("expanded", /*embedding_scale=*/1.0);  // logits flat enough to sample
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 40;
        o.temperature = 1.5;
        o.top_k = 50;
        o.top_p = 0.95;
        o.seed = 11;
        const auto a = generate(m, tok, {"the river"}, o).front();
        const auto b = generate(m, tok, {"the river"}, o).front();
        QCOMPARE(ids_of(a), ids_of(b));
        QCOMPARE(a.text, b.text);
        o.seed = 12;
        QVERIFY(ids_of(generate(m, tok, {"the river"}, o).front()) != ids_of(a));
        // Sampling differs from greedy (the temperature is used).
        o.temperature = 0;
        QVERIFY(ids_of(generate(m, tok, {"the river"}, o).front()) != ids_of(a));
    }

    void sampling_restrictions() {
        const std::vector<float> logits{0.5f, 3.0f, 2.9f, -1.0f, 3.0f};
        std::mt19937_64 rng(3);
        SamplingOptions greedy;
        QCOMPARE(sample_token(logits, greedy, rng), 1);  // the first of a tie
        SamplingOptions o;
        o.temperature = 1.0;
        o.top_k = 1;
        for (int i = 0; i < 20; ++i) QCOMPARE(sample_token(logits, o, rng), 1);
        o.top_k = 0;
        o.top_p = 0.01;
        for (int i = 0; i < 20; ++i) QCOMPARE(sample_token(logits, o, rng), 1);
        o.top_k = 3;
        o.top_p = 1.0;
        std::set<int32_t> drawn;
        for (int i = 0; i < 300; ++i) drawn.insert(sample_token(logits, o, rng));
        QCOMPARE(drawn, (std::set<int32_t>{1, 2, 4}));
        // Bad options are errors naming them.
        SamplingOptions bad;
        bad.top_p = 0;
        QVERIFY_THROWS_EXCEPTION(Error, check_sampling(bad));
        bad = {};
        bad.temperature = -1;
        QVERIFY_THROWS_EXCEPTION(Error, check_sampling(bad));
    }

    // The text ends before a stop string; the streamed pieces make up the text.
    void stop_string_and_streamed_pieces() {
        auto m = make_model("gqa");
        ByteTokenizer tok;
        SamplingOptions o;
        o.max_new = 40;
        const auto full = generate(m, tok, {"the river"}, o).front();
        QVERIFY(full.text.size() > 12);
        o.stop = {full.text.substr(8, 3)};
        const size_t expected = full.text.find(o.stop.front());
        std::string streamed;
        const auto g = generate(m, tok, {"the river"}, o, [&](size_t, const GeneratedToken& t) {
                           streamed += t.text;
                           return true;
                       }).front();
        QCOMPARE(g.stop, StopReason::StopString);
        QCOMPARE(g.text, full.text.substr(0, expected));
        QCOMPARE(streamed, g.text);
        // Stopping from the callback.
        int calls = 0;
        const auto cancelled = generate(m, tok, {"the river"}, {}, [&](size_t, const GeneratedToken&) { return ++calls < 5; });
        QCOMPARE(cancelled.front().stop, StopReason::Cancelled);
        QCOMPARE(cancelled.front().tokens.size(), size_t(5));
    }

    // A prompt longer than the context is an error before any work; the context's end stops.
    void context_limits() {
        auto m = make_model("gqa");
        ByteTokenizer tok;
        QVERIFY_THROWS_EXCEPTION(Error, generate(m, tok, {std::string(200, 'a')}, {}));
        SamplingOptions o;
        o.max_new = 200;
        const auto g = generate(m, tok, {"the river"}, o).front();
        QCOMPARE(g.stop, StopReason::Context);
        QCOMPARE(g.prompt_ids.size() + g.tokens.size(), size_t(96 + 1));  // the last token is made, not fed
    }

    // Shares of a layer sum to 1 per language; classes count the sequences; the table survives
    // the store.
    void routing_shares_sum_to_one_and_round_trip() {
        auto m = make_model("expanded");
        ByteTokenizer tok;
        const auto a = docs("the river runs north", 40), b = docs("το νερό τρέχει βόρεια", 40);
        RouteOptions o;
        o.max_tokens = 1500;
        o.sequence_len = 64;
        o.batch_size = 3;
        int64_t last_done = 0;
        const auto table = measure_routes(m, tok, {{"eng", "old", &a}, {"ell", "G1", &b}}, o, [&](const Progress& p) {
            last_done = p.done;
            return true;
        });
        QCOMPARE(last_done, int64_t(3000));
        QCOMPARE(table.languages.size(), size_t(2));
        for (const auto& lang : table.languages) QCOMPARE(lang.tokens, int64_t(1500));
        for (const auto& l : table.layers)
            for (size_t i = 0; i < 2; ++i) {
                const double sum = std::accumulate(l.share[i].begin(), l.share[i].end(), 0.0);
                QVERIFY2(std::abs(sum - 1.0) < 1e-6,  // float32 weights
                          qPrintable(QString::number(sum, 'g', 17)));
                if (!l.classes.empty())
                    QCOMPARE(std::accumulate(l.classes[i].begin(), l.classes[i].end(), int64_t(0)),
                             table.languages[i].sequences);
            }
        QCOMPARE(table.layers[1].expert_wave, (std::vector<int64_t>{0, 1, 1, 1}));

        QTemporaryDir dir;
        Store store((dir.path() + QStringLiteral("/runs.sqlite")).toStdString());
        NewRun run;
        run.kind = RunKind::Routes;
        run.name = "routes";
        const int64_t id = store.create_run(run);
        store.set_run_languages(id, {{"eng", "old"}, {"ell", "G1"}});
        for (auto p : route_points(table)) {
            p.run = id;
            store.log_metric(p);
        }
        store.flush();
        const auto back = load_routes(store, id);
        QCOMPARE(routes_json(back).dump(), routes_json(table).dump());
        QVERIFY(routes_csv(back).starts_with("layer,language,group,measure,index,wave,value,tokens,sequences\n"));
        QVERIFY_THROWS_EXCEPTION(Error, load_routes(store, id + 1));
        // A dense model routes nothing.
        auto dense = make_model("gqa");
        QVERIFY(measure_routes(dense, tok, {{"eng", "old", &a}}, o, {}).empty());
    }
};

QTEST_APPLESS_MAIN(TestGenerate)
#include "test_generate.moc"
