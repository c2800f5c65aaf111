using Concord.Datasets;
using Concord.Networks;
using System.Text.RegularExpressions;
using Concord.Experiments;
using Concord.Reporting;
using Concord.Tests.Experiments;

namespace Concord.Tests.Reporting;

/// <summary>Issue 15: the report folds, keeps its contents in view, greys degenerate cells and speaks one vocabulary.</summary>
public class ReportReadabilityTests
{
    [Fact]
    public void SectionsFoldWithFindingsAndSetupOpen()
    {
        string html = HtmlReport.Render(SampleStudy.Create());
        Assert.Contains("<nav aria-label=\"contents\">", html);
        Assert.Matches(new Regex(@"nav\{position:sticky;top:0"), html);
        Assert.Contains("<section id=\"findings\"><details open><summary><h2>", html);
        Assert.Contains("<section id=\"setup\"><details open><summary><h2>", html);
        Assert.Contains("<section id=\"exp1\"><details><summary><h2>", html);
        Assert.Equal(Regex.Matches(html, "<section ").Count, Regex.Matches(html, "</details></section>").Count);
        Assert.DoesNotContain("Not measured. Not measured", html);
        Assert.Contains("experiments.channels = false", html);
        Assert.DoesNotContain("experiments.exp1-channels", html);
    }

    [Fact]
    public void DegenerateAndWorseThanBaselineCellsAreGreyedAndTheMeanPredictorIsStated()
    {
        var table = VelocityDecoding("paper",
            (Representation.Deep(Architecture.Deformable, 1, true, Tap.Conv3, "family"), 0.0, 186.6, true),
            (Representation.Handcrafted("wave25"), 30, 40.2, false),
            (Representation.Handcrafted("meanp"), 30, 31.0, false));
        Assert.Contains("Mean predictor (the training mean) on 'velocity': test RMSE 37.60.", table.Note);
        int deg = table.Rows.ToList().FindIndex(row => row[0] == "Deformable conv3, trained on family");
        Assert.EndsWith("— degenerate (p ≥ n)", table.Rows[deg][3]);
        int worse = table.Rows.ToList().FindIndex(row => row[0] == "wave25");
        Assert.Contains("worse than the mean predictor (37.60)", table.Rows[worse][3]);
        // The note names the overfit rows and why the paper profile produces them (the degenerate row is not among them).
        Assert.Contains("Worse than the mean predictor: wave25. The paper profile's regression probe is unregularised least squares", table.Note);
        int fine = table.Rows.ToList().FindIndex(row => row[0] == "meanp");
        Assert.DoesNotContain("—", table.Rows[fine][3]);
        Assert.Equal(new[] { (deg, 3), (worse, 3) }.Order(), table.Flags.Select(f => (f.Row, f.Column)).Order());
        string html = table.ToHtml();
        Assert.Equal(2, Regex.Matches(html, "<td class=\"flag\" title=\"").Count);
    }

    /// <summary>The 'velocity' decoding table of the sample study with a mean predictor at 37.6 test RMSE and the given rows.</summary>
    private static ResultTable VelocityDecoding(string profile, params (Representation Source, double Train, double Test, bool Degenerate)[] rows)
    {
        var r = SampleStudy.Create();
        r = r with
        {
            Probes =
            [
                .. r.Probes,
                new ProbeRecord(ExperimentIds.Decoding, "synth", profile, "velocity", Representation.Chance, ProbeMetric.Rmse, 37.0, 37.6, 80, 20, "c"),
                .. rows.Select((x, i) => new ProbeRecord(ExperimentIds.Decoding, "synth", profile, "velocity", x.Source, ProbeMetric.Rmse, x.Train, x.Test,
                    80, 20, "r" + i, x.Degenerate)),
            ],
        };
        return StudyReport.Build(r, []).SelectMany(s => s.Blocks).Single(b => b.Table?.Id == "exp1-decoding-velocity").Table!;
    }

    [Fact]
    public void TheLeastSquaresExplanationIsOnlyGivenForThePaperProfile()
    {
        // The corrected profile fits cross-validated ridge: a cell worse than the mean predictor there is flagged, but the
        // least-squares explanation would be false.
        var table = VelocityDecoding("corrected", (Representation.Handcrafted("wave25"), 30, 40.2, false));
        int worse = table.Rows.ToList().FindIndex(row => row[0] == "wave25");
        Assert.Contains("worse than the mean predictor (37.60)", table.Rows[worse][3]);
        Assert.DoesNotContain("least squares", table.Note);
    }

    [Fact]
    public void PValueCellsNameTheirNullAndBoundTinyValues()
    {
        // The sample's CKA p-values come from 100 permutations; turn the conv3 ones into moment-based p-values (no permutation
        // drawn), one of them far below 0.0001: the cell must not read "0.0000 (0 permutations)".
        var r = SampleStudy.Create();
        r = r with
        {
            Similarities = r.Similarities.Select(x => x.Experiment == ExperimentIds.Similarity && x.Left.Tap == Tap.Conv3
                ? x with { PValue = x.Right.FeatureSet == "wave25" ? 3e-12 : 0.0421, Permutations = 0 } : x).ToList(),
        };
        var tables = StudyReport.Build(r, []).SelectMany(s => s.Blocks).Where(b => b.Table is not null).Select(b => b.Table!).ToList();
        var cells = tables.SelectMany(t => t.Rows.Select(row => (t.Id, Row: row))).Where(x => x.Row.Count == 6 && x.Id.StartsWith("exp2-linear-cka", StringComparison.Ordinal)).ToList();
        Assert.Contains(cells, x => x.Row[4] == "< 0.0001 (moments)");
        Assert.Contains(cells, x => x.Row[4] == "0.0421 (moments)");
        Assert.Contains(cells, x => x.Row[4] == "0.0010 (100 permutations)");
        Assert.DoesNotContain(tables.SelectMany(t => t.Rows).SelectMany(row => row), c => c.Contains("0 permutations)") && !c.Contains("100 permutations)"));
        Assert.Contains("\"moments\" = the Pearson type III tail", tables.First(t => t.Id.StartsWith("exp2-linear-cka", StringComparison.Ordinal)).Note);
    }

    [Fact]
    public void ANetworkThatDidNotLearnIsGreyedInTheTrainingTable()
    {
        var r = SampleStudy.Create();
        // Velocity networks at the mean predictor's RMSE (35.8): they did not learn; the family networks (55-75 %) did.
        r = r with
        {
            Probes = [.. r.Probes, new ProbeRecord(ExperimentIds.Decoding, "synth", "corrected", "velocity", Representation.Chance, ProbeMetric.Rmse, 35.8, 35.8, 80, 20, "mp")],
            TrainingEpochs = [.. r.TrainingEpochs, new TrainingEpochRecord("synth", "corrected", Architecture.Regular, 1, "velocity", null, 1, ProbeMetric.Rmse, 1, 1, 34, 35.7, 0.5, "v")],
        };
        var table = StudyReport.Build(r, []).SelectMany(s => s.Blocks).Single(b => b.Table?.Id == "training-final").Table!;
        int v = table.Rows.ToList().FindIndex(row => row[0] == "velocity");
        Assert.EndsWith("— did not learn (RMSE above 0.90 × the mean predictor's 35.80)", table.Rows[v][5]);
        Assert.Contains("Train is the running metric over the final epoch's batches in train mode", table.Note);
        Assert.Equal([(v, 5)], table.Flags.Select(f => (f.Row, f.Column)));
    }

    [Fact]
    public void ARowWhoseOneSeedDidNotLearnIsGreyedAndNamesTheSeed()
    {
        // Deformable seed 10 at 30 % against chance 26.5 %, seed 1 at 75 %: the row's mean (52.5 %) passes, the seed does not.
        var r = SampleStudy.Create();
        r = r with { TrainingEpochs = r.TrainingEpochs.Select(e => e is { Architecture: Architecture.Deformable, Seed: 10 } ? e with { TestMetric = 30 } : e).ToList() };
        var table = StudyReport.Build(r, []).SelectMany(s => s.Blocks).Single(b => b.Table?.Id == "training-final").Table!;
        int d = table.Rows.ToList().FindIndex(row => row[2] == "Deformable");
        Assert.EndsWith("— 1 of 2 seeds did not learn (seed 10: 30.00; below chance 26.50 + 10 points); the findings leave it out", table.Rows[d][5]);
        Assert.Equal([(d, 5)], table.Flags.Select(f => (f.Row, f.Column)));
    }

    [Fact]
    public void OneVocabularyForRepresentations()
    {
        Assert.Equal("Regular conv3, trained on pitch, seed 10", StudyReport.RowLabel(Representation.Deep(Architecture.Regular, 10, true, Tap.Conv3, "pitch")));
        Assert.Equal("untrained Regular conv1", StudyReport.RowLabel(Representation.Deep(Architecture.Regular, 1, false, Tap.Conv1, "family").WithoutSeed()));
        Assert.Equal("untrained Deformable conv1, seed 1", StudyReport.RowLabel(Representation.Deep(Architecture.Deformable, 1, false, Tap.Conv1, "instrument_family")));
        string html = HtmlReport.Render(SampleStudy.Create());
        Assert.DoesNotMatch(new Regex(@"untrained [A-Za-z0-9]+ [a-z0-9]+ \(trained on"), html);
    }

    [Fact]
    public void NoOneByOneHeatmapsAndIntegerEpochTicks()
    {
        // The sample's deep-vs-deep init × init CKA is one Regular pair and one Deformable pair per architecture.
        var blocks = StudyReport.Build(SampleStudy.Create(), []).SelectMany(s => s.Blocks).ToList();
        Assert.Contains(blocks, b => b.Kind == ReportBlockKind.Paragraph && b.Text.Contains("one cell, so no heatmap"));
        Assert.Equal([1.0, 2, 3], Figures.IntegerTicks([1.0, 2, 3])!);
        Assert.Equal([1.0, 5, 10, 15, 20, 25, 30], Figures.IntegerTicks([.. Enumerable.Range(1, 30).Select(i => (double)i)])!);
        Assert.Null(Figures.IntegerTicks([0.5, 1]));
    }
}
