// Model folders: save -> load gives identical logits and bits per byte; Hugging Face names and
// config keys; every mismatch between config.json and the weights is a clear error.
#include <QtTest>

#include <cmath>
#include <fstream>

#include <ATen/autocast_mode.h>
#include <fmt/format.h>

#include "core/common/error.h"
#include "core/eval/bpb.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"
#include "core/io/safetensors.h"
#include "core/data/hf_tokenizer_json.h"
#include "core/model/memory_plan.h"
#include "core/model/moe.h"

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

// A Hugging Face checkpoint folder as transformers writes one, from a built-in model's weights:
// config.json with the keys of the architecture, tokenizer.json (the byte tokenizer's form),
// weights in the given dtype, in `shards` files with an index when more than one.
void write_hf_checkpoint(const fs::path& dir, LanguageModel& model, DType dtype, int shards) {
    fs::create_directories(dir);
    const auto& c = model->config();
    nlohmann::json config = {{"architectures", {c.architecture}},
                             {"hidden_size", c.d_model},
                             {"intermediate_size", c.ffn_size},
                             {"num_hidden_layers", c.n_layers},
                             {"num_attention_heads", c.n_heads},
                             {"num_key_value_heads", c.n_kv_heads},
                             {"vocab_size", c.vocab_size},
                             {"max_position_embeddings", c.max_len},
                             {"rope_theta", c.rope_theta},
                             {"rms_norm_eps", c.norm_eps},
                             {"tie_word_embeddings", c.tie_embeddings},
                             {"hidden_act", "silu"},
                             {"torch_dtype", dtype == DType::BF16 ? "bfloat16" : "float32"},
                             {"transformers_version", "4.45.0"}};
    if (c.architecture == "Qwen2ForCausalLM") {
        config["model_type"] = "qwen2";
        config["use_sliding_window"] = false;
        config["sliding_window"] = 32768;
        config["max_window_layers"] = 21;
    } else {
        config["model_type"] = "llama";
        config["attention_bias"] = false;
        config["mlp_bias"] = false;
        config["head_dim"] = c.head_dim();
        config["bos_token_id"] = 256;
        config["eos_token_id"] = 257;
    }
    atomic_write_file(dir / "config.json", config.dump(2));
    const auto tok = hf_tokenizer_files(ByteTokenizer{});
    atomic_write_file(dir / "tokenizer.json", tok.tokenizer.dump());
    atomic_write_file(dir / "tokenizer_config.json", tok.config.dump());
    const auto type = dtype == DType::BF16 ? torch::kBFloat16 : dtype == DType::F16 ? torch::kFloat16 : torch::kFloat32;
    auto state = model_state(model);
    std::reverse(state.begin(), state.end());  // any order: the loader goes by name
    std::vector<torch::Tensor> keep;
    std::vector<std::vector<TensorToWrite>> files(static_cast<size_t>(shards));
    nlohmann::json weight_map = nlohmann::json::object();
    for (size_t i = 0; i < state.size(); ++i) {
        keep.push_back(state[i].second.detach().to(type).contiguous());
        const size_t shard = i % files.size();
        files[shard].push_back(
            {state[i].first,
             dtype,
             keep.back().sizes().vec(),
             {static_cast<const std::byte*>(keep.back().data_ptr()), static_cast<size_t>(keep.back().nbytes())}});
        weight_map[state[i].first] = fmt::format("model-{:05d}-of-{:05d}.safetensors", shard + 1, shards);
    }
    if (shards == 1) {
        write_safetensors(dir / "model.safetensors", files[0], {{"format", "pt"}});
        return;
    }
    for (size_t f = 0; f < files.size(); ++f)
        write_safetensors(dir / fmt::format("model-{:05d}-of-{:05d}.safetensors", f + 1, shards), files[f],
                          {{"format", "pt"}});
    atomic_write_file(dir / "model.safetensors.index.json",
                      nlohmann::json{{"metadata", {{"total_size", 0}}}, {"weight_map", weight_map}}.dump(2));
}

// The same model with its weights rounded through a dtype (what a BF16 or F16 checkpoint holds).
LanguageModel rounded_copy(LanguageModel& model, torch::ScalarType type) {
    LanguageModel copy(model->config());
    torch::NoGradGuard ng;
    auto target = copy->named_parameters();
    for (auto& [name, t] : model_state(model)) target[name].copy_(t.to(type).to(torch::kFloat32));
    return copy;
}

}  // namespace

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
        QCOMPARE(config.at("architectures")[0].get<std::string>(),
                 std::string(bias ? "Qwen2ForCausalLM" : "LlamaForCausalLM"));
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
            tensors.push_back(
                {name,
                 DType::BF16,
                 keep.back().sizes().vec(),
                 {static_cast<const std::byte*>(keep.back().data_ptr()), static_cast<size_t>(keep.back().nbytes())}});
        }
        write_safetensors(path / kWeightsFile, tensors);
        auto loaded = load_model_dir(path);
        auto expected = model->model->embed_tokens->weight.to(torch::kBFloat16).to(torch::kFloat32);
        QVERIFY(torch::equal(loaded.model->model->embed_tokens->weight, expected));
    }

    // Hugging Face folders of both architectures, tied and untied, one file or shards, F32, BF16
    // and F16: the logits equal the built-in model's with the same (rounded) weights.
    void loads_hf_checkpoints_data() {
        QTest::addColumn<bool>("tied");
        QTest::addColumn<bool>("qwen");
        QTest::addColumn<int>("shards");
        QTest::addColumn<int>("dtype");
        QTest::newRow("llama-tied-f32") << true << false << 1 << int(DType::F32);
        QTest::newRow("llama-untied-sharded-f32") << false << false << 3 << int(DType::F32);
        QTest::newRow("qwen2-untied-sharded-bf16") << false << true << 2 << int(DType::BF16);
        QTest::newRow("qwen2-tied-f16") << true << true << 1 << int(DType::F16);
        QTest::newRow("llama-untied-bf16") << false << false << 1 << int(DType::BF16);
    }
    void loads_hf_checkpoints() {
        QFETCH(bool, tied);
        QFETCH(bool, qwen);
        QFETCH(int, shards);
        QFETCH(int, dtype);
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(tied, qwen);
        write_hf_checkpoint(path, model, DType(dtype), shards);
        auto loaded = load_model_dir(path);
        QCOMPARE(loaded.model->config().architecture, model->config().architecture);
        QCOMPARE(loaded.model->config().tie_embeddings, tied);
        QCOMPARE(loaded.model->config().qkv_bias, qwen);
        QCOMPARE(loaded.tokenizer->vocab_size(), 259);
        const auto type = DType(dtype) == DType::BF16  ? torch::kBFloat16
                          : DType(dtype) == DType::F16 ? torch::kFloat16
                                                       : torch::kFloat32;
        auto reference = rounded_copy(model, type);
        torch::NoGradGuard ng;
        loaded.model->eval();
        reference->eval();
        const std::string text = "Hugging Face checkpoints, Ελληνικά, 中文.";
        auto ids = torch::tensor(std::vector<int64_t>{256}, torch::kInt64);
        const auto encoded = loaded.tokenizer->encode(text);
        QCOMPARE(encoded, ByteTokenizer{}.encode(text));
        ids = torch::cat({ids, torch::tensor(std::vector<int64_t>(encoded.begin(), encoded.end()), torch::kInt64)})
                  .unsqueeze(0);
        QVERIFY(torch::equal(loaded.model->forward(ids), reference->forward(ids)));
    }

    // A model can be held in bfloat16: its parameters are bf16 from the start, and its logits stay
    // close to the float32 ones.
    void loads_in_bfloat16() {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(false, true);
        write_hf_checkpoint(path, model, DType::BF16, 2);
        LoadOptions options;
        options.dtype = torch::kBFloat16;
        int64_t reports = 0;
        options.progress = [&](const Progress& p) {
            reports += p.stage == Stage::Load;
            return true;
        };
        auto half = load_model_dir(path, options);
        QVERIFY(reports >= static_cast<int64_t>(model_state(model).size()));
        for (auto& p : half.model->parameters()) QCOMPARE(p.scalar_type(), torch::kBFloat16);
        auto full = load_model_dir(path);
        torch::NoGradGuard ng;
        auto ids = torch::randint(0, 256, {2, 20}, torch::kInt64);
        const auto a = half.model->forward(ids).to(torch::kFloat32), b = full.model->forward(ids);
        const double rel = ((a - b).abs().max() / b.abs().max()).item<double>();
        QVERIFY2(rel < 0.05, qPrintable(QString::number(rel)));
        options.progress = [](const Progress&) { return false; };
        expect_error([&] { load_model_dir(path, options); }, QStringLiteral("cancelled"));
    }

    // Llama 3.1/3.2 RoPE scaling: inverse frequencies as transformers computes them.
    void llama3_rope_scaling() {
        nlohmann::json j = {{"architectures", {"LlamaForCausalLM"}},
                            {"hidden_size", 64},
                            {"intermediate_size", 128},
                            {"num_hidden_layers", 1},
                            {"num_attention_heads", 2},
                            {"vocab_size", 300},
                            {"max_position_embeddings", 131072},
                            {"rope_theta", 500000.0},
                            {"rope_scaling",
                             {{"rope_type", "llama3"},
                              {"factor", 32.0},
                              {"low_freq_factor", 1.0},
                              {"high_freq_factor", 4.0},
                              {"original_max_position_embeddings", 8192}}}};
        const auto c = from_hf_config(j, "config.json");
        QCOMPARE(c.rope_scaling.type, std::string("llama3"));
        QCOMPARE(from_hf_config(to_hf_config(c), "again").rope_scaling, c.rope_scaling);
        const auto inv = rope_inv_freq(c.head_dim(), c.rope_theta, c.rope_scaling);
        for (int64_t i = 0; i < c.head_dim() / 2; ++i) {
            const double f = std::pow(500000.0, -2.0 * static_cast<double>(i) / static_cast<double>(c.head_dim()));
            const double wavelen = 2 * M_PI / f;
            double expected = f;  // short wavelengths unchanged
            if (wavelen > 8192.0) {
                expected = f / 32.0;
            } else if (wavelen > 8192.0 / 4.0) {
                const double smooth = (8192.0 / wavelen - 1.0) / (4.0 - 1.0);
                expected = (1 - smooth) * f / 32.0 + smooth * f;
            }
            QVERIFY2(std::abs(inv[i].item<double>() - expected) <= 1e-12 * f, qPrintable(QString::number(i)));
        }
        QVERIFY(inv[c.head_dim() / 2 - 1].item<double>() < std::pow(500000.0, -(c.head_dim() - 2.0) / c.head_dim()));
        auto yarn = j;
        yarn["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
        expect_error([&] { from_hf_config(yarn, "config.json"); },
                     QStringLiteral("unsupported rope_scaling type 'yarn'"));
        auto sliding = j;
        sliding["use_sliding_window"] = true;
        expect_error([&] { from_hf_config(sliding, "config.json"); }, QStringLiteral("use_sliding_window"));
        auto gelu = j;
        gelu["hidden_act"] = "gelu";
        expect_error([&] { from_hf_config(gelu, "config.json"); }, QStringLiteral("hidden_act"));
        // A long-context model works in a capped window unless asked otherwise.
        QCOMPARE(c.work_len(), c.max_len);
    }

    void hf_folder_errors_name_the_file() {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(false, false);
        write_hf_checkpoint(path, model, DType::F32, 2);
        auto index = read_json(path / kWeightsIndexFile);
        const auto saved = index;
        index["weight_map"]["model.norm.weight"] = "model-00009-of-00009.safetensors";
        atomic_write_file(path / kWeightsIndexFile, index.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("model-00009-of-00009.safetensors: file not found"));
        index = saved;
        index["weight_map"]["model.layers.0.mlp.extra.weight"] = "model-00001-of-00002.safetensors";
        atomic_write_file(path / kWeightsIndexFile, index.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("lists tensor 'model.layers.0.mlp.extra.weight'"));
        index = saved;
        index["weight_map"].erase("model.norm.weight");
        atomic_write_file(path / kWeightsIndexFile, index.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("tensor 'model.norm.weight' of model-0000"));
        atomic_write_file(path / kWeightsIndexFile, "[1, 2");
        expect_error([&] { load_model_dir(path); }, QStringLiteral("model.safetensors.index.json: invalid JSON"));
        fs::remove(path / kWeightsIndexFile);
        expect_error([&] { load_model_dir(path); }, QStringLiteral("no weights"));
        atomic_write_file(path / kWeightsIndexFile, saved.dump());
        fs::remove(path / "tokenizer.json");
        expect_error([&] { load_model_dir(path); }, QStringLiteral("no tokenizer"));
    }

    // Export: a Hugging Face folder (shards when asked) that loads back to the same logits, in
    // float32 exactly and in bfloat16 as the rounded weights; an expanded model keeps its layout.
    void export_round_trip() {
        QTemporaryDir dir;
        const fs::path root = dir.path().toStdString();
        auto model = random_model(false, true);
        MoeLayout layout;
        layout.waves = {{1, 3}, {1, 1}};
        layout.classifier = {true, false};
        apply_moe_layout(*model, layout, 5);
        ByteTokenizer tok;
        ExportOptions options;
        options.max_shard_bytes = 60'000;
        int64_t shards_reported = 0;
        options.progress = [&](const Progress& p) {
            shards_reported += p.stage == Stage::Export;
            return true;
        };
        export_model_dir(root / "f32", model, tok, options, {{"run_id", 4}});
        QVERIFY(fs::exists(root / "f32" / kWeightsIndexFile));
        QVERIFY(!fs::exists(root / "f32.partial"));
        const auto weights = WeightFiles::open_dir(root / "f32");
        QCOMPARE(static_cast<int64_t>(weights.files().size()), shards_reported);
        QVERIFY(shards_reported > 2);
        QVERIFY(weights.find("model.layers.0.mlp.experts.2.up_proj.weight"));
        QVERIFY(weights.find("model.layers.0.mlp.classifier.weight"));
        const auto config = read_json(root / "f32" / kConfigFile);
        QCOMPARE(config.at("torch_dtype").get<std::string>(), std::string("float32"));
        QCOMPARE(config.at("layermoe").at("run_id").get<int>(), 4);
        auto loaded = load_model_dir(root / "f32");
        QCOMPARE(loaded.model->config().moe.total_experts(), int64_t{6});
        torch::NoGradGuard ng;
        model->eval();
        auto ids = torch::randint(0, 259, {2, 24}, torch::kInt64);
        QVERIFY(torch::equal(loaded.model->forward(ids), model->forward(ids)));

        options.dtype = torch::kBFloat16;
        options.max_shard_bytes = 5'000'000'000;
        export_model_dir(root / "bf16", model, *loaded.tokenizer, options);
        QVERIFY(fs::exists(root / "bf16" / kWeightsFile));
        QCOMPARE(SafetensorsFile::open(root / "bf16" / kWeightsFile).at("model.norm.weight").dtype, DType::BF16);
        auto half = load_model_dir(root / "bf16");
        auto rounded = rounded_copy(model, torch::kBFloat16);
        rounded->eval();
        QVERIFY(torch::equal(half.model->forward(ids), rounded->forward(ids)));
        expect_error([&] { export_model_dir(root / "bf16", model, tok, options); },
                     QStringLiteral("not an empty folder"));
    }

    // bf16 autocast (what --device cuda uses) runs forward and backward through an MoE model with
    // classifier routing; the router decides in fp32 and the logits stay near the fp32 ones.
    void autocast_forward_backward() {
        auto model = random_model(false, false);
        MoeLayout layout;
        layout.waves = {{1, 2}, {1, 3}};
        layout.classifier = {false, true};
        apply_moe_layout(*model, layout, 3);
        auto ids = torch::randint(0, 259, {2, 64}, torch::kInt64);
        // Both sequences routed as new-language text (class 1: top-k over all experts), so every
        // expert serves tokens whatever the random classifier would decide; a class-0 sequence
        // would leave the new experts of layer 1 without gradients.
        std::map<int64_t, torch::Tensor> classes{{1, torch::ones({2}, torch::kInt64)}};
        ForwardContext ctx;
        ctx.routing_classes = &classes;
        const auto plain = model->forward(ids, ctx).detach();
        model->set_autocast(true);
        auto logits = model->forward(ids, ctx);
        const double rel = ((logits.to(torch::kFloat32) - plain).abs().max() / plain.abs().max()).item<double>();
        QVERIFY2(rel < 0.05, qPrintable(QString::number(rel)));
        logits.to(torch::kFloat32).logsumexp(-1).mean().backward();
        // Every weight the logits depend on gets a gradient (the classifier learns from its own loss).
        for (const auto& p : model->named_parameters())
            QVERIFY2(p.value().grad().defined() == (p.key().find("classifier") == std::string::npos), p.key().c_str());
        QVERIFY(!at::autocast::is_cpu_enabled());  // the scope ended
    }

    // Memory plans grow with the work and refuse what cannot fit.
    void memory_plan() {
        ModelConfig c = model_preset("small");
        const auto infer = plan_inference(c, {16, 0, 4, 4}, false, "analysis");
        QCOMPARE(infer.lines.front().bytes, static_cast<uint64_t>(c.parameter_count()) * 4);
        const auto half = plan_inference(c, {16, 0, 2, 4}, false, "analysis");
        QCOMPARE(half.lines.front().bytes * 2, infer.lines.front().bytes);
        const auto train = plan_training(c, {16, 0, 4, 4}, c.parameter_count(), "training");
        QVERIFY(train.total() > infer.total());
        const auto bigger = plan_training(c, {32, 0, 4, 4}, c.parameter_count(), "training");
        QVERIFY(bigger.total() > train.total());
        QVERIFY(device_free_memory("cpu") > 0);
        auto fits = infer;
        check_memory(fits, "cpu");
        QVERIFY(fits.available > 0);
        QVERIFY(fits.summary().find("analysis on cpu") != std::string::npos);
        auto huge = plan_training(c, {1'000'000, 0, 4, 4}, c.parameter_count(), "training");
        expect_error([&] { check_memory(huge, "cpu"); }, QStringLiteral("training needs about"));
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
        expect_error([&] { load_model_dir(path); },
                     QStringLiteral("has shape [128, 64], config.json implies [96, 64]"));

        auto tied = config;
        tied["num_hidden_layers"] = 1;
        atomic_write_file(path / kConfigFile, tied.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("unexpected tensor 'model.layers.1."));

        // Weights that cannot fit are refused before they are allocated, by every caller of
        // load_model_dir (export had no memory plan and printed LibTorch's allocation backtrace).
        auto absurd = config;
        absurd["vocab_size"] = int64_t{1} << 30;  // 2^30 x hidden_size floats: terabytes
        atomic_write_file(path / kConfigFile, absurd.dump());
        expect_error([&] { load_model_dir(path); }, QStringLiteral("loading needs about"));

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

    // The "layermoe" section is checked when the folder is read, before any work: a bad value
    // used to surface as a raw JSON error after a whole evaluation.
    void model_folder_section_checked_when_read() {
        QTemporaryDir dir;
        const fs::path path = dir.path().toStdString();
        auto model = random_model(false, false);
        ByteTokenizer tok;
        save_model_dir(path, model, tok, {{"run_id", 3}, {"trained_langs", {"eng"}}});
        const auto config = read_json(path / kConfigFile);
        QCOMPARE(read_model_meta(path).at("run_id").get<int>(), 3);
        const auto expect_section_error = [&](const char* key, nlohmann::json value, const QString& phrase) {
            auto bad = config;
            if (std::string_view(key).empty())
                bad["layermoe"] = value;
            else
                bad["layermoe"][key] = value;
            atomic_write_file(path / kConfigFile, bad.dump());
            expect_error([&] { read_model_config(path, LoadOptions{}); }, phrase);
            expect_error([&] { load_model_dir(path); }, phrase);
            expect_error([&] { read_model_meta(path); }, phrase);
        };
        expect_section_error("", true, QStringLiteral("config.json: layermoe: must be an object, got true"));
        expect_section_error("trained_langs", 7,
                             QStringLiteral("config.json: layermoe.trained_langs: must be a list of language codes, "
                                            "got 7"));
        expect_section_error("run_id", "three", QStringLiteral("layermoe.run_id: must be a whole number >= 0"));
        expect_section_error("language_groups", {{"old", 5}}, QStringLiteral("layermoe.language_groups"));
        expect_section_error("expansion", {{"allocation", "none"}},
                             QStringLiteral("layermoe.expansion: must be an object with an \"allocation\" object"));
        expect_section_error(kStageCompleteKey, "yes", QStringLiteral("must be true or false"));
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "test_checkpoint.moc"
