#include "core/eval/tasks.h"

#include <algorithm>
#include <cmath>
#include <fstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "core/common/error.h"
#include "core/data/languages.h"
#include "core/data/shuffle.h"
#include "core/data/utf8.h"

namespace layermoe {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// Where a line's problem is: "FILE:LINE: ".
struct Where {
    std::string file;
    int64_t line = 0;
    [[noreturn]] void fail(const std::string& what) const { throw Error(fmt::format("{}:{}: {}", file, line, what)); }
    const json& field(const json& j, const char* key) const {
        const auto it = j.find(key);
        if (it == j.end()) fail(fmt::format("missing field \"{}\"", key));
        return *it;
    }
    std::string text(const json& j, const char* key) const {
        const json& v = field(j, key);
        if (!v.is_string()) fail(fmt::format("field \"{}\" is not a string", key));
        return v.get<std::string>();
    }
    std::vector<std::string> texts(const json& v, const char* key) const {
        if (!v.is_array() || v.empty()) fail(fmt::format("field \"{}\" is not a non-empty list", key));
        std::vector<std::string> out;
        for (const auto& e : v) {
            if (!e.is_string()) fail(fmt::format("field \"{}\" holds a value that is not a string", key));
            out.push_back(e.get<std::string>());
        }
        return out;
    }
    // An index given as a number or a numeric string.
    int64_t index(const json& j, const char* key) const {
        const json& v = field(j, key);
        if (v.is_number_integer()) return v.get<int64_t>();
        if (v.is_string()) {
            const auto s = v.get<std::string>();
            if (!s.empty() && s.size() < 10 &&
                std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
                return std::stoll(s);
        }
        fail(fmt::format("field \"{}\" is not an index", key));
    }
    McItem checked(McItem item) const {
        if (item.gold < 0 || item.gold >= static_cast<int>(item.choices.size()))
            fail(fmt::format("the answer {} is not one of the {} choices", item.gold, item.choices.size()));
        if (!is_valid_utf8(item.context)) fail("text is not valid UTF-8");
        for (const auto& c : item.choices)
            if (!is_valid_utf8(c)) fail("text is not valid UTF-8");
        return item;
    }
};

// " " + text, written out: GCC 12 warns falsely (-Wrestrict) on operator+(const char*, string).
std::string spaced(const std::string& text) {
    std::string out;
    out.reserve(text.size() + 1);
    out += ' ';
    out += text;
    return out;
}

std::string trim(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return {};
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
    return s;
}

// HellaSwag's WikiHow markup, cleaned as the harness does: " [title]" ends a sentence, other
// bracketed tags go, double spaces collapse.
std::string hellaswag_clean(std::string s) {
    s = trim(replace_all(std::move(s), " [title]", ". "));
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '[') {
            const auto close = s.find(']', i);
            if (close != std::string::npos) {
                i = close;
                continue;
            }
        }
        out += s[i];
    }
    return replace_all(out, "  ", " ");
}

McItem read_belebele(const json& j, const Where& w) {
    McItem item;
    item.context = fmt::format("P: {}\nQ: {}\nA:", w.text(j, "flores_passage"), trim(w.text(j, "question")));
    for (int i = 1; i <= 4; ++i) item.choices.push_back(spaced(w.text(j, fmt::format("mc_answer{}", i).c_str())));
    item.gold = static_cast<int>(w.index(j, "correct_answer_num")) - 1;
    return w.checked(std::move(item));
}

McItem read_arc(const json& j, const Where& w) {
    McItem item;
    item.context = fmt::format("Question: {}\nAnswer:", w.text(j, "question"));
    const json& choices = w.field(j, "choices");
    if (!choices.is_object()) w.fail("field \"choices\" is not an object with \"text\" and \"label\"");
    const auto texts = w.texts(w.field(choices, "text"), "choices.text");
    const auto labels = w.texts(w.field(choices, "label"), "choices.label");
    if (texts.size() != labels.size()) w.fail("choices.text and choices.label differ in length");
    const std::string key = w.text(j, "answerKey");
    const auto at = std::find(labels.begin(), labels.end(), key);
    if (at == labels.end()) w.fail(fmt::format("answerKey \"{}\" is not one of the labels", key));
    for (const auto& t : texts) item.choices.push_back(spaced(t));
    item.gold = static_cast<int>(at - labels.begin());
    return w.checked(std::move(item));
}

McItem read_hellaswag(const json& j, const Where& w) {
    McItem item;
    std::string ctx;
    if (j.contains("ctx_a")) {
        ctx = w.text(j, "ctx_a");
        std::string b = j.contains("ctx_b") ? w.text(j, "ctx_b") : std::string();
        if (!b.empty()) b[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(b[0])));
        ctx += spaced(b);
    } else {
        ctx = w.text(j, "ctx");
    }
    const std::string activity = j.contains("activity_label") ? w.text(j, "activity_label") : std::string();
    item.context = hellaswag_clean(activity.empty() ? ctx : activity + ": " + ctx);
    for (const auto& e : w.texts(w.field(j, "endings"), "endings")) item.choices.push_back(spaced(hellaswag_clean(e)));
    item.gold = static_cast<int>(w.index(j, "label"));
    return w.checked(std::move(item));
}

McItem read_mmlu(const json& j, const Where& w) {
    const auto choices = w.texts(w.field(j, "choices"), "choices");
    if (choices.size() > 26) w.fail("more than 26 choices");
    McItem item;
    item.context = trim(w.text(j, "question"));
    for (size_t i = 0; i < choices.size(); ++i) {
        item.context += fmt::format("\n{}. {}", static_cast<char>('A' + i), choices[i]);
        item.choices.push_back(fmt::format(" {}", static_cast<char>('A' + i)));
    }
    item.context += "\nAnswer:";
    const json& answer = w.field(j, "answer");
    if (answer.is_string() && answer.get<std::string>().size() == 1 &&
        std::isupper(static_cast<unsigned char>(answer.get<std::string>()[0])))
        item.gold = answer.get<std::string>()[0] - 'A';
    else
        item.gold = static_cast<int>(w.index(j, "answer"));
    return w.checked(std::move(item));
}

McItem read_generic(const json& j, const Where& w) {
    McItem item;
    item.context = w.text(j, "context");
    item.choices = w.texts(w.field(j, "choices"), "choices");
    item.gold = static_cast<int>(w.index(j, "gold"));
    return w.checked(std::move(item));
}

std::string format_of_object(const json& j) {
    if (j.contains("flores_passage") && j.contains("mc_answer1")) return "belebele";
    if (j.contains("answerKey")) return "arc";
    if (j.contains("endings")) return "hellaswag";
    if (j.contains("question") && j.contains("answer")) return "mmlu";
    if (j.contains("context") && j.contains("gold")) return "generic";
    return {};
}

McItem read_item(const std::string& format, const json& j, const Where& w) {
    if (format == "belebele") return read_belebele(j, w);
    if (format == "arc") return read_arc(j, w);
    if (format == "hellaswag") return read_hellaswag(j, w);
    if (format == "mmlu") return read_mmlu(j, w);
    return read_generic(j, w);
}

struct FileItems {
    std::string format, language;
    std::vector<McItem> items;
};

FileItems read_items(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(fmt::format("{}: cannot open the task file", file.string()));
    FileItems out;
    Where w{file.string(), 0};
    std::string line;
    while (std::getline(in, line)) {
        ++w.line;
        if (trim(line).empty()) continue;
        json j;
        try {
            j = json::parse(line);
        } catch (const json::exception& e) {  // parse_error, or out_of_range for numbers like 9E742
            w.fail(fmt::format("not valid JSON ({})", e.what()));
        }
        if (!j.is_object()) w.fail("not a JSON object");
        if (out.format.empty()) {
            out.format = format_of_object(j);
            if (out.format.empty())
                w.fail("unknown task format: expected the fields of Belebele (flores_passage, mc_answer1..4), ARC "
                       "(question, choices, answerKey), HellaSwag (ctx, endings, label), MMLU (question, choices, "
                       "answer) or the generic one (context, choices, gold)");
        }
        for (const char* key : {"language", "lang"}) {
            if (!j.contains(key)) continue;
            const std::string code = language_of_code(w.text(j, key));
            if (code.empty()) w.fail(fmt::format("unknown language \"{}\"", j.at(key).get<std::string>()));
            if (!out.language.empty() && out.language != code)
                w.fail(fmt::format("language {} differs from the file's earlier {}", code, out.language));
            out.language = code;
        }
        out.items.push_back(read_item(out.format, j, w));
    }
    if (out.items.empty()) throw Error(fmt::format("{}: the task file has no items", file.string()));
    return out;
}

bool is_example_split(const fs::path& file) {
    const std::string name = file.filename().string();
    return name.size() > 10 && name.ends_with(".dev.jsonl");
}

// The language a file name implies: its last part (split at "_", "." and "-") that is a code,
// trying two-part FLORES-200 codes ("eng_Latn") first.
std::string language_of_file(const fs::path& file) {
    std::string stem = file.filename().string();
    if (stem.ends_with(".jsonl")) stem.resize(stem.size() - 6);
    std::vector<std::string> parts;
    std::string part;
    for (char c : stem) {
        if (c == '_' || c == '.' || c == '-') {
            parts.push_back(part);
            part.clear();
        } else {
            part += c;
        }
    }
    parts.push_back(part);
    for (size_t i = parts.size(); i-- > 0;) {
        if (i + 1 < parts.size()) {
            const std::string two = language_of_code(parts[i] + "_" + parts[i + 1]);
            if (!two.empty()) return two;
        }
        const std::string one = language_of_code(parts[i]);
        if (!one.empty()) return one;
    }
    return {};
}

// The cut of a document: the character boundary nearest its middle byte, so the first half often
// ends inside a word (which even a small model can complete). Both halves non-empty; npos when
// the text is too short.
size_t cut_of(const std::string& text) {
    if (text.size() < 16) return std::string::npos;
    size_t at = text.size() / 2;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) ++at;
    return at > 0 && at < text.size() ? at : std::string::npos;
}

// Distractors for item `self` among `pool` (texts), preferring those nearest in byte length:
// drawn from the 4 x (choices - 1) nearest, never equal to the true choice or to each other.
std::vector<std::string> distractors(const std::vector<std::string>& pool, const std::vector<size_t>& by_length,
                                     const std::vector<size_t>& rank, size_t self, int count, std::mt19937_64& rng) {
    const size_t window = 4 * static_cast<size_t>(count);
    const size_t r = rank[self];
    std::vector<size_t> near;
    for (size_t d = 1; near.size() < window && (r >= d || r + d < by_length.size()); ++d) {
        if (r + d < by_length.size() && pool[by_length[r + d]] != pool[self]) near.push_back(by_length[r + d]);
        if (r >= d && near.size() < window && pool[by_length[r - d]] != pool[self]) near.push_back(by_length[r - d]);
    }
    std::vector<std::string> out;
    while (static_cast<int>(out.size()) < count && !near.empty()) {
        const size_t j = uniform_below(rng, near.size());
        const std::string& candidate = pool[near[j]];
        if (std::find(out.begin(), out.end(), candidate) == out.end()) out.push_back(candidate);  // no two alike
        near.erase(near.begin() + static_cast<std::ptrdiff_t>(j));
    }
    return out;
}

std::vector<size_t> order_by_length(const std::vector<std::string>& pool, std::vector<size_t>& rank) {
    std::vector<size_t> order(pool.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pool[a].size() < pool[b].size(); });
    rank.assign(pool.size(), 0);
    for (size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    return order;
}

// Items whose true choice is answers[i], placed at a seeded position among the distractors.
std::vector<McItem> build_items(const std::vector<std::string>& contexts, const std::vector<std::string>& answers,
                                size_t max_items, int choices, uint64_t seed) {
    std::vector<size_t> rank;
    const auto by_length = order_by_length(answers, rank);
    std::mt19937_64 rng(seed);
    std::vector<McItem> items;
    for (size_t i = 0; i < contexts.size() && (max_items == 0 || items.size() < max_items); ++i) {
        auto others = distractors(answers, by_length, rank, i, choices - 1, rng);
        if (static_cast<int>(others.size()) < choices - 1) continue;
        McItem item;
        item.context = contexts[i];
        item.gold = static_cast<int>(uniform_below(rng, static_cast<uint64_t>(choices)));
        for (int c = 0, o = 0; c < choices; ++c)
            item.choices.push_back(c == item.gold ? answers[i] : others[static_cast<size_t>(o++)]);
        items.push_back(std::move(item));
    }
    return items;
}

std::vector<McItem> continuation_items(const std::vector<std::string>& docs, size_t max_items, int choices,
                                       uint64_t seed) {
    std::vector<std::string> heads, tails;
    for (const auto& d : docs) {
        const size_t cut = cut_of(d);
        if (cut == std::string::npos) continue;
        heads.push_back(d.substr(0, cut));
        tails.push_back(d.substr(cut));
    }
    return build_items(heads, tails, max_items, choices, seed);
}

constexpr size_t kMaxExamples = 1000;  // few-shot pool per language

}  // namespace

std::string language_of_code(const std::string& code) {
    if (code == "zho_Hans" || code == "cmn_Hans") return "zho_simpl";
    if (code == "zho_Hant" || code == "cmn_Hant") return "zho_trad";
    if (find_language(code)) return code;
    const auto underscore = code.find('_');
    if (underscore != std::string::npos && underscore > 0 && code.size() - underscore == 5) {
        // FLORES-200 "xxx_Scrp": the script must be the language's own.
        const LanguageInfo* info = find_language(code.substr(0, underscore));
        if (info && info->script == code.substr(underscore + 1)) return info->code;
    }
    return {};
}

std::string task_format_of(const fs::path& file) { return read_items(file).format; }

McTask read_task_file(const fs::path& file) {
    FileItems read = read_items(file);
    McTask task;
    task.source = file.string();
    task.name = read.format;
    task.language = read.language.empty() ? language_of_file(file) : read.language;
    if (task.language.empty())
        throw Error(fmt::format("{}: cannot tell the task's language: give each line a \"language\" field or name "
                                "the file after it (arc_spa.jsonl, eng_Latn.jsonl)",
                                file.string()));
    task.items = std::move(read.items);
    if (!is_example_split(file)) {
        fs::path dev = file;
        dev.replace_extension(".dev.jsonl");
        if (fs::exists(dev)) {
            FileItems examples = read_items(dev);
            if (examples.format != read.format)
                throw Error(fmt::format("{}: a {} file, but {} beside it is {}", dev.string(), examples.format,
                                        file.filename().string(), read.format));
            task.examples = std::move(examples.items);
        }
    }
    return task;
}

std::vector<McTask> read_task_path(const fs::path& path) {
    if (!fs::exists(path)) throw Error(fmt::format("{}: no such task file or folder", path.string()));
    if (!fs::is_directory(path)) return {read_task_file(path)};
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(path))
        if (e.is_regular_file() && e.path().extension() == ".jsonl" && !is_example_split(e.path()))
            files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) throw Error(fmt::format("{}: the folder has no .jsonl task files", path.string()));
    std::vector<McTask> tasks;
    for (const auto& f : files) tasks.push_back(read_task_file(f));
    return tasks;
}

McTask continuation_task(const LanguageText& text, const BuiltinTaskOptions& o) {
    if (o.choices < 2) throw Error("a multiple-choice task needs at least 2 choices");
    McTask task;
    task.name = "continuation";
    task.language = text.code;
    task.source = text.source;
    const uint64_t seed = mix_seed(o.seed, stable_hash("continuation:" + text.code));
    task.items = continuation_items(text.heldout, static_cast<size_t>(o.max_items), o.choices, seed);
    const std::vector<std::string> train(text.train.begin(),
                                         text.train.begin() +
                                             static_cast<std::ptrdiff_t>(std::min(text.train.size(), kMaxExamples)));
    task.examples = continuation_items(train, 0, o.choices, mix_seed(seed, 1));
    if (task.items.empty())
        throw Error(fmt::format("{}: no held-out document of {} is long enough (16 bytes) for the continuation task",
                                text.source, text.code));
    return task;
}

McTask translation_task(const LanguageText& text, const LanguageText& target, const BuiltinTaskOptions& o) {
    if (o.choices < 2) throw Error("a multiple-choice task needs at least 2 choices");
    if (text.heldout.size() != target.heldout.size() || text.train.size() != target.train.size())
        throw Error(fmt::format("{} and {} are not parallel (different numbers of documents): the translation task "
                                "needs a parallel corpus such as FLORES",
                                text.source, target.source));
    McTask task;
    task.name = "translation";
    task.language = text.code;
    task.source = text.source;
    const uint64_t seed = mix_seed(o.seed, stable_hash("translation:" + text.code + ">" + target.code));
    auto build = [&](const std::vector<std::string>& from, const std::vector<std::string>& to, size_t max_items,
                     uint64_t s) {
        std::vector<std::string> contexts, answers;
        for (size_t i = 0; i < from.size() && i < to.size(); ++i) {
            if (from[i].empty() || to[i].empty()) continue;
            contexts.push_back(from[i] + "\n=");
            answers.push_back(spaced(to[i]));
        }
        return build_items(contexts, answers, max_items, o.choices, s);
    };
    task.items = build(text.heldout, target.heldout, static_cast<size_t>(o.max_items), seed);
    const size_t n = std::min(text.train.size(), kMaxExamples);
    task.examples =
        build(std::vector<std::string>(text.train.begin(), text.train.begin() + static_cast<std::ptrdiff_t>(n)),
              std::vector<std::string>(target.train.begin(), target.train.begin() + static_cast<std::ptrdiff_t>(n)), 0,
              mix_seed(seed, 1));
    if (task.items.empty())
        throw Error(fmt::format("{}: no held-out sentence pairs for the translation task", text.source));
    return task;
}

std::string fewshot_context(const McTask& task, size_t item, int shots, uint64_t seed) {
    const McItem& it = task.items.at(item);
    if (shots <= 0) return it.context;
    if (task.examples.size() < static_cast<size_t>(shots))
        throw Error(fmt::format(
            "{}: {} few-shot examples asked, but the example split has {}{}", task.source, shots, task.examples.size(),
            task.examples.empty() ? " (a file X.jsonl takes them from X.dev.jsonl beside it)" : ""));
    std::mt19937_64 rng(mix_seed(seed, item));
    std::vector<size_t> pool(task.examples.size());
    for (size_t i = 0; i < pool.size(); ++i) pool[i] = i;
    std::string out;
    for (int k = 0; k < shots; ++k) {
        const size_t j = k + uniform_below(rng, pool.size() - static_cast<size_t>(k));
        std::swap(pool[static_cast<size_t>(k)], pool[j]);
        const McItem& e = task.examples[pool[static_cast<size_t>(k)]];
        out += e.context + e.choices[static_cast<size_t>(e.gold)] + "\n\n";
    }
    return out + it.context;
}

size_t utf8_characters(const std::string& text) {
    size_t n = 0;
    for (unsigned char c : text) n += (c & 0xC0) != 0x80;
    return n;
}

McMetrics mc_metrics(const std::vector<McItem>& items, const std::vector<ChoiceScores>& scores) {
    if (items.size() != scores.size()) throw Error("mc_metrics: one score list per item expected");
    McMetrics m;
    m.items = static_cast<int64_t>(items.size());
    if (items.empty()) return m;
    std::vector<double> acc, norm, bytes, mutual;
    m.has_mutual_info = std::all_of(scores.begin(), scores.end(),
                                    [](const ChoiceScores& s) { return s.unconditional.size() == s.loglik.size(); });
    for (size_t i = 0; i < items.size(); ++i) {
        const auto& choices = items[i].choices;
        const auto& ll = scores[i].loglik;
        if (ll.size() != choices.size()) throw Error("mc_metrics: one log-likelihood per choice expected");
        auto best = [&](auto value) {
            size_t arg = 0;
            for (size_t c = 1; c < ll.size(); ++c)
                if (value(c) > value(arg)) arg = c;
            return static_cast<int>(arg) == items[i].gold ? 1.0 : 0.0;
        };
        acc.push_back(best([&](size_t c) { return ll[c]; }));
        norm.push_back(best(
            [&](size_t c) { return ll[c] / static_cast<double>(std::max<size_t>(1, utf8_characters(choices[c]))); }));
        bytes.push_back(
            best([&](size_t c) { return ll[c] / static_cast<double>(std::max<size_t>(1, choices[c].size())); }));
        if (m.has_mutual_info) mutual.push_back(best([&](size_t c) { return ll[c] - scores[i].unconditional[c]; }));
    }
    auto mean_stderr = [](const std::vector<double>& x, double& mean, double& stderr_) {
        const double n = static_cast<double>(x.size());
        mean = 0;
        for (double v : x) mean += v;
        mean /= n;
        double ss = 0;
        for (double v : x) ss += (v - mean) * (v - mean);
        stderr_ = x.size() > 1 ? std::sqrt(ss / (n - 1)) / std::sqrt(n) : 0.0;
    };
    mean_stderr(acc, m.acc, m.acc_stderr);
    mean_stderr(norm, m.acc_norm, m.acc_norm_stderr);
    mean_stderr(bytes, m.acc_bytes, m.acc_bytes_stderr);
    if (m.has_mutual_info) mean_stderr(mutual, m.acc_mutual_info, m.acc_mutual_info_stderr);
    m.item_acc = std::move(acc);
    m.item_acc_mutual_info = std::move(mutual);
    return m;
}

}  // namespace layermoe
