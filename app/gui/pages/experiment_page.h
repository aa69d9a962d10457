#pragma once
// The experiment page: compose an experiment (methods, steps, learning rates, batch, replay,
// device, threads) from the chosen model, corpus, groups and allocation; run it on the job
// runner with progress per stage and overall; watch the current run's loss per language and,
// for MoE stages, each layer's expert-0 routing weight for old and new tokens; cancel; resume.
// With Processes above 1 the experiment runs as that many local data-parallel ranks of
// `layermoe experiment FILE --nproc-per-node N` (docs/scaling.md): the page writes the
// experiment file, follows the ranks by the CLI's progress lines and, as for any CLI run, by the
// store, and shows the comparison.json the CLI wrote.
// LayerMoE trains the allocation chosen on the allocation page exactly (shown here with its
// analysis run), or else default_layermoe_allocation() on a new analysis of the base.
// Preferences change a field only when that preference changed and the field still shows the
// previous one: what the user typed here stays.
#include <QElapsedTimer>
#include <QWidget>
#include <optional>

#include "app/gui/settings_dialog.h"
#include "core/jobs/experiment_job.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QScrollArea;
class QSplitter;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace layermoe {

class ComparisonChart;
class JobRunner;
class SciSpinBox;
class MetricPlot;
class Session;
class Workspace;

class ExperimentPage : public QWidget {
    Q_OBJECT
public:
    ExperimentPage(Session& session, Workspace& workspace, JobRunner& jobs, QWidget* parent = nullptr);

    // The experiment the form describes; Error (with a message for the user) when it cannot run.
    ExperimentSpec spec() const;
    bool start(bool resume);  // false (and a message) when it cannot start
    void setSteps(int stage1, int stage2, int pretrain);
    void applySettings(const WorkbenchSettings& settings);  // device, threads, default steps
    QLabel* statusLabel() const { return status_; }
    QLabel* allocationLabel() const { return layermoe_allocation_; }
    QSpinBox* stepsSpin(int stage) const { return stage == 1 ? stage1_steps_ : stage2_steps_; }
    QSpinBox* threadsSpin() const { return threads_; }
    QSpinBox* processesSpin() const { return processes_; }
    QSpinBox* seedsSpin() const { return seeds_; }
    QCheckBox* lifelongCheck() const { return lifelong_; }
    QCheckBox* denseCheck() const { return dense_; }
    QProgressBar* overallBar() const { return overall_; }
    QProgressBar* stageBar() const { return stage_; }
    QTableWidget* comparisonTable() const { return comparison_; }
    SciSpinBox* learningRateSpin(int stage) const { return stage == 1 ? lr1_ : lr2_; }
    SciSpinBox* replaySpin() const { return replay_; }
    void setMethods(bool layermoe, bool moe_lpr, bool dense);

Q_SIGNALS:
    void experimentFinished(bool ok, bool cancelled);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    void retranslate();
    void fitForm(int page_width);  // the form's width, and the plots beside or below it
    void refreshLive();
    void clearLive();  // empty plots, table and progress
    void onProgress(Stage stage, qint64 done, qint64 total, const QString& message);
    void onFinished(bool ok, bool cancelled, const QString& error);
    // The file `layermoe experiment` runs for `processes` ranks, written into the experiment's
    // folder; throws (Error, std::filesystem::filesystem_error) when it cannot be written.
    QString writeExperimentFile(ExperimentSpec spec, int processes) const;
    void showComparison(const ExperimentResult& result);
    void describeAllocation();

    Session& session_;
    Workspace& workspace_;
    JobRunner& jobs_;
    QLineEdit* name_;
    QCheckBox *layermoe_, *moe_lpr_, *dense_;
    QCheckBox* lifelong_;  // then expand each method's G1 model to G2
    QLabel *layermoe_allocation_, *status_, *stage_label_;
    QSpinBox *uniform_, *pretrain_steps_, *stage1_steps_, *stage2_steps_, *batch_, *eval_docs_, *threads_, *processes_,
        *seeds_;
    SciSpinBox *lr1_, *lr2_, *replay_;
    QComboBox* device_;
    QPushButton *default_allocation_, *start_, *resume_, *cancel_;
    QProgressBar *overall_, *stage_;
    QScrollArea* left_scroll_;
    QSplitter* split_;
    MetricPlot* loss_plot_;
    ComparisonChart* routing_chart_;
    QTableWidget* comparison_;
    QList<QLabel*> form_labels_;
    int phases_total_ = 1, phases_done_ = 0;
    bool running_ = false;  // the job runner runs this page's experiment
    QElapsedTimer run_clock_;  // of a run as processes, whose comparison.json has no duration
    std::optional<Stage> current_phase_;
    std::optional<ExperimentResult> last_result_;
    ExperimentSpec last_spec_;  // of the run last started (its comparison's language groups)
    WorkbenchSettings applied_;  // the preferences the fields were last given
};

}  // namespace layermoe
