namespace Concord.Experiments.Config;

/// <summary>Which dataset reader a config uses.</summary>
public enum DatasetKind
{
    /// <summary>The embedded synthetic note dataset (8 families), generated on the fly.</summary>
    Synth,
    /// <summary>An NSynth folder (examples.json + audio/).</summary>
    NSynth,
    /// <summary>Labelled recordings (Composer / Beethoven style: a CSV of files and labels).</summary>
    Recordings,
}
