#pragma once
// Layers x language pairs of a similarity report as a colour map: one column per layer, one row
// per pair (new-new pairs, then new-old pairs, as layer_scores averages them). A pair reads
// "ell–hun", the new language first. Hovering a cell shows its value, the two languages and their
// token counts; clicking a column emits layerClicked(layer).
#include <QStringList>
#include <QWidget>
#include <string>
#include <vector>

#include "core/analysis/scores.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QMouseEvent;

namespace layermoe {

class SimilarityHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit SimilarityHeatmap(QWidget* parent = nullptr);
    // Languages in the report but in neither group are left out; so are group languages the report lacks.
    void setReport(const SimilarityReport& report, const std::vector<std::string>& old_langs,
                   const std::vector<std::string>& new_langs);
    void clear();
    QStringList pairLabels() const;  // rows, in order
    int layerCount() const { return layer_count_; }
    double cell(int layer, int pair) const;  // the value shown; NaN when none
    QString toolTipAt(int layer, int pair) const;
    QCustomPlot* plot() const { return plot_; }
    QCPColorMap* colorMap() const { return map_; }

Q_SIGNALS:
    void layerClicked(int layer);

protected:
    void changeEvent(QEvent* event) override;

private:
    struct Pair {
        std::string a, b;
        bool new_new = false;
    };
    struct Cell {
        double value;
        int64_t count_a = 0, count_b = 0;
    };
    static Cell cellOf(const SimilarityMatrix& m, const Pair& pair);
    void render();
    void renderAxes();
    const Cell* cellAt(int layer, int pair) const;
    void onMouseMove(QMouseEvent* event);
    void onMouseRelease(QMouseEvent* event);

    QCustomPlot* plot_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    std::vector<Pair> pairs_;
    std::vector<Cell> cells_;  // [layer_count_ * pairs_.size()], layer-major
    int layer_count_ = 0;
    bool sentences_ = false;  // an "aligned" report counts sentences, not tokens
    bool has_report_ = false;
};

}  // namespace layermoe
