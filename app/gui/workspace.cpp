#include "app/gui/workspace.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include "core/common/error.h"
#include "core/store/store.h"

namespace layermoe {

namespace {
const QString kRecentKey = QStringLiteral("workspace/recent");
constexpr int kRecentCount = 8;
}  // namespace

Workspace::Workspace(QObject* parent) : QObject(parent), timer_(new QTimer(this)) {
    connect(timer_, &QTimer::timeout, this, &Workspace::poll);
    timer_->setInterval(1000);
}

Workspace::~Workspace() = default;

bool Workspace::hasStore(const QString& folder) {
    return QFileInfo(QDir(folder).filePath(QStringLiteral("runs.sqlite"))).isFile();
}

bool Workspace::open(const QString& folder, QString* error, bool create) {
    const QString path = QDir(folder).absolutePath();
    if (!create && !hasStore(path)) {
        if (error)
            *error =
                tr("%1 is not a workspace: it has no experiment store (runs.sqlite). File > New Workspace makes one.")
                    .arg(QDir::toNativeSeparators(path));
        return false;
    }
    if (!QDir().mkpath(path)) {
        if (error) *error = tr("Cannot create the folder %1.").arg(QDir::toNativeSeparators(path));
        return false;
    }
    try {
        store_ = std::make_unique<Store>(QDir(path).filePath(QStringLiteral("runs.sqlite")).toStdString());
    } catch (const Error& e) {
        if (error) *error = QString::fromUtf8(e.what());
        return false;
    }
    folder_ = path;
    version_ = store_->data_version();
    QSettings settings;
    QStringList recent = settings.value(kRecentKey).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    settings.setValue(kRecentKey, recent.mid(0, kRecentCount));
    timer_->start();
    Q_EMIT opened(path);
    Q_EMIT changed();
    return true;
}

QString Workspace::storePath() const { return QDir(folder_).filePath(QStringLiteral("runs.sqlite")); }
QString Workspace::modelsFolder() const { return QDir(folder_).filePath(QStringLiteral("models")); }
QString Workspace::reportsFolder() const { return QDir(folder_).filePath(QStringLiteral("reports")); }
void Workspace::setPollInterval(int ms) { timer_->setInterval(ms); }

QStringList Workspace::recentFolders() {
    QStringList out;
    for (const auto& f : QSettings().value(kRecentKey).toStringList())
        if (QDir(f).exists()) out << f;
    return out;
}

void Workspace::poll() {
    if (!store_) return;
    try {
        store_->mark_dead_runs_interrupted();
        const qint64 now = store_->data_version();
        if (now != version_) {
            version_ = now;
            Q_EMIT changed();
        }
    } catch (const Error&) {
        // A busy or vanished file is tried again at the next tick.
    }
}

}  // namespace layermoe
