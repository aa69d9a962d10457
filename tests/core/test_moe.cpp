// The MoE layer and the expansion stages: routed dispatch against a dense loop over all experts
// with masks (forward and gradients), copies of the original computing the base function, class-0
// sequences getting exactly the original FFN, frozen tensors bit-identical after training, stage 2
// raising p_0 of old tokens, lifelong expansion keeping G1 experts, stage resume, checkpoints.
#include <QtTest>

#include <cmath>
#include <fstream>

#include "core/common/error.h"
#include "core/data/packing.h"
#include "core/model/checkpoint.h"
#include "core/moe/expansion.h"
#include "core/model/moe.h"
#include "core/train/trainer.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

double max_rel_error(const torch::Tensor& a, const torch::Tensor& b) {
    const double diff = (a.to(torch::kFloat64) - b.to(torch::kFloat64)).abs().max().item<double>();
    return diff / std::max(b.to(torch::kFloat64).abs().max().item<double>(), 1e-30);
}

LanguageModel tiny_model(uint64_t seed = 5) {
    ModelConfig c = model_preset("tiny");
    c.vocab_size = ByteTokenizer::kVocab;
    LanguageModel m(c);
    m->init_weights(seed);
    return m;
}

// Makes every expert of a layer different, as after training.
void perturb_experts(MoeFfn& moe, uint64_t seed) {
    torch::NoGradGuard ng;
    auto gen = at::detail::createCPUGenerator(seed);
    for (int64_t e = 1; e < moe.n_experts(); ++e)
        for (auto& p : moe.expert(e)->parameters()) p.add_(at::normal(0.0, 0.05, p.sizes(), gen));
}

// y = sum_e w_e(x) E_e(x) over all experts, w zero outside each token's top-k (the reference).
torch::Tensor dense_reference(MoeFfn& moe, const torch::Tensor& x /* [N, d] */, int64_t k, ForwardContext& ctx) {
    auto probs = torch::softmax(moe.router(x).to(torch::kFloat32), -1);  // [N, E]
    auto top = std::get<1>(probs.topk(k, -1));
    auto mask = torch::zeros_like(probs).scatter(1, top, 1.0);
    auto w = probs * mask;
    w = w / w.sum(-1, true);
    std::vector<torch::Tensor> outs;
    for (int64_t e = 0; e < moe.n_experts(); ++e) outs.push_back(moe.expert(e)->forward(x, ctx));
    return (torch::stack(outs, 1) * w.unsqueeze(-1)).sum(1);  // [N, d]
}

std::map<std::string, torch::Tensor> snapshot(LanguageModel& m) {
    std::map<std::string, torch::Tensor> out;
    for (const auto& p : m->named_parameters()) out[p.key()] = p.value().detach().clone();
    return out;
}

struct Corpus2 {
    ByteTokenizer tok;
    std::vector<std::string> old_docs, new_docs;
    PackedBlocks blocks;
    Corpus2() {
        for (int i = 0; i < 30; ++i) {
            old_docs.push_back("the river runs north to the market number " + std::to_string(i));
            new_docs.push_back("το νερό τρέχει βόρεια στην αγορά αριθμός " + std::to_string(i * 3));
        }
        PackOptions opts;
        opts.block_len = 65;
        blocks = pack_documents({{"eng", &old_docs}, {"ell", &new_docs}}, tok, opts);
    }
};

TrainConfig stage_config(const char* stage, int64_t steps) {
    TrainConfig c;
    c.stage = stage;
    c.steps = steps;
    c.batch_size = 4;
    c.lr = 3e-3;
    c.warmup_steps = 1;
    c.threads = 1;
    c.seed = 3;
    c.weight_decay = 0.0;
    if (std::string(stage) == "stage1") c.balance_coef = 0.01;
    if (std::string(stage) == "stage2") c.lpr_coef = c.cls_coef = 0.1;
    return c;
}

MoeLayout layout_of(std::vector<std::vector<int64_t>> waves, std::vector<bool> classifier = {false, false}) {
    MoeLayout l;
    l.waves = std::move(waves);
    l.classifier = std::move(classifier);
    return l;
}

// Mean router probability of expert 0 over the tokens of docs, at every MoE layer.
double mean_p0(LanguageModel& model, const Tokenizer& tok, const std::vector<std::string>& docs) {
    torch::NoGradGuard ng;
    model->eval();
    double sum = 0;
    int64_t n = 0;
    for (const auto& d : docs) {
        std::vector<int64_t> ids{tok.bos_id()};
        for (int32_t id : tok.encode(d)) ids.push_back(id);
        const HsaObserver observe = [&](int64_t layer, const torch::Tensor& hsa) {
            auto moe = std::dynamic_pointer_cast<MoeFfn>(model->model->blocks[static_cast<size_t>(layer)]->mlp);
            if (!moe) return;
            auto p = torch::softmax(moe->router(hsa.reshape({-1, hsa.size(-1)})), -1).select(1, 0);
            sum += p.sum().item<double>();
            n += p.numel();
        };
        ForwardContext ctx;
        ctx.observer = &observe;
        model->hidden_states(torch::tensor(ids).unsqueeze(0), ctx);
    }
    model->train();
    return sum / static_cast<double>(n);
}

}  // namespace

class TestMoe : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        torch::manual_seed(1);
        torch::set_num_threads(1);
    }

    void routed_equals_dense_loop_data() {
        QTest::addColumn<int>("experts");
        QTest::addColumn<int>("top_k");
        QTest::newRow("4 experts top-2") << 4 << 2;
        QTest::newRow("2 experts top-2") << 2 << 2;
        QTest::newRow("5 experts top-1") << 5 << 1;
        QTest::newRow("3 experts top-3") << 3 << 3;
    }
    // Grouped dispatch equals the dense computation with masks, forward and every gradient.
    void routed_equals_dense_loop() {
        QFETCH(int, experts);
        QFETCH(int, top_k);
        auto original = std::make_shared<DenseFfn>(16, 32);
        MoeFfn moe(original, 0, {1, experts - 1}, top_k, false, 9);
        perturb_experts(moe, 4);
        auto x = torch::randn({3, 7, 16}, torch::requires_grad());
        auto g = torch::randn({3, 7, 16});
        ForwardContext ctx;
        auto routed = moe.forward(x, ctx);
        (routed * g).sum().backward();
        std::map<std::string, torch::Tensor> grads_routed{{"x", x.grad().clone()}};
        for (auto& p : moe.named_parameters()) grads_routed[p.key()] = p.value().grad().clone();
        x.grad().zero_();
        for (auto& p : moe.parameters()) p.grad().zero_();
        auto dense = dense_reference(moe, x.reshape({-1, 16}), std::min(top_k, experts), ctx).view({3, 7, 16});
        QVERIFY(max_rel_error(routed, dense) < 1e-5);
        (dense * g).sum().backward();
        std::map<std::string, torch::Tensor> grads_dense{{"x", x.grad()}};
        for (auto& p : moe.named_parameters()) grads_dense[p.key()] = p.value().grad();
        const double scale = grads_dense.at("x").abs().max().item<double>();
        for (const auto& [name, grad] : grads_dense) {
            const auto what = QStringLiteral("%1: %2 vs %3")
                                  .arg(QString::fromStdString(name))
                                  .arg(grads_routed.at(name).abs().max().item<double>())
                                  .arg(grad.abs().max().item<double>());
            if (name == "router.weight" && std::min(top_k, experts) == 1) {
                // One expert per token: its weight is p / p = 1, so the router's gradient is zero
                // and both sides hold only rounding noise.
                QVERIFY2(grads_routed.at(name).abs().max().item<double>() < 1e-5 * scale, qPrintable(what));
                QVERIFY2(grad.abs().max().item<double>() < 1e-5 * scale, qPrintable(what));
            } else {
                QVERIFY2(max_rel_error(grads_routed.at(name), grad) < 1e-5, qPrintable(what));
            }
        }
    }

    // Expert 0 is the base model's module (not a copy), and new experts are its copies: a freshly
    // expanded model computes the base model's function.
    void fresh_expansion_computes_the_base_function() {
        auto model = tiny_model();
        auto ids = torch::randint(0, 256, {2, 20});
        torch::NoGradGuard ng;
        const auto base = model->forward(ids);
        const auto ffn0 = model->model->blocks[1]->mlp;
        apply_moe_layout(*model, layout_of({{1, 3}, {1, 0}}), 7);
        auto moe = std::dynamic_pointer_cast<MoeFfn>(model->model->blocks[0]->mlp);
        QVERIFY(moe);
        QCOMPARE(moe->n_experts(), int64_t(4));
        QVERIFY(model->model->blocks[1]->mlp == ffn0);  // N = 1 stays dense
        QVERIFY(max_rel_error(model->forward(ids), base) < 1e-5);
        // All layers at N = 1: exactly the base model.
        auto dense = tiny_model();
        apply_moe_layout(*dense, layout_of({{1, 0}, {1, 0}}), 7);
        QVERIFY(torch::equal(dense->forward(ids), base));
        // Same storage: expert 0 is the base FFN itself.
        auto base_model = tiny_model();
        const auto gate = base_model->model->blocks[0]->mlp->named_parameters()["gate_proj.weight"];
        apply_moe_layout(*base_model, layout_of({{1, 2}, {1, 1}}), 7);
        const auto expanded = std::dynamic_pointer_cast<MoeFfn>(base_model->model->blocks[0]->mlp);
        QCOMPARE(expanded->expert(0)->gate_proj->weight.data_ptr(), gate.data_ptr());
        QVERIFY(expanded->expert(1)->gate_proj->weight.data_ptr() != gate.data_ptr());
    }

    // Sequences of class 0 get exactly FFN-0's output at a classifier layer. (Bit for bit when the
    // whole batch is class 0; in a mixed batch FFN-0 runs on fewer rows, and the BLAS may round
    // a product of another shape differently, so there to float precision.)
    void class_zero_gets_exactly_the_original_ffn() {
        auto original = std::make_shared<DenseFfn>(16, 32);
        MoeFfn moe(original, 3, {1, 3}, 2, true, 2);
        perturb_experts(moe, 8);
        torch::NoGradGuard ng;
        auto x = torch::randn({2, 5, 16});
        ForwardContext plain;
        const auto base = original->forward(x, plain);
        std::map<int64_t, torch::Tensor> all_old{{3, torch::tensor({0, 0})}};
        ForwardContext old_ctx;
        old_ctx.routing_classes = &all_old;
        QVERIFY(torch::equal(moe.forward(x, old_ctx), base));
        std::map<int64_t, torch::Tensor> classes{{3, torch::tensor({0, 1})}};
        ForwardContext ctx;
        ctx.routing_classes = &classes;
        auto y = moe.forward(x, ctx);
        QVERIFY(max_rel_error(y[0], base[0]) < 1e-6);
        QVERIFY(max_rel_error(y[1], base[1]) > 1e-3);
        // Without given classes the layer decides, stores its decision, and reuses it.
        std::map<int64_t, torch::Tensor> decided;
        ForwardContext first;
        first.routing_classes = &decided;
        moe.forward(x, first);
        QCOMPARE(decided.count(3), size_t(1));
        QCOMPARE(decided.at(3).size(0), int64_t(2));
    }

    // A router that prefers the new experts by hundreds of logits underflows the original
    // expert's probability to 0 in fp32; a class-0 sequence, allowed only that expert, still gets
    // exactly its output (it used to get none), and a class-1 one the new experts' mixture.
    void allowed_experts_keep_their_weight_when_their_probabilities_underflow() {
        auto original = std::make_shared<DenseFfn>(16, 32);
        MoeFfn moe(original, 3, {1, 3}, 2, true, 2);
        perturb_experts(moe, 8);
        torch::NoGradGuard ng;
        moe.router->weight[0].fill_(-10.0);  // logits -160, 160, 152, 144 for an input of ones
        moe.router->weight[1].fill_(10.0);
        moe.router->weight[2].fill_(9.5);
        moe.router->weight[3].fill_(9.0);
        const auto x = torch::ones({2, 5, 16});
        ForwardContext plain;
        const auto base = original->forward(x, plain);
        std::map<int64_t, torch::Tensor> classes{{3, torch::tensor({0, 1})}};
        ForwardContext ctx;
        ctx.routing_classes = &classes;
        const auto y = moe.forward(x, ctx);
        QVERIFY(base[0].abs().max().item<double>() > 1e-3);
        QVERIFY2(max_rel_error(y[0], base[0]) < 1e-6, qPrintable(QString::number(y[0].abs().max().item<double>())));
        // Class 1: experts 1 and 2, weighed 1 / (1 + e^-8) and the rest.
        const double w1 = 1.0 / (1.0 + std::exp(-8.0));
        const auto mixture = w1 * moe.expert(1)->forward(x[1], plain) + (1 - w1) * moe.expert(2)->forward(x[1], plain);
        QVERIFY(max_rel_error(y[1], mixture) < 1e-6);
    }

    // The MoE losses: balance is 1 for uniform routing, LPR counts only old tokens and is 0
    // without them, the classifier's cross-entropy is recorded against the sequence groups.
    void losses_are_recorded() {
        auto original = std::make_shared<DenseFfn>(8, 16);
        MoeFfn moe(original, 0, {1, 3}, 2, true, 1);
        {
            torch::NoGradGuard ng;
            moe.router->weight.zero_();  // uniform probabilities
        }
        auto x = torch::randn({2, 4, 8});
        MoeRecorder rec;
        ForwardContext ctx;
        ctx.moe = &rec;
        ctx.token_group = torch::tensor({0, 1}).unsqueeze(1).expand({2, 4});
        ctx.sequence_group = torch::tensor({0, 1});
        moe.forward(x, ctx);
        QCOMPARE(rec.layers.size(), size_t(1));
        const auto& r = rec.layers[0];
        QVERIFY(std::abs(r.balance.item<double>() - 1.0) < 1e-6);
        QCOMPARE(r.lpr_tokens.item<int64_t>(), int64_t(4));
        QVERIFY(std::abs(r.lpr_sum.item<double>() - 4 * std::log(4.0)) < 1e-5);  // -log(1/4) per old token
        QVERIFY(r.classification.defined());
        // The reference form, cross-entropy over probabilities, equals -log p_0 only for uniform
        // probabilities; with a trained-looking router it differs.
        {
            torch::NoGradGuard ng;
            moe.router->weight.normal_(0, 1.0);
        }
        MoeRecorder paper, reference;
        reference.lpr_reference_form = true;
        for (MoeRecorder* form : {&paper, &reference}) {
            ForwardContext c = ctx;
            c.moe = form;
            moe.forward(x, c);
        }
        const auto logits = moe.router(x.reshape({-1, 8}));
        const auto p0 = torch::softmax(logits, -1).select(1, 0).narrow(0, 0, 4);
        QVERIFY(std::abs(paper.layers[0].lpr_sum.item<double>() + p0.log().sum().item<double>()) < 1e-4);
        const auto probs = torch::softmax(logits, -1).narrow(0, 0, 4);
        const double double_softmax = -torch::log_softmax(probs, -1).select(1, 0).sum().item<double>();
        QVERIFY(std::abs(reference.layers[0].lpr_sum.item<double>() - double_softmax) < 1e-4);
        QVERIFY(std::abs(reference.layers[0].lpr_sum.item<double>() - paper.layers[0].lpr_sum.item<double>()) > 1e-3);
        MoeRecorder none;
        ForwardContext new_only = ctx;
        new_only.moe = &none;
        new_only.token_group = torch::ones({2, 4}, torch::kInt64);
        moe.forward(x, new_only);
        QCOMPARE(none.layers[0].lpr_sum.item<double>(), 0.0);
        QCOMPARE(none.layers[0].lpr_tokens.item<int64_t>(), int64_t(0));
    }

    void stages_freeze_exactly_data() {
        QTest::addColumn<int>("set");
        QTest::newRow("stage 1: new experts and routers") << int(TrainableSet::NewExperts);
        QTest::newRow("stage 2: routers and classifiers") << int(TrainableSet::Routing);
    }
    // After a stage every frozen tensor is bit-identical, every trainable one changed, and the
    // optimiser holds state for the trainable ones only.
    void stages_freeze_exactly() {
        QFETCH(int, set);
        const auto which = static_cast<TrainableSet>(set);
        Corpus2 data;
        auto model = tiny_model();
        apply_moe_layout(*model, layout_of({{1, 2}, {1, 1}}, {which == TrainableSet::Routing, false}), 3);
        const int64_t trainable = set_trainable(*model, which);
        const auto before = snapshot(model);
        Trainer trainer(model, data.blocks, data.tok,
                        stage_config(which == TrainableSet::Routing ? "stage2" : "stage1", 5));
        trainer.set_language_groups({0, 1});
        trainer.run({});
        QCOMPARE(trainer.optimized_parameter_count(), trainable);
        int64_t changed = 0;
        for (const auto& p : model->named_parameters()) {
            const bool same = torch::equal(p.value(), before.at(p.key()));
            if (p.value().requires_grad()) {
                QVERIFY2(!same, qPrintable(QString::fromStdString(p.key() + " did not train")));
                changed += p.value().numel();
            } else {
                QVERIFY2(same, qPrintable(QString::fromStdString(p.key() + " changed while frozen")));
                QVERIFY(!p.value().grad().defined());
            }
        }
        QCOMPARE(changed, trainable);
        const bool expert0_trainable =
            model->named_parameters()["model.layers.0.mlp.experts.0.gate_proj.weight"].requires_grad();
        QVERIFY(!expert0_trainable);
    }

    // Stage 2 right after stage 1 in one process equals stage 2 on a model loaded from stage 1's
    // weights: nothing stage 1 leaves behind (gradients of now-frozen experts) reaches stage 2.
    void stage2_does_not_see_what_stage1_left() {
        Corpus2 data;
        auto model = tiny_model();
        apply_moe_layout(*model, layout_of({{1, 2}, {1, 2}}), 3);
        set_trainable(*model, TrainableSet::NewExperts);
        Trainer stage1(model, data.blocks, data.tok, stage_config("stage1", 4));
        stage1.set_language_groups({0, 1});
        stage1.run({});
        auto copy = tiny_model();
        apply_moe_layout(*copy, layout_of({{1, 2}, {1, 2}}), 3);
        {
            torch::NoGradGuard ng;
            for (auto& p : copy->named_parameters()) p.value().copy_(model->named_parameters()[p.key()]);
        }
        std::vector<std::vector<StepRecord>> curves;
        for (LanguageModel* m : {&model, &copy}) {
            MoeLayout with_cls = (*m)->config().moe;
            with_cls.classifier = {true, false};
            apply_moe_layout(**m, with_cls, 4);
            set_trainable(**m, TrainableSet::Routing);
            Trainer stage2(*m, data.blocks, data.tok, stage_config("stage2", 4));
            stage2.set_language_groups({0, 1});
            curves.push_back(stage2.run({}).history);
        }
        for (size_t i = 0; i < curves[0].size(); ++i) {
            QCOMPARE(curves[0][i].loss, curves[1][i].loss);
            QCOMPARE(curves[0][i].grad_norm, curves[1][i].grad_norm);
        }
    }

    // A short stage 2 (LPR + classifier) raises the router probability of expert 0 on old tokens.
    void stage2_raises_p0_of_old_tokens() {
        Corpus2 data;
        auto model = tiny_model();
        apply_moe_layout(*model, layout_of({{1, 3}, {1, 3}}), 3);
        set_trainable(*model, TrainableSet::NewExperts);
        Trainer stage1(model, data.blocks, data.tok, stage_config("stage1", 10));
        stage1.set_language_groups({0, 1});
        stage1.run({});
        MoeLayout with_cls = model->config().moe;
        with_cls.classifier = {true, true};
        apply_moe_layout(*model, with_cls, 4);
        const double before = mean_p0(model, data.tok, data.old_docs);
        set_trainable(*model, TrainableSet::Routing);
        auto cfg = stage_config("stage2", 30);
        cfg.lpr_coef = 1.0;
        Trainer stage2(model, data.blocks, data.tok, cfg);
        stage2.set_language_groups({0, 1});
        const auto result = stage2.run({});
        const double after = mean_p0(model, data.tok, data.old_docs);
        QVERIFY2(after > before + 0.05, qPrintable(QStringLiteral("p0 %1 -> %2").arg(before).arg(after)));
        QVERIFY(!std::isnan(result.history.back().lpr));
        QVERIFY(!std::isnan(result.history.back().classification));
        QCOMPARE(result.history.back().routing.size(), size_t(2));
    }

    // Lifelong: a second expansion appends experts after the G1 ones; training it leaves expert 0
    // and the G1 experts bit-identical, and the classifier gets a third class.
    void lifelong_keeps_g1_experts() {
        Corpus2 data;
        auto model = tiny_model();
        apply_moe_layout(*model, layout_of({{1, 2}, {1, 1}}), 3);
        set_trainable(*model, TrainableSet::NewExperts);
        Trainer g1(model, data.blocks, data.tok, stage_config("stage1", 3));
        g1.set_language_groups({0, 1});
        g1.run({});
        const auto after_g1 = snapshot(model);
        apply_moe_layout(*model, layout_of({{1, 2, 1}, {1, 1, 2}}, {true, false}), 9);
        auto moe0 = std::dynamic_pointer_cast<MoeFfn>(model->model->blocks[0]->mlp);
        QCOMPARE(moe0->n_experts(), int64_t(4));
        QCOMPARE(moe0->classifier->weight.size(0), int64_t(3));
        set_trainable(*model, TrainableSet::NewExperts);
        Trainer g2(model, data.blocks, data.tok, stage_config("stage1", 3));
        g2.set_language_groups({0, 2});
        g2.run({});
        for (const auto& [name, value] : after_g1) {
            if (name.find(".router.") != std::string::npos) continue;  // routers are re-initialised
            QVERIFY2(torch::equal(model->named_parameters()[name], value), qPrintable(QString::fromStdString(name)));
        }
        QVERIFY(!torch::equal(model->named_parameters()["model.layers.0.mlp.experts.3.up_proj.weight"],
                              model->named_parameters()["model.layers.0.mlp.experts.0.up_proj.weight"]));
        QVERIFY_THROWS_EXCEPTION(Error, apply_moe_layout(*model, layout_of({{1, 1}, {1, 1}}), 1));  // cannot shrink
    }

    // A stage resumed from its checkpoint continues the same loss curve.
    void stage_resume_continues_the_curve() {
        Corpus2 data;
        QTemporaryDir dir;
        auto make = [&] {
            auto m = tiny_model();
            apply_moe_layout(*m, layout_of({{1, 2}, {1, 2}}), 3);
            set_trainable(*m, TrainableSet::NewExperts);
            return m;
        };
        auto cfg = stage_config("stage1", 8);
        cfg.checkpoint_every = 4;
        auto whole_model = make();
        Trainer whole(whole_model, data.blocks, data.tok, cfg);
        whole.set_language_groups({0, 1});
        const auto full = whole.run({}).history;
        auto first_model = make();
        Trainer first(first_model, data.blocks, data.tok, cfg);
        first.set_language_groups({0, 1});
        TrainCallbacks stop;
        stop.progress = [](const Progress& p) { return p.done < 4; };
        first.run(stop, fs::path(dir.path().toStdString()));
        auto second_model = make();
        Trainer second(second_model, data.blocks, data.tok, cfg);
        second.set_language_groups({0, 1});
        second.resume_from(latest_checkpoint(fs::path(dir.path().toStdString())));
        const auto resumed = second.run({}).history;
        QCOMPARE(resumed.size(), full.size());
        for (size_t i = 0; i < full.size(); ++i) QCOMPARE(resumed[i].loss, full[i].loss);
    }

    // An expanded model saves under the documented names and loads back to the same logits.
    void checkpoint_round_trip() {
        QTemporaryDir dir;
        const fs::path folder = fs::path(dir.path().toStdString()) / "expanded";
        auto model = tiny_model();
        apply_moe_layout(*model, layout_of({{1, 3}, {1, 0}}, {true, false}), 3);
        perturb_experts(*std::dynamic_pointer_cast<MoeFfn>(model->model->blocks[0]->mlp), 2);
        ByteTokenizer tok;
        save_model_dir(folder, model, tok, {{"run_id", 0}});
        auto loaded = load_model_dir(folder);
        auto ids = torch::randint(0, 256, {2, 12});
        torch::NoGradGuard ng;
        QVERIFY(torch::equal(loaded.model->forward(ids), model->forward(ids)));
        const auto names = loaded.model->named_parameters();
        for (const char* name :
             {"model.layers.0.mlp.experts.0.gate_proj.weight", "model.layers.0.mlp.experts.3.down_proj.weight",
              "model.layers.0.mlp.router.weight", "model.layers.0.mlp.classifier.weight",
              "model.layers.1.mlp.gate_proj.weight", "model.layers.1.self_attn.q_proj.weight"})
            QVERIFY2(names.contains(name), name);
        const auto config = nlohmann::json::parse(std::ifstream(folder / "config.json"));
        QCOMPARE(config["moe"]["num_experts_per_layer"], nlohmann::json({4, 1}));
        QCOMPARE(config["moe"]["classifier_layers"], nlohmann::json({0}));
        QCOMPARE(config["architectures"][0].get<std::string>(), std::string("LayerMoeForCausalLM"));
    }
};

QTEST_APPLESS_MAIN(TestMoe)
#include "test_moe.moc"
