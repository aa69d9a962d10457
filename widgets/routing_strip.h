#pragma once
// The routing of generated text, token by token: one row per MoE layer, one cell per token,
// coloured by the expert that carried most of the token's weight (expert 0, the original FFN, in
// light gray; the new experts in colours). Tokens wrap onto further lines at the widget's width,
// each line with its layer labels. Hovering a cell shows the token and, for every layer,
// the experts it used with their weights and the routing class. Tokens are appended as they are
// made (the Playground streams them).
#include <QString>
#include <QWidget>
#include <cstdint>
#include <vector>

namespace layermoe {

struct StripChoice {
    int64_t layer = 0;
    std::vector<int64_t> experts;  // by weight
    std::vector<float> weights;
    int64_t routing_class = -1;  // -1: the layer has no classifier
};

struct StripToken {
    QString text;  // as shown in the tooltip
    std::vector<StripChoice> layers;  // by layer; empty when the model has no MoE layer
};

class RoutingStrip : public QWidget {
    Q_OBJECT
public:
    explicit RoutingStrip(QWidget* parent = nullptr);
    void clear();
    void appendToken(const StripToken& token);
    int tokenCount() const { return static_cast<int>(tokens_.size()); }
    // The MoE layers shown, by layer (of the first token that had any).
    const std::vector<int64_t>& layers() const { return layers_; }
    // The expert of the most weight at (token, row); -1 when none.
    int64_t topExpert(int token, int row) const;
    QString toolTipAt(int token) const;
    // The token and row at a point of the widget; false outside the cells.
    bool cellAt(const QPoint& point, int* token, int* row) const;
    static QColor expertColor(int64_t expert);
    // The height that shows every token at `width`.
    int heightForWidth(int width) const override;
    bool hasHeightForWidth() const override { return true; }
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent* event) override;
    bool event(QEvent* event) override;

private:
    QString denseMessage() const;  // shown when tokens came without routing
    int tokensPerLine(int width) const;
    int lineHeight() const;

    std::vector<StripToken> tokens_;
    std::vector<int64_t> layers_;
};

}  // namespace layermoe
