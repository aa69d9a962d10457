#pragma once
// Preferences kept with QSettings: the device and CPU threads jobs use, the number of local
// processes an experiment runs as, the interface language (applied at once), and the default
// step counts of new experiments. Pages apply only the
// preferences that changed, and never over a value the user typed on the page.
#include <QDialog>

class QComboBox;
class QSpinBox;

namespace layermoe {

struct WorkbenchSettings {
    QString device = QStringLiteral("cpu");
    int threads = 0;  // 0 = all cores
    int processes = 1;  // of an experiment: 1 = inside the workbench, N = N local ranks (docs/scaling.md)
    QString language = QStringLiteral("en");
    int stage1_steps = 200, stage2_steps = 100, pretrain_steps = 120;

    static WorkbenchSettings load();
    void save() const;
};

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SettingsDialog(QWidget* parent = nullptr);
    WorkbenchSettings values() const;

private:
    QComboBox *device_, *language_;
    QSpinBox *threads_, *processes_, *stage1_, *stage2_, *pretrain_;
};

}  // namespace layermoe
