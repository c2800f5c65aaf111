using Concord.Audio;

namespace Concord.Tests.Audio;

public class RecordingClipsTests
{
    [Fact]
    public void EachRecordingIsDecodedOnceAndReleasedAfterItsLastClip()
    {
        // 3 recordings, 9 clips, asked for out of order and from several threads.
        var wanted = new[] { ("a", 0), ("a", 1), ("a", 2), ("b", 0), ("b", 1), ("c", 0), ("c", 1), ("c", 2), ("c", 3) };
        var decoded = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var clips = new RecordingClips(wanted.Select(w => w.Item1), path =>
        {
            decoded.AddOrUpdate(path, 1, (_, n) => n + 1);
            Thread.Sleep(20);   // widen the window for two threads to ask for the same recording
            return Enumerable.Range(0, 4).Select(k => new[] { path[0] * 10f + k }).ToArray();
        });
        var got = new float[wanted.Length];
        Parallel.For(0, wanted.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            got[(i * 5) % wanted.Length] = clips.Clip(wanted[(i * 5) % wanted.Length].Item1, wanted[(i * 5) % wanted.Length].Item2)[0]);
        Assert.Equal(wanted.Select(w => w.Item1[0] * 10f + w.Item2), got);
        Assert.Equal(new Dictionary<string, int> { ["a"] = 1, ["b"] = 1, ["c"] = 1 }, decoded.OrderBy(kv => kv.Key).ToDictionary());
        Assert.Equal(0, clips.Open);   // nothing held once every expected clip was read
    }

    [Fact]
    public void AClipPastTheEndOrAnUnexpectedRecordingIsAnError()
    {
        var clips = new RecordingClips(["a", "a"], _ => [[1f]]);
        Assert.Contains("clip 3 is past the end of the audio (1 clips)", Assert.Throws<ConcordException>(() => clips.Clip("a", 3)).Message);
        Assert.Contains("no clip of this recording was expected", Assert.Throws<ConcordException>(() => clips.Clip("z", 0)).Message);
    }
}
