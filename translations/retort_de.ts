<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>MainWindow</name>
    <message>
        <source>Open Project…</source>
        <translation>Projekt öffnen…</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Main Toolbar</source>
        <translation>Hauptwerkzeugleiste</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>Open a project folder holding retort.toml</source>
        <translation>Einen Projektordner mit retort.toml öffnen</translation>
    </message>
    <message>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <source>Reload the project from disk</source>
        <translation>Das Projekt neu von der Festplatte laden</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;About Retort</source>
        <translation>Ü&amp;ber Retort</translation>
    </message>
    <message>
        <source>Filter by id, message or label</source>
        <translation>Nach ID, Nachricht oder Label filtern</translation>
    </message>
    <message>
        <source>&amp;Filter Revisions</source>
        <translation>Revisionen &amp;filtern</translation>
    </message>
    <message>
        <source>Filter the revisions by id, message or label</source>
        <translation>Die Revisionen nach ID, Nachricht oder Label filtern</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Review Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Steps</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>#</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Action</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revision</source>
        <translation type="unfinished">Revision</translation>
    </message>
    <message>
        <source>From → To</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished">Nachricht</translation>
    </message>
    <message>
        <source>S&amp;QL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ReviewChecklist</name>
    <message>
        <source>Review:</source>
        <translation>Prüfung:</translation>
    </message>
    <message>
        <source>Upgrade contains the expected changes</source>
        <translation>Upgrade enthält die erwarteten Änderungen</translation>
    </message>
    <message>
        <source>Downgrade reverses it</source>
        <translation>Downgrade macht es rückgängig</translation>
    </message>
    <message>
        <source>No unintended changes</source>
        <translation>Keine unbeabsichtigten Änderungen</translation>
    </message>
</context>
<context>
    <name>RevisionDetail</name>
    <message>
        <source>Revision:</source>
        <translation>Revision:</translation>
    </message>
    <message>
        <source>Parents:</source>
        <translation>Eltern:</translation>
    </message>
    <message>
        <source>Children:</source>
        <translation>Kinder:</translation>
    </message>
    <message>
        <source>Branch labels:</source>
        <translation>Zweig-Labels:</translation>
    </message>
    <message>
        <source>Depends on:</source>
        <translation>Hängt ab von:</translation>
    </message>
    <message>
        <source>Created:</source>
        <translation>Erstellt:</translation>
    </message>
    <message>
        <source>File:</source>
        <translation>Datei:</translation>
    </message>
    <message>
        <source>Open in Editor</source>
        <translation>Im Editor öffnen</translation>
    </message>
    <message>
        <source>Open the script with the desktop&apos;s editor for .sql files</source>
        <translation>Das Skript mit dem Editor der Arbeitsumgebung für .sql-Dateien öffnen</translation>
    </message>
    <message>
        <source>&amp;Driver:</source>
        <translation>&amp;Treiber:</translation>
    </message>
    <message>
        <source>This script has driver-specific sections: choose which driver&apos;s SQL to show</source>
        <translation>Dieses Skript hat treiberspezifische Abschnitte: wählen Sie, welches SQL angezeigt wird</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Retort, a database-migration manager.</source>
        <translation>Retort, eine Verwaltung für Datenbankmigrationen.</translation>
    </message>
    <message>
        <source>Project folder (holding retort.toml) to open.</source>
        <translation>Zu öffnender Projektordner (mit retort.toml).</translation>
    </message>
</context>
<context>
    <name>retort::gui::MainWindow</name>
    <message>
        <source>Open a project folder (one holding retort.toml) to see its revisions.</source>
        <translation>Öffnen Sie einen Projektordner (mit einer retort.toml), um seine Revisionen zu sehen.</translation>
    </message>
    <message>
        <source>%1 — Retort</source>
        <translation>%1 — Retort</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <source>Open Project — choose the folder holding retort.toml</source>
        <translation>Projekt öffnen — den Ordner mit retort.toml wählen</translation>
    </message>
    <message>
        <source>About Retort</source>
        <translation>Über Retort</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Retort %1&lt;/h3&gt;&lt;p&gt;A database-migration manager compatible with Alembic.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Retort %1&lt;/h3&gt;&lt;p&gt;Eine mit Alembic kompatible Verwaltung für Datenbankmigrationen.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>No problems found.</source>
        <translation>Keine Probleme gefunden.</translation>
    </message>
    <message>
        <source>Problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>Problems (%1)</source>
        <translation>Probleme (%1)</translation>
    </message>
    <message>
        <source>Revisions: %1</source>
        <translation>Revisionen: %1</translation>
    </message>
    <message>
        <source>Head: %1</source>
        <translation>Head: %1</translation>
    </message>
    <message>
        <source>Heads (%1): %2</source>
        <translation>Heads (%1): %2</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>No revisions yet</source>
        <translation>Noch keine Revisionen</translation>
    </message>
    <message>
        <source>This project has no migration scripts in %1.</source>
        <translation>Dieses Projekt hat keine Migrationsskripte in %1.</translation>
    </message>
    <message>
        <source>Could not open the project</source>
        <translation>Das Projekt konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>Revisions: %1 of %2</source>
        <translation>Revisionen: %1 von %2</translation>
    </message>
</context>
<context>
    <name>retort::gui::PlanDialog</name>
    <message>
        <source>1 migration</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 migrations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Upgrade %1 from %2 to %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Downgrade %1 from %2 to %3: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stamp %1 from %2 to %3: only the version table changes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %2 — Review Plan</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to do: %1 is already at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every row of the version table is deleted first (purge).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 step runs outside a transaction: a failure part-way leaves its earlier statements applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 steps run outside a transaction: a failure part-way leaves their earlier statements applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is a protected environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stamp</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>upgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>downgrade</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stamp: only the version table changes; no migration SQL runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (no transaction)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Transactional: false. The statements run one by one; a failure part-way leaves the earlier ones applied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-- Nothing to do.
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>retort::gui::RevisionDetail</name>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · not in this script</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · nicht in diesem Skript</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · line %2</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Zeile %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; · lines %2–%3</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; · Zeilen %2–%3</translation>
    </message>
    <message>
        <source>No revision selected</source>
        <translation>Keine Revision ausgewählt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Upgrade&lt;/b&gt;</source>
        <translation>&lt;b&gt;Upgrade&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Downgrade&lt;/b&gt;</source>
        <translation>&lt;b&gt;Downgrade&lt;/b&gt;</translation>
    </message>
    <message>
        <source>(no message)</source>
        <translation>(keine Nachricht)</translation>
    </message>
    <message>
        <source>none — a base</source>
        <translation>keine — eine Basis</translation>
    </message>
    <message>
        <source>none — a head</source>
        <translation>keine — ein Head</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>declared as %1</source>
        <translation>angegeben als %1</translation>
    </message>
    <message>
        <source>Default (plain sections)</source>
        <translation>Standard (allgemeine Abschnitte)</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Downgrade</translation>
    </message>
</context>
<context>
    <name>retort::gui::RevisionListModel</name>
    <message>
        <source>(base)</source>
        <translation>(Basis)</translation>
    </message>
    <message>
        <source>Created %1</source>
        <translation>Erstellt %1</translation>
    </message>
    <message>
        <source>Depends on %1</source>
        <translation>Hängt ab von %1</translation>
    </message>
    <message>
        <source>head</source>
        <translation>head</translation>
    </message>
    <message>
        <source>merge</source>
        <translation>merge</translation>
    </message>
    <message>
        <source>branch point</source>
        <translation>Verzweigung</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Parents</source>
        <translation>Eltern</translation>
    </message>
    <message>
        <source>Branch labels</source>
        <translation>Zweig-Labels</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>Graph</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>retort::gui::WorkspaceLoader</name>
    <message>
        <source>loading stopped unexpectedly</source>
        <translation>das Laden brach unerwartet ab</translation>
    </message>
</context>
</TS>
