using Concord.Spectral;

namespace Concord.Onnx;

/// <summary>
/// Turns spectrogram rows [H·W] (C-order, H = mel bins) into a network's input: unit conversion (dB ↔ power), then the
/// declared normalisation, then the declared layout. Checks once that the model's input can take [H, W] in that layout.
/// </summary>
internal sealed class InputAdapter
{
    private readonly OnnxInputOptions _options;
    private readonly bool _sourceIsPower;

    /// <param name="model">The network.</param>
    /// <param name="height">H, mel bins.</param>
    /// <param name="width">W, frames.</param>
    /// <param name="sourceIsPower">Whether the rows are mel power (else dB).</param>
    /// <param name="options">The declared adaptation.</param>
    /// <param name="sourceName">The spectrogram source named in a shape error (cache mel.npy or inputs file).</param>
    public InputAdapter(OnnxModel model, int height, int width, bool sourceIsPower, OnnxInputOptions options, string sourceName)
    {
        _options = options;
        _sourceIsPower = sourceIsPower;
        Height = height; Width = width;
        long[] given = options.Layout == InputLayout.Nhw ? [height, width] : [1, height, width];
        var dims = model.InputDims;
        bool fits = dims.Count == given.Length + 1;
        for (int i = 0; fits && i < given.Length; i++) fits = dims[i + 1] is null || dims[i + 1] == given[i];
        if (!fits)
        {
            string expected = "[" + string.Join(", ", dims.Select((d, i) => d?.ToString() ?? (i == 0 ? "batch" : "?"))) + "]";
            throw ConcordException.InFile(model.Path,
                $"input '{model.InputName}' takes {expected} but the spectrograms of {sourceName} give [N, {string.Join(", ", given)}] in layout {options.Layout.ToString().ToLowerInvariant()}", "input");
        }
        FixedBatch = dims[0] is long b ? checked((int)b) : null;
        Shape = given;
    }

    public int Height { get; }
    public int Width { get; }
    /// <summary>The model's batch size when its first dimension is fixed, else null.</summary>
    public int? FixedBatch { get; }
    /// <summary>One example's shape in the model's layout (without the batch dimension).</summary>
    public long[] Shape { get; }

    /// <summary>Adapts one example in place: <paramref name="row"/> holds H·W values in the source unit. The layouts
    /// differ only in the tensor shape, so the memory order is unchanged.</summary>
    public void Adapt(Span<float> row)
    {
        if (_options.Scale == InputScale.Power && !_sourceIsPower)
            for (int i = 0; i < row.Length; i++) row[i] = (float)Math.Pow(10, row[i] / 10.0);
        else if (_options.Scale == InputScale.Decibels && _sourceIsPower)
        {
            var power = new double[row.Length];
            for (int i = 0; i < row.Length; i++) power[i] = row[i];
            Decibels.PowerToDb(power, row);
        }
        switch (_options.Normalization)
        {
            case InputNormalization.PerClipZScore:
            {
                double sum = 0, sumSq = 0;
                foreach (float v in row) { sum += v; sumSq += (double)v * v; }
                double mean = sum / row.Length, sd = Math.Sqrt(Math.Max(0, sumSq / row.Length - mean * mean));
                double inv = sd > 0 ? 1 / sd : 0;   // a constant clip becomes all zeros, not NaN
                for (int i = 0; i < row.Length; i++) row[i] = (float)((row[i] - mean) * inv);
                break;
            }
            case InputNormalization.Given:
            {
                double mean = _options.Mean!.Value, inv = 1 / _options.Sd!.Value;
                for (int i = 0; i < row.Length; i++) row[i] = (float)((row[i] - mean) * inv);
                break;
            }
        }
    }
}
