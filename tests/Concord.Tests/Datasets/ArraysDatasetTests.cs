using System.Globalization;
using System.Text;
using Concord.Datasets;
using Concord.IO;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Datasets;

/// <summary>The arrays dataset reader is neutral: an arrays dataset built from a prepared synthetic cache's mel.npy and
/// labels gives the same prepared cache (inputs, split, per-example labels); a label table that does not match the
/// inputs' N is refused before anything is written.</summary>
public sealed class ArraysDatasetTests
{
    [Fact]
    public void ArraysBuiltFromTheSyntheticMelCacheGiveTheSameCache()
    {
        using var dir = new TempDir();
        string data = dir.File("synth"), cache = dir.File("cache"), arrays = dir.File("arrays");
        SynthDataset.Write(data, new SynthDatasetOptions { Notes = 16 });
        var prepare = PrepareOptions.ForProfile(DatasetProfile.Corrected) with { BlockSize = 8 };
        DatasetPreparer.Prepare(data, cache, prepare);
        var synth = PreparedCache.Open(cache);
        string csv = WriteLabelsCsv(synth, dir.File("labels.csv"));

        var options = new ArraysOptions
        {
            GroupColumn = synth.Tasks.Single(t => t.Kind == TaskKind.Group).Name,
            RegressionColumns = synth.Tasks.Where(t => t.Kind == TaskKind.Regression).Select(t => t.Name).ToList(),
            Split = prepare.Split,
        };
        var result = ArraysDataset.Prepare(CacheLayout.Mel(cache), csv, arrays, options);
        Assert.False(result.UpToDate);
        var made = PreparedCache.Open(arrays);
        Assert.Equal((synth.Count, synth.Mels, synth.Frames), (made.Count, made.Mels, made.Frames));
        Assert.Equal(Npy.Read<float>(CacheLayout.Mel(cache)).Data, Npy.Read<float>(CacheLayout.Mel(arrays)).Data);
        Assert.Equal(synth.TrainIndices(), made.TrainIndices());
        Assert.Equal(synth.TestIndices(), made.TestIndices());
        foreach (var task in synth.Tasks)
        {
            var other = made.Task(task.Name);
            Assert.Equal(task.Kind, other.Kind);
            if (task.Kind == TaskKind.Regression) Assert.Equal(synth.LoadValues(task.Name), made.LoadValues(task.Name));
            else Assert.Equal(synth.LoadCodes(task.Name).Select(c => task.Classes[(int)c]), made.LoadCodes(task.Name).Select(c => other.Classes[(int)c]));
        }
        // The inputs' hash was taken from the bytes the copy read: it is the file's SHA-256.
        static string Sha(string f) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(f)));
        Assert.Equal(Sha(CacheLayout.Mel(cache)), made.Manifest.IndexFiles["mel.npy"]);
        Assert.Equal(Sha(csv), made.Manifest.IndexFiles["labels.csv"]);
        Assert.True(ArraysDataset.Prepare(CacheLayout.Mel(cache), csv, arrays, options).UpToDate);

        // An input with NaN leaves a previous cache in the folder as it was.
        var data2 = Npy.Read<float>(CacheLayout.Mel(cache)).Data;
        data2[^1] = float.NaN;
        string bad = dir.File("bad.npy");
        Npy.Write<float>(bad, data2, synth.Count, synth.Mels, synth.Frames);
        var before = File.ReadAllBytes(CacheLayout.Manifest(arrays));
        Assert.Throws<ConcordException>(() => ArraysDataset.Prepare(bad, csv, arrays, options));
        Assert.Equal(before, File.ReadAllBytes(CacheLayout.Manifest(arrays)));
        Assert.True(ArraysDataset.Prepare(CacheLayout.Mel(cache), csv, arrays, options).UpToDate);
        Assert.Empty(Directory.GetFiles(arrays, "*.tmp*", SearchOption.AllDirectories));
    }

    /// <summary>id (from labels.csv) plus every task's labels: class names for classification and group tasks, the
    /// round-trip text of the value for regression tasks.</summary>
    private static string WriteLabelsCsv(PreparedCache cache, string path)
    {
        var table = CsvTable.Read(CacheLayout.LabelsCsv(cache.Directory));
        var columns = cache.Tasks.Select(t => t.Kind == TaskKind.Regression
            ? cache.LoadValues(t.Name).Select(v => v.ToString("R", CultureInfo.InvariantCulture)).ToArray()
            : cache.LoadCodes(t.Name).Select(c => t.Classes[(int)c]).ToArray()).ToList();
        var sb = new StringBuilder(string.Join(',', new[] { "id" }.Concat(cache.Tasks.Select(t => t.Name)))).Append('\n');
        for (int r = 0; r < table.Rows.Count; r++)
            sb.Append(string.Join(',', new[] { table.Rows[r][table.IndexOf("id")] }.Concat(columns.Select(c => c[r])).Select(CsvTable.Quote))).Append('\n');
        File.WriteAllText(path, sb.ToString());
        return path;
    }

    [Fact]
    public void LabelsThatDoNotMatchTheInputsNAreRefused()
    {
        using var dir = new TempDir();
        string inputs = dir.File("inputs.npy"), csv = dir.File("labels.csv"), cache = dir.File("cache");
        Npy.Write<float>(inputs, new float[4 * 3 * 2], 4, 3, 2);
        File.WriteAllText(csv, "id,label\na,x\nb,y\nc,x\n");
        var ex = Assert.Throws<ConcordException>(() => ArraysDataset.Prepare(inputs, csv, cache, new ArraysOptions()));
        Assert.StartsWith(csv + ": 3 label rows but " + inputs + " holds N = 4 inputs", ex.Message);
        Assert.False(Directory.Exists(cache));
        File.WriteAllText(csv, "id,label\na,x\nb,y\na,x\nd,y\n");
        ex = Assert.Throws<ConcordException>(() => ArraysDataset.Prepare(inputs, csv, cache, new ArraysOptions()));
        Assert.Contains("duplicate id 'a'", ex.Message);
        var data = new float[4 * 3 * 2];
        data[7] = float.NaN;
        Npy.Write<float>(inputs, data, 4, 3, 2);
        File.WriteAllText(csv, "id,label\na,x\nb,y\nc,x\nd,y\n");
        ex = Assert.Throws<ConcordException>(() => ArraysDataset.Prepare(inputs, csv, cache, new ArraysOptions()));
        Assert.Equal(inputs + ": row 1: the input contains NaN", ex.Message);
        Assert.False(Directory.Exists(cache));
    }
}
