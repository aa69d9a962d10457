#pragma once
// Multiple-choice tasks (Torch-free): items read from the public jsonl formats (Belebele, ARC,
// HellaSwag, MMLU, and a generic one) or built from any corpus (continuation, translation
// pairing), few-shot prompts, and the lm-evaluation-harness metrics computed from each choice's
// log-likelihood. core/eval/multiple_choice scores the items with a model.
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/data/corpus.h"

namespace layermoe {

struct McItem {
    std::string context;  // the prompt the choices continue
    std::vector<std::string> choices;  // each with its leading separator (" Paris")
    int gold = 0;  // index into choices
};

// One task in one language: the items scored, and the items few-shot examples are drawn from
// (a separate split; empty when the task has none).
struct McTask {
    std::string name;  // "arc", "continuation", ...
    std::string language;  // a known language code
    std::string source;  // file or corpus it came from
    std::vector<McItem> items;
    std::vector<McItem> examples;
};

// ---- Readers. Each line of a .jsonl file is one item; the format is told by the first line's
// keys:
//   belebele  flores_passage, question, mc_answer1..4, correct_answer_num (1-based)
//   arc       question, choices {text, label}, answerKey
//   hellaswag ctx (or ctx_a + ctx_b), endings, label; activity_label when present
//   mmlu      question, choices, answer (index or letter)
//   generic   context, choices, gold (index)
// The language: a "language" (or "lang") field of the line, else the file name's last
// "_" / "." / "-" separated part that is a language code (belebele's eng_Latn.jsonl, arc_spa.jsonl;
// FLORES-200 codes such as zho_Hans are mapped). X.jsonl takes its few-shot examples from
// X.dev.jsonl beside it when that exists. Errors name the file and line.
std::string task_format_of(const std::filesystem::path& file);  // "belebele", "arc", ...
McTask read_task_file(const std::filesystem::path& file);
// A folder: every *.jsonl in it except the *.dev.jsonl example splits, sorted by name.
std::vector<McTask> read_task_path(const std::filesystem::path& path);
// "eng_Latn" -> "eng", "zho_Hans" -> "zho_simpl", "spa" -> "spa"; empty when not a language.
std::string language_of_code(const std::string& code);

// ---- Tasks built from a corpus, so every language has one. Items from the held-out split,
// examples from the training split; documents shorter than 16 bytes are skipped.
struct BuiltinTaskOptions {
    int64_t max_items = 0;  // per language; 0 = all
    uint64_t seed = 1;
    int choices = 4;
    std::string pivot = "eng";  // translation pairing: the language of the choices
};
// "continuation": the first half of a document (cut at the space, or character, nearest the
// middle); choose its true second half among `choices` (distractors: second halves of other
// documents of the nearest byte lengths, drawn seeded).
McTask continuation_task(const LanguageText& text, const BuiltinTaskOptions& options);
// "translation": a sentence in the language ("SENTENCE\n="), choose its translation into `target`
// among `choices` (distractors: translations of other sentences of the nearest byte lengths). The
// corpus must be parallel, documents aligned by index, as FLORES is. The task job passes the
// pivot as target, and for the pivot itself the first other language.
McTask translation_task(const LanguageText& text, const LanguageText& target, const BuiltinTaskOptions& options);
inline const std::vector<std::string>& builtin_task_names() {
    static const std::vector<std::string> names = {"continuation", "translation"};
    return names;
}

// ---- Few-shot prompts: k examples drawn without replacement from task.examples (seeded by
// seed and item index), each "context + gold choice", joined by "\n\n", then the item's context.
// Error when k > 0 and the task has fewer than k examples.
std::string fewshot_context(const McTask& task, size_t item, int shots, uint64_t seed);

// ---- How core/eval/multiple_choice scores (here, Torch-free, for the job configs).
struct McScoreConfig {
    bool packed = true;  // shared context; false = one forward pass per choice
    int64_t batch_tokens = 2048;  // items per batch x the batch's most tokens per item, at most
    // Packed batches on the CPU run on blas_parallel_workers() threads of one BLAS thread each
    // (core/common/cpu_threads.h); false = one batch at a time on all BLAS threads.
    bool parallel_batches = true;
    int shots = 0;  // few-shot examples per prompt
    uint64_t seed = 1;  // few-shot sampling
    // Also score each choice with no context (BOS only; each distinct choice once), for
    // acc_mutual_info.
    bool mutual_info = false;
};

// ---- Metrics, as lm-evaluation-harness computes them.
struct ChoiceScores {
    std::vector<double> loglik;  // per choice: sum of log p(choice tokens | context)
    std::vector<double> unconditional;  // per choice: the same with no context; empty unless asked
};
struct McMetrics {
    double acc = 0, acc_norm = 0, acc_bytes = 0;  // means over items
    double acc_stderr = 0, acc_norm_stderr = 0, acc_bytes_stderr = 0;  // sample std / sqrt(n)
    bool has_mutual_info = false;
    double acc_mutual_info = 0, acc_mutual_info_stderr = 0;
    int64_t items = 0;
    // Per scored item, in order: 1 when acc (acc_mutual_info) picked the gold choice, else 0; the
    // units a bootstrap resamples (core/report/stats.h). item_acc_mutual_info is empty without it.
    std::vector<double> item_acc, item_acc_mutual_info;
};
// acc: argmax of loglik; acc_norm: argmax of loglik / characters (Unicode code points) of the
// choice; acc_bytes: argmax of loglik / UTF-8 bytes; acc_mutual_info (when every item has
// unconditional scores): argmax of loglik - unconditional, how much the context raises the
// choice. Ties go to the first choice.
struct McResult {
    std::string task, language;
    int shots = 0;
    McMetrics metrics;
    int64_t skipped = 0;  // items with a choice too long for the model
    double seconds = 0;
    bool complete = true;  // false when cancelled
};

McMetrics mc_metrics(const std::vector<McItem>& items, const std::vector<ChoiceScores>& scores);
size_t utf8_characters(const std::string& text);

}  // namespace layermoe
