using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// One stage of a study run (prepare, features, train, ...). A stage only composes library calls: it reads its inputs
/// from <see cref="StageContext.State"/>, computes its artefacts through <see cref="StageContext.Cache"/> (so finished
/// work is reused), writes result rows to <see cref="StageContext.Store"/>, and publishes its outputs to the state.
/// </summary>
public interface IRunStage
{
    /// <summary>Stage name, as used by <c>--force</c> and in the summary table.</summary>
    string Name { get; }

    /// <summary>Stages whose outputs this one needs; if one of them did not finish, this stage is not run.</summary>
    IReadOnlyList<string> DependsOn { get; }

    /// <summary>Runs the stage.</summary>
    StageResult Run(StageContext context, CancellationToken cancellationToken);
}
