#pragma once
// Saves a plot as PNG, SVG or PDF, by the file's extension. false with a message in *error.
#include <QString>

class QCustomPlot;

namespace layermoe {

// width, height: pixels (PNG) or points (SVG, PDF); 0 = the plot's current size.
bool save_plot(QCustomPlot* plot, const QString& file, int width = 0, int height = 0, QString* error = nullptr);

} // namespace layermoe
