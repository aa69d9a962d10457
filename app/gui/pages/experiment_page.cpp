#include "app/gui/pages/experiment_page.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QThread>
#include <QVBoxLayout>
#include <filesystem>
#include <limits>
#include <map>
#include <memory>

#include "app/gui/job_runner.h"
#include "app/gui/session.h"
#include "app/gui/settings_dialog.h"
#include "app/gui/workspace.h"
#include "core/common/devices.h"
#include "core/common/error.h"
#include "core/io/files.h"
#include "core/model/config.h"
#include "core/report/format.h"
#include "core/store/metric_keys.h"
#include "core/store/store.h"
#include "widgets/comparison_chart.h"
#include "widgets/item_export.h"
#include "widgets/metric_plot.h"
#include "widgets/sci_spin_box.h"

namespace layermoe {

namespace {

QSpinBox* spin(int min, int max, int value) {
    auto* s = new QSpinBox;
    s->setRange(min, max);
    s->setValue(value);
    return s;
}

// Any number typed stays as typed; one outside [min, max] is marked, and spec() refuses it.
SciSpinBox* sci(double min, double max, double value, double step) {
    auto* s = new SciSpinBox;
    s->setAcceptedRange(min, max);
    s->setSingleStep(step);
    s->setValue(value);
    return s;
}

// Layers of the base: the chosen folder's or preset's.
int64_t model_layers(const Session& session) {
    if (const auto config = session.modelConfig()) return config->n_layers;
    return model_preset(session.preset().toStdString()).n_layers;
}

QString numbers(const std::vector<int64_t>& values) {
    QStringList parts;
    for (int64_t v : values) parts << QString::number(v);
    return parts.join(QStringLiteral(", "));
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
        if (it->status == RunStatus::Running && is_training(it->kind)) return *it;
    return std::nullopt;
}

// What showComparison needs of the comparison.json `layermoe experiment` writes (comparison_json,
// core/jobs/experiment_job.h): each row's method, run, experts, parameters and bits per byte per
// language and group. Error naming the file when it cannot be read.
ExperimentResult read_comparison_file(const std::filesystem::path& file) {
    ExperimentResult result;
    try {
        const auto j = nlohmann::json::parse(read_text_file(file));
        auto number = [](const nlohmann::json& v) {
            return v.is_number() ? v.get<double>()
                                 : std::numeric_limits<double>::quiet_NaN();  // NaN is written as null
        };
        result.experiment_run = j.at("experiment_run").get<int64_t>();
        for (const auto& row : j.at("rows")) {
            MethodResult m;
            m.method = row.at("method").get<std::string>();
            m.run_id = row.at("run_id").get<int64_t>();
            m.new_experts = row.at("new_experts").get<int64_t>();
            m.new_parameters = row.at("new_parameters").get<int64_t>();
            m.trainable_parameters = row.at("trainable_parameters").get<int64_t>();
            for (const auto& [language, value] : row.at("bpb").items()) {
                BpbResult r;
                r.language = language;
                r.bits_per_byte = number(value);
                m.bpb.push_back(std::move(r));
            }
            for (const auto& [group, value] : row.at("groups").items()) m.means.push_back({group, number(value)});
            result.rows.push_back(std::move(m));
        }
    } catch (const nlohmann::json::exception& e) {
        throw Error(file.string() + ": " + e.what());
    }
    result.comparison_json = file;
    return result;
}

}  // namespace

ExperimentPage::ExperimentPage(Session& session, Workspace& workspace, JobRunner& jobs, QWidget* parent)
    : QWidget(parent), session_(session), workspace_(workspace), jobs_(jobs), name_(new QLineEdit),
      layermoe_(new QCheckBox), moe_lpr_(new QCheckBox), dense_(new QCheckBox), lifelong_(new QCheckBox),
      layermoe_allocation_(new QLabel),
      // Ranges wide enough for real runs: Qt refuses a keystroke that would leave them.
      status_(new QLabel), stage_label_(new QLabel), uniform_(spin(1, 4096, 6)),
      pretrain_steps_(spin(1, 100'000'000, 1)), stage1_steps_(spin(1, 100'000'000, 1)),
      stage2_steps_(spin(1, 100'000'000, 1)), batch_(spin(1, 1'000'000, 16)), eval_docs_(spin(0, 100'000'000, 200)),
      threads_(spin(0, 4096, 0)), processes_(spin(1, 1024, 1)), seeds_(spin(1, 1000, 1)),
      lr1_(sci(1e-12, 10, default_stage1_config().lr, 1e-4)), lr2_(sci(1e-12, 10, default_stage2_config().lr, 1e-3)),
      replay_(sci(0, 1e6, 0.5, 0.1)), device_(new QComboBox), default_allocation_(new QPushButton),
      start_(new QPushButton), resume_(new QPushButton), cancel_(new QPushButton), overall_(new QProgressBar),
      stage_(new QProgressBar), loss_plot_(new MetricPlot), routing_chart_(new ComparisonChart),
      comparison_(new QTableWidget) {
    name_->setText(QStringLiteral("G0 -> G1"));
    for (QCheckBox* b : {layermoe_, moe_lpr_, dense_}) b->setChecked(true);
    for (const auto& d : compute_devices()) device_->addItem(QString::fromStdString(d));
    // The form starts at the preferences' defaults; applySettings() follows their changes.
    device_->setCurrentIndex(std::max(0, device_->findText(applied_.device)));
    threads_->setValue(applied_.threads);
    processes_->setValue(applied_.processes);
    setSteps(applied_.stage1_steps, applied_.stage2_steps, applied_.pretrain_steps);
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
    auto* allocation_row = new QHBoxLayout;
    allocation_row->addWidget(default_allocation_);
    allocation_row->addStretch();
    methods->addLayout(allocation_row);
    auto* lpr_row = new QHBoxLayout;
    lpr_row->addWidget(moe_lpr_);
    lpr_row->addWidget(uniform_);
    lpr_row->addStretch();
    methods->addLayout(lpr_row);
    methods->addWidget(dense_);
    methods->addWidget(lifelong_);
    auto* methods_box = new QWidget;
    methods_box->setLayout(methods);
    row(methods_box);
    for (QWidget* field :
         std::initializer_list<QWidget*>{pretrain_steps_, stage1_steps_, stage2_steps_, lr1_, lr2_, batch_, replay_,
                                         eval_docs_, device_, threads_, processes_, seeds_})
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
    stage_label_->setWordWrap(true);
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

    // The form scrolls on its own: on a short window its wrapped labels keep the height their
    // text needs (a splitter does not pass height-for-width on, so the page could not know it).
    auto* left_scroll = new QScrollArea;
    left_scroll->setWidget(left_widget);
    left_scroll->setWidgetResizable(true);
    left_scroll->setFrameShape(QFrame::NoFrame);
    left_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    left_scroll_ = left_scroll;
    split_ = new QSplitter;
    auto* split = split_;
    split->addWidget(left_scroll);
    split->addWidget(right_widget);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    right_widget->setMinimumHeight(320);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(start_, &QPushButton::clicked, this, [this] { start(false); });
    connect(resume_, &QPushButton::clicked, this, [this] { start(true); });
    connect(cancel_, &QPushButton::clicked, &jobs_, &JobRunner::cancel);
    connect(&jobs_, &JobRunner::cancelling, this, [this](bool again) {
        if (!running_) return;  // another page's job
        if (!jobs_.isProcess())
            status_->setText(tr("Stopping at the next step; checkpoints are kept."));
        else if (!again)
            status_->setText(tr("Stopping: the processes finish their step and keep a checkpoint. Cancel again "
                                "ends them at once."));
        else
            status_->setText(tr("Ending the processes..."));
    });
    connect(&jobs_, &JobRunner::progress, this, &ExperimentPage::onProgress);
    connect(&workspace_, &Workspace::changed, this, &ExperimentPage::refreshLive);
    connect(&workspace_, &Workspace::opened, this, [this] {
        // Nothing of the previous workspace's runs stays on this page.
        last_result_.reset();
        status_->clear();
        clearLive();
    });
    connect(&session_, &Session::allocationChosen, this, &ExperimentPage::describeAllocation);
    connect(default_allocation_, &QPushButton::clicked, &session_, &Session::clearChosenAllocation);
    connect(uniform_, &QSpinBox::valueChanged, this, &ExperimentPage::describeAllocation);
    connect(&session_, &Session::modelChanged, this, [this] {
        pretrain_steps_->setEnabled(session_.modelFolder().isEmpty());
        describeAllocation();
    });
    routing_chart_->setValueLabel(tr("expert-0 routing weight"));
    retranslate();
    clearLive();
}

void ExperimentPage::resizeEvent(QResizeEvent* event) {
    fitForm(event->size().width());
    QWidget::resizeEvent(event);
}

void ExperimentPage::showEvent(QShowEvent* event) {
    // A page first resized while hidden measured its form before its widgets were polished, too
    // narrow: measured again once shown.
    fitForm(width());
    QWidget::showEvent(event);
}

void ExperimentPage::fitForm(int page_width) {
    // The form keeps the width its labels need; on a narrow page the plots go below it (and the
    // page scrolls) rather than beside it, squeezed.
    const int form =
        left_scroll_->widget()->minimumSizeHint().width() + left_scroll_->verticalScrollBar()->sizeHint().width();
    left_scroll_->setMinimumWidth(form);
    const bool narrow = page_width < form + 360;
    split_->setOrientation(narrow ? Qt::Vertical : Qt::Horizontal);
    left_scroll_->setMinimumHeight(narrow ? 300 : 0);
}

void ExperimentPage::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) retranslate();
    QWidget::changeEvent(event);
}

void ExperimentPage::retranslate() {
    const QStringList labels = {tr("Name"),
                                tr("Methods"),
                                tr("Pretraining steps"),
                                tr("Stage 1 steps"),
                                tr("Stage 2 steps"),
                                tr("Stage 1 learning rate"),
                                tr("Stage 2 learning rate"),
                                tr("Batch"),
                                tr("Replay ratio"),
                                tr("Held-out docs"),
                                tr("Device"),
                                tr("Threads"),
                                tr("Processes"),
                                tr("Seeds")};
    for (int i = 0; i < form_labels_.size() && i < labels.size(); ++i) form_labels_[i]->setText(labels[i]);
    layermoe_->setText(tr("LayerMoE"));
    moe_lpr_->setText(tr("MoE-LPR, experts per layer:"));
    dense_->setText(tr("Dense (every weight)"));
    lifelong_->setText(tr("Then expand each to G2 (lifelong)"));
    lifelong_->setToolTip(
        tr("The paper's second setting: each method's G1 model is expanded again to the G2 languages of the "
           "data page, with G0 and G1 as the old languages; the comparison adds G2 and how much of G1 each "
           "method forgot. Needs G2 languages on the data page."));
    replay_->setHelp(tr("Stage 2: old documents per old language per new document per new language"));
    for (SciSpinBox* lr : {lr1_, lr2_}) lr->setHelp(tr("Plain or scientific notation: 0.0003 or 3e-4"));
    default_allocation_->setText(tr("Use the default allocation"));
    default_allocation_->setToolTip(
        tr("Forget the allocation chosen on the allocation page: analyse the base and allocate "
           "with the defaults"));
    threads_->setToolTip(tr("0 = all cores (shared among the processes when there are several)"));
    processes_->setToolTip(
        tr("1 runs the experiment inside the workbench. More runs it as that many local processes, the "
           "data-parallel ranks of `layermoe experiment --nproc-per-node N`: each trains on its own share of "
           "every step, so the batch is per process and a step trains processes x batch sequences."));
    seeds_->setToolTip(
        tr("Train every method this many times (seeds 1, 2, ...) on the same base; the comparison shows "
           "the mean over the seeds with 95% intervals, and the differences between methods resample the "
           "seeds and the held-out documents together"));
    pretrain_steps_->setToolTip(tr("When the data page pretrains a built-in model"));
    start_->setText(tr("Start"));
    resume_->setText(tr("Resume"));
    resume_->setToolTip(tr("Reuse what an interrupted run of this experiment finished and continue the rest"));
    cancel_->setText(tr("Cancel"));
    overall_->setFormat(tr("Experiment: %v of %m stages done"));
    stage_->setFormat(tr("This stage: %p%"));
    routing_chart_->setValueLabel(tr("expert-0 routing weight"));
    routing_chart_->setEmptyText(tr("Each MoE layer's expert-0 routing weight appears while a stage trains."));
    if (!jobs_.isRunning())
        loss_plot_->setSeries(tr("loss per language"), {}, tr("The loss of the running stage appears here."));
    describeAllocation();
}

void ExperimentPage::describeAllocation() {
    const auto& chosen = session_.chosenAllocation();
    default_allocation_->setVisible(chosen.has_value());
    if (!chosen) {
        AllocationConfig d;
        try {
            d = default_layermoe_allocation(model_layers(session_), uniform_->value());
        } catch (const Error& e) {
            layermoe_allocation_->setText(QString::fromUtf8(e.what()));
            return;
        }
        layermoe_allocation_->setText(
            tr("Allocation: by a new similarity analysis of the base, with the defaults: a budget "
               "of %1 experts (40% of MoE-LPR's new experts), exact rule, at least %2 per layer, "
               "classifiers on the 2 most similar layers, score floor %3. Choose another on the "
               "allocation page.")
                .arg(d.budget)
                .arg(d.min_experts)
                .arg(d.score_floor));
        return;
    }
    std::vector<int64_t> experts, classifiers;
    for (const auto& l : chosen->layers) {
        experts.push_back(l.experts);
        if (l.classifier && l.experts > 1) classifiers.push_back(l.layer);
    }
    const QString classifier_text = classifiers.empty() ? tr("none") : numbers(classifiers);
    const int64_t run = session_.chosenAnalysisRun();
    layermoe_allocation_->setText(
        run > 0 ? tr("Trains the allocation chosen on the allocation page, from analysis run %1: experts per layer %2 "
                     "(%3 new); routing classifiers on layers: %4.")
                      .arg(run)
                      .arg(numbers(experts))
                      .arg(chosen->new_experts)
                      .arg(classifier_text)
                : tr("Trains the allocation chosen on the allocation page: experts per layer %1 (%2 new); routing "
                     "classifiers on layers: %3.")
                      .arg(numbers(experts))
                      .arg(chosen->new_experts)
                      .arg(classifier_text));
}

void ExperimentPage::applySettings(const WorkbenchSettings& settings) {
    // A field follows a preference only when the preference changed and the field still shows
    // the previous one: Preferences > OK never overwrites what was typed here.
    if (settings.device != applied_.device && device_->currentText() == applied_.device) {
        const int index = device_->findText(settings.device);
        if (index >= 0) device_->setCurrentIndex(index);
    }
    auto follow = [](QSpinBox* field, int before, int now) {
        if (now != before && field->value() == before) field->setValue(now);
    };
    follow(threads_, applied_.threads, settings.threads);
    follow(processes_, applied_.processes, settings.processes);
    follow(stage1_steps_, applied_.stage1_steps, settings.stage1_steps);
    follow(stage2_steps_, applied_.stage2_steps, settings.stage2_steps);
    follow(pretrain_steps_, applied_.pretrain_steps, settings.pretrain_steps);
    applied_ = settings;
}

void ExperimentPage::setMethods(bool layermoe, bool moe_lpr, bool dense) {
    layermoe_->setChecked(layermoe);
    moe_lpr_->setChecked(moe_lpr);
    dense_->setChecked(dense);
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
    s.workspace =
        QDir(workspace_.folder()).filePath(QStringLiteral("experiments/") + folder_name(name_->text())).toStdString();
    s.run.store_file = workspace_.storePath().toStdString();
    s.old_langs = groups.old_langs;
    s.new_langs = groups.new1;
    // Lifelong: every method's G1 model is expanded to the data page's G2 in turn.
    if (lifelong_->isChecked()) {
        if (groups.new2.empty())
            throw Error(tr("The lifelong experiment expands to G2: give G2 languages on the data page.").toStdString());
        s.g2_langs = groups.new2;
    }
    if (session_.modelFolder().isEmpty()) {
        PretrainJobConfig pre;
        pre.preset = session_.preset().toStdString();
        pre.train = default_pretrain_config(pretrain_steps_->value());
        s.pretrain = pre;
    } else {
        s.base_model = session_.modelFolder().toStdString();
    }
    const QString lr1_problem = lr1_->outOfRangeMessage(tr("Stage 1 learning rate")),
                  lr2_problem = lr2_->outOfRangeMessage(tr("Stage 2 learning rate")),
                  replay_problem = replay_->outOfRangeMessage(tr("Replay ratio"));
    for (const QString& problem : {lr1_problem, lr2_problem, replay_problem})
        if (!problem.isEmpty()) throw Error(problem.toStdString());
    if (layermoe_->isChecked()) {
        ExperimentMethod m{"LayerMoE", ExpansionMethod::LayerMoe, {}};
        const int64_t layers = model_layers(session_);
        if (const auto& chosen = session_.chosenAllocation()) {
            // Exactly what the allocation page showed, not a new analysis and allocation.
            if (static_cast<int64_t>(chosen->layers.size()) != layers)
                throw Error(
                    tr("The allocation chosen on the allocation page has %1 layers and the model %2: choose one "
                       "from an analysis of this model, or use the default allocation.")
                        .arg(chosen->layers.size())
                        .arg(layers)
                        .toStdString());
            m.allocation = chosen->config;
            m.fixed_allocation = *chosen;
            m.analysis_run = session_.chosenAnalysisRun();
        } else {
            m.allocation = default_layermoe_allocation(layers, uniform_->value());
        }
        s.methods.push_back(m);
    }
    if (moe_lpr_->isChecked()) {
        ExperimentMethod m{"MoE-LPR", ExpansionMethod::MoeLpr, {}};
        m.allocation = default_moe_lpr_allocation(uniform_->value());
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
    s.run.device = device_->currentText().toStdString();
    s.run.threads = threads_->value();
    if (seeds_->value() > 1)
        for (int k = 1; k <= seeds_->value(); ++k) s.seeds.push_back(static_cast<uint64_t>(k));
    s.validate();
    return s;
}

QString ExperimentPage::writeExperimentFile(ExperimentSpec s, int processes) const {
    namespace fs = std::filesystem;
    // A file's relative paths are read against its folder, the form's against this process's.
    s.corpus = fs::absolute(s.corpus);
    if (!s.base_model.empty()) s.base_model = fs::absolute(s.base_model);
    s.workspace = fs::absolute(s.workspace);
    s.run.store_file = fs::absolute(s.run.store_file);
    // "All cores" is shared among the ranks rather than taken by each of them.
    if (s.run.threads <= 0) s.run.threads = std::max(1, QThread::idealThreadCount() / processes);
    const QString folder = QString::fromStdString(s.workspace.string());
    const QString file =
        QDir(folder).filePath(QStringLiteral("experiment-%1.json")
                                  .arg(QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"))));
    fs::create_directories(s.workspace);
    atomic_write_file(file.toStdString(), s.to_file_json().dump(2) + "\n");
    return file;
}

bool ExperimentPage::start(bool resume) {
    ExperimentSpec s;
    try {
        s = spec();
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
        return false;
    }
    const int processes = processes_->value();
    QString program, file;
    if (processes > 1) {
        if (jobs_.isRunning()) {
            status_->setText(tr("Another job is running; wait for it or cancel it."));
            return false;
        }
        QString error;
        program = find_cli_program(&error);
        if (program.isEmpty()) {
            status_->setText(error);
            return false;
        }
        try {
            file = writeExperimentFile(s, processes);
        } catch (const std::exception& e) {
            status_->setText(tr("Cannot write the experiment file: %1").arg(QString::fromUtf8(e.what())));
            return false;
        }
    }
    clearLive();  // the previous run's curves and table are not this one's
    auto result = std::make_shared<ExperimentResult>();
    phases_total_ = (s.pretrain ? 1 : 0);
    // Each method's stages; LayerMoE analyses first unless it trains a chosen allocation.
    for (const auto& m : s.methods)
        phases_total_ += (m.method == ExpansionMethod::LayerMoe && !m.fixed_allocation ? 3 : 2) *
                         static_cast<int>(s.method_seeds().size()) * (s.g2_langs.empty() ? 1 : 2);
    phases_done_ = 0;
    current_phase_.reset();
    overall_->setRange(0, phases_total_);
    overall_->setValue(0);
    overall_->setTextVisible(true);
    stage_->setTextVisible(true);
    const QString title = tr("Experiment %1").arg(name_->text());
    QStringList arguments = {QStringLiteral("experiment"), file};
    if (resume) arguments << QStringLiteral("--resume");
    arguments << QStringLiteral("--nproc-per-node") << QString::number(processes);
    const bool started = processes > 1 ? jobs_.startProcess(title, program, arguments, workspace_.folder())
                                       : jobs_.start(title, [s, resume, result](const ProgressFn& progress) {
                                             *result = run_experiment(s, resume, progress);
                                         });
    if (!started) {
        status_->setText(tr("Another job is running; wait for it or cancel it."));
        return false;
    }
    last_spec_ = s;
    running_ = true;
    run_clock_.start();
    auto connection = std::make_shared<QMetaObject::Connection>();
    *connection = connect(&jobs_, &JobRunner::finished, this,
                          [this, result, connection, processes](bool ok, bool cancelled, QString error) {
                              disconnect(*connection);
                              if (ok && processes > 1) {
                                  // The ranks' result is what rank 0 wrote (docs/scaling.md).
                                  try {
                                      *result = read_comparison_file(last_spec_.workspace / "comparison.json");
                                      result->seconds = static_cast<double>(run_clock_.elapsed()) / 1000.0;
                                  } catch (const Error& e) {
                                      ok = false;
                                      error = QString::fromUtf8(e.what());
                                  }
                              }
                              if (ok) last_result_ = *result;
                              onFinished(ok, cancelled, error);
                          });
    start_->setEnabled(false);
    resume_->setEnabled(false);
    cancel_->setEnabled(true);
    status_->setText(processes > 1 ? tr("Running as %1 processes...").arg(processes) : tr("Running..."));
    return true;
}

void ExperimentPage::onProgress(Stage stage, qint64 done, qint64 total, const QString& message) {
    const bool phase =
        stage == Stage::Pretrain || stage == Stage::Stage1 || stage == Stage::Stage2 || stage == Stage::Analyze;
    if (phase && stage != current_phase_) {
        if (current_phase_) ++phases_done_;
        current_phase_ = stage;
        overall_->setValue(std::min(phases_done_, phases_total_));
    }
    stage_label_->setText(tr("%1: %2 of %3 %4").arg(stage_display_name(stage)).arg(done).arg(total).arg(message));
    stage_->setRange(0, total > 0 ? static_cast<int>(std::min<qint64>(total, INT32_MAX)) : 0);
    stage_->setValue(static_cast<int>(std::min<qint64>(done, INT32_MAX)));
}

void ExperimentPage::onFinished(bool ok, bool cancelled, const QString& error) {
    running_ = false;
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
    // The one comparison model and its cell formats (core/report), as the CLI's table and the
    // results page show them: "-" where a row has no value.
    const Comparison c = experiment_comparison(result, last_spec_);
    auto text = [](const std::string& s) { return QString::fromStdString(s); };
    // A run of `layermoe experiment` left its rows' intervals and seeds in comparison.json (the
    // rows hold no documents to resample); they are in the comparison's order.
    nlohmann::json rows = nlohmann::json::array();
    if (!result.comparison_json.empty()) try {
            rows = nlohmann::json::parse(read_text_file(result.comparison_json)).at("rows");
        } catch (const std::exception&) {
            rows = nlohmann::json::array();
        }
    auto row_interval = [&](size_t i, const std::string& group) -> std::optional<stats::Interval> {
        if (const auto own = c.group_change_interval(i, group)) return own;
        const char* key = group == "old" ? "old_change_interval" : group == "new" ? "new_change_interval" : "";
        if (i >= rows.size() || !*key || !rows[i].contains(key) || !rows[i][key].is_object()) return std::nullopt;
        const auto& j = rows[i][key];
        return stats::Interval{j.value("mean", 0.0), j.value("low", 0.0), j.value("high", 0.0), j.value("units", 0)};
    };
    const bool g2 = c.has_g2();
    const std::vector<std::string> groups =
        g2 ? std::vector<std::string>{"old", "G1", "G2"} : std::vector<std::string>{"old", "new"};
    comparison_->clear();
    comparison_->setRowCount(static_cast<int>(c.runs.size()));
    QStringList headers = {tr("Method"), tr("New experts"), tr("bpb old")};
    if (g2)
        headers << tr("bpb G1") << tr("bpb G2") << tr("Change old (95%)") << tr("Change G1 (95%)")
                << tr("Change G2 (95%)");
    else
        headers << tr("bpb new") << tr("Change old (95%)") << tr("Change new (95%)");
    std::vector<std::string> langs = c.old_langs;
    langs.insert(langs.end(), c.new_langs.begin(), c.new_langs.end());
    for (const auto& l : langs) headers << text(l);
    comparison_->setColumnCount(static_cast<int>(headers.size()));
    comparison_->setHorizontalHeaderLabels(headers);
    for (size_t i = 0; i < c.runs.size(); ++i) {
        const bool base = i == 0;
        const RunSummary& s = c.runs[i];
        const size_t seeds = i < rows.size() && rows[i].contains("seeds") ? rows[i]["seeds"].size() : 1;
        QString label = text(s.label);
        if (seeds > 1) label = tr("%1 (%2 seeds)").arg(label).arg(seeds);
        QStringList cells = {label, base ? text(std::string(kMissing)) : text(format_count(s.new_experts))};
        QStringList tips = {QString(), QString()};
        for (const char* g : {"old", "G1", "G2"}) {
            if (std::string(g) == "G2" && !g2) continue;
            cells << text(format_value(c.group_bpb(i, g)));
            tips << QString();
        }
        for (const auto& g : groups) {
            const auto interval = base ? std::nullopt : row_interval(i, g);
            const double change = g2 ? c.group_change(i, g) : c.mean_change(i, g == "old");
            cells << (base       ? text(std::string(kMissing))
                      : interval ? text(format_interval(interval))
                                 : text(format_change(change)));
            QString tip;
            if (interval) {
                const auto v = stats::verdict(*interval, false);
                tip = v == stats::Verdict::Better  ? tr("Better than the base: the 95% interval lies below 0")
                      : v == stats::Verdict::Worse ? tr("Worse than the base: the 95% interval lies above 0")
                                                   : tr("No clear difference from the base: the 95% interval holds 0");
            }
            tips << tip;
        }
        for (const auto& l : langs) {
            cells << text(format_value(c.language_bpb(i, l)));
            tips << QString();
        }
        for (int col = 0; col < cells.size(); ++col) {
            auto* item = new QTableWidgetItem(cells[col]);
            if (!tips[col].isEmpty()) item->setToolTip(tips[col]);
            comparison_->setItem(static_cast<int>(i), col, item);
        }
    }
    comparison_->resizeColumnsToContents();
    comparison_->show();
}

void ExperimentPage::clearLive() {
    loss_plot_->setSeries(tr("loss per language"), {}, tr("The loss of the running stage appears here."));
    routing_chart_->setBars({});
    comparison_->clear();
    comparison_->setRowCount(0);
    comparison_->setColumnCount(0);
    comparison_->hide();
    stage_label_->clear();
    overall_->setValue(0);
    stage_->setValue(0);
    // Until a run starts there is nothing to count.
    overall_->setTextVisible(false);
    stage_->setTextVisible(false);
}

void ExperimentPage::refreshLive() {
    Store* store = workspace_.store();
    if (!store) return;
    try {
        const auto run = live_run(*store);
        if (!run) return;
        std::vector<MetricPoint> per_language;
        for (auto& m : store->metrics(run->id, metric::kLoss))
            if (m.language != "all") per_language.push_back(std::move(m));
        loss_plot_->setSeries(
            tr("loss per language (run %1, %2)").arg(run->id).arg(QString::fromUtf8(to_string(run->kind).data())),
            per_language, tr("Run %1 has logged no loss yet").arg(run->id));
        std::map<int64_t, ComparisonBar> layers;
        for (const auto& m : store->metrics(run->id)) {
            const auto layer = metric::expert0_weight_layer(m.name);
            if (!layer) continue;
            constexpr double kNone = std::numeric_limits<double>::quiet_NaN();  // a group absent from the stage
            auto& bar = layers.try_emplace(*layer, ComparisonBar{tr("L%1").arg(*layer), kNone, kNone}).first->second;
            (m.language == "old" ? bar.old_value : bar.new_value) = m.value;  // the last step's
        }
        std::vector<ComparisonBar> bars;
        for (auto& [layer, bar] : layers) bars.push_back(bar);
        routing_chart_->setBars(bars);
    } catch (const Error& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

}  // namespace layermoe
