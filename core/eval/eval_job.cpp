#include "core/eval/eval_job.h"

#include <chrono>
#include <thread>

#include "core/io/checkpoint.h"
#include "core/store/store.h"
#include "core/train/pretrain_job.h"

namespace layermoe {

EvalJobResult run_eval_job(const EvalJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    const int threads = cfg.threads > 0 ? cfg.threads : static_cast<int>(std::thread::hardware_concurrency());
    torch::set_num_threads(std::max(1, threads));
    auto loaded = load_model_dir(cfg.model_dir, parse_device(cfg.device));
    const Corpus corpus = load_corpus(cfg.corpus, cfg.langs, cfg.corpus_options);
    std::vector<std::pair<std::string, const std::vector<std::string>*>> docs;
    for (const auto& l : cfg.langs) docs.emplace_back(l, &corpus.at(l).heldout);

    EvalJobResult result;
    BpbConfig bpb;
    bpb.max_documents = cfg.max_documents;
    result.results = evaluate_bpb(loaded.model, *loaded.tokenizer, docs, bpb, progress);

    const auto trained = loaded.meta.value("trained_langs", std::vector<std::string>{});
    LanguageGroups groups;
    for (const auto& l : cfg.langs)
        (std::find(trained.begin(), trained.end(), l) != trained.end() ? groups.old_langs : groups.new1).push_back(l);
    result.means = group_means(result.results, groups);

    if (!cfg.store_file.empty()) {
        Store store(cfg.store_file);
        NewRun run;
        run.kind = "eval";
        run.config = {{"model", std::filesystem::absolute(cfg.model_dir).string()}, {"corpus", cfg.corpus.string()},
                      {"langs", cfg.langs}, {"max_documents", cfg.max_documents}};
        const int64_t model_run = loaded.meta.value("run_id", int64_t{0});
        if (model_run > 0 && store.get_run(model_run)) run.parent = model_run;
        run.name = "eval " + cfg.model_dir.filename().string();
        run.code_version = code_version();
        result.run_id = store.create_run(run);
        for (const auto& r : result.results)
            store.add_eval_result({result.run_id, "heldout", r.language, "bpb", r.bits_per_byte, r.documents});
        for (const auto& g : result.means)
            store.add_eval_result({result.run_id, "heldout", "group:" + g.group, "bpb", g.bits_per_byte, g.languages});
        store.finish_run(result.run_id, "finished");
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

} // namespace layermoe
