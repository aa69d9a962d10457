#pragma once
// The workbench's colours, shared by every plot so that a colour means the same thing everywhere
// (Paul Tol's colour-blind safe "bright" and "vibrant" schemes).
#include <QColor>

class QCPColorGradient;

namespace layermoe::palette {

inline const QColor kOldLanguages{0x44, 0x77, 0xaa};  // blue: G0, and the new-old pairs
inline const QColor kNewLanguages{0xee, 0x66, 0x77};  // red: G1, and the new-new pairs
inline const QColor kLayerMoE{0x22, 0x88, 0x33};  // green
inline const QColor kMoELpr{0xbb, 0xbb, 0xbb};  // gray: the uniform baseline stays in the background
inline const QColor kAccent{0xee, 0x77, 0x33};  // orange: what the user can act on (threshold, classifiers)
inline const QColor kInk{0x33, 0x33, 0x33};  // the combined score S
inline const QColor kAligned{0xaa, 0x33, 0x77};  // purple: the aligned-sentence score
inline const QColor kMissing{0xdd, 0xdd, 0xdd};  // a heat map cell without a value
inline const QColor kMessage{Qt::gray};  // the text of an empty plot

// Viridis: perceptually uniform and readable in gray scale, so equal steps of similarity look equal.
QCPColorGradient heatmap_gradient();

}  // namespace layermoe::palette
