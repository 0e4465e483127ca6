<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>DraftText</name>
    <message>
        <source>The revision id “%1” is not valid: use letters, digits and &apos;_&apos; only.</source>
        <translation>Die Revisions-ID „%1“ ist ungültig: nur Buchstaben, Ziffern und „_“ verwenden.</translation>
    </message>
    <message>
        <source>The revision id %1 is already in the project.</source>
        <translation>Die Revisions-ID %1 gibt es im Projekt schon.</translation>
    </message>
    <message>
        <source>A message is required.</source>
        <translation>Eine Nachricht ist erforderlich.</translation>
    </message>
    <message>
        <source>The message must be a single line.</source>
        <translation>Die Nachricht muss einzeilig sein.</translation>
    </message>
    <message>
        <source>This message would read as a header line or a section marker; reword it.</source>
        <translation>Diese Nachricht würde als Kopfzeile oder Abschnittsmarke gelesen; bitte umformulieren.</translation>
    </message>
    <message>
        <source>Revision %1 is not in the project.</source>
        <translation>Revision %1 ist nicht im Projekt.</translation>
    </message>
    <message>
        <source>Revision %1 is chosen twice.</source>
        <translation>Revision %1 ist doppelt gewählt.</translation>
    </message>
    <message>
        <source>“%1” is not a valid branch label: use letters, digits and &apos;_&apos; only.</source>
        <translation>„%1“ ist kein gültiges Zweig-Label: nur Buchstaben, Ziffern und „_“ verwenden.</translation>
    </message>
    <message>
        <source>The branch label “%1” is listed twice.</source>
        <translation>Das Zweig-Label „%1“ steht doppelt in der Liste.</translation>
    </message>
    <message>
        <source>“%1” is a revision id; a branch label must differ from every id.</source>
        <translation>„%1“ ist eine Revisions-ID; ein Zweig-Label muss sich von jeder ID unterscheiden.</translation>
    </message>
    <message>
        <source>The branch label “%1” is already used by revision %2.</source>
        <translation>Das Zweig-Label „%1“ verwendet schon Revision %2.</translation>
    </message>
    <message>
        <source>Depends on “%1”: %2.</source>
        <translation>Hängt ab von „%1“: %2.</translation>
    </message>
    <message>
        <source>Depends on “%1” names revision %2 again.</source>
        <translation>„Hängt ab von“ „%1“ nennt Revision %2 ein zweites Mal.</translation>
    </message>
    <message>
        <source>Revision %1 is not a head revision: tick “Branch from a non-head revision (splice)” to start a new branch from it.</source>
        <translation>Revision %1 ist kein Kopf: „Von einer Revision mit Nachfolgern abzweigen (splice)“ ankreuzen, um dort einen neuen Zweig zu beginnen.</translation>
    </message>
</context>
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
    <name>MergeHeadsDialog</name>
    <message>
        <source>Merge Heads</source>
        <translation>Köpfe zusammenführen</translation>
    </message>
    <message>
        <source>&amp;Heads:</source>
        <translation>&amp;Köpfe:</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Zweig</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>NewRevisionDialog</name>
    <message>
        <source>New Revision</source>
        <translation>Neue Revision</translation>
    </message>
    <message>
        <source>&amp;Message:</source>
        <translation>&amp;Nachricht:</translation>
    </message>
    <message>
        <source>What the migration does, e.g. Add invoices table</source>
        <translation>Was die Migration tut, z. B. Rechnungstabelle anlegen</translation>
    </message>
    <message>
        <source>&amp;Parents:</source>
        <translation>&amp;Eltern:</translation>
    </message>
    <message>
        <source>Filter by id, branch label or message</source>
        <translation>Nach ID, Zweig-Label oder Nachricht filtern</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>Branch</source>
        <translation>Zweig</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>No parent: start a new &amp;base</source>
        <translation>Keine Eltern: neue &amp;Basis beginnen</translation>
    </message>
    <message>
        <source>Allow a parent that already has children, as alembic revision --splice does.</source>
        <translation>Eltern mit Nachfolgern erlauben, wie alembic revision --splice.</translation>
    </message>
    <message>
        <source>Branch from a non-head revision (&amp;splice)</source>
        <translation>Von einer Revision mit Nachfolgern abzweigen (&amp;splice)</translation>
    </message>
    <message>
        <source>Branch &amp;labels:</source>
        <translation>Zweig-&amp;Labels:</translation>
    </message>
    <message>
        <source>Optional, comma-separated</source>
        <translation>Optional, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>&amp;Depends on:</source>
        <translation>&amp;Hängt ab von:</translation>
    </message>
    <message>
        <source>Optional: revision ids or branch labels, comma-separated</source>
        <translation>Optional: Revisions-IDs oder Zweig-Labels, durch Kommas getrennt</translation>
    </message>
    <message>
        <source>Untick for statements that cannot run in a transaction, e.g. CREATE INDEX CONCURRENTLY.</source>
        <translation>Für Anweisungen abwählen, die nicht in einer Transaktion laufen können, z. B. CREATE INDEX CONCURRENTLY.</translation>
    </message>
    <message>
        <source>&amp;Transactional: run the migration in a transaction</source>
        <translation>&amp;Transaktional: die Migration in einer Transaktion ausführen</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Vorschau</translation>
    </message>
</context>
<context>
    <name>PlanDialog</name>
    <message>
        <source>Review Plan</source>
        <translation>Plan prüfen</translation>
    </message>
    <message>
        <source>&amp;Steps</source>
        <translation>&amp;Schritte</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Aktion</translation>
    </message>
    <message>
        <source>Revision</source>
        <translation>Revision</translation>
    </message>
    <message>
        <source>From → To</source>
        <translation>Von → Nach</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>S&amp;QL</source>
        <translation>S&amp;QL</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>stamp</source>
        <translation>Stempeln</translation>
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
    <name>retort::gui::EnvironmentPanel</name>
    <message>
        <source>SQLite</source>
        <translation>SQLite</translation>
    </message>
    <message>
        <source>PostgreSQL</source>
        <translation>PostgreSQL</translation>
    </message>
    <message>
        <source>MySQL/MariaDB</source>
        <translation>MySQL/MariaDB</translation>
    </message>
    <message>
        <source> via SSH %1</source>
        <translation> über SSH %1</translation>
    </message>
    <message>
        <source>Environment</source>
        <translation>Umgebung</translation>
    </message>
    <message>
        <source>Driver</source>
        <translation>Treiber</translation>
    </message>
    <message>
        <source>Current</source>
        <translation>Aktuell</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>Ausstehend</translation>
    </message>
    <message>
        <source>Checked</source>
        <translation>Geprüft</translation>
    </message>
    <message>
        <source>checking…</source>
        <translation>wird geprüft …</translation>
    </message>
    <message>
        <source>%1 is protected: runs need the environment&apos;s name typed to confirm</source>
        <translation>%1 ist geschützt: Läufe müssen durch Eintippen des Umgebungsnamens bestätigt werden</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>?</source>
        <translation>?</translation>
    </message>
    <message>
        <source>(nothing applied)</source>
        <translation>(nichts angewendet)</translation>
    </message>
    <message>
        <source>The database has no version rows yet.</source>
        <translation>Die Datenbank hat noch keine Versionszeilen.</translation>
    </message>
    <message>
        <source>up to date</source>
        <translation>aktuell</translation>
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
    <message>
        <source>&amp;Appearance</source>
        <translation>&amp;Erscheinungsbild</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>&amp;System</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>&amp;Hell</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>&amp;Dunkel</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>The environment the migration actions apply to</source>
        <translation>Die Umgebung, auf die sich die Migrationsaktionen beziehen</translation>
    </message>
    <message>
        <source>Environment:</source>
        <translation>Umgebung:</translation>
    </message>
    <message>
        <source>Upgrade to Heads</source>
        <translation>Upgrade auf die Köpfe</translation>
    </message>
    <message>
        <source>Ctrl+Shift+U</source>
        <translation>Ctrl+Shift+U</translation>
    </message>
    <message>
        <source>Downgrade One Step</source>
        <translation>Downgrade um einen Schritt</translation>
    </message>
    <message>
        <source>Ctrl+Shift+D</source>
        <translation>Ctrl+Shift+D</translation>
    </message>
    <message>
        <source>Upgrade to Here</source>
        <translation>Upgrade bis hier</translation>
    </message>
    <message>
        <source>Ctrl+U</source>
        <translation>Ctrl+U</translation>
    </message>
    <message>
        <source>Downgrade to Here</source>
        <translation>Downgrade bis hier</translation>
    </message>
    <message>
        <source>Ctrl+D</source>
        <translation>Ctrl+D</translation>
    </message>
    <message>
        <source>Stamp Here</source>
        <translation>Hier stempeln</translation>
    </message>
    <message>
        <source>Ctrl+T</source>
        <translation>Ctrl+T</translation>
    </message>
    <message>
        <source>New Revision…</source>
        <translation>Neue Revision …</translation>
    </message>
    <message>
        <source>Merge Heads…</source>
        <translation>Köpfe zusammenführen …</translation>
    </message>
    <message>
        <source>Ctrl+M</source>
        <translation>Ctrl+M</translation>
    </message>
    <message>
        <source>&amp;Revision</source>
        <translation>&amp;Revision</translation>
    </message>
    <message>
        <source>&amp;Migrate</source>
        <translation>&amp;Migrieren</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>Environments</source>
        <translation>Umgebungen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>Step %1 of %2</source>
        <translation>Schritt %1 von %2</translation>
    </message>
    <message>
        <source>Migration failed</source>
        <translation>Migration fehlgeschlagen</translation>
    </message>
    <message>
        <source>The migration stopped. The database is at the last step that completed.</source>
        <translation>Die Migration wurde angehalten. Die Datenbank steht beim letzten abgeschlossenen Schritt.</translation>
    </message>
    <message>
        <source>The plan could not be made.</source>
        <translation>Der Plan konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Revision: %1
File: %2
Line: %3</source>
        <translation>Revision: %1
Datei: %2
Zeile: %3</translation>
    </message>
    <message>
        <source>%1 (protected)</source>
        <translation>%1 (geschützt)</translation>
    </message>
    <message>
        <source>There is only one head: nothing to merge.</source>
        <translation>Es gibt nur einen Kopf: nichts zusammenzuführen.</translation>
    </message>
    <message>
        <source>Fix the problems listed first: migrations are not run on a broken project.</source>
        <translation>Zuerst die aufgeführten Probleme beheben: Auf einem fehlerhaften Projekt laufen keine Migrationen.</translation>
    </message>
    <message>
        <source>Wrote %1</source>
        <translation>%1 geschrieben</translation>
    </message>
    <message>
        <source>Clear Recent Projects</source>
        <translation>Liste leeren</translation>
    </message>
    <message>
        <source>%1: checking…</source>
        <translation>%1: wird geprüft …</translation>
    </message>
    <message>
        <source>%1: not reachable</source>
        <translation>%1: nicht erreichbar</translation>
    </message>
    <message>
        <source>%1: unknown revision in the version table</source>
        <translation>%1: unbekannte Revision in der Versionstabelle</translation>
    </message>
    <message>
        <source>%1: up to date</source>
        <translation>%1: aktuell</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n pending</source>
        <translation>
            <numerusform>%1: %n ausstehend</numerusform>
            <numerusform>%1: %n ausstehend</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>retort::gui::MergeHeadsDialog</name>
    <message>
        <source>Merge Heads — %1</source>
        <translation>Köpfe zusammenführen — %1</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>&amp;Zusammenführen</translation>
    </message>
    <message>
        <source>Nothing to merge: the project has no revisions yet.</source>
        <translation>Nichts zusammenzuführen: Das Projekt hat noch keine Revisionen.</translation>
    </message>
    <message>
        <source>Nothing to merge: the project has a single head, %1. A merge joins two or more heads into one.</source>
        <translation>Nichts zusammenzuführen: Das Projekt hat nur einen Kopf, %1. Eine Zusammenführung vereint zwei oder mehr Köpfe.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The project has %1 heads. A merge revision joins the ticked heads into one; it has no SQL of its own unless you add some.</source>
        <translation>Das Projekt hat %1 Köpfe. Eine Merge-Revision vereint die angekreuzten Köpfe; eigenes SQL hat sie nur, wenn Sie welches hinzufügen.</translation>
    </message>
    <message>
        <source>Tick at least two heads to merge.</source>
        <translation>Mindestens zwei Köpfe zum Zusammenführen ankreuzen.</translation>
    </message>
    <message>
        <source>The merge revision was not written: %1</source>
        <translation>Die Merge-Revision wurde nicht geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::MigrationController</name>
    <message>
        <source>Planning %1 of %2 to %3…</source>
        <translation>Plane %1 von %2 nach %3 …</translation>
    </message>
    <message>
        <source>FAILED: %1</source>
        <translation>FEHLGESCHLAGEN: %1</translation>
    </message>
    <message>
        <source>Plan not run.</source>
        <translation>Plan nicht ausgeführt.</translation>
    </message>
    <message>
        <source>  step %1 done in %2 ms</source>
        <translation>  Schritt %1 fertig in %2 ms</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
</context>
<context>
    <name>retort::gui::NewRevisionDialog</name>
    <message>
        <source>New Revision — %1</source>
        <translation>Neue Revision — %1</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Anlegen</translation>
    </message>
    <message>
        <source>The project has 1 problem: revisions in a broken script are not listed.</source>
        <translation>Das Projekt hat 1 Problem: Revisionen in einem fehlerhaften Skript sind nicht aufgeführt.</translation>
    </message>
    <message>
        <source>The project has %1 problems: revisions in broken scripts are not listed.</source>
        <translation>Das Projekt hat %1 Probleme: Revisionen in fehlerhaften Skripten sind nicht aufgeführt.</translation>
    </message>
    <message>
        <source>%1 (head)</source>
        <translation>%1 (Kopf)</translation>
    </message>
    <message>
        <source>The project has no revisions yet: this one will be its first base.</source>
        <translation>Das Projekt hat noch keine Revisionen: Diese wird seine erste Basis.</translation>
    </message>
    <message>
        <source>The new revision follows the head, %1. Heads are listed first, in bold.</source>
        <translation>Die neue Revision folgt auf den Kopf %1. Köpfe stehen fett zuerst.</translation>
    </message>
    <message>
        <source>The project has %1 heads (listed first, in bold): tick the one to build on, or several to merge them.</source>
        <translation>Das Projekt hat %1 Köpfe (fett zuerst aufgeführt): den gewünschten ankreuzen oder mehrere, um sie zusammenzuführen.</translation>
    </message>
    <message>
        <source>Tick the revision to build on, or “No parent: start a new base”.</source>
        <translation>Die Revision ankreuzen, auf der aufgebaut wird, oder „Keine Eltern: neue Basis beginnen“.</translation>
    </message>
    <message>
        <source>The revision was not written: %1</source>
        <translation>Die Revision wurde nicht geschrieben: %1</translation>
    </message>
</context>
<context>
    <name>retort::gui::PlanDialog</name>
    <message>
        <source>1 migration</source>
        <translation>1 Migration</translation>
    </message>
    <message>
        <source>%1 migrations</source>
        <translation>%1 Migrationen</translation>
    </message>
    <message>
        <source>Upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>Upgrade %1 from %2 to %3: %4</source>
        <translation>Upgrade von %1 von %2 auf %3: %4</translation>
    </message>
    <message>
        <source>Downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>Downgrade %1 from %2 to %3: %4</source>
        <translation>Downgrade von %1 von %2 auf %3: %4</translation>
    </message>
    <message>
        <source>Stamp</source>
        <translation>Stempeln</translation>
    </message>
    <message>
        <source>Stamp %1 from %2 to %3: only the version table changes</source>
        <translation>%1 von %2 auf %3 stempeln: nur die Versionstabelle ändert sich</translation>
    </message>
    <message>
        <source>%1 %2 — Review Plan</source>
        <translation>%1 %2 — Plan prüfen</translation>
    </message>
    <message>
        <source>Nothing to do: %1 is already at %2.</source>
        <translation>Nichts zu tun: %1 steht schon bei %2.</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Every row of the version table is deleted first (purge).</source>
        <translation>Zuerst wird jede Zeile der Versionstabelle gelöscht (purge).</translation>
    </message>
    <message>
        <source>1 step runs outside a transaction: a failure part-way leaves its earlier statements applied.</source>
        <translation>1 Schritt läuft außerhalb einer Transaktion: Ein Fehler mittendrin lässt seine früheren Anweisungen angewendet.</translation>
    </message>
    <message>
        <source>%1 steps run outside a transaction: a failure part-way leaves their earlier statements applied.</source>
        <translation>%1 Schritte laufen außerhalb einer Transaktion: Ein Fehler mittendrin lässt ihre früheren Anweisungen angewendet.</translation>
    </message>
    <message>
        <source>%1 is a protected environment.</source>
        <translation>%1 ist eine geschützte Umgebung.</translation>
    </message>
    <message>
        <source>stamp</source>
        <translation>Stempeln</translation>
    </message>
    <message>
        <source>upgrade</source>
        <translation>Upgrade</translation>
    </message>
    <message>
        <source>downgrade</source>
        <translation>Downgrade</translation>
    </message>
    <message>
        <source>Stamp: only the version table changes; no migration SQL runs.</source>
        <translation>Stempeln: Nur die Versionstabelle ändert sich; kein Migrations-SQL läuft.</translation>
    </message>
    <message>
        <source>%1 (no transaction)</source>
        <translation>%1 (ohne Transaktion)</translation>
    </message>
    <message>
        <source>Transactional: false. The statements run one by one; a failure part-way leaves the earlier ones applied.</source>
        <translation>Transactional: false. Die Anweisungen laufen einzeln; ein Fehler mittendrin lässt die früheren angewendet.</translation>
    </message>
    <message>
        <source>-- Nothing to do.
</source>
        <translation>-- Nichts zu tun.
</translation>
    </message>
    <message>
        <source>Type &lt;b&gt;%1&lt;/b&gt; to confirm:</source>
        <translation>Zum Bestätigen &lt;b&gt;%1&lt;/b&gt; eintippen:</translation>
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
        <translation>Graph</translation>
    </message>
    <message>
        <source>applied</source>
        <translation>angewendet</translation>
    </message>
    <message>
        <source>current</source>
        <translation>aktuell</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation>nicht erreichbar</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Stand</translation>
    </message>
    <message>
        <source>State in %1</source>
        <translation>Stand in %1</translation>
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
