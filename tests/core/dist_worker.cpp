// One rank (or the single process) of the data-parallel tests (test_distributed.cpp): trains the
// tiny model for pretraining, stage 1 or stage 2 on a two-language byte corpus, joining the
// process group the environment describes, and writes its curve and final weights.
//   dist_worker MODE STEPS BATCH OUT [--checkpoints DIR] [--checkpoint-every N] [--resume]
//               [--stop-at S] [--die-at S] [--hang-at S] [--accum A] [--threads T]
// MODE: pretrain, stage1, stage2. OUT.json: the logged steps and, per step and MoE layer, the
// experts this rank sent no token (computed on this rank's next batch with the weights of that
// step, as the trainer will) and, on a rank, the gradient buckets that started during the backward
// pass of each step and of how many; OUT.pt: the parameters in named order.
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iostream>

#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/packing.h"
#include "core/model/moe.h"
#include "core/moe/expansion.h"
#include "core/train/batches.h"
#include "core/train/distributed.h"
#include "core/train/trainer.h"

using namespace layermoe;

namespace {

std::vector<std::string> docs(const std::string& stem, int n, int mult) {
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) out.push_back(stem + std::to_string(i * mult));
    return out;
}

}  // namespace

int main(int argc, char** argv) try {
    if (argc < 5) {
        std::cerr << "usage: dist_worker MODE STEPS BATCH OUT [options]\n";
        return 2;
    }
    const std::string mode = argv[1];
    const int64_t steps = std::atoll(argv[2]);
    const int64_t batch = std::atoll(argv[3]);
    const std::string out = argv[4];
    std::string checkpoints;
    int64_t checkpoint_every = 0, stop_at = 0, die_at = 0, hang_at = 0, accum = 1;
    bool resume = false;
    int threads = 1;
    for (int i = 5; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return std::string(argv[++i]); };
        if (a == "--checkpoints")
            checkpoints = next();
        else if (a == "--checkpoint-every")
            checkpoint_every = std::atoll(next().c_str());
        else if (a == "--resume")
            resume = true;
        else if (a == "--accum")
            accum = std::atoll(next().c_str());
        else if (a == "--threads")
            threads = std::atoi(next().c_str());
        else if (a == "--stop-at")
            stop_at = std::atoll(next().c_str());
        else if (a == "--die-at")
            die_at = std::atoll(next().c_str());
        else if (a == "--hang-at")
            hang_at = std::atoll(next().c_str());
        else
            throw Error("unknown option " + a);
    }
    init_distributed(distributed_settings_from_env());

    ByteTokenizer tok;
    const auto old_docs = docs("the river runs north to the market number ", 40, 1);
    const auto new_docs = docs("το νερό τρέχει βόρεια στην αγορά αριθμός ", 40, 3);
    PackOptions pack;
    pack.block_len = 65;
    const PackedBlocks blocks = pack_documents({{"eng", &old_docs}, {"ell", &new_docs}}, tok, pack);

    ModelConfig c = model_preset("tiny");
    c.vocab_size = ByteTokenizer::kVocab;
    LanguageModel model(c);
    model->init_weights(5);
    TrainConfig t;
    t.stage = mode;
    t.steps = steps;
    t.batch_size = batch;
    t.lr = 3e-3;
    t.warmup_steps = 2;
    t.threads = threads;
    t.seed = 3;
    t.checkpoint_every = checkpoint_every;
    t.grad_accum = accum;
    if (mode != "pretrain") {
        // Layer 0 has many experts for few tokens a rank, so that a rank often sends an expert
        // no token while the other does; layer 1 has a classifier in stage 2.
        MoeLayout layout;
        layout.waves = {{1, 15}, {1, 2}};
        layout.classifier = {false, mode == "stage2"};
        layout.top_k = 2;
        apply_moe_layout(*model, layout, 7);
        // New experts start as copies of the original, which makes the router's gradient
        // rounding noise (the output does not depend on the routing) that AdamW's first steps
        // blow up to +-lr: make them differ, as after stage 1, so routing matters.
        torch::NoGradGuard no_grad;
        auto gen = at::detail::createCPUGenerator(11);
        for (const auto& p : model->named_parameters())
            if (p.key().find(".experts.") != std::string::npos && p.key().find(".experts.0.") == std::string::npos)
                p.value().add_(at::normal(0.0, 0.05, p.value().sizes(), gen));
        // A peaked router on layer 0: each rank leaves some of its 16 experts without a token,
        // and not always the same ones.
        model->named_parameters()["model.layers.0.mlp.router.weight"].mul_(4.0);
        set_trainable(*model, mode == "stage1" ? TrainableSet::NewExperts : TrainableSet::Routing);
        if (mode == "stage1") t.balance_coef = 0.01;
        if (mode == "stage2") t.lpr_coef = t.cls_coef = 0.1;
    }
    Trainer trainer(model, blocks, tok, t);
    if (mode != "pretrain") trainer.set_language_groups({0, 1});
    if (resume) trainer.resume_from(latest_checkpoint(checkpoints));

    // The experts this rank routes no token to in the coming step (as the trainer will cut it).
    BatchSampler sampler(blocks, tok.pad_id(), t.seed);
    const int rank = current_rank(), world = current_world_size();
    auto idle_experts = [&](int64_t step) {
        nlohmann::json layers = nlohmann::json::object();
        if (mode == "pretrain") return layers;
        torch::NoGradGuard no_grad;
        const Batch b = sampler.batch(step * batch * world + rank * batch, batch);
        ForwardContext ctx;
        MoeRecorder rec;
        ctx.moe = &rec;
        ctx.token_mask = b.inputs != tok.pad_id();
        ctx.sequence_group = b.block_lang;  // groups: eng 0, ell 1
        ctx.token_group = ctx.sequence_group.unsqueeze(1).expand_as(b.inputs);
        model->forward(b.inputs, ctx);
        for (const auto& r : rec.layers) {
            std::vector<int64_t> idle;
            for (int64_t e = 0; e < r.experts; ++e)
                if (r.slot_counts[e].item<double>() == 0) idle.push_back(e);
            layers[std::to_string(r.layer)] = idle;
        }
        return layers;
    };

    nlohmann::json log = {{"rank", rank}, {"world", world}, {"steps", nlohmann::json::array()}};
    nlohmann::json idle = nlohmann::json::array();
    idle.push_back(idle_experts(trainer.step()));
    TrainCallbacks cb;
    cb.on_step = [&](const StepRecord& r) {
        log["steps"].push_back(
            {{"step", r.step},
             {"loss", r.loss},
             {"grad_norm", r.grad_norm},
             {"tokens", r.tokens},
             {"balance", std::isnan(r.balance) ? nlohmann::json() : nlohmann::json(r.balance)},
             {"lpr", std::isnan(r.lpr) ? nlohmann::json() : nlohmann::json(r.lpr)},
             {"cls", std::isnan(r.classification) ? nlohmann::json() : nlohmann::json(r.classification)},
             {"language_loss", r.language_loss}});
        if (const GradientBuckets* b = trainer.gradient_buckets())
            log["steps"].back()["buckets"] = {b->started_during_backward(), b->bucket_count()};
        if (r.step < steps) idle.push_back(idle_experts(r.step));
        if (die_at && r.step == die_at) std::raise(SIGKILL);
        if (hang_at && r.step == hang_at) std::raise(SIGSTOP);
    };
    cb.progress = [&](const Progress& p) { return !(stop_at && p.done >= stop_at); };
    trainer.run(cb, checkpoints);
    log["idle_experts"] = idle;
    std::vector<torch::Tensor> params;
    log["names"] = nlohmann::json::array();
    for (const auto& p : model->named_parameters()) {
        params.push_back(p.value().detach().clone());
        log["names"].push_back(p.key());
    }
    torch::save(params, out + ".pt");
    std::ofstream(out + ".json") << log.dump() << "\n";
    shutdown_distributed();
    return 0;
} catch (const std::exception& e) {
    std::cerr << "dist_worker: rank " << current_rank() << ": " << e.what() << "\n";
    return 1;
}
