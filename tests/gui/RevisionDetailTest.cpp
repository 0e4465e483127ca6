// The detail pane on its own: links that follow the palette, values that wrap in a narrow pane.

#include "RevisionDetail.h"
#include "Appearance.h"
#include "GuiTestSupport.h"

#include "graph/RevisionGraph.h"

#include <QImage>
#include <QLabel>
#include <QPalette>

#include <gtest/gtest.h>

using namespace guitest;
using retort::gui::Appearance;
using retort::gui::RevisionDetail;

namespace {

const QString kLoyalty = QStringLiteral("2a8091e12ecd"); // one parent, one child

// How many pixels of `widget` are within `tolerance` (per channel) of `color`.
int pixelsNear(QWidget &widget, const QColor &color, int tolerance = 24)
{
    const QImage image = widget.grab().toImage();
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (std::abs(c.red() - color.red()) <= tolerance &&
                std::abs(c.green() - color.green()) <= tolerance &&
                std::abs(c.blue() - color.blue()) <= tolerance)
                ++count;
        }
    return count;
}

std::shared_ptr<const Workspace> demo()
{
    return std::shared_ptr<const Workspace>(loadDirectly(kDemo));
}

TEST(RevisionDetail, LinksTakeThePalettesLinkColourAndFollowAPaletteChange)
{
    retort::gui::applyAppearance(Appearance::Light);
    RevisionDetail detail;
    detail.resize(1000, 420);
    detail.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&detail));
    const auto ws = demo();
    ASSERT_TRUE(ws);
    detail.setRevision(ws, ws->graph().indexOf(kLoyalty));
    auto *parents = child<QLabel>(detail, "parentsLabel");
    auto *children = child<QLabel>(detail, "childrenLabel");
    ASSERT_TRUE(parents && children);

    // Switched to the dark palette while the revision is shown: the links are redrawn in the
    // dark palette's link colour (light blue), not the light palette's dark blue.
    const QColor lightLink = QApplication::palette().color(QPalette::Link);
    retort::gui::applyAppearance(Appearance::Dark);
    QApplication::processEvents();
    const QColor darkLink = QApplication::palette().color(QPalette::Link);
    ASSERT_NE(lightLink, darkLink);
    for (QLabel *label : {parents, children}) {
        EXPECT_GT(pixelsNear(*label, darkLink), 10) << label->objectName().toStdString();
        EXPECT_EQ(pixelsNear(*label, lightLink, 8), 0) << label->objectName().toStdString();
    }

    // And back.
    retort::gui::applyAppearance(Appearance::Light);
    QApplication::processEvents();
    EXPECT_GT(pixelsNear(*parents, lightLink), 10);
    EXPECT_EQ(pixelsNear(*parents, darkLink, 8), 0);
    retort::gui::applyAppearance(Appearance::System);
}

} // namespace
