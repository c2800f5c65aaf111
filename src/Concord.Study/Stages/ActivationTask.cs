using Concord.Datasets;
using Concord.Experiments;
using Concord.Study.Running;

namespace Concord.Study.Stages;

/// <summary>
/// A task whose folder holds layer activations, one float array [rows, d] per layer and split: a built-in network's
/// extraction (<see cref="ExtractTask"/>) or an imported network's (<see cref="OnnxExtractTask"/>). Probes, similarity
/// and deep-vs-deep read activations only through this contract, naming a layer by the representation it is.
/// </summary>
public abstract record ActivationTask : StudyTask
{
    /// <summary>The representations recorded, one per layer, in network order.</summary>
    public abstract IReadOnlyList<Representation> Layers { get; }

    /// <summary>The splits recorded.</summary>
    public abstract IReadOnlyList<DataSplit> Splits { get; }

    /// <summary>The activation file of <paramref name="layer"/> (one of <see cref="Layers"/>, or a concatenation built on
    /// one) and <paramref name="split"/> in this task's finished folder.</summary>
    public abstract string File(string folder, Representation layer, DataSplit split);

    /// <summary>The key that names one layer's file in downstream hashes.</summary>
    public abstract string Key(Representation layer, DataSplit split);

    /// <summary>Which network this is, for labels ("Regular seed 1 on instrument_family", "imported tagger").</summary>
    public abstract string NetworkLabel { get; }

    /// <summary>Columns of <paramref name="layer"/>'s activation matrix, when known before the task runs (for cost
    /// estimates); null otherwise.</summary>
    public virtual long? Width(Representation layer) => null;

    /// <summary>Activations are read only by the probes, similarity and exploration tasks that take them as input.</summary>
    public override bool Intermediate => true;

    /// <summary>Checks that a finished extraction holds a file it should.</summary>
    protected static string Existing(string path, string folder) =>
        System.IO.File.Exists(path) ? path : throw new ConcordException($"{path}: activation file missing from a finished extraction (delete {folder} and rerun)");
}
