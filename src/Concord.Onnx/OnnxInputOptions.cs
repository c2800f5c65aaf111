namespace Concord.Onnx;

/// <summary>How spectrograms are adapted to an imported network's input: layout, unit and normalisation, all declared.
/// Defaults: [batch, 1, H, W], dB, no normalisation.</summary>
public sealed record OnnxInputOptions
{
    public InputLayout Layout { get; init; } = InputLayout.N1hw;
    public InputScale Scale { get; init; } = InputScale.Decibels;
    public InputNormalization Normalization { get; init; } = InputNormalization.None;
    /// <summary>The mean subtracted under <see cref="InputNormalization.Given"/>.</summary>
    public double? Mean { get; init; }
    /// <summary>The standard deviation divided by under <see cref="InputNormalization.Given"/>; &gt; 0.</summary>
    public double? Sd { get; init; }

    public IEnumerable<string> Validate()
    {
        if (Normalization == InputNormalization.Given)
        {
            if (Mean is not double m || !double.IsFinite(m)) yield return "input.mean must be a finite number when input.normalization is 'given'";
            if (Sd is not double s || !double.IsFinite(s) || s <= 0) yield return "input.sd must be a finite number > 0 when input.normalization is 'given'";
        }
        else if (Mean is not null || Sd is not null) yield return "input.mean and input.sd apply only when input.normalization is 'given'";
    }
}
