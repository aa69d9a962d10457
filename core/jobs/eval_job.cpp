#include "core/jobs/eval_job.h"

#include "core/eval/bpb.h"

#include <chrono>

#include "core/common/cpu_threads.h"
#include "core/model/checkpoint.h"
#include "core/jobs/recorded_run.h"

namespace layermoe {

LanguageGroups eval_groups(const std::vector<std::string>& langs, const nlohmann::json& meta,
                           const std::string& source) {
    LanguageGroups known;
    if (meta.contains("language_groups"))
        known = LanguageGroups::from_json(meta.at("language_groups"), source + " (layermoe.language_groups)");
    else
        known.old_langs = meta.value("trained_langs", std::vector<std::string>{});
    LanguageGroups out;
    for (const auto& l : langs) {
        switch (known.group_of(l).value_or(LanguageGroup::New1)) {
        case LanguageGroup::Old: out.old_langs.push_back(l); break;
        case LanguageGroup::New1: out.new1.push_back(l); break;
        case LanguageGroup::New2: out.new2.push_back(l); break;
        }
    }
    return out;
}

EvalJobResult run_eval_job(const EvalJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    check_store_opens(cfg.run.store_file);
    configure_cpu_threads(cfg.run.threads);
    BpbConfig bpb;
    const auto options = load_options(cfg.run.device, cfg.run.dtype, cfg.run.context);
    auto loaded = load_for_work(
        cfg.model_dir, options,
        [&](const ModelConfig& model) {
            return plan_inference(model, {bpb.batch_size, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                                  /*logits=*/true, "evaluation");
        },
        progress);
    const Corpus corpus = load_corpus(cfg.corpus, cfg.langs, cfg.corpus_options);
    std::vector<std::pair<std::string, const std::vector<std::string>*>> docs;
    for (const auto& l : cfg.langs) docs.emplace_back(l, &corpus.at(l).heldout);

    EvalJobResult result;
    bpb.max_documents = cfg.max_documents;
    result.results = evaluate_bpb(loaded.model, *loaded.tokenizer, docs, bpb, progress);

    const LanguageGroups groups = eval_groups(cfg.langs, loaded.meta, (cfg.model_dir / kConfigFile).string());
    result.means = group_means(result.results, groups);

    if (!cfg.run.store_file.empty()) {
        auto store = open_store_creating_folder(cfg.run.store_file);
        nlohmann::json config = {{"model", std::filesystem::absolute(cfg.model_dir).string()},
                                 {"corpus", cfg.corpus.string()},
                                 {"langs", cfg.langs},
                                 {"max_documents", cfg.max_documents}};
        if (cfg.experiment_run) config["experiment"] = *cfg.experiment_run;
        const auto model_run = store->run_of_model(loaded.meta);
        RecordedRun run = RecordedRun::create(
            std::move(store), new_run(RunKind::Eval, "eval " + cfg.model_dir.filename().string(), std::move(config),
                                      model_run ? std::optional<int64_t>(model_run->id) : std::nullopt));
        result.run_id = run.id();
        run.set_languages(groups);
        run.add_bpb_results(result.results, result.means);
        run.finish();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace layermoe
