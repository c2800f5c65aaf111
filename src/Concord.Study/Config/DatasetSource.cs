using Concord.Experiments;

namespace Concord.Study.Config;

/// <summary>Which dataset reader a config uses.</summary>
public enum DatasetSource
{
    /// <summary>The embedded synthetic note dataset (8 families, NSynth layout), generated into the run's artefacts.</summary>
    Synth,
    /// <summary>An NSynth folder (examples.json + audio/).</summary>
    NSynth,
    /// <summary>Labelled recordings cut into clips (Composer / Beethoven style: a CSV of files and labels).</summary>
    Recordings,
    /// <summary>A CSV of files that are already one clip each.</summary>
    Clips,
    /// <summary>Any 2-D inputs: an <c>inputs.npy</c> [N, H, W] (<c>dataset.path</c>) and a labels CSV (<c>dataset.labels</c>).</summary>
    Arrays,
}
