#pragma once
// The allocation page: a budget slider and spin box, the rule, per-layer bounds, the classifier
// rule (a threshold, also draggable on the S curve, or the top-c layers) and the MoE-LPR N to
// compare with. Every change calls the same allocate() as `layermoe allocate` and redraws the
// bars of experts per layer beside the uniform allocation, with live totals; a setting it cannot
// allocate with is a message naming the control to change. The controls start at
// default_layermoe_allocation() (the demo's and the experiment page's) and follow it for each new
// analysis until the user changes one. "Use this allocation" hands the allocation on screen, and
// the analysis run it came from, to the experiment, which trains exactly it.
#include <QWidget>
#include <optional>

#include "core/analysis/allocation.h"
#include "core/jobs/defaults.h"

class QBoxLayout;
class QSplitter;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSlider;
class QSpinBox;

namespace layermoe {

class AllocationChart;
class ScorePlot;
class Session;
class Workspace;

class AllocationPage : public QWidget {
    Q_OBJECT
public:
    AllocationPage(Session& session, Workspace& workspace, QWidget* parent = nullptr);
    AllocationConfig config() const;  // what the controls say
    const std::optional<Allocation>& allocation() const { return allocation_; }
    QSlider* budgetSlider() const { return budget_slider_; }
    QSpinBox* budgetSpin() const { return budget_; }
    QComboBox* ruleBox() const { return rule_; }
    AllocationChart* chart() const { return chart_; }
    ScorePlot* scorePlot() const { return scores_; }
    QLabel* totalsLabel() const { return totals_; }
    void setClassifierThreshold(double tau);
    void setClassifierTop(int c);
    void setMinExperts(int n);
    void setScoreFloor(double floor);
    void useAllocation();
    // The defaults for the current analysis; the controls then follow new analyses again.
    void resetToDefaults();
    bool controlsChanged() const { return touched_; }  // by the user since the last defaults
    QPushButton* useButton() const { return use_; }

Q_SIGNALS:
    void allocationUsed();

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void scoresChanged();
    void recompute();
    void readModelShape();
    void applyDefaults();
    QString problem(const AllocationConfig& config) const;  // empty when allocate() can take it

    Session& session_;
    Workspace& workspace_;
    QSlider* budget_slider_;
    QSpinBox *budget_, *min_, *max_, *top_, *compare_;
    QComboBox *rule_, *classifier_;
    QDoubleSpinBox *threshold_, *floor_;
    QLabel *totals_, *budget_label_, *rule_label_, *min_label_, *max_label_, *classifier_label_, *compare_label_,
        *floor_label_;
    QPushButton *use_, *defaults_;
    QBoxLayout* controls_;
    QSplitter* plots_;
    ScorePlot* scores_;
    AllocationChart* chart_;
    std::optional<Allocation> allocation_;
    int64_t d_model_ = 0, ffn_size_ = 0;
    bool touched_ = false;
};

}  // namespace layermoe
