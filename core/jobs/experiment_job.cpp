#include "core/jobs/experiment_job.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/common/version.h"
#include "core/jobs/eval_job.h"
#include "core/model/checkpoint.h"
#include "core/io/files.h"
#include "core/jobs/defaults.h"
#include "core/jobs/recorded_run.h"
#include "core/report/render.h"
#include "core/store/metric_keys.h"
#include "core/store/store.h"
#include "core/train/distributed.h"

namespace layermoe {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// The run of this store that made the base model folder, if any.
std::optional<int64_t> base_model_run(const Store& store, const ExperimentSpec& spec) {
    if (spec.base_model.empty() || !fs::exists(spec.base_model / kConfigFile)) return std::nullopt;
    const auto record = store.run_of_model(read_model_meta(spec.base_model));
    return record ? std::optional<int64_t>(record->id) : std::nullopt;
}

// The settings an interrupted experiment run recorded and the spec now give differently, as
// "stage1.steps 40 -> 60" (at most three, then how many more), in the keys that decide what is
// computed: threads, device and the store's spelling say where and how fast, and the workspace
// is the same by the run's choice. Empty when they agree.
std::string changed_settings(json recorded, json now) {
    for (const char* key : {"workspace", "threads", "device", "store"}) {
        recorded.erase(key);
        now.erase(key);
    }
    const json patch = json::diff(recorded, now);
    auto shown = [](const json* value) {
        if (!value) return std::string("(none)");
        std::string text = value->dump();
        return text.size() > 48 ? text.substr(0, 45) + "..." : text;
    };
    std::string out;
    for (size_t i = 0; i < std::min<size_t>(patch.size(), 3); ++i) {
        const std::string path = patch[i].at("path").get<std::string>();
        const json::json_pointer pointer(path);
        std::string key = path.substr(1);
        std::replace(key.begin(), key.end(), '/', '.');
        out += fmt::format("{}{} {} -> {}", i ? "; " : "", key,
                           shown(recorded.contains(pointer) ? &recorded.at(pointer) : nullptr),
                           shown(now.contains(pointer) ? &now.at(pointer) : nullptr));
    }
    if (patch.size() > 3) out += fmt::format("; and {} more", patch.size() - 3);
    return out;
}

RecordedRun open_experiment_run(const ExperimentSpec& spec, bool resume) {
    auto store = open_store_creating_folder(spec.run.store_file);
    const std::string workspace = fs::absolute(spec.workspace).string();
    nlohmann::json config = spec.to_json();
    if (resume) {
        // The newest interrupted run of this workspace with these settings continues. Continuing
        // one with other settings would finish it with numbers its record does not describe: that
        // is said before any work, with the way out.
        int64_t newest = 0;  // the newest interrupted run, when its settings differ
        std::string newest_changes;
        const auto runs = store->list_runs();  // by id
        for (auto run = runs.rbegin(); run != runs.rend(); ++run) {
            if (run->kind != RunKind::Experiment || run->config.value("workspace", std::string()) != workspace ||
                !is_final(run->status) || run->status == RunStatus::Finished)
                continue;
            std::string changes = changed_settings(run->config, config);
            if (changes.empty()) return RecordedRun::resume(std::move(store), run->id, to_string(RunKind::Experiment), 0);
            if (newest == 0) {
                newest = run->id;
                newest_changes = std::move(changes);
            }
        }
        if (newest != 0)
            throw Error(fmt::format("--resume: experiment \"{}\" differs from its interrupted run {} in {}: {}; "
                                    "restore those settings to continue run {}, or start without --resume",
                                    spec.name, newest, store->path().string(), newest_changes, newest));
    }
    config["workspace"] = workspace;
    const auto parent = base_model_run(*store, spec);
    return RecordedRun::create(std::move(store),
                               new_run(RunKind::Experiment, spec.name, std::move(config), parent, spec.run.seed));
}

// The folder of a model the experiment makes: models/<name>, or models/<name>-seed<k> when the
// spec lists seeds (a spec without them keeps the layout it always had).
fs::path model_folder(const ExperimentSpec& spec, const std::string& name, std::optional<uint64_t> seed) {
    const std::string folder = experiment_folder_name(name);
    return spec.workspace / "models" / (seed ? fmt::format("{}-seed{}", folder, *seed) : folder);
}

// The base model folder: the given one, or pretrained here with `seed` (kept, and reused on
// resume); `per_seed`: the base of that seed alone (base_seeds).
fs::path base_model(const ExperimentSpec& spec, uint64_t seed, bool per_seed, bool resume, const ProgressFn& progress) {
    if (!spec.base_model.empty()) return spec.base_model;
    PretrainJobConfig cfg = *spec.pretrain;
    cfg.corpus = spec.corpus;
    cfg.groups.old_langs = spec.old_langs;
    cfg.groups.new1 = spec.new_langs;
    cfg.groups.new2 = spec.g2_langs;
    cfg.out_dir = model_folder(spec, "base", per_seed ? std::optional<uint64_t>(seed) : std::nullopt);
    cfg.run = spec.run;
    cfg.run.seed = seed;
    if (resume && fs::exists(cfg.out_dir / kWeightsFile)) return cfg.out_dir;
    cfg.resume = resume && !latest_checkpoint(cfg.out_dir / "checkpoints").empty();
    if (cfg.name.empty()) cfg.name = spec.name + " base";
    if (per_seed) cfg.name += fmt::format(" (seed {})", seed);
    const auto result = run_pretrain_job(cfg, progress);
    if (result.cancelled) return {};
    return cfg.out_dir;
}

std::vector<std::string> all_langs(const ExperimentSpec& spec) {
    std::vector<std::string> langs = spec.old_langs;
    langs.insert(langs.end(), spec.new_langs.begin(), spec.new_langs.end());
    langs.insert(langs.end(), spec.g2_langs.begin(), spec.g2_langs.end());
    return langs;
}

MethodResult base_row(const ExperimentSpec& spec, const fs::path& model, uint64_t seed, int64_t experiment,
                      const ProgressFn& progress) {
    EvalJobConfig cfg;
    cfg.model_dir = model;
    cfg.corpus = spec.corpus;
    cfg.langs = all_langs(spec);
    cfg.run = spec.run;
    cfg.experiment_run = experiment;
    cfg.max_documents = spec.eval_documents;
    const auto result = run_eval_job(cfg, progress);
    MethodResult row;
    row.method = "base";
    row.seed = seed;
    row.run_id = result.run_id;
    row.bpb = result.results;
    // In the spec's groups: a base folder given to a lifelong experiment knows nothing of G2.
    row.means = group_means(row.bpb, spec.groups());
    return row;
}

// Method m's stages with one seed: on `base`, into its own folder, recorded with the seed. Wave
// 2 (lifelong) expands m's G1 model `base` to G2, with G0 and G1 as the old languages.
ExpandJobConfig expand_config(const ExperimentSpec& spec, const ExperimentMethod& m, uint64_t seed,
                              const fs::path& base, int64_t experiment, bool resume, int wave = 1) {
    ExpandJobConfig cfg;
    cfg.model_dir = base;
    cfg.corpus = spec.corpus;
    cfg.old_langs = spec.old_langs;
    cfg.new_langs = spec.new_langs;
    if (wave == 2) {
        cfg.old_langs.insert(cfg.old_langs.end(), spec.new_langs.begin(), spec.new_langs.end());
        cfg.new_langs = spec.g2_langs;
    }
    cfg.method = m.method;
    cfg.allocation = m.allocation;
    cfg.fixed_allocation = m.fixed_allocation;
    cfg.analysis_run = m.analysis_run;
    cfg.analysis = spec.analysis;
    cfg.analysis_split = spec.analysis_split;
    cfg.top_k = spec.top_k;
    cfg.stage1 = spec.stage1;
    cfg.stage2 = spec.stage2;
    cfg.stage1.checkpoint_every = default_checkpoint_every(cfg.stage1.steps);
    cfg.stage2.checkpoint_every = default_checkpoint_every(cfg.stage2.steps);
    cfg.replay_ratio = spec.replay_ratio;
    cfg.eval_documents = spec.eval_documents;
    const bool seeded = !spec.seeds.empty();
    const std::string name = wave == 2 ? m.name + " G2" : m.name;
    cfg.out_dir = model_folder(spec, name, seeded ? std::optional<uint64_t>(seed) : std::nullopt);
    cfg.run = spec.run;
    cfg.run.seed = seed;
    cfg.experiment_run = experiment;
    cfg.name = seeded ? fmt::format("{} (seed {})", name, seed) : name;
    cfg.resume = resume;
    return cfg;
}

// Scores the row's model on the spec's tasks, recorded against the row's run. false when cancelled.
// The items are drawn with the spec's seed whatever the row's, so that every seed and method
// answers the same items.
bool add_tasks(MethodResult& row, const fs::path& model, const ExperimentSpec& spec, const ProgressFn& progress) {
    if (spec.tasks.empty()) return true;
    TaskJobConfig cfg;
    cfg.model_dir = model;
    cfg.tasks = fmt::format("{}", fmt::join(spec.tasks, ","));
    cfg.corpus = spec.corpus;
    cfg.langs = all_langs(spec);
    cfg.shots = spec.task_shots;
    cfg.max_items = spec.task_items;
    cfg.run = spec.run;
    cfg.groups = spec.groups();
    if (row.run_id > 0) cfg.record_run = row.run_id;
    auto result = run_task_job(cfg, progress);
    row.tasks = std::move(result.results);
    row.task_means = std::move(result.means);
    return !result.cancelled;
}

void write_comparison(ExperimentResult& result, const ExperimentSpec& spec) {
    result.comparison_json = spec.workspace / "comparison.json";
    result.comparison_csv = spec.workspace / "comparison.csv";
    atomic_write_file(result.comparison_json, comparison_json(result, spec).dump(2) + "\n");
    atomic_write_file(result.comparison_csv, render_method_csv(experiment_comparison(result, spec)));
}

}  // namespace

namespace {

// The keys to_json (the stored run config) and to_file_json (an experiment file) write alike;
// they differ in how methods and stages are written, the store, and the pretraining.
json common_json(const ExperimentSpec& s, json methods, json stage1, json stage2) {
    json out = {{"name", s.name},
                {"corpus", s.corpus.string()},
                {"workspace", s.workspace.string()},
                {"old", s.old_langs},
                {"methods", std::move(methods)},
                {"stage1", std::move(stage1)},
                {"stage2", std::move(stage2)},
                {"replay_ratio", s.replay_ratio},
                {"analysis_tokens", s.analysis.tokens_select},
                {"analysis_split", s.analysis_split},
                {"eval_documents", s.eval_documents},
                {"top_k", s.top_k},
                {"seed", s.run.seed},
                {"threads", s.run.threads},
                {"device", s.run.device},
                {"dtype", s.run.dtype},
                {"context", s.run.context}};
    if (s.g2_langs.empty())
        out["new"] = s.new_langs;
    else
        out["waves"] = json::array({json{{"new", s.new_langs}}, json{{"new", s.g2_langs}}});
    if (!s.seeds.empty()) out["seeds"] = s.seeds;
    if (s.base_seeds) out["base_seeds"] = true;
    if (!s.tasks.empty()) {
        out["tasks"] = s.tasks;
        out["task_items"] = s.task_items;
        out["task_shots"] = s.task_shots;
    }
    return out;
}

}  // namespace

json ExperimentSpec::to_json() const {
    json methods_json = json::array();
    for (const auto& m : methods) {
        json method = {{"name", m.name}, {"method", method_name(m.method)}, {"allocation", m.allocation.to_json()}};
        if (m.fixed_allocation) {
            method["fixed_allocation"] = m.fixed_allocation->to_json();
            method["analysis_run"] = m.analysis_run;
        }
        methods_json.push_back(std::move(method));
    }
    json out = common_json(*this, std::move(methods_json), stage1.to_json(), stage2.to_json());
    out["store"] = run.store_file.string();
    if (!base_model.empty()) out["base"] = base_model.string();
    if (pretrain) out["pretrain"] = pretrain->to_json();
    return out;
}

json ExperimentSpec::to_file_json() const {
    // The inverse of from_json, read_method and read_train, key for key.
    auto train = [](const TrainConfig& t) {
        return json{{"steps", t.steps},
                    {"lr", t.lr},
                    {"batch", t.batch_size},
                    {"accum", t.grad_accum},
                    {"warmup", t.warmup_steps},
                    {"weight_decay", t.weight_decay},
                    {"balance_coef", t.balance_coef},
                    {"lpr_coef", t.lpr_coef},
                    {"cls_coef", t.cls_coef},
                    {"lpr_reference_form", t.lpr_reference_form},
                    {"checkpoint_every", t.checkpoint_every}};
    };
    json methods_json = json::array();
    for (const auto& m : methods) {
        json method = {{"name", m.name}, {"method", method_name(m.method)}};
        if (m.fixed_allocation) {
            method["fixed_allocation"] = m.fixed_allocation->to_json();
            if (m.analysis_run != 0) method["analysis_run"] = m.analysis_run;
        } else {
            const AllocationConfig& a = m.allocation;
            method["rule"] = rule_name(a.rule);
            method["budget"] = a.budget;
            method["uniform"] = a.uniform_experts;
            method["min"] = a.min_experts;
            method["max"] = a.max_experts;
            method["score_floor"] = a.score_floor;
            method["compare_uniform"] = a.compare_uniform_experts;
            if (a.classifier_threshold) method["classifier_threshold"] = *a.classifier_threshold;
            if (a.classifier_top) method["classifier_top"] = *a.classifier_top;
        }
        methods_json.push_back(std::move(method));
    }
    json out = common_json(*this, std::move(methods_json), train(stage1), train(stage2));
    if (!run.store_file.empty()) out["store"] = run.store_file.string();
    if (!base_model.empty()) out["base"] = base_model.string();
    if (pretrain)
        out["pretrain"] = {{"preset", pretrain->preset},
                           {"steps", pretrain->train.steps},
                           {"lr", pretrain->train.lr},
                           {"batch", pretrain->train.batch_size},
                           {"warmup", pretrain->train.warmup_steps},
                           {"eval_every", pretrain->train.eval_every},
                           {"checkpoint_every", pretrain->train.checkpoint_every},
                           {"eval_documents", pretrain->eval_documents}};
    return out;
}

namespace {

// The rows of one method (or of the base) after one wave, in the order they ran: its seeds. The
// base's and those of each method's last wave (the comparison's), or those of `wave` alone.
std::vector<std::vector<const MethodResult*>> rows_by_method(const ExperimentResult& result,
                                                             std::optional<int> wave = std::nullopt) {
    int last = 0;
    for (const auto& row : result.rows) last = std::max(last, row.wave);
    std::vector<std::vector<const MethodResult*>> out;
    for (const auto& row : result.rows) {
        if (wave ? row.wave != *wave : row.wave != 0 && row.wave != last) continue;
        auto it = std::find_if(out.begin(), out.end(), [&](const auto& g) { return g[0]->method == row.method; });
        if (it == out.end())
            out.push_back({&row});
        else
            it->push_back(&row);
    }
    return out;
}

// One row (one seed of a method, or the base) as a run of a comparison.
RunSummary row_summary(const MethodResult& row, const RunLanguages& languages, bool base) {
    RunSummary s;
    s.run.id = row.run_id;
    s.run.kind = base ? RunKind::Eval : RunKind::Stage2;
    s.run.status = RunStatus::Finished;
    s.run.seed = row.seed;
    s.run.name = s.label = row.method;
    s.languages = languages;
    for (const auto& r : row.bpb) {
        s.bpb[r.language] = r.bits_per_byte;
        auto d = document_bits(r);
        if (!d.bits.empty()) s.bpb_units[r.language] = stats::Samples{{std::move(d.bits)}, std::move(d.bytes)};
    }
    for (const auto& m : row.means) s.groups[m.group] = m.bits_per_byte;
    for (const auto& r : row.tasks) {
        const std::string key = task_key(r.task, r.shots);
        const auto& m = r.metrics;
        if (m.items == 0) continue;  // every item too long for the model: no score
        s.tasks[key + " acc"][r.language] = m.acc;
        s.tasks[key + " acc_norm"][r.language] = m.acc_norm;
        s.tasks[key + " acc_bytes"][r.language] = m.acc_bytes;
        if (m.has_mutual_info) s.tasks[key + " acc_mutual_info"][r.language] = m.acc_mutual_info;
        const std::vector<double> ones(m.item_acc.size(), 1.0);
        if (!m.item_acc.empty()) s.task_units[key + " acc"][r.language] = stats::Samples{{m.item_acc}, ones};
        if (m.has_mutual_info && !m.item_acc_mutual_info.empty())
            s.task_units[key + " acc_mutual_info"][r.language] = stats::Samples{{m.item_acc_mutual_info}, ones};
    }
    for (const auto& m : row.task_means) {
        const std::string group = metric::group_language(m.group);
        s.tasks[m.task + " acc"][group] = m.acc;
        s.tasks[m.task + " acc_norm"][group] = m.acc_norm;
        s.tasks[m.task + " acc_bytes"][group] = m.acc_bytes;
        if (m.has_mutual_info) s.tasks[m.task + " acc_mutual_info"][group] = m.acc_mutual_info;
    }
    if (!base) {
        s.new_experts = row.new_experts;
        s.new_parameters = row.new_parameters;
        s.trainable_parameters = row.trainable_parameters;
    }
    return s;
}

// One method's rows (its seeds) as one run of a comparison, labelled by the method.
RunSummary method_summary(const std::vector<const MethodResult*>& rows, const RunLanguages& languages, bool base) {
    std::vector<RunSummary> seeds;
    for (const MethodResult* row : rows) seeds.push_back(row_summary(*row, languages, base));
    RunSummary s = pool_seeds(seeds);
    s.run.name = s.label = rows[0]->method;
    return s;
}

}  // namespace

std::vector<Forgetting> g1_forgetting(const ExperimentResult& result, const ExperimentSpec& spec) {
    RunLanguages g1;
    for (const auto& l : spec.new_langs) g1.emplace_back(l, "G1");
    const auto after_g1 = rows_by_method(result, 1), after_g2 = rows_by_method(result, 2);
    std::vector<Forgetting> out;
    for (const auto& rows : after_g2) {
        const auto before = std::find_if(after_g1.begin(), after_g1.end(),
                                         [&](const auto& g) { return g[0]->method == rows[0]->method; });
        if (before == after_g1.end()) continue;
        // The G1 model as the base of its G2 expansion, over the G1 languages alone.
        const Comparison c = build_comparison({method_summary(*before, g1, true), method_summary(rows, g1, false)}, 0);
        out.push_back({rows[0]->method, c.mean_change(1, false), c.change_interval(1, false)});
    }
    return out;
}

Comparison experiment_comparison(const ExperimentResult& result, const ExperimentSpec& spec) {
    RunLanguages languages;
    for (const auto& l : spec.old_langs) languages.emplace_back(l, "old");
    for (const auto& l : spec.new_langs) languages.emplace_back(l, "G1");
    for (const auto& l : spec.g2_langs) languages.emplace_back(l, "G2");
    std::vector<RunSummary> summaries;
    const auto methods = rows_by_method(result);
    for (size_t i = 0; i < methods.size(); ++i) summaries.push_back(method_summary(methods[i], languages, i == 0));
    return build_comparison(std::move(summaries), methods.empty() ? std::nullopt : std::optional<size_t>(0));
}

std::optional<std::pair<size_t, size_t>> claim_pair(const ExperimentSpec& spec) {
    std::optional<size_t> layermoe, lpr;
    for (size_t i = 0; i < spec.methods.size(); ++i) {
        // Run 0 of the comparison is the base; method i is run i + 1.
        if (spec.methods[i].method == ExpansionMethod::LayerMoe && !layermoe) layermoe = i + 1;
        if (spec.methods[i].method == ExpansionMethod::MoeLpr && !lpr) lpr = i + 1;
    }
    if (!layermoe || !lpr) return std::nullopt;
    return std::pair{*layermoe, *lpr};
}

json comparison_json(const ExperimentResult& result, const ExperimentSpec& spec) {
    const Comparison c = experiment_comparison(result, spec);
    // The intervals, pairs and bootstrap settings as the comparison's JSON has them (one bootstrap).
    const json compared = render_json(c);
    auto number_or_null = [](double v) { return std::isnan(v) ? json() : json(v); };
    const auto methods = rows_by_method(result);
    json rows = json::array();
    for (size_t i = 0; i < methods.size(); ++i) {
        const RunSummary& s = c.runs[i];
        const MethodResult& first = *methods[i][0];
        json bpb = json::object(), groups = json::object();
        for (const auto& [language, value] : s.bpb) bpb[language] = value;
        for (const auto& [group, value] : s.groups) groups[group] = value;
        json seeds = json::array();
        for (const MethodResult* row : methods[i]) {
            json seed_bpb = json::object();
            for (const auto& r : row->bpb) seed_bpb[r.language] = r.bits_per_byte;
            seeds.push_back(
                {{"seed", row->seed}, {"run_id", row->run_id}, {"new_experts", row->new_experts}, {"bpb", seed_bpb}});
        }
        // Task scores: the mean over seeds per language, with the items each seed answered.
        json tasks = json::object();
        for (const auto& r : first.tasks) {
            const std::string key = task_key(r.task, r.shots);
            json entry = {{"items", r.metrics.items}};
            for (const char* metric : {"acc", "acc_norm", "acc_bytes", "acc_mutual_info"}) {
                const double v = c.task_score(i, key + " " + metric, r.language);
                if (!std::isnan(v)) entry[metric] = v;
            }
            tasks[key]["languages"][r.language] = std::move(entry);
        }
        for (const auto& m : first.task_means) {
            json entry = json::object();
            for (const char* metric : {"acc", "acc_norm", "acc_bytes", "acc_mutual_info"}) {
                const double v = c.task_score(i, m.task + " " + metric, metric::group_language(m.group));
                if (!std::isnan(v)) entry[metric] = v;
            }
            tasks[m.task]["groups"][m.group] = std::move(entry);
        }
        rows.push_back({{"method", first.method},
                        {"run_id", first.run_id},
                        {"new_experts", first.new_experts},
                        {"new_parameters", first.new_parameters},
                        {"trainable_parameters", first.trainable_parameters},
                        {"bpb", bpb},
                        {"groups", groups},
                        {"seeds", seeds},
                        {"old_change", i == 0 ? json(0.0) : number_or_null(c.mean_change(i, true))},
                        {"new_change", i == 0 ? json(0.0) : number_or_null(c.mean_change(i, false))},
                        {"old_change_interval", compared["runs"][i]["old_change_interval"]},
                        {"new_change_interval", compared["runs"][i]["new_change_interval"]},
                        {"tasks", tasks}});
        for (const char* key : {"task_change_interval", "group_intervals"})
            if (compared["runs"][i].contains(key)) rows.back()[key] = compared["runs"][i][key];
    }
    json forgetting = json::array();
    for (const auto& f : g1_forgetting(result, spec))
        forgetting.push_back({{"method", f.method},
                              {"change", number_or_null(f.change)},
                              {"interval", f.interval ? json{{"mean", f.interval->mean},
                                                             {"low", f.interval->low},
                                                             {"high", f.interval->high},
                                                             {"units", f.interval->n}}
                                                      : json()}});
    json claims = json::array();
    const auto pair = claim_pair(spec);
    if (pair && pair->second < c.runs.size())
        for (const auto& claim : paper_claims(c, pair->first, pair->second))
            claims.push_back({{"claim", claim.claim},
                              {"evidence", claim.evidence},
                              {"verdict", claim.verdict},
                              {"holds", claim.holds}});
    return {{"experiment_run", result.experiment_run},
            {"seconds", result.seconds},
            {"claims", claims},
            {"g1_forgetting", forgetting},
            {"status", to_string(result.cancelled ? RunStatus::Cancelled : RunStatus::Finished)},
            {"seeds", spec.method_seeds()},
            {"rows", rows},
            {"pairs", compared["pairs"]},
            {"bootstrap", compared["bootstrap"]}};
}

ExperimentResult run_experiment(const ExperimentSpec& spec, bool resume, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    spec.validate();
    fs::create_directories(spec.workspace);
    // One experiment at a time in a workspace: a second would retrain the models this one's
    // records point to (its jobs lock their own folders too).
    std::optional<FolderLock> lock;
    if (is_rank0()) lock.emplace(spec.workspace, fmt::format("experiment \"{}\"", spec.name));
    ExperimentResult result;
    RecordedRun run = open_experiment_run(spec, resume);
    const int64_t experiment = result.experiment_run = run.id();
    auto stop = [&] {
        result.cancelled = true;
        run.cancel();
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    // The base of each seed: one for all, or one per seed (base_seeds).
    const std::vector<uint64_t> seeds = spec.method_seeds();
    std::vector<fs::path> bases;
    for (const uint64_t seed : spec.base_seeds ? seeds : std::vector<uint64_t>{spec.run.seed}) {
        bases.push_back(base_model(spec, seed, spec.base_seeds, resume, progress));
        if (bases.back().empty()) return stop();
    }
    auto base_of = [&](size_t seed_index) { return bases[spec.base_seeds ? seed_index : 0]; };
    // Data-parallel (docs/scaling.md): every rank trains; rank 0 alone evaluates and writes.
    const bool rank0 = is_rank0();
    if (rank0)
        for (size_t i = 0; i < bases.size(); ++i) {
            result.rows.push_back(
                base_row(spec, bases[i], spec.base_seeds ? seeds[i] : spec.run.seed, experiment, progress));
            if (!add_tasks(result.rows.back(), bases[i], spec, progress)) return stop();
        }
    const int waves = spec.g2_langs.empty() ? 1 : 2;
    for (const auto& m : spec.methods)
        for (size_t k = 0; k < seeds.size(); ++k) {
            fs::path model = base_of(k);
            MethodResult row;  // what the method's model has after each wave
            for (int wave = 1; wave <= waves; ++wave) {
                const auto expanded =
                    run_expand_job(expand_config(spec, m, seeds[k], model, experiment, resume, wave), progress);
                if (expanded.cancelled) return stop();
                const StageOutcome& last = expanded.stage2.bpb.empty() ? expanded.stage1 : expanded.stage2;
                model = last.model_dir;
                if (!rank0) continue;
                if (wave > 1) result.rows.push_back(row);  // the G1 model, before its G2 expansion
                row.method = m.name;
                row.wave = wave;
                row.seed = seeds[k];
                row.run_id = last.run_id;
                // New experts and parameters against the base: every wave's together.
                row.new_experts += expanded.new_experts;
                row.new_parameters += expanded.new_parameters;
                row.trainable_parameters = expanded.stage1.trainable_parameters;
                row.bpb = last.bpb;
                row.means = group_means(row.bpb, spec.groups());
            }
            if (!rank0) continue;
            if (!add_tasks(row, model, spec, progress)) return stop();
            result.rows.push_back(std::move(row));
        }
    if (rank0) write_comparison(result, spec);
    run.finish();
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return result;
}

}  // namespace layermoe
