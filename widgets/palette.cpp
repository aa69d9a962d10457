#include "widgets/palette.h"

#include <qcustomplot.h>

namespace layermoe::palette {

QCPColorGradient heatmap_gradient() {
    // QCustomPlot 2.1 has no viridis preset: nine stops of matplotlib's table.
    static const QRgb stops[] = {0x440154, 0x472d7b, 0x3b528b, 0x2c728e, 0x21918c,
                                 0x28ae80, 0x5ec962, 0xaddc30, 0xfde725};
    QCPColorGradient gradient;
    gradient.clearColorStops();
    for (int i = 0; i < 9; ++i) gradient.setColorStopAt(i / 8.0, QColor(stops[i]));
    gradient.setColorInterpolation(QCPColorGradient::ciRGB);
    gradient.setNanHandling(QCPColorGradient::nhNanColor);
    gradient.setNanColor(kMissing);
    return gradient;
}

}  // namespace layermoe::palette
