#include "widgets/routing_strip.h"

#include <QPainter>
#include <algorithm>

#include "widgets/palette.h"
#include "widgets/plot_util.h"

namespace layermoe {

namespace {

constexpr int kCell = 12;  // a token's width
constexpr int kRow = 12;  // a layer's height
constexpr int kLabel = 34;  // the layer labels' width
constexpr int kLineGap = 5;  // between lines of tokens

}  // namespace

RoutingStrip::RoutingStrip(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    policy.setHeightForWidth(true);
    setSizePolicy(policy);
}

int RoutingStrip::tokensPerLine(int width) const { return std::max(1, (width - kLabel) / kCell); }

int RoutingStrip::lineHeight() const { return static_cast<int>(layers_.size()) * kRow + kLineGap; }

int RoutingStrip::heightForWidth(int width) const {
    if (layers_.empty()) return kRow * 2;
    const int lines = std::max(1, (tokenCount() + tokensPerLine(width) - 1) / tokensPerLine(width));
    return lines * lineHeight() - kLineGap;
}

void RoutingStrip::clear() {
    tokens_.clear();
    layers_.clear();
    updateGeometry();
    update();
}

void RoutingStrip::appendToken(const StripToken& token) {
    if (layers_.empty())
        for (const auto& l : token.layers) layers_.push_back(l.layer);
    tokens_.push_back(token);
    updateGeometry();
    update();
}

QColor RoutingStrip::expertColor(int64_t expert) {
    if (expert < 0) return palette::kMissing;
    if (expert == 0) return {0xe4, 0xe4, 0xe4};
    // Paul Tol's "muted" scheme for the new experts, in turn.
    static const QRgb colours[] = {0xcc6677, 0x332288, 0xddcc77, 0x117733, 0x88ccee,
                                   0x882255, 0x44aa99, 0x999933, 0xaa4499};
    return QColor(colours[(expert - 1) % 9]);
}

int64_t RoutingStrip::topExpert(int token, int row) const {
    if (token < 0 || token >= tokenCount() || row < 0) return -1;
    const auto& layers = tokens_[static_cast<size_t>(token)].layers;
    if (row >= static_cast<int>(layers.size())) return -1;
    const auto& c = layers[static_cast<size_t>(row)];
    if (c.experts.empty()) return -1;
    const auto best = std::max_element(c.weights.begin(), c.weights.end()) - c.weights.begin();
    return c.experts[static_cast<size_t>(best)];
}

QString RoutingStrip::toolTipAt(int token) const {
    if (token < 0 || token >= tokenCount()) return {};
    const auto& t = tokens_[static_cast<size_t>(token)];
    QString shown = t.text;
    shown.replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    QStringList lines{tr("token %1: \"%2\"").arg(token + 1).arg(shown.toHtmlEscaped())};
    if (t.layers.empty()) lines << tr("(not routed: the model could not read it back)");
    for (const auto& c : t.layers) {
        QStringList used;
        for (size_t i = 0; i < c.experts.size(); ++i)
            used << tr("expert %1: %2").arg(c.experts[i]).arg(static_cast<double>(c.weights[i]), 0, 'f', 2);
        QString line = tr("layer %1: %2").arg(c.layer).arg(used.join(QStringLiteral(", ")));
        if (c.routing_class >= 0) line += tr(" (class %1)").arg(c.routing_class);
        lines << line;
    }
    return lines.join(QStringLiteral("<br>"));
}

bool RoutingStrip::cellAt(const QPoint& p, int* token, int* row) const {
    if (p.x() < kLabel || p.y() < 0 || layers_.empty()) return false;
    const int line = p.y() / lineHeight(), within = p.y() % lineHeight();
    const int column = (p.x() - kLabel) / kCell, r = within / kRow;
    const int t = line * tokensPerLine(width()) + column;
    if (column >= tokensPerLine(width()) || t >= tokenCount() || r >= static_cast<int>(layers_.size())) return false;
    *token = t;
    *row = r;
    return true;
}

QSize RoutingStrip::sizeHint() const {
    if (layers_.empty()) return {fontMetrics().horizontalAdvance(denseMessage()) + 8, kRow * 2};
    return {kLabel + 40 * kCell, heightForWidth(kLabel + 40 * kCell)};
}

QString RoutingStrip::denseMessage() const {
    return tokens_.empty() ? QString() : tr("No MoE layer: a dense model routes nothing.");
}

QSize RoutingStrip::minimumSizeHint() const { return {kLabel + 8 * kCell, kRow * 2}; }

void RoutingStrip::paintEvent(QPaintEvent*) {
    QPainter p(this);
    QFont small = font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.75));
    p.setFont(small);
    if (layers_.empty()) {
        p.setPen(palette::kMessage);
        p.drawText(rect().adjusted(4, 0, 0, 0), Qt::AlignLeft | Qt::AlignVCenter, denseMessage());
        return;
    }
    const int per_line = tokensPerLine(width());
    const int lines = std::max(1, (tokenCount() + per_line - 1) / per_line);
    for (int line = 0; line < lines; ++line)
        for (size_t r = 0; r < layers_.size(); ++r) {
            const int y = line * lineHeight() + static_cast<int>(r) * kRow;
            p.setPen(palette().color(QPalette::WindowText));
            p.drawText(QRect(0, y, kLabel - 4, kRow), Qt::AlignRight | Qt::AlignVCenter, tr("L%1").arg(layers_[r]));
            for (int c = 0; c < per_line; ++c) {
                const int t = line * per_line + c;
                if (t >= tokenCount()) break;
                p.fillRect(QRect(kLabel + c * kCell, y, kCell - 1, kRow - 1), expertColor(topExpert(t, static_cast<int>(r))));
            }
        }
}

bool RoutingStrip::event(QEvent* e) {
    const bool tooltip = show_cell_tooltip(this, e, [&](const QPoint& pos) {
        int token = 0, row = 0;
        return cellAt(pos, &token, &row) ? toolTipAt(token) : QString();
    });
    return tooltip || QWidget::event(e);
}

}  // namespace layermoe
