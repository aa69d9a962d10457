// Model folders: save -> load gives identical logits and bits per byte; Hugging Face names and
// config keys; every mismatch between config.json and the weights is a clear error.
#include <QtTest>

#include <fstream>

#include "core/common/error.h"
#include "core/eval/bpb.h"
#include "core/io/checkpoint.h"
#include "core/io/files.h"
#include "core/io/safetensors.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

LanguageModel random_model(bool tied, bool bias) {
    ModelConfig c = model_preset("tiny");
    c.tie_embeddings = tied;
    c.qkv_bias = bias;
    if (bias) c.architecture = "Qwen2ForCausalLM";
    LanguageModel m(c);
    m->init_weights(17);
    torch::NoGradGuard ng;
    for (auto& p : m->parameters()) p.add_(torch::randn_like(p) * 0.01);  // norms and biases not trivial
    return m;
}

void expect_error(const std::function<void()>& fn, const QString& phrase) {
    try {
        fn();
        QFAIL(qPrintable(QStringLiteral("no error; expected one mentioning '%1'").arg(phrase)));
    } catch (const Error& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(phrase), e.what());
    }
}

nlohmann::json read_json(const fs::path& p) { return nlohmann::json::parse(read_text_file(p)); }

} // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void save_load_identical_data() {
        QTest::addColumn<bool>("tied");
        QTest::addColumn<bool>("bias");
        QTest::newRow("llama-tied") << true << false;
        QTest::newRow("llama-untied") << false << false;
        QTest::newRow("qwen2-bias") << false << true;
    }
    void save_load_identical() {
        QFETCH(bool, tied);
        QFETCH(bool, bias);
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(tied, bias);
        ByteTokenizer tok;
        save_model_dir(path, model, tok, {{"run_id", 3}});
        auto loaded = load_model_dir(path);
        QCOMPARE(loaded.meta.value("run_id", 0), 3);
        torch::NoGradGuard ng;
        auto ids = torch::randint(0, 259, {2, 30}, torch::kInt64);
        model->eval();
        QVERIFY(torch::equal(model->forward(ids), loaded.model->forward(ids)));
        std::vector<std::string> docs = {"Save, load, evaluate: identical numbers.", "Ελληνικά"};
        auto a = evaluate_bpb(model, tok, {{"eng", &docs}}, {});
        auto b = evaluate_bpb(loaded.model, *loaded.tokenizer, {{"eng", &docs}}, {});
        QCOMPARE(a[0].bits_per_byte, b[0].bits_per_byte);

        const auto config = read_json(path / kConfigFile);
        QCOMPARE(config.at("hidden_size").get<int>(), 64);
        QCOMPARE(config.at("num_key_value_heads").get<int>(), 2);
        QCOMPARE(config.at("tie_word_embeddings").get<bool>(), tied);
        QCOMPARE(config.at("architectures")[0].get<std::string>(), std::string(bias ? "Qwen2ForCausalLM" : "LlamaForCausalLM"));
        const auto file = SafetensorsFile::open(path / kWeightsFile);
        QVERIFY(file.find("model.layers.1.mlp.down_proj.weight"));
        QVERIFY(file.find("model.norm.weight"));
        QCOMPARE(file.find("lm_head.weight") != nullptr, !tied);
        QCOMPARE(file.find("model.layers.0.self_attn.q_proj.bias") != nullptr, bias);
    }

    // Weights stored as BF16 (as many Hugging Face checkpoints are) load as their F32 values.
    void loads_bf16_weights() {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(true, false);
        ByteTokenizer tok;
        save_model_dir(path, model, tok);
        std::vector<torch::Tensor> keep;
        std::vector<TensorToWrite> tensors;
        for (auto& [name, t] : model_state(model)) {
            keep.push_back(t.detach().to(torch::kBFloat16).contiguous());
            tensors.push_back({name, DType::BF16, keep.back().sizes().vec(),
                               {static_cast<const std::byte*>(keep.back().data_ptr()), static_cast<size_t>(keep.back().nbytes())}});
        }
        write_safetensors(path / kWeightsFile, tensors);
        auto loaded = load_model_dir(path);
        auto expected = model->model->embed_tokens->weight.to(torch::kBFloat16).to(torch::kFloat32);
        QVERIFY(torch::equal(loaded.model->model->embed_tokens->weight, expected));
    }

    void mismatches_are_clear_errors() {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(false, false);
        ByteTokenizer tok;
        save_model_dir(path, model, tok);
        auto config = read_json(path / kConfigFile);

        auto bigger = config;
        bigger["num_hidden_layers"] = 3;
        atomic_write_file(path / kConfigFile, bigger.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("missing tensor 'model.layers.2."));

        auto wider = config;
        wider["intermediate_size"] = 96;
        atomic_write_file(path / kConfigFile, wider.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("has shape [128, 64], config.json implies [96, 64]"));

        auto tied = config;
        tied["num_hidden_layers"] = 1;
        atomic_write_file(path / kConfigFile, tied.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("unexpected tensor 'model.layers.1."));

        auto foreign = config;
        foreign["architectures"] = {"MistralForCausalLM"};
        atomic_write_file(path / kConfigFile, foreign.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("unsupported architecture 'MistralForCausalLM'"));

        atomic_write_file(path / kConfigFile, "{ not json");
        expect_error([&] { load_model_dir(path); }, QStringLiteral("config.json: invalid JSON"));

        atomic_write_file(path / kConfigFile, config.dump());
        atomic_write_file(path / kTokenizerFile, R"({"type": "morse"})");
        expect_error([&] { load_model_dir(path); }, QString::fromStdString(kTokenizerFile));

        expect_error([&] { load_model_dir(path / "nowhere"); }, QStringLiteral("does not exist"));
        {
            std::ofstream truncate(path / kWeightsFile, std::ios::trunc);
            truncate << "abc";
        }
        atomic_write_file(path / kTokenizerFile, tok.describe().dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("model.safetensors"));
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
