// The parse cache's format weighed against a SQLite table: the metadata of N Alembic scripts
// (10,000 unless RETORT_BENCH_SCRIPTS says otherwise), synthesized as `alembic revision` writes
// them (12-hex ids, one parent, a message, a create date), stored and loaded both ways.
//  - binary: ScriptCache (src/core/scripts/ScriptCache.h) as the product uses it; "load" is what
//    a cached `heads` does first (CachedLoad::start): read the file, decode every entry.
//  - sqlite: one table holding the same fields (a WITHOUT ROWID table keyed by folder and file
//    name, the lists joined by '\n'), read with one SELECT in load order into the same index
//    (folder, name, stamp) and Scripts.
// The counter `file_bytes` is the size of the cache file. Not part of ctest.
// Usage: build/tests/bench/retort_cache_bench [--benchmark_min_time=0.5]
#include "scripts/Script.h"
#include "scripts/ScriptCache.h"

#include <QByteArray>
#include <QFile>
#include <QFileInfo>
#include <QString>
#include <QTemporaryDir>

#include <benchmark/benchmark.h>
#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <vector>

using namespace retort;

namespace {

struct Corpus {
    QTemporaryDir tmp;
    QStringList dirs;
    std::vector<Script> scripts;
    std::vector<ScriptCache::Item> items;
    std::vector<FileStamp> dirStamps;
};

int scriptCount()
{
    const char *n = std::getenv("RETORT_BENCH_SCRIPTS");
    return n ? std::atoi(n) : 10000;
}

QString hexId(int i)
{
    // A 12-hex-digit id that looks random, as Alembic's uuid-based ids do.
    const quint64 x = (quint64(i) + 1) * 0x9E3779B97F4A7C15ull;
    return QString::number(x >> 16, 16).rightJustified(12, u'0').right(12);
}

// N scripts in one folder, a linear history, sorted by file name as the loader keeps them.
Corpus &corpus()
{
    static Corpus *c = [] {
        auto *c = new Corpus;
        qputenv("RETORT_CACHE_DIR", QFile::encodeName(c->tmp.path() + QStringLiteral("/cache")));
        qunsetenv("RETORT_NO_CACHE");
        c->dirs = {c->tmp.path() + QStringLiteral("/alembic/versions")};
        const int n = scriptCount();
        std::vector<std::pair<QByteArray, int>> names;
        for (int i = 0; i < n; ++i) {
            Script s;
            s.language = ScriptLanguage::Python;
            s.revision = hexId(i);
            if (i > 0)
                s.downRevisions = {hexId(i - 1)};
            s.message = QStringLiteral("add table t%1 and its indexes").arg(i);
            s.createDate =
                QStringLiteral("2024-03-01 12:%1:00.000000").arg(i % 60, 2, 10, QChar(u'0'));
            s.fileName = s.revision + QStringLiteral("_add_table_t%1_and_its_indexes.py").arg(i);
            c->scripts.push_back(std::move(s));
            names.emplace_back(c->scripts.back().fileName.toUtf8(), i);
        }
        std::sort(names.begin(), names.end());
        const std::int64_t old = 1'700'000'000'000'000'000; // 2023: never racy
        for (const auto &[name, i] : names) {
            const FileStamp stamp{700 + i % 300, old + i, old + i, std::uint64_t(1000 + i)};
            c->items.push_back({0, name, stamp, &c->scripts[size_t(i)], {}});
        }
        c->dirStamps = {FileStamp{4096, old, old, 999}};
        return c;
    }();
    return *c;
}

// --- the binary format (the product's) -------------------------------------------------------

void binaryStore(benchmark::State &state)
{
    Corpus &c = corpus();
    qint64 bytes = 0;
    for (auto _ : state) {
        state.PauseTiming();
        ScriptCache cache(c.dirs);
        QFile::remove(cache.fileName()); // an empty cache: store() always writes
        ScriptCache empty(c.dirs);
        state.ResumeTiming();
        empty.store(c.items, c.dirStamps);
        bytes = QFileInfo(empty.fileName()).size();
    }
    state.counters["file_bytes"] = double(bytes);
}

void binaryLoad(benchmark::State &state)
{
    Corpus &c = corpus();
    ScriptCache(c.dirs).store(c.items, c.dirStamps);
    const QString folder = c.dirs.front() + u'/';
    for (auto _ : state) {
        ScriptCache cache(c.dirs);
        std::vector<Script> scripts(size_t(cache.size()));
        for (int i = 0; i < cache.size(); ++i)
            if (!cache.decode(i, folder, &scripts[size_t(i)]))
                state.SkipWithError("an entry does not decode");
        if (scripts.size() != c.items.size())
            state.SkipWithError("the cache does not hold every script");
        benchmark::DoNotOptimize(scripts.data());
    }
    state.counters["file_bytes"] = double(QFileInfo(ScriptCache(c.dirs).fileName()).size());
}

// --- the SQLite alternative ------------------------------------------------------------------

QString sqlitePath()
{
    return corpus().tmp.path() + QStringLiteral("/cache.sqlite");
}

void exec(sqlite3 *db, const char *sql)
{
    char *err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
        std::cerr << "sqlite: " << (err ? err : "?") << "\n";
        std::exit(2);
    }
}

void bindText(sqlite3_stmt *st, int column, const QString &s)
{
    const QByteArray utf8 = s.toUtf8();
    sqlite3_bind_text(st, column, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}

// Writes every item as one row, in one transaction, into a new database file.
void sqliteWrite(const Corpus &c)
{
    QFile::remove(sqlitePath());
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(sqlitePath()).constData(), &db);
    exec(db, "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; BEGIN;"
             "CREATE TABLE folder(dir INTEGER PRIMARY KEY, size INTEGER, mtime INTEGER, "
             "ctime INTEGER, inode INTEGER);"
             "CREATE TABLE script(dir INTEGER, name BLOB, size INTEGER, mtime INTEGER, "
             "ctime INTEGER, inode INTEGER, revision TEXT, message TEXT, create_date TEXT, "
             "down TEXT, labels TEXT, depends TEXT, PRIMARY KEY(dir, name)) WITHOUT ROWID;");
    sqlite3_stmt *st = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO script VALUES(?,?,?,?,?,?,?,?,?,?,?,?)", -1, &st, nullptr);
    for (const ScriptCache::Item &item : c.items) {
        const Script &s = *item.script;
        sqlite3_bind_int(st, 1, item.dir);
        sqlite3_bind_blob(st, 2, item.name.constData(), int(item.name.size()), SQLITE_STATIC);
        sqlite3_bind_int64(st, 3, item.stamp.size);
        sqlite3_bind_int64(st, 4, item.stamp.mtimeNs);
        sqlite3_bind_int64(st, 5, item.stamp.ctimeNs);
        sqlite3_bind_int64(st, 6, sqlite3_int64(item.stamp.inode));
        bindText(st, 7, s.revision);
        bindText(st, 8, s.message);
        bindText(st, 9, s.createDate);
        bindText(st, 10, s.downRevisions.join(u'\n'));
        bindText(st, 11, s.branchLabels.join(u'\n'));
        bindText(st, 12, s.dependsOn.join(u'\n'));
        sqlite3_step(st);
        sqlite3_reset(st);
    }
    sqlite3_finalize(st);
    exec(db, "INSERT INTO folder VALUES(0, 4096, 0, 0, 999); COMMIT;");
    sqlite3_close(db);
}

QString columnText(sqlite3_stmt *st, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(st, column)),
                             sqlite3_column_bytes(st, column));
}

QStringList columnList(sqlite3_stmt *st, int column)
{
    const QString s = columnText(st, column);
    return s.isEmpty() ? QStringList() : s.split(u'\n');
}

// The same index entry the binary format gives: folder, name and stamp.
struct IndexRow {
    int dir = 0;
    QByteArray name;
    FileStamp stamp;
};

void sqliteStore(benchmark::State &state)
{
    const Corpus &c = corpus();
    for (auto _ : state)
        sqliteWrite(c);
    state.counters["file_bytes"] = double(QFileInfo(sqlitePath()).size());
}

void sqliteLoad(benchmark::State &state)
{
    const Corpus &c = corpus();
    sqliteWrite(c);
    const QString folder = c.dirs.front() + u'/';
    for (auto _ : state) {
        sqlite3 *db = nullptr;
        sqlite3_open_v2(QFile::encodeName(sqlitePath()).constData(), &db, SQLITE_OPEN_READONLY,
                        nullptr);
        sqlite3_stmt *st = nullptr;
        sqlite3_prepare_v2(db,
                           "SELECT dir, name, size, mtime, ctime, inode, revision, message, "
                           "create_date, down, labels, depends FROM script ORDER BY dir, name",
                           -1, &st, nullptr);
        std::vector<IndexRow> index;
        std::vector<Script> scripts;
        index.reserve(c.items.size());
        scripts.reserve(c.items.size());
        while (sqlite3_step(st) == SQLITE_ROW) {
            IndexRow &r = index.emplace_back();
            r.dir = sqlite3_column_int(st, 0);
            r.name = QByteArray(static_cast<const char *>(sqlite3_column_blob(st, 1)),
                                sqlite3_column_bytes(st, 1));
            r.stamp = {sqlite3_column_int64(st, 2), sqlite3_column_int64(st, 3),
                       sqlite3_column_int64(st, 4), std::uint64_t(sqlite3_column_int64(st, 5))};
            Script &s = scripts.emplace_back();
            s.language = ScriptLanguage::Python;
            s.revision = columnText(st, 6);
            s.message = columnText(st, 7);
            s.createDate = columnText(st, 8);
            s.downRevisions = columnList(st, 9);
            s.branchLabels = columnList(st, 10);
            s.dependsOn = columnList(st, 11);
            s.fileName = QString::fromUtf8(r.name);
            s.path = folder + s.fileName;
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        if (scripts.size() != c.items.size())
            state.SkipWithError("the table does not hold every script");
        benchmark::DoNotOptimize(scripts.data());
    }
    state.counters["file_bytes"] = double(QFileInfo(sqlitePath()).size());
}

} // namespace

BENCHMARK(binaryStore)->Unit(benchmark::kMillisecond);
BENCHMARK(binaryLoad)->Unit(benchmark::kMillisecond);
BENCHMARK(sqliteStore)->Unit(benchmark::kMillisecond);
BENCHMARK(sqliteLoad)->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
