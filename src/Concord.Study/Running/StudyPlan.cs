using Concord.Experiments;

namespace Concord.Study.Running;

/// <summary>
/// A study's directed acyclic graph of tasks, derived from the config alone (<see cref="Stages.StudyPlanner"/>):
/// every task after its inputs, the collect task last. Experiments that are switched on but have no task (nothing
/// to measure them with) are listed with the reason.
/// </summary>
public sealed class StudyPlan
{
    private readonly Dictionary<string, StudyTask> _byId;
    private readonly Dictionary<StudyTask, int> _levels = [];

    /// <summary>Builds a plan; <paramref name="tasks"/> must list every task after its inputs.</summary>
    public StudyPlan(IReadOnlyList<StudyTask> tasks, IReadOnlyDictionary<string, IReadOnlyList<StudyTask>> experiments, IReadOnlyList<ExperimentState> unplanned)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        Tasks = tasks;
        Experiments = experiments;
        Unplanned = unplanned;
        _byId = new Dictionary<string, StudyTask>(StringComparer.Ordinal);
        foreach (var t in tasks)
        {
            if (!_byId.TryAdd(t.Id, t)) throw new InvalidOperationException($"plan lists task {t.Id} twice");
            int level = 0;
            foreach (var i in t.Inputs)
            {
                if (!_levels.TryGetValue(i, out int l)) throw new InvalidOperationException($"plan lists {t.Id} before its input {i.Id}");
                level = Math.Max(level, l + 1);
            }
            _levels[t] = level;
        }
    }

    /// <summary>Every task, each after its inputs.</summary>
    public IReadOnlyList<StudyTask> Tasks { get; }

    /// <summary>For each experiment that is on, the tasks whose rows measure it.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<StudyTask>> Experiments { get; }

    /// <summary>Experiments that are on but that no task measures, with the reason.</summary>
    public IReadOnlyList<ExperimentState> Unplanned { get; }

    /// <summary>The task with this id, or null.</summary>
    public StudyTask? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Depth in the graph: 0 for tasks without inputs, else one more than the deepest input.</summary>
    public int Level(StudyTask task) => _levels[task];

    /// <summary>Number of levels.</summary>
    public int LevelCount => Tasks.Count == 0 ? 0 : _levels.Values.Max() + 1;

    /// <summary>The roots and every task that reads one of their outputs, directly or transitively.</summary>
    public IReadOnlySet<StudyTask> Dependents(IEnumerable<StudyTask> roots)
    {
        var set = new HashSet<StudyTask>(roots);
        foreach (var t in Tasks)
            if (!set.Contains(t) && t.Inputs.Any(set.Contains)) set.Add(t);
        return set;
    }

    /// <summary>
    /// The most expensive chain of dependent tasks under <paramref name="cost"/>: no number of workers finishes the
    /// study faster than its sum.
    /// </summary>
    public (double Seconds, IReadOnlyList<StudyTask> Path) CriticalPath(Func<StudyTask, double> cost)
    {
        ArgumentNullException.ThrowIfNull(cost);
        var finish = new Dictionary<StudyTask, (double End, StudyTask? From)>();
        foreach (var t in Tasks)
        {
            var best = t.Inputs.Select(i => (finish[i].End, (StudyTask?)i)).DefaultIfEmpty((0.0, null)).MaxBy(x => x.Item1);
            finish[t] = (best.Item1 + cost(t), best.Item2);
        }
        if (finish.Count == 0) return (0, []);
        var last = finish.MaxBy(kv => kv.Value.End).Key;
        var path = new List<StudyTask>();
        for (StudyTask? t = last; t is not null; t = finish[t].From) path.Add(t);
        path.Reverse();
        return (finish[last].End, path);
    }

    /// <summary>The ids closest to <paramref name="id"/> (same kind first, then by shared prefix and edit distance).</summary>
    public IReadOnlyList<string> Nearest(string id, int count = 5) =>
        Tasks.Select(t => t.Id)
            .OrderByDescending(t => SharedPrefix(t, id))
            .ThenBy(t => Distance(t, id))
            .ThenBy(t => t, StringComparer.Ordinal)
            .Take(count).ToList();

    private static int SharedPrefix(string a, string b)
    {
        int n = 0;
        while (n < a.Length && n < b.Length && a[n] == b[n]) n++;
        return n;
    }

    private static int Distance(string a, string b)
    {
        var prev = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            var cur = new int[b.Length + 1];
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            prev = cur;
        }
        return prev[b.Length];
    }
}
