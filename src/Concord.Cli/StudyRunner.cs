using Concord.Reporting;
using Concord.Study.Running;

namespace Concord.Cli;

/// <summary>The study runner the commands use: the planner of <c>Concord.Study</c> with the HTML report writer.</summary>
internal static class StudyRunner
{
    public static ExperimentRunner Create() => ExperimentRunner.Default(ReportWriter.WriteFromStore);
}
