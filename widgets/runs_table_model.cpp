#include "widgets/runs_table_model.h"

#include <QBrush>
#include <QColor>
#include <algorithm>

namespace layermoe {

RunsTableModel::RunsTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void RunsTableModel::setRuns(std::vector<RunRecord> runs) {
    const bool same_rows =
        runs.size() == runs_.size() && std::equal(runs.begin(), runs.end(), runs_.begin(),
                                                  [](const RunRecord& a, const RunRecord& b) { return a.id == b.id; });
    if (same_rows) {
        runs_ = std::move(runs);
        if (!runs_.empty()) Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    runs_ = std::move(runs);
    endResetModel();
}

const RunRecord* RunsTableModel::runAt(int row) const {
    return row >= 0 && row < rowCount() ? &runs_[static_cast<size_t>(row)] : nullptr;
}

int RunsTableModel::rowOf(int64_t id) const {
    const auto it = std::find_if(runs_.begin(), runs_.end(), [id](const RunRecord& r) { return r.id == id; });
    return it == runs_.end() ? -1 : static_cast<int>(it - runs_.begin());
}

int RunsTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(runs_.size());
}

int RunsTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant RunsTableModel::data(const QModelIndex& index, int role) const {
    const RunRecord* run = runAt(index.row());
    if (!run) return {};
    if (role == Qt::ForegroundRole && index.column() == Status) {
        if (run->status == RunStatus::Failed || run->status == RunStatus::Interrupted)
            return QBrush(QColor(0xb0, 0x20, 0x20));
        if (run->status == RunStatus::Running) return QBrush(QColor(0x20, 0x60, 0xb0));
        return {};
    }
    if (role == Qt::ToolTipRole) return QString::fromStdString(run->config.dump(2));
    if (role != Qt::DisplayRole && role != Qt::EditRole) return {};
    switch (index.column()) {
    case Id: return QVariant::fromValue<qlonglong>(run->id);
    case Parent: return run->parent ? QVariant::fromValue<qlonglong>(*run->parent) : QVariant();
    case Kind: return QString::fromUtf8(to_string(run->kind).data());
    case Status: return QString::fromUtf8(to_string(run->status).data());
    case Name: return QString::fromStdString(run->name);
    case Started: return QString::fromStdString(run->started);
    case Finished: return QString::fromStdString(run->finished);
    default: return {};
    }
}

QVariant RunsTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Id: return tr("Run");
    case Parent: return tr("Parent");
    case Kind: return tr("Kind");
    case Status: return tr("Status");
    case Name: return tr("Name");
    case Started: return tr("Started");
    case Finished: return tr("Finished");
    default: return {};
    }
}

}  // namespace layermoe
