#pragma once
// Saves a plot as PNG, SVG or PDF, by the file's extension, as it is on screen (replotted first,
// at its size on screen unless a size is given). An empty plot (no plottable with a point) is
// refused, so an export never writes blank axes. false with a message in *error.
#include <QString>

class QCustomPlot;

namespace layermoe {

// The size a plot is saved at when it has no usable size of its own (never laid out on screen).
constexpr int kDefaultPlotWidth = 900, kDefaultPlotHeight = 420;

// width, height: pixels (PNG) or points (SVG, PDF); 0 = the plot's current size.
bool save_plot(QCustomPlot* plot, const QString& file, int width = 0, int height = 0, QString* error = nullptr);

}  // namespace layermoe
