#include "core/jobs/routes_job.h"

#include <chrono>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/jobs/eval_job.h"
#include "core/jobs/recorded_run.h"
#include "core/model/checkpoint.h"
#include "core/store/metric_keys.h"

namespace layermoe {

RoutesJobResult run_routes_job(const RoutesJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    if (cfg.langs.empty()) throw Error("routes: give the languages to measure (--langs)");
    check_route_options(cfg.routes);
    const auto options = load_options(cfg.run.device, cfg.run.dtype, cfg.run.context);
    if (read_model_config(cfg.model_dir, options).moe.empty())
        throw Error(fmt::format("{}: a dense model routes nothing (give an expanded model's folder)",
                                (cfg.model_dir / kConfigFile).string()));
    check_store_opens(cfg.run.store_file);
    configure_cpu_threads(cfg.run.threads);
    const Corpus corpus = load_corpus(cfg.corpus, cfg.langs, cfg.corpus_options);
    auto loaded = load_for_work(
        cfg.model_dir, options,
        [&](const ModelConfig& model) {
            return plan_inference(model,
                                  {cfg.routes.batch_size, std::min(cfg.routes.sequence_len, model.work_len()),
                                   static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                                  /*logits=*/false, "routes");
        },
        progress);
    // Old languages first, as the model's groups say.
    const LanguageGroups groups = eval_groups(cfg.langs, loaded.meta, (cfg.model_dir / kConfigFile).string());
    std::vector<RouteDocs> docs;
    for (const auto& [code, group] : groups.tagged()) docs.push_back({code, group, &corpus.at(code).heldout});

    RoutesJobResult result;
    result.table = measure_routes(loaded.model, *loaded.tokenizer, docs, cfg.routes, progress, &result.cancelled);
    if (!result.cancelled && !cfg.run.store_file.empty()) {
        auto store = open_store_creating_folder(cfg.run.store_file);
        nlohmann::json config = {{"model", std::filesystem::absolute(cfg.model_dir).string()},
                                 {"corpus", cfg.corpus.string()},
                                 {"langs", cfg.langs},
                                 {"max_tokens", cfg.routes.max_tokens},
                                 {"sequence_len", cfg.routes.sequence_len},
                                 {"run", cfg.run.to_json()}};
        const auto model_run = store->run_of_model(loaded.meta);
        // A stage's folder is named by its method's folder too: "routes layermoe-seed1/stage2".
        const auto folder = cfg.model_dir.lexically_normal().filename().empty()
                                ? cfg.model_dir.lexically_normal().parent_path()
                                : cfg.model_dir.lexically_normal();
        const std::string label = folder.filename().string().starts_with("stage")
                                      ? (folder.parent_path().filename() / folder.filename()).string()
                                      : folder.filename().string();
        RecordedRun run = RecordedRun::create(
            std::move(store), new_run(RunKind::Routes, "routes " + label, std::move(config),
                                      model_run ? std::optional<int64_t>(model_run->id) : std::nullopt));
        result.run_id = run.id();
        run.set_languages(groups);
        for (const auto& p : route_points(result.table)) run.log(p.stage, p.step, p.language, p.name, p.value);
        run.finish();
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace layermoe
