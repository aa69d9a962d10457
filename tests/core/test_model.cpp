// The transformer: causality, attention (RoPE + grouped-query heads) against a plain reference,
// the whole forward against a hand-written forward, configs and presets.
#include <QtTest>

#include <cmath>
#include <functional>
#include <new>

#include "core/common/error.h"
#include "core/common/error_boundary.h"
#include "core/model/model.h"

using namespace layermoe;

namespace {

ModelConfig tiny_config(bool qkv_bias, bool tied, int64_t kv_heads) {
    ModelConfig c = model_preset("tiny");
    c.qkv_bias = qkv_bias;
    c.tie_embeddings = tied;
    c.n_kv_heads = kv_heads;
    return c;
}

double max_rel_error(const torch::Tensor& a, const torch::Tensor& b) {
    auto diff = (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
    auto scale = b.to(torch::kFloat64).abs().max().item<double>();
    return diff / std::max(scale, 1e-12);
}

// Rotary embedding written out per position and per pair (i, i + hd/2), as in the LLaMA paper
// with Hugging Face's half-split pairing.
torch::Tensor reference_rope(const torch::Tensor& x /* [T, hd] */, double theta) {
    auto out = x.clone().to(torch::kFloat64);
    auto xd = x.to(torch::kFloat64);
    const int64_t t_len = x.size(0), hd = x.size(1), half = hd / 2;
    for (int64_t t = 0; t < t_len; ++t)
        for (int64_t i = 0; i < half; ++i) {
            const double angle = static_cast<double>(t) * std::pow(theta, -2.0 * static_cast<double>(i) / hd);
            const double a = xd[t][i].item<double>(), b = xd[t][i + half].item<double>();
            out[t][i] = a * std::cos(angle) - b * std::sin(angle);
            out[t][i + half] = b * std::cos(angle) + a * std::sin(angle);
        }
    return out;
}

// Attention for one sequence, one head at a time, with explicit loops over query positions.
torch::Tensor reference_attention(AttentionImpl& attn, const torch::Tensor& x /* [T, d] */, double theta) {
    const int64_t t_len = x.size(0), hd = attn.head_dim, group = attn.n_heads / attn.n_kv_heads;
    auto xd = x.to(torch::kFloat64);
    auto project = [&](Linear& l) {
        auto y = torch::matmul(xd, l->weight.to(torch::kFloat64).t());
        if (l->bias.defined()) y = y + l->bias.to(torch::kFloat64);
        return y;
    };
    auto q = project(attn.q_proj), k = project(attn.k_proj), v = project(attn.v_proj);
    std::vector<torch::Tensor> heads;
    for (int64_t h = 0; h < attn.n_heads; ++h) {
        const int64_t kv = h / group;
        auto qh = reference_rope(q.narrow(1, h * hd, hd), theta);
        auto kh = reference_rope(k.narrow(1, kv * hd, hd), theta);
        auto vh = v.narrow(1, kv * hd, hd);
        auto out = torch::zeros({t_len, hd}, torch::kFloat64);
        for (int64_t t = 0; t < t_len; ++t) {
            auto scores = torch::matmul(kh.narrow(0, 0, t + 1), qh[t]) / std::sqrt(static_cast<double>(hd));
            auto w = torch::softmax(scores, 0);
            out[t] = torch::matmul(w, vh.narrow(0, 0, t + 1));
        }
        heads.push_back(out);
    }
    return torch::matmul(torch::cat(heads, 1), attn.o_proj->weight.to(torch::kFloat64).t());
}

torch::Tensor reference_rms_norm(const torch::Tensor& x, const torch::Tensor& w, double eps) {
    return x / torch::sqrt(x.pow(2).mean(-1, true) + eps) * w.to(torch::kFloat64);
}

}  // namespace

class TestModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(7); }

    void causality_data() {
        QTest::addColumn<bool>("qkv_bias");
        QTest::addColumn<bool>("tied");
        QTest::addColumn<int>("kv_heads");
        QTest::newRow("llama-gqa-tied") << false << true << 2;
        QTest::newRow("qwen2-bias-untied") << true << false << 2;
        QTest::newRow("mha") << false << false << 4;
        QTest::newRow("mqa") << false << true << 1;
    }
    // Changing a later token never changes the logits of earlier positions.
    void causality() {
        QFETCH(bool, qkv_bias);
        QFETCH(bool, tied);
        QFETCH(int, kv_heads);
        LanguageModel model(tiny_config(qkv_bias, tied, kv_heads));
        model->init_weights(3);
        model->eval();
        torch::NoGradGuard ng;
        auto ids = torch::randint(0, 256, {2, 24}, torch::kInt64);
        auto base = model->forward(ids);
        for (int64_t pos : {1, 7, 23}) {
            auto changed = ids.clone();
            changed.narrow(1, pos, 24 - pos).random_(0, 256);
            auto out = model->forward(changed);
            QVERIFY(torch::equal(out.narrow(1, 0, pos), base.narrow(1, 0, pos)));
            QVERIFY(!torch::allclose(out.narrow(1, pos, 1), base.narrow(1, pos, 1)));
        }
    }

    void attention_matches_reference_data() { causality_data(); }
    // RoPE and grouped-query attention against explicit per-head, per-position loops in fp64.
    void attention_matches_reference() {
        QFETCH(bool, qkv_bias);
        QFETCH(bool, tied);
        QFETCH(int, kv_heads);
        Q_UNUSED(tied);
        ModelConfig c = tiny_config(qkv_bias, true, kv_heads);
        Attention attn(c);
        for (auto& p : attn->parameters()) p.data().normal_(0, 0.2);
        auto rope = make_rope_tables(c.max_len, c.head_dim(), c.rope_theta);
        auto x = torch::randn({1, 17, c.d_model});
        torch::NoGradGuard ng;
        auto ours = attn->forward(x, rope)[0];
        auto ref = reference_attention(*attn, x[0], c.rope_theta);
        QVERIFY2(max_rel_error(ours, ref) < 1e-5, qPrintable(QString::number(max_rel_error(ours, ref))));
    }

    // The whole model against a forward written from the parameters by hand.
    void forward_matches_reference() {
        ModelConfig c = tiny_config(true, false, 2);
        LanguageModel model(c);
        model->init_weights(11);
        model->eval();
        torch::NoGradGuard ng;
        auto ids = torch::randint(0, 259, {1, 13}, torch::kInt64);
        auto ours = model->forward(ids)[0];
        auto x = model->model->embed_tokens->weight.index_select(0, ids[0]).to(torch::kFloat64);
        for (auto& block : model->model->blocks) {
            auto n1 = reference_rms_norm(x, block->input_layernorm->weight, c.norm_eps);
            x = x + reference_attention(*block->self_attn, n1.to(torch::kFloat32), c.rope_theta);
            auto n2 = reference_rms_norm(x, block->post_attention_layernorm->weight, c.norm_eps);
            auto& ffn = dynamic_cast<DenseFfn&>(*block->mlp);
            auto gate = torch::matmul(n2, ffn.gate_proj->weight.to(torch::kFloat64).t());
            auto up = torch::matmul(n2, ffn.up_proj->weight.to(torch::kFloat64).t());
            x = x + torch::matmul(gate * torch::sigmoid(gate) * up, ffn.down_proj->weight.to(torch::kFloat64).t());
        }
        x = reference_rms_norm(x, model->model->norm->weight, c.norm_eps);
        auto ref = torch::matmul(x, model->lm_head->weight.to(torch::kFloat64).t());
        QVERIFY2(max_rel_error(ours, ref) < 1e-5, qPrintable(QString::number(max_rel_error(ours, ref))));
    }

    // The observer sees each layer's FFN input exactly once per forward, shaped [B, T, d].
    void hsa_observer_sees_every_layer() {
        LanguageModel model(model_preset("tiny"));
        model->init_weights(1);
        std::vector<int64_t> seen;
        HsaObserver obs = [&](int64_t layer, const torch::Tensor& h) {
            QCOMPARE(h.sizes().vec(), (std::vector<int64_t>{3, 5, 64}));
            seen.push_back(layer);
        };
        ForwardContext ctx;
        ctx.observer = &obs;
        torch::NoGradGuard ng;
        model->forward(torch::zeros({3, 5}, torch::kInt64), ctx);
        QCOMPARE(seen, (std::vector<int64_t>{0, 1}));
    }

    void hf_names_and_parameter_count() {
        ModelConfig c = model_preset("small");
        LanguageModel model(c);
        int64_t total = 0;
        for (auto& p : model->parameters()) total += p.numel();
        QCOMPARE(total, c.parameter_count());
        QVERIFY(total >= 2'000'000 && total <= 4'000'000);
        auto names = model->named_parameters();
        QVERIFY(names.contains("model.embed_tokens.weight"));
        QVERIFY(names.contains("model.layers.5.self_attn.q_proj.weight"));
        QVERIFY(names.contains("model.layers.0.mlp.gate_proj.weight"));
        QVERIFY(names.contains("model.layers.0.post_attention_layernorm.weight"));
        QVERIFY(names.contains("model.norm.weight"));
        QVERIFY(!names.contains("lm_head.weight"));  // tied
    }

    void init_is_seeded() {
        LanguageModel a(model_preset("tiny")), b(model_preset("tiny")), c(model_preset("tiny"));
        a->init_weights(5);
        b->init_weights(5);
        c->init_weights(6);
        QVERIFY(torch::equal(a->model->embed_tokens->weight, b->model->embed_tokens->weight));
        QVERIFY(!torch::equal(a->model->embed_tokens->weight, c->model->embed_tokens->weight));
    }

    void config_round_trip_and_errors() {
        ModelConfig c = model_preset("small");
        c.architecture = "Qwen2ForCausalLM";
        c.qkv_bias = true;
        auto back = from_hf_config(to_hf_config(c), "config.json");
        QCOMPARE(back.d_model, c.d_model);
        QCOMPARE(back.n_kv_heads, c.n_kv_heads);
        QVERIFY(back.qkv_bias);
        auto bad = to_hf_config(c);
        bad["num_key_value_heads"] = 4;  // 6 heads not divisible by 4
        QVERIFY_THROWS_EXCEPTION(Error, from_hf_config(bad, "config.json"));
        bad = to_hf_config(c);
        bad["architectures"] = {"GPT2LMHeadModel"};
        try {
            from_hf_config(bad, "x/config.json");
            QFAIL("unsupported architecture accepted");
        } catch (const Error& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("GPT2LMHeadModel")));
        }
        QVERIFY_THROWS_EXCEPTION(Error, model_preset("huge"));
    }

    // Each bad value is one Error naming the file and key, raised when config.json is read:
    // num_attention_heads = 0 used to divide by zero (SIGFPE) before the check ran.
    void config_errors_name_the_key_data() {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("no heads") << "num_attention_heads"
                                  << "0"
                                  << "x/config.json: num_attention_heads: must be at least 1, got 0";
        QTest::newRow("negative layers") << "num_hidden_layers"
                                         << "-3"
                                         << "x/config.json: num_hidden_layers: must be at least 1, got -3";
        QTest::newRow("absurd vocabulary")
            << "vocab_size"
            << "1000000000000"
            << "x/config.json: vocab_size: must be at most 2147483647, got 1000000000000";
        QTest::newRow("more kv heads than heads") << "num_key_value_heads"
                                                  << "12"
                                                  << "x/config.json: num_key_value_heads: must be at most 6, got 12";
        QTest::newRow("odd head dimension") << "num_attention_heads"
                                            << "64"
                                            << "x/config.json: num_attention_heads: the head dimension hidden_size / "
                                               "num_attention_heads = 3 must be even for RoPE";
        QTest::newRow("head_dim without heads") << "head_dim"
                                                << "\"32\""
                                                << "x/config.json: key \"head_dim\" has the wrong type (\"32\")";
        QTest::newRow("sliding window as text") << "use_sliding_window"
                                                << "\"yes\""
                                                << "x/config.json: key \"use_sliding_window\" has the wrong type "
                                                   "(\"yes\")";
        // A number that is not a whole number, or does not fit, was converted anyway (undefined
        // behaviour that UBSan reported when fuzzing found it).
        QTest::newRow("layers as a huge float")
            << "num_hidden_layers"
            << "1e300"
            << "x/config.json: key \"num_hidden_layers\" has the wrong type (1e+300)";
        QTest::newRow("fractional heads") << "num_attention_heads"
                                          << "2.5"
                                          << "x/config.json: key \"num_attention_heads\" has the wrong type (2.5)";
        QTest::newRow("negative theta") << "rope_theta"
                                        << "-1"
                                        << "x/config.json: rope_theta: must be a positive number, got -1";
    }

    void config_errors_name_the_key() {
        QFETCH(QString, key);
        QFETCH(QString, value);
        QFETCH(QString, message);
        auto j = to_hf_config(model_preset("small"));
        j[key.toStdString()] = nlohmann::json::parse(value.toStdString());
        try {
            from_hf_config(j, "x/config.json");
            QFAIL("accepted");
        } catch (const Error& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    // The error boundary (core/common/error_boundary.h): one line whatever was thrown.
    void error_boundary_gives_one_line() {
        const auto line_of = [](const std::function<void()>& fn) {
            try {
                fn();
            } catch (...) {
                return error_line(std::current_exception());
            }
            return std::string("no error");
        };
        const auto shape_error = [] { (void)torch::ones({2, 3}).matmul(torch::ones({2, 3})); };
        qunsetenv("LAYERMOE_DEBUG");
        const std::string torch_line = line_of(shape_error);
        QVERIFY2(torch_line.starts_with("LibTorch: ") && torch_line.find('\n') == std::string::npos &&
                     torch_line.find("frame #") == std::string::npos,
                 torch_line.c_str());
        qputenv("LAYERMOE_DEBUG", "1");
        const std::string debug_line = line_of(shape_error);
        qunsetenv("LAYERMOE_DEBUG");
        QVERIFY2(debug_line.size() > torch_line.size() && debug_line.find('\n') != std::string::npos,
                 debug_line.c_str());
        // LibTorch's allocator refusing (4 PiB: more than any address space; AddressSanitizer's
        // allocator aborts on such a request instead) and std::bad_alloc.
#if !defined(__SANITIZE_ADDRESS__)
        const std::string oom = line_of([] { (void)torch::empty({int64_t{1} << 50}, torch::kFloat32); });
        QVERIFY2(oom.starts_with("out of memory: ") && oom.find("--batch") != std::string::npos &&
                     oom.find('\n') == std::string::npos,
                 oom.c_str());
#endif
        QVERIFY(line_of([] { throw std::bad_alloc(); }).starts_with("out of memory: "));
        QCOMPARE(QString::fromStdString(line_of([] { (void)nlohmann::json(true).value("x", 1); })),
                 QStringLiteral("invalid JSON value: cannot use value() with boolean"));
        QCOMPARE(QString::fromStdString(line_of([] { throw Error("model.json: key: bad"); })),
                 QStringLiteral("model.json: key: bad"));
    }

    void expanded_config_errors_name_the_key() {
        ModelConfig c = model_preset("tiny");
        c.moe.waves = {{1, 2}, {1, 2}};
        c.moe.classifier = {false, false};
        auto j = to_hf_config(c);
        QCOMPARE(from_hf_config(j, "x/config.json").moe.total_experts(), int64_t{6});
        j["layermoe_base_architecture"] = 5;
        QVERIFY_THROWS_EXCEPTION(Error, from_hf_config(j, "x/config.json"));
        j = to_hf_config(c);
        j["moe"]["experts_per_wave"] = {{1, 5000}, {1, 2}};
        try {
            from_hf_config(j, "x/config.json");
            QFAIL("accepted");
        } catch (const Error& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("layer 0 has 5000 experts")), e.what());
        }
    }

    void overlong_input_is_an_error() {
        LanguageModel model(model_preset("tiny"));
        QVERIFY_THROWS_EXCEPTION(Error, model->forward(torch::zeros({1, 65}, torch::kInt64)));
    }
};

QTEST_APPLESS_MAIN(TestModel)
#include "test_model.moc"
