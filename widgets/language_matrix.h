#pragma once
// One layer's full language x language similarity matrix as a colour map, language codes on both
// axes, titled "Layer N"; hovering a cell shows its value, both languages and their token counts.
#include <QStringList>
#include <QWidget>
#include <string>

#include "core/analysis/scores.h"

class QCustomPlot;
class QCPColorMap;
class QCPColorScale;
class QCPTextElement;
class QMouseEvent;

namespace layermoe {

class LanguageMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit LanguageMatrixView(QWidget* parent = nullptr);
    // kind as in SimilarityReport: its counts are tokens ("mean") or sentences ("aligned").
    void setMatrix(const SimilarityMatrix& m, const std::string& kind = "mean");
    void clear();
    double cell(int row, int col) const;  // NaN outside the matrix
    QStringList labels() const;  // rows and columns, in order
    QString toolTipAt(int row, int col) const;
    QCustomPlot* plot() const { return plot_; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void render();
    void onMouseMove(QMouseEvent* event);
    int size() const;

    QCustomPlot* plot_;
    QCPTextElement* title_;
    QCPColorMap* map_;
    QCPColorScale* scale_;
    SimilarityMatrix matrix_;
    bool sentences_ = false;
};

}  // namespace layermoe
