using System.Globalization;
using System.Text;
using Concord.IO;
using Concord.Study.Running;
using Concord.Study.Stages;

namespace Concord.Study.Cluster;

/// <summary>One sbatch script: a job array of tasks of one level of the plan (or the collect job).</summary>
/// <param name="Name">Job name.</param>
/// <param name="ScriptPath">The script file.</param>
/// <param name="Level">The plan level of its tasks (-1 for the collect job).</param>
/// <param name="TaskIds">The tasks, one per array element (one for the collect job).</param>
/// <param name="AfterOk">Indices of earlier jobs that must all succeed first.</param>
/// <param name="AfterAny">Indices of earlier jobs that must all have ended first (the collect job waits for every job, failed or not).</param>
public sealed record SlurmJob(string Name, string ScriptPath, int Level, IReadOnlyList<string> TaskIds, IReadOnlyList<int> AfterOk, IReadOnlyList<int> AfterAny);

/// <summary>
/// Turns the unfinished part of a plan into sbatch scripts in <c>RUN/slurm/</c>: one job array per level of the graph
/// (split at <see cref="SlurmOptions.MaxArraySize"/>), each element running <c>concord run CONFIG --out RUN --task ID</c>,
/// each level's arrays after the previous level's (<c>afterok</c>), and a final collect-and-report job after every
/// array has ended (<c>afterany</c>: it reports what did not finish). Finished tasks are left out, so resubmitting after
/// a failure reruns only what is unfinished.
/// </summary>
public static class SlurmScripts
{
    /// <summary>The folder of the scripts and logs inside a run folder.</summary>
    public const string Folder = "slurm";

    /// <summary>Writes the scripts and returns the jobs in submission order.</summary>
    public static IReadOnlyList<SlurmJob> Write(StudyPlan plan, SlurmOptions options, int defaultCpus)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(options);
        var cache = new ArtefactCache(Path.Combine(options.RunDirectory, "artefacts"));
        string dir = Path.Combine(options.RunDirectory, Folder);
        Directory.CreateDirectory(Path.Combine(dir, "logs"));
        foreach (string old in Directory.EnumerateFiles(dir, "*.sbatch")) File.Delete(old);
        var unfinished = plan.Tasks.Where(t => t is not CollectTask && !cache.IsDone(t.Kind.ToName(), t.Hash)).ToList();
        var jobs = new List<SlurmJob>();
        var previous = new List<int>();
        foreach (var level in unfinished.GroupBy(plan.Level).OrderBy(g => g.Key))
        {
            var ids = level.Select(t => t.Id).ToList();
            var current = new List<int>();
            for (int chunk = 0; chunk * options.MaxArraySize < ids.Count; chunk++)
            {
                var part = ids.Skip(chunk * options.MaxArraySize).Take(options.MaxArraySize).ToList();
                var kinds = level.Select(t => t.Kind.ToName()).Distinct().ToList();
                string name = string.Create(CultureInfo.InvariantCulture, $"concord-L{level.Key}{(chunk > 0 ? "-" + chunk : "")}");
                string path = Path.Combine(dir, name + ".sbatch");
                AtomicFile.WriteAllText(path, Script(options, defaultCpus, name, part, array: true, $"level {level.Key}: {string.Join(", ", kinds)}"));
                current.Add(jobs.Count);
                jobs.Add(new SlurmJob(name, path, level.Key, part, previous.ToList(), []));
            }
            previous = current;
        }
        var collect = plan.Tasks[^1];
        string collectPath = Path.Combine(dir, "concord-collect.sbatch");
        AtomicFile.WriteAllText(collectPath, Script(options, defaultCpus, "concord-collect", [collect.Id], array: false, "collect every task's rows into results.db and write the report"));
        jobs.Add(new SlurmJob("concord-collect", collectPath, -1, [collect.Id], [], Enumerable.Range(0, jobs.Count).ToList()));
        return jobs;
    }

    /// <summary>The sbatch arguments of a job, given the ids of the jobs submitted before it.</summary>
    public static IReadOnlyList<string> SbatchArguments(SlurmJob job, IReadOnlyList<string> submittedIds)
    {
        ArgumentNullException.ThrowIfNull(job);
        var args = new List<string> { "--parsable" };
        if (job.AfterOk.Count > 0) args.Add("--dependency=afterok:" + string.Join(':', job.AfterOk.Select(i => submittedIds[i])));
        else if (job.AfterAny.Count > 0) args.Add("--dependency=afterany:" + string.Join(':', job.AfterAny.Select(i => submittedIds[i])));
        args.Add(job.ScriptPath);
        return args;
    }

    private static string Script(SlurmOptions o, int defaultCpus, string name, IReadOnlyList<string> taskIds, bool array, string what)
    {
        var sb = new StringBuilder();
        sb.Append("#!/bin/bash\n");
        sb.Append("# Written by concord slurm: ").Append(what).Append(". Each element runs one task of the plan; see docs/cluster.md.\n");
        sb.Append("#SBATCH --job-name=").Append(name).Append('\n');
        if (array) sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --array=0-{taskIds.Count - 1}\n");
        string logs = Path.Combine(o.RunDirectory, Folder, "logs");
        sb.Append("#SBATCH --output=").Append(logs).Append('/').Append(name).Append(array ? "_%a_%A.out\n" : "_%j.out\n");
        sb.Append(CultureInfo.InvariantCulture, $"#SBATCH --cpus-per-task={o.CpusPerTask ?? defaultCpus}\n");
        sb.Append("#SBATCH --ntasks=1\n");
        if (o.Partition is not null) sb.Append("#SBATCH --partition=").Append(o.Partition).Append('\n');
        if (o.Time is not null) sb.Append("#SBATCH --time=").Append(o.Time).Append('\n');
        if (o.Memory is not null) sb.Append("#SBATCH --mem=").Append(o.Memory).Append('\n');
        if (o.Gres is not null) sb.Append("#SBATCH --gres=").Append(o.Gres).Append('\n');
        sb.Append("set -euo pipefail\n");
        sb.Append("TASKS=(\n");
        foreach (string id in taskIds) sb.Append("  ").Append(id).Append('\n');
        sb.Append(")\n");
        string index = array ? "${SLURM_ARRAY_TASK_ID}" : "0";
        sb.Append("exec");
        foreach (string part in o.Concord) sb.Append(' ').Append(Quote(part));
        sb.Append(" run ").Append(Quote(o.ConfigPath)).Append(" --out ").Append(Quote(o.RunDirectory));
        foreach (string a in o.RunArguments) sb.Append(' ').Append(a);
        sb.Append(" --task \"${TASKS[").Append(index).Append("]}\"\n");
        return sb.ToString();
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
