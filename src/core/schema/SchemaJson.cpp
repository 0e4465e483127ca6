#include "schema/SchemaJson.h"

#include <QFile>
#include <QJsonDocument>

#include <algorithm>
#include <functional>

namespace retort {

namespace {

QJsonValue optionalNumber(const std::optional<qint64> &v)
{
    return v ? QJsonValue(double(*v)) : QJsonValue();
}

QJsonObject keyJson(const SchemaForeignKey &key)
{
    return {{QStringLiteral("name"), key.name},
            {QStringLiteral("columns"), QJsonArray::fromStringList(key.columns)},
            {QStringLiteral("ref_schema"), key.refSchema},
            {QStringLiteral("ref_table"), key.refTable},
            {QStringLiteral("ref_columns"), QJsonArray::fromStringList(key.refColumns)},
            {QStringLiteral("on_delete"), key.onDelete},
            {QStringLiteral("on_update"), key.onUpdate},
            {QStringLiteral("definition"), key.definition},
            {QStringLiteral("deferrable"), key.deferrable},
            {QStringLiteral("initially_deferred"), key.initiallyDeferred},
            {QStringLiteral("validated"), key.validated}};
}

// --- reading ----------------------------------------------------------------------------------

// Walks a document keeping the path of what it reads; the first problem is kept with its path.
class Reader {
public:
    explicit Reader(QString source) : m_source(std::move(source)) {}

    bool failed() const { return !m_error.isEmpty(); }
    Error error() const { return Error(m_error, m_source); }

    void fail(const QString &path, const QString &what)
    {
        if (m_error.isEmpty())
            m_error = path.isEmpty() ? what : QStringLiteral("%1: %2").arg(path, what);
    }

    // A member of `o` (path `at`): absent or null gives the default; a wrong type is an error.
    QString text(const QJsonObject &o, const QString &at, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isString())
            fail(join(at, key), QStringLiteral("expected a string"));
        return v.toString();
    }
    std::optional<QString> optionalText(const QJsonObject &o, const QString &at, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (!v.isString())
            fail(join(at, key), QStringLiteral("expected a string or null"));
        return v.toString();
    }
    // Names must be there and not empty.
    QString name(const QJsonObject &o, const QString &at, const char *key = "name")
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isString() || v.toString().isEmpty())
            fail(join(at, key), QStringLiteral("expected a non-empty string"));
        return v.toString();
    }
    bool flag(const QJsonObject &o, const QString &at, const char *key, bool fallback)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return fallback;
        if (!v.isBool())
            fail(join(at, key), QStringLiteral("expected true or false"));
        return v.toBool();
    }
    // A whole number, written as a number or (beyond 2^53) as its decimal text.
    std::optional<qint64> number(const QJsonObject &o, const QString &at, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return std::nullopt;
        if (v.isDouble())
            return qint64(v.toDouble());
        bool ok = false;
        const qint64 n = v.toString().toLongLong(&ok);
        if (!v.isString() || !ok)
            fail(join(at, key), QStringLiteral("expected a whole number"));
        return n;
    }
    QStringList texts(const QJsonObject &o, const QString &at, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return {};
        if (!v.isArray()) {
            fail(join(at, key), QStringLiteral("expected an array of strings"));
            return {};
        }
        QStringList out;
        const QJsonArray items = v.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!items[i].isString())
                fail(QStringLiteral("%1[%2]").arg(join(at, key)).arg(i),
                     QStringLiteral("expected a string"));
            out.append(items[i].toString());
        }
        return out;
    }
    // Calls `read(object, path)` for each object of the array `key`.
    void objects(const QJsonObject &o, const QString &at, const char *key,
                 const std::function<void(const QJsonObject &, const QString &)> &read)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return;
        if (!v.isArray()) {
            fail(join(at, key), QStringLiteral("expected an array"));
            return;
        }
        eachObject(v.toArray(), join(at, key), read);
    }
    void eachObject(const QJsonArray &items, const QString &at,
                    const std::function<void(const QJsonObject &, const QString &)> &read)
    {
        for (qsizetype i = 0; i < items.size() && !failed(); ++i) {
            const QString path = QStringLiteral("%1[%2]").arg(at).arg(i);
            if (!items[i].isObject())
                fail(path, QStringLiteral("expected an object"));
            else
                read(items[i].toObject(), path);
        }
    }

private:
    static QString join(const QString &at, const char *key)
    {
        return at.isEmpty() ? QString::fromLatin1(key) : at + u'.' + QLatin1String(key);
    }
    QString m_source;
    QString m_error;
};

SchemaForeignKey readKey(Reader &rd, const QJsonObject &o, const QString &at)
{
    SchemaForeignKey k;
    k.name = rd.text(o, at, "name");
    k.columns = rd.texts(o, at, "columns");
    k.refSchema = rd.text(o, at, "ref_schema");
    k.refTable = rd.name(o, at, "ref_table");
    k.refColumns = rd.texts(o, at, "ref_columns");
    k.onDelete = rd.text(o, at, "on_delete");
    k.onUpdate = rd.text(o, at, "on_update");
    k.definition = rd.text(o, at, "definition");
    k.deferrable = rd.flag(o, at, "deferrable", false);
    k.initiallyDeferred = rd.flag(o, at, "initially_deferred", false);
    k.validated = rd.flag(o, at, "validated", true);
    return k;
}

SchemaCheck readCheck(Reader &rd, const QJsonObject &o, const QString &at)
{
    SchemaCheck c;
    c.name = rd.text(o, at, "name");
    c.definition = rd.name(o, at, "definition");
    c.validated = rd.flag(o, at, "validated", true);
    return c;
}

std::optional<RelationKind> kindFromName(const QString &name)
{
    for (RelationKind k : {RelationKind::Table, RelationKind::PartitionedTable, RelationKind::View,
                           RelationKind::MaterializedView})
        if (relationKindName(k) == name)
            return k;
    return std::nullopt;
}

SchemaRelation readRelation(Reader &rd, const QJsonObject &o, const QString &at)
{
    SchemaRelation r;
    r.schema = rd.text(o, at, "schema");
    r.name = rd.name(o, at);
    const QString kind = rd.text(o, at, "kind");
    if (const auto k = kindFromName(kind.isEmpty() ? QStringLiteral("table") : kind))
        r.kind = *k;
    else
        rd.fail(at + QStringLiteral(".kind"),
                QStringLiteral("unknown relation kind \"%1\" (table, partitioned table, view, "
                               "materialized view)")
                    .arg(kind));
    r.owner = rd.text(o, at, "owner");
    r.comment = rd.text(o, at, "comment");
    r.ddl = rd.text(o, at, "ddl");
    r.definition = rd.text(o, at, "definition");
    r.incomplete = rd.text(o, at, "incomplete");
    r.rowsEstimate = rd.number(o, at, "rows_estimate");
    r.sizeBytes = rd.number(o, at, "size_bytes");
    r.withoutRowid = rd.flag(o, at, "without_rowid", false);
    r.strict = rd.flag(o, at, "strict", false);
    r.partitionKey = rd.text(o, at, "partition_key");
    r.partitions = rd.texts(o, at, "partitions");
    r.partitionOf = rd.text(o, at, "partition_of");
    r.partitionBound = rd.text(o, at, "partition_bound");
    r.engine = rd.text(o, at, "engine");
    bool positions = false;
    rd.objects(o, at, "columns", [&](const QJsonObject &c, const QString &p) {
        SchemaColumn col;
        col.name = rd.name(c, p);
        col.type = rd.name(c, p, "type");
        col.nullable = rd.flag(c, p, "nullable", true);
        col.defaultValue = rd.optionalText(c, p, "default");
        col.collation = rd.text(c, p, "collation");
        col.generated = rd.text(c, p, "generated");
        col.identity = rd.text(c, p, "identity");
        col.comment = rd.text(c, p, "comment");
        col.storage = rd.text(c, p, "storage");
        if (c.contains(QLatin1String("primary_key_position"))) {
            positions = true;
            col.primaryKeyPosition = int(rd.number(c, p, "primary_key_position").value_or(0));
        }
        r.columns.push_back(col);
    });
    rd.objects(o, at, "indexes", [&](const QJsonObject &x, const QString &p) {
        SchemaIndex i;
        i.name = rd.text(x, p, "name");
        i.definition = rd.text(x, p, "definition");
        i.columns = rd.texts(x, p, "columns");
        i.unique = rd.flag(x, p, "unique", false);
        i.primary = rd.flag(x, p, "primary", false);
        i.partial = rd.flag(x, p, "partial", false);
        i.origin = rd.text(x, p, "origin");
        i.method = rd.text(x, p, "method");
        i.constraint = rd.text(x, p, "constraint");
        i.valid = rd.flag(x, p, "valid", true);
        i.sizeBytes = rd.number(x, p, "size_bytes");
        r.indexes.push_back(i);
    });
    rd.objects(o, at, "foreign_keys", [&](const QJsonObject &x, const QString &p) {
        r.foreignKeys.push_back(readKey(rd, x, p));
    });
    rd.objects(o, at, "checks", [&](const QJsonObject &x, const QString &p) {
        r.checks.push_back(readCheck(rd, x, p));
    });
    rd.objects(o, at, "triggers", [&](const QJsonObject &x, const QString &p) {
        r.triggers.push_back({rd.name(x, p), rd.text(x, p, "definition")});
    });
    rd.objects(o, at, "referenced_by", [&](const QJsonObject &x, const QString &p) {
        r.referencedBy.push_back(
            {rd.text(x, p, "schema"), rd.name(x, p, "table"), readKey(rd, x, p)});
    });
    // The array form has no key positions: the primary index's columns, in its order; when no
    // index enforces the key its DDL declares (SQLite's rowid key), it is unknown (-1).
    if (!positions) {
        bool indexed = false;
        for (const SchemaIndex &i : r.indexes)
            if (i.primary) {
                indexed = true;
                for (qsizetype n = 0; n < i.columns.size(); ++n)
                    for (SchemaColumn &c : r.columns)
                        if (c.name == i.columns[n])
                            c.primaryKeyPosition = int(n) + 1;
            }
        if (!indexed && r.ddl.contains(QStringLiteral("PRIMARY KEY"), Qt::CaseInsensitive))
            for (SchemaColumn &c : r.columns)
                c.primaryKeyPosition = kPrimaryKeyUnknown;
    }
    return r;
}

SchemaSequence readSequence(Reader &rd, const QJsonObject &o, const QString &at)
{
    SchemaSequence s;
    s.schema = rd.text(o, at, "schema");
    s.name = rd.name(o, at);
    s.owner = rd.text(o, at, "owner");
    s.type = rd.text(o, at, "type");
    s.start = rd.number(o, at, "start").value_or(1);
    s.increment = rd.number(o, at, "increment").value_or(1);
    s.minValue = rd.number(o, at, "min_value").value_or(1);
    s.maxValue = rd.number(o, at, "max_value").value_or(0);
    s.cache = rd.number(o, at, "cache").value_or(1);
    s.cycle = rd.flag(o, at, "cycle", false);
    s.ownedBy = rd.text(o, at, "owned_by");
    s.ddl = rd.text(o, at, "ddl");
    return s;
}

SchemaType readType(Reader &rd, const QJsonObject &o, const QString &at)
{
    SchemaType t;
    t.schema = rd.text(o, at, "schema");
    t.name = rd.name(o, at);
    t.owner = rd.text(o, at, "owner");
    t.kind = rd.name(o, at, "kind");
    t.labels = rd.texts(o, at, "labels");
    t.baseType = rd.text(o, at, "base_type");
    t.notNull = rd.flag(o, at, "not_null", false);
    t.defaultValue = rd.optionalText(o, at, "default");
    rd.objects(o, at, "checks", [&](const QJsonObject &x, const QString &p) {
        t.checks.push_back(readCheck(rd, x, p));
    });
    t.collation = rd.text(o, at, "collation");
    t.comment = rd.text(o, at, "comment");
    t.ddl = rd.text(o, at, "ddl");
    return t;
}

template <typename T> void sortByName(std::vector<T> &items)
{
    std::stable_sort(items.begin(), items.end(), [](const T &a, const T &b) {
        return a.schema != b.schema ? a.schema < b.schema : a.name < b.name;
    });
}

} // namespace

QJsonObject relationToJson(const SchemaRelation &r, bool detail)
{
    QJsonObject o{{QStringLiteral("schema"), r.schema},
                  {QStringLiteral("name"), r.name},
                  {QStringLiteral("kind"), relationKindName(r.kind)},
                  {QStringLiteral("owner"), r.owner},
                  {QStringLiteral("rows_estimate"), optionalNumber(r.rowsEstimate)},
                  {QStringLiteral("size_bytes"), optionalNumber(r.sizeBytes)},
                  {QStringLiteral("comment"), r.comment},
                  {QStringLiteral("partition_of"),
                   r.partitionOf.isEmpty() ? QJsonValue() : QJsonValue(r.partitionOf)}};
    if (!r.incomplete.isEmpty())
        o[QStringLiteral("incomplete")] = r.incomplete;
    if (!r.engine.isEmpty())
        o[QStringLiteral("engine")] = r.engine;
    if (!detail)
        return o;
    QJsonArray columns, indexes, keys, checks, refs, triggers;
    for (const SchemaColumn &c : r.columns)
        columns.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("type"), c.type},
                                   {QStringLiteral("nullable"), c.nullable},
                                   {QStringLiteral("default"),
                                    c.defaultValue ? QJsonValue(*c.defaultValue) : QJsonValue()},
                                   {QStringLiteral("collation"), c.collation},
                                   {QStringLiteral("comment"), c.comment},
                                   {QStringLiteral("storage"), c.storage},
                                   {QStringLiteral("identity"), c.identity},
                                   {QStringLiteral("generated"), c.generated}});
    for (const SchemaIndex &i : r.indexes)
        indexes.append(
            QJsonObject{{QStringLiteral("name"), i.name},
                        {QStringLiteral("definition"), i.definition},
                        {QStringLiteral("unique"), i.unique},
                        {QStringLiteral("primary"), i.primary},
                        {QStringLiteral("method"), i.method},
                        {QStringLiteral("constraint"), i.constraint},
                        {QStringLiteral("valid"), i.valid},
                        {QStringLiteral("partial"), i.partial},
                        {QStringLiteral("columns"), QJsonArray::fromStringList(i.columns)},
                        {QStringLiteral("size_bytes"), optionalNumber(i.sizeBytes)}});
    for (const SchemaForeignKey &k : r.foreignKeys)
        keys.append(keyJson(k));
    for (const SchemaCheck &c : r.checks)
        checks.append(QJsonObject{{QStringLiteral("name"), c.name},
                                  {QStringLiteral("definition"), c.definition},
                                  {QStringLiteral("validated"), c.validated}});
    for (const SchemaReference &ref : r.referencedBy) {
        QJsonObject k = keyJson(ref.key);
        k[QStringLiteral("schema")] = ref.schema;
        k[QStringLiteral("table")] = ref.table;
        refs.append(k);
    }
    for (const SchemaTrigger &t : r.triggers)
        triggers.append(QJsonObject{{QStringLiteral("name"), t.name},
                                    {QStringLiteral("definition"), t.definition}});
    o[QStringLiteral("columns")] = columns;
    o[QStringLiteral("indexes")] = indexes;
    o[QStringLiteral("foreign_keys")] = keys;
    o[QStringLiteral("checks")] = checks;
    o[QStringLiteral("referenced_by")] = refs;
    o[QStringLiteral("triggers")] = triggers;
    o[QStringLiteral("partition_key")] = r.partitionKey;
    o[QStringLiteral("partition_bound")] = r.partitionBound;
    o[QStringLiteral("partitions")] = QJsonArray::fromStringList(r.partitions);
    o[QStringLiteral("definition")] = r.definition;
    o[QStringLiteral("ddl")] = r.ddl;
    return o;
}

QJsonObject sequenceToJson(const SchemaSequence &s)
{
    return {{QStringLiteral("schema"), s.schema},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("kind"), QStringLiteral("sequence")},
            {QStringLiteral("owner"), s.owner},
            {QStringLiteral("type"), s.type},
            {QStringLiteral("start"), double(s.start)},
            {QStringLiteral("increment"), double(s.increment)},
            {QStringLiteral("min_value"), double(s.minValue)},
            {QStringLiteral("max_value"), QString::number(s.maxValue)}, // may exceed 2^53
            {QStringLiteral("cache"), double(s.cache)},
            {QStringLiteral("cycle"), s.cycle},
            {QStringLiteral("owned_by"), s.ownedBy},
            {QStringLiteral("ddl"), s.ddl}};
}

QJsonObject typeToJson(const SchemaType &t)
{
    QJsonArray checks;
    for (const SchemaCheck &c : t.checks)
        checks.append(QJsonObject{{QStringLiteral("name"), c.name},
                                  {QStringLiteral("definition"), c.definition},
                                  {QStringLiteral("validated"), c.validated}});
    return {
        {QStringLiteral("schema"), t.schema},
        {QStringLiteral("name"), t.name},
        {QStringLiteral("kind"), t.kind},
        {QStringLiteral("owner"), t.owner},
        {QStringLiteral("labels"), QJsonArray::fromStringList(t.labels)},
        {QStringLiteral("base_type"), t.baseType},
        {QStringLiteral("not_null"), t.notNull},
        {QStringLiteral("default"), t.defaultValue ? QJsonValue(*t.defaultValue) : QJsonValue()},
        {QStringLiteral("collation"), t.collation},
        {QStringLiteral("checks"), checks},
        {QStringLiteral("comment"), t.comment},
        {QStringLiteral("ddl"), t.ddl}};
}

QJsonArray relationsToJson(const SchemaSnapshot &snapshot)
{
    QJsonArray out;
    for (const SchemaRelation &r : snapshot.relations)
        out.append(relationToJson(r, true));
    return out;
}

QJsonObject snapshotToJson(const SchemaSnapshot &snapshot)
{
    QJsonArray relations;
    for (const SchemaRelation &r : snapshot.relations) {
        QJsonObject o = relationToJson(r, true);
        // What the array form leaves out.
        QJsonArray columns = o.value(QStringLiteral("columns")).toArray();
        for (qsizetype i = 0; i < columns.size(); ++i) {
            QJsonObject c = columns[i].toObject();
            c[QStringLiteral("primary_key_position")] = r.columns[size_t(i)].primaryKeyPosition;
            columns[i] = c;
        }
        o[QStringLiteral("columns")] = columns;
        QJsonArray indexes = o.value(QStringLiteral("indexes")).toArray();
        for (qsizetype i = 0; i < indexes.size(); ++i) {
            QJsonObject x = indexes[i].toObject();
            x[QStringLiteral("origin")] = r.indexes[size_t(i)].origin;
            indexes[i] = x;
        }
        o[QStringLiteral("indexes")] = indexes;
        o[QStringLiteral("without_rowid")] = r.withoutRowid;
        o[QStringLiteral("strict")] = r.strict;
        relations.append(o);
    }
    QJsonArray sequences, types;
    for (const SchemaSequence &s : snapshot.sequences)
        sequences.append(sequenceToJson(s));
    for (const SchemaType &t : snapshot.types)
        types.append(typeToJson(t));
    return {{QStringLiteral("driver"), snapshot.driver},
            {QStringLiteral("server_version"), snapshot.serverVersion},
            {QStringLiteral("schemas"), QJsonArray::fromStringList(snapshot.schemas)},
            {QStringLiteral("relations"), relations},
            {QStringLiteral("sequences"), sequences},
            {QStringLiteral("types"), types}};
}

Result<SchemaSnapshot> snapshotFromJson(const QByteArray &json, const QString &source)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error(QStringLiteral("not JSON: %1 at offset %2")
                         .arg(parseError.errorString())
                         .arg(parseError.offset),
                     source)
            .as(ErrorKind::Io);
    Reader rd(source);
    SchemaSnapshot snapshot;
    auto readRelations = [&](const QJsonArray &items, const QString &at) {
        rd.eachObject(items, at, [&](const QJsonObject &o, const QString &p) {
            snapshot.relations.push_back(readRelation(rd, o, p));
        });
    };
    if (doc.isArray()) {
        readRelations(doc.array(), QStringLiteral("relations"));
        for (const SchemaRelation &r : snapshot.relations)
            if (!snapshot.schemas.contains(r.schema))
                snapshot.schemas.append(r.schema);
        snapshot.schemas.sort();
    } else if (doc.isObject()) {
        const QJsonObject o = doc.object();
        if (!o.value(QLatin1String("relations")).isArray())
            rd.fail(QStringLiteral("relations"),
                    QStringLiteral("expected an array (a snapshot object has driver, "
                                   "server_version, schemas, relations, sequences, types)"));
        snapshot.driver = rd.text(o, {}, "driver");
        snapshot.serverVersion = rd.text(o, {}, "server_version");
        snapshot.schemas = rd.texts(o, {}, "schemas");
        if (!rd.failed())
            readRelations(o.value(QLatin1String("relations")).toArray(),
                          QStringLiteral("relations"));
        rd.objects(o, {}, "sequences", [&](const QJsonObject &x, const QString &p) {
            snapshot.sequences.push_back(readSequence(rd, x, p));
        });
        rd.objects(o, {}, "types", [&](const QJsonObject &x, const QString &p) {
            snapshot.types.push_back(readType(rd, x, p));
        });
    } else {
        rd.fail({}, QStringLiteral("expected an array of relations or a snapshot object"));
    }
    if (rd.failed())
        return rd.error().as(ErrorKind::Io);
    sortByName(snapshot.relations);
    sortByName(snapshot.sequences);
    sortByName(snapshot.types);
    return snapshot;
}

Result<SchemaSnapshot> readSnapshotFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error(QStringLiteral("cannot read the snapshot: %1").arg(file.errorString()), path)
            .as(ErrorKind::Io);
    return snapshotFromJson(file.readAll(), path);
}

} // namespace retort
