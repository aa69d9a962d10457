// An expansion's configuration: method names, JSON and checks. Plain values, no LibTorch, so
// that readers of configuration (experiment files, their fuzz harness) build without it.
#include <cmath>

#include <fmt/format.h>

#include "core/common/error.h"
#include "core/jobs/expand_job.h"

namespace layermoe {

namespace fs = std::filesystem;

std::string method_name(ExpansionMethod method) {
    switch (method) {
    case ExpansionMethod::LayerMoe: return "layermoe";
    case ExpansionMethod::MoeLpr: return "moe-lpr";
    case ExpansionMethod::Dense: return "dense";
    }
    return "?";
}

ExpansionMethod parse_expansion_method(std::string_view name) {
    if (name == "layermoe") return ExpansionMethod::LayerMoe;
    if (name == "moe-lpr") return ExpansionMethod::MoeLpr;
    if (name == "dense") return ExpansionMethod::Dense;
    throw Error(fmt::format("unknown method '{}' (use layermoe, moe-lpr or dense)", name));
}

nlohmann::json ExpandJobConfig::to_json() const {
    nlohmann::json j = {{"model", fs::absolute(model_dir).string()},
                        {"corpus", corpus.string()},
                        {"old", old_langs},
                        {"new", new_langs},
                        {"method", method_name(method)},
                        {"allocation", allocation.to_json()},
                        {"analysis_tokens", analysis.tokens_select},
                        {"analysis_split", analysis_split},
                        {"top_k", top_k},
                        // As the stages train: with the run's seed, threads and device.
                        {"stage1", with_run_settings(stage1, run).to_json()},
                        {"stage2", with_run_settings(stage2, run).to_json()},
                        {"replay_ratio", replay_ratio},
                        {"eval_documents", eval_documents},
                        {"out_dir", fs::absolute(out_dir).string()},
                        {"seed", run.seed}};
    if (fixed_allocation) {
        j["fixed_allocation"] = fixed_allocation->to_json();
        j["analysis_run"] = analysis_run;
    }
    return j;
}

void check_fixed_allocation(const Allocation& allocation) {
    if (allocation.layers.empty()) throw Error("the fixed allocation has no layers");
    for (size_t i = 0; i < allocation.layers.size(); ++i) {
        const LayerAllocation& layer = allocation.layers[i];
        if (layer.layer != static_cast<int64_t>(i))
            throw Error(fmt::format("the fixed allocation's layer {} is numbered {}; layers go 0, 1, ... in order", i,
                                    layer.layer));
        if (layer.experts < 1)
            throw Error(fmt::format("the fixed allocation gives layer {} {} experts; every layer keeps at least its "
                                    "original one",
                                    i, layer.experts));
    }
}

void ExpandJobConfig::validate() const {
    if (old_langs.empty()) throw Error("no old languages given");
    if (new_langs.empty()) throw Error("no new languages given");
    LanguageGroups groups;
    groups.old_langs = old_langs;
    groups.new1 = new_langs;
    groups.validate();
    if (out_dir.empty()) throw Error("no output folder given");
    if (!run_stage1 && !run_stage2) throw Error("no stage to run");
    if (replay_ratio < 0 || !std::isfinite(replay_ratio))
        throw Error(fmt::format("replay ratio {} must be >= 0", replay_ratio));
    if (top_k < 1) throw Error(fmt::format("top-k {} must be >= 1", top_k));
    if (fixed_allocation) {
        if (method != ExpansionMethod::LayerMoe)
            throw Error(fmt::format("a fixed allocation is for layermoe, not {}", method_name(method)));
        check_fixed_allocation(*fixed_allocation);
    }
    if (analysis_run < 0) throw Error(fmt::format("analysis run {} must be >= 0", analysis_run));
    stage1.validate();
    stage2.validate();
}

}  // namespace layermoe
