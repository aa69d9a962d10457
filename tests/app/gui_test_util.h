#pragma once
// Helpers for the tests that drive the workbench's widgets as a user would.
#include <QAbstractSpinBox>
#include <QtTest>

// Replaces a spin box's text by typing, as a user selecting it and typing over it (ASCII only:
// QTest::keyClicks sends one key per character).
inline void type_into(QAbstractSpinBox* box, const QString& text) {
    box->selectAll();
    QTest::keyClicks(box, text);
}
