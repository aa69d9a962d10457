#include "core/train/experiment_job.h"

#include <chrono>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/eval/eval_job.h"
#include "core/io/checkpoint.h"
#include "core/io/files.h"
#include "core/store/store.h"

namespace layermoe {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Reads the keys of one JSON object, refusing keys it was not asked for: a typo in a spec must
// not silently run a different experiment.
class Reader {
public:
    Reader(const json& j, std::string where) : j_(j), where_(std::move(where)) {
        if (!j.is_object()) throw Error(fmt::format("{}: expected an object", where_));
    }
    // Call once every key was read.
    void finish() const {
        for (const auto& [key, value] : j_.items())
            if (!seen_.count(key))
                throw Error(fmt::format("{}: unknown key \"{}\" (known: {})", where_, key, fmt::join(seen_, ", ")));
    }
    bool has(const std::string& key) {
        seen_.insert(key);
        return j_.contains(key) && !j_.at(key).is_null();
    }
    template <class T>
    void read(const std::string& key, T& out) {
        if (!has(key)) return;
        try {
            out = j_.at(key).get<T>();
        } catch (const json::exception&) {
            throw Error(fmt::format("{}: \"{}\" has the wrong type ({})", where_, key, j_.at(key).dump()));
        }
    }
    const json& at(const std::string& key) { return has(key), j_.at(key); }
    std::string where(const std::string& key) const { return where_ + "." + key; }

private:
    const json& j_;
    std::string where_;
    std::set<std::string> seen_;
};

void read_train(const json& j, const std::string& where, TrainConfig& t) {
    Reader r(j, where);
    r.read("steps", t.steps);
    r.read("lr", t.lr);
    r.read("batch", t.batch_size);
    r.read("accum", t.grad_accum);
    r.read("warmup", t.warmup_steps);
    r.read("weight_decay", t.weight_decay);
    r.read("balance_coef", t.balance_coef);
    r.read("lpr_coef", t.lpr_coef);
    r.read("cls_coef", t.cls_coef);
    r.read("lpr_reference_form", t.lpr_reference_form);
    r.read("checkpoint_every", t.checkpoint_every);
    r.finish();
}

// The keys that make a method's allocation, which a fixed allocation replaces.
constexpr const char* kAllocationKeys[] = {"rule", "budget", "uniform", "min", "max", "score_floor", "compare_uniform",
                                           "classifier_threshold", "classifier_top"};

ExperimentMethod read_method(const json& j, const std::string& where) {
    Reader r(j, where);
    ExperimentMethod m;
    r.read("name", m.name);
    std::string method = "layermoe", rule;
    r.read("method", method);
    auto& a = m.allocation;
    if (r.has("fixed_allocation")) {
        for (const char* key : kAllocationKeys)
            if (j.contains(key))
                throw Error(fmt::format("{}: give either \"fixed_allocation\" or \"{}\" (and the other allocation keys), "
                                        "not both", where, key));
        try {
            m.fixed_allocation = Allocation::from_json(r.at("fixed_allocation"));
        } catch (const Error& e) {
            throw Error(fmt::format("{}.fixed_allocation: {}", where, e.what()));
        }
    }
    r.read("analysis_run", m.analysis_run);
    if (m.analysis_run != 0 && !m.fixed_allocation)
        throw Error(fmt::format("{}: \"analysis_run\" names the analysis a \"fixed_allocation\" came from; give it "
                                "with one", where));
    try {
        m.method = parse_expansion_method(method);
        rule = m.method == ExpansionMethod::MoeLpr ? "uniform" : "ceil";
        r.read("rule", rule);
        a.rule = parse_allocation_rule(rule);
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", where, e.what()));
    }
    r.read("budget", a.budget);
    r.read("uniform", a.uniform_experts);
    r.read("min", a.min_experts);
    r.read("max", a.max_experts);
    r.read("score_floor", a.score_floor);
    r.read("compare_uniform", a.compare_uniform_experts);
    if (r.has("classifier_threshold")) a.classifier_threshold = r.at("classifier_threshold").get<double>();
    if (r.has("classifier_top")) a.classifier_top = r.at("classifier_top").get<int64_t>();
    r.finish();
    if (m.fixed_allocation) a = m.fixed_allocation->config;
    if (m.name.empty()) m.name = method_name(m.method);
    return m;
}

fs::path relative_to(const fs::path& base, const std::string& path) {
    const fs::path p(path);
    return p.is_absolute() || base.empty() ? p : base / p;
}

std::string folder_name(const std::string& name) {
    std::string out;
    for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
    return out;
}

double mean_change(const std::vector<BpbResult>& row, const std::vector<BpbResult>& base,
                   const std::vector<std::string>& langs) {
    double sum = 0;
    int64_t n = 0;
    for (const auto& l : langs) {
        auto find = [&](const std::vector<BpbResult>& v) {
            return std::find_if(v.begin(), v.end(), [&](const BpbResult& r) { return r.language == l; });
        };
        const auto a = find(row), b = find(base);
        if (a == row.end() || b == base.end()) continue;
        sum += a->bits_per_byte - b->bits_per_byte;
        ++n;
    }
    return n > 0 ? sum / static_cast<double>(n) : 0;
}

// The run of this store that made the base model folder, if any.
std::optional<int64_t> base_model_run(const Store& store, const ExperimentSpec& spec) {
    if (spec.base_model.empty() || !fs::exists(spec.base_model / kConfigFile)) return std::nullopt;
    const auto record = store.run_of_model(read_model_meta(spec.base_model));
    return record ? std::optional<int64_t>(record->id) : std::nullopt;
}

int64_t open_experiment_run(Store& store, const ExperimentSpec& spec, bool resume) {
    const std::string workspace = fs::absolute(spec.workspace).string();
    if (resume)
        for (const auto& run : store.list_runs())
            if (run.kind == "experiment" && run.config.value("workspace", std::string()) == workspace &&
                run.status != "finished" && run.status != "running") {
                store.resume_run(run.id, "experiment", 0);
                return run.id;
            }
    NewRun run;
    run.kind = "experiment";
    run.config = spec.to_json();
    run.config["workspace"] = workspace;
    run.parent = base_model_run(store, spec);
    run.seed = spec.seed;
    run.name = spec.name;
    run.code_version = code_version();
    return store.create_run(run);
}

// The base model folder: the given one, or pretrained here (kept, and reused on resume).
fs::path base_model(const ExperimentSpec& spec, bool resume, const ProgressFn& progress) {
    if (!spec.base_model.empty()) return spec.base_model;
    PretrainJobConfig cfg = *spec.pretrain;
    cfg.corpus = spec.corpus;
    cfg.groups.old_langs = spec.old_langs;
    cfg.groups.new1 = spec.new_langs;
    cfg.out_dir = spec.workspace / "models" / "base";
    cfg.store_file = spec.store_file;
    cfg.train.threads = spec.threads;
    cfg.train.device = spec.device;
    if (resume && fs::exists(cfg.out_dir / kWeightsFile)) return cfg.out_dir;
    cfg.resume = resume && !latest_checkpoint(cfg.out_dir / "checkpoints").empty();
    if (cfg.name.empty()) cfg.name = spec.name + " base";
    const auto result = run_pretrain_job(cfg, progress);
    if (result.cancelled) return {};
    return cfg.out_dir;
}

std::vector<std::string> all_langs(const ExperimentSpec& spec) {
    std::vector<std::string> langs = spec.old_langs;
    langs.insert(langs.end(), spec.new_langs.begin(), spec.new_langs.end());
    return langs;
}

ComparisonRow base_row(const ExperimentSpec& spec, const fs::path& model, int64_t experiment, const ProgressFn& progress) {
    EvalJobConfig cfg;
    cfg.model_dir = model;
    cfg.corpus = spec.corpus;
    cfg.langs = all_langs(spec);
    cfg.store_file = spec.store_file;
    cfg.experiment_run = experiment;
    cfg.max_documents = spec.eval_documents;
    cfg.threads = spec.threads;
    cfg.device = spec.device;
    const auto result = run_eval_job(cfg, progress);
    ComparisonRow row;
    row.method = "base";
    row.run_id = result.run_id;
    row.bpb = result.results;
    row.means = result.means;
    return row;
}

ExpandJobConfig expand_config(const ExperimentSpec& spec, const ExperimentMethod& m, const fs::path& base,
                              int64_t experiment, bool resume) {
    ExpandJobConfig cfg;
    cfg.model_dir = base;
    cfg.corpus = spec.corpus;
    cfg.old_langs = spec.old_langs;
    cfg.new_langs = spec.new_langs;
    cfg.method = m.method;
    cfg.allocation = m.allocation;
    cfg.fixed_allocation = m.fixed_allocation;
    cfg.analysis_run = m.analysis_run;
    cfg.analysis = spec.analysis;
    cfg.analysis_split = spec.analysis_split;
    cfg.top_k = spec.top_k;
    cfg.stage1 = spec.stage1;
    cfg.stage2 = spec.stage2;
    cfg.stage1.seed = cfg.stage2.seed = spec.seed;
    cfg.stage1.checkpoint_every = std::max<int64_t>(1, cfg.stage1.steps / 4);
    cfg.stage2.checkpoint_every = std::max<int64_t>(1, cfg.stage2.steps / 4);
    cfg.replay_ratio = spec.replay_ratio;
    cfg.eval_documents = spec.eval_documents;
    cfg.out_dir = spec.workspace / "models" / folder_name(m.name);
    cfg.store_file = spec.store_file;
    cfg.experiment_run = experiment;
    cfg.name = m.name;
    cfg.resume = resume;
    cfg.seed = spec.seed;
    cfg.threads = spec.threads;
    cfg.device = spec.device;
    return cfg;
}

// Scores the row's model on the spec's tasks, recorded against the row's run. false when cancelled.
bool add_tasks(ComparisonRow& row, const fs::path& model, const ExperimentSpec& spec, const ProgressFn& progress) {
    if (spec.tasks.empty()) return true;
    TaskJobConfig cfg;
    cfg.model_dir = model;
    cfg.tasks = fmt::format("{}", fmt::join(spec.tasks, ","));
    cfg.corpus = spec.corpus;
    cfg.langs = all_langs(spec);
    cfg.shots = spec.task_shots;
    cfg.max_items = spec.task_items;
    cfg.seed = spec.seed;
    cfg.store_file = spec.store_file;
    if (row.run_id > 0) cfg.record_run = row.run_id;
    cfg.threads = spec.threads;
    cfg.device = spec.device;
    auto result = run_task_job(cfg, progress);
    row.tasks = std::move(result.results);
    row.task_means = std::move(result.means);
    return !result.cancelled;
}

// Group mean of a task metric ("acc", "acc_mutual_info") in a row; NaN when absent.
double task_group(const ComparisonRow& row, const std::string& task, const std::string& group, const std::string& metric) {
    const TaskGroupMean* m = task_mean(row, task, group);
    if (!m) return std::nan("");
    return metric == "acc_mutual_info" ? (m->has_mutual_info ? m->acc_mutual_info : std::nan("")) : m->acc;
}

void write_comparison(ExperimentResult& result, const ExperimentSpec& spec) {
    result.comparison_json = spec.workspace / "comparison.json";
    result.comparison_csv = spec.workspace / "comparison.csv";
    atomic_write_file(result.comparison_json, comparison_json(result).dump(2) + "\n");
    std::string csv = "method,run_id,new_experts,new_parameters,trainable_parameters,bpb_old,bpb_new,old_change,new_change";
    const auto& langs = result.rows.front().bpb;
    for (const auto& l : langs) csv += "," + l.language;
    const auto keys = task_keys(result);
    for (const auto& key : keys)
        for (const char* metric : {"acc", "acc_mutual_info"})
            for (const char* group : {"old", "G1"}) csv += fmt::format(",{}_{}_{}", key, metric, group);
    csv += "\n";
    for (const auto& row : result.rows) {
        auto group = [&](const char* g) {
            for (const auto& m : row.means)
                if (m.group == g) return fmt::format("{}", m.bits_per_byte);
            return std::string();
        };
        csv += fmt::format("{},{},{},{},{},{},{},{},{}", row.method, row.run_id, row.new_experts, row.new_parameters,
                           row.trainable_parameters, group("old"), group("G1"), row.old_change, row.new_change);
        for (const auto& r : row.bpb) csv += fmt::format(",{}", r.bits_per_byte);
        for (const auto& key : keys)
            for (const char* metric : {"acc", "acc_mutual_info"})
                for (const char* group : {"old", "G1"}) {
                    const double v = task_group(row, key, group, metric);
                    csv += std::isnan(v) ? std::string(",") : fmt::format(",{}", v);
                }
        csv += "\n";
    }
    atomic_write_file(result.comparison_csv, csv);
}

} // namespace

ExperimentSpec ExperimentSpec::from_json(const json& j, const fs::path& source) {
    const fs::path base = source.parent_path();
    const std::string where = source.string();
    ExperimentSpec s;
    Reader r(j, where);
    r.read("name", s.name);
    std::string path;
    if (r.has("corpus")) r.read("corpus", path), s.corpus = relative_to(base, path);
    if (r.has("workspace")) r.read("workspace", path), s.workspace = relative_to(base, path);
    if (r.has("store")) r.read("store", path), s.store_file = relative_to(base, path);
    if (r.has("base")) r.read("base", path), s.base_model = relative_to(base, path);
    if (r.has("pretrain")) {
        Reader p(r.at("pretrain"), r.where("pretrain"));
        PretrainJobConfig pre;
        p.read("preset", pre.preset);
        p.read("steps", pre.train.steps);
        p.read("lr", pre.train.lr);
        p.read("batch", pre.train.batch_size);
        p.read("warmup", pre.train.warmup_steps);
        p.read("eval_every", pre.train.eval_every);
        p.read("checkpoint_every", pre.train.checkpoint_every);
        p.read("eval_documents", pre.eval_documents);
        p.finish();
        s.pretrain = pre;
    }
    r.read("old", s.old_langs);
    r.read("new", s.new_langs);
    if (r.has("methods")) {
        const auto& methods = r.at("methods");
        if (!methods.is_array()) throw Error(fmt::format("{}.methods: expected a list", where));
        for (size_t i = 0; i < methods.size(); ++i)
            s.methods.push_back(read_method(methods[i], fmt::format("{}.methods[{}]", where, i)));
    }
    if (r.has("stage1")) read_train(r.at("stage1"), r.where("stage1"), s.stage1);
    if (r.has("stage2")) read_train(r.at("stage2"), r.where("stage2"), s.stage2);
    r.read("replay_ratio", s.replay_ratio);
    r.read("analysis_tokens", s.analysis.tokens_select);
    r.read("analysis_split", s.analysis_split);
    r.read("eval_documents", s.eval_documents);
    if (r.has("tasks")) {
        std::vector<std::string> tasks;
        r.read("tasks", tasks);
        for (const auto& t : tasks) s.tasks.push_back(t.starts_with("builtin:") ? t : relative_to(base, t).string());
    }
    r.read("task_items", s.task_items);
    r.read("task_shots", s.task_shots);
    r.read("top_k", s.top_k);
    r.read("seed", s.seed);
    r.read("threads", s.threads);
    r.read("device", s.device);
    r.finish();
    if (s.store_file.empty() && !s.workspace.empty()) s.store_file = s.workspace / "runs.sqlite";
    try {
        s.validate();
    } catch (const Error& e) {
        throw Error(fmt::format("{}: {}", where, e.what()));
    }
    return s;
}

ExperimentSpec ExperimentSpec::from_file(const fs::path& file) {
    json j;
    try {
        j = json::parse(read_text_file(file));
    } catch (const json::exception& e) {
        throw Error(fmt::format("{}: invalid JSON ({})", file.string(), e.what()));
    }
    return from_json(j, file);
}

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
    json out = {{"name", name}, {"corpus", corpus.string()}, {"workspace", workspace.string()},
                {"store", store_file.string()}, {"old", old_langs}, {"new", new_langs}, {"methods", methods_json},
                {"stage1", stage1.to_json()}, {"stage2", stage2.to_json()}, {"replay_ratio", replay_ratio},
                {"analysis_tokens", analysis.tokens_select}, {"analysis_split", analysis_split},
                {"eval_documents", eval_documents}, {"top_k", top_k}, {"seed", seed}};
    if (!tasks.empty()) {
        out["tasks"] = tasks;
        out["task_items"] = task_items;
        out["task_shots"] = task_shots;
    }
    if (!base_model.empty()) out["base"] = base_model.string();
    if (pretrain) out["pretrain"] = pretrain->to_json();
    return out;
}

void ExperimentSpec::validate() const {
    if (corpus.empty()) throw Error("no \"corpus\" given");
    if (workspace.empty()) throw Error("no \"workspace\" given");
    if (base_model.empty() == !pretrain.has_value())
        throw Error("give either \"base\" (a model folder) or \"pretrain\" (to pretrain one)");
    if (old_langs.empty() || new_langs.empty()) throw Error("\"old\" and \"new\" languages are required");
    if (methods.empty()) throw Error("no \"methods\" given");
    std::set<std::string> names;
    for (const auto& m : methods) {
        if (!names.insert(folder_name(m.name)).second)
            throw Error(fmt::format("two methods are named \"{}\"; give each its own \"name\"", m.name));
        if (!m.fixed_allocation) continue;
        if (m.method != ExpansionMethod::LayerMoe)
            throw Error(fmt::format("method \"{}\" is {}: a fixed allocation is for layermoe", m.name, method_name(m.method)));
        try {
            check_fixed_allocation(*m.fixed_allocation);
        } catch (const Error& e) {
            throw Error(fmt::format("method \"{}\": {}", m.name, e.what()));
        }
    }
    if (task_items < 0 || task_shots < 0) throw Error("\"task_items\" and \"task_shots\" must be 0 or more");
    stage1.validate();
    stage2.validate();
}

std::vector<std::string> task_keys(const ExperimentResult& result) {
    std::vector<std::string> keys;
    for (const auto& row : result.rows)
        for (const auto& m : row.task_means)
            if (std::find(keys.begin(), keys.end(), m.task) == keys.end()) keys.push_back(m.task);
    return keys;
}

const TaskGroupMean* task_mean(const ComparisonRow& row, const std::string& task, const std::string& group) {
    for (const auto& m : row.task_means)
        if (m.task == task && m.group == group) return &m;
    return nullptr;
}

json comparison_json(const ExperimentResult& result) {
    json rows = json::array();
    for (const auto& row : result.rows) {
        json bpb = json::object(), groups = json::object();
        for (const auto& r : row.bpb) bpb[r.language] = r.bits_per_byte;
        for (const auto& g : row.means) groups[g.group] = g.bits_per_byte;
        json tasks = json::object();
        for (const auto& t : row.tasks) {
            json& entry = tasks[task_key(t.task, t.shots)]["languages"][t.language];
            entry = {{"items", t.metrics.items}, {"acc", t.metrics.acc}, {"acc_norm", t.metrics.acc_norm},
                     {"acc_bytes", t.metrics.acc_bytes}};
            if (t.metrics.has_mutual_info) entry["acc_mutual_info"] = t.metrics.acc_mutual_info;
        }
        for (const auto& m : row.task_means) {
            json& entry = tasks[m.task]["groups"][m.group];
            entry = {{"acc", m.acc}, {"acc_norm", m.acc_norm}, {"acc_bytes", m.acc_bytes}};
            if (m.has_mutual_info) entry["acc_mutual_info"] = m.acc_mutual_info;
        }
        rows.push_back({{"method", row.method}, {"run_id", row.run_id}, {"new_experts", row.new_experts},
                        {"new_parameters", row.new_parameters}, {"trainable_parameters", row.trainable_parameters},
                        {"bpb", bpb}, {"groups", groups}, {"old_change", row.old_change}, {"new_change", row.new_change},
                        {"tasks", tasks}});
    }
    return {{"experiment_run", result.experiment_run}, {"seconds", result.seconds}, {"cancelled", result.cancelled},
            {"rows", rows}};
}

ExperimentResult run_experiment(const ExperimentSpec& spec, bool resume, const ProgressFn& progress) {
    const auto start = std::chrono::steady_clock::now();
    spec.validate();
    fs::create_directories(spec.workspace);
    ExperimentResult result;
    int64_t experiment = 0;
    {
        const auto store = open_store_creating_folder(spec.store_file);
        experiment = result.experiment_run = open_experiment_run(*store, spec, resume);
    }
    auto finish = [&](const char* status) {
        Store(spec.store_file).finish_run(experiment, status);
        result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return result;
    };
    try {
        const fs::path base = base_model(spec, resume, progress);
        if (base.empty()) {
            result.cancelled = true;
            return finish("cancelled");
        }
        result.rows.push_back(base_row(spec, base, experiment, progress));
        if (!add_tasks(result.rows.back(), base, spec, progress)) {
            result.cancelled = true;
            return finish("cancelled");
        }
        for (const auto& m : spec.methods) {
            const auto expanded = run_expand_job(expand_config(spec, m, base, experiment, resume), progress);
            if (expanded.cancelled) {
                result.cancelled = true;
                return finish("cancelled");
            }
            const StageOutcome& last = expanded.stage2.bpb.empty() ? expanded.stage1 : expanded.stage2;
            ComparisonRow row;
            row.method = m.name;
            row.run_id = last.run_id;
            row.new_experts = expanded.new_experts;
            row.new_parameters = expanded.new_parameters;
            row.trainable_parameters = expanded.stage1.trainable_parameters;
            row.bpb = last.bpb;
            row.means = last.means;
            row.old_change = mean_change(row.bpb, result.rows.front().bpb, spec.old_langs);
            row.new_change = mean_change(row.bpb, result.rows.front().bpb, spec.new_langs);
            if (!add_tasks(row, last.model_dir, spec, progress)) {
                result.cancelled = true;
                return finish("cancelled");
            }
            result.rows.push_back(std::move(row));
        }
        write_comparison(result, spec);
    } catch (...) {
        finish("failed");
        throw;
    }
    return finish("finished");
}

} // namespace layermoe
