namespace Concord.Experiments;

/// <summary>File format of <c>concord export</c>.</summary>
public enum ExportFormat
{
    /// <summary>One RFC 4180 CSV file per table (UTF-8, invariant culture, empty cell for NULL).</summary>
    Csv,
    /// <summary>One Apache Parquet file per table (Parquet.Net), nullable typed columns.</summary>
    Parquet,
}
