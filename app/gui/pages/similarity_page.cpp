#include "app/gui/pages/similarity_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QResizeEvent>
#include <QSplitter>
#include <QVBoxLayout>
#include <memory>

#include "app/gui/job_runner.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/workspace.h"
#include "core/jobs/analysis_job.h"
#include "core/common/error.h"
#include "core/store/store.h"
#include "widgets/language_matrix.h"
#include "widgets/score_plot.h"
#include "widgets/similarity_heatmap.h"

namespace layermoe {

SimilarityPage::SimilarityPage(Session& session, Workspace& workspace, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), session_(session), workspace_(workspace), jobs_(jobs), analyze_(new QPushButton),
      tokens_(new QSpinBox), split_(new QComboBox), runs_(new QComboBox), kind_(new QComboBox), aligned_(new QCheckBox),
      status_(new QLabel), runs_label_(new QLabel), kind_label_(new QLabel), tokens_label_(new QLabel),
      heatmap_(new SimilarityHeatmap), scores_(new ScorePlot), matrix_(new LanguageMatrixView) {
    tokens_->setRange(100, 1'000'000);
    tokens_->setSingleStep(1000);
    tokens_->setValue(20000);
    // Shown in the interface language; the data is the split's name in core.
    for (const char* split : {"heldout", "train", "all"}) split_->addItem(QString(), QString::fromLatin1(split));
    kind_->addItems({QStringLiteral("mean"), QStringLiteral("aligned")});
    status_->setWordWrap(true);
    // A long analysis name must not widen the page past a small window.
    runs_->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    runs_->setMinimumContentsLength(16);

    // Two rows, so the page fits a small window: what a new analysis reads, then which to show.
    auto* measure = new QHBoxLayout;
    measure->addWidget(analyze_);
    measure->addWidget(tokens_label_);
    measure->addWidget(tokens_);
    measure->addWidget(split_);
    measure->addWidget(aligned_);
    measure->addStretch();
    auto* show = new QHBoxLayout;
    show->addWidget(runs_label_);
    show->addWidget(runs_, 1);
    show->addWidget(kind_label_);
    show->addWidget(kind_);
    auto* controls = new QVBoxLayout;
    controls->addLayout(measure);
    controls->addLayout(show);
    bottom_ = new QSplitter;
    auto* bottom = bottom_;
    bottom->addWidget(scores_);
    bottom->addWidget(matrix_);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(heatmap_);
    // Readable pair labels and curves on a short window: the page scrolls instead.
    heatmap_->setMinimumHeight(220);
    bottom->setMinimumHeight(220);
    bottom->setChildrenCollapsible(false);
    split->setChildrenCollapsible(false);
    split->addWidget(bottom);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(status_);
    layout->addWidget(split, 1);

    connect(analyze_, &QPushButton::clicked, this, &SimilarityPage::analyze);
    connect(runs_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0) showRun(runs_->itemData(index).toLongLong());
    });
    connect(kind_, &QComboBox::currentTextChanged, this, &SimilarityPage::showCurrent);
    connect(heatmap_, &SimilarityHeatmap::layerClicked, this, &SimilarityPage::showLayer);
    connect(scores_, &ScorePlot::layerClicked, this, &SimilarityPage::showLayer);
    connect(&workspace_, &Workspace::opened, this, &SimilarityPage::workspaceOpened);
    retranslate();
}

void SimilarityPage::resizeEvent(QResizeEvent* event) {
    // On a narrow page the curves and the language matrix go one above the other (the page
    // scrolls) rather than side by side, squeezed.
    const bool narrow = event->size().width() < 900;
    bottom_->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
    bottom_->setMinimumHeight(narrow ? 440 : 220);
    QWidget::resizeEvent(event);
}

void SimilarityPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void SimilarityPage::retranslate() {
    analyze_->setText(tr("Analyze"));
    analyze_->setToolTip(tr("Measure the chosen model's per-layer similarity of the old and G1 languages"));
    tokens_label_->setText(tr("Tokens per language"));
    split_->setToolTip(tr("Which documents are read"));
    split_->setItemText(0, tr("held-out documents"));
    split_->setItemText(1, tr("training documents"));
    split_->setItemText(2, tr("all documents"));
    aligned_->setText(tr("Aligned"));
    aligned_->setToolTip(
        tr("Also the aligned similarity: the same sentence in two languages (parallel corpora such as FLORES)"));
    runs_label_->setText(tr("Analysis"));
    kind_label_->setText(tr("Similarity"));
    kind_->setItemText(0, tr("mean"));
    kind_->setItemText(1, tr("aligned"));
}

void SimilarityPage::setTokens(int tokens) { tokens_->setValue(tokens); }

void SimilarityPage::applySettings(const WorkbenchSettings& settings) {
    device_ = settings.device;
    threads_ = settings.threads;
}

void SimilarityPage::setKind(const QString& kind) { kind_->setCurrentIndex(kind == QStringLiteral("aligned") ? 1 : 0); }

bool SimilarityPage::analyze() {
    if (!workspace_.isOpen() || session_.modelFolder().isEmpty() || session_.corpus().isEmpty() ||
        session_.groups().old_langs.empty() || session_.groups().new1.empty()) {
        status_->setText(tr("The analysis needs an open workspace, a model folder, a corpus, and old and G1 languages "
                            "(data page). A built-in model must be pretrained first (experiment page)."));
        return false;
    }
    AnalysisJobConfig cfg;
    cfg.model_dir = session_.modelFolder().toStdString();
    cfg.corpus = session_.corpus().toStdString();
    cfg.old_langs = session_.groups().old_langs;
    cfg.new_langs = session_.groups().new1;
    cfg.split = split_->currentData().toString().toStdString();
    cfg.capture.tokens_select = tokens_->value();
    cfg.aligned = aligned_->isChecked();
    cfg.run.store_file = workspace_.storePath().toStdString();
    cfg.run.device = device_.toStdString();
    cfg.run.threads = threads_;
    auto result = std::make_shared<AnalysisJobResult>();
    if (!jobs_.start(tr("Analysis"),
                     [cfg, result](const ProgressFn& progress) { *result = run_analysis_job(cfg, progress); })) {
        status_->setText(tr("Another job is running; wait for it or cancel it."));
        return false;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(&jobs_, &JobRunner::finished, this,
                          [this, result, connection](bool ok, bool cancelled, const QString& error) {
                              disconnect(*connection);
                              analyze_->setEnabled(true);
                              if (cancelled) status_->setText(tr("Analysis cancelled."));
                              if (!ok) {
                                  if (!cancelled) status_->setText(tr("The analysis failed: %1").arg(error));
                                  return;
                              }
                              status_->setText(tr("Analysed in %1 s.").arg(result->seconds, 0, 'f', 1));
                              reloadRuns();
                              showRun(result->run_id);
                          });
    analyze_->setEnabled(false);
    status_->setText(tr("Analysing..."));
    return true;
}

void SimilarityPage::workspaceOpened() {
    // Nothing of the previous workspace stays on screen or in the session.
    run_ = 0;
    report_.reset();
    old_.clear();
    new_.clear();
    heatmap_->clear();
    matrix_->clear();
    scores_->clear();
    status_->clear();
    session_.setAnalysis(0, {});
    reloadRuns();
}

void SimilarityPage::reloadRuns() {
    Store* store = workspace_.store();
    if (!store) return;
    const QSignalBlocker block(runs_);
    runs_->clear();
    for (const auto& run : store->list_runs())
        if (run.kind == RunKind::Analyze)
            runs_->addItem(tr("run %1: %2").arg(run.id).arg(QString::fromStdString(run.name)),
                           QVariant::fromValue<qlonglong>(run.id));
    if (runs_->count() > 0 && run_ == 0) {
        runs_->setCurrentIndex(runs_->count() - 1);
        showRun(runs_->itemData(runs_->count() - 1).toLongLong());
    }
}

void SimilarityPage::showRun(int64_t run) {
    Store* store = workspace_.store();
    if (!store) return;
    run_ = run;
    old_.clear();
    new_.clear();
    for (const auto& [code, group] : store->run_languages(run)) (group == "old" ? old_ : new_).push_back(code);
    if (old_.empty() || new_.empty()) {  // runs of older versions recorded the groups in their config only
        const auto record = store->get_run(run);
        old_ = record ? record->config.value("old", std::vector<std::string>{}) : std::vector<std::string>{};
        new_ = record ? record->config.value("new", std::vector<std::string>{}) : std::vector<std::string>{};
    }
    const int index = runs_->findData(QVariant::fromValue<qlonglong>(run));
    if (index >= 0 && index != runs_->currentIndex()) {
        const QSignalBlocker block(runs_);
        runs_->setCurrentIndex(index);
    }
    kind_->setEnabled(store->similarity_kinds(run).size() > 1);
    showCurrent();
}

void SimilarityPage::showCurrent() {
    Store* store = workspace_.store();
    if (!store || run_ == 0) return;
    const std::string kind = kind_->currentIndex() == 1 ? "aligned" : "mean";
    try {
        report_ = store->similarity(run_, kind);
        const auto scores = store->layer_scores(run_, kind);
        if (!report_) {
            heatmap_->clear();
            matrix_->clear();
            status_->setText(tr("Run %1 has no %2 similarity.").arg(run_).arg(QString::fromStdString(kind)));
            return;
        }
        heatmap_->setReport(*report_, old_, new_);
        scores_->setScores(scores);
        scores_->setAlignedScores(kind == "mean" ? store->layer_scores(run_, "aligned") : std::vector<LayerScore>{});
        showLayer(std::min<int>(layer_, static_cast<int>(report_->layers.size()) - 1));
        if (kind == "mean") session_.setAnalysis(run_, scores);
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

void SimilarityPage::showLayer(int layer) {
    if (!report_ || layer < 0 || layer >= static_cast<int>(report_->layers.size())) return;
    layer_ = layer;
    matrix_->setMatrix(report_->layers[static_cast<size_t>(layer)], report_->kind);
}

}  // namespace layermoe
