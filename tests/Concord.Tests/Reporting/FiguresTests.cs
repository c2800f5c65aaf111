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
    public void RenderingIsDeterministic() =>
        Assert.Equal(Figures.Heatmap(new double[,] { { 0.3 } }, ["a"], ["b"], "t"), Figures.Heatmap(new double[,] { { 0.3 } }, ["a"], ["b"], "t"));
}
