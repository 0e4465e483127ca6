// SchemaHistory (workflows/SchemaHistory.h) on a generated native project: reading every
// revision's upgrade (PostgreSQL through libpg_query, SQLite through the tokenizer), then the
// questions the schema view asks: one object's touches, and the objects pending revisions touch.
// The project (a chain of N revisions, 4 statements each: CREATE TABLE, CREATE INDEX, ALTER TABLE
// on an older table, COMMENT ON / a rename every 50th) is written to a temporary folder.
#include "project/Workspace.h"
#include "workflows/SchemaHistory.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>

using namespace retort;

namespace {

QString revId(int i)
{
    return QStringLiteral("r%1").arg(i, 6, 10, QLatin1Char('0'));
}

std::unique_ptr<Workspace> generate(const QString &root, int n)
{
    QDir().mkpath(root + QStringLiteral("/versions"));
    QFile toml(root + QStringLiteral("/retort.toml"));
    if (!toml.open(QIODevice::WriteOnly))
        std::exit(2);
    toml.write("[project]\nname = \"bench\"\n\n[environments.local]\ndriver = \"sqlite\"\n"
               "database = \"b.db\"\n");
    toml.close();
    for (int i = 1; i <= n; ++i) {
        const QString id = revId(i);
        const QString t = QStringLiteral("t%1").arg(i);
        const QString older = QStringLiteral("t%1").arg(i / 2 + 1);
        QString up = QStringLiteral("CREATE TABLE %1 (id integer PRIMARY KEY, name text NOT NULL, "
                                    "created timestamp DEFAULT CURRENT_TIMESTAMP);\n"
                                    "CREATE INDEX ix_%1_name ON %1 (name);\n"
                                    "ALTER TABLE %2 ADD COLUMN c%3 integer;\n")
                         .arg(t, older)
                         .arg(i);
        up += i % 50 == 0 ? QStringLiteral("ALTER TABLE %1 RENAME TO %1_renamed;\n").arg(t)
                          : QStringLiteral("UPDATE %1 SET name = 'x' WHERE id = 0;\n").arg(t);
        QFile f(root + QStringLiteral("/versions/%1_step.sql").arg(id));
        if (!f.open(QIODevice::WriteOnly))
            std::exit(2);
        f.write(QStringLiteral("-- Step %1\n--\n-- Revision ID: %2\n-- Revises: %3\n\n"
                               "-- migrate:upgrade\n%4\n-- migrate:downgrade\nSELECT 1;\n")
                    .arg(i)
                    .arg(id, i == 1 ? QString() : revId(i - 1), up)
                    .toUtf8());
    }
    auto ws = Workspace::load(root);
    if (!ws) {
        std::cerr << qPrintable(ws.error().toString()) << "\n";
        std::exit(2);
    }
    return std::move(*ws);
}

const Workspace &workspace(int n)
{
    static QTemporaryDir dir;
    static std::map<int, std::unique_ptr<Workspace>> made;
    auto &ws = made[n];
    if (!ws)
        ws = generate(dir.filePath(QString::number(n)), n);
    return *ws;
}

void build(benchmark::State &state, const char *driver)
{
    const Workspace &ws = workspace(int(state.range(0)));
    int size = 0;
    for (auto _ : state) {
        auto h = SchemaHistory::build(ws, QString::fromLatin1(driver));
        size = h ? h->size() : -1;
        benchmark::DoNotOptimize(size);
    }
    state.counters["targets"] = size;
}

void buildPostgresql(benchmark::State &state)
{
    build(state, "postgresql");
}
void buildSqlite(benchmark::State &state)
{
    build(state, "sqlite");
}

// One table's touches (the Migrations tab): a table altered by a later revision and renamed.
void touchesOfOne(benchmark::State &state)
{
    const int n = int(state.range(0));
    auto h = SchemaHistory::build(workspace(n), QStringLiteral("sqlite"));
    for (auto _ : state)
        benchmark::DoNotOptimize(h->touchesOf({}, QStringLiteral("t50_renamed")).size());
}

// Marking a 1,000-table tree: touchedBy for each table with the newest 100 revisions pending.
void touchedByTree(benchmark::State &state)
{
    const int n = int(state.range(0));
    auto h = SchemaHistory::build(workspace(n), QStringLiteral("sqlite"));
    QStringList pending;
    for (int i = n; i > n - 100; --i)
        pending.append(revId(i));
    QStringList tables;
    for (int i = 1; i <= 1000; ++i)
        tables.append(QStringLiteral("t%1").arg(i * (n / 1000)));
    for (auto _ : state) {
        int marked = 0;
        for (const QString &t : tables)
            marked += h->touchedBy(pending, {}, t);
        benchmark::DoNotOptimize(marked);
    }
}

} // namespace

BENCHMARK(buildPostgresql)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(buildSqlite)->Arg(1000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(touchesOfOne)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(touchedByTree)->Arg(10000)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
