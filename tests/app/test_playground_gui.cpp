// Generation and routing as a user meets them, on the workspace of a real (small) experiment the
// CLI ran: `layermoe generate` prints text and, with --json, every token's experts, and gives the
// same tokens from the base exported as a Hugging Face folder; the playground's three default
// models (base, LayerMoE, MoE-LPR) generate side by side through the window's widgets, the
// LayerMoE column's text and routing strip agree with the CLI's; Stop ends a long generation at
// once; `layermoe routes`, run beside the open window, records a run whose heat map appears on the
// Results page's Routes tab with the CLI's numbers; bad options are one-line errors.
#include <QtTest>

#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QTextEdit>
#include <cmath>

#include "app/gui/job_runner.h"
#include "app/gui/main_window.h"
#include "app/gui/pages/playground_page.h"
#include "app/gui/pages/results_page.h"
#include "app/gui/workspace.h"
#include "cli_test_util.h"
#include "gui_test_util.h"
#include "core/store/store.h"
#include "widgets/routes_heatmap.h"
#include "widgets/routing_strip.h"
#include "widgets/runs_table_model.h"

using namespace layermoe;

namespace {

const QString kPrompt = QStringLiteral("το νερό του σπιτιού");

QJsonObject json_of(const Result& r) { return QJsonDocument::fromJson(r.out).object(); }

}  // namespace

class TestPlaygroundGui : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        qputenv("LAYERMOE_NO_DIALOGS", "1");
        QCoreApplication::setOrganizationName(QStringLiteral("LayerMoE-test-playground"));
        write_corpus(corpus_.path());
        const QString spec = dir_.path() + QStringLiteral("/spec.json");
        QFile f(spec);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QStringLiteral(R"({
  "name": "playground", "corpus": "%1", "workspace": "ws",
  "pretrain": {"preset": "tiny", "steps": 30, "batch": 4, "warmup": 2},
  "old": ["eng", "spa"], "new": ["ell", "tur"],
  "methods": [
    {"name": "LayerMoE", "method": "layermoe", "budget": 4, "min": 2, "classifier_top": 1, "score_floor": 0.01},
    {"name": "MoE-LPR", "method": "moe-lpr", "uniform": 2}
  ],
  "stage1": {"steps": 8, "batch": 4}, "stage2": {"steps": 4, "batch": 4},
  "analysis_tokens": 300, "eval_documents": 5, "threads": 1
})")
                    .arg(corpus_.path())
                    .toUtf8());
        f.close();
        const auto r = run_cli({QStringLiteral("experiment"), spec, QStringLiteral("--json")}, 300000);
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        workspace_ = dir_.path() + QStringLiteral("/ws");
        layermoe_ = workspace_ + QStringLiteral("/models/layermoe/stage2");
        QVERIFY2(QFile::exists(layermoe_ + QStringLiteral("/config.json")), qPrintable(layermoe_));
    }

    // The CLI: streamed text and tokens/s; --json with each token's routing per MoE layer;
    // --compare runs the same prompt on more models; a seed repeats a sample.
    void cli_generate() {
        const auto text = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), layermoe_, QStringLiteral("--prompt"),
                                   kPrompt, QStringLiteral("--max-new"), QStringLiteral("12")});
        QVERIFY2(text.exit_code == 0, qPrintable(describe(text)));
        QVERIFY2(QString::fromUtf8(text.out).contains(kPrompt), qPrintable(describe(text)));
        QVERIFY2(text.out.contains("tokens/s"), qPrintable(describe(text)));
        QVERIFY2(text.out.contains("routing class per layer"), qPrintable(describe(text)));

        const QStringList sampled = {QStringLiteral("generate"), QStringLiteral("--model"), layermoe_,
                                     QStringLiteral("--compare"), workspace_ + QStringLiteral("/models/base"),
                                     QStringLiteral("--prompt"), kPrompt, QStringLiteral("--max-new"),
                                     QStringLiteral("16"), QStringLiteral("--temperature"), QStringLiteral("1.2"),
                                     QStringLiteral("--top-p"), QStringLiteral("0.95"), QStringLiteral("--seed"),
                                     QStringLiteral("7"), QStringLiteral("--json")};
        const auto a = run_cli(sampled), b = run_cli(sampled);
        QVERIFY2(a.exit_code == 0, qPrintable(describe(a)));
        const auto models = json_of(a)[QStringLiteral("models")].toArray();
        QCOMPARE(models.size(), 2);
        const auto g = models[0].toObject()[QStringLiteral("generations")].toArray()[0].toObject();
        const auto tokens = g[QStringLiteral("tokens")].toArray();
        QVERIFY(!tokens.isEmpty());
        const auto routing = tokens[0].toObject()[QStringLiteral("routing")].toArray();
        QVERIFY(!routing.isEmpty());
        bool classifier_seen = false;
        for (const auto& layer : routing) {
            const auto l = layer.toObject();
            double sum = 0;
            for (const auto& w : l[QStringLiteral("weights")].toArray()) sum += w.toDouble();
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
            if (l.contains(QStringLiteral("class"))) {
                classifier_seen = true;
                // The class each token keeps is the one decided on the prompt.
                QCOMPARE(l[QStringLiteral("class")].toInt(),
                         g[QStringLiteral("classes")].toObject()[QString::number(l[QStringLiteral("layer")].toInt())].toInt());
            }
        }
        QVERIFY(classifier_seen);
        // The base model is dense: no routing.
        const auto base = models[1].toObject()[QStringLiteral("generations")].toArray()[0].toObject();
        QVERIFY(!base[QStringLiteral("tokens")].toArray()[0].toObject().contains(QStringLiteral("routing")));
        // The same seed, the same sample.
        QCOMPARE(g[QStringLiteral("text")].toString(),
                 json_of(b)[QStringLiteral("models")].toArray()[0].toObject()[QStringLiteral("generations")].toArray()[0]
                     .toObject()[QStringLiteral("text")]
                     .toString());

        // A Hugging Face folder (the base exported: tokenizer.json, HF config) gives the same text.
        const QString hf = dir_.path() + QStringLiteral("/hf-base");
        const auto exported = run_cli({QStringLiteral("export"), QStringLiteral("--model"),
                                       workspace_ + QStringLiteral("/models/base"), QStringLiteral("--out"), hf});
        QVERIFY2(exported.exit_code == 0, qPrintable(describe(exported)));
        QVERIFY(QFile::exists(hf + QStringLiteral("/tokenizer.json")));
        const auto greedy = [&](const QString& model) {
            const auto r = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), model, QStringLiteral("--prompt"),
                                    kPrompt, QStringLiteral("--max-new"), QStringLiteral("16"), QStringLiteral("--json")});
            [&] { QVERIFY2(r.exit_code == 0, qPrintable(describe(r))); }();
            return json_of(r)[QStringLiteral("models")].toArray()[0].toObject()[QStringLiteral("generations")]
                .toArray()[0]
                .toObject()[QStringLiteral("tokens")]
                .toArray();
        };
        const auto from_hf = greedy(hf);
        QVERIFY(!from_hf.isEmpty());
        QCOMPARE(from_hf, greedy(workspace_ + QStringLiteral("/models/base")));

        // Bad input: one line naming the problem, before any work.
        const auto bad = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), layermoe_, QStringLiteral("--prompt"),
                                  kPrompt, QStringLiteral("--top-p"), QStringLiteral("1.5")});
        QVERIFY(bad.exit_code != 0);
        QVERIFY2(bad.err.contains("top-p: 1.5 must be in (0, 1]"), qPrintable(describe(bad)));
        QCOMPARE(bad.err.trimmed().count('\n'), 0);
        const auto missing = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), dir_.path() + QStringLiteral("/none"),
                                      QStringLiteral("--prompt"), kPrompt});
        QVERIFY(missing.exit_code != 0);
        QVERIFY2(missing.err.contains("none"), qPrintable(describe(missing)));
        const auto dense_routes = run_cli({QStringLiteral("routes"), QStringLiteral("--model"),
                                           workspace_ + QStringLiteral("/models/base"), QStringLiteral("--corpus"),
                                           corpus_.path(), QStringLiteral("--langs"), QStringLiteral("eng,ell"),
                                           QStringLiteral("--store"), QString()});
        QVERIFY(dense_routes.exit_code != 0);
        QVERIFY2(dense_routes.err.contains("a dense model routes nothing"), qPrintable(describe(dense_routes)));
        const auto few = run_cli({QStringLiteral("routes"), QStringLiteral("--model"), layermoe_, QStringLiteral("--corpus"),
                                  corpus_.path(), QStringLiteral("--langs"), QStringLiteral("eng,ell"),
                                  QStringLiteral("--tokens"), QStringLiteral("0"), QStringLiteral("--store"), QString()});
        QVERIFY(few.exit_code != 0);
        QVERIFY2(few.err.contains("tokens: 0 must be at least 2"), qPrintable(describe(few)));

        // A file of prompts, one a line, generated as one batch.
        const QString prompts = dir_.path() + QStringLiteral("/prompts.txt");
        {
            QFile file(prompts);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write((QStringLiteral("the river\n\n") + kPrompt + QStringLiteral("\n")).toUtf8());
        }
        const auto batch = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), layermoe_, QStringLiteral("--prompts"),
                                    prompts, QStringLiteral("--max-new"), QStringLiteral("8"), QStringLiteral("--json")});
        QVERIFY2(batch.exit_code == 0, qPrintable(describe(batch)));
        const auto gens = json_of(batch)[QStringLiteral("models")].toArray()[0].toObject()[QStringLiteral("generations")].toArray();
        QCOMPARE(gens.size(), 2);
        QCOMPARE(gens[1].toObject()[QStringLiteral("prompt")].toString(), kPrompt);
    }

    // The playground's default models generate side by side; the LayerMoE column shows the text and
    // the routing the CLI gives for the same prompt (greedy).
    void playground_generates_side_by_side() {
        MainWindow window;
        window.resize(1400, 900);
        QVERIFY(window.openWorkspace(workspace_));
        window.show();
        window.showPage(MainWindow::Playground);
        auto* page = window.playgroundPage();
        QCOMPARE(page->modelBox(0)->currentText(), QStringLiteral("base"));
        QCOMPARE(page->modelBox(1)->currentText(), QStringLiteral("layermoe/stage2"));
        QCOMPARE(page->modelBox(2)->currentText(), QStringLiteral("moe-lpr/stage2"));
        page->promptEdit()->setFocus();
        page->promptEdit()->insertPlainText(kPrompt);  // as typed (keyClicks knows ASCII only)
        type_into(page->maxNewSpin(), QStringLiteral("20"));
        QSignalSpy finished(page, &PlaygroundPage::generationFinished);
        QTest::mouseClick(page->generateButton(), Qt::LeftButton);
        QVERIFY(page->stopButton()->isEnabled());
        QVERIFY(finished.wait(60000));
        QCOMPARE(page->statusLabel()->text(), QStringLiteral("Done."));
        for (int c = 0; c < PlaygroundPage::kColumns; ++c) {
            QVERIFY2(page->output(c)->toPlainText().startsWith(kPrompt), qPrintable(page->output(c)->toPlainText()));
            QVERIFY2(page->speedLabel(c)->text().contains(QStringLiteral("tokens/s")),
                     qPrintable(page->speedLabel(c)->text()));
            QVERIFY(page->strip(c)->tokenCount() > 0);
        }
        QVERIFY(page->strip(0)->layers().empty());  // the base is dense
        QVERIFY(!page->strip(1)->layers().empty());
        QVERIFY(!page->strip(2)->layers().empty());
        QVERIFY(page->speedLabel(1)->text().contains(QStringLiteral("routing class")));
        // Hovering a cell tells the token's experts and weights in every layer.
        const QString tip = page->strip(1)->toolTipAt(0);
        QVERIFY2(tip.contains(QStringLiteral("layer ")) && tip.contains(QStringLiteral("expert ")), qPrintable(tip));
        int token = -1, row = -1;
        QVERIFY(page->strip(1)->cellAt(QPoint(40, 2), &token, &row));
        QCOMPARE(token, 0);
        QCOMPARE(row, 0);

        // The CLI, greedy on the same prompt: the same text, and each token's top expert per layer.
        const auto cli = run_cli({QStringLiteral("generate"), QStringLiteral("--model"), layermoe_, QStringLiteral("--prompt"),
                                  kPrompt, QStringLiteral("--max-new"), QStringLiteral("20"), QStringLiteral("--json")});
        QVERIFY2(cli.exit_code == 0, qPrintable(describe(cli)));
        const auto g = json_of(cli)[QStringLiteral("models")].toArray()[0].toObject()[QStringLiteral("generations")]
                           .toArray()[0]
                           .toObject();
        QCOMPARE(page->output(1)->toPlainText(), kPrompt + g[QStringLiteral("text")].toString());
        const auto tokens = g[QStringLiteral("tokens")].toArray();
        QCOMPARE(page->strip(1)->tokenCount(), tokens.size());
        for (int t = 0; t < tokens.size(); ++t) {
            const auto routing = tokens[t].toObject()[QStringLiteral("routing")].toArray();
            for (int r = 0; r < routing.size(); ++r) {
                const auto l = routing[r].toObject();
                const auto experts = l[QStringLiteral("experts")].toArray();
                const auto weights = l[QStringLiteral("weights")].toArray();
                int best = 0;
                for (int i = 1; i < weights.size(); ++i)
                    if (weights[i].toDouble() > weights[best].toDouble()) best = i;
                QCOMPARE(page->strip(1)->topExpert(t, r), static_cast<int64_t>(experts[best].toInt()));
            }
        }
        window.resize(800, 560);
        QTest::qWait(100);
        QVERIFY(!window.grab().isNull());
    }

    // Stop ends a long generation at the next token; the page is ready for the next one.
    void stop_ends_generation() {
        // A model of the `small` preset (a context of 256 tokens; one training step is enough to
        // generate with) in the workspace's models folder: a generation long enough to stop.
        const auto pretrain = run_cli({QStringLiteral("pretrain"), QStringLiteral("--corpus"), corpus_.path(),
                                       QStringLiteral("--langs"), QStringLiteral("eng,spa"), QStringLiteral("--preset"),
                                       QStringLiteral("small"), QStringLiteral("--steps"), QStringLiteral("1"),
                                       QStringLiteral("--batch"), QStringLiteral("2"), QStringLiteral("--warmup"),
                                       QStringLiteral("1"), QStringLiteral("--eval-every"), QStringLiteral("0"),
                                       QStringLiteral("--checkpoint-every"), QStringLiteral("0"), QStringLiteral("--out"),
                                       workspace_ + QStringLiteral("/models/long"), QStringLiteral("--store"), QString()});
        QVERIFY2(pretrain.exit_code == 0, qPrintable(describe(pretrain)));
        MainWindow window;
        QVERIFY(window.openWorkspace(workspace_));
        window.show();
        window.showPage(MainWindow::Playground);
        auto* page = window.playgroundPage();
        page->modelBox(0)->setCurrentText(QStringLiteral("long"));
        QCOMPARE(page->modelBox(0)->currentText(), QStringLiteral("long"));
        page->promptEdit()->setPlainText(QStringLiteral("a"));
        page->maxNewSpin()->setValue(4000);  // past the context: stops there at the latest
        QSignalSpy finished(page, &PlaygroundPage::generationFinished);
        QVERIFY(page->generate());
        QTRY_VERIFY_WITH_TIMEOUT(page->strip(0)->tokenCount() >= 3, 30000);
        QTest::mouseClick(page->stopButton(), Qt::LeftButton);
        QVERIFY(finished.wait(30000));
        QCOMPARE(page->statusLabel()->text(), QStringLiteral("Stopped."));
        QVERIFY2(page->speedLabel(0)->text().contains(QStringLiteral("stopped")), qPrintable(page->speedLabel(0)->text()));
        QVERIFY(page->strip(0)->tokenCount() < 250);
        QCOMPARE(page->strip(1)->tokenCount(), 0);  // the other models never started
        QCOMPARE(page->strip(2)->tokenCount(), 0);
        QVERIFY(!window.jobs().isRunning());
        QVERIFY(page->generateButton()->isEnabled());
        QVERIFY(!page->stopButton()->isEnabled());
    }

    // `layermoe routes` beside the open window: its run appears, and the Routes tab shows its numbers.
    void routes_tab_shows_the_cli_run() {
        MainWindow window;
        window.resize(1400, 900);
        QVERIFY(window.openWorkspace(workspace_));
        window.show();
        window.workspace().setPollInterval(100);
        const QString csv = dir_.path() + QStringLiteral("/routes.csv");
        const auto r = run_cli({QStringLiteral("routes"), QStringLiteral("--model"), layermoe_, QStringLiteral("--corpus"),
                                corpus_.path(), QStringLiteral("--langs"), QStringLiteral("ell,eng,tur,spa"),
                                QStringLiteral("--tokens"), QStringLiteral("1500"), QStringLiteral("--store"),
                                window.workspace().storePath(), QStringLiteral("--csv"), csv, QStringLiteral("--json")});
        QVERIFY2(r.exit_code == 0, qPrintable(describe(r)));
        const auto json = json_of(r);
        const int run = json[QStringLiteral("run_id")].toInt();
        QVERIFY(run > 0);
        QVERIFY(QFile::exists(csv));
        auto* results = window.resultsPage();
        window.showPage(MainWindow::Results);
        // The window polls the store: the CLI's run appears without reopening.
        QTRY_VERIFY_WITH_TIMEOUT(results->runs()->rowOf(run) >= 0, 10000);
        results->selectRun(run);
        results->showRoutesTab();
        auto* map = results->routesHeatmap();
        // Old languages first, as the model's groups say.
        QCOMPARE(map->languageLabels(), (QStringList{QStringLiteral("eng (old)"), QStringLiteral("spa (old)"),
                                                     QStringLiteral("ell (G1)"), QStringLiteral("tur (G1)")}));
        const auto layers = json[QStringLiteral("layers")].toArray();
        QCOMPARE(results->routesLayerBox()->count(), layers.size() + 1);  // and "all layers"
        QCOMPARE(map->layerIndex(), -1);
        for (int l = 0; l < layers.size(); ++l) {
            const auto share = layers[l].toObject()[QStringLiteral("share")].toObject();
            for (int i = 0; i < 4; ++i) {
                const auto row = share[QString::fromStdString(map->table().languages[static_cast<size_t>(i)].code)].toArray();
                double sum = 0;
                for (int e = 0; e < row.size(); ++e) {
                    QCOMPARE(map->cell(l, i, e), row[e].toDouble());
                    sum += map->cell(l, i, e);
                }
                QVERIFY(std::abs(sum - 1.0) < 1e-6);
            }
        }
        // One layer alone; hovering tells the language, the expert and the share.
        results->routesLayerBox()->setCurrentIndex(layers.size());
        QCOMPARE(map->layerIndex(), static_cast<int>(layers.size()) - 1);
        const QString tip = map->toolTipAt(map->layerIndex(), 2, 1);
        QVERIFY2(tip.contains(QStringLiteral("ell")) && tip.contains(QStringLiteral("expert 1")), qPrintable(tip));
        int layer = -1, language = -1, expert = -1;
        QVERIFY(map->cellAt(QPoint(115, 45), &layer, &language, &expert));
        QCOMPARE(language, 0);
        QCOMPARE(expert, 0);
        // The tab says what to do when no routes run is chosen.
        results->selectRuns({});
        QVERIFY(results->routesNote()->text().contains(QStringLiteral("layermoe routes")));
        QVERIFY(map->table().empty());
    }

private:
    QTemporaryDir dir_, corpus_;
    QString workspace_, layermoe_;
};

QTEST_MAIN(TestPlaygroundGui)
#include "test_playground_gui.moc"
