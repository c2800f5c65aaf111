using Concord.Audio;
using Concord.Cli;
using Concord.IO;
using Concord.Spectral;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Cli;

public sealed class MelCommandTests
{
    private static int Run(params string[] args) => CliSetup.Run(args);

    private static float[] Tone(int n, int sr)
    {
        var x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * i / sr));
        return x;
    }

    [Fact]
    public void WritesDecibelMelAsFloat32MelsByFrames()
    {
        using var dir = new TempDir();
        WavWriter.Write(dir.File("a.wav"), Tone(22050 * 4, 22050), 22050);
        Assert.Equal(0, Run("mel", dir.File("a.wav"), "-o", dir.File("a.npy"), "--pad-mode", "reflect"));
        var npy = Npy.Read<float>(dir.File("a.npy"));
        Assert.Equal(new long[] { 128, 176 }, npy.Shape);
        var expected = new MelSpectrogram(new MelSpectrogramOptions() with { PadMode = PadMode.Reflect }, 22050)
            .ComputeDecibels(AudioFile.Load(dir.File("a.wav")).Samples);
        Assert.Equal(expected.Values, npy.Data);
    }

    [Fact]
    public void OptionsAreHonoured()
    {
        using var dir = new TempDir();
        WavWriter.Write(dir.File("a.wav"), Tone(44100, 44100), 44100, WavSampleFormat.Float32);
        Assert.Equal(0, Run("mel", dir.File("a.wav"), "-o", dir.File("p.npy"), "--sample-rate", "16000", "--n-fft", "1024",
            "--hop", "256", "--n-mels", "64", "--fmax", "0", "--power"));
        var npy = Npy.Read<float>(dir.File("p.npy"));
        Assert.Equal(new long[] { 64, 1 + 16000 / 256 }, npy.Shape);
        Assert.True(npy.Data.Max() > 1);   // power, not dB (dB would top out at exactly 0)
    }

    [Fact]
    public void CorruptInputExitsOneAndWritesNothing()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("bad.wav"), "not audio at all");
        Assert.Equal(CliSetup.ExitCodes.UserError, Run("mel", dir.File("bad.wav"), "-o", dir.File("out.npy")));
        Assert.Empty(Directory.GetFiles(dir.Path, "out.npy*"));
    }

    [Fact]
    public void UnwritableOutputFolderExitsOne()
    {
        using var dir = new TempDir();
        WavWriter.Write(dir.File("a.wav"), Tone(16000, 16000), 16000);
        File.WriteAllText(dir.File("file"), "x");   // a file where a folder is expected: not creatable as a directory
        Assert.Equal(CliSetup.ExitCodes.UserError, Run("mel", dir.File("a.wav"), "-o", Path.Combine(dir.File("file"), "sub", "out.npy")));
    }

    [Fact]
    public void FMaxAboveTheFilesNyquistExitsOneAndWritesNothing()
    {
        using var dir = new TempDir();
        WavWriter.Write(dir.File("8k.wav"), Tone(8000, 8000), 8000);   // Nyquist 4 kHz < default fmax 8 kHz
        Assert.Equal(CliSetup.ExitCodes.UserError, Run("mel", dir.File("8k.wav"), "-o", dir.File("out.npy")));
        Assert.False(File.Exists(dir.File("out.npy")));
        Assert.Equal(0, Run("mel", dir.File("8k.wav"), "-o", dir.File("out.npy"), "--fmax", "0"));
    }

    [Fact]
    public void HelpRenders() => Assert.Equal(0, Run("mel", "--help"));

    [Fact]
    public void MissingOutputIsAUsageError()
    {
        using var dir = new TempDir();
        WavWriter.Write(dir.File("a.wav"), Tone(16000, 16000), 16000);
        Assert.NotEqual(0, Run("mel", dir.File("a.wav")));
    }
}
