namespace Concord.Datasets;

/// <summary>Computes train/test splits (<see cref="SplitKind"/>), deterministic for a given seed.</summary>
public static class DatasetSplitter
{
    /// <summary>Test-set size for <paramref name="count"/> examples: round(count·fraction), half away from zero.</summary>
    public static int TestSize(int count, double fraction) => (int)Math.Round(count * fraction, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Splits <paramref name="dataset"/>. <see cref="SplitKind.Stratified"/> uses <see cref="LabelledDataset.StratifyTask"/>;
    /// <see cref="SplitKind.Group"/> uses <see cref="LabelledDataset.GroupTask"/> (and the stratify task, when every group lies in one class).
    /// </summary>
    /// <exception cref="ConcordException">The dataset lacks the needed task, or a set would be empty.</exception>
    public static DatasetSplit Split(LabelledDataset dataset, SplitOptions options)
    {
        var errors = options.Validate().ToList();
        if (errors.Count > 0) throw new ConcordException(errors[0]);
        int n = dataset.Count;
        var rng = new LegacyNumpyRandom(options.Seed);
        bool[] isTest = new bool[n];
        switch (options.Kind)
        {
            case SplitKind.Random:
                foreach (long i in rng.Choice(n, TestSize(n, options.TestFraction))) isTest[i] = true;
                break;
            case SplitKind.Stratified:
            {
                var strata = (dataset.StratifyTask ?? throw new ConcordException("stratified split: the dataset has no classification task")).Codes;
                foreach (var members in GroupBy(strata))
                {
                    rng.Shuffle<long>(members);
                    foreach (long i in members.AsSpan(0, TestSize(members.Length, options.TestFraction))) isTest[i] = true;
                }
                break;
            }
            case SplitKind.Group:
            {
                var groups = (dataset.GroupTask ?? throw new ConcordException("group split: the dataset has no group task (e.g. instrument)")).Codes;
                var strata = dataset.StratifyTask?.Codes;
                bool nested = strata is not null && GroupBy(groups).All(m => m.All(i => strata[i] == strata[m[0]]));
                var blocks = nested ? GroupBy(strata!) : [Enumerable.Range(0, n).Select(i => (long)i).ToArray()];
                foreach (var block in blocks) AssignGroups(block, groups, options.TestFraction, rng, isTest);
                break;
            }
        }
        var train = Enumerable.Range(0, n).Where(i => !isTest[i]).Select(i => (long)i).ToArray();
        var test = Enumerable.Range(0, n).Where(i => isTest[i]).Select(i => (long)i).ToArray();
        if (train.Length == 0 || test.Length == 0)
            throw new ConcordException($"{options.Kind} split of {n} examples leaves the {(train.Length == 0 ? "train" : "test")} set empty (use more examples{(options.Kind == SplitKind.Group ? " or groups" : "")})");
        return new DatasetSplit(train, test);
    }

    /// <summary>Within one block (a class, or everything), shuffles the groups and moves whole groups to test while that
    /// brings the test count closer to round(block·f); at least one group always stays in train.</summary>
    private static void AssignGroups(long[] block, long[] groups, double fraction, LegacyNumpyRandom rng, bool[] isTest)
    {
        var byGroup = block.GroupBy(i => groups[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        rng.Shuffle<long[]>(byGroup);
        int target = TestSize(block.Length, fraction), inTest = 0, left = byGroup.Length;
        foreach (var members in byGroup)
        {
            if (left <= 1) break;
            if (Math.Abs(inTest + members.Length - target) < Math.Abs(inTest - target) || (inTest == 0 && target > 0))
            {
                foreach (long i in members) isTest[i] = true;
                inTest += members.Length;
                left--;
            }
        }
    }

    /// <summary>Example indices per code, codes ascending, indices ascending.</summary>
    private static long[][] GroupBy(long[] codes) =>
        Enumerable.Range(0, codes.Length).GroupBy(i => codes[i]).OrderBy(g => g.Key).Select(g => g.Select(i => (long)i).ToArray()).ToArray();
}
