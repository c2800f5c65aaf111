using System.Globalization;
using ScottPlot;

namespace Concord.Reporting;

/// <summary>
/// The report's figures, rendered headless with ScottPlot 5 to PNG bytes. Every function is pure: the same inputs give the
/// same image. Heatmaps are drawn cell by cell so that each cell carries its value (2 decimals, like the study's seaborn
/// <c>annot=True</c> maps) and rows/columns carry their labels.
/// </summary>
public static partial class Figures
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Annotated heatmap of <paramref name="values"/> [rows, columns]; NaN cells are grey and marked "—".</summary>
    /// <param name="values">Cell values, [rowLabels.Count, columnLabels.Count].</param>
    /// <param name="rowLabels">Row labels (top to bottom).</param>
    /// <param name="columnLabels">Column labels (left to right).</param>
    /// <param name="title">Figure title.</param>
    /// <param name="min">Colour-scale minimum (the study uses 0).</param>
    /// <param name="max">Colour-scale maximum (the study uses 1).</param>
    /// <param name="format">Cell text format, e.g. "F2" or "F0".</param>
    public static byte[] Heatmap(double[,] values, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, string title,
        double min = 0, double max = 1, string format = "F2")
    {
        ArgumentNullException.ThrowIfNull(values);
        int rows = values.GetLength(0), cols = values.GetLength(1);
        if (rowLabels.Count != rows || columnLabels.Count != cols)
            throw new ArgumentException($"labels ({rowLabels.Count}×{columnLabels.Count}) do not match values ({rows}×{cols})");
        var plot = new Plot();
        var cmap = new ScottPlot.Colormaps.Viridis();
        double span = max > min ? max - min : 1;
        float fontSize = cols > 14 || rows > 14 ? 9 : 12;
        for (int i = 0; i < rows; i++)
        for (int j = 0; j < cols; j++)
        {
            double v = values[i, j];
            double top = rows - i, bottom = rows - i - 1;
            var rect = plot.Add.Rectangle(j, j + 1, bottom, top);
            Color fill = double.IsNaN(v) ? Colors.LightGray : cmap.GetColor(Math.Clamp((v - min) / span, 0, 1));
            rect.FillStyle.Color = fill;
            rect.LineStyle.Width = 0.5f;
            rect.LineStyle.Color = Colors.White;
            var text = plot.Add.Text(double.IsNaN(v) ? "—" : v.ToString(format, Inv), j + 0.5, bottom + 0.5);
            text.LabelAlignment = Alignment.MiddleCenter;
            text.LabelFontSize = fontSize;
            text.LabelFontColor = Luminance(fill) > 0.55 ? Colors.Black : Colors.White;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, cols).Select(j => j + 0.5).ToArray(), columnLabels.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, rows).Select(i => rows - i - 0.5).ToArray(), rowLabels.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = cols > 4 ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = cols > 4 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        if (cols > 4)
        {
            plot.Axes.Bottom.MinimumSize = 24 + 6.5f * MaxLen(columnLabels);
            plot.Axes.Right.MinimumSize = 4.6f * MaxLen(columnLabels);   // room for the last rotated label
        }
        plot.Axes.SetLimits(0, cols, 0, rows);
        plot.HideGrid();
        plot.Title(title, 14);
        // The title is centred over the cells, which start after the row labels: room for both.
        int width = Math.Clamp(Math.Max(180 + 60 * cols + 8 * MaxLen(rowLabels), 80 + 8 * title.Length + 8 * MaxLen(rowLabels)), 420, 1600);
        int height = Math.Clamp(140 + 34 * rows + 7 * MaxLen(columnLabels), 300, 1400);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }

    private static int MaxLen(IEnumerable<string> s) => s.Select(x => x.Length).DefaultIfEmpty(0).Max();

    private static double Luminance(Color c) => (0.299 * c.Red + 0.587 * c.Green + 0.114 * c.Blue) / 255.0;

    /// <summary>Confusion matrix: cell colour = row-normalised share, cell text = count. Rows are true classes.</summary>
    public static byte[] ConfusionMatrix(IReadOnlyList<IReadOnlyList<int>> counts, IReadOnlyList<string> classes, string title)
    {
        int k = classes.Count;
        var share = new double[k, k];
        var cells = new double[k, k];
        for (int i = 0; i < k; i++)
        {
            double total = counts[i].Sum();
            for (int j = 0; j < k; j++)
            {
                cells[i, j] = counts[i][j];
                share[i, j] = total > 0 ? counts[i][j] / total : double.NaN;
            }
        }
        // Colour by share, annotate with counts: draw with shares, then overwrite texts via a counts-formatted heatmap.
        return AnnotatedWithOtherValues(share, cells, classes.Select(c => "true " + c).ToArray(), classes, title);
    }

    private static byte[] AnnotatedWithOtherValues(double[,] colour, double[,] text, IReadOnlyList<string> rows, IReadOnlyList<string> cols, string title)
    {
        int r = colour.GetLength(0), c = colour.GetLength(1);
        var plot = new Plot();
        var cmap = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i < r; i++)
        for (int j = 0; j < c; j++)
        {
            double v = colour[i, j];
            var rect = plot.Add.Rectangle(j, j + 1, r - i - 1, r - i);
            Color fill = double.IsNaN(v) ? Colors.LightGray : cmap.GetColor(Math.Clamp(v, 0, 1));
            rect.FillStyle.Color = fill;
            rect.LineStyle.Width = 0.5f;
            rect.LineStyle.Color = Colors.White;
            var t = plot.Add.Text(text[i, j].ToString("F0", Inv), j + 0.5, r - i - 0.5);
            t.LabelAlignment = Alignment.MiddleCenter;
            t.LabelFontSize = 12;
            t.LabelFontColor = Luminance(fill) > 0.55 ? Colors.Black : Colors.White;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, c).Select(j => j + 0.5).ToArray(), cols.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, r).Select(i => r - i - 0.5).ToArray(), rows.ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 40 + 6.5f * MaxLen(cols);
        plot.Axes.Right.MinimumSize = 10 + 4.6f * MaxLen(cols.TakeLast(2));
        plot.Axes.SetLimits(0, c, 0, r);
        plot.XLabel("predicted");
        plot.HideGrid();
        plot.Title(title, 14);
        return plot.GetImageBytes(Math.Clamp(220 + 55 * c, 420, 1400), Math.Clamp(160 + 40 * r, 320, 1200), ImageFormat.Png);
    }

    /// <summary>One named line series of a line plot, with an optional ± error per point.</summary>
    public sealed record Series(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, IReadOnlyList<double>? Error = null);

    /// <summary>
    /// Line plot of several series (training curves: x = epoch; accuracy by layer: x = tap index with
    /// <paramref name="xTickLabels"/>). Error bars are drawn where a series has errors (mean ± sd over seeds).
    /// </summary>
    public static byte[] Lines(IReadOnlyList<Series> series, string title, string xLabel, string yLabel, IReadOnlyList<string>? xTickLabels = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        int idx = 0;
        foreach (var s in series)
        {
            var color = palette.GetColor(idx++);
            var sc = plot.Add.Scatter(s.X.ToArray(), s.Y.ToArray());
            sc.LegendText = s.Name;
            sc.Color = color;
            sc.MarkerSize = s.X.Count > 40 ? 0 : 5;
            if (s.Error is { } err)
            {
                var eb = plot.Add.ErrorBar(s.X.ToArray(), s.Y.ToArray(), err.ToArray());
                eb.Color = color;
            }
        }
        if (xTickLabels is not null)
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, xTickLabels.Count).Select(i => (double)i).ToArray(), xTickLabels.ToArray());
        else if (IntegerTicks(series.SelectMany(s => s.X).ToList()) is { } ticks)
            plot.Axes.Bottom.SetTicks(ticks, ticks.Select(t => t.ToString("F0", Inv)).ToArray());
        plot.Title(title, 14);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        // A legend panel beside the axes, never over the data; also for one series, which ScottPlot would otherwise
        // label with a legend inside the axes (it shows one for any labelled plottable).
        int legend = 0;
        if (series.Count > 0)
        {
            plot.ShowLegend(Edge.Right);
            legend = 40 + 7 * MaxLen(series.Select(s => s.Name));
        }
        return plot.GetImageBytes(720 + legend, 420, ImageFormat.Png);
    }

    /// <summary>
    /// Integer tick positions (about ten at most, steps of 1, 2, 5, 10, …) when every x is a whole number (epochs), else null.
    /// </summary>
    internal static double[]? IntegerTicks(IReadOnlyList<double> xs)
    {
        if (xs.Count == 0 || xs.Any(x => x != Math.Round(x))) return null;
        double lo = xs.Min(), hi = xs.Max();
        double step = 1;
        foreach (double m in new[] { 1.0, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000 }) { step = m; if ((hi - lo) / m <= 10) break; }
        double first = Math.Ceiling(lo / step) * step;
        var ticks = new List<double>();
        if (first > lo) ticks.Add(lo);
        for (double t = first; t <= hi; t += step) ticks.Add(t);
        return [.. ticks];
    }

    /// <summary>Bar chart with ± error bars (mean ± sd over seeds), one bar per label, with an optional horizontal reference line (chance).</summary>
    public static byte[] Bars(IReadOnlyList<string> labels, IReadOnlyList<double> means, IReadOnlyList<double> errors, string title, string yLabel,
        double? reference = null, string? referenceLabel = null)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var bars = labels.Select((l, i) => new Bar
        {
            Position = i,
            Value = double.IsNaN(means[i]) ? 0 : means[i],
            Error = double.IsNaN(errors[i]) ? 0 : errors[i],
            FillColor = palette.GetColor(i % 10),
        }).ToList();
        plot.Add.Bars(bars);
        if (reference is double r)
        {
            var line = plot.Add.HorizontalLine(r);
            line.LineStyle.Pattern = LinePattern.Dashed;
            line.LegendText = referenceLabel ?? "reference";
            plot.ShowLegend(Edge.Top);   // outside the data area
        }
        // Labels are rotated by 45° and anchored at the tick, so they need room below and, for the last one, to the right.
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        bool rotate = labels.Count > 4 || MaxLen(labels) > 12;
        plot.Axes.Bottom.TickLabelStyle.Rotation = rotate ? 45 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = rotate ? Alignment.MiddleLeft : Alignment.UpperCenter;
        if (rotate)
        {
            plot.Axes.Bottom.MinimumSize = 24 + 5.5f * MaxLen(labels);
            plot.Axes.Right.MinimumSize = 10 + 5.5f * MaxLen(labels.TakeLast(3));
        }
        plot.Axes.Margins(bottom: 0);
        plot.Title(title, 14);
        plot.YLabel(yLabel);
        int width = Math.Clamp(200 + 50 * labels.Count, 480, 1400) + (rotate ? (int)(5.5f * MaxLen(labels.TakeLast(3))) : 0);
        return plot.GetImageBytes(width, 460 + (rotate ? 6 * MaxLen(labels) : 0), ImageFormat.Png);
    }

    /// <summary>Scatter of 2-D points coloured by class (PCA projection, Fig. 11).</summary>
    public static byte[] ClassScatter(IReadOnlyList<double> x, IReadOnlyList<double> y, IReadOnlyList<int> classIndex, IReadOnlyList<string> classes,
        string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int k = 0; k < classes.Count; k++)
        {
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < x.Count; i++)
                if (classIndex[i] == k) { xs.Add(x[i]); ys.Add(y[i]); }
            if (xs.Count == 0) continue;
            var sp = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
            sp.Color = palette.GetColor(k % 10);
            sp.MarkerSize = 5;
            sp.LegendText = classes[k];
        }
        plot.Title(title, 14);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.ShowLegend(Edge.Right);
        return plot.GetImageBytes(640 + 40 + 7 * MaxLen(classes), 480, ImageFormat.Png);
    }
}
