namespace Concord.Datasets;

/// <summary>Progress of <see cref="DatasetPreparer"/>: a stage name and how many of its items are done.</summary>
public sealed record PrepareProgress(string Stage, int Done, int Total)
{
    /// <summary>"mel 120/480": a progress line, not a record dump.</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{Stage} {Done}/{Total}");
}
