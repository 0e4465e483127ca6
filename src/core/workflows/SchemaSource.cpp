#include "workflows/SchemaSource.h"

#include "project/Workspace.h"
#include "schema/SchemaJson.h"
#include "workflows/SchemaInspection.h"

#include <QFileInfo>

namespace retort {

Result<SchemaSource> parseSchemaSource(const QString &spec)
{
    SchemaSource source;
    source.spec = spec;
    if (spec.startsWith(u'@')) {
        source.kind = SchemaSource::Kind::Revisions;
        for (const QString &t : spec.mid(1).split(u',', Qt::SkipEmptyParts))
            source.targets.append(t.trimmed());
        source.targets.removeAll(QString());
        if (source.targets.isEmpty())
            return Error(
                QStringLiteral("'%1': name a revision after @ (@heads, @REV, @a,b)").arg(spec));
        source.name = source.targets.join(u',');
        return source;
    }
    if (spec.trimmed().isEmpty())
        return Error(QStringLiteral("name a schema: an environment, a snapshot file (*.json) or "
                                    "@REV"));
    if (spec.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive) || QFileInfo(spec).isFile()) {
        source.kind = SchemaSource::Kind::File;
        source.name = spec;
        return source;
    }
    source.name = spec;
    return source;
}

Result<SchemaSnapshot> readSnapshotSource(const SchemaSource &source)
{
    if (!QFileInfo::exists(source.name))
        return Error(QStringLiteral("no such snapshot file"), source.name).as(ErrorKind::Io);
    return readSnapshotFile(source.name);
}

Result<SchemaSnapshot> readSchemaSource(const Workspace &ws, const SchemaSource &source,
                                        const QString &driver, const ConnectionSecrets &secrets,
                                        const ExpectedSchemaOptions &replay,
                                        const CancelToken *cancel)
{
    switch (source.kind) {
    case SchemaSource::Kind::Revisions:
        return expectedSchema(ws, source.targets, driver, replay, cancel);
    case SchemaSource::Kind::File:
        return readSnapshotSource(source);
    case SchemaSource::Kind::Environment:
        break;
    }
    auto env = ws.environment(source.name);
    if (!env)
        return Error(QStringLiteral("'%1' is neither an environment nor a snapshot file (*.json): "
                                    "%2")
                         .arg(source.name, env.error().message));
    return inspectEnvironment(**env, secrets, cancel);
}

} // namespace retort
