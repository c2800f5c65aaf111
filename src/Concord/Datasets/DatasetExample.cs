namespace Concord.Datasets;

/// <summary>One example (one row of <c>mel.npy</c>): the <c>ClipIndex</c>-th fixed-length clip of an audio file.</summary>
/// <param name="Id">Unique id written to <c>labels.csv</c> (NSynth: <c>note_str</c>; recordings: <c>path#clip</c>).</param>
/// <param name="AudioPath">Absolute path of the audio file.</param>
/// <param name="ClipIndex">Which non-overlapping clip of the file (0 for NSynth notes and pre-cut clips).</param>
/// <param name="DeclaredSampleRateHz">The sample rate the metadata declares for the file (NSynth's <c>sample_rate</c>), checked
/// against the file's own rate when it is decoded; null when the metadata declares none.</param>
public sealed record DatasetExample(string Id, string AudioPath, int ClipIndex, int? DeclaredSampleRateHz = null);
