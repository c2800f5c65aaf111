namespace Concord.Experiments;

/// <summary>
/// One class's mean ± sd of a hand-crafted feature, column by column, over the training examples of the class
/// (Figs. 12–13). One row of <c>class_traces</c>.
/// </summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Task">The class task.</param>
/// <param name="FeatureSet">The feature.</param>
/// <param name="Axis">What the columns index ("mels", "frames", or a sum of them for concatenations).</param>
/// <param name="ClassName">The class.</param>
/// <param name="Count">Training examples of the class.</param>
/// <param name="Mean">Column means.</param>
/// <param name="Sd">Column population standard deviations (ddof = 0).</param>
/// <param name="ArtefactHash">Content hash (the upsert key).</param>
public sealed record ClassTraceRecord(string Dataset, string Task, string FeatureSet, string Axis, string ClassName, int Count,
    IReadOnlyList<double> Mean, IReadOnlyList<double> Sd, string ArtefactHash);
