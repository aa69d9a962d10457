#include "core/jobs/analysis_job.h"

#include "core/analysis/similarity.h"

#include <chrono>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/common/version.h"
#include "core/data/languages.h"
#include "core/model/checkpoint.h"
#include "core/jobs/recorded_run.h"
#include "core/store/store.h"

namespace layermoe {

namespace fs = std::filesystem;

nlohmann::json AnalysisJobConfig::to_json() const {
    return {{"model", fs::absolute(model_dir).string()},
            {"corpus", corpus.string()},
            {"old", old_langs},
            {"new", new_langs},
            {"split", split},
            {"tokens_select", capture.tokens_select},
            {"tokens_limit", capture.effective_limit()},
            {"aligned", aligned},
            {"aligned_sentences", capture.aligned_sentences},
            {"device", run.device},
            {"dtype", run.dtype},
            {"context", run.context}};
}

namespace {

// The documents the analysis reads, per language, from the chosen split.
class SplitDocs {
public:
    SplitDocs(const Corpus& corpus, const std::vector<std::string>& langs, const std::string& split) {
        if (split != "heldout" && split != "train" && split != "all")
            throw Error(fmt::format("unknown split '{}' (use heldout, train or all)", split));
        if (corpus.format == "shards" && split != "heldout")
            throw Error(fmt::format("{}: a token-shard folder keeps the text of its held-out documents only; analyse "
                                    "the held-out split (analyze --split heldout, expand --analysis-split heldout) "
                                    "or give the corpus folder itself",
                                    corpus.path));
        storage_.reserve(langs.size());
        for (const auto& l : langs) {
            const auto& text = corpus.at(l);
            if (split == "heldout") {
                docs_.emplace_back(l, &text.heldout);
            } else if (split == "train") {
                docs_.emplace_back(l, &text.train);
            } else {
                auto& all = storage_.emplace_back(text.train);
                all.insert(all.end(), text.heldout.begin(), text.heldout.end());
                docs_.emplace_back(l, &all);
            }
        }
    }
    const LanguageDocs& docs() const { return docs_; }

private:
    std::vector<std::vector<std::string>> storage_;
    LanguageDocs docs_;
};

fs::path aligned_csv_path(const fs::path& csv) {
    return csv.parent_path() / (csv.stem().string() + "-aligned" + csv.extension().string());
}

RecordedRun create_analysis_run(const AnalysisJobConfig& cfg, const ModelConfig& model,
                                const nlohmann::json& model_meta) {
    if (cfg.run.store_file.empty()) return {};
    auto store = open_store_creating_folder(cfg.run.store_file);
    nlohmann::json config = cfg.to_json();
    config["model_config"] = to_hf_config(model);
    if (cfg.experiment_run) config["experiment"] = *cfg.experiment_run;
    const auto model_run = store->run_of_model(model_meta);
    RecordedRun run = RecordedRun::create(
        std::move(store),
        new_run(RunKind::Analyze,
                cfg.name.empty() ? fmt::format("analyze {}", cfg.model_dir.filename().string()) : cfg.name,
                std::move(config), model_run ? std::optional<int64_t>(model_run->id) : std::nullopt));
    LanguageGroups groups;
    groups.old_langs = cfg.old_langs;
    groups.new1 = cfg.new_langs;
    run.set_languages(groups);
    return run;
}

}  // namespace

AnalysisJobResult run_analysis_job(const AnalysisJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    check_store_opens(cfg.run.store_file);
    LanguageGroups groups;
    groups.old_langs = cfg.old_langs;
    groups.new1 = cfg.new_langs;
    if (cfg.old_langs.empty()) throw Error("no old languages given");
    if (cfg.new_langs.empty()) throw Error("no new languages given");
    groups.validate();
    cfg.capture.validate();
    configure_cpu_threads(cfg.run.threads);
    const auto options = load_options(cfg.run.device, cfg.run.dtype, cfg.run.context);
    auto loaded = load_for_work(
        cfg.model_dir, options,
        [&](const ModelConfig& model) {
            return plan_inference(model,
                                  {cfg.capture.batch_size, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                                  /*logits=*/false, "analysis");
        },
        progress);
    report(progress, {Stage::Load, 0, 0, "", "reading corpus " + cfg.corpus.string()});
    const Corpus corpus = load_corpus(cfg.corpus, groups.all(), cfg.corpus_options);
    const SplitDocs split(corpus, groups.all(), cfg.split);

    AnalysisJobResult result;
    result.model = loaded.model->config();
    RecordedRun run = create_analysis_run(cfg, result.model, loaded.meta);
    result.run_id = run.id();
    auto captured = capture_similarity(loaded.model, *loaded.tokenizer, split.docs(), cfg.capture, progress);
    if (!captured.cancelled && cfg.aligned) {
        auto aligned = capture_aligned_similarity(loaded.model, *loaded.tokenizer, split.docs(), cfg.capture, progress);
        captured.cancelled = aligned.cancelled;
        result.aligned = std::move(aligned.report);
    }
    const auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    if (captured.cancelled) {
        result.cancelled = true;
        result.aligned.reset();
        run.cancel();
        result.seconds = seconds();
        return result;
    }
    result.similarity = std::move(captured.report);
    result.scores = layer_scores(result.similarity, cfg.old_langs, cfg.new_langs);
    if (result.aligned) result.aligned_scores = layer_scores(*result.aligned, cfg.old_langs, cfg.new_langs);
    run.save_similarity(result.similarity);
    run.save_layer_scores("mean", result.scores);
    if (result.aligned) {
        run.save_similarity(*result.aligned);
        run.save_layer_scores("aligned", result.aligned_scores);
    }
    if (!cfg.csv_file.empty()) {
        write_scores_csv(cfg.csv_file, result.scores);
        if (result.aligned) write_scores_csv(aligned_csv_path(cfg.csv_file), result.aligned_scores);
    }
    run.finish();
    result.seconds = seconds();
    return result;
}

}  // namespace layermoe
