namespace Concord.Experiments;

/// <summary>A two-component PCA projection of one representation's test examples, coloured by class (Fig. 11).</summary>
/// <param name="Dataset">Dataset name.</param>
/// <param name="Task">The class task used for colouring.</param>
/// <param name="Source">The projected representation.</param>
/// <param name="X">First component score per example.</param>
/// <param name="Y">Second component score per example.</param>
/// <param name="ClassIndex">Class index per example.</param>
/// <param name="Classes">Class names.</param>
/// <param name="ExplainedVarianceRatio">Explained-variance ratio of the two components.</param>
public sealed record PcaProjection(
    string Dataset,
    string Task,
    Representation Source,
    IReadOnlyList<double> X,
    IReadOnlyList<double> Y,
    IReadOnlyList<int> ClassIndex,
    IReadOnlyList<string> Classes,
    IReadOnlyList<double> ExplainedVarianceRatio);
