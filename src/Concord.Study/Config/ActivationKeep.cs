namespace Concord.Study.Config;

/// <summary>How long a run keeps its activation artefacts (<c>activations.keep</c>).</summary>
public enum ActivationKeep
{
    /// <summary>Keep every extraction in the run folder (the default).</summary>
    All,
    /// <summary>Delete an extraction's activation files as soon as every task that reads them has finished; its result rows
    /// and descriptors stay, and a rerun that needs the files again (a new option downstream, <c>--force</c>) recreates them.</summary>
    UntilConsumed,
}
