#pragma once
// One metric of several runs side by side: per run, a bar for the old languages and one for the
// new ones (e.g. bits per byte of the base model, MoE-LPR and LayerMoE), each with its interval
// as an error bar when it has one.
#include <QString>
#include <QVector>
#include <QWidget>
#include <cmath>
#include <vector>

class QCustomPlot;
class QCPBars;
class QCPErrorBars;
class QCPItemText;

namespace layermoe {

struct ComparisonBar {
    QString label;  // the run, as the x axis shows it
    double old_value;
    double new_value;
    // A 95% interval around each value, drawn as an error bar; NaN: none.
    double old_low = std::nan(""), old_high = std::nan("");
    double new_low = std::nan(""), new_high = std::nan("");
};

class ComparisonChart : public QWidget {
    Q_OBJECT
public:
    explicit ComparisonChart(QWidget* parent = nullptr);
    void setBars(const std::vector<ComparisonBar>& bars);
    void setValueLabel(const QString& label);  // the y axis; empty = "bits per byte"
    void setEmptyText(const QString& text);  // shown without bars; empty = "No runs to compare"
    QVector<double> oldBars() const;
    QVector<double> newBars() const;
    // The error bars' (low, high) per bar, NaN where a bar has none.
    QVector<QPair<double, double>> oldIntervals() const;
    QVector<QPair<double, double>> newIntervals() const;
    QCustomPlot* plot() const { return plot_; }

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void retranslate();
    void fitTickLabels();

    QCustomPlot* plot_;
    QCPBars* old_;
    QCPBars* new_;
    QCPErrorBars* old_errors_;
    QCPErrorBars* new_errors_;
    QCPItemText* message_;
    QStringList labels_;
    QString value_label_, empty_text_;
};

}  // namespace layermoe
