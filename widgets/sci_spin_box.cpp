#include "widgets/sci_spin_box.h"

#include <QEvent>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QRegularExpression>
#include <cfloat>
#include <cmath>
#include <limits>

namespace layermoe {

namespace {

// The most decimals QDoubleSpinBox keeps (DBL_MAX_10_EXP + DBL_DIG): its rounding to them then
// gives back the same double, so no digit typed is lost.
constexpr int kAllDecimals = DBL_MAX_10_EXP + DBL_DIG;

QLocale number_locale(QLocale locale, QLocale::NumberOptions options) {
    locale.setNumberOptions(options);
    return locale;
}

}  // namespace

SciSpinBox::SciSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent), accepted_min_(std::numeric_limits<double>::lowest()),
      accepted_max_(std::numeric_limits<double>::max()) {
    setDecimals(kAllDecimals);
    setRange(std::numeric_limits<double>::lowest(), std::numeric_limits<double>::max());
    connect(this, &QDoubleSpinBox::valueChanged, this, &SciSpinBox::updateMark);
}

void SciSpinBox::setAcceptedRange(double minimum, double maximum) {
    accepted_min_ = minimum;
    accepted_max_ = maximum;
    updateMark();
}

bool SciSpinBox::isAccepted() const { return value() >= accepted_min_ && value() <= accepted_max_; }

QString SciSpinBox::outOfRangeMessage(const QString& field) const {
    if (isAccepted()) return {};
    return tr("%1: %2 is outside %3 to %4.")
        .arg(field, textFromValue(value()), textFromValue(accepted_min_), textFromValue(accepted_max_));
}

void SciSpinBox::setHelp(const QString& help) {
    help_ = help;
    updateMark();
}

std::optional<double> SciSpinBox::parse(const QString& text) const {
    const QString t = text.trimmed();
    if (t.isEmpty()) return std::nullopt;
    bool ok = false;
    // The interface language's notation first (0,0003 in German), then the C one (0.0003).
    double v = number_locale(locale(), QLocale::RejectGroupSeparator).toDouble(t, &ok);
    if (!ok) v = number_locale(QLocale::c(), QLocale::RejectGroupSeparator).toDouble(t, &ok);
    if (!ok || !std::isfinite(v)) return std::nullopt;
    return v;
}

QValidator::State SciSpinBox::validate(QString& text, int& pos) const {
    Q_UNUSED(pos);
    if (parse(text)) return QValidator::Acceptable;
    // What typing a number passes through: "", "-", "3.", "3e", "3e-".
    const QString point = QRegularExpression::escape(locale().decimalPoint());
    static const QString kPartial = QStringLiteral("^\\s*[+-]?\\d*(?:(?:\\.|%1)\\d*)?(?:[eE][+-]?\\d*)?\\s*$");
    const QRegularExpression partial(kPartial.arg(point));
    return partial.match(text).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

double SciSpinBox::valueFromText(const QString& text) const { return parse(text).value_or(value()); }

QString SciSpinBox::textFromValue(double value) const {
    return number_locale(locale(), QLocale::OmitGroupSeparator).toString(value, 'g', QLocale::FloatingPointShortest);
}

void SciSpinBox::changeEvent(QEvent* event) {
    QDoubleSpinBox::changeEvent(event);
    if (event->type() == QEvent::LanguageChange || event->type() == QEvent::LocaleChange) updateMark();
}

void SciSpinBox::updateMark() {
    QPalette palette = lineEdit()->palette();
    palette.setColor(QPalette::Text, isAccepted() ? this->palette().color(QPalette::Text) : QColor(Qt::red));
    lineEdit()->setPalette(palette);
    QString tip = help_;
    if (!isAccepted()) {
        if (!tip.isEmpty()) tip += QLatin1Char('\n');
        tip += tr("%1 is outside %2 to %3.")
                   .arg(textFromValue(value()), textFromValue(accepted_min_), textFromValue(accepted_max_));
    }
    setToolTip(tip);
}

}  // namespace layermoe
