#include "app/gui/settings_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSettings>
#include <QSpinBox>
#include <QStandardItemModel>

#include "app/gui/translator.h"
#include "core/common/devices.h"

namespace layermoe {

WorkbenchSettings WorkbenchSettings::load() {
    QSettings s;
    WorkbenchSettings v;
    v.device = s.value(QStringLiteral("jobs/device"), v.device).toString();
    v.threads = s.value(QStringLiteral("jobs/threads"), v.threads).toInt();
    v.processes = std::max(1, s.value(QStringLiteral("jobs/processes"), v.processes).toInt());
    v.language = s.value(QStringLiteral("interface/language"), v.language).toString();
    v.stage1_steps = s.value(QStringLiteral("defaults/stage1_steps"), v.stage1_steps).toInt();
    v.stage2_steps = s.value(QStringLiteral("defaults/stage2_steps"), v.stage2_steps).toInt();
    v.pretrain_steps = s.value(QStringLiteral("defaults/pretrain_steps"), v.pretrain_steps).toInt();
    return v;
}

void WorkbenchSettings::save() const {
    QSettings s;
    s.setValue(QStringLiteral("jobs/device"), device);
    s.setValue(QStringLiteral("jobs/threads"), threads);
    s.setValue(QStringLiteral("jobs/processes"), processes);
    s.setValue(QStringLiteral("interface/language"), language);
    s.setValue(QStringLiteral("defaults/stage1_steps"), stage1_steps);
    s.setValue(QStringLiteral("defaults/stage2_steps"), stage2_steps);
    s.setValue(QStringLiteral("defaults/pretrain_steps"), pretrain_steps);
}

SettingsDialog::SettingsDialog(QWidget* parent)
    : QDialog(parent), device_(new QComboBox), language_(new QComboBox), threads_(new QSpinBox),
      processes_(new QSpinBox), stage1_(new QSpinBox), stage2_(new QSpinBox), pretrain_(new QSpinBox) {
    setWindowTitle(tr("Preferences"));
    const WorkbenchSettings v = WorkbenchSettings::load();
    for (const auto& d : compute_devices()) device_->addItem(QString::fromStdString(d));
    if (device_->count() == 1) {
        // Shown, but not selectable: this build's LibTorch has no CUDA device.
        device_->addItem(tr("cuda (not available in this build)"), QStringLiteral("cuda"));
        if (auto* model = qobject_cast<QStandardItemModel*>(device_->model())) model->item(1)->setEnabled(false);
    }
    device_->setCurrentIndex(std::max(0, device_->findText(v.device)));
    device_->setToolTip(tr("GPUs need a LibTorch built with CUDA (see the README); on a GPU, work runs in bf16 "
                           "autocast with the router in fp32"));
    threads_->setRange(0, 512);
    threads_->setSpecialValueText(tr("all cores"));
    threads_->setValue(v.threads);
    processes_->setRange(1, 1024);
    processes_->setValue(v.processes);
    for (const QString& code : interface_languages()) language_->addItem(interface_language_name(code), code);
    language_->setCurrentIndex(std::max(0, language_->findData(v.language)));
    for (QSpinBox* s : {stage1_, stage2_, pretrain_}) s->setRange(1, 1'000'000);
    stage1_->setValue(v.stage1_steps);
    stage2_->setValue(v.stage2_steps);
    pretrain_->setValue(v.pretrain_steps);
    // Applied as ExperimentPage::applySettings() does: a changed preference moves a field of the
    // experiment page only while that field still shows the previous preference.
    threads_->setToolTip(tr("Jobs' CPU threads; the experiment page keeps a number typed there"));
    processes_->setToolTip(
        tr("Local processes (data-parallel ranks) a new experiment runs as: 1 runs it inside the workbench; "
           "the experiment page keeps a number typed there"));
    for (QSpinBox* s : {stage1_, stage2_, pretrain_})
        s->setToolTip(tr("For the experiment form; the experiment page keeps a number typed there"));
    auto* form = new QFormLayout(this);
    form->addRow(tr("Device"), device_);
    form->addRow(tr("CPU threads"), threads_);
    form->addRow(tr("Experiment processes"), processes_);
    form->addRow(tr("Interface language"), language_);
    form->addRow(tr("Default stage 1 steps"), stage1_);
    form->addRow(tr("Default stage 2 steps"), stage2_);
    form->addRow(tr("Default pretraining steps"), pretrain_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

WorkbenchSettings SettingsDialog::values() const {
    WorkbenchSettings v;
    v.device = device_->currentText();
    v.threads = threads_->value();
    v.processes = processes_->value();
    v.language = language_->currentData().toString();
    v.stage1_steps = stage1_->value();
    v.stage2_steps = stage2_->value();
    v.pretrain_steps = pretrain_->value();
    return v;
}

}  // namespace layermoe
