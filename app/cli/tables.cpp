#include <fmt/format.h>
#include <fmt/ranges.h>

#include "app/cli/progress_line.h"
#include "app/cli/verbs.h"
#include "core/eval/bpb_result.h"
#include "core/jobs/experiment_job.h"
#include "core/jobs/pretrain_job.h"
#include "core/report/format.h"
#include "core/report/render.h"
#include "core/store/run_kind.h"

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
            auto it =
                std::find_if(before.begin(), before.end(), [&](const auto& b) { return b.language == r.language; });
            if (it != before.end())
                fmt::print(" {:>12.4f}", it->bits_per_byte);
            else
                fmt::print(" {:>12}", "-");
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
        out.push_back({{"language", r.language},
                       {"bits_per_byte", r.bits_per_byte},
                       {"bytes", r.bytes},
                       {"tokens", r.tokens},
                       {"documents", r.documents}});
    return out;
}

nlohmann::json pretrain_json(const PretrainJobResult& r) {
    nlohmann::json out = {{"run_id", r.run_id},
                          {"steps", r.train.steps_done},
                          {"status", to_string(r.cancelled ? RunStatus::Cancelled : RunStatus::Finished)},
                          {"train_seconds", r.train.seconds},
                          {"wall_seconds", r.wall_seconds},
                          {"tokens", r.train.tokens},
                          {"model_dir", r.model_dir.string()},
                          {"bpb_initial", bpb_json(r.initial)},
                          {"bpb_final", bpb_json(r.final)}};
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
    fmt::print("trained {} steps, {} tokens in {} ({:.0f} tokens/s); final training loss {:.4f}\n", r.train.steps_done,
               r.train.tokens, format_duration(r.train.seconds), tps,
               r.train.history.empty() ? 0.0 : r.train.history.back().loss);
    print_bpb_table(r.initial, r.final, r.final_means);
    fmt::print("model saved to {}", r.model_dir.string());
    if (r.run_id > 0) fmt::print("; recorded as run {}", r.run_id);
    fmt::print(" (total {})\n", format_duration(r.wall_seconds));
}

void print_comparison(const ExperimentResult& result, const ExperimentSpec& spec) {
    const Comparison c = experiment_comparison(result, spec);
    fmt::print("\n{}", render_method_table(c));
    if (const auto forgetting = g1_forgetting(result, spec); !forgetting.empty()) {
        fmt::print("\nforgetting of G1 in the G2 expansion (G1 bits per byte after G2 minus after G1, 95% intervals; "
                   "above 0 = forgot):\n");
        for (const auto& f : forgetting) {
            std::string said;
            if (f.interval) {
                const auto v = stats::verdict(*f.interval, false);
                said = v == stats::Verdict::NoClearDifference ? "no clear difference"
                       : v == stats::Verdict::Worse           ? "forgot G1"
                                                              : "better on G1 than after G1";
            }
            fmt::print("{:<24} d G1 {:<28} {}\n", f.method.substr(0, 24),
                       f.interval ? format_interval(f.interval) : format_change(f.change), said);
        }
    }
    if (const auto pair = claim_pair(spec); pair && pair->second < c.runs.size())
        fmt::print("{}", render_claims(c, pair->first, pair->second));
    fmt::print("{} runs in {}; table also in {}\n", result.rows.size(), spec.run.store_file.string(),
               result.comparison_csv.string());
}

}  // namespace layermoe::cli
