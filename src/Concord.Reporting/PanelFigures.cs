using ScottPlot;

namespace Concord.Reporting;

/// <summary>
/// Multi-panel figures of the exploration section: small plots laid out on a grid (ScottPlot <see cref="Multiplot"/>),
/// with one shared class legend in the grid's last cell, so that every class has the same colour in every panel.
/// </summary>
public static partial class Figures
{
    private const int PanelWidth = 380, PanelHeight = 300, MaxColumns = 3;

    /// <summary>One spectrogram panel: values row-major [Rows, Columns], row 0 = lowest mel bin (drawn at the bottom).</summary>
    public sealed record SpectrogramPanel(string Title, int Rows, int Columns, IReadOnlyList<float> Values);

    /// <summary>One scatter panel: points coloured by class index.</summary>
    public sealed record ScatterPanel(string Title, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<int> ClassIndex, string XLabel, string YLabel);

    /// <summary>One line of a <see cref="LinePanel"/>: mean values with an optional ± band, coloured by <paramref name="ColorIndex"/>.</summary>
    public sealed record BandLine(int ColorIndex, IReadOnlyList<double> Mean, IReadOnlyList<double>? Spread = null);

    /// <summary>One line-plot panel: x = 0, 1, … (column index), one <see cref="BandLine"/> per class or series.</summary>
    public sealed record LinePanel(string Title, string XLabel, string YLabel, IReadOnlyList<BandLine> Lines);

    /// <summary>
    /// Spectrograms side by side (Figs. 8, 10): a heatmap per panel (magma colour map, its own colour bar in
    /// <paramref name="colorLabel"/>), x = frame, y = mel bin.
    /// </summary>
    public static byte[] Spectrograms(IReadOnlyList<SpectrogramPanel> panels, string colorLabel)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var plots = panels.Select(p =>
        {
            if (p.Values.Count != p.Rows * p.Columns) throw new ArgumentException($"{p.Title}: {p.Values.Count} values cannot be {p.Rows} × {p.Columns}");
            var grid = new double[p.Rows, p.Columns];
            for (int r = 0; r < p.Rows; r++)
                for (int c = 0; c < p.Columns; c++) grid[p.Rows - 1 - r, c] = p.Values[r * p.Columns + c];   // row 0 at the bottom
            var plot = new Plot();
            var hm = plot.Add.Heatmap(grid);
            hm.Colormap = new ScottPlot.Colormaps.Magma();
            hm.Extent = new CoordinateRect(0, p.Columns, 0, p.Rows);
            var bar = plot.Add.ColorBar(hm);
            bar.Label = colorLabel;
            plot.Axes.SetLimits(0, p.Columns, 0, p.Rows);
            Style(plot, p.Title, "frame", "mel bin");
            return plot;
        }).ToList();
        return Compose(plots, legend: null);
    }

    /// <summary>Scatter panels with points coloured by class (PCA, Fig. 11) and a shared class legend.</summary>
    public static byte[] ClassScatters(IReadOnlyList<ScatterPanel> panels, IReadOnlyList<string> classes)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var palette = new ScottPlot.Palettes.Category10();
        var plots = panels.Select(p =>
        {
            var plot = new Plot();
            for (int k = 0; k < classes.Count; k++)
            {
                var xs = new List<double>();
                var ys = new List<double>();
                for (int i = 0; i < p.X.Count; i++)
                    if (p.ClassIndex[i] == k) { xs.Add(p.X[i]); ys.Add(p.Y[i]); }
                if (xs.Count == 0) continue;
                var sp = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
                sp.Color = palette.GetColor(k % 10).WithAlpha(0.75);
                sp.MarkerSize = p.X.Count > 1000 ? 3 : 5;
            }
            Style(plot, p.Title, p.XLabel, p.YLabel);
            return plot;
        }).ToList();
        return Compose(plots, Legend(classes));
    }

    /// <summary>Line panels (feature traces, Figs. 12–13; mutual information, Fig. 14): mean lines with translucent ± bands.</summary>
    /// <param name="panels">The panels.</param>
    /// <param name="legendNames">Names for colour indices 0, 1, … (class names), or null for no legend.</param>
    public static byte[] LinePanels(IReadOnlyList<LinePanel> panels, IReadOnlyList<string>? legendNames)
    {
        ArgumentNullException.ThrowIfNull(panels);
        var palette = new ScottPlot.Palettes.Category10();
        var plots = panels.Select(p =>
        {
            var plot = new Plot();
            foreach (var line in p.Lines)
            {
                var color = palette.GetColor(line.ColorIndex % 10);
                double[] x = Enumerable.Range(0, line.Mean.Count).Select(i => (double)i).ToArray();
                double[] y = line.Mean.ToArray();
                if (line.Spread is { } sd)
                {
                    var band = plot.Add.FillY(x, y.Select((v, i) => v - sd[i]).ToArray(), y.Select((v, i) => v + sd[i]).ToArray());
                    band.FillColor = color.WithAlpha(0.12);
                    band.LineWidth = 0;
                }
                var sc = plot.Add.ScatterLine(x, y);
                sc.Color = color;
                sc.LineWidth = 1.5f;
            }
            Style(plot, p.Title, p.XLabel, p.YLabel);
            return plot;
        }).ToList();
        return Compose(plots, legendNames is null ? null : Legend(legendNames));
    }

    private static void Style(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title, 12);
        plot.XLabel(xLabel, 11);
        plot.YLabel(yLabel, 11);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 10;
        plot.Axes.Left.TickLabelStyle.FontSize = 10;
    }

    private static List<LegendItem> Legend(IReadOnlyList<string> names)
    {
        var palette = new ScottPlot.Palettes.Category10();
        return names.Select((n, k) => new LegendItem { LabelText = n, FillColor = palette.GetColor(k % 10), LineWidth = 0 }).ToList();
    }

    /// <summary>Lays the plots out on a grid of up to three columns; a legend, when given, fills the next cell.</summary>
    private static byte[] Compose(IReadOnlyList<Plot> plots, IReadOnlyList<LegendItem>? legend)
    {
        var all = plots.ToList();
        if (legend is not null)
        {
            var key = new Plot();
            key.Axes.Frameless();
            key.HideGrid();
            var l = key.ShowLegend(legend, Alignment.MiddleCenter);
            l.FontSize = 13;
            all.Add(key);
        }
        if (all.Count == 0) throw new ArgumentException("no panels to draw");
        int cols = Math.Min(MaxColumns, all.Count), rows = (all.Count + cols - 1) / cols;
        var mp = new Multiplot(all[0]);
        foreach (var p in all.Skip(1)) mp.AddPlot(p);
        mp.Layout = new ScottPlot.MultiplotLayouts.Grid(rows, cols);
        using var image = mp.Render(cols * PanelWidth, rows * PanelHeight);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }
}
