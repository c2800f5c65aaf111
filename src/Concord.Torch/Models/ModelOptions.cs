using Concord.Networks;
namespace Concord.Torch.Models;

/// <summary>
/// Everything that fixes a model's structure: architecture, input size [Mels, Frames], head and quirks.
/// Defaults are the corrected profile for NSynth (128×128, K = 8).
/// </summary>
public sealed record ModelOptions
{
    public Architecture Architecture { get; init; } = Architecture.Regular;
    /// <summary>Input height H (mel bins). The study uses 128.</summary>
    public int Mels { get; init; } = 128;
    /// <summary>Input width W (frames): 128 for NSynth, 176 for Composer/Beethoven.</summary>
    public int Frames { get; init; } = 128;
    /// <summary>K, the number of classes of a classification head (ignored for regression).</summary>
    public int Classes { get; init; } = 8;
    public ModelHead Head { get; init; } = ModelHead.Classification;
    public ChannelCounts Channels { get; init; } = ChannelCounts.Default;
    /// <summary>Paper quirk (METHOD.md §1.1, §10.11): softmax inside the classification model, so training with
    /// cross-entropy applies softmax twice. <c>false</c> (corrected) makes the model return logits.</summary>
    public bool SoftmaxInModel { get; init; }
    /// <summary>Sampling of the deformable conv3; <see cref="DeformableSampling.PaperClamp"/> is the paper's layer.</summary>
    public DeformableSampling DeformableSampling { get; init; } = DeformableSampling.ZeroPad;

    /// <summary>Number of outputs of fc2.</summary>
    public int Outputs => Head == ModelHead.Regression ? 1 : Classes;

    /// <summary>The paper profile: double softmax and clamp-and-double deformable sampling.</summary>
    public ModelOptions AsPaper() => this with { SoftmaxInModel = true, DeformableSampling = DeformableSampling.PaperClamp };

    public IEnumerable<string> Validate()
    {
        if (Mels <= 0) yield return "Model.Mels must be > 0";
        if (Frames <= 0) yield return "Model.Frames must be > 0";
        if (Head == ModelHead.Classification && Classes < 2) yield return "Model.Classes must be ≥ 2 for a classification head";
        if (Channels.Conv1 <= 0 || Channels.Conv2 <= 0 || Channels.Conv3 <= 0) yield return "Model.Channels must all be > 0";
        if (Architecture != Architecture.FeedForward)
        {
            string? fit = null;
            try { ModelShapes.Compute(this); }
            catch (ConcordException ex) { fit = ex.Message; }
            if (fit is not null) yield return fit;
        }
    }
}
