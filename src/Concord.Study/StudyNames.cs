using Concord.Networks;
using Concord.Study.Config;

using Concord.Experiments;

namespace Concord.Study;

/// <summary>The dataset and profile names a config's result rows are keyed by.</summary>
public static class StudyNames
{
    /// <summary>"synth", or the dataset folder/file name, plus "-subset" when a subset is set.</summary>
    public static string Dataset(ExperimentConfig c)
    {
        ArgumentNullException.ThrowIfNull(c);
        string name = c.Dataset.Kind switch
        {
            DatasetSource.Synth => "synth",
            _ => c.Dataset.Path is null ? c.Dataset.Kind.ToString().ToLowerInvariant() : Path.GetFileNameWithoutExtension(c.Dataset.Path.TrimEnd('/', '\\')),
        };
        return c.Dataset.Subset is null ? name : name + "-" + c.Dataset.Subset;
    }

    /// <summary>"paper" or "corrected".</summary>
    public static string Profile(ExperimentConfig c) => c.Profile.ToString().ToLowerInvariant();

    /// <summary>Tap name as used in results ("conv1" … "conv3").</summary>
    public static string Tap(string tap) => tap.ToLowerInvariant();
}
