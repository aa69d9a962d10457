#pragma once
// The runs of an experiment store as a table: id, parent, kind, status, name, started, finished.
#include <QAbstractTableModel>
#include <vector>

#include "core/store/store.h"

namespace layermoe {

class RunsTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Id, Parent, Kind, Status, Name, Started, Finished, ColumnCount };
    explicit RunsTableModel(QObject* parent = nullptr);
    void setRuns(std::vector<RunRecord> runs);  // keeps selection-stable rows when only statuses change
    const RunRecord* runAt(int row) const;
    int rowOf(int64_t id) const;  // -1 when the run is not in the table
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::vector<RunRecord> runs_;
};

}  // namespace layermoe
