#include "widgets/routes_heatmap.h"

#include <QPainter>
#include <cmath>
#include <qcustomplot.h>

#include "widgets/palette.h"
#include "widgets/plot_util.h"

namespace layermoe {

namespace {

constexpr int kLeft = 110;  // language labels
constexpr int kTop = 40;  // layer and expert labels
constexpr int kCellH = 24;
constexpr int kGroupGap = 6;  // between old and new languages
constexpr int kBlockGap = 14;  // between layers
constexpr int kClassesW = 190;

}  // namespace

RoutesHeatmap::RoutesHeatmap(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
}

void RoutesHeatmap::setTable(const RouteTable& table) {
    table_ = table;
    layer_ = -1;
    updateGeometry();
    update();
}

void RoutesHeatmap::clear() { setTable({}); }

void RoutesHeatmap::setLayerIndex(int index) {
    layer_ = index >= 0 && index < static_cast<int>(table_.layers.size()) ? index : -1;
    updateGeometry();
    update();
}

std::vector<int> RoutesHeatmap::shownLayers() const {
    if (layer_ >= 0) return {layer_};
    std::vector<int> out;
    for (int i = 0; i < static_cast<int>(table_.layers.size()); ++i) out.push_back(i);
    return out;
}

int RoutesHeatmap::cellWidth() const { return layer_ >= 0 ? 52 : 40; }

int RoutesHeatmap::blockLeft(int block) const {
    int x = kLeft;
    const auto layers = shownLayers();
    for (int b = 0; b < block && b < static_cast<int>(layers.size()); ++b)
        x += static_cast<int>(table_.layers[static_cast<size_t>(layers[static_cast<size_t>(b)])].experts()) * cellWidth() +
             kBlockGap;
    return x;
}

QStringList RoutesHeatmap::languageLabels() const {
    QStringList out;
    for (const auto& l : table_.languages)
        out << QStringLiteral("%1 (%2)").arg(QString::fromStdString(l.code), QString::fromStdString(l.group));
    return out;
}

double RoutesHeatmap::cell(int layer, int language, int expert) const {
    if (layer < 0 || layer >= static_cast<int>(table_.layers.size())) return NAN;
    const auto& l = table_.layers[static_cast<size_t>(layer)];
    if (language < 0 || expert < 0 || language >= static_cast<int>(l.share.size()) ||
        expert >= static_cast<int>(l.share[static_cast<size_t>(language)].size()))
        return NAN;
    return l.share[static_cast<size_t>(language)][static_cast<size_t>(expert)];
}

QRect RoutesHeatmap::cellRect(int block, int language, int expert) const {
    // A gap after the last old language.
    const bool gap = language > 0 && table_.languages[static_cast<size_t>(language)].group != "old" &&
                     table_.languages[0].group == "old";
    return {blockLeft(block) + expert * cellWidth(), kTop + language * kCellH + (gap ? kGroupGap : 0), cellWidth() - 2,
            kCellH - 2};
}

bool RoutesHeatmap::cellAt(const QPoint& point, int* layer, int* language, int* expert) const {
    const auto layers = shownLayers();
    for (int b = 0; b < static_cast<int>(layers.size()); ++b) {
        const auto& l = table_.layers[static_cast<size_t>(layers[static_cast<size_t>(b)])];
        for (int i = 0; i < static_cast<int>(table_.languages.size()); ++i)
            for (int e = 0; e < l.experts(); ++e)
                if (cellRect(b, i, e).contains(point)) {
                    *layer = layers[static_cast<size_t>(b)];
                    *language = i;
                    *expert = e;
                    return true;
                }
    }
    return false;
}

QString RoutesHeatmap::toolTipAt(int layer, int language, int expert) const {
    const double v = cell(layer, language, expert);
    if (std::isnan(v)) return {};
    const auto& l = table_.layers[static_cast<size_t>(layer)];
    const auto& lang = table_.languages[static_cast<size_t>(language)];
    const auto wave = l.expert_wave[static_cast<size_t>(expert)];
    return tr("%1 (%2, %3 tokens)<br>layer %4, expert %5 (%6)<br>share of tokens: %7")
        .arg(QString::fromStdString(lang.code), QString::fromStdString(lang.group))
        .arg(lang.tokens)
        .arg(l.layer)
        .arg(expert)
        .arg(wave == 0 ? tr("the original FFN") : tr("wave %1").arg(wave))
        .arg(v, 0, 'f', 3);
}

QSize RoutesHeatmap::sizeHint() const {
    const auto layers = shownLayers();
    const int width = layers.empty() ? kLeft + 4 * cellWidth() : blockLeft(static_cast<int>(layers.size())) - kBlockGap;
    const int rows = std::max<int>(1, static_cast<int>(table_.languages.size()));
    return {width + (layer_ >= 0 ? kClassesW : 0), kTop + rows * kCellH + kGroupGap + 8};
}

QSize RoutesHeatmap::minimumSizeHint() const { return sizeHint(); }

void RoutesHeatmap::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QColor ink = palette().color(QPalette::WindowText);
    const auto layers = shownLayers();
    if (layers.empty()) {
        p.setPen(palette::kMessage);
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap,
                   tr("Choose a routes run (layermoe routes) in the table above to see its expert usage."));
        return;
    }
    auto gradient = palette::heatmap_gradient();
    const QStringList labels = languageLabels();
    for (int i = 0; i < static_cast<int>(table_.languages.size()); ++i) {
        const QRect first = cellRect(0, i, 0);
        p.setPen(table_.languages[static_cast<size_t>(i)].group == "old" ? palette::kOldLanguages
                                                                         : palette::kNewLanguages);
        p.drawText(QRect(0, first.top(), kLeft - 8, first.height()), Qt::AlignRight | Qt::AlignVCenter, labels[i]);
    }
    for (int b = 0; b < static_cast<int>(layers.size()); ++b) {
        const int index = layers[static_cast<size_t>(b)];
        const auto& l = table_.layers[static_cast<size_t>(index)];
        const int left = blockLeft(b), width = static_cast<int>(l.experts()) * cellWidth();
        p.setPen(l.classes.empty() ? ink : palette::kAccent);  // a layer with a routing classifier
        p.drawText(QRect(left, 0, width, 18), Qt::AlignCenter, tr("layer %1").arg(l.layer));
        p.setPen(ink);
        for (int e = 0; e < l.experts(); ++e) {
            const bool later = l.expert_wave[static_cast<size_t>(e)] > 0;
            p.drawText(QRect(left + e * cellWidth(), 18, cellWidth(), kTop - 20), Qt::AlignCenter,
                       later ? tr("e%1*").arg(e) : tr("e%1").arg(e));
        }
        for (int i = 0; i < static_cast<int>(table_.languages.size()); ++i) {
            for (int e = 0; e < l.experts(); ++e) {
                const double v = cell(index, i, e);
                const QRect r = cellRect(b, i, e);
                const QColor fill = QColor::fromRgb(gradient.color(v, QCPRange(0.0, 1.0)));
                p.fillRect(r, fill);
                p.setPen(fill.lightnessF() > 0.55 ? QColor(Qt::black) : QColor(Qt::white));
                p.drawText(r, Qt::AlignCenter, QString::number(v, 'f', 2));
            }
            if (layer_ < 0 || l.classes.empty()) continue;
            const auto& counts = l.classes[static_cast<size_t>(i)];
            const auto sequences = std::max<int64_t>(1, table_.languages[static_cast<size_t>(i)].sequences);
            QStringList parts;
            for (size_t c = 0; c < counts.size(); ++c)
                parts << tr("c%1 %2%")
                             .arg(c)
                             .arg(100.0 * static_cast<double>(counts[c]) / static_cast<double>(sequences), 0, 'f', 0);
            const QRect first = cellRect(b, i, 0);
            p.setPen(ink);
            p.drawText(QRect(left + width + 8, first.top(), kClassesW - 8, first.height()), Qt::AlignLeft | Qt::AlignVCenter,
                       parts.join(QStringLiteral("  ")));
        }
        if (layer_ >= 0 && !l.classes.empty()) {
            p.setPen(ink);
            p.drawText(QRect(left + width + 8, 18, kClassesW - 8, kTop - 20), Qt::AlignLeft | Qt::AlignVCenter,
                       tr("classifier: sequences per class"));
        }
    }
}

bool RoutesHeatmap::event(QEvent* e) {
    const bool tooltip = show_cell_tooltip(this, e, [&](const QPoint& pos) {
        int layer = 0, language = 0, expert = 0;
        return cellAt(pos, &layer, &language, &expert) ? toolTipAt(layer, language, expert) : QString();
    });
    return tooltip || QWidget::event(e);
}

}  // namespace layermoe
