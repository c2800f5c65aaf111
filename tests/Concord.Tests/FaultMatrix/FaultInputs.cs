using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using Concord.Audio;
using Concord.Datasets;
using Concord.IO;

namespace Concord.Tests.FaultMatrix;

/// <summary>Builders of (mostly broken) inputs for the fault matrix, all small.</summary>
public static class FaultInputs
{
    public const int Rate = 16000;

    /// <summary>A 440 Hz sine of <paramref name="seconds"/> at <paramref name="rate"/>, amplitude 0.5.</summary>
    public static float[] Tone(double seconds, int rate = Rate)
    {
        var x = new float[(int)(seconds * rate)];
        for (int i = 0; i < x.Length; i++) x[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440f * i / rate);
        return x;
    }

    public static string Wav(string dir, string name, float[] samples, int rate = Rate, WavSampleFormat format = WavSampleFormat.Pcm16)
    {
        string p = Path.Combine(dir, name);
        WavWriter.Write(p, samples, rate, format);
        return p;
    }

    /// <summary>A 16-bit interleaved stereo WAV (left = tone, right = silence), which <see cref="WavWriter"/> does not write.</summary>
    public static string StereoWav(string dir, string name, float[] left)
    {
        int n = left.Length, dataBytes = n * 4;
        var b = new byte[44 + dataBytes];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(b, 0);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(4), 36 + dataBytes);
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(b, 8);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(20), 1);       // PCM
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(22), 2);       // channels
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(24), Rate);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(28), Rate * 4);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(32), 4);
        BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(b, 36);
        BinaryPrimitives.WriteInt32LittleEndian(b.AsSpan(40), dataBytes);
        for (int i = 0; i < n; i++)
            BinaryPrimitives.WriteInt16LittleEndian(b.AsSpan(44 + 4 * i), (short)Math.Round(left[i] * 32767));
        string p = Path.Combine(dir, name);
        File.WriteAllBytes(p, b);
        return p;
    }

    public static string Bytes(string dir, string name, byte[] bytes)
    {
        string p = Path.Combine(dir, name);
        File.WriteAllBytes(p, bytes);
        return p;
    }

    public static string Text(string dir, string name, string text)
    {
        string p = Path.Combine(dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(p)!);
        File.WriteAllText(p, text);
        return p;
    }

    /// <summary>A small NSynth folder (<paramref name="notes"/> notes) whose examples.json is then rewritten by <paramref name="edit"/>.</summary>
    public static string NSynth(string dir, int notes, Func<JsonObject, string>? edit = null)
    {
        string folder = Path.Combine(dir, "nsynth");
        SynthDataset.Write(folder, new SynthDatasetOptions { Notes = notes, Seed = 3 });
        if (edit is not null)
        {
            string json = Path.Combine(folder, "examples.json");
            File.WriteAllText(json, edit(JsonNode.Parse(File.ReadAllText(json))!.AsObject()));
        }
        return folder;
    }

    /// <summary>A float32 matrix [rows, cols] with seeded normal entries, then <paramref name="spoil"/> applied.</summary>
    public static string Matrix(string dir, string name, int rows, int cols, int seed, Action<float[]>? spoil = null)
    {
        var rng = new Random(seed);
        var x = new float[rows * cols];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(rng.NextDouble() * 2 - 1);
        spoil?.Invoke(x);
        string p = Path.Combine(dir, name);
        Npy.Write<float>(p, x, rows, cols);
        return p;
    }

    /// <summary>Integer labels 0..classes-1 cycling over <paramref name="rows"/>.</summary>
    public static string Labels(string dir, string name, int rows, int classes, int offset = 0)
    {
        var y = new long[rows];
        for (int i = 0; i < rows; i++) y[i] = (i + offset) % classes;
        string p = Path.Combine(dir, name);
        Npy.Write<long>(p, y, rows);
        return p;
    }
}
