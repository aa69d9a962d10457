#pragma once
// A spin box for real numbers that span orders of magnitude, such as learning rates: it takes
// plain (0.0003) and scientific (3e-4) notation, in the interface language's notation or the C
// one, keeps every significant digit, and shows the shortest text that reads back as the same
// number. QDoubleSpinBox instead rounds to a fixed number of decimals (0.000003 becomes 0) and
// refuses keystrokes that leave its range (99 becomes 9). Here the box holds any finite number
// typed; a value outside the accepted range is kept as typed, drawn in red with a tooltip naming
// the range, and outOfRangeMessage() lets the form refuse it with a clear message.
#include <QDoubleSpinBox>
#include <optional>

namespace layermoe {

class SciSpinBox : public QDoubleSpinBox {
    Q_OBJECT
public:
    explicit SciSpinBox(QWidget* parent = nullptr);

    // The values the form accepts, both included (default: every finite number).
    void setAcceptedRange(double minimum, double maximum);
    double acceptedMinimum() const { return accepted_min_; }
    double acceptedMaximum() const { return accepted_max_; }
    bool isAccepted() const;  // value() within the accepted range
    // Empty when the value is accepted; else "FIELD: VALUE is outside MINIMUM to MAXIMUM".
    QString outOfRangeMessage(const QString& field) const;
    // The tooltip; the out-of-range note is added to it while the value is outside the range.
    void setHelp(const QString& help);

    QValidator::State validate(QString& text, int& pos) const override;
    double valueFromText(const QString& text) const override;
    QString textFromValue(double value) const override;

protected:
    void changeEvent(QEvent* event) override;

private:
    std::optional<double> parse(const QString& text) const;
    void updateMark();

    double accepted_min_, accepted_max_;
    QString help_;
};

}  // namespace layermoe
