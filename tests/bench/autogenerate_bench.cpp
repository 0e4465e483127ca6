// Autogenerate (schema/SchemaMigration.h): the SQL between two 1,000-table SQLite schemas read
// from real in-memory databases, one of them changed in 30 tables (10 added columns, 10 type
// changes that need the rebuild, 10 new indexes), both directions.
#include "schema/SchemaMigration.h"
#include "schema/SqliteInspector.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include <benchmark/benchmark.h>

using namespace retort;

namespace {

SchemaSnapshot sqliteSchema(int tables, bool changed)
{
    const QString name = changed ? QStringLiteral("bench-b") : QStringLiteral("bench-a");
    SchemaSnapshot out;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        db.open();
        QSqlQuery q(db);
        db.transaction();
        for (int t = 0; t < tables; ++t) {
            const QString table = QStringLiteral("t%1").arg(t, 4, 10, QLatin1Char('0'));
            QString priceType = QStringLiteral("INTEGER");
            QString extra;
            if (changed && t % 100 == 1)
                extra = QStringLiteral(", note TEXT DEFAULT 'n'");
            if (changed && t % 100 == 2)
                priceType = QStringLiteral("NUMERIC(12,2)");
            q.exec(QStringLiteral("CREATE TABLE %1 (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                                  "price %2 CHECK (price >= 0), parent INTEGER REFERENCES %3(id)"
                                  "%4)")
                       .arg(table, priceType,
                            QStringLiteral("t%1").arg((t + 1) % tables, 4, 10, QLatin1Char('0')),
                            extra));
            q.exec(QStringLiteral("CREATE INDEX ix_%1_name ON %1 (name)").arg(table));
            if (changed && t % 100 == 3)
                q.exec(QStringLiteral("CREATE INDEX ix_%1_price ON %1 (price)").arg(table));
        }
        db.commit();
        out = *inspectSqlite(db);
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

void BM_SqliteMigrationScriptThousandTables(benchmark::State &state)
{
    const SchemaSnapshot a = sqliteSchema(int(state.range(0)), false);
    const SchemaSnapshot b = sqliteSchema(int(state.range(0)), true);
    qsizetype statements = 0;
    for (auto _ : state) {
        const MigrationScript up = migrationScript(a, b);
        const MigrationScript down = migrationScript(b, a);
        statements = up.statements.size() + down.statements.size();
        benchmark::DoNotOptimize(statements);
    }
    state.counters["statements"] = double(statements);
}
BENCHMARK(BM_SqliteMigrationScriptThousandTables)->Arg(1000)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
