using Concord.Datasets;
using Concord.Experiments;
using Concord.Networks;
using Concord.Reporting;
using Concord.Study.Config;
using Concord.Study.Running;
using Concord.Tests.Infrastructure;

namespace Concord.Tests.Experiments;

/// <summary>
/// Issue 15, "nothing silent": a measure that cannot be computed for a pair (R²_LR, CCA, SVCCA with p ≥ n − 1) is predicted
/// from the config when the run starts, and the report's Setup section lists the pairs that lost it.
/// </summary>
public class MeasureForecastTests
{
    private static ExperimentConfig Synth(int notes, params SimilarityMeasure[] measures) => new()
    {
        Dataset = new DatasetSection { Kind = DatasetSource.Synth, Limit = notes },
        Similarity = new SimilaritySection { Measures = measures },
    };

    [Fact]
    public void MemoryWarningNamesTheRepresentationsOverTheBudgetAtThePapersScale()
    {
        // The paper's 50,000 notes (n_train = 35,000): every wide tap is over 4 GB; at the realistic 3,000 none is.
        var paper = Synth(50_000, SimilarityMeasure.LinearCka);
        string w = Assert.Single(MeasureForecast.MemoryWarnings(paper, MeasureForecast.TrainRows(paper, ".")));
        Assert.Contains("4.0 GB budget (memoryGb) at n_train = 35,000", w);
        Assert.Contains("Regular conv1 (15,376 columns", w);
        Assert.Contains("Freq1d conv3 (23,040 columns", w);
        Assert.DoesNotContain("feature ", w);
        var realistic = Synth(3_000, SimilarityMeasure.LinearCka);
        Assert.Empty(MeasureForecast.MemoryWarnings(realistic, MeasureForecast.TrainRows(realistic, ".")));
        Assert.Empty(MeasureForecast.MemoryWarnings(paper with { MemoryGb = 1000 }, MeasureForecast.TrainRows(paper, ".")));
        Assert.Empty(MeasureForecast.MemoryWarnings(paper, null));   // n_train unknown: each task checks itself
    }

    [Fact]
    public void ProbeEstimateCountsTheMatricesTheirCopiesAndTheSolvers()
    {
        var corrected = new Concord.Probes.ProbeOptions { Linear = Concord.Probes.LinearProbeOptions.CrossValidatedRidge };
        var e = Concord.Probes.ProbeMemory.Estimate(2_100, 900, 23_040, corrected, regression: true, classes: 11);
        // float32 matrices and their standardised copies: 2 × 3,000 × 23,040 × 4 B.
        Assert.Equal(2 * 3_000L * 23_040 * 4, e.Parts.Where(p => p.What.Contains("float32", StringComparison.Ordinal)).Sum(p => p.Bytes));
        // Ridge factorisation on the sample side (n < d): the centred design dominates the 2,100² Gram matrices.
        Assert.InRange(e.Bytes, 1.0e9, 1.3e9);
        // The Gram matrix grows with min(n, d)²: at 35,000 rows it alone is 23,040² × 8 B × 4 > 16 GB.
        Assert.True(Concord.Probes.ProbeMemory.Estimate(35_000, 15_000, 23_040, corrected, true, 11).Bytes > 16e9);
        // A classification-only representation needs no factorisation.
        Assert.DoesNotContain(Concord.Probes.ProbeMemory.Estimate(2_100, 900, 23_040, corrected, false, 11).Parts, p => p.What.Contains("ridge", StringComparison.Ordinal));
    }

    [Fact]
    public void WidthsAreTheRecordedTapsAndTheFeatures()
    {
        var widths = MeasureForecast.Widths(Synth(160, SimilarityMeasure.R2Lr)).ToDictionary(w => w.Name, w => w.Columns);
        // METHOD.md §1.3 (128 x 128): conv1 and pool1 are averaged over channels; conv3 is C·H·W.
        Assert.Equal(124 * 124, widths["Regular conv1"]);
        Assert.Equal(62 * 62, widths["Regular pool1"]);
        Assert.Equal(20 * 22 * 22, widths["Regular conv2"]);
        Assert.Equal(30 * 6 * 6, widths["Deformable conv3"]);
        Assert.Equal(30 * 6 * 128, widths["Freq1d conv3"]);
        Assert.False(widths.ContainsKey("Freq1d conv1"));   // not an all-layer architecture: conv3 only
        Assert.Contains(widths, w => w.Key.StartsWith("feature ", StringComparison.Ordinal));
    }

    [Fact]
    public void ASmallStudyIsWarnedOnceNamingMeasuresNTrainAndTheTooWideRepresentations()
    {
        var c = Synth(160, SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr, SimilarityMeasure.R2Cca);
        var rows = MeasureForecast.TrainRows(c, "/nonexistent");
        Assert.Equal((112, true), rows);   // 160 − round(0.3 · 160)
        string w = Assert.Single(MeasureForecast.Warnings(c, rows));
        Assert.StartsWith("similarity: R²_LR, R²_CCA cannot be computed for pairs with ", w, StringComparison.Ordinal);
        Assert.Contains("n_train = 112; a side with ≥ 111 columns", w, StringComparison.Ordinal);
        Assert.Contains("Regular conv1 (15,376)", w, StringComparison.Ordinal);
        Assert.Contains("Deformable conv3 (1,080)", w, StringComparison.Ordinal);

        // Linear CKA alone, or a training split wider than every representation: nothing to warn about.
        Assert.Empty(MeasureForecast.Warnings(Synth(160, SimilarityMeasure.LinearCka), rows));
        var big = Synth(50_000, SimilarityMeasure.R2Lr) with { Architectures = [Architecture.Regular], AllLayerArchitectures = [Architecture.Regular], Features = ["rms"] };
        Assert.Equal((35_000, true), MeasureForecast.TrainRows(big, "."));
        Assert.Empty(MeasureForecast.Warnings(big, MeasureForecast.TrainRows(big, ".")));
        // Only a pool1 just at the edge: p = n − 1 is already degenerate.
        var edge = big with { Taps = [Tap.Pool1, Tap.Conv3] };
        string e = Assert.Single(MeasureForecast.Warnings(edge, (62 * 62 + 1, true)));
        Assert.EndsWith("linear CKA only: Regular pool1 (3,844).", e, StringComparison.Ordinal);
    }

    [Fact]
    public void RecordingsWithoutALimitSayWhatEachWideRepresentationNeeds()
    {
        using var t = new TempDir();
        File.WriteAllText(t.File("labels.csv"), "path,composer\na.wav,bach\n");
        var c = new ExperimentConfig
        {
            Dataset = new DatasetSection { Kind = DatasetSource.Recordings, Path = "labels.csv", MainTask = "composer" },
            FrontEnd = new FrontEndSection { SampleRateHz = 22050 },
            Similarity = new SimilaritySection { Measures = [SimilarityMeasure.LinearCka, SimilarityMeasure.SvccaR2] },
        };
        Assert.Null(MeasureForecast.TrainRows(c, t.Path));
        string w = Assert.Single(MeasureForecast.Warnings(c, null));
        Assert.Contains("SVCCA R² are skipped for a pair whose wider side has at least n_train − 1 columns", w, StringComparison.Ordinal);
        Assert.Contains("Regular conv1 needs 21,330", w, StringComparison.Ordinal);   // 124 x 172 + 2 at 128 x 176
        // A limit bounds n_train from above.
        Assert.Equal((700, false), MeasureForecast.TrainRows(c with { Dataset = c.Dataset with { Limit = 1000 } }, t.Path));
    }

    [Fact]
    public void NSynthCountsTheNotesTheFiltersKeep()
    {
        string fixture = Path.Combine(TestPaths.RepoRoot(), "..", "shared", "data", "nsynth-fixture");
        if (!File.Exists(Path.Combine(fixture, "examples.json"))) return;   // fixture absent: nothing to check
        var ds = NSynthDataset.Load(fixture);
        int kept = ds.Notes.Count(n => n.InstrumentSource == 0 && n.InstrumentFamily is not (0 or 6));
        var c = new ExperimentConfig { Dataset = new DatasetSection { Kind = DatasetSource.NSynth, Path = fixture, Subset = "acoustic" } };
        Assert.Equal((kept - DatasetSplitter.TestSize(kept, 0.3), true), MeasureForecast.TrainRows(c, "/"));
    }

    [Fact]
    public void TheReportSetupListsThePairsThatLostAMeasure()
    {
        var r = SampleStudy.Create();
        // R²_LR was requested but only the conv3 pairs (narrow) got it.
        var r2 = r.Similarities.Where(s => s.Measure == SimilarityMeasure.LinearCka && s.Left.Tap == Tap.Conv3 && s.Right.Kind == RepresentationKind.Handcrafted
                                           && s.Experiment is ExperimentIds.Similarity or ExperimentIds.Untrained)
            .Select(s => s with { Measure = SimilarityMeasure.R2Lr, ArtefactHash = s.ArtefactHash + ":r2" }).ToList();
        r = r with { Similarities = [.. r.Similarities, .. r2], Run = r.Run with { SimilarityMeasures = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr] } };
        var setup = StudyReport.Build(r, []).Single(s => s.Id == "setup");
        var table = setup.Blocks.Single(b => b.Table?.Id == "setup-skipped-measures").Table!;
        var row = Assert.Single(table.Rows);
        Assert.Equal("R²_LR", row[0]);
        int pairs = r.Similarities.Where(s => s.Right.Kind == RepresentationKind.Handcrafted && s.Experiment is ExperimentIds.Similarity or ExperimentIds.Untrained)
            .Select(s => (s.Experiment, s.Left, s.Right)).Distinct().Count();
        Assert.Equal($"{pairs - r2.Count} of {pairs}", row[1]);
        Assert.Equal("79", row[2]);
        Assert.StartsWith("Regular conv1, trained on family; Regular pool1, trained on family", row[3], StringComparison.Ordinal);
        Assert.Contains("untrained Deformable pool2", row[3], StringComparison.Ordinal);
        Assert.DoesNotContain("conv3", row[3], StringComparison.Ordinal);

        // Two measures that lost the same pairs share a row; a measure no pair got says "every pair".
        var both = r with { Run = r.Run with { SimilarityMeasures = [SimilarityMeasure.LinearCka, SimilarityMeasure.R2Lr, SimilarityMeasure.R2Cca, SimilarityMeasure.SvccaR2] },
                            Similarities = [.. r.Similarities, .. r2.Select(s => s with { Measure = SimilarityMeasure.R2Cca, ArtefactHash = s.ArtefactHash + ":cca" })] };
        var rows = StudyReport.Build(both, []).Single(s => s.Id == "setup").Blocks.Single(b => b.Table?.Id == "setup-skipped-measures").Table!.Rows;
        Assert.Equal(2, rows.Count);
        Assert.Equal(("R²_LR, R²_CCA", row[3]), (rows[0][0], rows[0][3]));
        Assert.Equal(("SVCCA R²", $"{pairs} of {pairs}", "every pair"), (rows[1][0], rows[1][1], rows[1][3]));

        // Every requested measure present for every pair: no table.
        var full = r with { Run = r.Run with { SimilarityMeasures = [SimilarityMeasure.LinearCka] } };
        Assert.DoesNotContain(StudyReport.Build(full, []).Single(s => s.Id == "setup").Blocks, b => b.Table?.Id == "setup-skipped-measures");
    }
}
