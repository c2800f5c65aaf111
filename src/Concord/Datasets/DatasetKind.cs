namespace Concord.Datasets;

/// <summary>The input formats <c>concord prepare</c> reads.</summary>
public enum DatasetKind
{
    /// <summary>An NSynth-layout folder (examples.json + audio/).</summary>
    NSynth,
    /// <summary>A CSV of whole labelled recordings, cut into clips.</summary>
    Recordings,
    /// <summary>A CSV of already-cut labelled clips.</summary>
    Clips,
}
