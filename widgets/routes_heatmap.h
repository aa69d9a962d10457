#pragma once
// `layermoe routes` as language x expert heat maps, one per MoE layer, side by side (all layers)
// or one layer alone: a row per language (old languages first, a gap between the groups), a
// column per expert (expert 0, the original FFN, first; a later wave's experts marked *), each
// cell the share of the language's tokens routed there, its value written in it. One layer alone
// also shows, at the right, how the routing classifier classed the language's sequences (a layer
// with a classifier has its name in the accent colour).
// Hovering a cell shows the language, its group and token count, the layer, the expert, its wave
// and the share.
#include <QStringList>
#include <QWidget>

#include "core/report/routes.h"

namespace layermoe {

class RoutesHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit RoutesHeatmap(QWidget* parent = nullptr);
    void setTable(const RouteTable& table);
    void clear();
    // Which of the table's layers is shown: an index into table().layers, or -1 for all of them.
    void setLayerIndex(int index);
    int layerIndex() const { return layer_; }
    const RouteTable& table() const { return table_; }
    QStringList languageLabels() const;  // rows, in order: "eng (old)"
    // The share shown for (language, expert) of table().layers[layer]; NaN outside the table.
    double cell(int layer, int language, int expert) const;
    QString toolTipAt(int layer, int language, int expert) const;
    bool cellAt(const QPoint& point, int* layer, int* language, int* expert) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    std::vector<int> shownLayers() const;  // indices into table_.layers, in drawing order
    int blockLeft(int block) const;  // x of the block-th shown layer's first column
    QRect cellRect(int block, int language, int expert) const;
    int cellWidth() const;

    RouteTable table_;
    int layer_ = -1;
};

}  // namespace layermoe
