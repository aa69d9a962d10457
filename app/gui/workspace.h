#pragma once
// A workspace: a folder holding the experiment store (runs.sqlite), the models and the reports.
// The GUI reads the store on its own thread (readers never wait for writers) and polls its
// data_version, so runs the CLI or a job writes appear while the GUI is open.
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

class QTimer;

namespace layermoe {

class Store;

class Workspace : public QObject {
    Q_OBJECT
public:
    explicit Workspace(QObject* parent = nullptr);
    ~Workspace() override;

    // Opens the workspace in `folder`. Without a store there, creates the folder and its store
    // only when `create` is set; otherwise false with a message a user can act on.
    bool open(const QString& folder, QString* error, bool create = false);
    // Whether `folder` holds a workspace's store (runs.sqlite).
    static bool hasStore(const QString& folder);
    bool isOpen() const { return store_ != nullptr; }
    QString folder() const { return folder_; }
    QString storePath() const;
    QString modelsFolder() const;
    QString reportsFolder() const;
    Store* store() { return store_.get(); }  // GUI thread only; null when closed
    void setPollInterval(int ms);

    static QStringList recentFolders();  // most recent first

Q_SIGNALS:
    void opened(const QString& folder);
    void changed();  // something was written to the store

private:
    void poll();

    std::unique_ptr<Store> store_;
    QString folder_;
    QTimer* timer_;
    qint64 version_ = -1;
};

}  // namespace layermoe
