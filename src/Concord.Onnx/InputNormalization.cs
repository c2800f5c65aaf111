namespace Concord.Onnx;

/// <summary>The per-input normalisation a network expects, applied after the unit conversion.</summary>
public enum InputNormalization
{
    /// <summary>The spectrogram is fed as it is.</summary>
    None,
    /// <summary>(x − mean(x)) / sd(x) over the whole clip, population sd (ddof 0).</summary>
    PerClipZScore,
    /// <summary>(x − mean) / sd with the mean and sd given in <see cref="OnnxInputOptions"/> (e.g. the training set's).</summary>
    Given,
}
