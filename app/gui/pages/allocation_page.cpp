#include "app/gui/pages/allocation_page.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QResizeEvent>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>

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

}  // namespace

AllocationPage::AllocationPage(Session& session, Workspace& workspace, QWidget* parent)
    : QWidget(parent), session_(session), workspace_(workspace), budget_slider_(new QSlider(Qt::Horizontal)),
      budget_(new QSpinBox), min_(new QSpinBox), max_(new QSpinBox), top_(new QSpinBox), compare_(new QSpinBox),
      rule_(new QComboBox), classifier_(new QComboBox), threshold_(new QDoubleSpinBox), floor_(new QDoubleSpinBox),
      totals_(new QLabel), budget_label_(new QLabel), rule_label_(new QLabel), min_label_(new QLabel),
      max_label_(new QLabel), classifier_label_(new QLabel), compare_label_(new QLabel), floor_label_(new QLabel),
      use_(new QPushButton), defaults_(new QPushButton), scores_(new ScorePlot), chart_(new AllocationChart) {
    rule_->addItems({QString(), QString()});
    classifier_->addItems({QString(), QString(), QString()});
    // Wide enough for any model: the experts of one layer, and layers.
    min_->setRange(1, 4096);
    max_->setRange(0, 4096);
    top_->setRange(0, 4096);
    top_->setValue(2);
    compare_->setRange(1, 4096);
    compare_->setValue(6);
    threshold_->setRange(-1, 1);
    threshold_->setDecimals(4);
    threshold_->setSingleStep(0.005);
    floor_->setRange(0, 1);
    floor_->setDecimals(4);
    floor_->setSingleStep(0.005);
    totals_->setWordWrap(true);
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    // Two forms side by side on a wide page, one above the other on a narrow one (resizeEvent).
    auto* budget_row = new QHBoxLayout;
    budget_row->addWidget(budget_slider_, 1);
    budget_row->addWidget(budget_);
    auto* classifier_row = new QHBoxLayout;
    classifier_row->addWidget(classifier_, 1);
    classifier_row->addWidget(threshold_);
    classifier_row->addWidget(top_);
    auto* main_form = new QFormLayout;
    main_form->addRow(budget_label_, budget_row);
    main_form->addRow(rule_label_, rule_);
    main_form->addRow(classifier_label_, classifier_row);
    main_form->addRow(floor_label_, floor_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(defaults_);
    buttons->addWidget(use_);
    auto* bounds_form = new QFormLayout;
    bounds_form->addRow(min_label_, min_);
    bounds_form->addRow(max_label_, max_);
    bounds_form->addRow(compare_label_, compare_);
    bounds_form->addRow(buttons);
    controls_ = new QBoxLayout(QBoxLayout::LeftToRight);
    controls_->addLayout(main_form, 3);
    controls_->addLayout(bounds_form, 2);
    plots_ = new QSplitter;
    auto* plots = plots_;
    plots->setChildrenCollapsible(false);
    plots->addWidget(scores_);
    plots->addWidget(chart_);
    plots->setStretchFactor(1, 2);
    // Never squeezed to nothing on a short window: the page scrolls instead.
    for (QWidget* plot : {static_cast<QWidget*>(scores_), static_cast<QWidget*>(chart_)}) plot->setMinimumHeight(220);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls_);
    layout->addWidget(totals_);
    layout->addWidget(plots, 1);

    connect(budget_slider_, &QSlider::valueChanged, budget_, &QSpinBox::setValue);
    connect(budget_, &QSpinBox::valueChanged, budget_slider_, &QSlider::setValue);
    connect(budget_, &QSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QSpinBox* s : {min_, max_, top_, compare_})
        connect(s, &QSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QDoubleSpinBox* s : {threshold_, floor_})
        connect(s, &QDoubleSpinBox::valueChanged, this, &AllocationPage::recompute);
    for (QComboBox* c : {rule_, classifier_})
        connect(c, &QComboBox::currentIndexChanged, this, &AllocationPage::recompute);
    // A control the user changed stops the defaults from following new analyses (the page's own
    // changes block these signals).
    auto touch = [this] { touched_ = true; };
    connect(budget_, &QSpinBox::valueChanged, this, touch);
    for (QSpinBox* s : {min_, max_, top_, compare_}) connect(s, &QSpinBox::valueChanged, this, touch);
    for (QDoubleSpinBox* s : {threshold_, floor_}) connect(s, &QDoubleSpinBox::valueChanged, this, touch);
    for (QComboBox* c : {rule_, classifier_}) connect(c, &QComboBox::currentIndexChanged, this, touch);
    connect(scores_, &ScorePlot::thresholdDragged, this, &AllocationPage::setClassifierThreshold);
    connect(use_, &QPushButton::clicked, this, &AllocationPage::useAllocation);
    connect(defaults_, &QPushButton::clicked, this, &AllocationPage::resetToDefaults);
    connect(&session_, &Session::analysisChanged, this, &AllocationPage::scoresChanged);
    retranslate();
    scoresChanged();
}

void AllocationPage::resizeEvent(QResizeEvent* event) {
    const bool narrow = event->size().width() < 900;
    controls_->setDirection(narrow ? QBoxLayout::TopToBottom : QBoxLayout::LeftToRight);
    plots_->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
    QWidget::resizeEvent(event);
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
    use_->setToolTip(tr("LayerMoE in the experiment page will train exactly these experts per layer"));
    defaults_->setText(tr("Defaults"));
    defaults_->setToolTip(
        tr("The paper's defaults, as in the demo: 40% of MoE-LPR's new experts, exact rule, at least 2 "
           "per layer, classifiers on the 2 most similar layers, score floor 0.01"));
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
    if (!touched_) applyDefaults();
    budget_slider_->setValue(budget_->value());
    recompute();
}

void AllocationPage::applyDefaults() {
    const auto layers = static_cast<int64_t>(session_.scores().size());
    if (layers == 0) return;
    const AllocationConfig d = default_layermoe_allocation(layers, compare_->value());
    {
        const QSignalBlocker b1(budget_slider_), b2(budget_), b3(rule_), b4(min_), b5(max_), b6(classifier_), b7(top_),
            b8(threshold_), b9(floor_);
        rule_->setCurrentIndex(d.rule == AllocationRule::Exact ? 1 : 0);
        budget_->setValue(static_cast<int>(d.budget));
        budget_slider_->setValue(budget_->value());
        min_->setValue(static_cast<int>(d.min_experts));
        max_->setValue(static_cast<int>(d.max_experts));
        classifier_->setCurrentIndex(d.classifier_top         ? TopLayers
                                     : d.classifier_threshold ? ByThreshold
                                                              : NoClassifier);
        if (d.classifier_top) top_->setValue(static_cast<int>(*d.classifier_top));
        if (d.classifier_threshold) threshold_->setValue(*d.classifier_threshold);
        floor_->setValue(d.score_floor);
    }
    touched_ = false;
}

void AllocationPage::resetToDefaults() {
    applyDefaults();
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
    scores_->setThreshold(classifier_->currentIndex() == ByThreshold ? std::optional<double>(threshold_->value())
                                                                     : std::nullopt);
    use_->setEnabled(false);
    if (session_.scores().empty()) {
        allocation_.reset();
        chart_->clear();
        totals_->setText(tr("No similarity yet: run or choose an analysis on the similarity page."));
        return;
    }
    const AllocationConfig c = config();
    QString why = problem(c);
    if (why.isEmpty()) {
        try {
            allocation_ = allocate(session_.scores(), c);
        } catch (const Error& e) {
            // What problem() does not foresee; the core's words, with what to do here.
            why =
                tr("This allocation cannot be made (%1). Change the controls above.").arg(QString::fromUtf8(e.what()));
        }
    }
    if (!why.isEmpty()) {
        allocation_.reset();
        chart_->clear();
        totals_->setText(why);
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

// allocate()'s refusals, said with the page's controls (its own messages name the CLI's flags).
QString AllocationPage::problem(const AllocationConfig& c) const {
    const auto& scores = session_.scores();
    const auto layers = static_cast<int64_t>(scores.size());
    for (const auto& score : scores) {
        if (!std::isfinite(score.s))
            return tr("Layer %1 has no similarity score: run the analysis again on the similarity page.")
                .arg(score.layer);
        if (score.s <= 0 && c.score_floor <= 0)
            return tr("Layer %1 has similarity score %2: its old and new languages share nothing there, and the allocation "
                      "divides by the score. Set a Score floor above 0 (e.g. 0.01) to give such a layer the most experts.")
                .arg(score.layer)
                .arg(score.s, 0, 'g', 4);
    }
    if (c.max_experts > 0 && c.max_experts < c.min_experts)
        return tr("Max per layer (%1) is below Min per layer (%2): raise Max per layer or set it to no limit.")
            .arg(c.max_experts)
            .arg(c.min_experts);
    if (c.budget < layers)
        return tr("A Budget of %1 is below the %2 layers: every layer keeps its original expert, so raise the Budget to at "
                  "least %2.")
            .arg(c.budget)
            .arg(layers);
    if (c.budget < layers * c.min_experts)
        return tr("A Budget of %1 cannot give %2 layers %3 experts each: raise the Budget to at least %4 or lower Min per "
                  "layer.")
            .arg(c.budget)
            .arg(layers)
            .arg(c.min_experts)
            .arg(layers * c.min_experts);
    if (c.rule == AllocationRule::Exact && c.max_experts > 0 && layers * c.max_experts < c.budget)
        return tr("The exact rule spends the whole Budget of %1, but %2 layers of at most %3 experts (Max per layer) hold "
                  "%4: raise Max per layer or lower the Budget.")
            .arg(c.budget)
            .arg(layers)
            .arg(c.max_experts)
            .arg(layers * c.max_experts);
    return {};
}

void AllocationPage::useAllocation() {
    if (!allocation_) return;
    session_.chooseAllocation(*allocation_, session_.analysisRun());
    Q_EMIT allocationUsed();
}

}  // namespace layermoe
