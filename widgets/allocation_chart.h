#pragma once
// Experts per layer: LayerMoE's N^i beside the uniform MoE-LPR allocation, with the layers that get a
// routing classifier marked. Fast enough to follow a slider: setAllocation updates the bars in place.
#include <QVector>
#include <QWidget>

#include "core/analysis/allocation.h"

class QCustomPlot;
class QCPBars;
class QCPGraph;
class QCPItemText;

namespace layermoe {

class AllocationChart : public QWidget {
    Q_OBJECT
public:
    explicit AllocationChart(QWidget* parent = nullptr);
    void setAllocation(const Allocation& a);
    void clear();
    QVector<double> layerMoeBars() const;  // N^i per layer
    QVector<double> uniformBars() const;  // compare_uniform_experts per layer
    QVector<int> classifierLayers() const;
    QCustomPlot* plot() const { return plot_; }
    double lastReplotMs() const { return last_replot_ms_; }  // of the last setAllocation

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void render();

    QCustomPlot* plot_;
    QCPBars* layermoe_;
    QCPBars* uniform_;
    QCPBars* classifier_bars_;  // LayerMoE's bars of classifier layers again, with the accent outline
    QCPGraph* classifier_marks_;
    QCPItemText* message_;
    Allocation allocation_;
    double last_replot_ms_ = 0;
};

}  // namespace layermoe
