// `layermoe generate`: text from one model or several side by side (--compare), streamed as it is
// made, with tokens/s; --json adds each generated token's routing per MoE layer
// (docs/generation.md).
#include <cstdio>
#include <fstream>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/cli/progress_line.h"
#include "app/cli/run_options.h"
#include "app/cli/verbs.h"
#include "core/common/error.h"
#include "core/data/utf8.h"
#include "core/jobs/generate_job.h"

namespace layermoe::cli {

namespace {

struct GenerateArgs {
    std::string model, prompt, prompts_file;
    std::vector<std::string> compare, stop;
    SamplingOptions sampling;
    RunSettings run;
    bool json = false;
};

// One prompt per line of the file (empty lines skipped); Error naming the file and line.
std::vector<std::string> read_prompts(const std::string& file) {
    std::ifstream in(file);
    if (!in) throw Error(fmt::format("{}: cannot read the prompts file", file));
    std::vector<std::string> prompts;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) continue;
        if (!is_valid_utf8(line)) throw Error(fmt::format("{}:{}: not valid UTF-8", file, n));
        prompts.push_back(line);
    }
    if (prompts.empty()) throw Error(fmt::format("{}: no prompt (one per line)", file));
    return prompts;
}

nlohmann::json routing_json(const std::vector<TokenRouting>& routing) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : routing) {
        nlohmann::json layer = {{"layer", r.layer}, {"experts", r.experts}, {"weights", r.weights}};
        if (r.routing_class >= 0) layer["class"] = r.routing_class;
        out.push_back(std::move(layer));
    }
    return out;
}

nlohmann::json generation_json(const std::string& prompt, const Generation& g) {
    nlohmann::json tokens = nlohmann::json::array();
    for (const auto& t : g.tokens) {
        nlohmann::json token = {{"id", t.id}, {"text", t.text}};
        if (!t.routing.empty()) token["routing"] = routing_json(t.routing);
        tokens.push_back(std::move(token));
    }
    nlohmann::json classes = nlohmann::json::object();
    for (const auto& [layer, c] : g.classes) classes[std::to_string(layer)] = c;
    return {{"prompt", prompt},
            {"text", g.text},
            {"stop", to_string(g.stop)},
            {"prompt_tokens", g.prompt_ids.size()},
            {"new_tokens", g.tokens.size()},
            {"classes", classes},
            {"seconds", g.seconds},
            {"prefill_seconds", g.prefill_seconds},
            {"tokens_per_second", g.tokens_per_second()},
            {"tokens", tokens}};
}

void run_generate(GenerateArgs& a) {
    if (a.prompt.empty() == a.prompts_file.empty())
        throw CLI::ValidationError("generate", "give either --prompt TEXT or --prompts FILE");
    a.sampling.stop = a.stop;
    a.sampling.seed = a.run.seed;
    a.sampling.routing = a.json;
    check_sampling(a.sampling);
    const std::vector<std::string> prompts =
        a.prompt.empty() ? read_prompts(a.prompts_file) : std::vector<std::string>{a.prompt};
    if (!is_valid_utf8(a.prompt)) throw Error("--prompt: not valid UTF-8");
    std::vector<std::string> models{a.model};
    models.insert(models.end(), a.compare.begin(), a.compare.end());

    install_interrupt_handler();
    const bool stream = !a.json && prompts.size() == 1;
    nlohmann::json out = {{"models", nlohmann::json::array()}};
    for (const auto& dir : models) {
        std::vector<Generation> gens;
        {
            ProgressLine line(a.json);
            if (stream) fmt::print("== {} ==\n", dir);
            int64_t made = 0;
            size_t streamed = 0;  // bytes of text printed
            bool started = false;
            const auto progress = line.callback();
            const auto on_token = [&](size_t, const GeneratedToken& t) {
                if (stream) {
                    if (!started) {
                        line.finish();
                        fmt::print("{}", prompts.front());
                        started = true;
                    }
                    fmt::print("{}", t.text);
                    streamed += t.text.size();
                    std::fflush(stdout);
                    return !interrupted();
                }
                ++made;
                return progress({Stage::Generate, made, a.sampling.max_new * static_cast<int64_t>(prompts.size()),
                                 "token", ""});
            };
            gens = run_generate_job(dir, prompts, a.sampling, a.run, on_token, progress).generations;
            line.finish();
            if (stream && !started) fmt::print("{}", prompts.front());
            // An end held back for a stop string that never came.
            if (stream && gens.front().text.size() > streamed) fmt::print("{}", gens.front().text.substr(streamed));
        }
        if (interrupted() && !a.json) fmt::print("\n(stopped)\n");
        if (a.json) {
            nlohmann::json gens_json = nlohmann::json::array();
            for (size_t i = 0; i < gens.size(); ++i) gens_json.push_back(generation_json(prompts[i], gens[i]));
            out["models"].push_back({{"model", dir}, {"generations", gens_json}});
            continue;
        }
        for (size_t i = 0; i < gens.size(); ++i) {
            const auto& g = gens[i];
            if (stream) {
                fmt::print("\n");
            } else {
                fmt::print("== {} [{}] ==\n{}{}\n", dir, i + 1, prompts[i], g.text);
            }
            std::string classes;
            for (const auto& [layer, c] : g.classes) classes += fmt::format("{}{}:{}", classes.empty() ? "" : " ", layer, c);
            fmt::print("[{}] {} new tokens, {:.1f} tokens/s, prompt {} tokens in {:.2f} s{}\n\n", to_string(g.stop),
                       g.tokens.size(), g.tokens_per_second(), g.prompt_ids.size(), g.prefill_seconds,
                       classes.empty() ? "" : ", routing class per layer " + classes);
        }
        if (interrupted()) throw CLI::RuntimeError(130);
    }
    // A byte-level model may make bytes that are not UTF-8: JSON shows them as U+FFFD.
    if (a.json) fmt::print("{}\n", out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace

void add_generate_verb(CLI::App& app) {
    auto args = std::make_shared<GenerateArgs>();
    auto* cmd = app.add_subcommand("generate", "Generate text from a model (and others beside it, --compare)");
    cmd->add_option("--model", args->model, "Model folder (dense, expanded or Hugging Face)")->required();
    cmd->add_option("--compare", args->compare, "More model folders to generate from, the same way (repeatable)");
    cmd->add_option("--prompt", args->prompt, "The prompt");
    cmd->add_option("--prompts", args->prompts_file, "A file of prompts, one per line (generated as one batch)");
    cmd->add_option("--max-new", args->sampling.max_new, "New tokens at most")->capture_default_str();
    cmd->add_option("--temperature", args->sampling.temperature, "0 = greedy; higher = more varied")
        ->capture_default_str();
    cmd->add_option("--top-k", args->sampling.top_k, "Sample among the k most likely tokens (0 = all)")
        ->capture_default_str();
    cmd->add_option("--top-p", args->sampling.top_p, "Sample among the fewest tokens whose probabilities reach p")
        ->capture_default_str();
    cmd->add_option("--stop", args->stop, "Stop before this text (repeatable)");
    add_run_options(*cmd, args->run, kDevice | kDtype | kThreads | kContext | kSeed,
                    {.seed = "Sampling seed (prompt i of a file uses seed + i)"});
    cmd->add_flag("--json", args->json, "Print JSON, with every generated token's experts and weights per MoE layer");
    cmd->callback([args] { run_generate(*args); });
}

}  // namespace layermoe::cli
