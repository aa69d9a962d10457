// Base pretraining: the schedule, determinism, gradient accumulation, learning, and resuming
// from a checkpoint continuing the same curve.
#include <QtTest>

#include "core/common/error.h"
#include "core/data/packing.h"
#include "core/data/tokenizer.h"
#include "core/train/trainer.h"

using namespace layermoe;

namespace {

struct Fixture {
    ByteTokenizer tok;
    std::vector<std::string> eng, spa;
    PackedBlocks blocks;
    Fixture() {
        for (int i = 0; i < 40; ++i) {
            eng.push_back("the river runs north to the market number " + std::to_string(i));
            spa.push_back("el agua de la casa en el norte numero " + std::to_string(i * 7));
        }
        PackOptions opts;
        opts.block_len = 65;
        blocks = pack_documents({{"eng", &eng}, {"spa", &spa}}, tok, opts);
    }
};

TrainConfig tiny_train(int64_t steps) {
    TrainConfig c;
    c.steps = steps;
    c.batch_size = 4;
    c.lr = 3e-3;
    c.warmup_steps = 2;
    c.threads = 1;
    c.seed = 5;
    return c;
}

LanguageModel fresh_model(uint64_t seed) {
    LanguageModel m(model_preset("tiny"));
    m->init_weights(seed);
    return m;
}

std::vector<double> losses(const std::vector<StepRecord>& h) {
    std::vector<double> out;
    for (const auto& r : h) out.push_back(r.loss);
    return out;
}

}  // namespace

class TestTrain : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void schedule_warms_up_then_decays() {
        TrainConfig c;
        c.steps = 100;
        c.warmup_steps = 10;
        c.lr = 1.0;
        c.min_lr_ratio = 0.1;
        QCOMPARE(learning_rate_at(c, 0), 0.1);
        QCOMPARE(learning_rate_at(c, 9), 1.0);
        QCOMPARE(learning_rate_at(c, 10), 1.0);
        QVERIFY(std::abs(learning_rate_at(c, 55) - 0.55) < 1e-12);  // cosine midpoint
        QVERIFY(std::abs(learning_rate_at(c, 100) - 0.1) < 1e-12);
        for (int s = 11; s < 100; ++s) QVERIFY(learning_rate_at(c, s) <= learning_rate_at(c, s - 1));
    }

    void same_seed_same_curve_and_it_learns() {
        Fixture f;
        Trainer a(fresh_model(1), f.blocks, f.tok, tiny_train(30));
        Trainer b(fresh_model(1), f.blocks, f.tok, tiny_train(30));
        const auto ra = a.run({});
        const auto rb = b.run({});
        QCOMPARE(losses(ra.history), losses(rb.history));
        QVERIFY2(ra.history.back().loss < 0.6 * ra.history.front().loss,
                 qPrintable(QStringLiteral("%1 -> %2").arg(ra.history.front().loss).arg(ra.history.back().loss)));
        auto other = tiny_train(30);
        other.seed = 6;
        Trainer c(fresh_model(1), f.blocks, f.tok, other);
        QVERIFY(losses(c.run({}).history) != losses(ra.history));
    }

    // Two micro-batches of 2 give the same first step as one batch of 4.
    void gradient_accumulation_matches_one_batch() {
        Fixture f;
        auto one = tiny_train(1);
        auto two = tiny_train(1);
        two.batch_size = 2;
        two.grad_accum = 2;
        LanguageModel ma = fresh_model(2), mb = fresh_model(2);
        Trainer a(ma, f.blocks, f.tok, one);
        Trainer b(mb, f.blocks, f.tok, two);
        const auto ra = a.run({});
        const auto rb = b.run({});
        // Adam's first step is scale-free, so the loss pins the normalisation and the weights the direction.
        QVERIFY(std::abs(ra.history[0].loss - rb.history[0].loss) < 1e-6 * ra.history[0].loss);
        QCOMPARE(ra.history[0].tokens, rb.history[0].tokens);
        auto pa = ma->parameters(), pb = mb->parameters();
        for (size_t i = 0; i < pa.size(); ++i) {
            const double diff = (pa[i] - pb[i]).abs().max().item<double>();
            QVERIFY2(diff < 1e-5, qPrintable(QStringLiteral("parameter %1 differs by %2").arg(i).arg(diff)));
        }
    }

    // Stop a run after its step-12 checkpoint (at step 14), resume from the checkpoint: the
    // curve from step 13 on equals the uninterrupted run's.
    void resume_continues_the_same_curve() {
        Fixture f;
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        Trainer straight(fresh_model(4), f.blocks, f.tok, tiny_train(16));
        const auto full = straight.run({});

        auto cfg = tiny_train(16);
        cfg.checkpoint_every = 4;
        Trainer first(fresh_model(4), f.blocks, f.tok, cfg);
        TrainCallbacks stop_at_14;
        stop_at_14.progress = [](const Progress& p) { return p.done < 14; };
        const auto partial = first.run(stop_at_14, root);
        QVERIFY(partial.stopped);
        QCOMPARE(partial.steps_done, int64_t{14});
        const auto ckpt = latest_checkpoint(root);
        QCOMPARE(QString::fromStdString(ckpt.filename().string()), QStringLiteral("step-000012"));
        QVERIFY(!std::filesystem::exists(root / "step-000004"));  // only the last two are kept
        QVERIFY(std::filesystem::exists(root / "step-000008"));
        QVERIFY(std::filesystem::exists(root / "step-000012"));

        Trainer resumed(fresh_model(99), f.blocks, f.tok, cfg);  // other init: the checkpoint must overwrite it
        resumed.resume_from(ckpt);
        QCOMPARE(resumed.step(), int64_t{12});
        const auto rest = resumed.run({});
        QCOMPARE(rest.history.size(), size_t{16});
        for (size_t i = 0; i < 16; ++i)
            QVERIFY2(std::abs(rest.history[i].loss - full.history[i].loss) <= 1e-6 * full.history[i].loss,
                     qPrintable(QStringLiteral("step %1: %2 vs %3")
                                    .arg(i + 1)
                                    .arg(rest.history[i].loss)
                                    .arg(full.history[i].loss)));
    }

    void resume_with_other_settings_is_refused() {
        Fixture f;
        QTemporaryDir dir;
        const std::filesystem::path ckpt = std::filesystem::path(dir.path().toStdString()) / "step-000001";
        Trainer t(fresh_model(1), f.blocks, f.tok, tiny_train(1));
        t.run({});
        t.save_checkpoint(ckpt);
        auto other = tiny_train(4);
        other.seed = 77;
        Trainer u(fresh_model(1), f.blocks, f.tok, other);
        QVERIFY_THROWS_EXCEPTION(Error, u.resume_from(ckpt));
        QVERIFY_THROWS_EXCEPTION(Error, u.resume_from(ckpt.parent_path() / "missing"));
    }

    void bad_config_is_an_error() {
        Fixture f;
        auto c = tiny_train(0);
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(fresh_model(1), f.blocks, f.tok, c));
        c = tiny_train(5);
        c.lr = -1;
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(fresh_model(1), f.blocks, f.tok, c));
        c = tiny_train(5);
        c.device = "tpu";
        QVERIFY_THROWS_EXCEPTION(Error, Trainer(fresh_model(1), f.blocks, f.tok, c));
    }
};

QTEST_APPLESS_MAIN(TestTrain)
#include "test_train.moc"
