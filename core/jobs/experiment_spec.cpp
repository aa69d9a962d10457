// Reading and checking an experiment file (ExperimentSpec::from_json, validate): plain values,
// no LibTorch, so that the experiment file's fuzz harness (fuzz/fuzz_experiment.cpp) builds without it.
#include <cctype>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/common/error.h"
#include "core/io/files.h"
#include "core/io/json_fits.h"
#include "core/jobs/experiment_job.h"

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
        const json& value = j_.at(key);
        if (auto read = json_as<T>(value)) {
            out = *std::move(read);
            return;
        }
        throw Error(fmt::format("{}: \"{}\" has the wrong type ({})", where_, key, value.dump()));
    }
    template <class T>
    T get(const std::string& key) {
        T out{};
        read(key, out);
        return out;
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
constexpr const char* kAllocationKeys[] = {"rule",          "budget",      "uniform",         "min",
                                           "max",           "score_floor", "compare_uniform", "classifier_threshold",
                                           "classifier_top"};

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
                throw Error(
                    fmt::format("{}: give either \"fixed_allocation\" or \"{}\" (and the other allocation keys), "
                                "not both",
                                where, key));
        try {
            m.fixed_allocation = Allocation::from_json(r.at("fixed_allocation"));
        } catch (const Error& e) {
            throw Error(fmt::format("{}.fixed_allocation: {}", where, e.what()));
        }
    }
    r.read("analysis_run", m.analysis_run);
    if (m.analysis_run != 0 && !m.fixed_allocation)
        throw Error(fmt::format("{}: \"analysis_run\" names the analysis a \"fixed_allocation\" came from; give it "
                                "with one",
                                where));
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
    if (r.has("classifier_threshold")) a.classifier_threshold = r.get<double>("classifier_threshold");
    if (r.has("classifier_top")) a.classifier_top = r.get<int64_t>("classifier_top");
    r.finish();
    if (m.fixed_allocation) a = m.fixed_allocation->config;
    if (m.name.empty()) m.name = method_name(m.method);
    return m;
}

fs::path relative_to(const fs::path& base, const std::string& path) {
    const fs::path p(path);
    return p.is_absolute() || base.empty() ? p : base / p;
}

}  // namespace

std::string experiment_folder_name(const std::string& name) {
    std::string out;
    for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '-';
    return out;
}

LanguageGroups ExperimentSpec::groups() const {
    LanguageGroups g;
    g.old_langs = old_langs;
    g.new1 = new_langs;
    g.new2 = g2_langs;
    return g;
}

ExperimentSpec ExperimentSpec::from_json(const json& j, const fs::path& source) {
    const fs::path base = source.parent_path();
    const std::string where = source.string();
    ExperimentSpec s;
    Reader r(j, where);
    r.read("name", s.name);
    std::string path;
    if (r.has("corpus")) r.read("corpus", path), s.corpus = relative_to(base, path);
    if (r.has("workspace")) r.read("workspace", path), s.workspace = relative_to(base, path);
    if (r.has("store")) r.read("store", path), s.run.store_file = relative_to(base, path);
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
    if (r.has("waves")) {
        const auto& waves = r.at("waves");
        if (!s.new_langs.empty())
            throw Error(fmt::format("{}: give either \"new\" (one expansion) or \"waves\", not both", where));
        if (!waves.is_array() || waves.empty() || waves.size() > 2)
            throw Error(fmt::format("{}.waves: expected a list of 1 or 2 waves ({{\"new\": [...]}}): a model's "
                                    "language groups are G0, G1 and G2",
                                    where));
        for (size_t i = 0; i < waves.size(); ++i) {
            Reader w(waves[i], fmt::format("{}.waves[{}]", where, i));
            std::vector<std::string>& langs = i == 0 ? s.new_langs : s.g2_langs;
            w.read("new", langs);
            w.finish();
            if (langs.empty()) throw Error(fmt::format("{}.waves[{}]: \"new\" languages are required", where, i));
        }
    }
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
    r.read("seed", s.run.seed);
    r.read("seeds", s.seeds);
    r.read("base_seeds", s.base_seeds);
    r.read("threads", s.run.threads);
    r.read("device", s.run.device);
    r.read("dtype", s.run.dtype);
    r.read("context", s.run.context);
    r.finish();
    if (s.run.store_file.empty() && !s.workspace.empty()) s.run.store_file = s.workspace / "runs.sqlite";
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

std::vector<uint64_t> ExperimentSpec::method_seeds() const {
    return seeds.empty() ? std::vector<uint64_t>{run.seed} : seeds;
}

void ExperimentSpec::validate() const {
    if (corpus.empty()) throw Error("no \"corpus\" given");
    if (workspace.empty()) throw Error("no \"workspace\" given");
    if (base_model.empty() == !pretrain.has_value())
        throw Error("give either \"base\" (a model folder) or \"pretrain\" (to pretrain one)");
    if (old_langs.empty() || new_langs.empty()) throw Error("\"old\" and \"new\" languages are required");
    groups().validate();  // a language in two groups

    if (methods.empty()) throw Error("no \"methods\" given");
    std::set<std::string> names;
    for (const auto& m : methods) {
        if (!names.insert(experiment_folder_name(m.name)).second)
            throw Error(fmt::format("two methods are named \"{}\"; give each its own \"name\"", m.name));
        if (!m.fixed_allocation) continue;
        if (!g2_langs.empty())
            throw Error(fmt::format("method \"{}\": a fixed allocation is for one expansion of the base, not for "
                                    "\"waves\" (the G2 expansion analyses the G1 model)",
                                    m.name));
        if (m.method != ExpansionMethod::LayerMoe)
            throw Error(
                fmt::format("method \"{}\" is {}: a fixed allocation is for layermoe", m.name, method_name(m.method)));
        try {
            check_fixed_allocation(*m.fixed_allocation);
        } catch (const Error& e) {
            throw Error(fmt::format("method \"{}\": {}", m.name, e.what()));
        }
    }
    if (task_items < 0 || task_shots < 0) throw Error("\"task_items\" and \"task_shots\" must be 0 or more");
    if (std::set<uint64_t>(seeds.begin(), seeds.end()).size() != seeds.size())
        throw Error(fmt::format("\"seeds\" lists a seed twice ({})", fmt::join(seeds, ", ")));
    if (base_seeds && !pretrain)
        throw Error("\"base_seeds\" pretrains the base once per seed: give \"pretrain\", not \"base\"");
    if (base_seeds && seeds.empty()) throw Error("\"base_seeds\" needs \"seeds\" (the seeds to pretrain with)");
    stage1.validate();
    stage2.validate();
}

}  // namespace layermoe
