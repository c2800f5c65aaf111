using Concord.IO;

namespace Concord.Activations;

/// <summary>
/// Streams float32 activation rows into one <c>.npy</c> file [rows, width] in the element type of an
/// <see cref="ActivationStorage"/>; shared by every extractor (built-in CNNs and imported networks) so their files are
/// identical in format. Nothing is visible until <see cref="Commit"/>; disposing without committing deletes the temporary.
/// </summary>
public sealed class ActivationRowWriter : IDisposable
{
    private readonly NpyRowWriter<float>? _single;
    private readonly NpyRowWriter<Half>? _half;

    public ActivationRowWriter(string path, long rows, long width, ActivationStorage storage)
    {
        if (storage == ActivationStorage.Float16) _half = new NpyRowWriter<Half>(path, rows, width);
        else _single = new NpyRowWriter<float>(path, rows, width);
    }

    /// <summary>Appends whole rows (C-order, row length = width).</summary>
    public void Write(ReadOnlySpan<float> rows)
    {
        if (_single is not null) { _single.WriteRows(rows); return; }
        var converted = new Half[rows.Length];
        for (int i = 0; i < rows.Length; i++) converted[i] = (Half)rows[i];
        _half!.WriteRows(converted);
    }

    public void Commit()
    {
        _single?.Commit();
        _half?.Commit();
    }

    public void Dispose()
    {
        _single?.Dispose();
        _half?.Dispose();
    }
}
