#include "widgets/language_table_model.h"

#include <QLocale>

namespace layermoe {

namespace {

QString group_text(const std::optional<LanguageGroup>& g) {
    return g ? QString::fromStdString(group_name(*g)) : QString();
}

std::optional<LanguageGroup> group_from_text(const QString& text) {
    if (text == QStringLiteral("old")) return LanguageGroup::Old;
    if (text == QStringLiteral("G1")) return LanguageGroup::New1;
    if (text == QStringLiteral("G2")) return LanguageGroup::New2;
    return std::nullopt;
}

QVariant count_text(int64_t n) { return n < 0 ? QVariant() : QVariant(QLocale().toString(static_cast<qlonglong>(n))); }

}  // namespace

LanguageTableModel::LanguageTableModel(QObject* parent) : QAbstractTableModel(parent) {}

QStringList LanguageTableModel::groupChoices() {
    return {QString(), QStringLiteral("old"), QStringLiteral("G1"), QStringLiteral("G2")};
}

void LanguageTableModel::setLanguages(const std::vector<std::string>& codes, const LanguageGroups& groups) {
    beginResetModel();
    rows_.clear();
    for (const auto& code : codes) rows_.push_back({code, groups.group_of(code), -1, -1, -1});
    // Grouped languages first (old, G1, G2), then the rest in the corpus's order.
    std::stable_sort(rows_.begin(), rows_.end(), [](const LanguageRow& a, const LanguageRow& b) {
        const int ga = a.group ? static_cast<int>(*a.group) : 3, gb = b.group ? static_cast<int>(*b.group) : 3;
        return ga < gb;
    });
    endResetModel();
}

void LanguageTableModel::setCounts(const std::string& code, int64_t train_documents, int64_t heldout_documents,
                                   int64_t train_bytes) {
    const int row = rowOf(code);
    if (row < 0) return;
    auto& r = rows_[static_cast<size_t>(row)];
    r.train_documents = train_documents;
    r.heldout_documents = heldout_documents;
    r.train_bytes = train_bytes;
    Q_EMIT dataChanged(index(row, TrainDocuments), index(row, TrainBytes));
}

LanguageGroups LanguageTableModel::groups() const {
    LanguageGroups g;
    for (const auto& r : rows_) {
        if (!r.group) continue;
        switch (*r.group) {
        case LanguageGroup::Old: g.old_langs.push_back(r.code); break;
        case LanguageGroup::New1: g.new1.push_back(r.code); break;
        case LanguageGroup::New2: g.new2.push_back(r.code); break;
        }
    }
    return g;
}

int LanguageTableModel::rowOf(const std::string& code) const {
    for (size_t i = 0; i < rows_.size(); ++i)
        if (rows_[i].code == code) return static_cast<int>(i);
    return -1;
}

int LanguageTableModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(rows_.size());
}
int LanguageTableModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant LanguageTableModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) return {};
    const auto& r = rows_[static_cast<size_t>(index.row())];
    const LanguageInfo* info = find_language(r.code);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case Code: return QString::fromStdString(r.code);
        case Name: return info ? QString::fromStdString(info->name) : QString();
        case Script: return info ? QString::fromStdString(info->script) : QString();
        case Group: return group_text(r.group);
        case TrainDocuments: return count_text(r.train_documents);
        case HeldoutDocuments: return count_text(r.heldout_documents);
        case TrainBytes: return count_text(r.train_bytes);
        }
    }
    if (role == Qt::TextAlignmentRole && index.column() >= TrainDocuments)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Group)
        return tr("old: the base model knows it; G1: taught by the expansion; G2: taught by a second expansion");
    return {};
}

bool LanguageTableModel::setData(const QModelIndex& index, const QVariant& value, int role) {
    if (!index.isValid() || index.column() != Group || role != Qt::EditRole) return false;
    const QString text = value.toString();
    if (!groupChoices().contains(text)) return false;
    rows_[static_cast<size_t>(index.row())].group = group_from_text(text);
    Q_EMIT dataChanged(index, index);
    Q_EMIT groupsEdited();
    return true;
}

Qt::ItemFlags LanguageTableModel::flags(const QModelIndex& index) const {
    auto f = QAbstractTableModel::flags(index);
    if (index.column() == Group) f |= Qt::ItemIsEditable;
    return f;
}

QVariant LanguageTableModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case Code: return tr("Code");
    case Name: return tr("Language");
    case Script: return tr("Script");
    case Group: return tr("Group");
    case TrainDocuments: return tr("Train docs");
    case HeldoutDocuments: return tr("Held-out docs");
    case TrainBytes: return tr("Train bytes");
    }
    return {};
}

}  // namespace layermoe
