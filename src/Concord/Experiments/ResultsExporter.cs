using System.Globalization;
using System.Text;
using Concord.IO;
using Parquet;
using Parquet.Schema;

namespace Concord.Experiments;

/// <summary>Exports every table of a results store to <c>OUT/&lt;table&gt;.csv</c> or <c>OUT/&lt;table&gt;.parquet</c>, atomically.</summary>
public static class ResultsExporter
{
    /// <summary>Writes one file per table and returns the paths written.</summary>
    public static IReadOnlyList<string> Export(ResultsStore store, string outDir, ExportFormat format)
    {
        ArgumentNullException.ThrowIfNull(store);
        var written = new List<string>();
        foreach (string table in ResultsStore.Tables)
        {
            var (cols, rows) = store.ReadTable(table);
            string path = Path.Combine(outDir, table + (format == ExportFormat.Csv ? ".csv" : ".parquet"));
            if (format == ExportFormat.Csv) AtomicFile.WriteAllText(path, ToCsv(cols, rows));
            else AtomicFile.Write(path, s => WriteParquet(s, cols, rows));
            written.Add(path);
        }
        return written;
    }

    /// <summary>RFC 4180 CSV: header row, fields quoted when they contain a comma, quote or newline; numbers round-trip ("R").</summary>
    public static string ToCsv(IReadOnlyList<string> columns, IEnumerable<object?[]> rows)
    {
        var sb = new StringBuilder();
        sb.AppendJoin(',', columns.Select(c => Quote(Defuse(c)))).Append('\n');
        foreach (var row in rows) sb.AppendJoin(',', row.Select(v => Quote(Defuse(Cell(v))))).Append('\n');
        return sb.ToString();
    }

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (it starts with '=', '+', '-', '@', a tab or a carriage
    /// return, and is not a number) gets a leading apostrophe (OWASP's CSV-injection rule); numbers such as "-0.5" and a lone
    /// "-" (an empty-value mark) stay.
    /// </summary>
    public static string Defuse(string cell) =>
        cell.Length > 1 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
        && !double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
            ? "'" + cell : cell;

    private static string Cell(object? v) => v switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    /// <summary>Quotes a CSV field when needed.</summary>
    public static string Quote(string s) =>
        s.IndexOfAny([',', '"', '\n', '\r']) < 0 ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void WriteParquet(Stream s, IReadOnlyList<string> cols, IReadOnlyList<object?[]> rows) =>
        WriteParquetAsync(s, cols, rows).GetAwaiter().GetResult();

    private static async Task WriteParquetAsync(Stream s, IReadOnlyList<string> cols, IReadOnlyList<object?[]> rows)
    {
        // Column type = the type of the first non-null value (SQLite gives long, double or string); all nullable.
        var kinds = new List<Type>();
        var fields = new List<DataField>();
        for (int c = 0; c < cols.Count; c++)
        {
            var sample = rows.Select(r => r[c]).FirstOrDefault(v => v is not null);
            Type t = sample switch { long => typeof(long), double => typeof(double), _ => typeof(string) };
            kinds.Add(t);
            fields.Add(t == typeof(long) ? new DataField<long?>(cols[c]) : t == typeof(double) ? new DataField<double?>(cols[c]) : new DataField<string>(cols[c], true));
        }
        var schema = new ParquetSchema(fields.Cast<Field>().ToArray());
        await using var writer = await ParquetWriter.CreateAsync(schema, s);
        using var group = writer.CreateRowGroup();
        for (int c = 0; c < fields.Count; c++)
        {
            int ci = c;
            if (kinds[c] == typeof(long))
                await group.WriteAsync<long>(fields[c], rows.Select(r => r[ci] is long l ? l : (long?)null).ToArray().AsMemory(), null, null, CancellationToken.None);
            else if (kinds[c] == typeof(double))
                await group.WriteAsync<double>(fields[c], rows.Select(r => r[ci] switch { double d => d, long l => l, _ => (double?)null }).ToArray().AsMemory(), null, null, CancellationToken.None);
            else
                await group.WriteAsync(fields[c], rows.Select(r => r[ci] is null ? null! : Cell(r[ci])).ToArray(), null);
        }
        group.CompleteValidate();
    }
}
