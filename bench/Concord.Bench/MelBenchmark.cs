using System.Diagnostics;
using Concord.Audio;
using Concord.Spectral;

namespace Concord.Bench;

/// <summary>
/// Mel clips per second on the NSynth fixture (16 kHz, 4 s), decoding included: AudioFile.Load + dB mel spectrogram
/// with the paper's options, through <see cref="MelSpectrogram.ComputeDecibelsBatch{T}"/>. Target ≥ 500 clips/s with 2 threads.
/// Usage: mel [--threads N] [--seconds S]
/// </summary>
public sealed class MelBenchmark : IBenchmark
{
    public string Name => "mel";
    public string Description => "decode + mel dB clips/s on the NSynth fixture (target ≥ 500 with 2 threads)";

    public int Run(string[] args)
    {
        int threads = 2;
        double seconds = 5;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            if (args[i] == "--threads") threads = int.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
            else if (args[i] == "--seconds") seconds = double.Parse(args[i + 1], System.Globalization.CultureInfo.InvariantCulture);
        }
        string? fixture = BenchPaths.NSynthFixture();
        if (fixture is null) { Console.Error.WriteLine("NSynth fixture not found (../shared/data/nsynth-fixture)"); return 1; }
        var paths = Directory.GetFiles(Path.Combine(fixture, "audio"), "*.wav").Order(StringComparer.Ordinal).ToArray();
        var options = new MelSpectrogramOptions() with { PadMode = PadMode.Reflect };
        var mel = new MelSpectrogram(options, 16000);
        Console.WriteLine($"mel: {paths.Length} fixture clips, 16 kHz, n_fft {options.FftSize}, hop {options.HopLength}, {options.MelBandCount} mels, "
            + $"decode + dB, {Environment.ProcessorCount} CPUs");

        Profile(paths, mel);
        foreach (int t in threads == 1 ? new[] { 1 } : new[] { 1, threads })
        {
            mel.ComputeDecibelsBatch(paths, p => AudioFile.Load(p, 16000).Samples, t);   // warm-up (JIT, page cache)
            long clips = 0;
            var proc = Process.GetCurrentProcess();
            var cpu0 = proc.TotalProcessorTime;
            var sw = Stopwatch.StartNew();
            while (sw.Elapsed.TotalSeconds < seconds)
            {
                var r = mel.ComputeDecibelsBatch(paths, p => AudioFile.Load(p, 16000).Samples, t);
                clips += r.Length;
            }
            sw.Stop();
            proc.Refresh();
            double cpuSeconds = (proc.TotalProcessorTime - cpu0).TotalSeconds;
            double rate = clips / sw.Elapsed.TotalSeconds;
            // On a shared machine the wall-clock figure depends on other load; CPU time per clip shows what t free cores would give.
            double cpuMs = 1000.0 * cpuSeconds / clips;
            Console.WriteLine($"  threads {t}: {clips} clips in {sw.Elapsed.TotalSeconds:F2} s wall = {rate:F0} clips/s;"
                + $" {cpuMs:F2} CPU-ms per clip → {t * 1000.0 / cpuMs:F0} clips/s on {t} free core(s)"
                + (t == threads ? $"; target 500 clips/s (wall): {(rate >= 500 ? "met" : "NOT met")}" : ""));
        }
        return 0;
    }

    /// <summary>Single-thread CPU time per clip of each stage.</summary>
    private static void Profile(string[] paths, MelSpectrogram mel)
    {
        var clips = paths.Select(p => AudioFile.Load(p).Samples).ToArray();
        var stft = mel.Stft;
        double Time(Action<int> body)
        {
            for (int i = 0; i < 20; i++) body(i);
            var proc = Process.GetCurrentProcess();
            var c0 = proc.TotalProcessorTime;
            for (int i = 0; i < clips.Length; i++) body(i);
            proc.Refresh();
            return (proc.TotalProcessorTime - c0).TotalMilliseconds / clips.Length;
        }
        double decode = Time(i => AudioFile.Load(paths[i]));
        double power = Time(i => stft.ComputePower(clips[i]));
        double melPower = Time(i => mel.ComputePower(clips[i]));
        double melDb = Time(i => mel.ComputeDecibels(clips[i]));
        Console.WriteLine($"  profile (1 thread, CPU-ms per clip): decode {decode:F3}, STFT power {power:F3}, mel power {melPower:F3}, mel dB {melDb:F3}");
    }
}
