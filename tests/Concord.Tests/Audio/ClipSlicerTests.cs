using Concord.Audio;

namespace Concord.Tests.Audio;

public sealed class ClipSlicerTests
{
    private static float[] Ramp(int n) => [.. Enumerable.Range(0, n).Select(i => (float)i)];

    [Fact]
    public void PartialLastClipIsDroppedByDefault()
    {
        var clips = ClipSlicer.Slice(Ramp(10), 4);
        Assert.Equal(2, clips.Length);
        Assert.Equal(new float[] { 4, 5, 6, 7 }, clips[1]);
    }

    [Fact]
    public void PartialLastClipCanBeZeroPadded()
    {
        var clips = ClipSlicer.Slice(Ramp(10), 4, PartialClipPolicy.ZeroPad);
        Assert.Equal(3, clips.Length);
        Assert.Equal(new float[] { 8, 9, 0, 0 }, clips[2]);
        Assert.Equal(3, ClipSlicer.ClipCount(10, 4, PartialClipPolicy.ZeroPad));
    }

    [Fact]
    public void ExactMultipleHasNoPartialClip()
    {
        Assert.Equal(3, ClipSlicer.Slice(Ramp(12), 4, PartialClipPolicy.ZeroPad).Length);
        Assert.Empty(ClipSlicer.Slice(Ramp(3), 4));
    }

    [Fact]
    public void SecondsAreConvertedAtTheClipRate()
    {
        var rec = new AudioClip(new float[22050 * 10 + 5], 22050, 2);
        var clips = ClipSlicer.Slice(rec);
        Assert.Equal(2, clips.Length);
        Assert.All(clips, c => { Assert.Equal(88200, c.Samples.Length); Assert.Equal(22050, c.SampleRateHz); Assert.Equal(2, c.SourceChannels); });
    }

    [Fact]
    public void ShortClipWhereAFullClipIsExpectedNamesTheFile()
    {
        var clip = new AudioClip(new float[16000 * 3], 16000, 1);
        var ex = Assert.Throws<ConcordException>(() => ClipSlicer.RequireFullClip(clip, "audio/x.wav"));
        Assert.Contains("audio/x.wav", ex.Message);
        Assert.Contains("shorter than the expected 4 s", ex.Message);
    }

    [Fact]
    public void LongerClipIsCutToTheExpectedLength()
    {
        var clip = new AudioClip(Ramp(64010), 16000, 1);
        var s = ClipSlicer.RequireFullClip(clip, "x.wav");
        Assert.Equal(64000, s.Length);
        Assert.Equal(63999f, s[^1]);
    }
}
