#include "Appearance.h"

#include <QApplication>
#include <QPalette>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace retort::gui {

namespace {

const QString kAppearanceKey = QStringLiteral("appearance");

struct Desktop {
    QString style;
    QPalette palette;
};

const Desktop &desktop()
{
    static const Desktop d{QApplication::style()->name(), QApplication::palette()};
    return d;
}

QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2d, 0x31), base(0x1f, 0x21, 0x24), text(0xe6, 0xe6, 0xe6);
    const QColor disabled(0x7f, 0x84, 0x8c), button(0x35, 0x38, 0x3d);
    p.setColor(QPalette::Window, window);
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, base);
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    p.setColor(QPalette::ToolTipBase, QColor(0x3a, 0x3d, 0x42));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::PlaceholderText, disabled);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, button);
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xff, 0x6b, 0x6b));
    p.setColor(QPalette::Light, QColor(0x4a, 0x4d, 0x53));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x43, 0x48));
    p.setColor(QPalette::Mid, QColor(0x30, 0x32, 0x36));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1c));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Highlight, QColor(0x2f, 0x6f, 0xd0));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::Link, QColor(0x6c, 0xa8, 0xff));
    p.setColor(QPalette::LinkVisited, QColor(0xb0, 0x8c, 0xff));
    for (auto role : {QPalette::WindowText, QPalette::Text, QPalette::ButtonText})
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x48, 0x4e));
    return p;
}

} // namespace

void applyAppearance(Appearance appearance)
{
    const Desktop &d = desktop(); // recorded before anything is changed
    switch (appearance) {
    case Appearance::System:
        QApplication::setStyle(QStyleFactory::create(d.style));
        QApplication::setPalette(d.palette);
        return;
    case Appearance::Light:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(QApplication::style()->standardPalette());
        return;
    case Appearance::Dark:
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        QApplication::setPalette(darkPalette());
        return;
    }
}

Appearance savedAppearance()
{
    const QString value = QSettings().value(kAppearanceKey).toString();
    if (value == u"light")
        return Appearance::Light;
    if (value == u"dark")
        return Appearance::Dark;
    return Appearance::System;
}

void saveAppearance(Appearance appearance)
{
    QString value = QStringLiteral("system");
    if (appearance == Appearance::Light)
        value = QStringLiteral("light");
    else if (appearance == Appearance::Dark)
        value = QStringLiteral("dark");
    QSettings().setValue(kAppearanceKey, value);
}

} // namespace retort::gui
