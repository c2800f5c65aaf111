using Concord.Networks;
using Concord.Torch.Activations;
using Concord.Torch.Models;

namespace Concord.Torch.Training;

/// <summary>
/// A sweep over architectures × seeds: train each, then extract its taps from the trained model and from the untrained
/// model with the same seed. Model and training templates carry the profile (use their <c>AsPaper()</c>).
/// </summary>
public sealed record ZooOptions
{
    public IReadOnlyList<Architecture> Architectures { get; init; } = Enum.GetValues<Architecture>();
    public IReadOnlyList<long> Seeds { get; init; } = [1, 10];
    /// <summary>Template for every model; Architecture, Mels, Frames, Classes and Head are set per run.</summary>
    public ModelOptions Model { get; init; } = new();
    public TrainingOptions Training { get; init; } = new() { Epochs = 3 };
    public ExtractionOptions Extraction { get; init; } = new();
    /// <summary>Extract taps from each trained model (convolutional architectures only).</summary>
    public bool ExtractTrained { get; init; } = true;
    /// <summary>Extract taps from each untrained model (same seed, same initial weights).</summary>
    public bool ExtractUntrained { get; init; } = true;

    public IEnumerable<string> Validate()
    {
        if (Architectures.Count == 0) yield return "Zoo.Architectures must not be empty";
        if (Seeds.Count == 0) yield return "Zoo.Seeds must not be empty";
        if (Seeds.Distinct().Count() != Seeds.Count) yield return "Zoo.Seeds has duplicates";
        foreach (var e in Training.Validate()) yield return e;
        foreach (var e in Extraction.Validate()) yield return e;
    }
}
