// The Schema view on a synthetic 1,000-table snapshot (10 columns, 2 indexes and 1 foreign key
// each), offscreen: the time from the snapshot's arrival to the tree shown (model, filter proxy,
// expansion and one paint), and each keystroke of a filter typed letter by letter (the proxy,
// the expansion and the repaint), as median and worst. Figures, not assertions (issue 13's
// targets: tree < 1 s, keystroke < 50 ms). Usage: retort_schema_gui_bench [tables]

#include "SchemaView.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTest>
#include <QTreeView>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace retort;

namespace {

std::shared_ptr<const SchemaSnapshot> syntheticSnapshot(int tables)
{
    auto s = std::make_shared<SchemaSnapshot>();
    s->driver = QStringLiteral("postgresql");
    s->serverVersion = QStringLiteral("15.5");
    s->schemas = QStringList{QStringLiteral("public")};
    for (int t = 0; t < tables; ++t) {
        SchemaRelation r;
        r.schema = QStringLiteral("public");
        r.name = QStringLiteral("table_%1").arg(t, 4, 10, QLatin1Char('0'));
        r.rowsEstimate = 1000 + t;
        r.sizeBytes = 8192 * (t + 1);
        for (int c = 0; c < 10; ++c) {
            SchemaColumn col;
            col.name = c == 0 ? QStringLiteral("id") : QStringLiteral("column_%1").arg(c);
            col.type = c == 0 ? QStringLiteral("bigint") : QStringLiteral("character varying(120)");
            col.nullable = c != 0;
            col.primaryKeyPosition = c == 0 ? 1 : 0;
            col.storage = QStringLiteral("extended");
            r.columns.push_back(col);
        }
        r.indexes.push_back({QStringLiteral("%1_pkey").arg(r.name),
                             QStringLiteral("CREATE UNIQUE INDEX %1_pkey ON public.%1 USING btree "
                                            "(id)")
                                 .arg(r.name),
                             {QStringLiteral("id")},
                             true,
                             true,
                             false,
                             {},
                             QStringLiteral("btree"),
                             QStringLiteral("primary key"),
                             true,
                             16384});
        r.indexes.push_back({QStringLiteral("ix_%1_c1").arg(r.name),
                             QStringLiteral("CREATE INDEX ix_%1_c1 ON public.%1 USING btree "
                                            "(column_1)")
                                 .arg(r.name),
                             {QStringLiteral("column_1")},
                             false,
                             false,
                             false,
                             {},
                             QStringLiteral("btree"),
                             {},
                             true,
                             16384});
        SchemaForeignKey fk;
        fk.name = QStringLiteral("%1_parent_fkey").arg(r.name);
        fk.columns = QStringList{QStringLiteral("column_2")};
        fk.refSchema = QStringLiteral("public");
        fk.refTable = QStringLiteral("table_%1").arg((t + 1) % tables, 4, 10, QLatin1Char('0'));
        fk.refColumns = QStringList{QStringLiteral("id")};
        fk.onDelete = fk.onUpdate = QStringLiteral("NO ACTION");
        r.foreignKeys.push_back(fk);
        r.ddl = QStringLiteral("CREATE TABLE public.%1 (...);").arg(r.name);
        s->relations.push_back(std::move(r));
    }
    return s;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QStandardPaths::setTestModeEnabled(true);
    QApplication app(argc, argv);
    const int tables = argc > 1 ? std::max(1, atoi(argv[1])) : 1000;
    const auto snapshot = syntheticSnapshot(tables);

    gui::SchemaView view(nullptr);
    view.resize(1400, 900);
    view.show();
    QApplication::processEvents();

    // From the snapshot's arrival to the tree painted, five times.
    std::vector<double> populate;
    for (int i = 0; i < 5; ++i) {
        view.setSnapshot(nullptr);
        QApplication::processEvents();
        QElapsedTimer timer;
        timer.start();
        view.setSnapshot(snapshot);
        view.tree()->viewport()->repaint();
        populate.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("tree of %d tables: median %.1f ms, worst %.1f ms (5 runs)\n", tables,
                median(populate), *std::max_element(populate.begin(), populate.end()));

    // Typing a word into the filter, then deleting it, one key at a time.
    auto *filter = view.findChild<QLineEdit *>(QStringLiteral("schemaFilter"));
    std::vector<double> keys;
    const QString word = QStringLiteral("table_0512");
    for (int round = 0; round < 3; ++round) {
        for (QChar ch : word) {
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(filter, ch.toLatin1());
            view.tree()->viewport()->repaint();
            keys.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        for (int i = 0; i < word.size(); ++i) {
            QElapsedTimer timer;
            timer.start();
            QTest::keyClick(filter, Qt::Key_Backspace);
            view.tree()->viewport()->repaint();
            keys.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
    }
    std::printf("filter keystroke (typing and deleting \"%s\", %zu keys): median %.2f ms, worst "
                "%.2f ms\n",
                qPrintable(word), keys.size(), median(keys),
                *std::max_element(keys.begin(), keys.end()));

    // Selecting a table: its tabs filled.
    std::vector<double> select;
    for (int t = 0; t < 50; ++t) {
        QElapsedTimer timer;
        timer.start();
        view.selectObject(QStringLiteral("public"),
                          QStringLiteral("table_%1").arg(t * 17 % tables, 4, 10, QLatin1Char('0')));
        QApplication::processEvents();
        select.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    std::printf("selecting a table (tabs filled): median %.2f ms, worst %.2f ms\n", median(select),
                *std::max_element(select.begin(), select.end()));
    return 0;
}
