#pragma once
// The LayerMoE scores per layer: curves of S_nn, S_no and S (a missing S_nn leaves a gap), an
// optional aligned-sentence S (dashed), and the classifier threshold tau as a horizontal line that
// the user drags with the mouse. Clicking elsewhere picks the nearest layer.
#include <QPoint>
#include <QVector>
#include <QWidget>
#include <optional>
#include <vector>

#include "core/analysis/scores.h"

class QCustomPlot;
class QCPItemStraightLine;
class QCPItemText;
class QMouseEvent;

namespace layermoe {

class ScorePlot : public QWidget {
    Q_OBJECT
public:
    enum Series { NewNew, NewOld, Combined, Aligned };
    explicit ScorePlot(QWidget* parent = nullptr);
    void setScores(const std::vector<LayerScore>& scores);
    void setAlignedScores(const std::vector<LayerScore>& scores);  // its S, dashed; empty removes it
    void setThreshold(std::optional<double> tau);  // nullopt hides the line
    void clear();
    std::optional<double> threshold() const { return threshold_; }
    QVector<double> values(int series) const;  // per layer, in order; NaN where missing
    QPoint thresholdPixel(int layer) const;  // the line at that layer's x; (-1, -1) without a line
    QCustomPlot* plot() const { return plot_; }

Q_SIGNALS:
    void thresholdDragged(double tau);  // continuously, while the line moves under the mouse
    void layerClicked(int layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    void fitRanges();
    void placeThreshold();
    bool nearThreshold(const QPointF& pos) const;
    void onMousePress(QMouseEvent* event);
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QCustomPlot* plot_;
    QCPItemStraightLine* line_;
    QCPItemText* line_label_;
    QCPItemText* message_;
    std::vector<LayerScore> scores_;
    std::optional<double> threshold_;
    bool dragging_ = false;
};

}  // namespace layermoe
