using Concord.Study.Running;

namespace Concord.Tests.Experiments;

public class MemoryGateTests
{
    [Fact]
    public void ATaskWhoseEstimateDoesNotFitBesideTheRunningOnesWaitsForThemToEnd()
    {
        var gate = new MemoryGate(10);
        var first = gate.Acquire(6, CancellationToken.None);
        var small = gate.Acquire(4, CancellationToken.None);   // fits beside it: no wait
        Assert.Equal(10, gate.Held);
        small.Dispose();
        IDisposable? second = null;
        var thread = new Thread(() => second = gate.Acquire(6, CancellationToken.None));
        thread.Start();
        // 6 + 6 > 10: the second cannot have been granted while the first is held, however long it has been trying
        Assert.False(thread.Join(300));
        Assert.Null(Volatile.Read(ref second));
        Assert.Equal(6, gate.Held);
        first.Dispose();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)), "the second lease was not granted after the first ended");
        Assert.Equal(6, gate.Held);
        second!.Dispose();
        second.Dispose();   // a lease gives back once
        Assert.Equal(0, gate.Held);
        Assert.Throws<ArgumentOutOfRangeException>(() => gate.Acquire(11, CancellationToken.None));
    }

    [Fact]
    public void AWaitingTaskStopsWhenTheRunIsCancelled()
    {
        var gate = new MemoryGate(10);
        using var held = gate.Acquire(8, CancellationToken.None);
        using var cts = new CancellationTokenSource();
        Exception? error = null;
        var thread = new Thread(() => { try { gate.Acquire(5, cts.Token); } catch (Exception e) { error = e; } });
        thread.Start();
        cts.Cancel();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        Assert.IsAssignableFrom<OperationCanceledException>(error);
        Assert.Equal(8, gate.Held);
    }
}
