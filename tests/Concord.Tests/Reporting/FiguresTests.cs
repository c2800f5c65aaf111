using Concord.Reporting;

namespace Concord.Tests.Reporting;

public class FiguresTests
{
    private static (int W, int H) PngSize(byte[] png)
    {
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, png[..4]);
        int W(int o) => (png[o] << 24) | (png[o + 1] << 16) | (png[o + 2] << 8) | png[o + 3];
        return (W(16), W(20));
    }

    [Fact]
    public void HeatmapRendersHeadlessPng()
    {
        var png = Figures.Heatmap(new double[,] { { 0.9, 0.1 }, { double.NaN, 0.5 } }, ["a", "b"], ["x", "y"], "t");
        var (w, h) = PngSize(png);
        Assert.True(w >= 420 && h >= 300);
        Assert.True(png.Length > 2000);
    }

    [Fact]
    public void LinePlotLegendIsAPanelBesideTheAxesEvenForOneSeries()
    {
        // The legend takes its own panel to the right (the image grows by it), so it never covers the data — with one
        // series too (ScottPlot would otherwise draw that series' label inside the axes).
        var one = PngSize(Figures.Lines([new Figures.Series("Regular", [1, 2, 3], [1, 2, 3])], "t", "epoch", "y"));
        var two = PngSize(Figures.Lines([new Figures.Series("Regular", [1, 2, 3], [1, 2, 3]), new Figures.Series("Deformable", [1, 2, 3], [3, 2, 1])], "t", "epoch", "y"));
        Assert.Equal(720 + 40 + 7 * "Regular".Length, one.W);
        Assert.Equal(720 + 40 + 7 * "Deformable".Length, two.W);
    }

    [Fact]
    public void HeatmapRejectsMismatchedLabels() =>
        Assert.Throws<ArgumentException>(() => Figures.Heatmap(new double[2, 2], ["a"], ["x", "y"], "t"));

    [Fact]
    public void OtherFiguresRender()
    {
        PngSize(Figures.Bars(["a", "b"], [1, 2], [0.1, double.NaN], "t", "y", 0.5, "chance"));
        PngSize(Figures.ConfusionMatrix([[3, 1], [0, 4]], ["p", "q"], "t"));
        PngSize(Figures.Lines([new Figures.Series("s", [0, 1], [1, 2], [0.1, 0.2])], "t", "x", "y", ["conv1", "pool1"]));
        PngSize(Figures.ClassScatter([0, 1], [1, 0], [0, 1], ["p", "q"], "t", "x", "y"));
    }

    [Fact]
    public void PanelFiguresLayOutAGridWithALegendCell()
    {
        var scatter = new Figures.ScatterPanel("p", [0, 1, 2], [1, 0, 2], [0, 1, 1], "PC1", "PC2");
        // 2 panels + the legend: one row of three 380 × 300 cells.
        Assert.Equal((1140, 300), PngSize(Figures.ClassScatters([scatter, scatter], ["a", "b"])));
        // 4 panels + the legend: two rows of three.
        Assert.Equal((1140, 600), PngSize(Figures.ClassScatters([scatter, scatter, scatter, scatter], ["a", "b"])));
        // Spectrograms have no legend cell.
        var spec = new Figures.SpectrogramPanel("s", 2, 3, [0, -1, -2, -3, -4, -5]);
        Assert.Equal((760, 300), PngSize(Figures.Spectrograms([spec, spec], "dB")));
        Assert.Throws<ArgumentException>(() => Figures.Spectrograms([spec with { Rows = 3 }], "dB"));
        var lines = new Figures.LinePanel("t", "mel bin", "value", [new Figures.BandLine(0, [1, 2, 3], [0.1, 0.2, 0.1]), new Figures.BandLine(1, [2, 2, 2])]);
        Assert.Equal((760, 300), PngSize(Figures.LinePanels([lines], ["a", "b"])));
        Assert.Throws<ArgumentException>(() => Figures.LinePanels([], null));
    }

    [Fact]
    public void RenderingIsDeterministic() =>
        Assert.Equal(Figures.Heatmap(new double[,] { { 0.3 } }, ["a"], ["b"], "t"), Figures.Heatmap(new double[,] { { 0.3 } }, ["a"], ["b"], "t"));
}
