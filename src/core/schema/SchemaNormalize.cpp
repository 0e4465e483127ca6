// The canonical form SchemaDiff compares PostgreSQL expressions in: libpg_query's parse tree,
// locations removed (see PgStatementTargets.cpp for the other use of the parser).

#include "schema/SchemaDiff.h"

#include <pg_query.h>

#include <QJsonDocument>

namespace retort {

namespace {

QJsonValue withoutLocations(const QJsonValue &v)
{
    if (v.isObject()) {
        QJsonObject out;
        const QJsonObject o = v.toObject();
        for (auto it = o.constBegin(); it != o.constEnd(); ++it)
            if (it.key() != u"location" && it.key() != u"stmt_location" && it.key() != u"stmt_len")
                out.insert(it.key(), withoutLocations(it.value()));
        return out;
    }
    if (v.isArray()) {
        QJsonArray out;
        for (const QJsonValue &item : v.toArray())
            out.append(withoutLocations(item));
        return out;
    }
    return v;
}

} // namespace

QString pgCanonical(const QString &text, bool expression)
{
    const QByteArray utf8 = (expression ? QStringLiteral("SELECT ") + text : text).toUtf8();
    PgQueryParseResult result = pg_query_parse(utf8.constData());
    QString out;
    if (!result.error) {
        const QJsonValue tree = withoutLocations(
            QJsonDocument::fromJson(QByteArray(result.parse_tree)).object().value(u"stmts"));
        out = QString::fromUtf8(QJsonDocument(tree.toArray()).toJson(QJsonDocument::Compact));
    }
    pg_query_free_parse_result(result);
    return out.isEmpty() ? text.simplified() : out;
}

} // namespace retort
