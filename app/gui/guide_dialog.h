#pragma once
// Help > Getting Started: a short guide to the workbench's journey (data, similarity,
// allocation, experiment, results), in the interface language. Non-modal, so it can stay open
// beside the window while the user follows it.
#include <QDialog>

class QTextBrowser;

namespace layermoe {

class GuideDialog : public QDialog {
    Q_OBJECT
public:
    explicit GuideDialog(QWidget* parent = nullptr);
    QString text() const;  // the guide as plain text (tests)

protected:
    void changeEvent(QEvent* event) override;

private:
    void retranslate();
    QTextBrowser* browser_;
};

}  // namespace layermoe
