using Concord.Datasets;
using Concord.Experiments;
using Concord.Networks;
using Concord.Study.Config;
using Concord.Study.Running;
using Sim = Concord.Similarity;

namespace Concord.Study.Stages;

/// <summary>One side of a deep-vs-deep pair: an extraction and one of its layers.</summary>
public sealed record DeepSide(ActivationTask Extraction, Representation Source)
{
    /// <summary>Key of its training-split file.</summary>
    public string Key => Extraction.Key(Source, DataSplit.Train);
}

/// <summary>
/// <c>deep-vs-deep</c>: linear CKA between trained networks on the training split, one block per left-hand side:
/// initialisation × initialisation (same architecture and tap), architecture × architecture (conv3, same seed), layer ×
/// layer within each all-layer architecture, Regular layers × Deformable layers (same seed).
/// </summary>
public sealed record DeepVsDeepTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The left-hand side shared by the block.</summary>
    public required DeepSide Left { get; init; }
    /// <summary>The right-hand sides.</summary>
    public required IReadOnlyList<DeepSide> Right { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.DeepVsDeep;
    public override string Label => $"CKA of {Left.Source.Label} ({Left.Extraction.NetworkLabel}) × {Right.Count} representations";
    public override IReadOnlyList<StudyTask> Inputs => new StudyTask[] { Left.Extraction }.Concat(Right.Select(r => r.Extraction)).Distinct().ToList();
    public override double EstimatedSeconds => TaskCostModel.DeepPairs(Config, Right.Count);

    /// <summary>The block of pairs with one left-hand side.</summary>
    public static DeepVsDeepTask For(ExperimentConfig c, DeepSide left, IReadOnlyList<DeepSide> right) => new()
    {
        Config = c, Left = left, Right = right,
        Hash = ArtefactCache.Hash("deep-vs-deep", new { options = PairSimilarity.Options(c, [SimilarityMeasure.LinearCka]) }, [left.Key, .. right.Select(r => r.Key)]),
    };

    /// <summary>
    /// The pairs of the study, grouped by left-hand side in plan order: for trained main-task taps l, r (standard channels),
    /// (l, r) is a pair when it is an initialisation pair (same architecture and tap, l's seed lower), an architecture pair
    /// (same seed, conv3, l's architecture first), a layer pair (same architecture and seed, l's tap not deeper) or a
    /// Regular × Deformable pair (same seed).
    /// </summary>
    public static IReadOnlyList<(DeepSide Left, IReadOnlyList<DeepSide> Right)> Blocks(IReadOnlyList<DeepSide> sides)
    {
        var blocks = new List<(DeepSide, IReadOnlyList<DeepSide>)>();
        foreach (var l in sides)
        {
            var right = new List<DeepSide>();
            foreach (var r in sides)
            {
                var (ls, rs) = (l.Source, r.Source);
                bool sameArch = ls.Architecture == rs.Architecture, sameTap = ls.Tap == rs.Tap, sameSeed = ls.Seed == rs.Seed;
                bool initPair = sameArch && sameTap && ls.Seed < rs.Seed;
                bool archPair = !sameArch && sameSeed && sameTap && ls.Tap == Tap.Conv3 && ls.Architecture < rs.Architecture;
                bool layerPair = sameArch && sameSeed && ls.Tap <= rs.Tap;
                bool regDef = ls.Architecture == Architecture.Regular && rs.Architecture == Architecture.Deformable && sameSeed;
                if (initPair || archPair || layerPair || regDef) right.Add(r);
            }
            if (right.Count > 0) blocks.Add((l, right));
        }
        return blocks;
    }

    /// <summary>
    /// The pairs of imported networks, one block per imported layer l: the later layers of the same network (layer ×
    /// layer), the layers of every other imported network, and every built-in side given (trained main-task taps of the
    /// first seed).
    /// </summary>
    public static IReadOnlyList<(DeepSide Left, IReadOnlyList<DeepSide> Right)> ImportedBlocks(IReadOnlyList<DeepSide> imported, IReadOnlyList<DeepSide> builtin)
    {
        var blocks = new List<(DeepSide, IReadOnlyList<DeepSide>)>();
        var order = imported.Select(d => d.Source.Network!).Distinct().Select((n, k) => (n, k)).ToDictionary(p => p.n, p => p.k, StringComparer.Ordinal);
        for (int i = 0; i < imported.Count; i++)
        {
            var l = imported[i];
            int net = order[l.Source.Network!];
            var right = imported.Where((r, j) => order[r.Source.Network!] == net ? j >= i : order[r.Source.Network!] > net).Concat(builtin).ToList();
            if (right.Count > 0) blocks.Add((l, right));
        }
        return blocks;
    }

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        string leftFile = Left.Extraction.File(context.Input(Left.Extraction), Left.Source, DataSplit.Train);
        var rightFiles = Right.Select(r => r.Extraction.File(context.Input(r.Extraction), r.Source, DataSplit.Train)).ToList();
        CheckMemory(context, leftFile, rightFiles);
        var x = new Sim.HeldRepresentation(Sim.Representation.Load(leftFile), context.Threads);   // centred once, its Gram matrix formed once
        var rows = new List<SimilarityRecord>();
        for (int i = 0; i < Right.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var r = Right[i];
            context.Report(i, Right.Count, $"× {r.Source.Label} ({r.Extraction.NetworkLabel})");
            var y = Sim.Representation.Load(rightFiles[i]);
            rows.AddRange(PairSimilarity.Compare(Config, ExperimentIds.DeepVsDeep, Left.Source, Left.Key, x, r.Source, r.Key, y, [SimilarityMeasure.LinearCka]));
            context.ReleaseTransients();
        }
        return new TaskResults { Similarities = rows, Note = $"{Right.Count} pairs" };
    }

    /// <summary>Refuses the block before loading when its widest pair's working set (<see cref="Sim.SimilarityMemory"/>)
    /// exceeds the budget.</summary>
    private void CheckMemory(TaskContext context, string leftFile, IReadOnlyList<string> rightFiles)
    {
        var left = Concord.IO.Npy.ReadHeader(leftFile);
        long rows = left.Rows, px = left.RowLength;
        // Every right-hand width: whether a pair gets the moment null depends on its width.
        var (need, py) = rightFiles.Select(f => Concord.IO.Npy.ReadHeader(f).RowLength).Distinct().DefaultIfEmpty(0)
            .Select(w => (Estimate: Sim.SimilarityMemory.Estimate(rows, px, w, PairSimilarity.PairOptions(Config, [SimilarityMeasure.LinearCka], rows, px, w)), Width: w))
            .MaxBy(e => e.Estimate.Bytes);
        context.RequireMemory(need, string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{rows:#,0} training rows × {px:#,0} columns against {py:#,0}"));
    }
}

/// <summary>
/// <c>deep-vs-deep</c> (Figs. 46–47): channel × channel linear CKA within each tap of one trained network
/// (<see cref="Sim.ChannelCka"/>) on the un-averaged activations of a training-row sample.
/// </summary>
public sealed record ChannelSimilarityTask : StudyTask
{
    /// <summary>The config.</summary>
    public required ExperimentConfig Config { get; init; }
    /// <summary>The un-averaged extraction.</summary>
    public required ExtractTask Channels { get; init; }

    public override StudyTaskKind Kind => StudyTaskKind.DeepVsDeep;
    public override string Label => $"channel × channel CKA of {Channels.Network.Label}";
    public override IReadOnlyList<StudyTask> Inputs => [Channels, Channels.Trained!];
    public override double EstimatedSeconds => TaskCostModel.ChannelGrids(Config, Channels.Taps.Count);

    /// <summary>The task of one un-averaged extraction.</summary>
    public static ChannelSimilarityTask For(ExperimentConfig c, ExtractTask channels) => new()
    {
        Config = c, Channels = channels,
        Hash = ArtefactCache.Hash("deep-vs-deep", new { channels = true, options = PairSimilarity.Options(c, [SimilarityMeasure.LinearCka], calibrate: false) },
            channels.Taps.Select(t => channels.Key(t, DataSplit.Train))),
    };

    public override TaskResults Execute(TaskContext context, CancellationToken cancellationToken)
    {
        string folder = context.Input(Channels);
        var taps = Channels.Taps.Select(t => (Tap: t, File: Channels.File(folder, t, DataSplit.Train), Count: Channels.ChannelsOf(context, t))).ToList();
        var options = PairSimilarity.Options(Config, [SimilarityMeasure.LinearCka], calibrate: false);
        var widest = taps.Select(t => (t.Tap, Header: Concord.IO.Npy.ReadHeader(t.File), t.Count))
            .Select(t => (t.Tap, t.Header.Rows, Columns: t.Header.RowLength, t.Count, Need: Sim.ChannelCka.Memory(t.Header.Rows, t.Header.RowLength, t.Count, options)))
            .MaxBy(t => t.Need.Bytes);
        context.RequireMemory(widest.Need, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{widest.Count} channels of {widest.Tap.ToName()}, {widest.Rows:#,0} rows × {widest.Columns:#,0} columns"));
        var rows = new List<SimilarityRecord>();
        for (int i = 0; i < taps.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (tap, file, count) = taps[i];
            context.Report(i, taps.Count, $"{tap.ToName()}: channel × channel");
            rows.AddRange(PairSimilarity.CompareChannels(Config, Channels.Source(tap), file, Channels.Key(tap, DataSplit.Train), count));
            context.ReleaseTransients();   // one tap's Gram matrices at a time
        }
        return new TaskResults { Similarities = rows, Note = $"{Channels.Taps.Count} per-channel grids" };
    }
}
