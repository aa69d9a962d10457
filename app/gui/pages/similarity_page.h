#pragma once
// The similarity page: run the analysis of the chosen model on the chosen languages (on the job
// runner, with progress and cancel), or pick an earlier analysis of the store; see it as a
// heatmap of layers x language pairs, the S_nn, S_no and S curves, and a layer's full language
// matrix (click a layer); switch between the paper's similarity and the aligned one.
#include <QWidget>
#include <optional>

#include "core/analysis/scores.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QSplitter;

namespace layermoe {

class JobRunner;
class LanguageMatrixView;
class ScorePlot;
class Session;
class SimilarityHeatmap;
class Workspace;

class SimilarityPage : public QWidget {
    Q_OBJECT
public:
    SimilarityPage(Session& session, Workspace& workspace, JobRunner& jobs, QWidget* parent = nullptr);
    bool analyze();  // false (and a message) when it cannot start
    void showRun(int64_t run);  // an analyze run of the store
    void showLayer(int layer);
    void setKind(const QString& kind);  // "mean" or "aligned"
    void setTokens(int tokens);
    void applySettings(const struct WorkbenchSettings& settings);  // device and threads of the analysis
    SimilarityHeatmap* heatmap() const { return heatmap_; }
    ScorePlot* scorePlot() const { return scores_; }
    LanguageMatrixView* matrix() const { return matrix_; }
    QLabel* statusLabel() const { return status_; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void reloadRuns();
    void workspaceOpened();
    void showCurrent();

    Session& session_;
    Workspace& workspace_;
    JobRunner& jobs_;
    QPushButton* analyze_;
    QSpinBox* tokens_;
    QComboBox *split_, *runs_, *kind_;
    QCheckBox* aligned_;
    QLabel *status_, *runs_label_, *kind_label_, *tokens_label_;
    SimilarityHeatmap* heatmap_;
    QSplitter* bottom_;
    ScorePlot* scores_;
    LanguageMatrixView* matrix_;
    int64_t run_ = 0;
    std::optional<SimilarityReport> report_;
    std::vector<std::string> old_, new_;
    int layer_ = 0;
    QString device_ = QStringLiteral("cpu");
    int threads_ = 0;
};

}  // namespace layermoe
