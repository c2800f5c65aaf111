namespace Concord.Datasets;

/// <summary>
/// The on-disk layout of a prepared dataset cache (the output of <c>concord prepare</c>), shared by every stage
/// that reads it. All arrays are NumPy <c>.npy</c>, written atomically.
/// <code>
/// CACHE/manifest.json                 resolved options, package versions, input hashes, Concord's commit, format version
/// CACHE/mel.npy                       float32 [N, mels, frames]  (dB mel, or power with --power)
/// CACHE/labels.csv                    one row per example: index, id, every label column
/// CACHE/tasks.json                    [{ "name", "kind": "classification"|"regression"|"group", "classes": [..] }]
/// CACHE/labels/&lt;task&gt;.npy            int64 [N] class index (classification, group) or float64 [N] (regression)
/// CACHE/splits/train.npy, test.npy    int64 example indices, ascending
/// CACHE/features/&lt;name&gt;.npy          float32 [N, d] hand-crafted feature
/// </code>
/// </summary>
public static class CacheLayout
{
    /// <summary>Bumped whenever the layout changes incompatibly; readers refuse other versions with a clear message.</summary>
    public const int FormatVersion = 1;

    public static string Manifest(string cache) => Path.Combine(cache, "manifest.json");
    public static string Mel(string cache) => Path.Combine(cache, "mel.npy");
    public static string LabelsCsv(string cache) => Path.Combine(cache, "labels.csv");
    public static string Tasks(string cache) => Path.Combine(cache, "tasks.json");
    /// <summary><c>labels/&lt;task&gt;.npy</c>; a task name that is not a plain file stem is refused (it could leave the folder).</summary>
    public static string Label(string cache, string task) => IO.FileNames.Inside(Path.Combine(cache, "labels"), task, ".npy", "task name");
    public static string TrainSplit(string cache) => Path.Combine(cache, "splits", "train.npy");
    public static string TestSplit(string cache) => Path.Combine(cache, "splits", "test.npy");
    public static string FeaturesDir(string cache) => Path.Combine(cache, "features");
    public static string Feature(string cache, string name) => Path.Combine(cache, "features", name + ".npy");
}
