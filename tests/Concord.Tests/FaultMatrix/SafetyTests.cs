using System.Text.RegularExpressions;
using Concord.IO;
using Concord.Tests.Infrastructure;
using static Concord.Tests.FaultMatrix.FaultInputs;

namespace Concord.Tests.FaultMatrix;

/// <summary>Path-containment and deletion safety (issue 8, §4); see docs/hardening.md.</summary>
public sealed partial class SafetyTests
{
    /// <summary>
    /// Every recursive delete in the sources, reviewed: each removes a work folder <c>&lt;output&gt;/mel.parts</c> or
    /// <c>&lt;output&gt;/features.parts</c> (the variable <c>parts</c>), or, through <c>TryDeleteDirectory</c>, that folder
    /// or an output folder the same run created and left empty. A new recursive delete fails this test until reviewed.
    /// </summary>
    [Fact]
    public void EveryRecursiveDeleteIsReviewed()
    {
        var reviewed = new HashSet<string>(StringComparer.Ordinal)
        {
            "Datasets/DatasetPreparer.cs: Directory.Delete(parts, recursive: true)",
            "Datasets/DatasetPreparer.cs: Directory.Delete(dir, recursive: true)",
            "Features/CacheFeatures.cs: Directory.Delete(parts, recursive: true)",
            // The run's artefact cache: <run>/artefacts/<stage>/<hex hash>[.tmp-*] folders it created itself.
            "../Concord.Study/Running/ArtefactCache.cs: Directory.Delete(final, recursive: true)",
            "../Concord.Study/Running/ArtefactCache.cs: Directory.Delete(dir, recursive: true)",
            // The prepare task's own notes/ and notes.tmp/ inside its artefact folder (a killed synthesis is redone).
            "../Concord.Study/Stages/PrepareTask.cs: Directory.Delete(input, recursive: true)",
            "../Concord.Study/Stages/PrepareTask.cs: Directory.Delete(tmp, recursive: true)",
        };
        string src = Path.Combine(TestPaths.RepoRoot(), "src");
        var found = Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .SelectMany(f => DeleteCall().Matches(File.ReadAllText(f))
                .Select(m => Path.GetRelativePath(Path.Combine(src, "Concord"), f).Replace('\\', '/') + ": " + m.Value))
            .ToList();
        Assert.NotEmpty(found);
        Assert.All(found, f => Assert.Contains(f, reviewed));
    }

    [GeneratedRegex(@"Directory\.Delete\([^;]*\)")]
    private static partial Regex DeleteCall();

    /// <summary>
    /// prepare into a folder holding the user's own file and a pre-existing <c>mel.parts</c> that is a symbolic link to
    /// an outside folder: neither the user's file nor the link's target is deleted.
    /// </summary>
    [Fact]
    public void PrepareNeverDeletesOutsideItsWorkFolder()
    {
        using var t = new TempDir();
        Wav(t.Path, "a.wav", Tone(0.5));
        Wav(t.Path, "b.wav", Tone(0.5));
        string csv = Text(t.Path, "clips.csv", "path,label\na.wav,x\nb.wav,y\n");
        string outside = Path.Combine(t.Path, "precious");
        Text(outside, "keep.txt", "do not delete");
        string cache = Path.Combine(t.Path, "cache");
        Text(cache, "notes.txt", "mine");
        Directory.CreateSymbolicLink(Path.Combine(cache, "mel.parts"), outside);

        var (exit, _, stderr) = FaultMatrixTests.RunCli(["prepare", "--dataset", "clips", "-i", csv, "-o", cache,
            "--clip-seconds", "0.5", "--sample-rate", "16000", "--split", "random"], t.Path);

        Assert.True(File.Exists(Path.Combine(outside, "keep.txt")), $"outside file deleted (exit {exit}: {stderr})");
        Assert.True(File.Exists(Path.Combine(cache, "notes.txt")), "the user's file in the output folder was deleted");
    }

    /// <summary>
    /// The artefact cache deletes only its own <c>&lt;stage&gt;/&lt;hash&gt;.tmp-*</c> folders: a user's file in a stage
    /// folder survives, and a temporary that is a symbolic link to an outside folder is unlinked without touching the
    /// folder it points to.
    /// </summary>
    [Fact]
    public void ArtefactCacheCleanUpNeverReachesOutsideItsFolders()
    {
        using var t = new TempDir();
        string outside = Path.Combine(t.Path, "precious");
        Text(outside, "keep.txt", "do not delete");
        string stage = Path.Combine(t.Path, "run", "artefacts", "train");
        Text(stage, "notes.txt", "mine");
        Directory.CreateSymbolicLink(Path.Combine(stage, "0123456789abcdef0123.tmp-deadbeef"), outside);
        Directory.CreateDirectory(Path.Combine(stage, "fedcba9876543210fedc.tmp-0badf00d"));

        new Concord.Study.Running.ArtefactCache(Path.Combine(t.Path, "run", "artefacts")).CleanTemporaries();

        Assert.True(File.Exists(Path.Combine(outside, "keep.txt")), "the link's target was emptied");
        Assert.True(File.Exists(Path.Combine(stage, "notes.txt")), "the user's file in a stage folder was deleted");
        Assert.Equal(["notes.txt"], Directory.EnumerateFileSystemEntries(stage).Select(Path.GetFileName));
    }

    /// <summary>A name from user data joined to a folder must be a plain stem (NSynth note_str, CSV task columns).</summary>
    [Theory]
    [InlineData("brass_acoustic_000-060-025", true)]
    [InlineData("instrument family", true)]
    [InlineData("", false)]
    [InlineData(".", false)]
    [InlineData("..", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("a\\b", false)]
    [InlineData("/etc/passwd", false)]
    [InlineData("c:x", false)]
    [InlineData("a\u0000b", false)]
    [InlineData("a\nb", false)]
    public void PlainStems(string stem, bool plain) => Assert.Equal(plain, FileNames.IsPlainStem(stem));

    [Fact]
    public void CacheLabelPathRefusesATaskNameThatLeavesTheFolder()
    {
        var ex = Assert.Throws<ConcordException>(() => Concord.Datasets.CacheLayout.Label("/data/cache", "../../etc/x"));
        Assert.Contains("task name '../../etc/x'", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Path.Combine("/data/cache", "labels", "pitch.npy"), Concord.Datasets.CacheLayout.Label("/data/cache", "pitch"));
    }

    /// <summary>Recordings CSV paths: relative ones resolve against the CSV's folder (not the working folder); absolute ones are used as given.</summary>
    [Fact]
    public void RecordingsCsvPathsResolveAgainstTheCsvFolder()
    {
        using var t = new TempDir();
        string data = Path.Combine(t.Path, "data");
        Directory.CreateDirectory(Path.Combine(data, "audio"));
        Wav(Path.Combine(data, "audio"), "a.wav", Tone(0.5));
        string absolute = Wav(t.Path, "b.wav", Tone(0.5));
        string csv = Text(data, "clips.csv", $"path,label\naudio/a.wav,x\n{absolute},y\n");
        string elsewhere = Path.Combine(t.Path, "cwd");
        Directory.CreateDirectory(elsewhere);

        var (exit, _, stderr) = FaultMatrixTests.RunCli(["prepare", "--dataset", "clips", "-i", csv, "-o", Path.Combine(t.Path, "cache"),
            "--clip-seconds", "0.5", "--sample-rate", "16000", "--split", "random"], elsewhere);

        Assert.True(exit == 0, stderr);
        Assert.Equal(2, Npy.ReadHeader(Path.Combine(t.Path, "cache", "mel.npy")).Shape[0]);
    }
}
