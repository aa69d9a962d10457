#include "app/gui/translator.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>
#include <memory>

namespace layermoe {

namespace {

struct Installed {
    std::unique_ptr<QTranslator> ours, qt;
    QString code = QStringLiteral("en");
};

Installed& installed() {
    static Installed state;
    return state;
}

}  // namespace

QStringList interface_languages() {
    return {QStringLiteral("en"), QStringLiteral("zh_CN"), QStringLiteral("es"), QStringLiteral("de")};
}

QString interface_language_name(const QString& code) {
    if (code == QStringLiteral("zh_CN")) return QStringLiteral("中文 (简体)");
    if (code == QStringLiteral("es")) return QStringLiteral("Español");
    if (code == QStringLiteral("de")) return QStringLiteral("Deutsch");
    return QStringLiteral("English");
}

bool set_interface_language(const QString& code) {
    Installed& state = installed();
    for (auto* t : {state.ours.get(), state.qt.get()})
        if (t) QCoreApplication::removeTranslator(t);
    state.ours.reset();
    state.qt.reset();
    state.code = QStringLiteral("en");
    if (code == QStringLiteral("en") || code.isEmpty()) return true;
    auto ours = std::make_unique<QTranslator>();
    if (!ours->load(QStringLiteral(":/i18n/layermoe_%1.qm").arg(code))) return false;
    QCoreApplication::installTranslator(ours.get());
    state.ours = std::move(ours);
    auto qt = std::make_unique<QTranslator>();
    if (qt->load(QStringLiteral("qtbase_%1").arg(code), QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
        QCoreApplication::installTranslator(qt.get());
        state.qt = std::move(qt);
    }
    state.code = code;
    return true;
}

QString current_interface_language() { return installed().code; }

}  // namespace layermoe
