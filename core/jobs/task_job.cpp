#include "core/jobs/task_job.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/common/version.h"
#include "core/jobs/eval_job.h"
#include "core/eval/multiple_choice.h"
#include "core/model/checkpoint.h"
#include "core/jobs/recorded_run.h"
#include "core/store/metric_keys.h"
#include "core/store/store.h"

namespace layermoe {

namespace {

std::vector<std::string> split_specs(const std::string& specs) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= specs.size()) {
        const size_t comma = std::min(specs.find(',', start), specs.size());
        std::string item = specs.substr(start, comma - start);
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
        start = comma + 1;
    }
    if (out.empty()) throw Error("no task given: name a task file, a folder of them or builtin:NAME");
    return out;
}

std::vector<McTask> builtin_tasks(const std::string& name, const TaskJobConfig& cfg) {
    const auto& names = builtin_task_names();
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw Error(fmt::format("unknown builtin task '{}' (builtin: {})", name, fmt::join(names, ", ")));
    if (cfg.corpus.empty() || cfg.langs.empty())
        throw Error(fmt::format("builtin:{} is built from a corpus: give the corpus and the languages", name));
    BuiltinTaskOptions options;
    options.max_items = cfg.max_items;
    options.seed = cfg.run.seed;
    options.pivot = cfg.pivot;
    std::vector<std::string> langs = cfg.langs;
    if (name == "translation" && std::find(langs.begin(), langs.end(), cfg.pivot) == langs.end())
        langs.push_back(cfg.pivot);
    const Corpus corpus = load_corpus(cfg.corpus, langs, cfg.corpus_options);
    std::vector<McTask> tasks;
    for (const auto& l : cfg.langs) {
        if (name == "continuation") {
            tasks.push_back(continuation_task(corpus.at(l), options));
            continue;
        }
        std::string target = cfg.pivot;
        if (l == cfg.pivot) {
            const auto other =
                std::find_if(cfg.langs.begin(), cfg.langs.end(), [&](const std::string& x) { return x != l; });
            if (other == cfg.langs.end())
                throw Error(
                    fmt::format("builtin:translation into {} needs a second language for {} itself", cfg.pivot, l));
            target = *other;
        }
        tasks.push_back(translation_task(corpus.at(l), corpus.at(target), options));
    }
    return tasks;
}

std::vector<McTask> load_tasks(const TaskJobConfig& cfg) {
    std::vector<McTask> tasks;
    for (const auto& spec : split_specs(cfg.tasks)) {
        if (spec.starts_with("builtin:")) {
            for (auto& t : builtin_tasks(spec.substr(8), cfg)) tasks.push_back(std::move(t));
            continue;
        }
        for (auto& t : read_task_path(spec))
            if (cfg.langs.empty() || std::find(cfg.langs.begin(), cfg.langs.end(), t.language) != cfg.langs.end()) {
                if (cfg.max_items > 0 && t.items.size() > static_cast<size_t>(cfg.max_items))
                    t.items.resize(static_cast<size_t>(cfg.max_items));
                tasks.push_back(std::move(t));
            }
    }
    if (tasks.empty())
        throw Error(fmt::format("{}: no task for the languages {}", cfg.tasks, fmt::join(cfg.langs, ",")));
    return tasks;
}

std::vector<TaskGroupMean> task_means(const std::vector<McResult>& results, const LanguageGroups& groups) {
    std::vector<TaskGroupMean> out;
    std::vector<std::string> keys;
    for (const auto& r : results) {
        const auto key = task_key(r.task, r.shots);
        if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(key);
    }
    for (const auto& key : keys) {
        for (const auto& [group, langs] :
             {std::pair{std::string("old"), groups.old_langs}, std::pair{std::string("G1"), groups.new1},
              std::pair{std::string("G2"), groups.new2}, std::pair{std::string("all"), groups.all()}}) {
            TaskGroupMean m{key, group};
            for (const auto& r : results)
                if (task_key(r.task, r.shots) == key && r.metrics.items > 0 &&
                    std::find(langs.begin(), langs.end(), r.language) != langs.end()) {
                    m.acc += r.metrics.acc;
                    m.acc_norm += r.metrics.acc_norm;
                    m.acc_bytes += r.metrics.acc_bytes;
                    m.acc_mutual_info += r.metrics.acc_mutual_info;
                    m.has_mutual_info = r.metrics.has_mutual_info;
                    ++m.languages;
                }
            if (m.languages == 0) continue;
            const auto n = static_cast<double>(m.languages);
            m.acc /= n;
            m.acc_norm /= n;
            m.acc_bytes /= n;
            m.acc_mutual_info /= n;
            out.push_back(m);
        }
    }
    return out;
}

// Replaces what the run had of these tasks.
void record(RecordedRun& recorded, const TaskJobResult& result) {
    const int64_t run = recorded.id();
    std::set<std::string> keys;
    for (const auto& r : result.results) keys.insert(task_key(r.task, r.shots));
    for (const auto& key : keys) recorded.clear_task(key);
    for (const auto& r : result.results) {
        const auto key = task_key(r.task, r.shots);
        const auto& m = r.metrics;
        if (m.items == 0) continue;  // every item too long for the model: no score
        std::vector<std::pair<const char*, double>> values = {{"acc", m.acc},
                                                              {"acc_norm", m.acc_norm},
                                                              {"acc_bytes", m.acc_bytes},
                                                              {"acc_stderr", m.acc_stderr},
                                                              {"acc_norm_stderr", m.acc_norm_stderr},
                                                              {"acc_bytes_stderr", m.acc_bytes_stderr}};
        if (m.has_mutual_info) {
            values.emplace_back("acc_mutual_info", m.acc_mutual_info);
            values.emplace_back("acc_mutual_info_stderr", m.acc_mutual_info_stderr);
        }
        for (const auto& [name, value] : values) recorded.add_result({run, key, r.language, name, value, m.items});
        // Each item right or wrong, for intervals: weight 1 an item.
        const std::vector<double> ones(m.item_acc.size(), 1.0);
        if (!m.item_acc.empty()) recorded.add_units({key, r.language, "acc", m.item_acc, ones});
        if (!m.item_acc_mutual_info.empty())
            recorded.add_units({key, r.language, "acc_mutual_info", m.item_acc_mutual_info, ones});
    }
    for (const auto& g : result.means) {
        std::vector<std::pair<const char*, double>> values = {
            {"acc", g.acc}, {"acc_norm", g.acc_norm}, {"acc_bytes", g.acc_bytes}};
        if (g.has_mutual_info) values.emplace_back("acc_mutual_info", g.acc_mutual_info);
        for (const auto& [name, value] : values)
            recorded.add_result({run, g.task, metric::group_language(g.group), name, value, g.languages});
    }
}

}  // namespace

std::string task_key(const std::string& task, int shots) {
    return shots > 0 ? fmt::format("{}:{}-shot", task, shots) : task;
}

TaskJobResult run_task_job(const TaskJobConfig& cfg, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    if (cfg.shots < 0) throw Error(fmt::format("shots must be 0 or more, got {}", cfg.shots));
    check_store_opens(cfg.run.store_file);
    configure_cpu_threads(cfg.run.threads);
    const std::vector<McTask> tasks = load_tasks(cfg);
    const auto options = load_options(cfg.run.device, cfg.run.dtype, cfg.run.context);
    auto loaded = load_for_work(
        cfg.model_dir, options,
        [&](const ModelConfig& model) {
            // Rows of the model's context, as many as the token budget of a batch holds.
            const int64_t rows = std::max<int64_t>(1, cfg.batch_tokens / model.work_len());
            return plan_inference(model, {rows, 0, static_cast<int64_t>(c10::elementSize(options.dtype)), 4},
                                  /*logits=*/true, "task scoring");
        },
        progress);

    TaskJobResult result;
    int64_t total = 0;
    for (const auto& t : tasks) total += static_cast<int64_t>(t.items.size());
    McScoreConfig score;
    score.packed = cfg.packed;
    score.batch_tokens = cfg.batch_tokens;
    score.shots = cfg.shots;
    score.seed = cfg.run.seed;
    score.mutual_info = cfg.mutual_info;
    double scoring = 0;
    int64_t processed = 0;  // items scored or skipped
    for (const auto& task : tasks) {
        auto r = evaluate_task(loaded.model, *loaded.tokenizer, task, score, [&](const Progress& p) {
            return report(progress, {Stage::Tasks, processed + p.done, total, "item", p.message});
        });
        if (!r.complete) {
            result.cancelled = true;
            break;
        }
        processed += static_cast<int64_t>(task.items.size());
        result.items += r.metrics.items;
        scoring += r.seconds;
        const std::string done =
            fmt::format("{} {}: acc {:.3f}{}", r.task, r.language, r.metrics.acc,
                        r.skipped > 0 ? fmt::format(" ({} items too long, left out)", r.skipped) : "");
        result.results.push_back(std::move(r));
        if (!report(progress, {Stage::Tasks, processed, total, "item", done})) {
            result.cancelled = true;
            break;
        }
    }
    std::vector<std::string> langs;
    for (const auto& r : result.results)
        if (std::find(langs.begin(), langs.end(), r.language) == langs.end()) langs.push_back(r.language);
    const LanguageGroups groups =
        cfg.groups ? *cfg.groups : eval_groups(langs, loaded.meta, (cfg.model_dir / kConfigFile).string());
    result.means = task_means(result.results, groups);
    result.items_per_second = scoring > 0 ? static_cast<double>(result.items) / scoring : 0;

    if (!cfg.run.store_file.empty() && !result.results.empty()) {
        if (cfg.record_run) {
            RecordedRun run = RecordedRun::attach(cfg.run.store_file, *cfg.record_run);
            result.run_id = run.id();
            record(run, result);
        } else {
            auto store = open_store_creating_folder(cfg.run.store_file);
            const auto model_run = store->run_of_model(loaded.meta);
            nlohmann::json config = {{"model", std::filesystem::absolute(cfg.model_dir).string()},
                                     {"tasks", cfg.tasks},
                                     {"corpus", cfg.corpus.string()},
                                     {"langs", langs},
                                     {"shots", cfg.shots},
                                     {"max_items", cfg.max_items},
                                     {"seed", cfg.run.seed},
                                     {"mutual_info", cfg.mutual_info}};
            RecordedRun run = RecordedRun::create(
                std::move(store),
                new_run(RunKind::Eval, "tasks " + cfg.model_dir.filename().string(), std::move(config),
                        model_run ? std::optional<int64_t>(model_run->id) : std::nullopt, cfg.run.seed));
            result.run_id = run.id();
            record(run, result);
            run.set_languages(groups);
            if (result.cancelled)
                run.cancel();
            else
                run.finish();
        }
    }
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace layermoe
