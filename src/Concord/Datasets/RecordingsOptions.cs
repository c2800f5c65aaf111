using Concord.Audio;

namespace Concord.Datasets;

/// <summary>
/// How a labelled-recordings CSV (Composer/Beethoven style) becomes examples. The CSV has a <c>path</c> column
/// (absolute, or relative to the CSV's folder) and any label columns; see docs/datasets.md.
/// </summary>
public sealed record RecordingsOptions
{
    /// <summary>Each row is a whole recording cut into clips (true), or already one clip (false, the <c>clips</c> dataset).</summary>
    public bool CutIntoClips { get; init; } = true;

    /// <summary>Clip length in seconds (paper: 4).</summary>
    public double ClipSeconds { get; init; } = ClipSlicer.DefaultClipSeconds;

    /// <summary>What happens to a final piece shorter than a clip (paper: dropped).</summary>
    public PartialClipPolicy PartialClip { get; init; } = PartialClipPolicy.Drop;

    /// <summary>Mapping files deriving new label columns (two-column CSV: header <c>source,derived</c>, then value pairs), applied in order.</summary>
    public IReadOnlyList<string> MappingFiles { get; init; } = [];

    /// <summary>Derived label columns given in memory (e.g. from a study config), applied in order after <see cref="MappingFiles"/>.</summary>
    public IReadOnlyList<DerivedColumn> DerivedColumns { get; init; } = [];

    /// <summary>Column whose values are the groups of group-disjoint splits; null = the recording (its path).</summary>
    public string? GroupColumn { get; init; }

    public IEnumerable<string> Validate()
    {
        if (!(ClipSeconds > 0) || !double.IsFinite(ClipSeconds)) yield return "Recordings.ClipSeconds must be > 0";
        if (!Enum.IsDefined(PartialClip)) yield return "Recordings.PartialClip is not defined";
        if (GroupColumn is "path") yield return "Recordings.GroupColumn 'path' is the default; leave it unset";
    }
}
