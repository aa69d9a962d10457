#include "widgets/language_matrix.h"
#include "widgets/item_export.h"

#include <QEvent>
#include <QVBoxLayout>
#include <limits>
#include <qcustomplot.h>

#include "widgets/plot_util.h"

namespace layermoe {

LanguageMatrixView::LanguageMatrixView(QWidget* parent)
    : QWidget(parent), plot_(new QCustomPlot(this)), title_(new QCPTextElement(plot_)),
      map_(new QCPColorMap(plot_->xAxis, plot_->yAxis)), scale_(new QCPColorScale(plot_)) {
    add_plot_export_menu(plot_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(plot_);
    plot_->plotLayout()->insertRow(0);
    plot_->plotLayout()->addElement(0, 0, title_);
    plot_->plotLayout()->addElement(1, 1, scale_);
    QFont bold = title_->font();
    bold.setBold(true);
    title_->setFont(bold);
    attach_color_scale(plot_, map_, scale_);
    plot_->yAxis->setRangeReversed(true);  // the first language at the top, as in a table
    plot_->setMouseTracking(true);
    connect(plot_, &QCustomPlot::mouseMove, this, &LanguageMatrixView::onMouseMove);
    render();
}

void LanguageMatrixView::setMatrix(const SimilarityMatrix& m, const std::string& kind) {
    matrix_ = m;
    sentences_ = kind == "aligned";
    // A malformed matrix shows as empty rather than reading past its values.
    if (matrix_.values.size() != matrix_.size() * matrix_.size()) matrix_.languages.clear();
    render();
}

void LanguageMatrixView::clear() {
    matrix_ = {};
    render();
}

int LanguageMatrixView::size() const { return int(matrix_.size()); }

double LanguageMatrixView::cell(int row, int col) const {
    if (row < 0 || col < 0 || row >= size() || col >= size()) return std::numeric_limits<double>::quiet_NaN();
    return matrix_.at(size_t(row), size_t(col));
}

QStringList LanguageMatrixView::labels() const {
    QStringList out;
    for (const auto& lang : matrix_.languages) out << QString::fromStdString(lang);
    return out;
}

QString LanguageMatrixView::toolTipAt(int row, int col) const {
    if (row < 0 || col < 0 || row >= size() || col >= size()) return {};
    const QStringList langs = labels();
    const QString pair = QStringLiteral("%1\u2013%2").arg(langs[row], langs[col]);
    const bool counted = matrix_.counts.size() == matrix_.size();
    return similarity_tooltip(tr("%1, layer %2").arg(pair).arg(matrix_.layer), cell(row, col), langs[row],
                              counted ? matrix_.counts[size_t(row)] : 0, langs[col],
                              counted ? matrix_.counts[size_t(col)] : 0, sentences_);
}

void LanguageMatrixView::changeEvent(QEvent* event) {
    if (event->type() == QEvent::LanguageChange) render();
    QWidget::changeEvent(event);
}

void LanguageMatrixView::render() {
    plot_->clearItems();
    const int n = size();
    map_->setVisible(n > 0);
    show_color_scale(plot_, scale_, n > 0, 1, 1);
    show_ticks(plot_, n > 0);
    title_->setText(n > 0 ? tr("Layer %1").arg(matrix_.layer) : QString());
    scale_->setLabel(sentences_ ? tr("aligned cosine similarity") : tr("mean cosine similarity"));
    for (QCPAxis* axis : {plot_->xAxis, plot_->yAxis}) {
        axis->setTicker(text_ticker(labels()));
        axis->setRange(-0.5, std::max(n, 1) - 0.5);
    }
    plot_->xAxis->setTickLabelRotation(n > 3 ? 60 : 0);  // codes such as zho_simpl overlap side by side
    if (n == 0) {
        show_message(plot_, tr("Click a layer to see its language matrix."));
    } else {
        set_cells(map_, n, n, [&](int col, int row) { return cell(row, col); });
    }
    plot_->replot();
}

void LanguageMatrixView::onMouseMove(QMouseEvent* event) {
    const QPointF pos = event->position();
    const bool inside = plot_->axisRect()->rect().contains(pos.toPoint());
    const int col = cell_index(plot_->xAxis->pixelToCoord(pos.x()), size());
    const int row = cell_index(plot_->yAxis->pixelToCoord(pos.y()), size());
    show_tooltip(plot_, event, inside ? toolTipAt(row, col) : QString());
}

}  // namespace layermoe
