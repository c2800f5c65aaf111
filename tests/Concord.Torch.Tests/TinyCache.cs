using System.Text.Json;
using Concord.Datasets;
using Concord.IO;

namespace Concord.Torch.Tests;

/// <summary>Writes a small prepared cache following <see cref="CacheLayout"/>: N examples of [mels, frames] noise with a
/// class-dependent bright band (learnable), a classification task "family" and a regression task "pitch".</summary>
public static class TinyCache
{
    public static string Write(string dir, int n = 96, int mels = 64, int frames = 64, int classes = 3, int seed = 5, Action<float[]>? tamper = null)
    {
        Directory.CreateDirectory(dir);
        var rng = new Random(seed);
        var mel = new float[n * mels * frames];
        var labels = new long[n];
        var pitch = new double[n];
        for (int i = 0; i < n; i++)
        {
            int c = i % classes;
            labels[i] = c;
            pitch[i] = 40 + 10 * c + rng.NextDouble();
            int band = (c + 1) * mels / (classes + 1);
            for (int m = 0; m < mels; m++)
                for (int t = 0; t < frames; t++)
                    mel[(i * mels + m) * frames + t] = (float)(-60 + 5 * rng.NextDouble() + (Math.Abs(m - band) < 4 ? 30 : 0));
        }
        tamper?.Invoke(mel);
        Npy.Write<float>(CacheLayout.Mel(dir), mel, n, mels, frames);
        Npy.Write<long>(CacheLayout.Label(dir, "family"), labels, n);
        Npy.Write<double>(CacheLayout.Label(dir, "pitch"), pitch, n);
        var train = Enumerable.Range(0, n).Where(i => i % 4 != 3).Select(i => (long)i).ToArray();
        var test = Enumerable.Range(0, n).Where(i => i % 4 == 3).Select(i => (long)i).ToArray();
        Npy.Write<long>(CacheLayout.TrainSplit(dir), train, train.Length);
        Npy.Write<long>(CacheLayout.TestSplit(dir), test, test.Length);
        File.WriteAllText(CacheLayout.Tasks(dir), JsonSerializer.Serialize(new object[]
        {
            new { name = "family", kind = "classification", classes = Enumerable.Range(0, classes).Select(c => "c" + c).ToArray() },
            new { name = "pitch", kind = "regression" },
        }));
        return dir;
    }
}
