// Multiple-choice tasks: the harness metrics from known log-likelihoods and from a model whose
// log-probabilities are known, packed scoring against one forward pass per choice (dense, GQA,
// MoE with routing classifiers, truncated contexts, few-shot prompts), each reader on files
// written here (malformed lines included), the corpus-built tasks, and the task job's store rows.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>
#include <thread>

#include <fmt/format.h>

#include "core/common/cpu_threads.h"
#include "core/common/error.h"
#include "core/data/tokenizer.h"
#include "core/data/utf8.h"
#include "core/eval/multiple_choice.h"
#include "core/jobs/task_job.h"
#include "core/eval/tasks.h"
#include "core/model/checkpoint.h"
#include "core/model/moe.h"
#include "core/store/store.h"
#include "tests/core/torch_test_util.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

LanguageModel random_model(uint64_t seed) {
    torch::manual_seed(seed);
    LanguageModel m(model_preset("tiny"));
    m->init_weights(seed);
    torch::NoGradGuard ng;
    // Larger weights than the initialisation, so choices differ clearly in likelihood.
    for (auto& p : m->parameters()) p.mul_(4.0);
    return m;
}

McItem item(std::string context, std::vector<std::string> choices, int gold) {
    return McItem{std::move(context), std::move(choices), gold};
}

void write(const fs::path& file, const std::string& text) { std::ofstream(file, std::ios::binary) << text; }

// The message of the Error fn throws ("" when none).
template <class Fn>
std::string error_of(Fn fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return {};
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::vector<McItem> mixed_items() {
    return {item("The river runs", {" north.", " to the sea today", " x", " ωω"}, 1),
            item("", {" first", " second choice"}, 0),
            item(std::string(150, 'a'), {" tail", " longer tail here"}, 1),  // longer than max_len: truncated
            item("Όλοι οι άνθρωποι", {" γεννιούνται", " ελεύθεροι", " ίσοι"}, 2)};
}

}  // namespace

class TestTasks : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // acc, acc_norm (per character) and acc_bytes (per UTF-8 byte) disagree here on purpose.
    void metrics_from_known_logliks() {
        const std::vector<McItem> items = {item("", {" a", " bbbb"}, 1), item("", {" ωω", " ab"}, 0),
                                           item("", {" p", " q"}, 0)};
        const std::vector<ChoiceScores> ll = {{{-2.0, -3.0}, {}}, {{-3.0, -2.4}, {}}, {{-1.0, -1.0}, {}}};
        const McMetrics m = mc_metrics(items, ll);
        QCOMPARE(m.items, int64_t{3});
        QCOMPARE(m.acc, 1.0 / 3.0);  // item 1 wrong (-2 > -3), item 2 wrong, tie -> first choice
        QCOMPARE(m.acc_norm, 2.0 / 3.0);  // item 1: -2/2 < -3/5 right; item 2: -3/3 < -2.4/3 wrong
        QCOMPARE(m.acc_bytes, 1.0);  // item 2: -3/5 > -2.4/3 right
        QVERIFY(std::abs(m.acc_stderr - 1.0 / 3.0) < 1e-12);  // sqrt(var_{n-1} / n) of {0, 0, 1}
        QVERIFY(std::abs(m.acc_norm_stderr - 1.0 / 3.0) < 1e-12);
        QCOMPARE(m.acc_bytes_stderr, 0.0);
        QCOMPARE(m.item_acc, (std::vector<double>{0, 0, 1}));  // the units intervals resample
        QVERIFY(m.item_acc_mutual_info.empty());  // no unconditional scores
        QCOMPARE(utf8_characters(" ωω"), size_t{3});
    }

    // All-zero weights: every token has probability 1/259, so a choice's log-likelihood is
    // -bytes * ln 259 exactly, and the metrics follow: acc picks the fewest bytes, acc_norm the
    // fewest bytes per character, acc_bytes ties and picks the first choice.
    void model_with_known_logprobs_gives_exact_metrics() {
        LanguageModel model(model_preset("tiny"));
        {
            torch::NoGradGuard ng;
            for (auto& p : model->parameters()) p.zero_();
        }
        ByteTokenizer tok;
        McTask task;
        task.name = "generic";
        task.language = "eng";
        task.items = {item("ctx", {" ωω", " abcdef"}, 1), item("ctx", {" ωω", " abcdef"}, 0),
                      item("c", {" xy", " xyz"}, 0)};
        for (bool packed : {true, false}) {
            McScoreConfig cfg;
            cfg.packed = packed;
            std::vector<std::string> contexts;
            for (const auto& it : task.items) contexts.push_back(it.context);
            const auto scores = score_choices(model, tok, contexts, task.items, cfg);
            for (size_t i = 0; i < task.items.size(); ++i)
                for (size_t c = 0; c < task.items[i].choices.size(); ++c) {
                    const double expected = -static_cast<double>(task.items[i].choices[c].size()) * std::log(259.0);
                    QVERIFY2(std::abs(scores[i].loglik[c] - expected) < 1e-4,
                             qPrintable(QString::number(scores[i].loglik[c])));
                }
            const McResult r = evaluate_task(model, tok, task, cfg);
            QVERIFY(r.complete);
            QCOMPARE(r.metrics.acc, 2.0 / 3.0);
            QCOMPARE(r.metrics.acc_norm, 2.0 / 3.0);
            QCOMPARE(r.metrics.acc_bytes, 2.0 / 3.0);
        }
    }

    // One row per item holding every choice gives each choice's log-likelihood as its own
    // forward pass does, for every batch size (1 row, or several rows with padding).
    void packed_scoring_matches_one_pass_per_choice_data() {
        QTest::addColumn<int>("batch_tokens");
        QTest::addColumn<bool>("moe");
        QTest::newRow("one row a batch") << 1 << false;
        QTest::newRow("batched, padded") << 8192 << false;
        QTest::newRow("MoE with routing classifiers") << 8192 << true;
    }
    void packed_scoring_matches_one_pass_per_choice() {
        QFETCH(int, batch_tokens);
        QFETCH(bool, moe);
        auto model = random_model(5);
        if (moe) {
            MoeLayout layout;
            layout.waves = {{1, 3}, {1, 2}};
            layout.classifier = {true, false};
            apply_moe_layout(*model, layout, 9);
            torch::NoGradGuard ng;
            for (auto& p : model->parameters())
                p.add_(0.05 * torch::randn_like(p));  // routers, classifier: not all equal
        }
        ByteTokenizer tok;
        const auto items = mixed_items();
        std::vector<std::string> contexts;
        for (const auto& it : items) contexts.push_back(it.context);
        McScoreConfig packed, reference;
        packed.batch_tokens = batch_tokens;
        reference.packed = false;
        const auto a = score_choices(model, tok, contexts, items, packed);
        const auto b = score_choices(model, tok, contexts, items, reference);
        QCOMPARE(a.size(), items.size());
        double spread = 0;
        for (size_t i = 0; i < items.size(); ++i)
            for (size_t c = 0; c < items[i].choices.size(); ++c) {
                QVERIFY2(std::abs(a[i].loglik[c] - b[i].loglik[c]) < 1e-3 * std::max(1.0, std::abs(b[i].loglik[c])),
                         qPrintable(QStringLiteral("item %1 choice %2: %3 vs %4")
                                        .arg(i)
                                        .arg(c)
                                        .arg(a[i].loglik[c])
                                        .arg(b[i].loglik[c])));
                spread = std::max(spread, std::abs(a[i].loglik[c] - a[i].loglik[0]));
            }
        QVERIFY(spread > 1.0);  // the choices really differ
    }

    void fewshot_prompts_are_seeded_examples() {
        McTask task;
        task.source = "t.jsonl";
        task.items = {item("Q1:", {" a", " b"}, 0), item("Q2:", {" c", " d"}, 1)};
        for (int i = 0; i < 5; ++i)
            task.examples.push_back(item(fmt::format("E{}:", i), {" no", fmt::format(" yes{}", i)}, 1));
        QCOMPARE(fewshot_context(task, 0, 0, 1), std::string("Q1:"));
        const std::string two = fewshot_context(task, 1, 2, 1);
        QVERIFY(two.ends_with("\n\nQ2:"));
        QCOMPARE(std::count(two.begin(), two.end(), '\n'), std::ptrdiff_t{4});
        QVERIFY(two.find(" yes") != std::string::npos && two.find(" no") == std::string::npos);  // gold answers
        QCOMPARE(fewshot_context(task, 1, 2, 1), two);
        QVERIFY(fewshot_context(task, 0, 5, 1) != fewshot_context(task, 0, 5, 2) ||
                fewshot_context(task, 1, 5, 1) != fewshot_context(task, 1, 5, 2));
        QVERIFY(has(error_of([&] { fewshot_context(task, 0, 6, 1); }), "t.jsonl"));
        // Scoring with shots: packed and reference agree on the longer prompts.
        auto model = random_model(2);
        ByteTokenizer tok;
        McScoreConfig packed, reference;
        packed.shots = reference.shots = 3;
        reference.packed = false;
        const auto a = evaluate_task(model, tok, task, packed), b = evaluate_task(model, tok, task, reference);
        QCOMPARE(a.metrics.acc, b.metrics.acc);
        QCOMPARE(a.shots, 3);
    }

    void cancelling_returns_nothing() {
        auto model = random_model(1);
        ByteTokenizer tok;
        const auto items = mixed_items();
        std::vector<std::string> contexts(items.size());
        McScoreConfig cfg;
        cfg.batch_tokens = 1;
        // One batch at a time, so that each report counts one more item; a stop on parallel
        // workers, where a report may count several, is parallel_batches_match_one_at_a_time's.
        cfg.parallel_batches = false;
        int calls = 0;
        const auto r = score_choices(model, tok, contexts, items, cfg, [&](const Progress& p) {
            ++calls;
            return p.done < 2;
        });
        QVERIFY(r.empty());
        QCOMPARE(calls, 2);
    }

    // Packed batches on parallel workers (one BLAS thread each) give the scores of one batch at a
    // time, each in its item's place; progress comes on the caller's thread, a stop ends every
    // worker, and OpenBLAS gets its thread count back.
    void parallel_batches_match_one_at_a_time() {
        const CpuThreads cpu = configure_cpu_threads(2);
        if (!cpu.openblas) QSKIP("the BLAS is not OpenBLAS: batches are scored one at a time");
        QCOMPARE(blas_parallel_workers(), 2);
        auto model = random_model(6);
        ByteTokenizer tok;
        std::vector<McItem> items;
        for (int r = 0; r < 6; ++r)
            for (const auto& it : mixed_items())
                items.push_back(item(it.context + std::string(static_cast<size_t>(r), 'q'), it.choices, it.gold));
        std::vector<std::string> contexts;
        for (const auto& it : items) contexts.push_back(it.context);
        McScoreConfig parallel, serial;
        parallel.batch_tokens = serial.batch_tokens = 64;  // about one item a batch: many batches
        serial.parallel_batches = false;
        const auto caller = std::this_thread::get_id();
        bool on_caller = true;
        int64_t last = 0;
        const auto a = score_choices(model, tok, contexts, items, parallel, [&](const Progress& p) {
            on_caller = on_caller && std::this_thread::get_id() == caller;
            last = p.done;
            return true;
        });
        const auto b = score_choices(model, tok, contexts, items, serial);
        QCOMPARE(a.size(), items.size());
        QVERIFY(on_caller);
        QCOMPARE(last, static_cast<int64_t>(items.size()));
        for (size_t i = 0; i < items.size(); ++i) {
            QCOMPARE(a[i].loglik.size(), items[i].choices.size());
            for (size_t c = 0; c < items[i].choices.size(); ++c)
                QVERIFY2(std::abs(a[i].loglik[c] - b[i].loglik[c]) < 1e-6 * std::max(1.0, std::abs(b[i].loglik[c])),
                         qPrintable(QStringLiteral("item %1 choice %2: %3 vs %4")
                                        .arg(i)
                                        .arg(c)
                                        .arg(a[i].loglik[c])
                                        .arg(b[i].loglik[c])));
        }
        QCOMPARE(blas_parallel_workers(), 2);  // restored after scoring

        int calls = 0;
        const auto stopped = score_choices(model, tok, contexts, items, parallel, [&](const Progress&) {
            ++calls;
            return false;
        });
        QVERIFY(stopped.empty());
        QCOMPARE(calls, 1);
        QCOMPARE(blas_parallel_workers(), 2);
    }

    // score_choices refuses such an item; evaluate_task leaves it out and counts it.
    void a_choice_longer_than_the_model_is_skipped_and_counted() {
        auto model = random_model(1);
        ByteTokenizer tok;
        const std::vector<McItem> items = {item("c", {" ok", " no"}, 0), item("c", {" ok", std::string(80, 'z')}, 0)};
        const std::string e = error_of([&] { score_choices(model, tok, {"c", "c"}, items, {}, {}, "long.jsonl"); });
        QVERIFY2(has(e, "long.jsonl") && has(e, "item 2") && has(e, "choice 2"), e.c_str());
        McTask task;
        task.items = items;
        const McResult r = evaluate_task(model, tok, task, {});
        QCOMPARE(r.metrics.items, int64_t{1});
        QCOMPARE(r.skipped, int64_t{1});
    }

    // ---- Readers, on files written here.
    void readers_parse_each_format() {
        QTemporaryDir dir;
        const fs::path d = dir.path().toStdString();
        write(
            d / "eng_Latn.jsonl",
            R"({"flores_passage": "The sky is blue.", "question": " What colour? ", "mc_answer1": "red", "mc_answer2": "blue", "mc_answer3": "green", "mc_answer4": "grey", "correct_answer_num": "2"})"
            "\n");
        write(
            d / "arc_spa.jsonl",
            R"({"question": "¿Qué es H2O?", "choices": {"text": ["agua", "sal"], "label": ["A", "B"]}, "answerKey": "A"})"
            "\n\n"
            R"({"question": "¿2+2?", "choices": {"text": ["3", "4", "5"], "label": ["1", "2", "3"]}, "answerKey": "2"})"
            "\n");
        write(
            d / "hellaswag.zho_Hans.jsonl",
            R"({"activity_label": "Cooking", "ctx_a": "A man cuts onions.", "ctx_b": "he", "endings": ["cries [title] loudly.", "sings."], "label": "0"})"
            "\n");
        write(d / "mmlu.jsonl", R"({"question": "2+3?", "choices": ["4", "5"], "answer": 1, "language": "deu"})"
                                "\n"
                                R"({"question": "1+1?", "choices": ["2", "3"], "answer": "A", "lang": "deu"})"
                                "\n");
        write(d / "mine-fra.jsonl", R"({"context": "Bonjour", "choices": [" monde", " lune"], "gold": 0})"
                                    "\n");
        write(d / "mine-fra.dev.jsonl", R"({"context": "Salut", "choices": [" toi", " moi"], "gold": 1})"
                                        "\n");

        const McTask bele = read_task_file(d / "eng_Latn.jsonl");
        QCOMPARE(bele.name, std::string("belebele"));
        QCOMPARE(bele.language, std::string("eng"));
        QCOMPARE(bele.items.size(), size_t{1});
        QCOMPARE(bele.items[0].context, std::string("P: The sky is blue.\nQ: What colour?\nA:"));
        QCOMPARE(bele.items[0].choices[1], std::string(" blue"));
        QCOMPARE(bele.items[0].gold, 1);

        const McTask arc = read_task_file(d / "arc_spa.jsonl");
        QCOMPARE(arc.name, std::string("arc"));
        QCOMPARE(arc.language, std::string("spa"));
        QCOMPARE(arc.items.size(), size_t{2});  // the blank line is skipped
        QCOMPARE(arc.items[0].context, std::string("Question: ¿Qué es H2O?\nAnswer:"));
        QCOMPARE(arc.items[0].gold, 0);
        QCOMPARE(arc.items[1].gold, 1);
        QCOMPARE(arc.items[1].choices[1], std::string(" 4"));

        const McTask hs = read_task_file(d / "hellaswag.zho_Hans.jsonl");
        QCOMPARE(hs.name, std::string("hellaswag"));
        QCOMPARE(hs.language, std::string("zho_simpl"));
        QCOMPARE(hs.items[0].context, std::string("Cooking: A man cuts onions. He"));
        QCOMPARE(hs.items[0].choices[0], std::string(" cries. loudly."));

        const McTask mmlu = read_task_file(d / "mmlu.jsonl");
        QCOMPARE(mmlu.name, std::string("mmlu"));
        QCOMPARE(mmlu.language, std::string("deu"));
        QCOMPARE(mmlu.items[0].context, std::string("2+3?\nA. 4\nB. 5\nAnswer:"));
        QCOMPARE(mmlu.items[0].choices, (std::vector<std::string>{" A", " B"}));
        QCOMPARE(mmlu.items[0].gold, 1);
        QCOMPARE(mmlu.items[1].gold, 0);

        const McTask mine = read_task_file(d / "mine-fra.jsonl");
        QCOMPARE(mine.name, std::string("generic"));
        QCOMPARE(mine.language, std::string("fra"));
        QCOMPARE(mine.examples.size(), size_t{1});  // from mine-fra.dev.jsonl
        QCOMPARE(mine.examples[0].gold, 1);

        const auto all = read_task_path(d);
        QCOMPARE(all.size(), size_t{5});  // the .dev.jsonl split is not a task of its own
    }

    void malformed_task_lines_name_file_and_line_data() {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QByteArray>("expected");
        const QByteArray ok = R"({"context": "a", "choices": [" b", " c"], "gold": 0})";
        QTest::newRow("not JSON") << ok + "\n" + ok + "\n{\"context\": \n" << QByteArray(":3: not valid JSON");
        QTest::newRow("not an object") << ok + "\n[1, 2]\n" << QByteArray(":2: not a JSON object");
        QTest::newRow("missing field") << ok + "\n{\"context\": \"a\", \"gold\": 0}\n"
                                       << QByteArray(":2: missing field \"choices\"");
        QTest::newRow("gold out of range") << QByteArray(R"({"context": "a", "choices": [" b"], "gold": 3})") + "\n"
                                           << QByteArray(":1: the answer 3 is not one of the 1 choices");
        QTest::newRow("gold not an index") << QByteArray(R"({"context": "a", "choices": [" b"], "gold": "x"})") + "\n"
                                           << QByteArray(":1: field \"gold\" is not an index");
        QTest::newRow("choices not strings") << QByteArray(R"({"context": "a", "choices": [1, 2], "gold": 0})") + "\n"
                                             << QByteArray(":1: field \"choices\" holds a value that is not a string");
        QTest::newRow("unknown format") << QByteArray(R"({"prompt": "a"})") + "\n"
                                        << QByteArray(":1: unknown task format");
        QTest::newRow("arc answer key")
            << QByteArray(R"({"question": "q", "choices": {"text": ["a"], "label": ["A"]}, "answerKey": "C"})") + "\n"
            << QByteArray(":1: answerKey \"C\" is not one of the labels");
        QTest::newRow("unknown language field")
            << QByteArray(R"({"context": "a", "choices": [" b"], "gold": 0, "language": "xx"})") + "\n"
            << QByteArray(":1: unknown language \"xx\"");
        QTest::newRow("empty") << QByteArray() << QByteArray("the task file has no items");
        QTest::newRow("invalid UTF-8") << QByteArray("{\"context\": \"a\xff\", \"choices\": [\" b\"], \"gold\": 0}\n")
                                       << QByteArray(":1: ");
    }
    void malformed_task_lines_name_file_and_line() {
        QFETCH(QByteArray, text);
        QFETCH(QByteArray, expected);
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "bad_eng.jsonl";
        write(file, text.toStdString());
        const std::string e = error_of([&] { read_task_file(file); });
        QVERIFY2(e.starts_with(file.string()) && has(e, expected.toStdString()), e.c_str());
    }

    void a_file_without_a_language_is_an_error() {
        QTemporaryDir dir;
        const fs::path file = fs::path(dir.path().toStdString()) / "quiz.jsonl";
        write(file, R"({"context": "a", "choices": [" b"], "gold": 0})"
                    "\n");
        QVERIFY(has(error_of([&] { read_task_file(file); }), "cannot tell the task's language"));
        QCOMPARE(language_of_code("zho_Hant"), std::string("zho_trad"));
        QCOMPARE(language_of_code("ell_Grek"), std::string("ell"));
        QCOMPARE(language_of_code("ell_Latn"), std::string());  // not Greek's script
        QCOMPARE(language_of_code("quiz"), std::string());
    }

    // ---- Corpus-built tasks.
    void continuation_items_split_documents_and_draw_distractors() {
        LanguageText text;
        text.code = "eng";
        text.source = "corpus/eng";
        for (int i = 0; i < 40; ++i)
            text.heldout.push_back(fmt::format("Sentence number {} has some words in it{}", i,
                                               std::string(static_cast<size_t>(i % 7), '!')));
        text.heldout.push_back("short");
        for (int i = 0; i < 3; ++i)
            text.heldout.push_back("Repeated sentence with the very same ending here");  // identical halves
        text.heldout.push_back("没有空格的中文句子也可以被切成两半来测试");
        for (int i = 0; i < 10; ++i)
            text.train.push_back(fmt::format("Training sentence {} for the examples number {}", i, i * 7));
        BuiltinTaskOptions o;
        const McTask t = continuation_task(text, o);
        QCOMPARE(t.items.size(), size_t{44});  // "short" is skipped
        QCOMPARE(t.examples.size(), size_t{10});
        std::vector<int> gold_at(4, 0);
        for (size_t i = 0; i < t.items.size(); ++i) {
            const McItem& it = t.items[i];
            const std::string& doc = i < 40 ? text.heldout[i] : text.heldout[i + 1];  // after "short"
            QCOMPARE(it.choices.size(), size_t{4});
            QCOMPARE(it.context + it.choices[static_cast<size_t>(it.gold)], doc);
            for (size_t c = 0; c < 4; ++c)
                for (size_t other = c + 1; other < 4; ++other)
                    QVERIFY(it.choices[c] != it.choices[other]);  // all distinct
            ++gold_at[static_cast<size_t>(it.gold)];
        }
        QVERIFY(*std::min_element(gold_at.begin(), gold_at.end()) > 0);  // the answer's place is drawn
        QVERIFY(is_valid_utf8(t.items[43].context) && is_valid_utf8(t.items[43].choices[0]));
        // Seeded: the same seed, the same task; max_items keeps the first items.
        const McTask again = continuation_task(text, o);
        QCOMPARE(again.items[7].choices, t.items[7].choices);
        o.max_items = 5;
        QCOMPARE(continuation_task(text, o).items.size(), size_t{5});
    }

    void translation_items_pair_parallel_sentences() {
        LanguageText spa, eng;
        spa.code = "spa";
        eng.code = "eng";
        for (int i = 0; i < 12; ++i) {
            spa.heldout.push_back(fmt::format("frase numero {}", i));
            eng.heldout.push_back(fmt::format("sentence number {}", i));
        }
        const McTask t = translation_task(spa, eng, {});
        QCOMPARE(t.items.size(), size_t{12});
        for (size_t i = 0; i < t.items.size(); ++i) {
            QCOMPARE(t.items[i].context, spa.heldout[i] + "\n=");
            QCOMPARE(t.items[i].choices[static_cast<size_t>(t.items[i].gold)], " " + eng.heldout[i]);
        }
        eng.heldout.pop_back();
        eng.source = "corpus/eng.devtest";
        QVERIFY(has(error_of([&] { translation_task(spa, eng, {}); }), "not parallel"));
    }

    // The job: builtin tasks from a corpus, scored and recorded in the store against the model.
    void task_job_records_results_and_group_means() {
        QTemporaryDir dir;
        const fs::path d = dir.path().toStdString();
        test::write_flores_corpus(d / "corpus", {"eng", "spa", "ell"}, 20, 30);
        auto model = random_model(3);
        ByteTokenizer tok;
        save_model_dir(d / "model", model, tok, {{"language_groups", {{"old", {"eng", "spa"}}, {"G1", {"ell"}}}}});
        TaskJobConfig cfg;
        cfg.model_dir = d / "model";
        cfg.tasks = "builtin:continuation, builtin:translation";
        cfg.corpus = d / "corpus";
        cfg.langs = {"eng", "spa", "ell"};
        cfg.max_items = 10;
        cfg.run.store_file = d / "runs.sqlite";
        int64_t last = 0;
        const auto r = run_task_job(cfg, [&](const Progress& p) {
            last = p.done;
            return true;
        });
        QCOMPARE(r.results.size(), size_t{6});
        int64_t skipped = 0;
        for (const auto& res : r.results) skipped += res.skipped;
        QCOMPARE(r.items + skipped, int64_t{60});  // sentences longer than the tiny model's 64 bytes are left out
        QVERIFY(r.items >= 30);
        QCOMPARE(last, int64_t{60});
        QVERIFY(r.items_per_second > 0);
        Store store(cfg.run.store_file);
        const auto rows = store.eval_results(r.run_id);
        auto value = [&](const std::string& task, const std::string& lang, const std::string& metric) {
            for (const auto& e : rows)
                if (e.task == task && e.language == lang && e.metric == metric) return e.value;
            return -1.0;
        };
        for (const auto& res : r.results) {
            QCOMPARE(value(res.task, res.language, "acc"), res.metrics.acc);
            QCOMPARE(value(res.task, res.language, "acc_bytes_stderr"), res.metrics.acc_bytes_stderr);
        }
        const McResult* eng = &r.results[0];
        const McResult* spa = &r.results[1];
        QCOMPARE(value("continuation", "group:old", "acc"), (eng->metrics.acc + spa->metrics.acc) / 2);
        QCOMPARE(value("continuation", "group:G1", "acc_bytes"), r.results[2].metrics.acc_bytes);
        QCOMPARE(store.get_run(r.run_id)->kind, RunKind::Eval);
        // An unknown builtin names the known ones.
        cfg.tasks = "builtin:cloze";
        QVERIFY(has(error_of([&] { run_task_job(cfg); }), "continuation, translation"));
    }
};

QTEST_GUILESS_MAIN(TestTasks)
#include "test_tasks.moc"
