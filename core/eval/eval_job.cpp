#include "core/eval/eval_job.h"

#include "core/eval/bpb.h"

#include <chrono>

#include "core/common/cpu_threads.h"
#include "core/io/checkpoint.h"
#include "core/store/store.h"
#include "core/train/pretrain_job.h"

namespace layermoe {

LanguageGroups eval_groups(const std::vector<std::string>& langs, const nlohmann::json& meta, const std::string& source) {
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
    configure_cpu_threads(cfg.threads);
    BpbConfig bpb;
    const auto options = load_options(cfg.device, cfg.dtype, cfg.context);
    auto loaded = load_for_work(cfg.model_dir, options, [&](const ModelConfig& model) {
        return plan_inference(model, {bpb.batch_size, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                              /*logits=*/true, "evaluation");
    }, progress);
    const Corpus corpus = load_corpus(cfg.corpus, cfg.langs, cfg.corpus_options);
    std::vector<std::pair<std::string, const std::vector<std::string>*>> docs;
    for (const auto& l : cfg.langs) docs.emplace_back(l, &corpus.at(l).heldout);

    EvalJobResult result;
    bpb.max_documents = cfg.max_documents;
    result.results = evaluate_bpb(loaded.model, *loaded.tokenizer, docs, bpb, progress);

    const LanguageGroups groups = eval_groups(cfg.langs, loaded.meta, (cfg.model_dir / kConfigFile).string());
    result.means = group_means(result.results, groups);

    if (!cfg.store_file.empty()) {
        const auto opened = open_store_creating_folder(cfg.store_file);
        Store& store = *opened;
        NewRun run;
        run.kind = "eval";
        run.config = {{"model", std::filesystem::absolute(cfg.model_dir).string()}, {"corpus", cfg.corpus.string()},
                      {"langs", cfg.langs}, {"max_documents", cfg.max_documents}};
        if (cfg.experiment_run) run.config["experiment"] = *cfg.experiment_run;
        if (const auto model_run = store.run_of_model(loaded.meta)) run.parent = model_run->id;
        run.name = "eval " + cfg.model_dir.filename().string();
        run.code_version = code_version();
        result.run_id = store.create_run(run);
        for (const auto& r : result.results)
            store.add_eval_result({result.run_id, "heldout", r.language, "bpb", r.bits_per_byte, r.documents});
        store.set_run_languages(result.run_id, groups.tagged());
        for (const auto& g : result.means)
            store.add_eval_result({result.run_id, "heldout", "group:" + g.group, "bpb", g.bits_per_byte, g.languages});
        store.finish_run(result.run_id, "finished");
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace layermoe
