namespace Concord.Probes;

/// <summary>
/// The study's probe recipe (METHOD.md §7.1): <c>nn.Linear(d, K)</c> with PyTorch's default initialisation under
/// <c>torch.manual_seed(Seed)</c>, softmax inside the model, <c>CrossEntropyLoss</c> on top, <c>SGD(lr, momentum)</c>,
/// fixed-order mini-batches, fixed epochs; float32 arithmetic as PyTorch.
/// </summary>
public sealed record PaperSgdOptions
{
    public double LearningRate { get; init; } = 0.01;
    public double Momentum { get; init; } = 0.9;
    public int BatchSize { get; init; } = 64;
    public int Epochs { get; init; } = 100;
    /// <summary>Seed of PyTorch's CPU generator before <c>nn.Linear</c> is built (the study used 1 for every probe).</summary>
    public int Seed { get; init; } = 1;
    /// <summary>
    /// Paper quirk (METHOD.md §1.1, §10 item 11): apply softmax before cross-entropy, so the loss is
    /// −p_y + log Σ_k exp(p_k) with p = softmax(z). False trains plain softmax regression.
    /// </summary>
    public bool DoubleSoftmax { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (!(LearningRate > 0)) yield return "PaperSgd.LearningRate must be > 0";
        if (!(Momentum >= 0 && Momentum < 1)) yield return "PaperSgd.Momentum must be in [0, 1)";
        if (BatchSize <= 0) yield return "PaperSgd.BatchSize must be > 0";
        if (Epochs <= 0) yield return "PaperSgd.Epochs must be > 0";
        if (Seed < 0) yield return "PaperSgd.Seed must be ≥ 0";
    }
}
