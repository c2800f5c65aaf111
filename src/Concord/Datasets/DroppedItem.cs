namespace Concord.Datasets;

/// <summary>Something of the input that did not become an example, and why (shown in the report's Setup section).</summary>
/// <param name="Item">The recording (its path as written in the CSV) or clip ("path#k").</param>
/// <param name="Reason">Why, in user vocabulary (e.g. "recording of 3 s is shorter than one 4 s clip").</param>
public sealed record DroppedItem(string Item, string Reason);
