#include "app/gui/pages/allocation_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QGridLayout>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>

#include "app/gui/session.h"
#include "app/gui/workspace.h"
#include "core/common/error.h"
#include "core/store/store.h"
#include "widgets/allocation_chart.h"
#include "widgets/score_plot.h"

namespace layermoe {

namespace {

enum ClassifierMode { NoClassifier, ByThreshold, TopLayers };

QString millions(int64_t n) { return QString::number(static_cast<double>(n) / 1e6, 'f', 2); }

} // namespace

AllocationPage::AllocationPage(Session& session, Workspace& workspace, QWidget* parent)
    : QWidget(parent), session_(session), workspace_(workspace), budget_slider_(new QSlider(Qt::Horizontal)),
      budget_(new QSpinBox), min_(new QSpinBox), max_(new QSpinBox), top_(new QSpinBox), compare_(new QSpinBox),
      rule_(new QComboBox), classifier_(new QComboBox), threshold_(new QDoubleSpinBox), floor_(new QDoubleSpinBox),
      totals_(new QLabel), budget_label_(new QLabel), rule_label_(new QLabel), min_label_(new QLabel),
      max_label_(new QLabel), classifier_label_(new QLabel), compare_label_(new QLabel), floor_label_(new QLabel),
      use_(new QPushButton), scores_(new ScorePlot), chart_(new AllocationChart) {
    rule_->addItems({QString(), QString()});
    classifier_->addItems({QString(), QString(), QString()});
    min_->setRange(1, 64);
    max_->setRange(0, 256);
    top_->setRange(0, 256);
    top_->setValue(2);
    compare_->setRange(1, 64);
    compare_->setValue(6);
    threshold_->setRange(-1, 1);
    threshold_->setDecimals(4);
    threshold_->setSingleStep(0.005);
    floor_->setRange(0, 1);
    floor_->setDecimals(4);
    floor_->setSingleStep(0.005);
    totals_->setWordWrap(true);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* controls = new QGridLayout;
    controls->addWidget(budget_label_, 0, 0);
    controls->addWidget(budget_slider_, 0, 1, 1, 3);
    controls->addWidget(budget_, 0, 4);
    controls->addWidget(rule_label_, 1, 0);
    controls->addWidget(rule_, 1, 1);
    controls->addWidget(min_label_, 1, 2);
    controls->addWidget(min_, 1, 3);
    controls->addWidget(max_label_, 1, 4);
    controls->addWidget(max_, 1, 5);
    controls->addWidget(classifier_label_, 2, 0);
    controls->addWidget(classifier_, 2, 1);
    controls->addWidget(threshold_, 2, 2);
    controls->addWidget(top_, 2, 3);
    controls->addWidget(compare_label_, 2, 4);
    controls->addWidget(compare_, 2, 5);
    controls->addWidget(floor_label_, 3, 0);
    controls->addWidget(floor_, 3, 1);
    controls->addWidget(use_, 3, 5);
    controls->setColumnStretch(1, 1);
    auto* plots = new QSplitter;
    plots->addWidget(scores_);
    plots->addWidget(chart_);
    plots->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(totals_);
    layout->addWidget(plots, 1);

    connect(budget_slider_, &QSlider::valueChanged, budget_, &QSpinBox::setValue);
    connect(budget_, &QSpinBox::valueChanged, budget_slider_, &QSlider::setValue);
    connect(budget_, &QSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QSpinBox* s : {min_, max_, top_, compare_}) connect(s, &QSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QDoubleSpinBox* s : {threshold_, floor_}) connect(s, &QDoubleSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QComboBox* c : {rule_, classifier_}) connect(c, &QComboBox::currentIndexChanged, this, &AllocationPage::recompute);
    connect(scores_, &ScorePlot::thresholdDragged, this, &AllocationPage::setClassifierThreshold);
    connect(use_, &QPushButton::clicked, this, &AllocationPage::useAllocation);
    connect(&session_, &Session::analysisChanged, this, &AllocationPage::scoresChanged);
    retranslate();
    scoresChanged();
}

void AllocationPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void AllocationPage::retranslate() {
    budget_label_->setText(tr("Budget (experts, originals included)"));
    rule_label_->setText(tr("Rule"));
    rule_->setItemText(0, tr("ceil (the paper)"));
    rule_->setItemText(1, tr("exact (sums to the budget)"));
    min_label_->setText(tr("Min per layer"));
    max_label_->setText(tr("Max per layer"));
    max_->setSpecialValueText(tr("no limit"));
    classifier_label_->setText(tr("Routing classifiers"));
    classifier_->setItemText(NoClassifier, tr("none"));
    classifier_->setItemText(ByThreshold, tr("layers with S >= threshold"));
    classifier_->setItemText(TopLayers, tr("the most similar layers"));
    threshold_->setToolTip(tr("Threshold on S; drag the line on the S curve to move it"));
    top_->setToolTip(tr("How many layers of highest S get a classifier"));
    compare_label_->setText(tr("MoE-LPR experts per layer"));
    floor_label_->setText(tr("Score floor"));
    floor_->setSpecialValueText(tr("off"));
    floor_->setToolTip(tr("Scores below it count as it: a layer with S <= 0 then gets the most experts"));
    use_->setText(tr("Use this allocation"));
    use_->setToolTip(tr("LayerMoE in the experiment page will use it"));
    recompute();
}

void AllocationPage::readModelShape() {
    d_model_ = ffn_size_ = 0;
    Store* store = workspace_.store();
    if (!store || session_.analysisRun() == 0) return;
    if (const auto run = store->get_run(session_.analysisRun())) {
        const auto hf = run->config.value("model_config", nlohmann::json::object());
        d_model_ = hf.value("hidden_size", int64_t{0});
        ffn_size_ = hf.value("intermediate_size", int64_t{0});
    }
}

void AllocationPage::scoresChanged() {
    readModelShape();
    const auto& scores = session_.scores();
    const int layers = static_cast<int>(scores.size());
    scores_->setScores(scores);
    const QSignalBlocker b1(budget_slider_), b2(budget_);
    budget_slider_->setRange(std::max(1, layers), std::max(1, layers * 8));
    budget_->setRange(std::max(1, layers), std::max(1, layers * 64));
    if (budget_->value() <= layers) budget_->setValue(layers * 2);
    budget_slider_->setValue(budget_->value());
    recompute();
}

AllocationConfig AllocationPage::config() const {
    AllocationConfig c;
    c.rule = rule_->currentIndex() == 1 ? AllocationRule::Exact : AllocationRule::Ceil;
    c.budget = budget_->value();
    c.min_experts = min_->value();
    c.max_experts = max_->value();
    c.compare_uniform_experts = compare_->value();
    c.score_floor = floor_->value();
    if (classifier_->currentIndex() == ByThreshold) c.classifier_threshold = threshold_->value();
    if (classifier_->currentIndex() == TopLayers) c.classifier_top = top_->value();
    c.d_model = d_model_;
    c.ffn_size = ffn_size_;
    return c;
}

void AllocationPage::setClassifierThreshold(double tau) {
    classifier_->setCurrentIndex(ByThreshold);
    threshold_->setValue(tau);
}

void AllocationPage::setClassifierTop(int c) {
    classifier_->setCurrentIndex(TopLayers);
    top_->setValue(c);
}

void AllocationPage::setMinExperts(int n) { min_->setValue(n); }
void AllocationPage::setScoreFloor(double floor) { floor_->setValue(floor); }

void AllocationPage::recompute() {
    threshold_->setEnabled(classifier_->currentIndex() == ByThreshold);
    top_->setEnabled(classifier_->currentIndex() == TopLayers);
    scores_->setThreshold(classifier_->currentIndex() == ByThreshold ? std::optional<double>(threshold_->value()) : std::nullopt);
    use_->setEnabled(false);
    if (session_.scores().empty()) {
        allocation_.reset();
        chart_->clear();
        totals_->setText(tr("No similarity yet: run or choose an analysis on the similarity page."));
        return;
    }
    try {
        allocation_ = allocate(session_.scores(), config());
    } catch (const Error& e) {
        allocation_.reset();
        chart_->clear();
        totals_->setText(QString::fromUtf8(e.what()));
        return;
    }
    chart_->setAllocation(*allocation_);
    const Allocation& a = *allocation_;
    QString text = tr("LayerMoE: %1 experts, %2 new").arg(a.total_experts).arg(a.new_experts);
    if (a.new_parameters > 0) text += tr(" (%1 M parameters)").arg(millions(a.new_parameters));
    text += tr("; MoE-LPR with %1 per layer: %2 new").arg(a.config.compare_uniform_experts).arg(a.uniform_new_experts);
    if (a.uniform_new_parameters > 0) text += tr(" (%1 M)").arg(millions(a.uniform_new_parameters));
    text += tr("; LayerMoE adds %1% of MoE-LPR's new experts; %2 classifier layers.")
                .arg(100.0 * a.new_experts_vs_uniform, 0, 'f', 1)
                .arg(a.classifier_layers);
    totals_->setText(text);
    use_->setEnabled(true);
}

void AllocationPage::useAllocation() {
    if (!allocation_) return;
    session_.chooseAllocation(allocation_->config);
    Q_EMIT allocationUsed();
}

} // namespace layermoe
