using System.Text;

namespace Concord.IO;

/// <summary>
/// A CSV file read into memory: a header row and data rows (RFC 4180: comma separator, double-quoted fields
/// with <c>""</c> escapes and embedded newlines). A UTF-8 byte-order mark and CRLF or LF line ends are accepted;
/// blank lines are skipped. Row numbers in errors are 1-based file rows, with the header as row 1.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columnIndex;

    public string Path { get; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<IReadOnlyList<string>> Rows { get; }
    /// <summary>The 1-based file row of each data row (header = row 1), for error messages.</summary>
    public IReadOnlyList<int> RowNumbers { get; }
    /// <summary>SHA-256 (lower-case hex) of the file's bytes as <see cref="Read"/> parsed them; null for parsed text.</summary>
    public string? Sha256 { get; private set; }

    private CsvTable(string path, List<string> columns, List<IReadOnlyList<string>> rows, List<int> rowNumbers)
    {
        Path = path; Columns = columns; Rows = rows; RowNumbers = rowNumbers;
        _columnIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < columns.Count; i++)
        {
            if (columns[i].Length == 0) throw ConcordException.InFile(path, $"header column {i + 1} is empty");
            if (!_columnIndex.TryAdd(columns[i], i)) throw ConcordException.InFile(path, "duplicate header column", columns[i]);
        }
    }

    /// <summary>Index of <paramref name="column"/>, or −1.</summary>
    public int IndexOf(string column) => _columnIndex.TryGetValue(column, out int i) ? i : -1;

    /// <summary>Index of a column that must exist; the error names the file and the column.</summary>
    public int RequireColumn(string column) =>
        IndexOf(column) is int i and >= 0 ? i : throw ConcordException.InFile(Path, $"missing column '{column}' (columns: {string.Join(", ", Columns)})");

    /// <summary>The cell at data row <paramref name="row"/>; an empty cell is an error naming the row and column.</summary>
    public string Require(int row, int column)
    {
        string v = Rows[row][column];
        if (v.Length == 0) throw ConcordException.InFile(Path, $"row {RowNumbers[row]}: column '{Columns[column]}' is empty");
        return v;
    }

    /// <summary>Reads and parses <paramref name="path"/>.</summary>
    /// <exception cref="ConcordException">Missing file, empty file, unterminated quote or a row with the wrong number of cells.</exception>
    public static CsvTable Read(string path)
    {
        byte[] bytes;
        FileKinds.RequireRegularInput(path);
        try { bytes = File.ReadAllBytes(path); }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException) { throw ConcordException.InFile(path, "file not found"); }
        catch (UnauthorizedAccessException) { throw ConcordException.InFile(path, "permission denied"); }
        // Decoded as File.ReadAllText(path, UTF-8) does (a byte-order mark selects its encoding), from the bytes that are hashed.
        using var reader = new StreamReader(new MemoryStream(bytes), new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        var table = Parse(path, reader.ReadToEnd());
        table.Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        return table;
    }

    /// <summary>Parses CSV <paramref name="text"/>; <paramref name="path"/> is used only in error messages.</summary>
    public static CsvTable Parse(string path, string text)
    {
        if (text.Length > 0 && text[0] == '\uFEFF') text = text[1..];
        var records = new List<(List<string> Cells, int Row)>();
        var cells = new List<string>();
        var cell = new StringBuilder();
        int line = 1, recordStart = 1;
        bool inQuotes = false, quotedCell = false, anyContent = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else inQuotes = false;
                }
                else { if (c == '\n') line++; cell.Append(c); }
                continue;
            }
            switch (c)
            {
                case '"':
                    if (cell.Length > 0 || quotedCell)
                        throw ConcordException.InFile(path, $"row {line}: a quote inside an unquoted cell (quote the whole cell and double inner quotes)");
                    inQuotes = true; quotedCell = true; anyContent = true;
                    break;
                case ',':
                    cells.Add(cell.ToString()); cell.Clear(); quotedCell = false; anyContent = true;
                    break;
                case '\r':
                    break;
                case '\n':
                    EndRecord();
                    line++; recordStart = line;
                    break;
                default:
                    if (quotedCell) throw ConcordException.InFile(path, $"row {line}: text after a closing quote");
                    cell.Append(c); anyContent = true;
                    break;
            }
        }
        if (inQuotes) throw ConcordException.InFile(path, $"row {recordStart}: unterminated quoted cell");
        EndRecord();

        if (records.Count == 0) throw ConcordException.InFile(path, "empty CSV (no header row)");
        var header = records[0].Cells.Select(h => h.Trim()).ToList();
        var rows = new List<IReadOnlyList<string>>();
        var numbers = new List<int>();
        foreach (var (r, row) in records.Skip(1))
        {
            if (r.Count != header.Count)
                throw ConcordException.InFile(path, $"row {row}: {r.Count} cells, but the header has {header.Count} columns");
            rows.Add(r);
            numbers.Add(row);
        }
        return new CsvTable(path, header, rows, numbers);

        void EndRecord()
        {
            if (anyContent || cell.Length > 0)
            {
                cells.Add(cell.ToString());
                records.Add((cells, recordStart));
            }
            cells = new List<string>(); cell.Clear(); quotedCell = false; anyContent = false;
        }
    }

    /// <summary>Quotes a cell for writing when it contains a comma, quote or line break (RFC 4180).</summary>
    public static string Quote(string cell) =>
        cell.AsSpan().IndexOfAny(",\"\r\n") < 0 ? cell : "\"" + cell.Replace("\"", "\"\"") + "\"";
}
