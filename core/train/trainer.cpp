#include "core/train/trainer.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <map>
#include <cmath>
#include <numbers>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/common/error_boundary.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"
#include "core/model/moe.h"
#include "core/train/batches.h"
#include "core/train/distributed.h"

namespace layermoe {

namespace fs = std::filesystem;

struct Trainer::SamplerHolder {
    BatchSampler sampler;
};

Trainer::Trainer(LanguageModel model, const BlockSource& data, const Tokenizer& tokenizer, TrainConfig config)
    : model_(std::move(model)), data_(data), tokenizer_(tokenizer), config_(std::move(config)),
      device_(parse_device(device_for_rank(config_.device))) {
    config_.validate();
    if (data_.block_length() - 1 > model_->config().work_len())
        throw Error(fmt::format("block length {} exceeds the model's context {} + 1", data_.block_length(),
                                model_->config().work_len()));
    configure_cpu_threads(config_.threads);
    model_->to_device(device_);
    model_->train();
    // Weight decay on matrices only; norms and biases are not decayed.
    std::vector<torch::Tensor> decay, no_decay;
    for (auto& p : model_->parameters()) {
        if (!p.requires_grad()) continue;  // frozen: no optimiser state is spent on it
        (p.dim() >= 2 ? decay : no_decay).push_back(p);
    }
    if (decay.empty() && no_decay.empty())
        throw Error(fmt::format("{}: the model has no trainable parameter", config_.stage));
    trainable_ = decay;
    trainable_.insert(trainable_.end(), no_decay.begin(), no_decay.end());
    auto options = torch::optim::AdamWOptions(config_.lr).betas({config_.beta1, config_.beta2}).eps(1e-8);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(options).weight_decay(config_.weight_decay)));
    groups.emplace_back(
        no_decay, std::make_unique<torch::optim::AdamWOptions>(torch::optim::AdamWOptions(options).weight_decay(0.0)));
    optimizer_ = std::make_unique<torch::optim::AdamW>(std::move(groups), options);
    sampler_ = std::make_unique<SamplerHolder>(SamplerHolder{BatchSampler(data_, tokenizer_.pad_id(), config_.seed)});
    group_of_language_ = torch::zeros({static_cast<int64_t>(data_.language_codes().size())}, torch::kInt64);
    group_ = process_group();
    if (group_) {
        // The trainable tensors in the reverse of the model's order, which is about the order the
        // backward pass finishes their gradients in (distributed.h).
        std::vector<torch::Tensor> backward_order;
        auto all = model_->parameters();
        for (auto it = all.rbegin(); it != all.rend(); ++it)
            if (it->requires_grad()) backward_order.push_back(*it);
        buckets_ = std::make_unique<GradientBuckets>(*group_, std::move(backward_order), current_bucket_bytes());
    }
}

int64_t Trainer::optimized_parameter_count() const {
    int64_t n = 0;
    for (const auto& group : optimizer_->param_groups())
        for (const auto& p : group.params()) n += p.numel();
    return n;
}

void Trainer::set_language_groups(std::vector<int64_t> group_of_language) {
    if (group_of_language.size() != data_.language_codes().size())
        throw Error(fmt::format("{}: {} language groups for {} languages", config_.stage, group_of_language.size(),
                                data_.language_codes().size()));
    group_of_language_ = torch::tensor(group_of_language, torch::kInt64);
}

namespace {

// What the MoE layers of one step recorded, summed over micro-batches. On a rank of a
// data-parallel run each sum is this rank's part; the parts add up to the global batch's value.
struct MoeTotals {
    double balance = 0, lpr = 0, cls = 0;
    int64_t balance_n = 0, cls_n = 0, lpr_n = 0, correct = 0, sequences = 0, old_tokens = 0;
    std::map<int64_t, std::array<double, 4>> routing;  // layer -> expert-0 weight and tokens, old then new
};

double mean_or_nan(double sum, int64_t n) {
    return n > 0 ? sum / static_cast<double>(n) : std::numeric_limits<double>::quiet_NaN();
}

// The counts the MoE losses divide by, of the whole micro-batch over all ranks: per layer the
// routed slots per expert, the real tokens and the old-language tokens. A single process keeps
// its own (bit for bit what it had before data parallelism).
struct GlobalCounts {
    std::vector<torch::Tensor> slots, real, old;
};

GlobalCounts global_counts(const MoeRecorder& recorder, ProcessGroup* group) {
    GlobalCounts g;
    for (const auto& r : recorder.layers) {
        g.slots.push_back(r.slot_counts);
        g.real.push_back(r.real_tokens);
        g.old.push_back(r.lpr_sum.defined() ? r.lpr_tokens : torch::Tensor());
    }
    if (!group) return g;
    std::vector<torch::Tensor> parts;
    for (size_t l = 0; l < g.slots.size(); ++l) {
        parts.push_back(g.slots[l].to(torch::kCPU, torch::kFloat64).reshape({-1}));
        parts.push_back(g.real[l].to(torch::kCPU, torch::kFloat64).reshape({1}));
        parts.push_back(g.old[l].defined() ? g.old[l].to(torch::kCPU, torch::kFloat64).reshape({1})
                                           : torch::zeros({1}, torch::kFloat64));
    }
    if (parts.empty()) return g;
    auto flat = torch::cat(parts);
    group->all_reduce_sum(flat);
    int64_t at = 0;
    for (size_t l = 0; l < g.slots.size(); ++l) {
        const auto n = g.slots[l].numel();
        const auto device = g.slots[l].device();
        g.slots[l] = flat.narrow(0, at, n).to(device, torch::kFloat32);
        g.real[l] = flat[at + n].to(device, torch::kFloat32);
        if (g.old[l].defined()) g.old[l] = flat[at + n + 1].to(device, torch::kInt64);
        at += n + 2;
    }
    return g;
}

// The MoE terms of one micro-batch (each averaged over MoE layers), added to the totals. Every
// term is this rank's share of the global micro-batch's value (docs/scaling.md): the load
// balance uses the global slot shares f and divides its probabilities by the global token count,
// LPR divides by the global old-token count, and the classifier's mean over this rank's
// sequences is divided by the number of ranks (every rank holds the same number of sequences).
torch::Tensor moe_loss(const MoeRecorder& recorder, const TrainConfig& c, int64_t sequences, MoeTotals& totals,
                       ProcessGroup* group) {
    const GlobalCounts g = global_counts(recorder, group);
    const double world = group ? static_cast<double>(group->world_size()) : 1.0;
    std::vector<torch::Tensor> balance, lpr, cls;
    for (size_t l = 0; l < recorder.layers.size(); ++l) {
        const auto& r = recorder.layers[l];
        const auto real_count = g.real[l].clamp_min(1.0);
        auto f = g.slots[l] / (real_count * static_cast<double>(r.top_k));
        auto p = r.prob_sum / real_count;
        balance.push_back(static_cast<double>(r.experts) * (f * p).sum());
        if (r.lpr_sum.defined()) {
            lpr.push_back(r.lpr_sum / g.old[l].clamp_min(1).to(torch::kFloat32));
            totals.old_tokens += r.lpr_tokens.item<int64_t>();
        }
        if (r.classification.defined()) {
            cls.push_back(group ? r.classification / world : r.classification);
            totals.correct += r.class_correct.item<int64_t>();
            totals.sequences += sequences;
        }
        if (r.tokens_old.defined()) {
            auto& sums = totals.routing[r.layer];
            sums[0] += r.expert0_old.item<double>();
            sums[1] += static_cast<double>(r.tokens_old.item<int64_t>());
            sums[2] += r.expert0_new.item<double>();
            sums[3] += static_cast<double>(r.tokens_new.item<int64_t>());
        }
    }
    torch::Tensor total;
    auto add = [&](std::vector<torch::Tensor>& terms, double coef, double& sum, int64_t& n) {
        if (terms.empty()) return;
        auto mean = torch::stack(terms).mean();
        sum += mean.item<double>();
        ++n;
        if (coef > 0) total = total.defined() ? total + coef * mean : coef * mean;
    };
    add(balance, c.balance_coef, totals.balance, totals.balance_n);
    add(lpr, c.lpr_coef, totals.lpr, totals.lpr_n);  // a batch without old tokens adds 0, not NaN
    add(cls, c.cls_coef, totals.cls, totals.cls_n);
    return total;
}

// Sums a step's logged values over the ranks, in place: every rank then logs the global step.
void sum_over_ranks(ProcessGroup& group, double& loss_sum, torch::Tensor& lang_nll, torch::Tensor& lang_tokens,
                    MoeTotals& totals) {
    std::vector<double> v = {loss_sum,
                             totals.balance,
                             totals.lpr,
                             totals.cls,
                             static_cast<double>(totals.correct),
                             static_cast<double>(totals.sequences),
                             static_cast<double>(totals.old_tokens)};
    for (const auto& [layer, s] : totals.routing) v.insert(v.end(), s.begin(), s.end());
    auto flat = torch::cat({torch::tensor(v, torch::kFloat64), lang_nll, lang_tokens});
    group.all_reduce_sum(flat);
    const double* x = flat.data_ptr<double>();
    loss_sum = x[0];
    totals.balance = x[1];
    totals.lpr = x[2];
    totals.cls = x[3];
    totals.correct = std::llround(x[4]);
    totals.sequences = std::llround(x[5]);
    totals.old_tokens = std::llround(x[6]);
    size_t at = 7;
    for (auto& [layer, s] : totals.routing)
        for (auto& value : s) value = x[at++];
    const auto n = lang_nll.numel();
    lang_nll = flat.narrow(0, static_cast<int64_t>(at), n).clone();
    lang_tokens = flat.narrow(0, static_cast<int64_t>(at) + n, n).clone();
}

}  // namespace

Trainer::~Trainer() = default;

StepRecord Trainer::train_step() {
    const double lr = learning_rate_at(config_, step_);
    for (auto& group : optimizer_->param_groups()) static_cast<torch::optim::AdamWOptions&>(group.options()).lr(lr);
    optimizer_->zero_grad();
    // The global batch of a step is world x batch_size sequences per micro-batch; rank r takes
    // the r-th slice of each, so the data of a step depends on the global batch only, and a run
    // resumed on another number of ranks (same global batch) sees the same sequences.
    const int64_t world = group_ ? group_->world_size() : 1;
    const int64_t rank = group_ ? group_->rank() : 0;
    const int64_t global_micro = config_.batch_size * world;
    const int64_t per_step = global_micro * config_.grad_accum;
    // Normalise by the step's real target tokens over all ranks, so that accumulating
    // micro-batches, or splitting them over ranks, equals one large batch whatever the padding.
    std::vector<Batch> micro_batches;
    int64_t local_tokens = 0;
    for (int64_t micro = 0; micro < config_.grad_accum; ++micro) {
        micro_batches.push_back(sampler_->sampler.batch(
            step_ * per_step + micro * global_micro + rank * config_.batch_size, config_.batch_size));
        local_tokens += micro_batches.back().real_tokens;
    }
    int64_t tokens = local_tokens;
    if (group_) {
        auto t = torch::tensor({static_cast<double>(local_tokens)}, torch::kFloat64);
        group_->all_reduce_sum(t);
        tokens = std::llround(t.item<double>());
    }
    if (tokens == 0) throw Error(fmt::format("step {} has no target tokens (all padding)", step_ + 1));
    const bool moe = !model_->config().moe.empty();
    const auto n_lang = static_cast<int64_t>(data_.language_codes().size());
    auto lang_nll = torch::zeros({n_lang}, torch::kFloat64), lang_tokens = torch::zeros({n_lang}, torch::kFloat64);
    MoeTotals totals;
    double loss_sum = 0;
    for (size_t m = 0; m < micro_batches.size(); ++m) {
        const Batch& batch = micro_batches[m];
        auto inputs = batch.inputs.to(device_);
        ForwardContext ctx;
        MoeRecorder recorder;
        if (moe) {
            recorder.lpr_reference_form = config_.lpr_reference_form;
            ctx.moe = &recorder;
            ctx.token_mask = inputs != tokenizer_.pad_id();
            // A block holds one language, so each token's group is its sequence's.
            ctx.sequence_group = group_of_language_.index_select(0, batch.block_lang).to(device_);
            ctx.token_group = ctx.sequence_group.unsqueeze(1).expand_as(inputs);
        }
        auto logits = model_->forward(inputs, ctx);
        auto nll_tokens = torch::nn::functional::cross_entropy(
            logits.reshape({-1, logits.size(-1)}).to(torch::kFloat32), batch.targets.reshape({-1}).to(device_),
            torch::nn::functional::CrossEntropyFuncOptions().ignore_index(-100).reduction(torch::kNone));
        auto nll = nll_tokens.sum();
        auto objective = nll / static_cast<double>(tokens);
        if (moe) {
            auto extra = moe_loss(recorder, config_, inputs.size(0), totals, group_);
            if (extra.defined()) objective = objective + extra / static_cast<double>(config_.grad_accum);
        }
        // The last backward pass finishes the step's gradients: their sums over the ranks start
        // while it runs.
        if (buckets_ && m + 1 == micro_batches.size()) buckets_->arm();
        objective.backward();
        loss_sum += nll.item<double>();
        torch::NoGradGuard no_grad;
        auto per_sequence = nll_tokens.view(batch.targets.sizes()).sum(1).to(torch::kCPU, torch::kFloat64);
        auto counted = (batch.targets != -100).sum(1).to(torch::kFloat64);
        lang_nll.index_add_(0, batch.block_lang, per_sequence);
        lang_tokens.index_add_(0, batch.block_lang, counted);
    }
    if (group_) {
        buckets_->finish();  // then every rank holds the global gradient: the norm is global
        sum_over_ranks(*group_, loss_sum, lang_nll, lang_tokens, totals);
    }
    double grad_norm = 0;
    if (config_.grad_clip > 0) grad_norm = torch::nn::utils::clip_grad_norm_(trainable_, config_.grad_clip);
    optimizer_->step();
    ++step_;
    StepRecord r;
    r.step = step_;
    r.loss = loss_sum / static_cast<double>(tokens);
    r.lr = lr;
    r.grad_norm = grad_norm;
    r.tokens = tokens;
    auto lang_loss = (lang_nll / lang_tokens).contiguous();  // NaN where a language had no token
    r.language_loss.assign(lang_loss.data_ptr<double>(), lang_loss.data_ptr<double>() + n_lang);
    if (moe) {
        const auto steps = static_cast<int64_t>(config_.grad_accum);
        if (totals.balance_n) r.balance = totals.balance / static_cast<double>(steps);
        if (totals.lpr_n && totals.old_tokens > 0) r.lpr = totals.lpr / static_cast<double>(steps);
        if (totals.cls_n) r.classification = totals.cls / static_cast<double>(steps);
        if (totals.sequences) r.class_accuracy = mean_or_nan(static_cast<double>(totals.correct), totals.sequences);
        for (const auto& [layer, s] : totals.routing)
            r.routing.push_back({layer, s[1] > 0 ? s[0] / s[1] : std::numeric_limits<double>::quiet_NaN(),
                                 s[3] > 0 ? s[2] / s[3] : std::numeric_limits<double>::quiet_NaN()});
    }
    if (!std::isfinite(r.loss))
        throw Error(fmt::format("training diverged at step {} (loss {}); lower the learning rate", step_, r.loss));
    return r;
}

TrainResult Trainer::run(const TrainCallbacks& cb, const fs::path& checkpoint_root) {
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    TrainResult result;
    const bool rank0 = !group_ || group_->rank() == 0;
    if (group_) {
        // Every rank starts from rank 0's weights (they agree already when all start from one
        // seed or checkpoint; this makes sure). Optimiser states agree by the same argument and
        // stay equal, since every rank applies the same global gradient.
        torch::NoGradGuard no_grad;
        for (auto& p : trainable_) group_->broadcast(p, 0);
    }
    while (step_ < config_.steps) {
        const auto t0 = clock::now();
        StepRecord r = train_step();
        const double dt = std::chrono::duration<double>(clock::now() - t0).count();
        r.tokens_per_s = dt > 0 ? static_cast<double>(r.tokens) / dt : 0;
        history_.push_back(r);
        result.tokens += r.tokens;
        if (cb.on_step) cb.on_step(r);
        if (rank0 && cb.on_eval && config_.eval_every > 0 && step_ % config_.eval_every == 0 && step_ < config_.steps) {
            model_->eval();
            cb.on_eval(step_);
            model_->train();
        }
        if (rank0 && !checkpoint_root.empty() && config_.checkpoint_every > 0 &&
            step_ % config_.checkpoint_every == 0) {
            const fs::path dir = checkpoint_root / fmt::format("step-{:06d}", step_);
            if (cb.before_checkpoint) cb.before_checkpoint(step_);
            save_checkpoint(dir);
            if (cb.on_checkpoint) cb.on_checkpoint(step_, dir);
        }
        const Progress p{progress_stage(config_.stage), step_, config_.steps, "step",
                         fmt::format("loss {:.4f}", r.loss)};
        bool stop = !report(cb.progress, p);
        if (group_) {
            auto flag = torch::tensor({stop ? 1.0 : 0.0}, torch::kFloat64);
            group_->all_reduce_sum(flag);
            stop = flag.item<double>() > 0;
        }
        if (stop) {
            result.stopped = true;
            break;
        }
    }
    if (rank0 && !result.stopped && cb.on_eval) {
        model_->eval();
        cb.on_eval(step_);
        model_->train();
    }
    result.steps_done = step_;
    result.seconds = std::chrono::duration<double>(clock::now() - start).count();
    result.history = history_;
    return result;
}

void Trainer::save_checkpoint(const fs::path& dir) {
    nlohmann::json meta = checkpoint_meta_;
    meta["steps"] = step_;
    // Write into a staging folder, then rename: a crash never leaves a half checkpoint behind.
    const fs::path staging = dir.parent_path() / (dir.filename().string() + ".partial");
    std::error_code ec;
    fs::remove_all(staging, ec);
    try {
        save_model_dir(staging, model_, tokenizer_, meta);
        torch::save(*optimizer_, (staging / kOptimizerFile).string());
        nlohmann::json state = {{"step", step_},
                                {"train_config", config_.to_json()},
                                {"world_size", group_ ? group_->world_size() : 1},
                                {"history", nlohmann::json::array()}};
        for (const auto& r : history_) state["history"].push_back({r.step, r.loss, r.lr, r.grad_norm, r.tokens});
        atomic_write_file(staging / kTrainStateFile, state.dump() + "\n");
    } catch (...) {
        // A full disk, say: the half-written staging folder goes, the earlier checkpoints stay.
        fs::remove_all(staging, ec);
        const fs::path previous = latest_checkpoint(dir.parent_path());
        throw Error(fmt::format("cannot write the checkpoint {}: {}; {}", dir.string(),
                                error_line(std::current_exception()),
                                previous.empty() ? "no earlier checkpoint was kept"
                                                 : fmt::format("the previous checkpoint {} is intact and --resume "
                                                               "continues from it",
                                                               previous.filename().string())));
    }
    fs::remove_all(dir, ec);
    fs::rename(staging, dir, ec);
    if (ec) throw Error(fmt::format("cannot move checkpoint into {}: {}", dir.string(), ec.message()));
    // Keep the last two checkpoints next to this one.
    std::vector<fs::path> older;
    for (const auto& entry : fs::directory_iterator(dir.parent_path(), ec))
        if (entry.is_directory() && entry.path().filename().string().starts_with("step-") &&
            !entry.path().filename().string().ends_with(".partial") && entry.path() != dir)
            older.push_back(entry.path());
    std::sort(older.begin(), older.end());
    while (older.size() > 1) {
        fs::remove_all(older.front(), ec);
        older.erase(older.begin());
    }
}

void Trainer::resume_from(const fs::path& dir) {
    const fs::path state_path = dir / kTrainStateFile;
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(read_text_file(state_path));
    } catch (const nlohmann::json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", state_path.string(), e.what()));
    }
    load_weights_into(model_, dir / kWeightsFile);
    try {
        torch::load(*optimizer_, (dir / kOptimizerFile).string());
    } catch (const c10::Error& e) {
        throw Error(fmt::format("{}: cannot read optimiser state ({})", (dir / kOptimizerFile).string(),
                                e.what_without_backtrace()));
    }
    step_ = state.at("step").get<int64_t>();
    history_.clear();
    for (const auto& row : state.at("history")) {
        StepRecord r;
        r.step = row.at(0).get<int64_t>();
        r.loss = row.at(1).get<double>();
        r.lr = row.at(2).get<double>();
        r.grad_norm = row.at(3).get<double>();
        r.tokens = row.at(4).get<int64_t>();
        history_.push_back(r);
    }
    const auto saved = TrainConfig::from_json(state.at("train_config"));
    // The data position follows the global batch, so another number of ranks may resume as long
    // as ranks x batch stays the same.
    const int64_t saved_world = state.value("world_size", int64_t{1});
    const int64_t world = group_ ? group_->world_size() : 1;
    if (saved.seed != config_.seed || saved.batch_size * saved_world != config_.batch_size * world ||
        saved.grad_accum != config_.grad_accum)
        throw Error(fmt::format("{}: the checkpoint was made with seed {}, {} rank(s) x batch {} x {} micro-batches; "
                                "resume with the same seed, accumulation and global batch (ranks x batch = {})",
                                state_path.string(), saved.seed, saved_world, saved.batch_size, saved.grad_accum,
                                saved.batch_size * saved_world));
}

fs::path latest_checkpoint(const fs::path& root) {
    std::error_code ec;
    fs::path best;
    if (!fs::is_directory(root, ec)) return best;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        const std::string name = entry.path().filename().string();
        if (entry.is_directory() && name.starts_with("step-") && !name.ends_with(".partial") &&
            fs::exists(entry.path() / kTrainStateFile) && (best.empty() || entry.path() > best))
            best = entry.path();
    }
    return best;
}

}  // namespace layermoe
