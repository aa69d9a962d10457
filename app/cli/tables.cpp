#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/eval/bpb_result.h"
#include "core/train/experiment_job.h"
#include "core/train/pretrain_job.h"

namespace layermoe::cli {

void print_bpb_table(const std::vector<BpbResult>& before, const std::vector<BpbResult>& after,
                     const std::vector<GroupMean>& means) {
    const bool with_before = !before.empty();
    fmt::print("{:<12} {:>6} {:>9}", "language", "docs", "bytes");
    if (with_before) fmt::print(" {:>12}", "bpb before");
    fmt::print(" {:>10}\n", with_before ? "bpb after" : "bpb");
    for (size_t i = 0; i < after.size(); ++i) {
        const auto& r = after[i];
        fmt::print("{:<12} {:>6} {:>9}", r.language, r.documents, r.bytes);
        if (with_before) {
            auto it = std::find_if(before.begin(), before.end(), [&](const auto& b) { return b.language == r.language; });
            if (it != before.end()) fmt::print(" {:>12.4f}", it->bits_per_byte);
            else fmt::print(" {:>12}", "-");
        }
        fmt::print(" {:>10.4f}\n", r.bits_per_byte);
    }
    for (const auto& g : means)
        fmt::print("{:<12} {:>6} {:>9}{} {:>10.4f}\n", "mean " + g.group, g.languages, "langs",
                   with_before ? std::string(13, ' ') : std::string(), g.bits_per_byte);
}

nlohmann::json bpb_json(const std::vector<BpbResult>& results) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : results)
        out.push_back({{"language", r.language}, {"bits_per_byte", r.bits_per_byte}, {"bytes", r.bytes},
                       {"tokens", r.tokens}, {"documents", r.documents}});
    return out;
}

nlohmann::json pretrain_json(const PretrainJobResult& r) {
    nlohmann::json out = {{"run_id", r.run_id}, {"steps", r.train.steps_done}, {"cancelled", r.cancelled},
                          {"train_seconds", r.train.seconds}, {"wall_seconds", r.wall_seconds},
                          {"tokens", r.train.tokens}, {"model_dir", r.model_dir.string()},
                          {"bpb_initial", bpb_json(r.initial)}, {"bpb_final", bpb_json(r.final)}};
    if (!r.train.history.empty()) out["final_loss"] = r.train.history.back().loss;
    for (const auto& g : r.final_means) out["groups"][g.group] = g.bits_per_byte;
    return out;
}

void print_pretrain_summary(const PretrainJobResult& r) {
    if (r.cancelled) {
        fmt::print("stopped at step {}; a checkpoint was saved, continue with --resume\n", r.train.steps_done);
        return;
    }
    const double tps = r.train.seconds > 0 ? static_cast<double>(r.train.tokens) / r.train.seconds : 0;
    fmt::print("trained {} steps, {} tokens in {} ({:.0f} tokens/s); final training loss {:.4f}\n",
               r.train.steps_done, r.train.tokens, format_duration(r.train.seconds), tps,
               r.train.history.empty() ? 0.0 : r.train.history.back().loss);
    print_bpb_table(r.initial, r.final, r.final_means);
    fmt::print("model saved to {}", r.model_dir.string());
    if (r.run_id > 0) fmt::print("; recorded as run {}", r.run_id);
    fmt::print(" (total {})\n", format_duration(r.wall_seconds));
}

void print_comparison(const ExperimentResult& result, const ExperimentSpec& spec) {
    auto group = [](const ComparisonRow& row, const char* name) {
        for (const auto& m : row.means)
            if (m.group == name) return m.bits_per_byte;
        return 0.0;
    };
    fmt::print("\n{:<12} {:>7} {:>9} {:>9} {:>8} {:>8} {:>8} {:>8}", "method", "new exp", "new par.", "trained",
               "bpb old", "bpb new", "d old", "d new");
    for (const auto& r : result.rows.front().bpb) fmt::print(" {:>9}", r.language);
    fmt::print("\n");
    for (const auto& row : result.rows) {
        const bool base = row.method == "base";
        auto millions = [&](int64_t n) { return base ? std::string("-") : fmt::format("{:.2f}M", static_cast<double>(n) / 1e6); };
        fmt::print("{:<12} {:>7} {:>9} {:>9} {:>8.4f} {:>8.4f} {:>8} {:>8}", row.method, base ? std::string("-") : std::to_string(row.new_experts),
                   millions(row.new_parameters), millions(row.trainable_parameters), group(row, "old"), group(row, "G1"),
                   base ? std::string("-") : fmt::format("{:+.4f}", row.old_change),
                   base ? std::string("-") : fmt::format("{:+.4f}", row.new_change));
        for (const auto& r : row.bpb) fmt::print(" {:>9.4f}", r.bits_per_byte);
        fmt::print("\n");
    }
    fmt::print("bits per byte on held-out text (lower is better); d old / d new: change against the base, averaged "
               "over the old ({}) and new ({}) languages\n", fmt::join(spec.old_langs, ", "), fmt::join(spec.new_langs, ", "));
    // Tasks: accuracy per group, and the change against the base.
    const auto keys = task_keys(result);
    for (const auto& key : keys) {
        fmt::print("\n{:<12} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9}\n", key, "acc old", "acc new", "MI old", "MI new",
                   "d MI old", "d MI new");
        for (const auto& row : result.rows) {
            const auto *o = task_mean(row, key, "old"), *n = task_mean(row, key, "G1");
            const auto *bo = task_mean(result.rows.front(), key, "old"), *bn = task_mean(result.rows.front(), key, "G1");
            auto value = [](const TaskGroupMean* m, bool mi) {
                return !m ? std::string("-") : fmt::format("{:.4f}", mi ? m->acc_mutual_info : m->acc);
            };
            auto change = [&](const TaskGroupMean* m, const TaskGroupMean* b) {
                return row.method == "base" || !m || !b ? std::string("-") : fmt::format("{:+.4f}", m->acc_mutual_info - b->acc_mutual_info);
            };
            fmt::print("{:<12} {:>8} {:>8} {:>8} {:>8} {:>9} {:>9}\n", row.method, value(o, false), value(n, false),
                       value(o, true), value(n, true), change(o, bo), change(n, bn));
        }
    }
    if (!keys.empty())
        fmt::print("accuracy on multiple-choice tasks (chance 0.25 with 4 choices); MI: acc_mutual_info; d: change "
                   "against the base (negative on old languages = forgetting)\n");
    fmt::print("{} runs in {}; table also in {}\n", result.rows.size(), spec.store_file.string(), result.comparison_csv.string());
}

} // namespace layermoe::cli
