#include "release/EnvironmentReleases.h"

#include "graph/RevisionGraph.h"
#include "workflows/EnvironmentStatus.h"

namespace retort {

QSet<QString> appliedRevisions(const RevisionGraph &graph, const EnvironmentState &state)
{
    QSet<QString> ids;
    for (int i = 0; i < graph.size(); ++i)
        if (state.isApplied(i))
            ids.insert(graph.at(i).id);
    return ids;
}

QString referenceEnvironment(const std::vector<EnvironmentPosition> &positions)
{
    for (const EnvironmentPosition &p : positions)
        if (p.known && p.isProtected)
            return p.environment;
    const EnvironmentPosition *least = nullptr;
    for (const EnvironmentPosition &p : positions)
        if (p.known && (!least || p.applied.size() < least->applied.size()))
            least = &p;
    return least ? least->environment : QString();
}

QStringList compareEnvironments(const ReleaseMap &map,
                                const std::vector<EnvironmentPosition> &positions)
{
    QStringList lines;
    if (!map.available() || map.tags.empty())
        return lines;
    const QString reference = referenceEnvironment(positions);
    const EnvironmentPosition *ref = nullptr;
    int known = 0;
    for (const EnvironmentPosition &p : positions) {
        known += p.known ? 1 : 0;
        if (p.environment == reference)
            ref = &p;
    }
    if (!ref || known < 2)
        return lines;
    for (const EnvironmentPosition &p : positions) {
        if (!p.known || &p == ref || p.applied == ref->applied)
            continue;
        qsizetype ahead = 0, behind = 0;
        for (const QString &id : p.applied)
            ahead += ref->applied.contains(id) ? 0 : 1;
        for (const QString &id : ref->applied)
            behind += p.applied.contains(id) ? 0 : 1;
        QString relation;
        if (ahead > 0 && behind > 0)
            relation = QStringLiteral("%1 ahead of and %2 behind").arg(ahead).arg(behind);
        else if (ahead > 0)
            relation = QStringLiteral("%1 ahead of").arg(ahead);
        else
            relation = QStringLiteral("%1 behind").arg(behind);
        lines.append(QStringLiteral("%1: %2, %3 %4")
                         .arg(p.environment, p.release.describe(map), relation, ref->environment));
    }
    return lines;
}

} // namespace retort
