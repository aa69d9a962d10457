#include "app/gui/pages/experiment_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <limits>
#include <map>
#include <memory>

#include "app/gui/job_runner.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/workspace.h"
#include "core/common/devices.h"
#include "core/common/error.h"
#include "core/store/store.h"
#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"
#include "widgets/metric_plot.h"

namespace layermoe {

namespace {

QSpinBox* spin(int min, int max, int value) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    s->setValue(value);
    return s;
}

QDoubleSpinBox* dspin(double min, double max, double value, int decimals, double step) {
    auto* s = new QDoubleSpinBox;
    s->setRange(min, max);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setValue(value);
    return s;
}

QString folder_name(const QString& name) {
    QString out;
    for (QChar c : name) out += c.isLetterOrNumber() ? c.toLower() : QLatin1Char('-');
    return out.isEmpty() ? QStringLiteral("experiment") : out;
}

// The newest run being trained, to follow live.
std::optional<RunRecord> live_run(Store& store) {
    const auto runs = store.list_runs();
    for (auto it = runs.rbegin(); it != runs.rend(); ++it)
        if (it->status == "running" && (it->kind == "pretrain" || it->kind == "stage1" || it->kind == "stage2")) return *it;
    return std::nullopt;
}

} // namespace

ExperimentPage::ExperimentPage(Session& session, Workspace& workspace, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), session_(session), workspace_(workspace), jobs_(jobs), name_(new QLineEdit),
      layermoe_(new QCheckBox), moe_lpr_(new QCheckBox), dense_(new QCheckBox), layermoe_allocation_(new QLabel),
      status_(new QLabel), stage_label_(new QLabel), uniform_(spin(1, 64, 6)), pretrain_steps_(spin(1, 100000, 120)),
      stage1_steps_(spin(1, 100000, 200)), stage2_steps_(spin(1, 100000, 100)), batch_(spin(1, 4096, 16)),
      eval_docs_(spin(0, 100000, 200)), threads_(spin(0, 512, 0)), lr1_(dspin(1e-6, 1, 1e-3, 5, 1e-4)),
      lr2_(dspin(1e-6, 1, 1e-2, 5, 1e-3)), replay_(dspin(0, 10, 0.5, 2, 0.1)), device_(new QComboBox),
      start_(new QPushButton), resume_(new QPushButton), cancel_(new QPushButton), overall_(new QProgressBar),
      stage_(new QProgressBar), loss_plot_(new MetricPlot), routing_chart_(new ComparisonChart),
      comparison_(new QTableWidget) {
    name_->setText(QStringLiteral("G0 -> G1"));
    for (QCheckBox* b : {layermoe_, moe_lpr_, dense_}) b->setChecked(true);
    for (const auto& d : compute_devices()) device_->addItem(QString::fromStdString(d));
    layermoe_allocation_->setWordWrap(true);
    status_->setWordWrap(true);
    cancel_->setEnabled(false);

    auto* form = new QFormLayout;
    auto row = [&](QWidget* field) {
        auto* label = new QLabel;
        form_labels_.append(label);
        form->addRow(label, field);
    };
    row(name_);
    auto* methods = new QVBoxLayout;
    methods->addWidget(layermoe_);
    methods->addWidget(layermoe_allocation_);
    auto* lpr_row = new QHBoxLayout;
    lpr_row->addWidget(moe_lpr_);
    lpr_row->addWidget(uniform_);
    lpr_row->addStretch();
    methods->addLayout(lpr_row);
    methods->addWidget(dense_);
    auto* methods_box = new QWidget;
    methods_box->setLayout(methods);
    row(methods_box);
    for (QWidget* field : std::initializer_list<QWidget*>{pretrain_steps_, stage1_steps_, stage2_steps_, lr1_, lr2_, batch_,
                                                          replay_, eval_docs_, device_, threads_})
        row(field);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(start_);
    buttons->addWidget(resume_);
    buttons->addWidget(cancel_);
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addLayout(buttons);
    left->addWidget(status_);
    left->addStretch();
    auto* left_widget = new QWidget;
    left_widget->setLayout(left);

    comparison_->verticalHeader()->hide();
    add_table_export_menu(comparison_);
    comparison_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* right = new QVBoxLayout;
    right->addWidget(stage_label_);
    right->addWidget(overall_);
    right->addWidget(stage_);
    auto* plots = new QSplitter(Qt::Vertical);
    plots->addWidget(loss_plot_);
    plots->addWidget(routing_chart_);
    plots->addWidget(comparison_);
    plots->setStretchFactor(0, 3);
    plots->setStretchFactor(1, 2);
    plots->setStretchFactor(2, 2);
    comparison_->hide();  // until an experiment has finished
    right->addWidget(plots, 1);
    auto* right_widget = new QWidget;
    right_widget->setLayout(right);

    auto* split = new QSplitter;
    split->addWidget(left_widget);
    split->addWidget(right_widget);
    split->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(start_, &QPushButton::clicked, this, [this] { start(false); });
    connect(resume_, &QPushButton::clicked, this, [this] { start(true); });
    connect(cancel_, &QPushButton::clicked, &jobs_, &JobRunner::cancel);
    connect(&jobs_, &JobRunner::progress, this, &ExperimentPage::onProgress);
    connect(&workspace_, &Workspace::changed, this, &ExperimentPage::refreshLive);
    connect(&session_, &Session::allocationChosen, this, &ExperimentPage::describeAllocation);
    connect(&session_, &Session::modelChanged, this, [this] { pretrain_steps_->setEnabled(session_.modelFolder().isEmpty()); });
    routing_chart_->setValueLabel(tr("expert-0 routing weight"));
    retranslate();
}

void ExperimentPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ExperimentPage::retranslate() {
    const QStringList labels = {tr("Name"), tr("Methods"), tr("Pretraining steps"), tr("Stage 1 steps"), tr("Stage 2 steps"),
                                tr("Stage 1 learning rate"), tr("Stage 2 learning rate"), tr("Batch"), tr("Replay ratio"),
                                tr("Held-out docs"), tr("Device"), tr("Threads")};
    for (int i = 0; i < form_labels_.size() && i < labels.size(); ++i) form_labels_[i]->setText(labels[i]);
    layermoe_->setText(tr("LayerMoE"));
    moe_lpr_->setText(tr("MoE-LPR, experts per layer:"));
    dense_->setText(tr("Dense (every weight)"));
    replay_->setToolTip(tr("Stage 2: old documents per old language per new document per new language"));
    threads_->setToolTip(tr("0 = all cores"));
    pretrain_steps_->setToolTip(tr("When the data page pretrains a built-in model"));
    start_->setText(tr("Start"));
    resume_->setText(tr("Resume"));
    resume_->setToolTip(tr("Reuse what an interrupted run of this experiment finished and continue the rest"));
    cancel_->setText(tr("Cancel"));
    routing_chart_->setValueLabel(tr("expert-0 routing weight"));
    routing_chart_->setEmptyText(tr("Each MoE layer's expert-0 routing weight appears while a stage trains."));
    if (!jobs_.isRunning()) loss_plot_->setSeries(tr("loss per language"), {}, tr("The loss of the running stage appears here."));
    describeAllocation();
}

void ExperimentPage::describeAllocation() {
    const auto chosen = session_.chosenAllocation();
    if (!chosen) {
        layermoe_allocation_->setText(tr("Allocation: 40% of MoE-LPR's new experts (exact rule, at least 2 per layer, "
                                         "classifiers on the 2 most similar layers); tune it on the allocation page."));
        return;
    }
    layermoe_allocation_->setText(tr("Allocation from the allocation page: budget %1, rule %2, min %3")
                                      .arg(chosen->budget)
                                      .arg(QString::fromStdString(rule_name(chosen->rule)))
                                      .arg(chosen->min_experts));
}

void ExperimentPage::applySettings(const WorkbenchSettings& settings) {
    device_->setCurrentText(settings.device);
    threads_->setValue(settings.threads);
    setSteps(settings.stage1_steps, settings.stage2_steps, settings.pretrain_steps);
}

void ExperimentPage::setSteps(int stage1, int stage2, int pretrain) {
    stage1_steps_->setValue(stage1);
    stage2_steps_->setValue(stage2);
    pretrain_steps_->setValue(pretrain);
}

ExperimentSpec ExperimentPage::spec() const {
    if (!workspace_.isOpen()) throw Error(tr("Open a workspace first (File > Open Workspace).").toStdString());
    if (session_.corpus().isEmpty()) throw Error(tr("Choose a corpus on the data page.").toStdString());
    const auto& groups = session_.groups();
    if (groups.old_langs.empty() || groups.new1.empty())
        throw Error(tr("Give the experiment old and G1 languages on the data page.").toStdString());
    ExperimentSpec s;
    s.name = name_->text().toStdString();
    s.corpus = session_.corpus().toStdString();
    s.workspace = QDir(workspace_.folder()).filePath(QStringLiteral("experiments/") + folder_name(name_->text())).toStdString();
    s.store_file = workspace_.storePath().toStdString();
    s.old_langs = groups.old_langs;
    s.new_langs = groups.new1;
    if (session_.modelFolder().isEmpty()) {
        PretrainJobConfig pre;
        pre.preset = session_.preset().toStdString();
        pre.train.steps = pretrain_steps_->value();
        pre.train.warmup_steps = std::max(1, pretrain_steps_->value() / 10);
        pre.train.eval_every = std::max(1, pretrain_steps_->value() / 6);
        pre.train.checkpoint_every = std::max(1, pretrain_steps_->value() / 4);
        s.pretrain = pre;
    } else {
        s.base_model = session_.modelFolder().toStdString();
    }
    if (layermoe_->isChecked()) {
        ExperimentMethod m{"LayerMoE", ExpansionMethod::LayerMoe, {}};
        if (const auto chosen = session_.chosenAllocation()) {
            m.allocation = *chosen;
        } else {
            const int64_t layers = session_.modelConfig() ? session_.modelConfig()->n_layers : 6;
            m.allocation.rule = AllocationRule::Exact;
            m.allocation.min_experts = 2;
            m.allocation.budget = layers + (layers * (uniform_->value() - 1) * 2) / 5;  // 40% of MoE-LPR's new experts
            m.allocation.classifier_top = 2;
            m.allocation.score_floor = 0.01;
        }
        s.methods.push_back(m);
    }
    if (moe_lpr_->isChecked()) {
        ExperimentMethod m{"MoE-LPR", ExpansionMethod::MoeLpr, {}};
        m.allocation.rule = AllocationRule::Uniform;
        m.allocation.uniform_experts = uniform_->value();
        s.methods.push_back(m);
    }
    if (dense_->isChecked()) s.methods.push_back({"Dense", ExpansionMethod::Dense, {}});
    for (TrainConfig* t : {&s.stage1, &s.stage2}) t->batch_size = batch_->value();
    s.stage1.steps = stage1_steps_->value();
    s.stage2.steps = stage2_steps_->value();
    s.stage1.lr = lr1_->value();
    s.stage2.lr = lr2_->value();
    s.replay_ratio = replay_->value();
    s.eval_documents = eval_docs_->value();
    s.device = device_->currentText().toStdString();
    s.threads = threads_->value();
    s.validate();
    return s;
}

bool ExperimentPage::start(bool resume) {
    ExperimentSpec s;
    try {
        s = spec();
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
        return false;
    }
    auto result = std::make_shared<ExperimentResult>();
    phases_total_ = (s.pretrain ? 1 : 0);
    for (const auto& m : s.methods) phases_total_ += m.method == ExpansionMethod::LayerMoe ? 3 : 2;
    phases_done_ = 0;
    current_phase_.clear();
    overall_->setRange(0, phases_total_);
    overall_->setValue(0);
    const bool started = jobs_.start(tr("Experiment %1").arg(name_->text()), [s, resume, result](const ProgressFn& progress) {
        *result = run_experiment(s, resume, progress);
    });
    if (!started) {
        status_->setText(tr("Another job is running; wait for it or cancel it."));
        return false;
    }
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(&jobs_, &JobRunner::finished, this, [this, result, connection](bool ok, bool cancelled, const QString& error) {
        disconnect(*connection);
        if (ok) last_result_ = *result;
        onFinished(ok, cancelled, error);
    });
    start_->setEnabled(false);
    resume_->setEnabled(false);
    cancel_->setEnabled(true);
    status_->setText(tr("Running..."));
    return true;
}

void ExperimentPage::onProgress(const QString& stage, qint64 done, qint64 total, const QString& message) {
    const bool phase = stage == QStringLiteral("pretrain") || stage == QStringLiteral("stage1") ||
                       stage == QStringLiteral("stage2") || stage == QStringLiteral("analyze");
    if (phase && stage != current_phase_) {
        if (!current_phase_.isEmpty()) ++phases_done_;
        current_phase_ = stage;
        overall_->setValue(std::min(phases_done_, phases_total_));
    }
    stage_label_->setText(tr("%1: %2 of %3 %4").arg(stage).arg(done).arg(total).arg(message));
    stage_->setRange(0, total > 0 ? static_cast<int>(std::min<qint64>(total, INT32_MAX)) : 0);
    stage_->setValue(static_cast<int>(std::min<qint64>(done, INT32_MAX)));
}

void ExperimentPage::onFinished(bool ok, bool cancelled, const QString& error) {
    start_->setEnabled(true);
    resume_->setEnabled(true);
    cancel_->setEnabled(false);
    if (cancelled)
        status_->setText(tr("Cancelled. Checkpoints were kept: Resume continues where it stopped."));
    else if (!ok)
        status_->setText(tr("The experiment failed: %1").arg(error));
    else
        status_->setText(tr("Finished in %1 s.").arg(last_result_->seconds, 0, 'f', 0));
    if (ok) {
        overall_->setValue(phases_total_);
        showComparison(*last_result_);
    }
    refreshLive();
    Q_EMIT experimentFinished(ok, cancelled);
}

void ExperimentPage::showComparison(const ExperimentResult& result) {
    const auto& first = result.rows.front().bpb;
    comparison_->clear();
    comparison_->setRowCount(static_cast<int>(result.rows.size()));
    QStringList headers = {tr("Method"), tr("New experts"), tr("bpb old"), tr("bpb new"), tr("Change old"), tr("Change new")};
    for (const auto& r : first) headers << QString::fromStdString(r.language);
    comparison_->setColumnCount(static_cast<int>(headers.size()));
    comparison_->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < static_cast<int>(result.rows.size()); ++i) {
        const auto& row = result.rows[static_cast<size_t>(i)];
        auto group = [&](const char* g) {
            for (const auto& m : row.means)
                if (m.group == g) return QString::number(m.bits_per_byte, 'f', 4);
            return QString();
        };
        const bool base = row.method == "base";
        QStringList cells = {QString::fromStdString(row.method), base ? QStringLiteral("-") : QString::number(row.new_experts),
                             group("old"), group("G1"), base ? QStringLiteral("-") : QString::number(row.old_change, 'f', 4),
                             base ? QStringLiteral("-") : QString::number(row.new_change, 'f', 4)};
        for (const auto& r : row.bpb) cells << QString::number(r.bits_per_byte, 'f', 4);
        for (int c = 0; c < cells.size(); ++c) comparison_->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
    comparison_->resizeColumnsToContents();
    comparison_->show();
}

void ExperimentPage::refreshLive() {
    Store* store = workspace_.store();
    if (!store) return;
    try {
        const auto run = live_run(*store);
        if (!run) return;
        std::vector<MetricPoint> per_language;
        for (auto& m : store->metrics(run->id, "loss"))
            if (m.language != "all") per_language.push_back(std::move(m));
        loss_plot_->setSeries(tr("loss per language (run %1, %2)").arg(run->id).arg(QString::fromStdString(run->kind)), per_language,
                              tr("Run %1 has logged no loss yet").arg(run->id));
        std::map<int, ComparisonBar> layers;
        for (const auto& m : store->metrics(run->id)) {
            if (m.name.rfind("expert0_weight.layer", 0) != 0) continue;
            const int layer = std::stoi(m.name.substr(std::string("expert0_weight.layer").size()));
            constexpr double kNone = std::numeric_limits<double>::quiet_NaN();  // a group absent from the stage
            auto& bar = layers.try_emplace(layer, ComparisonBar{tr("L%1").arg(layer), kNone, kNone}).first->second;
            (m.language == "old" ? bar.old_value : bar.new_value) = m.value;  // the last step's
        }
        std::vector<ComparisonBar> bars;
        for (auto& [layer, bar] : layers) bars.push_back(bar);
        routing_chart_->setBars(bars);
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

} // namespace layermoe
