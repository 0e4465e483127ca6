#pragma once

#include "base/Background.h"
#include "base/Error.h"
#include "db/Connection.h"
#include "project/Environment.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace retort {

// One value of a previewed row, ready to display. The core does not shorten text: long values
// are elided by the view that shows them.
struct PreviewCell {
    enum class Kind {
        Value,  // `text` is the value as text (numbers, dates and strings as the driver gives them)
        Null,   // SQL NULL (`text` is empty): shown differently from an empty string
        Binary, // a blob: `text` is "0x" and the hex of its first bytes ("…" when cut), `bytes`
                // its whole size
    };
    Kind kind = Kind::Value;
    QString text;
    qint64 bytes = 0;

    bool isNull() const { return kind == Kind::Null; }
};

// The first rows of a relation, as `SELECT *` returns them (in the server's order).
struct RowPreview {
    QStringList columns;
    std::vector<std::vector<PreviewCell>> rows;
    bool more = false; // the relation has more rows than were read
};

// How many leading bytes of a blob preview shows in hex.
inline constexpr int kPreviewBlobBytes = 32;

// The first `limit` rows of `schema`.`relation` in environment `env`, on a read-only connection
// (SQLite: query_only; PostgreSQL and MySQL/MariaDB: a READ ONLY transaction, rolled back), with
// both names quoted for the dialect — so any name works, quotes and spaces included. `schema`
// may be empty (the connection's default). Errors name the relation; a SQLite file that does not
// exist is DatabaseMissing. Blocking: a worker thread or the CLI; `cancel` is checked before the
// query runs and before the rows are read.
Result<RowPreview> previewRows(const Environment &env, const ConnectionSecrets &secrets,
                               const QString &schema, const QString &relation, int limit = 200,
                               const CancelToken *cancel = nullptr);

// A value the driver returned, as preview shows it. Pure.
PreviewCell previewCell(const QVariant &value);

} // namespace retort
