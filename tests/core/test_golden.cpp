// Golden fixture, in the manner of llm.c's test_gpt2: the `tiny` model's logits on a fixed input
// and its first five training losses, for fixed seeds on one thread, pinned in
// tests/core/golden/tiny_model.json and compared on every build. A real change to initialisation,
// the transformer, the loss, AdamW, clipping, the learning-rate schedule, packing or batch order
// moves them far beyond the tolerance; another CPU or thread count moves them by rounding only.
//
// The fixture's values are computed by this program, never typed in. To regenerate it, after a
// deliberate change only (and say in the commit why the values moved):
//
//     LAYERMOE_GOLDEN_WRITE=1 ./build/tests/core/test_golden
//
// It rewrites the fixture in the source tree (under $LAYERMOE_SOURCE_DIR, which CTest sets, else
// beside this file) and then checks against what it wrote.
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "core/common/cpu_threads.h"
#include "core/data/packing.h"
#include "core/data/tokenizer.h"
#include "core/model/model.h"
#include "core/train/trainer.h"

using namespace layermoe;
namespace fs = std::filesystem;

namespace {

// ---- The pinned setup (recorded in the fixture; changing any of it means regenerating) ----

constexpr const char* kPreset = "tiny";
constexpr uint64_t kInitSeed = 1234;
constexpr int kThreads = 1;  // BLAS threads and Torch's pool both
constexpr const char* kForwardText = "The quick brown fox jumps over the lazy dog.";
const std::vector<int64_t> kPositions = {0, 1, 22, 44};  // of BOS + the text's 44 bytes
const std::vector<int64_t> kVocabIds = {0, 32, 46, 84, 101, 116, 256, 257, 258};  // NUL ' ' . T e t BOS EOS PAD
constexpr int64_t kBlockLen = 65;
constexpr uint64_t kPackSeed = 1;

const std::vector<std::string>& training_text() {
    static const std::vector<std::string> lines = {
        "A river runs past the old mill and turns north toward the market.",
        "In the morning the baker opens the door and the street smells of bread.",
        "Seven boats wait at the pier while the fishermen mend their nets.",
        "The library keeps maps of every valley, drawn by hand a century ago.",
        "Children count the bells of the tower: one, two, three, four, five.",
        "When the rain stops, the square fills with people and music again.",
        "An old clock in the station is always four minutes slow.",
        "The road to the mountain village climbs through pine and stone.",
        "She writes letters to her brother each week and sends them by train.",
        "Lamps are lit along the bridge as the sun goes down over the water.",
        "Every summer the farmers bring honey, cheese and apples to the fair.",
        "The teacher asks a question and twelve hands go up at once.",
    };
    return lines;
}

// Only what a five-step run needs differs from the defaults: a changed default (weight decay,
// betas, clipping, min_lr_ratio) is a real change too.
TrainConfig pinned_train_config() {
    TrainConfig c;
    c.steps = 5;
    c.batch_size = 4;
    c.lr = 3e-3;
    c.warmup_steps = 2;  // steps 1-2 warm up, 3-5 follow the cosine
    c.seed = kInitSeed;
    c.threads = kThreads;
    return c;
}

// ---- Tolerance ----
//
// Every value is compared as |actual - expected| <= tolerance * scale, the scale being the mean
// |logit| of the whole tensor for single logits (so that logits near 0 are not judged against
// their own tiny size), the abs-sum for a tensor's sum and abs-sum, and the value itself for
// losses and gradient norms.
//
// Measured on this project's 2-core AMD EPYC VM (Debian's LibTorch 1.13 on OpenBLAS), as deviation
// of scale from the 1-thread values:
// - 2 threads (BLAS, Torch's pool or both): 0, bit for bit. OpenBLAS splits a product's output
//   among threads, not its sums, and Torch's reductions of these sizes stay on one thread.
// - Other CPUs' kernels, forced with OPENBLAS_CORETYPE (Prescott, Nehalem, Sandybridge, Haswell,
//   Zen, SkylakeX) and ATEN_CPU_CAPABILITY (default, avx2, avx512): single logits up to 2.7e-6,
//   sums up to 4e-8, losses up to 1.1e-7, gradient norms up to 3.5e-7.
// - One-line real changes: learning rate +1%: losses 1.5e-3, trained logits 4e-2; weight decay
//   0.1 -> 0.11: trained logits 1.9e-4; RoPE theta 10000 -> 20000: logits 8e-4;
//   RMSNorm eps 1e-5 -> 1.1e-5: logits 9e-3; a single initial weight +1e-3 (5% of its
//   std): logits 1.4e-4; warmup 2 -> 3 steps: lr 0.7; the two layers swapped: logits 1.5;
//   init or data seed +1: logits 0.5 and more.
// 2e-5 is 7x the largest rounding seen and 7x to 10^5x below those changes.
// (A gradient clip of 0.9 instead of 1.0 stays inside it, at 1e-5: every step here is clipped,
// and Adam hardly sees a common scale of all its gradients.)
constexpr double kTolerance = 2e-5;
constexpr double kLrTolerance = 1e-12;  // the schedule is double arithmetic

constexpr const char* kRegenerate = "LAYERMOE_GOLDEN_WRITE=1 ./build/tests/core/test_golden";

struct Threads {
    int blas = kThreads;
    int torch_pool = kThreads;
};

void use_threads(const Threads& t) {
    configure_cpu_threads(t.blas);  // the project's helper: BLAS threads (Torch's pool to 1 with OpenBLAS)
    torch::set_num_threads(t.torch_pool);
}

// Everything a run may vary: the fixture is made with the defaults.
struct Setup {
    ModelConfig model = model_preset(kPreset);
    uint64_t init_seed = kInitSeed;
    TrainConfig train = pinned_train_config();
    Threads threads;
    std::function<void(LanguageModel&)> edit;  // applied after initialisation (small_real_change_is_caught)
};

struct LogitProbe {
    std::vector<std::vector<double>> at;  // [position][vocab id] for kPositions x kVocabIds
    double sum = 0, abs_sum = 0;  // over the whole [T, V] tensor, in float64
    int64_t numel = 0;
};

struct Values {
    LogitProbe init, trained;  // before and after the training steps
    std::vector<double> loss, lr, grad_norm;
};

std::vector<int64_t> forward_ids() {
    const ByteTokenizer tok;
    std::vector<int64_t> ids = {tok.bos_id()};
    for (int32_t id : tok.encode(kForwardText)) ids.push_back(id);
    return ids;
}

LogitProbe probe(LanguageModel& model) {
    model->eval();
    torch::NoGradGuard no_grad;
    const auto ids = torch::tensor(forward_ids(), torch::kInt64).unsqueeze(0);
    const auto logits = model->forward(ids)[0].to(torch::kFloat64).contiguous();  // [T, V]
    LogitProbe p;
    for (int64_t pos : kPositions) {
        std::vector<double> row;
        for (int64_t v : kVocabIds) row.push_back(logits[pos][v].item<double>());
        p.at.push_back(row);
    }
    p.sum = logits.sum().item<double>();
    p.abs_sum = logits.abs().sum().item<double>();
    p.numel = logits.numel();
    return p;
}

PackedBlocks training_blocks(const Tokenizer& tok) {
    PackOptions opts;
    opts.block_len = kBlockLen;
    opts.seed = kPackSeed;
    return pack_documents({{"eng", &training_text()}}, tok, opts);
}

Values run(const Setup& s) {
    use_threads(s.threads);
    LanguageModel model(s.model);
    model->init_weights(s.init_seed);
    if (s.edit) s.edit(model);
    Values v;
    v.init = probe(model);
    const ByteTokenizer tok;
    const PackedBlocks blocks = training_blocks(tok);
    Trainer trainer(model, blocks, tok, s.train);
    use_threads(s.threads);  // the Trainer set its own (train.threads)
    for (const StepRecord& r : trainer.run({}).history) {
        v.loss.push_back(r.loss);
        v.lr.push_back(r.lr);
        v.grad_norm.push_back(r.grad_norm);
    }
    v.trained = probe(model);
    use_threads({});
    return v;
}

// ---- The fixture file ----

fs::path fixture_path() {
    if (const char* src = std::getenv("LAYERMOE_SOURCE_DIR"); src && *src)
        return fs::path(src) / "tests" / "core" / "golden" / "tiny_model.json";
    return fs::path(__FILE__).parent_path() / "golden" / "tiny_model.json";
}

bool write_requested() {
    const char* w = std::getenv("LAYERMOE_GOLDEN_WRITE");
    return w && std::string(w) == "1";
}

nlohmann::ordered_json probe_json(const LogitProbe& p) {
    return {{"at", p.at}, {"sum", p.sum}, {"abs_sum", p.abs_sum}, {"numel", p.numel}};
}

LogitProbe probe_from(const nlohmann::json& j) {
    LogitProbe p;
    p.at = j.at("at").get<std::vector<std::vector<double>>>();
    p.sum = j.at("sum").get<double>();
    p.abs_sum = j.at("abs_sum").get<double>();
    p.numel = j.at("numel").get<int64_t>();
    return p;
}

Values values_from(const nlohmann::json& j) {
    Values v;
    v.init = probe_from(j.at("init_logits"));
    v.trained = probe_from(j.at("trained_logits"));
    v.loss = j.at("loss").get<std::vector<double>>();
    v.lr = j.at("lr").get<std::vector<double>>();
    v.grad_norm = j.at("grad_norm").get<std::vector<double>>();
    return v;
}

// The setup as recorded in the fixture, compared key by key with the code's when checking.
nlohmann::ordered_json setup_json() {
    const Setup s;
    return {
        {"model", {{"preset", kPreset}, {"init_seed", s.init_seed}, {"config", to_hf_config(s.model)}}},
        {"threads", {{"blas", s.threads.blas}, {"torch_pool", s.threads.torch_pool}}},
        {"forward",
         {{"text", kForwardText},
          {"ids", "byte tokenizer: BOS (256), then the text's bytes"},
          {"positions", kPositions},
          {"vocab_ids", kVocabIds}}},
        {"training",
         {{"tokenizer", "byte"},
          {"language", "eng"},
          {"text", training_text()},
          {"pack", {{"block_len", kBlockLen}, {"seed", kPackSeed}}},
          {"config", s.train.to_json()}}},
    };
}

// nlohmann puts every array element on its own line; keep arrays of numbers on one line.
std::string compact_number_arrays(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '[') {
            const size_t close = text.find_first_of("[]", i + 1);
            if (close != std::string::npos && text[close] == ']' &&
                text.find_first_not_of("0123456789.eE+-, \n", i + 1) >= close) {
                std::string inner;
                for (size_t k = i + 1; k < close; ++k)
                    if (text[k] != '\n' && text[k] != ' ')
                        inner += text[k] == ',' ? std::string(", ") : std::string(1, text[k]);
                out += "[" + inner + "]";
                i = close;
                continue;
            }
        }
        out += text[i];
    }
    return out;
}

void write_fixture(const fs::path& path, const Values& v) {
    const CpuThreads set = configure_cpu_threads(kThreads);
    nlohmann::ordered_json j;
    j["about"] = "Golden values of the tiny model (llm.c test_gpt2 style), checked by tests/core/test_golden.cpp "
                 "on every build. Computed by that program, never edited by hand.";
    j["regenerate"] =
        std::string(kRegenerate) + "  (after a deliberate change only; say in the commit why the values moved)";
    j["produced_with"] = {{"libtorch", TORCH_VERSION}, {"blas", set.openblas ? "OpenBLAS" : "other (Torch's pool)"}};
    const nlohmann::ordered_json setup = setup_json();
    for (const auto& [key, value] : setup.items()) j[key] = value;
    j["values"] = {{"init_logits", probe_json(v.init)},
                   {"loss", v.loss},
                   {"lr", v.lr},
                   {"grad_norm", v.grad_norm},
                   {"trained_logits", probe_json(v.trained)}};
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << compact_number_arrays(j.dump(2)) << "\n";
    if (!out) QFAIL(qPrintable(QStringLiteral("cannot write %1").arg(QString::fromStdString(path.string()))));
}

// ---- Comparison ----

struct Deviation {
    std::string kind;  // "init logits", "loss", ...
    std::string what;
    double expected = 0, actual = 0, relative = 0;  // relative: |actual - expected| / scale
    double tolerance = 0;
    bool bad() const { return !(relative <= tolerance); }  // NaN is bad
};

// Every compared value, with its deviation relative to its scale (see the tolerance comment).
std::vector<Deviation> deviations(const Values& expected, const Values& actual) {
    std::vector<Deviation> out;
    auto add = [&](const std::string& kind, const std::string& what, double e, double a, double scale, double tol) {
        out.push_back({kind, kind + what, e, a, std::abs(a - e) / std::max(scale, 1e-30), tol});
    };
    auto add_probe = [&](const std::string& kind, const LogitProbe& e, const LogitProbe& a) {
        if (e.at.size() != a.at.size() || e.numel != a.numel) {
            add(kind, " numel", static_cast<double>(e.numel), static_cast<double>(a.numel), 1, 0);
            return;
        }
        const double mean_abs = e.abs_sum / static_cast<double>(std::max<int64_t>(1, e.numel));
        for (size_t p = 0; p < e.at.size(); ++p)
            for (size_t k = 0; k < e.at[p].size() && k < a.at[p].size(); ++k)
                add(kind, "[pos " + std::to_string(kPositions[p]) + ", id " + std::to_string(kVocabIds[k]) + "]",
                    e.at[p][k], a.at[p][k], mean_abs, kTolerance);
        add(kind + " sum", "", e.sum, a.sum, e.abs_sum, kTolerance);
        add(kind + " abs_sum", "", e.abs_sum, a.abs_sum, e.abs_sum, kTolerance);
    };
    auto add_series = [&](const std::string& kind, const std::vector<double>& e, const std::vector<double>& a,
                          double tol) {
        if (e.size() != a.size()) {
            add(kind, " count", static_cast<double>(e.size()), static_cast<double>(a.size()), 1, 0);
            return;
        }
        for (size_t i = 0; i < e.size(); ++i)
            add(kind, "[step " + std::to_string(i + 1) + "]", e[i], a[i], std::abs(e[i]), tol);
    };
    add_probe("init logits", expected.init, actual.init);
    add_series("loss", expected.loss, actual.loss, kTolerance);
    add_series("lr", expected.lr, actual.lr, kLrTolerance);
    add_series("grad_norm", expected.grad_norm, actual.grad_norm, kTolerance);
    add_probe("trained logits", expected.trained, actual.trained);
    return out;
}

// The largest relative deviation per kind of value.
std::map<std::string, double> worst_by_kind(const std::vector<Deviation>& devs) {
    std::map<std::string, double> worst;
    for (const auto& d : devs) worst[d.kind] = std::max(worst[d.kind], std::isnan(d.relative) ? INFINITY : d.relative);
    return worst;
}

QString summary(const std::map<std::string, double>& worst) {
    QStringList parts;
    for (const auto& [kind, w] : worst)
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(kind)).arg(w, 0, 'g', 2);
    return parts.join(QStringLiteral(", "));
}

QString mismatches(const std::vector<Deviation>& devs, size_t limit = 20) {
    QStringList lines;
    size_t n = 0;
    for (const auto& d : devs) {
        if (!d.bad()) continue;
        if (n++ < limit)
            lines << QStringLiteral("  %1: expected %2, got %3 (deviation %4 of scale, tolerance %5)")
                         .arg(QString::fromStdString(d.what))
                         .arg(d.expected, 0, 'g', 12)
                         .arg(d.actual, 0, 'g', 12)
                         .arg(d.relative, 0, 'g', 3)
                         .arg(d.tolerance, 0, 'g', 3);
    }
    if (n > limit) lines << QStringLiteral("  ... and %1 more").arg(n - limit);
    return lines.join(QLatin1Char('\n'));
}

}  // namespace

class TestGolden : public QObject {
    Q_OBJECT

    nlohmann::json fixture_;
    Values expected_;
    std::optional<Values> pinned_;  // this build's values with the pinned setup

    const Values& pinned() {
        if (!pinned_) pinned_ = run(Setup{});
        return *pinned_;
    }

private Q_SLOTS:
    void initTestCase() {
        const fs::path path = fixture_path();
        if (write_requested()) {
            write_fixture(path, pinned());
            qInfo("LAYERMOE_GOLDEN_WRITE=1: wrote %s", path.string().c_str());
        }
        std::ifstream in(path, std::ios::binary);
        if (!in)
            QFAIL(qPrintable(QStringLiteral("no fixture at %1 (make one with: %2)")
                                 .arg(QString::fromStdString(path.string()), QString::fromUtf8(kRegenerate))));
        try {
            fixture_ = nlohmann::json::parse(in);
            expected_ = values_from(fixture_.at("values"));
        } catch (const nlohmann::json::exception& e) {
            QFAIL(qPrintable(
                QStringLiteral("%1: %2").arg(QString::fromStdString(path.string()), QString::fromUtf8(e.what()))));
        }
    }

    // The fixture was made with this test's setup (preset and its shape, seeds, input, text,
    // training config, threads): otherwise the comparison below would compare different things.
    void fixture_records_this_setup() {
        const auto now = nlohmann::json(setup_json()).flatten();  // "/training/config/lr" -> 0.003, ...
        const auto recorded = fixture_.flatten();
        QStringList differing;
        for (const auto& [key, value] : now.items())
            if (!recorded.contains(key) || recorded.at(key) != value)
                differing << QStringLiteral("%1: fixture %2, test %3")
                                 .arg(QString::fromStdString(key),
                                      QString::fromStdString(recorded.contains(key) ? recorded.at(key).dump()
                                                                                    : "(missing)"),
                                      QString::fromStdString(value.dump()));
        for (const QString& line : differing) qWarning("%s", qPrintable(line));
        QVERIFY2(differing.isEmpty(),
                 qPrintable(QStringLiteral("the setup changed since the fixture was written (above); "
                                           "if that was deliberate, regenerate: %1")
                                .arg(QString::fromUtf8(kRegenerate))));
    }

    // The llm.c check: logits before and after five training steps, the five losses, learning
    // rates and gradient norms, against the fixture.
    void values_match_the_fixture() {
        const auto devs = deviations(expected_, pinned());
        qInfo("largest deviation of scale by kind: %s", qPrintable(summary(worst_by_kind(devs))));
        const QString bad = mismatches(devs);
        if (!bad.isEmpty()) qWarning("%s", qPrintable(bad));
        QVERIFY2(bad.isEmpty(),
                 qPrintable(QStringLiteral("values differ from %1 beyond rounding (above); if the change "
                                           "was deliberate, regenerate: %2")
                                .arg(QString::fromStdString(fixture_path().string()), QString::fromUtf8(kRegenerate))));
    }

    // The tolerance's lower bound, measured again on every run: another thread count (BLAS
    // threads, Torch's pool) moves nothing beyond it (here: not at all).
    void thread_count_moves_values_by_rounding_only_data() {
        QTest::addColumn<int>("blas");
        QTest::addColumn<int>("torch_pool");
        QTest::newRow("blas 2") << 2 << 1;  // the project's own 2-thread setting
        QTest::newRow("torch pool 2") << 1 << 2;
        QTest::newRow("blas 2, torch pool 2") << 2 << 2;
    }
    void thread_count_moves_values_by_rounding_only() {
        QFETCH(int, blas);
        QFETCH(int, torch_pool);
        Setup s;
        s.threads = {blas, torch_pool};
        const auto devs = deviations(pinned(), run(s));
        qInfo("deviation of scale from 1 thread: %s", qPrintable(summary(worst_by_kind(devs))));
        const QString bad = mismatches(devs);
        if (!bad.isEmpty()) qWarning("%s", qPrintable(bad));
        QVERIFY2(bad.isEmpty(), "values moved beyond the tolerance (above)");
    }

    // The same with another CPU's rounding: this test in a child process made to use the oldest
    // kernels any x86-64 has (OpenBLAS's SSE3 ones without FMA, Torch's non-vectorised ones).
    void other_cpu_kernels_stay_inside_the_tolerance() {
#if !defined(__x86_64__)
        QSKIP("the kernels forced here are x86-64's");
#else
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("LAYERMOE_GOLDEN_WRITE"));
        env.insert(QStringLiteral("OPENBLAS_CORETYPE"), QStringLiteral("Prescott"));
        env.insert(QStringLiteral("ATEN_CPU_CAPABILITY"), QStringLiteral("default"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(), {QStringLiteral("values_match_the_fixture")});
        QVERIFY(child.waitForFinished(120'000));
        const QString out = QString::fromUtf8(child.readAll());
        for (const QString& line : out.split(QLatin1Char('\n')))
            if (line.contains(QStringLiteral("largest deviation")))
                qInfo("Prescott kernels, no vectorisation: %s", qPrintable(line.section(QStringLiteral("kind: "), 1)));
        if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0) qWarning("%s", qPrintable(out));
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                 "the child failed (its output above)");
#endif
    }

    // The tolerance's upper bound: small real changes are caught, each by a margin of 5x or more.
    void small_real_change_is_caught_data() {
        QTest::addColumn<int>("change");
        QTest::newRow("learning rate +1%") << 0;
        QTest::newRow("weight decay 0.1 -> 0.11") << 1;
        QTest::newRow("RMSNorm eps 1e-5 -> 1.1e-5") << 2;
        QTest::newRow("RoPE theta 10000 -> 20000") << 3;
        QTest::newRow("the two layers swapped") << 4;
    }
    void small_real_change_is_caught() {
        QFETCH(int, change);
        Setup s;
        switch (change) {
        case 0: s.train.lr *= 1.01; break;
        case 1: s.train.weight_decay = 0.11; break;
        case 2: s.model.norm_eps = 1.1e-5; break;
        case 3: s.model.rope_theta = 20000; break;
        case 4:
            s.edit = [](LanguageModel& m) {
                torch::NoGradGuard no_grad;
                auto first = m->model->blocks.at(0)->parameters(), second = m->model->blocks.at(1)->parameters();
                for (size_t i = 0; i < first.size(); ++i) {
                    auto kept = first[i].clone();
                    first[i].copy_(second[i]);
                    second[i].copy_(kept);
                }
            };
            break;
        }
        const auto devs = deviations(pinned(), run(s));
        qInfo("deviation of scale: %s", qPrintable(summary(worst_by_kind(devs))));
        double margin = 0;  // how many times its tolerance the most deviating value is off
        for (const auto& d : devs) margin = std::max(margin, d.relative / d.tolerance);
        QVERIFY2(margin >= 5, qPrintable(QStringLiteral("only %1x the tolerance").arg(margin)));
    }
};

QTEST_GUILESS_MAIN(TestGolden)  // a QCoreApplication: the child process needs its path
#include "test_golden.moc"
